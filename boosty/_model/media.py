"""Downloadable media of content blocks: :class:`MediaItem` and :func:`blocks_to_media`."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable
from typing import Any, Union

import attrs

from .blocks import AudioBlock, Block, FileBlock, ImageBlock, ListBlock, ListItem
from .converter import Model
from .video import _QUALITY_CHOICES, VIDEO_QUALITIES, OkVideoBlock, VideoBlock

__all__ = ["MediaItem", "UrlFor", "append_signed_query", "blocks_to_media"]


def append_signed_query(url: str, signed_query: str) -> str:
    """``url`` with the post's ``signedQuery`` appended (``?`` or ``&`` as the URL needs).

    An empty ``url`` or ``signed_query`` leaves ``url`` unchanged.
    """
    query = signed_query.lstrip("?&")
    if not url or not query:
        return url
    if "?" not in url:
        return f"{url}?{query}"
    return url + query if url.endswith(("?", "&")) else f"{url}&{query}"


_AUDIO_TYPES = {"MP3": "audio/mpeg", "WAV": "audio/wav", "OGG": "audio/ogg", "FLAC": "audio/flac"}


def _guess_type(name: str) -> str | None:
    return mimetypes.guess_type(name, strict=False)[0] if name else None


@attrs.frozen(repr=False)
class MediaItem(Model):
    """One downloadable thing of a post (or comment, message, album entry).

    ``kind`` is ``"image"``, ``"file"``, ``"audio"`` or ``"video"``. ``url`` is ready to
    fetch: the post's ``signedQuery`` is appended for images, files and audio; Boosty video
    URLs are the chosen progressive variant (``quality`` names it), signed already.
    ``external`` is true for third-party video pages (YouTube, ...), which need a tool of
    their own. ``size`` in bytes and ``width``/``height``/``duration`` (pixels, seconds)
    when the API gives them; ``complete`` is false while an upload is still processing.
    ``content_type`` is a guess from the name or type (``None`` when unknown).
    """

    kind: str
    url: str
    id: str = ""
    title: str = ""
    size: int | None = None
    width: int | None = None
    height: int | None = None
    duration: int | None = None
    content_type: str | None = None
    quality: str | None = None
    external: bool = False
    complete: bool = True
    _repr_fields = ("kind", "id", "title")

    @property
    def filename(self) -> str:
        """A file name for saving: ``title`` when it has an extension, else the id (or
        title) with an extension guessed from :attr:`content_type` (may have none)."""
        base = self.title or self.id or self.kind
        if "." in self.title.strip(".")[1:]:
            return self.title
        ext = mimetypes.guess_extension(self.content_type or "", strict=False) or ""
        if ext == ".jpe":
            ext = ".jpg"
        return base + ext


UrlFor = Callable[[MediaItem], Union[str, None]]
"""``url_for(media_item)`` → a replacement URL (e.g. a local path), or ``None`` to keep it."""


def _block_media(block: Any, signed_query: str, quality: str) -> MediaItem | None:
    if isinstance(block, ImageBlock):
        if not block.url:
            return None
        return MediaItem(
            kind="image",
            url=append_signed_query(block.url, signed_query),
            id=block.id,
            title=block.title,
            size=block.size,
            width=block.width,
            height=block.height,
            content_type=_guess_type(block.title),
        )
    if isinstance(block, (FileBlock, AudioBlock)):
        if not block.url:
            return None
        audio = isinstance(block, AudioBlock)
        guess = _guess_type(block.title)
        if isinstance(block, AudioBlock) and guess is None:
            guess = _AUDIO_TYPES.get(block.file_type.upper())
        return MediaItem(
            kind="audio" if audio else "file",
            url=append_signed_query(block.url, signed_query),
            id=block.id,
            title=block.title,
            size=block.size,
            duration=block.duration if isinstance(block, AudioBlock) else None,
            content_type=guess,
            complete=block.complete is not False,
        )
    if isinstance(block, OkVideoBlock):
        chosen = block.best_url(quality)
        if chosen is None:
            return None
        return MediaItem(
            kind="video",
            url=chosen.url,
            id=block.id,
            title=block.title,
            width=block.width,
            height=block.height,
            duration=block.duration,
            content_type="video/mp4",
            quality=chosen.type,
            complete=block.complete is not False,
        )
    if isinstance(block, VideoBlock):
        if not block.url:
            return None
        return MediaItem(kind="video", url=block.url, id=block.id, title=block.title, external=True)
    return None


def blocks_to_media(blocks: Iterable[Block], signed_query: str = "", *, quality: str = "highest") -> list[MediaItem]:
    """The downloadable media of ``blocks``, in order (see :class:`MediaItem`).

    ``signed_query`` is the ``signedQuery`` of the post (or message) the blocks came from;
    ``quality`` picks Boosty video variants as :func:`choose_player_url` does. Boosty
    videos without a progressive variant (only streaming manifests) are left out, as are
    blocks without a URL. Nested list items are searched too.
    Raises :class:`ValueError` for an unknown ``quality``.
    """
    if quality not in _QUALITY_CHOICES:
        raise ValueError(f"unknown video quality {quality!r}; use 'highest' or one of {VIDEO_QUALITIES}")
    out: list[MediaItem] = []

    def walk(seq: Iterable[Any]) -> None:
        for block in seq:
            if isinstance(block, ListBlock):
                for item in _list_items(block.items):
                    walk(item.data)
                continue
            media = _block_media(block, signed_query, quality)
            if media is not None:
                out.append(media)

    walk(blocks)
    return out


def _list_items(items: Iterable[ListItem]) -> Iterable[ListItem]:
    for item in items:
        yield item
        yield from _list_items(item.items)

"""Content blocks: the ``data`` of posts, comments, messages, levels and blog descriptions.

Boosty sends rich text as a list of blocks tagged by ``type`` (``boosty-api.md`` §4.1.1).
:data:`Block` is the union of the known block classes plus :class:`UnknownBlock`, which
keeps any other block (or a known one with a shape that cannot be read) as raw JSON, so a
parse never fails because of one block.

Text, header and link blocks carry their text as a JSON array inside a string
(``'["Hello", "unstyled", [[0, 0, 5]]]'``): :attr:`TextBlock.text`, :attr:`TextBlock.style`
and :attr:`TextBlock.ranges` decode it on access. A text block whose ``modificator`` is
``"BLOCK_END"`` ends a paragraph.

Rendering lives in :mod:`boosty._model.markdown` (:func:`blocks_to_text`,
:func:`blocks_to_markdown`); downloadable media in :func:`blocks_to_media`.
"""

from __future__ import annotations

import json
import mimetypes
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Union

import attrs

from .converter import Model, ParseWarning, _describe, converter, fast_for, hook_for, register_fast

__all__ = [
    "BOLD",
    "ITALIC",
    "UNDERLINE",
    "VIDEO_QUALITIES",
    "AudioBlock",
    "Block",
    "FileBlock",
    "HeaderBlock",
    "ImageBlock",
    "LinkBlock",
    "ListBlock",
    "ListItem",
    "MediaItem",
    "OkVideoBlock",
    "PlayerUrl",
    "SmileBlock",
    "StyleRange",
    "TextBlock",
    "UnknownBlock",
    "VideoBlock",
    "append_signed_query",
    "blocks_to_media",
    "choose_player_url",
]

BOLD = 0
"""Style id of a bold range."""
ITALIC = 2
"""Style id of an italic range."""
UNDERLINE = 4
"""Style id of an underlined range."""

BLOCK_END = "BLOCK_END"


# -- text --------------------------------------------------------------------------


@attrs.frozen
class StyleRange:
    """One style range of a text block: ``style`` id (:data:`BOLD`, :data:`ITALIC`,
    :data:`UNDERLINE`, or an id the library does not know) applied from ``start`` for
    ``length`` characters.

    Units are UTF-16 code units (as the web editor counts), offsets are relative to the
    start of the paragraph. The third number of the API's ``[style, start, n]`` triple is
    read as a *length* (as the web client and two other sources do; one source reads it as
    an end index — for ranges starting at 0 both agree).
    """

    style: int
    start: int
    length: int

    @property
    def end(self) -> int:
        """``start + length``."""
        return self.start + self.length


def decode_content(content: str) -> tuple[str, str, list[StyleRange]]:
    """Decode a JSON-in-string ``content``: ``(text, block_style, ranges)``.

    Never raises: an empty string is ``("", "unstyled", [])``; content that is not the
    expected JSON array is taken as plain text; malformed ranges are dropped.
    """
    if not content:
        return "", "unstyled", []
    try:
        decoded = json.loads(content)
    except ValueError:
        return content, "unstyled", []
    if not isinstance(decoded, list):
        return (decoded if isinstance(decoded, str) else content), "unstyled", []
    text = decoded[0] if decoded and isinstance(decoded[0], str) else ""
    style = decoded[1] if len(decoded) > 1 and isinstance(decoded[1], str) else "unstyled"
    ranges: list[StyleRange] = []
    raw_ranges = decoded[2] if len(decoded) > 2 and isinstance(decoded[2], list) else []
    for item in raw_ranges:
        if not isinstance(item, list) or len(item) < 3:
            continue
        sid, start, length = item[0], item[1], item[2]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (sid, start, length)):
            continue  # e.g. [null, 64, 0] seen in comments
        if start < 0 or length <= 0:
            continue
        ranges.append(StyleRange(sid, start, length))
    return text, style, ranges


def encode_content(text: str, style: str = "unstyled", ranges: Iterable[StyleRange] = ()) -> str:
    """The JSON-in-string ``content`` for ``text`` (the inverse of :func:`decode_content`)."""
    return json.dumps([text, style, [[r.style, r.start, r.length] for r in ranges]], ensure_ascii=False)


class _Text(Model):
    """Shared decoding of JSON-in-string ``content``."""

    __slots__ = ()
    content: str

    @property
    def text(self) -> str:
        """The visible text (may contain ``\\n``)."""
        return decode_content(self.content)[0]

    @property
    def style(self) -> str:
        """The block style: ``"unstyled"`` or ``"header-one"`` … ``"header-six"``."""
        return decode_content(self.content)[1]

    @property
    def ranges(self) -> list[StyleRange]:
        """The style ranges (bold, italic, underline, ...), paragraph-relative."""
        return decode_content(self.content)[2]


@attrs.frozen(repr=False)
class TextBlock(_Text):
    """A run of text (``type: "text"``); ``modificator == "BLOCK_END"`` ends a paragraph."""

    type: str = "text"
    content: str = ""
    modificator: str = ""
    _repr_fields = ("text", "modificator")

    @property
    def is_block_end(self) -> bool:
        """``True`` for the empty block that ends a paragraph."""
        return self.modificator == BLOCK_END

    @classmethod
    def of(cls, text: str, ranges: Iterable[StyleRange] = (), style: str = "unstyled") -> TextBlock:
        """A text block showing ``text`` (for writing posts, comments and messages)."""
        return cls(content=encode_content(text, style, ranges))

    @classmethod
    def end(cls) -> TextBlock:
        """The ``BLOCK_END`` block that closes a paragraph."""
        return cls(content="", modificator=BLOCK_END)


_HEADER_LEVELS = {"header-one": 1, "header-two": 2, "header-three": 3, "header-four": 4, "header-five": 5}
_HEADER_LEVELS["header-six"] = 6


@attrs.frozen(repr=False)
class HeaderBlock(_Text):
    """A heading (``type: "header"``); :attr:`level` 1-6 from the style ``header-one`` …"""

    type: str = "header"
    content: str = ""
    modificator: str = ""
    _repr_fields = ("text",)

    @property
    def level(self) -> int:
        """Heading level 1-6 (2 when the style names none)."""
        return _HEADER_LEVELS.get(self.style, 2)


@attrs.frozen(repr=False)
class LinkBlock(_Text):
    """A hyperlink (``type: "link"``): :attr:`text` shown, ``url`` the target."""

    type: str = "link"
    content: str = ""
    url: str = ""
    explicit: bool = False
    modificator: str = ""
    _repr_fields = ("url",)

    @classmethod
    def of(cls, url: str, text: str | None = None) -> LinkBlock:
        """A link block to ``url`` showing ``text`` (default: the URL)."""
        return cls(content=encode_content(url if text is None else text), url=url)


@attrs.frozen(repr=False)
class SmileBlock(Model):
    """An emoji sticker (``type: "smile"``), shown inline; ``name`` identifies it."""

    type: str = "smile"
    id: str = ""
    name: str = ""
    small_url: str = ""
    medium_url: str = ""
    large_url: str = ""
    is_animated: bool | None = None
    _repr_fields = ("name",)


# -- media blocks ----------------------------------------------------------------------


@attrs.frozen(repr=False)
class ImageBlock(Model):
    """An image (``type: "image"``). ``size`` in bytes; ``url`` needs the post's
    ``signed_query`` for protected posts (see :func:`blocks_to_media`).
    ``rendition == "teaser_auto_background"`` marks an auto-generated teaser background."""

    type: str = "image"
    id: str = ""
    url: str = ""
    width: int | None = None
    height: int | None = None
    size: int | None = None
    rendition: str = ""
    title: str = ""
    preview: str = ""
    preview_id: str = ""
    is_invalid: bool | None = None
    _repr_fields = ("id", "url")


@attrs.frozen(repr=False)
class FileBlock(Model):
    """A file attachment (``type: "file"``); ``title`` is the author's file name, ``size``
    in bytes; ``complete`` is false while the upload runs (the URL answers 404 until then)."""

    type: str = "file"
    id: str = ""
    url: str = ""
    title: str = ""
    size: int | None = None
    complete: bool | None = None
    is_migrated: bool | None = None
    is_invalid: bool | None = None
    _repr_fields = ("id", "title")


@attrs.frozen(repr=False)
class AudioBlock(Model):
    """An audio file (``type: "audio_file"``); ``duration`` in seconds, ``size`` in bytes,
    ``file_type`` ``MP3``/``WAV``, ``artist``/``album``/``track`` from its tags."""

    type: str = "audio_file"
    id: str = ""
    url: str = ""
    title: str = ""
    size: int | None = None
    duration: int | None = None
    complete: bool | None = None
    upload_status: str = ""
    file_type: str = ""
    artist: str = ""
    album: str = ""
    track: str = ""
    time_code: int | None = None
    views_counter: int | None = None
    show_views_counter: bool | None = None
    is_migrated: bool | None = None
    is_invalid: bool | None = None
    _repr_fields = ("id", "title")


@attrs.frozen(repr=False)
class PlayerUrl(Model):
    """One variant of a Boosty-hosted video: ``type`` (``full_hd``, ``hls``, ...) and its
    ``url`` (``""`` when that variant is not available). URLs are signed already."""

    type: str = ""
    url: str = ""
    _repr_fields = ("type",)


VIDEO_QUALITIES = ("tiny", "lowest", "low", "medium", "high", "full_hd", "quad_hd", "ultra_hd")
"""Progressive (plain MP4) video variants, lowest first: 144p, 240p, 360p, 480p, 720p,
1080p, 1440p, 2160p. Other ``playerUrls`` types (``hls``, ``dash``, ``live_*``,
``ondemand_*``) are streaming manifests, never chosen for download."""

_QUALITY_RANK = {name: rank for rank, name in enumerate(VIDEO_QUALITIES)}
_QUALITY_CHOICES = {"highest": "ultra_hd", **{name: name for name in VIDEO_QUALITIES}}


def choose_player_url(player_urls: Sequence[PlayerUrl], quality: str = "highest") -> PlayerUrl | None:
    """The best progressive variant at or below ``quality``, or ``None`` if there is none.

    ``quality`` is ``"highest"`` (the best available) or a variant name of
    :data:`VIDEO_QUALITIES` (``"high"`` = 720p, ``"medium"`` = 480p, ``"low"`` = 360p,
    ``"lowest"`` = 240p, ``"tiny"`` = 144p, ``"full_hd"``, ...). When every available
    variant is above ``quality``, the smallest one is chosen. Empty URLs and streaming
    manifests are skipped. Raises :class:`ValueError` for an unknown ``quality``.
    """
    try:
        cap = _QUALITY_RANK[_QUALITY_CHOICES[quality]]
    except KeyError:
        raise ValueError(f"unknown video quality {quality!r}; use 'highest' or one of {VIDEO_QUALITIES}") from None
    available = [p for p in player_urls if p.url and p.type in _QUALITY_RANK]
    if not available:
        return None
    below = [p for p in available if _QUALITY_RANK[p.type] <= cap]
    if below:
        return max(below, key=lambda p: _QUALITY_RANK[p.type])
    return min(available, key=lambda p: _QUALITY_RANK[p.type])


@attrs.frozen(repr=False)
class _Video(Model):
    """Fields shared by Boosty-hosted and external video blocks."""

    id: str = ""
    vid: str = ""
    title: str = ""
    url: str = ""
    duration: int | None = None
    width: int | None = None
    height: int | None = None
    complete: bool | None = None
    status: str = ""
    upload_status: str = ""
    is_invalid: bool | None = None
    time_code: int | None = None
    views_counter: int | None = None
    show_views_counter: bool | None = None
    preview: str = ""
    preview_id: str = ""
    default_preview: str = ""
    failover_host: str = ""
    player_urls: list[PlayerUrl] = attrs.field(factory=list)
    _repr_fields = ("id", "title")


@attrs.frozen(repr=False)
class VideoBlock(_Video):
    """An external video link (``type: "video"``: YouTube, Vimeo, ...); ``url`` is the page."""

    type: str = "video"
    _repr_fields = ("url", "title")


@attrs.frozen(repr=False)
class OkVideoBlock(_Video):
    """A Boosty-hosted video (``type: "ok_video"``): ``duration`` in seconds, variants in
    ``player_urls`` (already signed); ``status`` ``ok``/``processing``/``fail``."""

    type: str = "ok_video"

    def best_url(self, quality: str = "highest") -> PlayerUrl | None:
        """The progressive variant :func:`choose_player_url` picks for ``quality``."""
        return choose_player_url(self.player_urls, quality)


# -- lists -------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class ListItem(Model):
    """One list entry: its own blocks (``data``) and nested entries (``items``)."""

    data: list[Block] = attrs.field(factory=list)
    items: list[ListItem] = attrs.field(factory=list)
    _repr_fields = ("data",)


@attrs.frozen(repr=False)
class ListBlock(Model):
    """A bulleted (``style`` ``"unordered"`` or none) or numbered (``"ordered"``) list."""

    type: str = "list"
    style: str | None = None
    items: list[ListItem] = attrs.field(factory=list)
    _repr_fields = ("style", "items")

    @property
    def ordered(self) -> bool:
        """``True`` for a numbered list."""
        return self.style == "ordered"


# -- unknown -----------------------------------------------------------------------------


@attrs.frozen(repr=False)
class UnknownBlock:
    """A block the library cannot read: an unknown ``type``, or a known type with a shape
    it cannot parse. ``raw`` is the JSON exactly as received (``to_dict`` gives it back)."""

    type: str
    raw: Any

    def __repr__(self) -> str:
        return f"UnknownBlock(type={self.type!r})"


Block = Union[
    TextBlock,
    HeaderBlock,
    LinkBlock,
    ImageBlock,
    VideoBlock,
    OkVideoBlock,
    AudioBlock,
    FileBlock,
    SmileBlock,
    ListBlock,
    UnknownBlock,
]
"""Any content block; dispatch on the class (or on ``block.type``)."""

BLOCK_TYPES: dict[str, type[Any]] = {
    "text": TextBlock,
    "header": HeaderBlock,
    "link": LinkBlock,
    "image": ImageBlock,
    "video": VideoBlock,
    "ok_video": OkVideoBlock,
    "audio_file": AudioBlock,
    "file": FileBlock,
    "smile": SmileBlock,
    "list": ListBlock,
}
"""``type`` value → block class."""

_block_hooks: dict[str, Callable[[Any, Any], Any]] = {}


def _structure_block(value: Any, _: Any) -> Any:
    if not isinstance(value, dict):
        return UnknownBlock(type="", raw=value)
    kind = value.get("type")
    cls = BLOCK_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        return UnknownBlock(type=kind if isinstance(kind, str) else "", raw=value)
    assert isinstance(kind, str)
    hook = _block_hooks.get(kind)
    if hook is None:
        hook = _block_hooks[kind] = hook_for(cls)
    try:
        return hook(value, cls)
    except Exception as exc:
        where, what = _describe(exc)
        warnings.warn(
            f"a {kind!r} block could not be read ({where or 'block'}: {what}); kept as UnknownBlock",
            ParseWarning,
            stacklevel=2,
        )
        return UnknownBlock(type=kind, raw=value)


_block_fast: dict[str, Callable[[Any], Any]] = {}


def _fast_block(value: Any) -> Any:
    """The block union for generated model code: the block class's fast function
    directly, falling back to :func:`_structure_block` (warning, raw kept) on failure."""
    kind = value.get("type") if value.__class__ is dict else None
    if kind.__class__ is str:  # anything else (a list or object ``type`` too) is unknown
        fn = _block_fast.get(kind)
        if fn is None and kind in BLOCK_TYPES:
            fn = fast_for(BLOCK_TYPES[kind])
            if fn is not None:
                _block_fast[kind] = fn
        if fn is not None:
            try:
                return fn(value)
            except Exception:
                pass
    return _structure_block(value, Block)


def _structure_unknown(value: Any, _: Any) -> UnknownBlock:
    kind = value.get("type", "") if isinstance(value, dict) else ""
    return UnknownBlock(type=kind if isinstance(kind, str) else "", raw=value)


converter.register_structure_hook_func(lambda t: t == Block, _structure_block)
register_fast(Block, _fast_block)
converter.register_structure_hook(UnknownBlock, _structure_unknown)
converter.register_unstructure_hook(UnknownBlock, lambda block: block.raw)


# -- media ---------------------------------------------------------------------------------


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


from .markdown import blocks_to_markdown, blocks_to_text  # noqa: E402  (re-export; markdown imports this module)

__all__ += ["blocks_to_markdown", "blocks_to_text"]

"""The other content blocks and :data:`Block`, the union of every block class.

:data:`Block` is the union of the known block classes plus :class:`UnknownBlock`, which
keeps any other block (or a known one with a shape that cannot be read) as raw JSON, so a
parse never fails because of one block.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, Union

import attrs

from .converter import Model, ParseWarning, _describe, converter, fast_for, hook_for, register_fast
from .text import HeaderBlock, LinkBlock, TextBlock
from .video import OkVideoBlock, VideoBlock

__all__ = [
    "BLOCK_TYPES",
    "AudioBlock",
    "Block",
    "FileBlock",
    "ImageBlock",
    "ListBlock",
    "ListItem",
    "SmileBlock",
    "UnknownBlock",
]


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

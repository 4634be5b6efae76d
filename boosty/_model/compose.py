"""Content to send: what every ``content`` parameter of a write endpoint accepts.

:class:`Content` is an immutable sequence of API content blocks (``boosty-api.md``
§4.1.1). Every ``content`` parameter also takes a plain ``str`` (one paragraph, taken
literally: ``"2 * 3"`` stays ``2 * 3``) or a list of blocks (mappings in the API's shape,
or block models such as :class:`~boosty.ImageBlock`, e.g. what
:meth:`~boosty.Boosty.upload_image` returns).

>>> body = Content.from_markdown("# News\\n\\nHello, **world**!")   # doctest: +SKIP
>>> body = body + [uploaded_image, *Content.text("See you.")]        # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, Union, overload

import attrs

__all__ = [
    "BLOCK_END",
    "LOCAL_PATH",
    "Content",
    "ContentInput",
    "content_blocks",
    "content_json",
    "text_block",
]

BLOCK_END: Mapping[str, str] = {"type": "text", "content": "", "modificator": "BLOCK_END"}
"""The empty text block that ends a paragraph (the API wants one at the end of content).
Read-only by its type; copy it (``dict(BLOCK_END)``) to change one."""

LOCAL_PATH = "localPath"
"""Key of an image block that names a local file still to upload (never sent to the API)."""


def text_block(
    text: str, style: str = "unstyled", ranges: Iterable[Sequence[int]] = (), kind: str = "text"
) -> dict[str, Any]:
    """A ``text`` (or ``header``) block showing ``text``; ``ranges`` are ``[style, start, length]``."""
    content = json.dumps([text, style, [list(r) for r in ranges]], ensure_ascii=False)
    return {"type": kind, "content": content, "modificator": ""}


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): _freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value


def _as_block(block: Any) -> Mapping[str, Any]:
    """One block as a frozen mapping; a block model is turned into the API's shape."""
    if isinstance(block, Mapping):
        if not isinstance(block.get("type"), str):
            raise TypeError("content: a block needs a str 'type'")
        return _freeze(block)  # type: ignore[no-any-return]
    raw = getattr(block, "raw", None)
    if attrs.has(type(block)) and isinstance(raw, Mapping):  # UnknownBlock: as received
        return _as_block(raw)
    if attrs.has(type(block)) and isinstance(getattr(block, "type", None), str):
        from .converter import to_dict

        return _as_block(to_dict(block))
    raise TypeError(f"content: expected block mappings or block models, got {type(block).__name__}")


def _is_blank(block: Mapping[str, Any]) -> bool:
    if block.get("type") != "text":
        return False
    if block.get("modificator") == "BLOCK_END":
        return True
    raw = block.get("content") or ""
    try:
        decoded = json.loads(raw) if raw else [""]
    except ValueError:
        return not str(raw).strip()
    text = decoded[0] if isinstance(decoded, list) and decoded else decoded
    return isinstance(text, str) and not text.strip()


class Content(Sequence[Mapping[str, Any]]):
    """An immutable sequence of API content blocks (read-only mappings).

    Build it from blocks (``Content([block, ...])``: mappings in the API's shape or block
    models), from literal text (:meth:`text`) or from Markdown (:meth:`from_markdown`).
    ``content + [block]``, ``[*content, block]`` and ``list + content`` all work; ``+``
    gives a new :class:`Content`. Image blocks naming a local file (from Markdown such as
    ``![](photo.jpg)``) are uploaded by the post writes (:meth:`~boosty.Boosty.post_create`,
    :meth:`~boosty.Boosty.draft_save`, :meth:`~boosty.Boosty.post_update`) before the post
    is sent; other write endpoints refuse them with :class:`ValueError`.

    Raises :class:`TypeError` for something that is not a block.
    """

    __slots__ = ("_blocks",)

    def __init__(self, blocks: Iterable[Any] = ()) -> None:
        if isinstance(blocks, (str, bytes)):
            raise TypeError("content: pass text with Content.text() or Content.from_markdown(), not Content(str)")
        self._blocks: tuple[Mapping[str, Any], ...] = tuple(_as_block(b) for b in blocks)

    @classmethod
    def text(cls, text: str) -> Content:
        """One paragraph showing ``text`` literally (line breaks kept), closed by ``BLOCK_END``.

        Raises :class:`TypeError` for a non-``str``.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        return cls([text_block(text), BLOCK_END])

    @classmethod
    def from_markdown(cls, text: str, *, base_dir: str | Path | None = None) -> Content:
        """Content parsed from Markdown (CommonMark, with ``~~strikethrough~~``).

        Paragraphs become text and link blocks, each paragraph closed by ``BLOCK_END``;
        ``**bold**``, ``*italic*``, ``<u>underline</u>`` and ``~~strikethrough~~`` become
        style ranges (paragraph-relative, UTF-16 units, ``[style, start, length]``); ``#``
        headings header blocks; lists list blocks; a paragraph that is only a link to
        YouTube, Vimeo or Rutube an external video block; ``![alt](src)`` an image block: an
        ``http(s)`` URL as is (an ``images.boosty.to`` one by its id, without the signed
        query), anything else a local file (relative to ``base_dir``,
        default the working directory) uploaded when the post is written. Code is kept
        as literal text. The content ends with ``BLOCK_END``.

        Raises :class:`TypeError` for a non-``str``.
        """
        from .from_markdown import markdown_blocks

        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        return cls(markdown_blocks(text, Path(base_dir) if base_dir is not None else Path.cwd()))

    # -- the sequence ---------------------------------------------------------------------

    @overload
    def __getitem__(self, index: int) -> Mapping[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> Content: ...

    def __getitem__(self, index: int | slice) -> Mapping[str, Any] | Content:
        if isinstance(index, slice):
            return Content(self._blocks[index])
        return self._blocks[index]

    def __len__(self) -> int:
        return len(self._blocks)

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        return iter(self._blocks)

    def __add__(self, other: Iterable[Any]) -> Content:
        if isinstance(other, (str, bytes)) or not isinstance(other, Iterable):
            return NotImplemented
        return Content([*self._blocks, *other])

    def __radd__(self, other: Iterable[Any]) -> Content:
        if isinstance(other, (str, bytes)) or not isinstance(other, Iterable):
            return NotImplemented
        return Content([*other, *self._blocks])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Content):
            return self.to_blocks() == other.to_blocks()
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            try:
                return self.to_blocks() == Content(other).to_blocks()
            except TypeError:
                return False
        return NotImplemented

    def __hash__(self) -> int:
        return hash(json.dumps(self.to_blocks(), sort_keys=True))

    def __repr__(self) -> str:
        kinds = ", ".join(str(b.get("type")) for b in self._blocks[:8])
        more = ", ..." if len(self._blocks) > 8 else ""
        return f"Content([{kinds}{more}])"

    # -- conversions ----------------------------------------------------------------------

    def to_blocks(self) -> list[dict[str, Any]]:
        """The blocks as plain (mutable, deep-copied) dicts and lists."""
        return [_thaw(b) for b in self._blocks]

    @property
    def local_files(self) -> list[Path]:
        """Local files of image blocks still to upload, in order, each once."""
        seen: dict[Path, None] = {}
        for block in self._blocks:
            if LOCAL_PATH in block:
                seen.setdefault(Path(block[LOCAL_PATH]), None)
        return list(seen)

    def with_uploads(self, uploaded: Mapping[Path, Any]) -> Content:
        """A copy where each local image block is replaced by its uploaded block.

        ``uploaded`` maps a path of :attr:`local_files` to the block the upload returned.
        Raises :class:`KeyError` for a local file missing from ``uploaded``.
        """
        out: list[Any] = []
        for block in self._blocks:
            out.append(uploaded[Path(block[LOCAL_PATH])] if LOCAL_PATH in block else block)
        return Content(out)


ContentInput = Union[str, Content, Sequence[Any]]
"""What a ``content`` parameter takes: a ``str`` (one literal paragraph), a :class:`Content`,
or a sequence of blocks (API mappings or block models)."""


def content_blocks(content: ContentInput) -> list[dict[str, Any]]:
    """The API blocks for ``content``, ending with ``BLOCK_END``.

    Raises :class:`ValueError` for empty content (no block with visible content) or an
    image that is still a local file, :class:`TypeError` for anything but a ``str``, a
    :class:`Content` or a sequence of blocks.
    """
    if isinstance(content, str):
        if not content.strip():
            raise ValueError("content: must not be empty")
        return Content.text(content).to_blocks()
    if isinstance(content, bytes) or not isinstance(content, (Content, Sequence)):
        raise TypeError(f"content: expected str, Content or a sequence of blocks, got {type(content).__name__}")
    body = content if isinstance(content, Content) else Content(content)
    if all(_is_blank(b) for b in body):
        raise ValueError("content: must not be empty")
    if body.local_files:
        raise ValueError(
            f"content: the local image {body.local_files[0]} must be uploaded first "
            "(upload_image(), or a post write, which uploads it)"
        )
    blocks = body.to_blocks()
    if blocks[-1].get("modificator") != "BLOCK_END":
        blocks.append(dict(BLOCK_END))
    return blocks


def content_json(content: ContentInput) -> str:
    """``content`` as the JSON array string the API's ``data`` form field takes.

    Raises what :func:`content_blocks` raises.
    """
    return json.dumps(content_blocks(content), ensure_ascii=False, separators=(",", ":"))

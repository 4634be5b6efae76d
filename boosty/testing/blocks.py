"""Content blocks as the API sends them (``boosty-api.md`` §4.1.1), built for the fake's world.

Every function returns a plain JSON-ready ``dict``. Text-like blocks carry their text as the
API's JSON-in-string ``content``: ``[text, blockStyle, [[styleId, offset, length], ...]]``;
a paragraph ends with a :func:`block_end` block.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "BOLD",
    "ITALIC",
    "UNDERLINE",
    "block_end",
    "header",
    "link",
    "list_block",
    "paragraph",
    "plain_text",
    "smile",
    "text",
    "text_blocks",
]

JSON = dict[str, Any]

BOLD = 0
"""Style id of bold text in a style range."""
ITALIC = 2
"""Style id of italic text in a style range."""
UNDERLINE = 4
"""Style id of underlined text in a style range."""


def _content(value: str, style: str = "unstyled", ranges: Sequence[Sequence[int]] = ()) -> str:
    return json.dumps([value, style, [list(r) for r in ranges]], ensure_ascii=False, separators=(",", ":"))


def text(value: str, ranges: Sequence[Sequence[int]] = ()) -> JSON:
    """A ``text`` block; ``ranges`` are ``(styleId, offset, length)`` in UTF-16 units."""
    return {"type": "text", "content": _content(value, "unstyled", ranges), "modificator": ""}


def block_end() -> JSON:
    """The ``BLOCK_END`` block that ends a paragraph."""
    return {"type": "text", "content": "", "modificator": "BLOCK_END"}


def paragraph(value: str, ranges: Sequence[Sequence[int]] = ()) -> list[JSON]:
    """A text block followed by ``BLOCK_END``."""
    return [text(value, ranges), block_end()]


def header(value: str, level: int = 2) -> JSON:
    """A ``header`` block with style ``header-one`` .. ``header-six``."""
    names = ("one", "two", "three", "four", "five", "six")
    return {"type": "header", "content": _content(value, f"header-{names[level - 1]}"), "modificator": ""}


def link(url: str, label: str | None = None, *, explicit: bool = False) -> JSON:
    """A ``link`` block to ``url`` (its visible text is ``label`` or the URL)."""
    return {"type": "link", "content": _content(label or url), "url": url, "explicit": explicit}


def smile(name: str, smile_id: str) -> JSON:
    """A ``smile`` (emoji sticker) block; the fake adds its image URLs when it renders it."""
    return {"type": "smile", "id": smile_id, "name": name, "isAnimated": False}


def list_block(items: Iterable[str | tuple[str, Sequence[str]]], *, ordered: bool = True) -> JSON:
    """A ``list`` block; an item is a string or ``(text, [nested item texts])``."""

    def item(value: str, nested: Sequence[str] = ()) -> JSON:
        return {"data": [text(value)], "items": [item(n) for n in nested]}

    rendered = [item(i) if isinstance(i, str) else item(i[0], i[1]) for i in items]
    return {"type": "list", "style": "ordered" if ordered else "unordered", "items": rendered}


def text_blocks(value: str) -> list[JSON]:
    """Plain text split into paragraphs (one per line), each ending with ``BLOCK_END``."""
    blocks: list[JSON] = []
    for line in value.split("\n"):
        blocks += paragraph(line)
    return blocks


def plain_text(blocks: Iterable[JSON]) -> str:
    """The visible text of ``text``/``header``/``link`` blocks, paragraphs joined by newlines."""
    out: list[str] = []
    line = ""
    for block in blocks:
        kind = block.get("type")
        if kind == "text" and block.get("modificator") == "BLOCK_END":
            out.append(line)
            line = ""
        elif kind in ("text", "header", "link"):
            raw = block.get("content") or ""
            try:
                decoded = json.loads(raw)
                line += str(decoded[0])
            except (ValueError, IndexError, TypeError):
                line += str(raw)
        elif kind == "list":
            for entry in block.get("items") or []:
                out.append(plain_text(entry.get("data") or []) or "")
    if line:
        out.append(line)
    return "\n".join(out).strip("\n")

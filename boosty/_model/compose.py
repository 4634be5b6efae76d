"""Content to send: what every ``content`` parameter of a write endpoint accepts.

Minimal placeholder of the composing side (issue "Act on Boosty"): a plain ``str`` is one
literal paragraph, a sequence of block mappings is sent as given. The full
:class:`Content` (Markdown, style ranges, uploads) replaces this module.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Union

__all__ = ["BLOCK_END", "ContentInput", "content_blocks", "content_json"]

BLOCK_END: Mapping[str, str] = {"type": "text", "content": "", "modificator": "BLOCK_END"}

ContentInput = Union[str, Sequence[Mapping[str, Any]]]
"""A plain ``str`` (one paragraph, taken literally) or a sequence of API block mappings."""


def _text_block(text: str) -> dict[str, str]:
    return {"type": "text", "content": json.dumps([text, "unstyled", []], ensure_ascii=False), "modificator": ""}


def content_blocks(content: ContentInput) -> list[dict[str, Any]]:
    """The API blocks for ``content``, ending with ``BLOCK_END``.

    Raises :class:`ValueError` for empty content and :class:`TypeError` for anything else.
    """
    if isinstance(content, str):
        if not content.strip():
            raise ValueError("content: must not be empty")
        return [_text_block(content), dict(BLOCK_END)]
    if isinstance(content, Sequence):
        blocks: list[dict[str, Any]] = []
        for block in content:
            if not isinstance(block, Mapping):
                raise TypeError(f"content: expected block mappings, got {type(block).__name__}")
            blocks.append(dict(block))
        if not blocks:
            raise ValueError("content: must not be empty")
        if blocks[-1].get("modificator") != "BLOCK_END":
            blocks.append(dict(BLOCK_END))
        return blocks
    raise TypeError(f"content: expected str or a sequence of blocks, got {type(content).__name__}")


def content_json(content: ContentInput) -> str:
    """``content`` as the JSON array string the API's ``data`` form field takes."""
    return json.dumps(content_blocks(content), ensure_ascii=False, separators=(",", ":"))

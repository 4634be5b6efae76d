"""Rendering content blocks as plain text and as Markdown.

Paragraphs: inline blocks (text, link, smile) run up to a ``BLOCK_END`` text block, which
ends the paragraph. Headers, media and list blocks stand as paragraphs of their own.
Style ranges are applied per paragraph (offsets in UTF-16 code units from the paragraph
start, third number a length; ranges reaching past the text are clipped, unknown style ids
ignored).

Markdown output is CommonMark: the text's own syntax characters are escaped (inline marks,
entities, a ``#``/``-``/``1.`` that would start a block, a ``!`` before a link), emphasis
markers close before a line break and reopen after it, a heading stays on one line, and
leading indentation is dropped (it would make a code block).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .blocks import AudioBlock, Block, FileBlock, ImageBlock, ListBlock, ListItem, SmileBlock
from .media import UrlFor, _block_media
from .text import BOLD, ITALIC, UNDERLINE, HeaderBlock, LinkBlock, TextBlock, decode_content
from .video import OkVideoBlock, VideoBlock

__all__ = ["blocks_to_markdown", "blocks_to_text"]

_INLINE = (TextBlock, HeaderBlock, LinkBlock, SmileBlock)
_MASKS = {BOLD: 1, ITALIC: 2, UNDERLINE: 4}
_OPEN = {1: "**", 2: "*", 4: "<u>"}
_CLOSE = {1: "**", 2: "*", 4: "</u>"}
_ESCAPE = re.compile(r"([\\`*_\[\]<>~]|&(?=#?[0-9A-Za-z]+;))")  # inline syntax, entities
_LINE_START = re.compile(r"^(\s*)(?:([#+\-=|])|(\d+)([.)]))", re.MULTILINE)  # block syntax
_LEADING_SPACE = re.compile(r"^[ \t]+", re.MULTILINE)
_HEADING_CLOSER = re.compile(r"(\s)(#+)$")


def _line_start(match: re.Match[str]) -> str:
    space, mark, number, dot = match.groups()
    # "\#", "\-" ...; a list number keeps its digits and escapes the dot: "1\." (a
    # backslash before a digit is no escape and would show)
    return f"{space}\\{mark}" if mark else f"{space}{number}\\{dot}"


def _escape(text: str) -> str:
    return _LINE_START.sub(_line_start, _ESCAPE.sub(r"\\\1", text))


class _Segment:
    __slots__ = ("ranges", "text", "url")

    def __init__(self, text: str, url: str | None, ranges: Sequence[Any]) -> None:
        self.text, self.url, self.ranges = text, url, ranges


def _segments(blocks: Sequence[Any]) -> tuple[list[_Segment], int]:
    """A paragraph's inline blocks as segments, and its heading level (0: none)."""
    out: list[_Segment] = []
    level = 0
    for block in blocks:
        if isinstance(block, SmileBlock):
            out.append(_Segment(f":{block.name}:" if block.name else "", None, ()))
            continue
        text, style, ranges = decode_content(block.content)
        if isinstance(block, HeaderBlock):
            level = level or block.level
        elif style.startswith("header-") and not level:
            level = HeaderBlock(content=block.content).level
        if isinstance(block, LinkBlock):
            out.append(_Segment(text or block.url, block.url or None, ranges))
        else:
            out.append(_Segment(text, None, ranges))
    return out, level


def _masks(text: str, segments: Sequence[_Segment]) -> list[int] | None:
    """Per-character style bit masks of the paragraph text, or ``None`` when unstyled."""
    ranges = [r for seg in segments for r in seg.ranges if r.style in _MASKS]
    if not ranges or not text:
        return None
    # UTF-16 offset of each character's start (astral characters count 2)
    starts: list[int] = []
    unit = 0
    for ch in text:
        starts.append(unit)
        unit += 2 if ord(ch) > 0xFFFF else 1
    masks = [0] * len(text)
    for r in ranges:
        first = bisect.bisect_left(starts, r.start)
        last = bisect.bisect_left(starts, r.end)
        bit = _MASKS[r.style]
        for i in range(first, min(last, len(text))):
            masks[i] |= bit
    return masks if any(masks) else None


def _styled(text: str, masks: Sequence[int] | None) -> str:
    """Markdown for ``text`` with per-character style ``masks``; markers never straddle
    the start or end of ``text`` or a line break, and never hug whitespace."""
    if masks is None:
        return _escape(text)
    buf = ""
    stack: list[int] = []
    i = 0
    while i < len(text):
        j = i
        newline = text[i] == "\n"
        while j < len(text) and masks[j] == masks[i] and (text[j] == "\n") == newline:
            j += 1
        run, mask = text[i:j], masks[i]
        i = j
        if newline and stack:  # emphasis may not span a blank line: close, reopen after
            buf = _close(buf, stack)
            stack = []
        if run.isspace():
            buf += run
            continue
        keep = 0
        while keep < len(stack) and stack[keep] & mask:
            keep += 1
        if keep < len(stack):
            buf = _close(buf, stack[keep:])
            del stack[keep:]
        stripped = run.lstrip()
        buf += run[: len(run) - len(stripped)]
        for bit in (1, 2, 4):
            if mask & bit and bit not in stack:
                stack.append(bit)
                buf += _OPEN[bit]
        buf += _escape(stripped)
    return _close(buf, stack) if stack else buf


def _close(buf: str, bits: list[int]) -> str:
    """``buf`` with closing markers for ``bits`` put before its trailing whitespace."""
    stripped = buf.rstrip()
    return stripped + "".join(_CLOSE[b] for b in reversed(bits)) + buf[len(stripped) :]


def _link_target(url: str) -> str:
    if not any(c in url for c in " ()<>"):
        return url
    return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"


def _paragraph_markdown(blocks: Sequence[Any]) -> str:
    segments, level = _segments(blocks)
    text = "".join(s.text for s in segments)
    masks = _masks(text, segments)
    out: list[str] = []
    pos = 0
    # runs of plain segments render as one text (markers of adjacent blocks never touch:
    # "**a****b**" would not parse); adjacent link blocks to one URL as one link
    for url, group in itertools.groupby(segments, key=lambda seg: seg.url):
        run = "".join(seg.text for seg in group)
        part = masks[pos : pos + len(run)] if masks is not None else None
        pos += len(run)
        rendered = _styled(run, part)
        if url:
            if out and out[-1].endswith("!"):  # "![" would start an image
                out[-1] = out[-1][:-1] + "\\!"
            rendered = f"[{rendered}]({_link_target(url)})"
        out.append(rendered)
    body = _LEADING_SPACE.sub("", "".join(out))  # 4 leading spaces would make a code block
    if level:  # a heading is one line; a closing "#" run of the text is no closing sequence
        body = _HEADING_CLOSER.sub(r"\1\\\2", " ".join(body.split("\n")).strip())
        return "#" * level + " " + body if body else ""
    return body.replace("\n", "  \n")


def _paragraph_text(blocks: Sequence[Any]) -> str:
    segments, _ = _segments(blocks)
    return "".join(s.text for s in segments)


def _media_markdown(block: Any, signed_query: str, quality: str, url_for: UrlFor | None) -> str | None:
    media = _block_media(block, signed_query, quality)
    url: str | None = None
    if media is not None:
        url = url_for(media) if url_for is not None else None
        url = url or media.url
    title = getattr(block, "title", "") or ""
    if isinstance(block, ImageBlock):
        return f"![]({_link_target(url)})" if url else None
    if isinstance(block, (FileBlock, AudioBlock)):
        label = _escape(title or ("audio" if isinstance(block, AudioBlock) else "file"))
        return f"[{label}]({_link_target(url)})" if url else label
    if isinstance(block, OkVideoBlock):
        label = _escape(title or "video")
        return f"[{label}]({_link_target(url)})" if url else label
    if isinstance(block, VideoBlock):
        if not url:
            return None
        return f"[{_escape(title or url)}]({_link_target(url)})"
    return None


def _list_lines(items: Iterable[ListItem], ordered: bool, indent: str, markdown: bool, render: Any) -> list[str]:
    lines: list[str] = []
    for number, item in enumerate(items, 1):
        marker = f"{number}." if ordered else "-"
        paragraphs = [p for p in render(item.data) if p.strip()]
        first = " ".join(p.strip() for p in paragraphs)
        lines.append(f"{indent}{marker} {first}".rstrip())
        lines.extend(_list_lines(item.items, ordered, indent + " " * (len(marker) + 1), markdown, render))
    return lines


def _paragraphs(
    blocks: Iterable[Block],
    inline: Callable[[Sequence[Any]], str],
    other: Callable[[Any], str | None],
) -> list[str]:
    out: list[str] = []
    para: list[Any] = []
    after_header = False
    for block in blocks:
        if isinstance(block, TextBlock) and block.is_block_end:
            if block.content:  # not expected on a BLOCK_END, but never dropped
                para.append(block)
            if para or not after_header:  # a header's own BLOCK_END adds no empty paragraph
                out.append(inline(para))
            para = []
            after_header = False
        elif isinstance(block, HeaderBlock):
            # A heading is a paragraph of its own, whether or not a BLOCK_END follows it.
            if para:
                out.append(inline(para))
            out.append(inline([block]))
            para = []
            after_header = True
        elif isinstance(block, _INLINE):
            para.append(block)
            after_header = False
        else:
            if para:
                out.append(inline(para))
                para = []
            rendered = other(block)
            if rendered is not None:
                out.append(rendered)
    if para:
        out.append(inline(para))
    return out


def blocks_to_text(blocks: Iterable[Block]) -> str:
    """Plain text of ``blocks``: one line per paragraph (empty paragraphs are empty lines),
    link texts inline, smiles as ``:name:``, list entries as ``- item`` / ``1. item``.
    Media and unknown blocks add nothing. Leading and trailing blank lines are removed."""

    def other(block: Any) -> str | None:
        if isinstance(block, ListBlock):
            return "\n".join(_list_lines(block.items, block.ordered, "", False, render)) or None
        return None

    def render(seq: Iterable[Block]) -> list[str]:
        return _paragraphs(seq, _paragraph_text, other)

    return "\n".join(render(blocks)).strip("\n")


def blocks_to_markdown(
    blocks: Iterable[Block],
    *,
    signed_query: str = "",
    quality: str = "highest",
    url_for: UrlFor | None = None,
) -> str:
    """Markdown of ``blocks``: paragraphs separated by blank lines (line breaks inside a
    paragraph become hard breaks), bold ``**``, italic ``*``, underline ``<u>``, headers
    ``#``…, links ``[text](url)``, lists, images ``![](url)``, files and audio as links
    ``[name](url)``, Boosty video as a link to the ``quality`` variant, external video as a
    link to its page. Markdown special characters in the text are escaped.

    ``signed_query`` is appended to image, file and audio URLs (pass the post's);
    ``url_for(media_item)`` may return a replacement URL (e.g. a local file path) or
    ``None`` to keep the remote one.
    """

    def other(block: Any) -> str | None:
        if isinstance(block, ListBlock):
            return "\n".join(_list_lines(block.items, block.ordered, "", True, render)) or None
        return _media_markdown(block, signed_query, quality, url_for)

    def render(seq: Iterable[Block]) -> list[str]:
        return _paragraphs(seq, _paragraph_markdown, other)

    return "\n\n".join(p for p in render(blocks) if p.strip())

"""Markdown to API content blocks (the writing side of :mod:`boosty._model.markdown`).

Parsed with markdown-it-py (CommonMark plus ``~~strikethrough~~``). A paragraph is a run of
text and link blocks closed by ``BLOCK_END``; styles are ``[style, start, length]`` ranges
counted in UTF-16 code units from the paragraph start, each block carrying the part of a
range that falls on its own text. Headings are header blocks, lists list blocks, images
image blocks, a paragraph that is only a link to YouTube, Vimeo or Rutube a video block
(an external video), image blocks (a local file is marked with ``localPath`` until it is uploaded; an image of
``images.boosty.to`` keeps its id and loses the signed query of the link it was read from).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from .compose import BLOCK_END, LOCAL_PATH, text_block

__all__ = ["BOLD", "ITALIC", "STRIKETHROUGH", "UNDERLINE", "markdown_blocks"]

BOLD, ITALIC, UNDERLINE = 0, 2, 4
STRIKETHROUGH = 6
"""Style id sent for ``~~strikethrough~~``. No source of the catalogue names one (it lists
0 bold, 2 italic, 4 underline): 6 is an assumption; readers skip ids they do not know."""

_HEADERS = ("header-one", "header-two", "header-three", "header-four", "header-five", "header-six")
_STYLE_OF = {"strong": BOLD, "em": ITALIC, "s": STRIKETHROUGH}
_IMAGE_HOST = "images.boosty.to"
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "rutube.ru")


def _is_video(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in _VIDEO_HOSTS)


_PARSER = MarkdownIt("commonmark").enable("strikethrough")

JSON = dict[str, Any]


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Run:
    __slots__ = ("styles", "text", "url")

    def __init__(self, text: str, styles: frozenset[int], url: str | None) -> None:
        self.text, self.styles, self.url = text, styles, url


class _Inline:
    """Collects the runs of one paragraph (text with its styles and link target)."""

    def __init__(self, builder: _Builder) -> None:
        self.builder = builder
        self.runs: list[_Run] = []
        self.styles: list[int] = []
        self.url: str | None = None

    def add(self, text: str) -> None:
        if text:
            self.runs.append(_Run(text, frozenset(self.styles), self.url))

    def walk(self, node: SyntaxTreeNode) -> None:
        for child in node.children:
            kind = child.type
            if kind == "text" or kind == "code_inline":
                self.add(child.content)
            elif kind in ("softbreak", "hardbreak"):
                self.add("\n")
            elif kind in _STYLE_OF:
                self.styles.append(_STYLE_OF[kind])
                self.walk(child)
                self.styles.pop()
            elif kind == "link":
                outer, self.url = self.url, str(child.attrs.get("href", ""))
                before = len(self.runs)
                self.walk(child)
                if len(self.runs) == before:  # [](url): show the URL
                    self.add(self.url)
                self.url = outer
            elif kind == "image":
                self.builder.flush(self)
                self.builder.image(str(child.attrs.get("src", "")))
            elif kind == "html_inline":
                self._html(child.content)
            else:  # anything else: its text
                self.add(child.content)

    def _html(self, tag: str) -> None:
        name = tag.strip().lower().replace(" ", "")
        if name in ("<u>", "<ins>"):
            self.styles.append(UNDERLINE)
        elif name in ("</u>", "</ins>") and UNDERLINE in self.styles:
            self.styles.reverse()
            self.styles.remove(UNDERLINE)
            self.styles.reverse()
        elif name in ("<br>", "<br/>"):
            self.add("\n")
        else:
            self.add(tag)

    def blocks(self, header: int = 0) -> list[JSON]:
        """The paragraph's blocks (header: one header block of level ``header``)."""
        runs = [r for r in self.runs if r.text]
        if header:
            runs = [_Run(r.text, r.styles, None) for r in runs]
        groups: list[list[_Run]] = []
        for run in runs:
            if groups and groups[-1][0].url == run.url:
                groups[-1].append(run)
            else:
                groups.append([run])
        ranges = _ranges(runs)
        out: list[JSON] = []
        start = 0
        for group in groups:
            text = "".join(r.text for r in group)
            end = start + _units(text)
            own = [
                [s, max(a, start), min(a + n, end) - max(a, start)] for s, a, n in ranges if a < end and a + n > start
            ]
            url = group[0].url
            if header:
                out.append(text_block(text, _HEADERS[header - 1], own, kind="header"))
            elif url is not None:
                content = json.dumps([text, "unstyled", own], ensure_ascii=False)
                out.append({"type": "link", "content": content, "url": url, "explicit": False})
            else:
                out.append(text_block(text, "unstyled", own))
            start = end
        return out


def _ranges(runs: list[_Run]) -> list[tuple[int, int, int]]:
    """``(style, start, length)`` of each maximal stretch of a style over the runs."""
    out: list[tuple[int, int, int]] = []
    open_at: dict[int, int] = {}
    pos = 0
    for run in runs:
        for style in list(open_at):
            if style not in run.styles:
                start = open_at.pop(style)
                out.append((style, start, pos - start))
        for style in sorted(run.styles):
            open_at.setdefault(style, pos)
        pos += _units(run.text)
    for style, start in open_at.items():
        out.append((style, start, pos - start))
    return sorted(out, key=lambda r: (r[1], r[0]))


class _Builder:
    def __init__(self, base_dir: Path) -> None:
        self.base_dir = base_dir
        self.out: list[JSON] = []

    def flush(self, inline: _Inline) -> None:
        """Close the paragraph collected so far (if it shows anything) with ``BLOCK_END``."""
        runs = [r for r in inline.runs if r.text]
        if any(r.text.strip() for r in runs):
            runs[0].text = runs[0].text.lstrip(" \t")  # an image split the paragraph here
            runs[-1].text = runs[-1].text.rstrip(" \t")
            inline.runs = runs
            self.out += inline.blocks()
            self.out.append(dict(BLOCK_END))
        inline.runs = []

    def image(self, src: str) -> None:
        parts = urlsplit(src)
        if parts.scheme in ("http", "https"):
            segments = parts.path.strip("/").split("/")
            if parts.hostname == _IMAGE_HOST and len(segments) == 2 and segments[0] == "image":
                # An image already on Boosty: referenced by its id; the signed query of
                # the link that was read is the reader's, not part of the image.
                self.out.append({"type": "image", "id": segments[1], "url": f"https://{_IMAGE_HOST}{parts.path}"})
            else:
                self.out.append({"type": "image", "url": src})
            return
        path = Path(unquote(parts.path)) if parts.scheme == "file" else Path(unquote(src))
        if not path.is_absolute():
            path = self.base_dir / path
        self.out.append({"type": "image", LOCAL_PATH: str(path)})

    def paragraph(self, node: SyntaxTreeNode) -> None:
        inline = _Inline(self)
        for child in node.children:
            inline.walk(child)
        url = inline.runs[0].url if inline.runs else None
        if url and _is_video(url) and all(r.url == url for r in inline.runs):
            # a paragraph that is one link to a video site: a video block (an embed)
            text = "".join(r.text for r in inline.runs).strip()
            self.out.append({"type": "video", "url": url, **({"title": text} if text != url else {})})
            return
        self.flush(inline)

    def literal(self, text: str) -> None:
        text = text.rstrip("\n")
        if text.strip():
            self.out += [text_block(text), dict(BLOCK_END)]

    def block(self, node: SyntaxTreeNode) -> None:
        kind = node.type
        if kind == "paragraph":
            self.paragraph(node)
        elif kind == "heading":
            inline = _Inline(self)
            for child in node.children:
                inline.walk(child)
            if any(r.text.strip() for r in inline.runs):
                self.out += inline.blocks(header=min(6, int(node.tag[1:])))
                self.out.append(dict(BLOCK_END))
        elif kind in ("bullet_list", "ordered_list"):
            style = "ordered" if kind == "ordered_list" else "unordered"
            self.out.append({"type": "list", "style": style, "items": [self.item(i) for i in node.children]})
        elif kind == "html_block" and node.content.strip().startswith("<!--"):
            return  # a comment shows nothing
        elif kind in ("code_block", "fence", "html_block"):
            self.literal(node.content)
        elif kind == "hr":
            return
        else:  # blockquote and the like: their contents
            for child in node.children:
                self.block(child)

    def item(self, node: SyntaxTreeNode) -> JSON:
        data: list[JSON] = []
        nested: list[JSON] = []
        for child in node.children:
            if child.type in ("bullet_list", "ordered_list"):
                nested += [self.item(i) for i in child.children]
                continue
            inner = _Builder(self.base_dir)
            inner.block(child)
            data += inner.out
        while data and data[-1].get("modificator") == "BLOCK_END":
            data.pop()  # an item's paragraph needs no terminator of its own
        return {"data": data, "items": nested}


def markdown_blocks(text: str, base_dir: Path) -> list[JSON]:
    """The API blocks for Markdown ``text`` (ending with ``BLOCK_END``); local image paths
    are resolved against ``base_dir``."""
    builder = _Builder(base_dir)
    for node in SyntaxTreeNode(_PARSER.parse(text)).children:
        builder.block(node)
    if not builder.out or builder.out[-1].get("modificator") != "BLOCK_END":
        builder.out.append(dict(BLOCK_END))
    return builder.out

"""A post's content blocks as HTML parts for the page templates.

Text, headers, links, smiles and lists become Markdown (:func:`boosty.blocks_to_markdown`,
which escapes the author's text) and then HTML through markdown-it-py. Raw HTML is not
trusted: only the ``<u>``/``</u>`` marks of underlined text pass, any other tag shows as
text. Links with a ``javascript:``, ``vbscript:``, ``data:`` or ``file:`` target are no
links (markdown-it-py's link check), and an image whose source is not a local file becomes
a link, so a page never loads anything from another host.

Media blocks become :class:`Part` records (``image``, ``video``, ``audio``, ``file``,
``external``, ``missing``) that the template turns into ``<img>``, ``<video>``,
``<audio>`` and links; a local file is named by a relative, percent-encoded URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from ...models import (
    AudioBlock,
    FileBlock,
    ImageBlock,
    MediaItem,
    OkVideoBlock,
    VideoBlock,
    blocks_to_markdown,
    blocks_to_media,
)
from ..render import strip_query

__all__ = ["LocalUrl", "Part", "blocks_to_parts", "is_local", "markdown_to_html"]

LocalUrl = Callable[[MediaItem], "str | None"]
"""``local(item)`` → the relative, percent-encoded URL of the downloaded file, or ``None``."""

_ALLOWED_TAGS = frozenset({"<u>", "</u>"})


def is_local(url: str) -> bool:
    """``True`` for a relative URL (no scheme, no host): a file beside the page."""
    head = url.split("/", 1)[0]
    return bool(url) and not url.startswith(("/", "\\")) and ":" not in head


def _html_inline(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    content = tokens[idx].content
    return content if content.lower() in _ALLOWED_TAGS else str(escape(content))


def _html_block(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return f"<p>{escape(tokens[idx].content.strip())}</p>\n"


def _image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    if is_local(src):
        return f'<img src="{escape(src)}" alt="{escape(alt)}">'
    return f'<a href="{escape(strip_query(src))}" rel="noopener noreferrer">{escape(alt or "image")}</a>'


def _link_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    if not is_local(str(token.attrGet("href") or "")):
        token.attrSet("rel", "noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.add_render_rule("html_inline", _html_inline)
    md.add_render_rule("html_block", _html_block)
    md.add_render_rule("image", _image)
    md.add_render_rule("link_open", _link_open)
    return md


_MD = _parser()


def markdown_to_html(text: str) -> Markup:
    """``text`` (CommonMark) as safe HTML (see the module doc for what is filtered)."""
    return Markup(_MD.render(text))


@attrs.frozen
class Part:
    """One piece of a post page: ``kind`` is ``html`` (``html`` holds it), or a media kind
    with ``url`` (local and relative, or a remote page for ``external``/``missing``),
    ``title``, ``size`` (bytes) and ``width``/``height`` (pixels) when known."""

    kind: str
    html: Markup = attrs.field(factory=Markup)
    url: str = ""
    title: str = ""
    size: int | None = None
    width: int | None = None
    height: int | None = None


_MEDIA = (ImageBlock, FileBlock, AudioBlock, OkVideoBlock, VideoBlock)


def _media_part(block: Any, local: LocalUrl, quality: str, post_link: str) -> Part | None:
    found = blocks_to_media([block], quality=quality)
    title = str(getattr(block, "title", "") or "")
    if isinstance(block, OkVideoBlock) and not found:
        return Part("missing", url=post_link, title=title or "video")
    if not found:
        return None
    item = found[0]
    if item.external:
        return Part("external", url=item.url, title=title or item.url)
    url = local(item)
    if url is None:
        remote = post_link if item.kind == "video" else strip_query(item.url)
        return Part("missing", url=remote, title=title or item.kind)
    return Part(item.kind, url=url, title=title, size=item.size, width=item.width, height=item.height)


def blocks_to_parts(
    blocks: Iterable[Any], local: LocalUrl, *, quality: str = "highest", post_link: str = ""
) -> list[Part]:
    """The page parts of ``blocks``: runs of text as one ``html`` part each, media blocks
    as media parts (local files through ``local``; not downloaded ones as ``missing``
    links to ``post_link`` or the file's URL without its signed query)."""

    def url_for(item: MediaItem) -> str | None:
        url = local(item)
        return url if url is not None else strip_query(item.url)

    parts: list[Part] = []
    run: list[Any] = []

    def flush() -> None:
        if run:
            text = blocks_to_markdown(run, quality=quality, url_for=url_for)
            if text.strip():
                parts.append(Part("html", html=markdown_to_html(text)))
            run.clear()

    for block in blocks:
        if isinstance(block, _MEDIA):
            flush()
            part = _media_part(block, local, quality, post_link)
            if part is not None:
                parts.append(part)
        else:
            run.append(block)  # text, header, link, smile, list (its media as links or images)
    flush()
    return parts


def first_image(blocks: Iterable[Any], local: LocalUrl) -> str | None:
    """The local URL of the first downloaded image of ``blocks`` (lists searched too)."""
    for item in blocks_to_media(blocks):
        if item.kind == "image":
            url = local(item)
            if url is not None:
                return url
    return None

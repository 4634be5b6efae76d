"""``boosty posts``, ``post``, ``comments``: a blog's posts and their discussions."""

from __future__ import annotations

from typing import Any

import click
from rich.markdown import Markdown
from rich.markup import escape

from ..app import State, blog_command, cli, json_option, limit_option, pass_state
from ..output import Column, cell, size_text
from ._fields import attr

__all__ = ["comments", "post", "posts"]


@blog_command()
@limit_option("posts (newest first)")
def posts(state: State, slug: str, max_items: int | None) -> None:
    """A blog's posts, newest first (all pages unless --limit)."""
    items = state.client().iter_posts(slug, max_items=max_items)
    state.output.listing(
        items,
        [
            Column("id", attr("id"), no_wrap=True),
            Column("published", lambda p: cell(p.publish_time)[:10], no_wrap=True),
            Column("title", attr("title"), max_width=50, min_width=16),
            Column("access", lambda p: "yes" if p.has_access else "no", no_wrap=True),
            Column("likes", attr("count.likes"), justify="right", no_wrap=True),
            Column("comm.", attr("count.comments"), justify="right", no_wrap=True),
        ],
        title=f"posts of {slug}",
        label="posts",
    )


@cli.command(short_help="One post as Markdown, with its media.")
@click.argument("slug")
@click.argument("post_id")
@click.option("--markdown", "raw", is_flag=True, help="Print the post as raw Markdown (no terminal styling).")
@json_option
@pass_state
def post(state: State, slug: str, post_id: str, raw: bool) -> None:
    """One post: title, date, text as Markdown, and its media (POST_ID is the post's UUID)."""
    state.subject = f"post {post_id!r} of blog {slug!r}"
    item: Any = state.client().post(slug, post_id)
    out = state.output
    if out.json_mode:
        out.record(item, [])
        return
    title = item.title or "(untitled)"
    url = item.url or f"https://boosty.to/{slug}/posts/{item.id or post_id}"
    header = f"{cell(item.publish_time)} UTC - {url}"
    text = item.to_markdown()
    if not text and not item.has_access:
        text = "*(no access: a paid level is needed)*\n\n" + item.teaser_text
    if raw or not out.console.is_terminal:
        out.text(f"# {title}\n\n{header}\n\n{text}")
    else:
        out.console.print(f"[bold]{escape(title)}[/bold]", highlight=False)
        out.console.print(header, style="dim", highlight=False, markup=False)
        out.console.print()
        out.console.print(Markdown(text or "*(empty)*"))
    media = [m for m in item.media if not m.external]
    if media:
        out.status(
            f"{len(media)} media: "
            + ", ".join(f"{m.kind} {m.filename} {size_text(m.size) if m.size else ''}".rstrip() for m in media)
        )


@cli.command()
@click.argument("slug")
@click.argument("post_id")
@limit_option("comments")
@json_option
@pass_state
def comments(state: State, slug: str, post_id: str, max_items: int | None) -> None:
    """A post's comments, oldest first."""
    state.subject = f"post {post_id!r} of blog {slug!r}"
    items = state.client().iter_comments(slug, post_id, max_items=max_items)
    state.output.listing(
        items,
        [
            Column("id", attr("int_id"), justify="right", no_wrap=True),
            Column("author", attr("author.name"), max_width=24),
            Column("time", attr("created_at"), no_wrap=True),
            Column("text", lambda c: getattr(c, "text", ""), max_width=60),
            Column("replies", attr("reply_count"), justify="right"),
        ],
        title=f"comments on {post_id}",
        label="comments",
    )

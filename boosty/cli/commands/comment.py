"""``boosty comment``: comment on a post, or answer a comment."""

from __future__ import annotations

from typing import Any

import click

from ..app import State, cli, json_option, pass_state

__all__ = ["comment"]


@cli.command(short_help="Comment on a post (or reply to a comment).")
@click.argument("slug")
@click.argument("post_id")
@click.argument("text")
@click.option(
    "--reply-to", "reply_to", type=click.IntRange(min=1), metavar="INT_ID", help="Answer the comment with this int id."
)
@json_option
@pass_state
def comment(state: State, slug: str, post_id: str, text: str, reply_to: int | None) -> None:
    """Post TEXT (one literal paragraph) as a comment on POST_ID of blog SLUG.

    Prints the new comment's int id and link (--json: the comment). The comment is sent
    once: after a network error or a 5xx, look before sending it again.
    """
    state.subject = f"post {post_id!r} of blog {slug!r}"
    if not text.strip():
        raise click.BadParameter("must not be empty", param_hint="TEXT")
    created: Any = state.client().comment_create(slug, post_id, text, reply_to=reply_to)
    url = f"https://boosty.to/{slug}/posts/{post_id}?comment={created.int_id}"
    state.output.record(created, [("int id", created.int_id), ("id", created.id), ("url", url)])

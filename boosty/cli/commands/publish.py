"""``boosty publish BLOG FILE.md``: post a Markdown file (its local images uploaded first)."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click

from ..._model.compose import Content
from ..app import State, cli, json_option, pass_state
from ..errors import CliError, ExitCode

__all__ = ["front_matter", "publish"]

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.DOTALL | re.MULTILINE)
_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_HEADING = re.compile(r"\A\s*#[ \t]+(.+?)[ \t]*#*[ \t]*(?:\r?\n|\Z)")
# What `boosty download` adds around the body: a note for posts read without access, and
# the list of external videos (already linked in the body).
_NO_ACCESS = re.compile(r"^\*No access: only the teaser is shown\.\*[ \t]*\r?\n", re.MULTILINE)
_VIDEOS = re.compile(r"^## External videos[ \t]*\r?\n\s*(?:- <[^>\s]+>[ \t]*\r?\n?)+\s*\Z", re.MULTILINE)


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The front matter of a Markdown file (``---`` lines around ``key: value`` lines, as
    ``boosty download`` writes it) and the text after it. Values are read as JSON where
    they parse (strings, lists, numbers, ``true``), else kept as text."""
    match = _FENCE.match(text)
    if match is None:
        return {}, text
    fields: dict[str, Any] = {}
    for line in match.group(1).splitlines():
        found = _LINE.match(line)
        if found is None:
            continue
        key, raw = found.groups()
        try:
            fields[key] = json.loads(raw)
        except ValueError:
            fields[key] = raw
    return fields, text[match.end() :]


def _price(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        price = Decimal(str(value))
    except InvalidOperation:
        price = Decimal("NaN")
    if isinstance(value, bool) or not price.is_finite() or price < 0:
        raise CliError(f"price must be a number >= 0, got {value!r}", ExitCode.USAGE)
    return price


def _tags(value: Any) -> list[str] | None:
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise CliError(f"tags must be a list or a comma-separated text, got {value!r}", ExitCode.USAGE)
    return [str(t).strip() for t in items if str(t).strip()]


@cli.command(short_help="Publish a Markdown file as a post.")
@click.argument("blog")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="The post's title (default: the front matter's, else the first # heading).")
@click.option("--price", help="Minimum donation that opens the post (default: free, or the front matter's).")
@click.option("--level", "level_id", type=click.IntRange(min=1), help="Id of the subscription level that opens it.")
@click.option("--draft", is_flag=True, help="Only save it as the blog's draft (not published).")
@click.option("--tags", help="Comma-separated tags (default: the front matter's).")
@json_option
@pass_state
def publish(
    state: State,
    blog: str,
    file: Path,
    title: str | None,
    price: str | None,
    level_id: int | None,
    draft: bool,
    tags: str | None,
) -> None:
    """Publish FILE.md to BLOG (you must own it) and print the post's URL (--json: the post).

    Local images the Markdown references (relative to the file) are uploaded first. A
    front matter block at the top (the one `boosty download` writes) supplies title,
    price and tags; the options override it. A first `# heading` equal to the title is
    not repeated in the body.
    """
    state.subject = f"blog {blog!r}"
    fields, body = front_matter(file.read_text(encoding="utf-8"))
    title = title if title is not None else fields.get("title")
    heading = _HEADING.match(body)
    if heading is not None and (title is None or heading.group(1).strip() == str(title).strip()):
        title = heading.group(1).strip() if title is None else title
        body = body[heading.end() :]
    if not title or not str(title).strip():
        raise CliError("the post needs a title: --title, a front matter title, or a first # heading", ExitCode.USAGE)
    if "id" in fields and "link" in fields:  # a file `boosty download` wrote
        body = _VIDEOS.sub("", _NO_ACCESS.sub("", body, count=1))
    content = Content.from_markdown(body, base_dir=file.parent)
    options: dict[str, Any] = {
        "price": _price(price if price is not None else fields.get("price")),
        "tags": _tags(tags if tags is not None else fields.get("tags")),
        "level_id": level_id,
    }
    client = state.client()
    out = state.output
    if draft:
        saved = client.draft_save(blog, str(title), content, **options)
        if out.json_mode:
            out.record(saved, [])
        else:
            out.text(f"draft saved: {saved.title}")
        return
    post = client.post_create(blog, str(title), content, **options)
    if out.json_mode:
        out.record(post, [])
    else:
        out.text(post.url or f"https://boosty.to/{blog}/posts/{post.id}")

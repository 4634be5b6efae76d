"""What a post folder holds besides its media: ``post.md`` and ``post.json``.

``post.md`` starts with a front matter block (YAML; every string is written as a JSON
string, which YAML reads as is): ``title``, ``date`` (publish time, ISO 8601 UTC), ``id``,
``int_id``, ``blog``, ``tags``, ``link`` (the post's web page), ``access`` (``false`` when
only the teaser was visible). Then ``# title`` and the body as Markdown with downloaded
media linked to the local files, then the list of external videos. Without access, the
teaser is the body.

``post.json`` is :func:`~boosty.models.to_dict` of the post with its signed parts removed
(``signedQuery`` and the query of video player URLs: they grant access for a day and are
stale after that anyway).

Both are written atomically (:func:`write_atomic`: a temporary file in the same folder,
fsynced, renamed over the target), so a reader never sees half a file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .._model.content import MediaItem, VideoBlock, blocks_to_markdown
from .._model.converter import to_dict
from .._model.post import Post

__all__ = ["post_date", "post_json", "post_link", "post_markdown", "strip_query", "write_atomic"]


def strip_query(url: str) -> str:
    """``url`` without its query and fragment (a signed media link made harmless)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def post_date(post: Post) -> dt.datetime | None:
    """The post's publish time (its creation time if none), UTC, or ``None``."""
    return post.publish_time or post.created_at


def post_link(post: Post, blog: str) -> str:
    """The post's web page, ``https://boosty.to/<blog>/posts/<id>``."""
    return post.url or f"https://boosty.to/{blog}/posts/{post.id}"


def _external_videos(blocks: list[Any]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, VideoBlock) and block.url and block.url not in out:
            out.append(block.url)
    return out


def _front_matter(post: Post, blog: str) -> str:
    when = post_date(post)
    fields: list[tuple[str, str]] = [
        ("title", json.dumps(post.title, ensure_ascii=False)),
        ("date", when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if when else "null"),
        ("id", json.dumps(post.id)),
        ("int_id", str(post.int_id) if post.int_id is not None else "null"),
        ("blog", json.dumps(blog, ensure_ascii=False)),
        ("tags", json.dumps([t.title for t in post.tags], ensure_ascii=False)),
        ("link", json.dumps(post_link(post, blog))),
        ("access", "true" if post.has_access else "false"),
    ]
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields) + "---\n"


def post_markdown(post: Post, blog: str, url_for: Callable[[MediaItem], str | None], quality: str) -> str:
    """The text of ``post.md`` (see the module doc).

    ``url_for(item)`` gives the link of a media item: a local file (relative, URL-quoted) or
    ``None``; a ``None`` becomes the item's URL without its signed query.
    """

    def link(item: MediaItem) -> str:
        local = url_for(item)
        if local is not None:
            return local
        return item.url if item.external else strip_query(item.url)

    blocks = post.data if post.has_access else post.teaser
    body = blocks_to_markdown(blocks, signed_query="", quality=quality, url_for=link)
    parts = [_front_matter(post, blog)]
    if post.title:
        parts.append(f"# {post.title}\n")
    if not post.has_access:
        parts.append("*No access: only the teaser is shown.*\n")
    if body.strip():
        parts.append(body.rstrip() + "\n")
    videos = _external_videos(blocks)
    if videos:
        parts.append("## External videos\n\n" + "".join(f"- <{url}>\n" for url in videos))
    return "\n".join(parts)


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "signedQuery":
                continue
            if key == "playerUrls" and isinstance(item, list):
                item = [
                    {**p, "url": strip_query(p["url"])} if isinstance(p, dict) and p.get("url") else p for p in item
                ]
            out[key] = _scrub(item)
        return out
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    return value


def post_json(post: Post) -> bytes:
    """The bytes of ``post.json``: the post as plain data (API field names), signed parts
    removed, pretty-printed UTF-8."""
    data = _scrub(to_dict(post))
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n").encode("utf-8")


def _umask() -> int:
    """The process's file mode creation mask, read without changing it where the OS allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:  # pragma: no cover - not Linux
        pass
    mask = os.umask(0o022)  # pragma: no cover - not Linux
    os.umask(mask)  # pragma: no cover - not Linux
    return mask  # pragma: no cover - not Linux


def write_atomic(path: Path, data: bytes, *, fsync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The temporary file is removed if anything fails; ``path`` is either the old file or the
    new one, never a mix. The file gets the mode a plain ``open()`` would give it (0666
    less the umask), not mkstemp's 0600. Raises :class:`OSError` on failure.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            # mkstemp makes the file 0600; an archive file gets what open() would give it.
            os.chmod(handle.fileno(), 0o666 & ~_umask())
            handle.write(data)
            handle.flush()
            if fsync:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""How a download run drives its :class:`~boosty.download.site.Site` (used by the engine).

:func:`start` opens the site; :func:`page` writes a post's page where the run writes its
text; :func:`finish`, at the end of the run, learns the blog's title and avatar once
(``GET /v1/blog/{blog}``, then the avatar from its host without credentials), renders the
pages missing for posts an earlier run archived (from their ``post.json``), and writes the
index. A failed profile or avatar request is an error in the report, not a failed run.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import Post
from ..._errors import BoostyError
from ..._model.converter import structure
from ..errors import DownloadError
from ..fetch import fetch
from ..paths import PART, ensure_inside
from ..plan import extension_for, sniff
from .writer import ASSETS, PAGE, Site

if TYPE_CHECKING:
    from ..engine import Run

__all__ = ["finish", "page", "start"]


async def page(run: Run, post: Post, folder: Path, local: Mapping[str, str], fingerprint: str) -> None:
    """Write ``post``'s page (nothing when the run writes no site)."""
    if run.site is not None:
        await run.offload(run.site.write_page, post, folder, local, fingerprint)


async def _blog(run: Run, site: Site) -> None:
    try:
        blog: Any = await run.api.blog(run.blog)
    except BoostyError as exc:
        run.fail(None, None, f"blog profile for the archive's index: {exc}")
        return
    avatar = ""
    url = blog.owner.avatar_url if blog.owner is not None else ""
    if url:
        part = ensure_inside(run.dest, site.root / ASSETS / ("avatar" + PART))
        part.parent.mkdir(parents=True, exist_ok=True)
        try:
            got = await fetch(
                run.io,
                url,
                part,
                retries=run.opt.retries,
                backoff=run.opt.backoff,
                timeout=run.opt.timeout,
                fsync=run.opt.fsync,
            )
        except (BoostyError, OSError) as exc:
            part.unlink(missing_ok=True)
            run.fail(None, "avatar", exc)
        else:
            avatar = "avatar" + (extension_for(got.content_type) or sniff(part) or ".jpg")
            os.replace(part, site.root / ASSETS / avatar)
            run.report.bytes_downloaded += got.downloaded
    site.set_blog(blog.title or run.blog, avatar)


async def _backfill(run: Run, site: Site) -> None:
    """Pages for posts archived without one (an earlier run with the site turned off)."""
    for record in run.db.posts(run.blog):
        entry = site.entry(record.post_id)
        folder = run.root / record.folder
        if record.post_id in site.attempted:
            continue  # this run wrote the page, or reported why not
        if entry is not None and entry.get("fingerprint") == record.fingerprint and (folder / PAGE).is_file():
            continue
        media = run.db.media(run.blog, record.post_id)
        local = {key: m.name for key, m in media.items() if m.status == "done"}
        try:
            await run.offload(_render_saved, site, folder, local, record.fingerprint)
        except OSError as exc:
            run.fail(record.int_id, PAGE, exc)


def _render_saved(site: Site, folder: Path, local: dict[str, str], fingerprint: str) -> None:
    try:
        data = json.loads((folder / "post.json").read_text("utf-8"))
        post = structure(data, Post)
    except (OSError, ValueError, BoostyError):
        return  # no text archived (only= without "text"): no page
    site.write_page(post, folder, {k: v for k, v in local.items() if (folder / v).is_file()}, fingerprint)


async def start(run: Run) -> Site | None:
    """The site of the run (``None`` with ``html=False``). Raises :class:`~boosty.download.DownloadError` when the
    site's manifest is unreadable."""
    if not run.opt.html:
        return None
    try:
        site = Site(run.root, run.blog, quality=run.opt.quality, fsync=run.opt.fsync)
    except ValueError as exc:
        raise DownloadError(str(exc)) from None
    return site


async def finish(run: Run) -> None:
    """Complete the site at the end of a run (nothing when the run writes no site).
    Raises :class:`OSError` when a file cannot be written."""
    site = run.site
    if site is None:
        return
    if site.blog_info is None:
        await _blog(run, site)
    await _backfill(run, site)
    await asyncio.to_thread(site.finish)

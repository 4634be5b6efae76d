"""``boosty download``: mirror a blog's posts and media to a folder, with progress bars."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import attrs
import click

from ..app import State, cli, json_option, pass_state
from ..errors import CliError, ExitCode
from ..output import plural, size_text

__all__ = ["download"]

QUALITIES = ("highest", "high", "medium", "low", "lowest")
KINDS = ("images", "files", "audio", "video", "text")
_DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _kinds(_ctx: click.Context, _param: click.Parameter, value: str | None) -> list[str] | None:
    if value is None:
        return None
    kinds = [k.strip().lower() for k in value.split(",") if k.strip()]
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown or not kinds:
        raise click.BadParameter(f"{', '.join(unknown) or 'nothing'}: choose from {','.join(KINDS)}")
    return kinds


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.timezone.utc) if value is not None else None


def _summary(report: Any, seconds: float) -> str:
    posts = (
        f"{plural(report.posts_seen, 'post')} ({report.posts_new} new, {report.posts_updated} updated, "
        f"{report.posts_skipped} unchanged, {report.posts_no_access} without access)"
    )
    files = f"{plural(report.files_downloaded, 'file')} downloaded ({size_text(report.bytes_downloaded)})"
    extra = [f"{report.files_skipped} already there"] if report.files_skipped else []
    if report.files_pending:
        extra.append(f"{report.files_pending} not ready on Boosty yet")
    if report.errors:
        # Every failure (a file, a post, a page): the count of the report's `errors`.
        extra.append(f"{len(report.errors)} failed")
    tail = f", {', '.join(extra)}" if extra else ""
    requests = plural(report.api_requests, "API request")
    return f"{report.blog}: {posts}; {files}{tail}; {requests} in {seconds:.1f} s -> {report.dest}"


def _report_json(report: Any, seconds: float) -> str:
    data = attrs.asdict(report)
    data["dest"] = str(report.dest)
    data["ok"] = report.ok
    data["seconds"] = round(seconds, 3)
    return json.dumps(data, ensure_ascii=False, default=str)


def _fresh_dest(dest: Path) -> bool | None:
    """``None`` if ``dest`` already holds a download state; else whether ``dest`` exists yet."""
    from ...download.state import STATE_FILE

    return None if (dest / STATE_FILE).exists() else dest.exists()


def _undo_fresh_dest(dest: Path, existed: bool) -> None:
    """After a first run that never got a post from the API: remove the state files it
    created, and ``dest`` itself if this run created it (and it is empty)."""
    from ...download.state import LOCK_FILE, STATE_FILE

    for name in (STATE_FILE, LOCK_FILE, *(f"{STATE_FILE}-{tail}" for tail in ("journal", "wal", "shm"))):
        (dest / name).unlink(missing_ok=True)
    if not existed:
        with contextlib.suppress(OSError):
            dest.rmdir()


@cli.command()
@click.argument("slug")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option(
    "--quality",
    type=click.Choice(QUALITIES),
    default="highest",
    show_default=True,
    help="Boosty video quality: the best at or below it (high 720p, medium 480p, low 360p, lowest 240p).",
)
@click.option(
    "--only",
    callback=_kinds,
    metavar="KINDS",
    help=f"Save only these, comma-separated: {','.join(KINDS)} (default: all).",
)
@click.option(
    "--since",
    type=click.DateTime(_DATE_FORMATS),
    metavar="DATE",
    help="Posts published at or after this: a date (2024-01-31) or a time (2024-01-31T18:00), UTC.",
)
@click.option(
    "--until",
    type=click.DateTime(_DATE_FORMATS),
    metavar="DATE",
    help="Posts published before this (same forms as --since).",
)
@click.option("--limit", type=click.IntRange(min=1), help="Look at the N newest posts (in the date range) only.")
@click.option("--jobs", type=click.IntRange(1, 32), default=4, show_default=True, help="Files in flight at once.")
@click.option("--rescan", is_flag=True, help="Walk every page even when nothing changed since the last run.")
@click.option("--html/--no-html", default=True, help="Write a browsable site: DEST/SLUG/index.html, post.html.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or per-post lines; only the summary and errors.")
@json_option(help_text="Print the run's report as JSON instead of the summary line.")
@pass_state
def download(
    state: State,
    slug: str,
    dest: Path,
    quality: str,
    only: list[str] | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    limit: int | None,
    jobs: int,
    rescan: bool,
    html: bool,
    quiet: bool,
) -> None:
    """Mirror blog SLUG into DEST/SLUG/ (default: the current folder).

    Each post becomes a folder DATE_ID_TITLE with post.md (its text as Markdown, media
    linked to the local files), post.json and its images, files, audio and video;
    post.html and DEST/SLUG/index.html make a site to browse offline (--no-html: none).
    Interrupted files resume; a second run downloads only what is new or changed.
    """
    from ...download import AsyncDownloader
    from ..progress import DownloadProgress

    state.subject = f"blog {slug!r}"
    out = state.output
    started = time.monotonic()

    async def mirror(progress: DownloadProgress) -> Any:
        async with state.async_client() as client:
            downloader = AsyncDownloader(
                client,
                dest,
                only=only,
                quality=quality,
                since=_utc(since),
                until=_utc(until),
                limit=limit,
                jobs=jobs,
                retries=max(state.settings.retries, 1),
                backoff=state.settings.backoff,  # timeout: the client's (the settings')
                rescan=rescan,
                progress=progress,
                html=html,
            )
            return await downloader.run(slug)

    fresh = _fresh_dest(dest)
    with DownloadProgress(out.err, quiet=quiet or out.json_mode) as progress:
        # asyncio.run cancels the transfers at once on Ctrl-C (partial files stay for a resume).
        try:
            report = asyncio.run(mirror(progress))
        except BaseException:
            if fresh is not None and not progress.posts_started:
                _undo_fresh_dest(dest, fresh)
            raise
    seconds = time.monotonic() - started
    if out.json_mode:
        out.text(_report_json(report, seconds))
    else:
        out.status(_summary(report, seconds))
    if not report.ok:
        failed = len(report.errors) or report.files_failed
        raise CliError(
            f"{plural(failed, 'failure')} (see above); run the same command again to retry",
            ExitCode.ERROR,
        )

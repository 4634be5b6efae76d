"""One post's media: naming them, transferring each, renewing expired links (used by
:mod:`boosty.download.engine`, whose module doc describes a run).

Each function takes the :class:`~boosty.download.engine.Run` it works for: its state,
report, options and transfer slots.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import BadRequest, BoostyError, Forbidden
from .._model.post import Post
from .fetch import fetch
from .paths import PART, NameSet, ensure_inside
from .plan import RESERVED_NAMES, MediaJob, extension_for, plan_media, sniff
from .progress import FileFinished, FileProgress, FileStarted, FileStatus
from .state import MediaRecord, MediaStatus

if TYPE_CHECKING:
    from .engine import Run

__all__ = ["Expired", "file_failed", "name_jobs", "put_media", "refresh", "transfer"]


class Expired(Exception):
    """A media host refused a signed link (400/403)."""

    def __init__(self, error: BoostyError) -> None:
        super().__init__(str(error))
        self.error = error


def file_failed(run: Run, post: Post, job: MediaJob, error: BaseException | str) -> None:
    run.fail(post.int_id, job.shown, error)
    run.report.files_failed += 1
    run.emit(FileFinished(f"{post.int_id or 0}/{job.key}", post.int_id or 0, job.shown, "failed", 0))


def put_media(run: Run, post: Post, job: MediaJob, status: MediaStatus, size: int = 0) -> None:
    record = MediaRecord(run.blog, post.id, job.key, job.kind, job.name, status, size)
    run.db.put_media(record)
    job.record = record


async def transfer(run: Run, post: Post, folder: Path, job: MediaJob, *, retry: bool) -> FileStatus | Expired:
    int_id = post.int_id or 0
    key = f"{int_id}/{job.key}"
    record = job.record
    if record is not None and record.status == "done" and (folder / record.name).is_file():
        run.report.files_skipped += 1
        run.emit(FileFinished(key, int_id, job.name, "skipped", record.size))
        return "skipped"
    if job.pending:
        put_media(run, post, job, "pending")
        run.report.files_pending += 1
        run.emit(FileFinished(key, int_id, job.shown, "pending", 0))
        return "pending"
    put_media(run, post, job, "incomplete")
    started = False

    def on_start(total: int | None, done: int) -> None:
        nonlocal started
        if started:
            run.emit(FileProgress(key, 0, done, total))
        else:
            started = True
            run.emit(FileStarted(key, int_id, job.shown, job.kind, total, done))

    def on_progress(advanced: int, done: int, total: int | None) -> None:
        run.emit(FileProgress(key, advanced, done, total))

    async with run.transfers:
        try:
            part = ensure_inside(run.dest, folder / job.part_name, resolved_root=run.real_dest)
            fetched = await fetch(
                run.io,
                job.url,
                part,
                declared_size=job.size,
                chunk_size=run.opt.chunk_size,
                retries=run.opt.retries,
                backoff=run.opt.backoff,
                timeout=run.opt.timeout,
                fsync=run.opt.fsync,
                on_start=on_start,
                on_progress=on_progress,
            )
        except (BadRequest, Forbidden) as exc:
            if retry:
                return Expired(exc)
            file_failed(run, post, job, exc)
            return "failed"
        except (BoostyError, OSError) as exc:
            file_failed(run, post, job, exc)
            return "failed"
    run.report.bytes_downloaded += fetched.downloaded
    name = job.name
    if job.stem:
        ext = extension_for(fetched.content_type) or job.fallback_ext or sniff(part)
        name = job.name + ext
    try:
        os.replace(part, ensure_inside(run.dest, folder / name, resolved_root=run.real_dest))
    except (BoostyError, OSError) as exc:  # the part stays for the next run
        file_failed(run, post, job, exc)
        return "failed"
    job.name = name
    put_media(run, post, job, "done", fetched.size)
    run.report.files_downloaded += 1
    run.emit(FileFinished(key, int_id, name, "downloaded", fetched.size))
    return "downloaded"


async def refresh(
    run: Run, post: Post, folder: Path, jobs: list[MediaJob], expired: list[MediaJob], results: list[Any]
) -> tuple[Post, list[Any]]:
    """Fetch ``post`` again for fresh links and retry the ``expired`` jobs once."""
    try:
        fresh = await run.api.post(run.blog, post.id)
    except BoostyError as exc:
        for job in expired:
            file_failed(run, post, job, f"{exc} (while renewing an expired link)")
        return post, [("failed" if isinstance(r, Expired) else r) for r in results]
    renewed = {job.key: job for job in plan_media(fresh, run.opt.kinds, run.opt.quality)}
    out = list(results)
    retries = []
    for job in expired:
        new = renewed.get(job.key)
        if new is None or not fresh.has_access:
            file_failed(run, post, job, "the link expired and the renewed post no longer offers this file")
            out[jobs.index(job)] = "failed"
            continue
        job.url, job.item, job.size = new.url, new.item, new.size
        retries.append(job)
    again = await asyncio.gather(*(transfer(run, fresh, folder, job, retry=False) for job in retries))
    for job, result in zip(retries, again):
        out[jobs.index(job)] = result
    return fresh, out


def name_jobs(run: Run, post: Post, folder: Path) -> list[MediaJob]:
    """Plan the post's media and give each a unique name, keeping names of earlier runs."""
    jobs = plan_media(post, run.opt.kinds, run.opt.quality)
    records = run.db.media(run.blog, post.id)
    keys = {job.key for job in jobs}
    recorded = {r.name.casefold() for r in records.values() if r.key in keys}
    try:
        existing = tuple(
            p.name for p in folder.iterdir() if p.name.casefold() not in recorded and not p.name.endswith(PART)
        )
    except FileNotFoundError:
        existing = ()
    names = NameSet((*RESERVED_NAMES, *existing))
    fresh = []
    for job in jobs:
        job.record = records.get(job.key)
        if job.record is not None and job.record.name:
            if job.record.status == "done":
                job.name, job.stem = job.record.name, False
            else:
                job.name = job.record.name
            names.claim(job.name, stem=job.stem)
        else:
            fresh.append(job)
    for job in fresh:
        job.name = names.claim(job.name, stem=job.stem)
    return jobs

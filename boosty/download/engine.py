"""The downloader: mirror a blog's posts and media into a folder, incrementally.

Use::

    from boosty import Boosty
    from boosty.download import Downloader

    with Boosty(token) as client:
        report = Downloader(client, "archive", quality="high", jobs=4).run("some_blog")
    print(report.files_downloaded, report.bytes_downloaded, report.errors)

    # asyncio
    async with AsyncBoosty(token) as client:
        report = await AsyncDownloader(client, "archive").run("some_blog")

Layout: ``dest/<blog>/<YYYY-MM-DD>_<int_id>_<slug of title>/`` holds ``post.md``,
``post.json`` (see :mod:`boosty.download.render`) and the post's media: images (named
after their title or ``image-NN``, extension from ``Content-Type``), files and audio
(the author's file names), Boosty-hosted video (``<title>.mp4`` at the chosen
``quality``). Every name is sanitised (:mod:`boosty.download.paths`) and
de-duplicated; nothing is written outside ``dest``. External videos (YouTube, ...) are
listed in ``post.md``, not downloaded.

How a run goes:

1. Pages of posts are read newest first (``page_size`` a page; ``since``/``until`` are
   sent as ``from_ts``/``to_ts`` and checked again here). A post whose fingerprint
   (``int_id``, ``updatedAt``, access) matches the state, whose wanted media are all
   complete on disk and whose ``post.md`` is written is skipped. The state keeps a
   *frontier*: every post published at or before it was seen by an earlier run. The walk
   stops after the first page that reaches it, so a second run over an unchanged blog
   makes one API request and downloads nothing, and new posts cost only the pages that
   hold them. (Edits to posts behind the first page are seen with ``rescan=True``.)
2. Posts left unfinished by earlier runs that the walk did not reach (a video that was
   still processing, a failed or interrupted file) are fetched one by one
   (``GET /v1/blog/{blog}/post/{id}``) and finished.
3. Each post is processed by one of ``jobs`` workers; its media are fetched concurrently
   with at most ``jobs`` transfers in the whole run (:mod:`boosty.download.fetch`:
   streamed, resumable ``.part`` files, size-checked, renamed when complete). Media
   requests go through the client's sender chain (retry, rate limit) but never through
   its auth: no ``Authorization``, no API cookies.
4. A media host answering 400 or 403 means an expired signed link: the post is fetched
   again once for fresh links and those media are retried once.
5. ``post.md`` and ``post.json`` are written last (atomically), with media linked to
   the local files. A post without access is recorded with its teaser.

Failures of single files or posts are counted in the :class:`DownloadReport` and its
``errors`` and retried on the next run; errors listing the blog (unknown blog, network
down) raise. ``progress`` receives the events of :mod:`boosty.download.progress`.

One implementation serves both modes: the core is ``async``; it awaits an async client
and runs a sync client's calls (and its streamed bodies) in worker threads.
:meth:`Downloader.run` runs the core with :func:`asyncio.run` in a private thread, so it
works inside a running event loop too (Jupyter); Ctrl-C cancels the run and keeps the
``.part`` files for a resume.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import mimetypes
import os
import threading
from collections.abc import Callable, Coroutine, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar, Union, cast
from urllib.parse import quote, urlsplit

import attrs

from .._client.client import AsyncBoosty, Boosty
from .._errors import BadRequest, BoostyError, Forbidden, NotFound
from .._model.content import ListBlock, MediaItem, OkVideoBlock, choose_player_url
from .._model.post import Post
from .errors import DownloadOptionError
from .fetch import CHUNK_SIZE, SenderIO, fetch
from .paths import NameSet, ensure_inside, post_dir_name, safe_name
from .progress import (
    DownloadEvent,
    DownloadFailure,
    DownloadReport,
    ErrorOccurred,
    FileFinished,
    FileProgress,
    FileStarted,
    FileStatus,
    PostFinished,
    PostStarted,
    PostStatus,
    ProgressCallback,
)
from .render import post_date, post_json, post_markdown, write_atomic
from .state import MediaRecord, PostRecord, State

__all__ = ["KINDS", "AsyncDownloader", "Downloader"]

T = TypeVar("T")
C = TypeVar("C")

KINDS = frozenset({"images", "files", "audio", "video", "text"})
"""What ``only=`` may name: ``images``, ``files``, ``audio``, ``video`` (Boosty-hosted),
``text`` (``post.md`` and ``post.json``)."""

_KIND = {"image": "images", "file": "files", "audio": "audio", "video": "video"}
_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/pjpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/avif": ".avif",
    "image/heic": ".heic",
    "image/svg+xml": ".svg",
    "video/mp4": ".mp4",
    "video/webm": ".webm",
    "audio/mpeg": ".mp3",
    "audio/mp3": ".mp3",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/ogg": ".ogg",
    "audio/flac": ".flac",
    "application/zip": ".zip",
    "application/pdf": ".pdf",
}
_MAGIC = (
    (0, b"\xff\xd8\xff", ".jpg"),
    (0, b"\x89PNG\r\n\x1a\n", ".png"),
    (0, b"GIF8", ".gif"),
    (8, b"WEBP", ".webp"),
    (4, b"ftyp", ".mp4"),
    (0, b"ID3", ".mp3"),
    (0, b"PK\x03\x04", ".zip"),
    (0, b"%PDF", ".pdf"),
)
_RESERVED_NAMES = ("post.md", "post.json")


# -- options --------------------------------------------------------------------------


def _as_utc(value: dt.datetime | dt.date | None, name: str) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    raise DownloadOptionError(f"{name} must be a datetime or a date, got {type(value).__name__}")


@attrs.frozen
class _Options:
    dest: Path
    kinds: frozenset[str]
    quality: str
    since: dt.datetime | None
    until: dt.datetime | None
    limit: int | None
    jobs: int
    page_size: int
    retries: int
    backoff: float
    timeout: float | None
    chunk_size: int
    fsync: bool
    rescan: bool
    progress: ProgressCallback | None


def _options(
    dest: str | os.PathLike[str],
    only: Iterable[str] | None,
    quality: str,
    since: dt.datetime | dt.date | None,
    until: dt.datetime | dt.date | None,
    limit: int | None,
    jobs: int,
    page_size: int,
    retries: int,
    backoff: float,
    timeout: float | None,
    chunk_size: int,
    fsync: bool,
    rescan: bool,
    progress: ProgressCallback | None,
) -> _Options:
    kinds = KINDS if only is None else frozenset([only] if isinstance(only, str) else only)
    unknown = kinds - KINDS
    if unknown or not kinds:
        raise DownloadOptionError(f"only= takes some of {sorted(KINDS)}, got {sorted(kinds)}")
    try:
        choose_player_url([], quality)
    except ValueError as exc:
        raise DownloadOptionError(str(exc)) from None
    start, end = _as_utc(since, "since"), _as_utc(until, "until")
    if start is not None and end is not None and start >= end:
        raise DownloadOptionError("since must be earlier than until")
    if limit is not None and limit < 1:
        raise DownloadOptionError(f"limit must be at least 1, got {limit}")
    if jobs < 1:
        raise DownloadOptionError(f"jobs must be at least 1, got {jobs}")
    if not 1 <= page_size <= 100:
        raise DownloadOptionError(f"page_size must be 1 to 100, got {page_size}")
    if retries < 0 or backoff < 0 or chunk_size < 1:
        raise DownloadOptionError("retries and backoff must be >= 0, chunk_size >= 1")
    return _Options(
        dest=Path(dest),
        kinds=kinds,
        quality=quality,
        since=start,
        until=end,
        limit=limit,
        jobs=jobs,
        page_size=page_size,
        retries=retries,
        backoff=backoff,
        timeout=timeout,
        chunk_size=chunk_size,
        fsync=fsync,
        rescan=rescan,
        progress=progress,
    )


# -- media plan -------------------------------------------------------------------------


@attrs.define
class _Job:
    """One media item of a post, planned: where it goes and whether it can be fetched."""

    key: str
    kind: str  # image / file / audio / video
    url: str  # "" when not ready on Boosty's side
    name: str  # final name, or a stem when ``stem`` (extension from Content-Type)
    stem: bool
    fallback_ext: str
    size: int | None
    item: MediaItem | None
    record: MediaRecord | None = None

    @property
    def pending(self) -> bool:
        return not self.url

    @property
    def part_name(self) -> str:
        return self.name + ".part"


def _key(item_id: str, url: str) -> str:
    if item_id:
        return item_id
    return hashlib.sha256(strip_url(url).encode()).hexdigest()[:24]


def strip_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _walk_blocks(blocks: Iterable[Any]) -> Iterable[Any]:
    for block in blocks:
        if isinstance(block, ListBlock):
            stack = list(block.items)
            while stack:
                entry = stack.pop(0)
                yield from _walk_blocks(entry.data)
                stack[:0] = entry.items
        else:
            yield block


def _plan(post: Post, kinds: frozenset[str], quality: str) -> list[_Job]:
    """The media of ``post`` that ``kinds`` want, in order, names not yet de-duplicated."""
    jobs: list[_Job] = []
    counts: dict[str, int] = {}
    items = {item.id: item for item in post.media_for(quality) if not item.external and item.id}
    loose = [item for item in post.media_for(quality) if not item.external and not item.id]
    for block in _walk_blocks(post.data):
        item: MediaItem | None
        if isinstance(block, OkVideoBlock):
            item = items.get(block.id)
            kind = "video"
            if item is None and block.id:
                # No progressive variant yet (still processing, or only manifests).
                jobs.append(_named(_Job(block.id, kind, "", "", True, ".mp4", None, None), block.title, counts))
                continue
        else:
            item = items.get(getattr(block, "id", "") or "\0")
        if item is None:
            continue
        kind = item.kind
        url = item.url if item.complete else ""
        jobs.append(_named(_Job(_key(item.id, item.url), kind, url, "", True, "", item.size, item), item.title, counts))
    for item in loose:
        url = item.url if item.complete else ""
        jobs.append(_named(_Job(_key("", item.url), item.kind, url, "", True, "", item.size, item), item.title, counts))
    unique: dict[str, _Job] = {}
    for job in jobs:
        unique.setdefault(job.key, job)
    return [job for job in unique.values() if _KIND[job.kind] in kinds]


def _named(job: _Job, title: str, counts: dict[str, int]) -> _Job:
    counts[job.kind] = counts.get(job.kind, 0) + 1
    default = f"{job.kind}-{counts[job.kind]:02d}"
    stem, ext = os.path.splitext(title)
    has_ext = bool(stem) and 1 < len(ext) <= 10 and " " not in ext
    if job.kind in ("file", "audio") and has_ext:
        job.name, job.stem = safe_name(title, fallback=default), False
        return job
    if job.kind == "image":
        job.fallback_ext = ext.lower() if has_ext else ""
        title = stem if has_ext else title
    elif job.kind == "video":
        job.fallback_ext = ".mp4"
    job.name = safe_name(title, fallback=default) if title.strip() else default
    return job


def _extension(content_type: str | None) -> str:
    if not content_type:
        return ""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in ("application/octet-stream", "binary/octet-stream", ""):
        return ""
    ext = _EXTENSIONS.get(kind) or mimetypes.guess_extension(kind, strict=False) or ""
    return ".jpg" if ext == ".jpe" else ext


def _sniff(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return ""
    for offset, magic, ext in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return ext
    return ""


def _fingerprint(post: Post) -> str:
    if post.updated_at is not None:
        version = str(int(post.updated_at.timestamp()))
    else:
        blocks = [(type(b).__name__, getattr(b, "id", ""), getattr(b, "content", "")) for b in post.data]
        version = hashlib.sha256(repr((post.title, blocks)).encode()).hexdigest()[:16]
    return f"{post.int_id}:{version}:{int(post.has_access)}"


# -- client adapter ---------------------------------------------------------------------


class _API:
    """Awaitable calls to a sync or async client, counted in the report."""

    def __init__(self, client: Any, report: DownloadReport) -> None:
        self.client = client
        self.report = report

    async def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self.report.api_requests += 1
        if self.client.is_async:
            return await cast(Coroutine[Any, Any, Any], method(*args, **kwargs))
        return await asyncio.to_thread(method, *args, **kwargs)

    async def posts(self, blog: str, **params: Any) -> Any:
        return await self._call(self.client.posts, blog, **params)

    async def post(self, blog: str, post_id: str) -> Post:
        return cast(Post, await self._call(self.client.post, blog, post_id))


# -- the run --------------------------------------------------------------------------------


class _Expired(Exception):
    """A media host refused a signed link (400/403)."""

    def __init__(self, error: BoostyError) -> None:
        super().__init__(str(error))
        self.error = error


class _Run:
    def __init__(self, client: Any, blog: str, options: _Options) -> None:
        if not blog or not isinstance(blog, str):
            raise DownloadOptionError(f"blog must be a blog's name, got {blog!r}")
        self.blog = blog
        self.opt = options
        self.report = DownloadReport(blog=blog, dest=options.dest)
        self.api = _API(client, self.report)
        self.io = SenderIO(client.sender)
        self.dest = options.dest
        self.root = options.dest / safe_name(blog, fallback="blog")
        self.media_kinds = frozenset(k for k, plural in _KIND.items() if plural in options.kinds)
        self.text = "text" in options.kinds
        self.seen: set[str] = set()
        self.considered = 0
        self.state: State | None = None
        self.new_frontier: float | None = None
        self.transfers = asyncio.Semaphore(options.jobs)

    # -- helpers -----------------------------------------------------------------------------

    def emit(self, event: DownloadEvent) -> None:
        if self.opt.progress is not None:
            self.opt.progress(event)

    def fail(self, int_id: int | None, name: str | None, error: BaseException | str) -> None:
        message = error if isinstance(error, str) else (str(error) or type(error).__name__)
        self.report.errors.append(DownloadFailure(int_id, name, message))
        self.emit(ErrorOccurred(int_id, name, message))

    @property
    def db(self) -> State:
        assert self.state is not None
        return self.state

    def in_range(self, when: dt.datetime | None) -> bool:
        if when is None:
            return True
        if self.opt.since is not None and when < self.opt.since:
            return False
        return not (self.opt.until is not None and when >= self.opt.until)

    def folder_of(self, post: Post, record: PostRecord | None) -> Path:
        if record is not None:
            name = record.folder
        else:
            when = post_date(post)
            date = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%d") if when else "undated"
            name = post_dir_name(date, post.int_id or 0, post.title)
        return ensure_inside(self.dest, self.root / safe_name(name, fallback="post"))

    def satisfied(self, post: Post, record: PostRecord | None) -> bool:
        """``True`` if ``post`` needs nothing: unchanged, text written, wanted media on disk."""
        if record is None or record.fingerprint != _fingerprint(post):
            return False
        if self.text and not record.text_done:
            return False
        if not post.has_access:
            return True
        media = self.db.media(self.blog, post.id)
        folder = self.root / record.folder
        for job in _plan(post, self.opt.kinds, self.opt.quality):
            found = media.get(job.key)
            if found is None or found.status != "done" or not (folder / found.name).is_file():
                return False
        return True

    # -- walking ---------------------------------------------------------------------------

    def _room(self) -> bool:
        return self.opt.limit is None or self.considered < self.opt.limit

    async def walk(self, queue: asyncio.Queue[tuple[Post, PostRecord | None] | None]) -> None:
        """Read pages newest first and queue the posts that need work.

        Stops at the end of the list, at ``since``, at ``limit``, or after a page that
        reaches the frontier (everything older was seen by an earlier run; pinned posts,
        which the API may list out of order, do not count). When the pages walked connect
        with the frontier, the newest post seen becomes the new frontier (applied by
        :meth:`run` once every queued post is processed).
        """
        frontier = None if self.opt.rescan else self.db.frontier(self.blog)
        since, until = self.opt.since, self.opt.until
        params: dict[str, Any] = {"limit": self.opt.page_size}
        if since is not None:
            params["from_ts"] = int(since.timestamp()) - 1
        if until is not None:
            params["to_ts"] = int(until.timestamp()) + 1
        cursor: str | None = None
        connected = False
        newest: float | None = None
        while self._room():
            page = await self.api.posts(self.blog, offset=cursor, **params)
            oldest: float | None = None
            older = 0
            for post in page.items:
                when = post_date(post)
                stamp = when.timestamp() if when is not None else None
                if stamp is not None and not post.is_pinned:
                    oldest = stamp if oldest is None else min(oldest, stamp)
                if since is not None and when is not None and when < since:
                    older += 1
                if post.id in self.seen or not self.in_range(when):
                    continue
                if not self._room():
                    break
                self.seen.add(post.id)
                self.considered += 1
                self.report.posts_seen += 1
                if stamp is not None:
                    newest = stamp if newest is None else max(newest, stamp)
                record = self.db.post(self.blog, post.id)
                if record is not None and self.satisfied(post, record):
                    self.report.posts_skipped += 1
                    folder = self.root / record.folder
                    self.emit(PostFinished(self.blog, post.id, post.int_id or 0, "unchanged", folder))
                    continue
                await queue.put((post, record))
            if page.is_last or not page.items:
                connected = since is None and self._room()
                break
            if frontier is not None and oldest is not None and oldest <= frontier:
                connected = True  # everything older was seen before
                break
            if older == len(page.items):
                break  # everything further is older than `since`
            cursor = str(page.offset)
        if connected and newest is not None:
            self.new_frontier = newest
        await self.leftovers(queue)

    async def leftovers(self, queue: asyncio.Queue[tuple[Post, PostRecord | None] | None]) -> None:
        """Posts earlier runs left unfinished that the walk did not reach."""
        for record in self.db.unfinished(self.blog, self.media_kinds, text=self.text):
            if record.post_id in self.seen:
                continue
            published = (
                dt.datetime.fromtimestamp(record.published, dt.timezone.utc) if record.published is not None else None
            )
            if not self.in_range(published):
                continue
            if not self._room():
                break
            try:
                post = await self.api.post(self.blog, record.post_id)
            except NotFound:
                self.db.forget(self.blog, record.post_id)  # deleted since: its files stay
                continue
            self.seen.add(post.id)
            self.considered += 1
            self.report.posts_seen += 1
            if self.satisfied(post, record):
                self.report.posts_skipped += 1
                continue
            await queue.put((post, record))

    # -- posts --------------------------------------------------------------------------------

    async def worker(self, queue: asyncio.Queue[tuple[Post, PostRecord | None] | None]) -> None:
        while True:
            entry = await queue.get()
            if entry is None:
                return
            post, record = entry
            try:
                await self.process(post, record)
            except (BoostyError, OSError) as exc:
                self.fail(post.int_id, None, exc)
                self.emit(PostFinished(self.blog, post.id, post.int_id or 0, "failed", None))

    async def process(self, post: Post, record: PostRecord | None) -> None:
        int_id = post.int_id or 0
        self.emit(PostStarted(self.blog, post.id, int_id, post.title, post_date(post)))
        folder = self.folder_of(post, record)
        fingerprint = _fingerprint(post)
        text_done = bool(record and record.fingerprint == fingerprint and record.text_done)
        when = post_date(post)

        def save(done: bool) -> None:
            self.db.put_post(
                PostRecord(
                    blog=self.blog,
                    post_id=post.id,
                    int_id=int_id,
                    fingerprint=fingerprint,
                    has_access=post.has_access,
                    folder=folder.name,
                    title=post.title,
                    published=when.timestamp() if when else None,
                    text_done=done,
                )
            )

        save(text_done)
        status: PostStatus = "new" if record is None else "updated"
        if not post.has_access:
            if self.text:
                await self.write_text(post, folder, {})
                save(True)
            self.report.posts_no_access += 1
            self.emit(PostFinished(self.blog, post.id, int_id, "no_access", folder))
            return
        jobs = self.name_jobs(post, folder)
        results = await asyncio.gather(*(self.file(post, folder, job, retry=True) for job in jobs))
        expired = [job for job, result in zip(jobs, results) if isinstance(result, _Expired)]
        if expired:
            post, results = await self.refresh(post, folder, jobs, expired, results)
        statuses = [r for r in results if isinstance(r, str)]
        if self.text:
            local = {job.key: job.name for job in jobs if job.record is not None and job.record.status == "done"}
            await self.write_text(post, folder, local)
            save(True)
        if "failed" in statuses:
            status = "failed"
        if status == "new":
            self.report.posts_new += 1
        elif status == "updated":
            self.report.posts_updated += 1
        self.emit(PostFinished(self.blog, post.id, int_id, status, folder))

    async def refresh(
        self, post: Post, folder: Path, jobs: list[_Job], expired: list[_Job], results: list[Any]
    ) -> tuple[Post, list[Any]]:
        """Fetch ``post`` again for fresh links and retry the ``expired`` jobs once."""
        try:
            fresh = await self.api.post(self.blog, post.id)
        except BoostyError as exc:
            for job in expired:
                self.file_failed(post, job, f"{exc} (while renewing an expired link)")
            return post, [("failed" if isinstance(r, _Expired) else r) for r in results]
        renewed = {job.key: job for job in _plan(fresh, self.opt.kinds, self.opt.quality)}
        out = list(results)
        retries = []
        for job in expired:
            new = renewed.get(job.key)
            if new is None or not fresh.has_access:
                self.file_failed(post, job, "the link expired and the renewed post no longer offers this file")
                out[jobs.index(job)] = "failed"
                continue
            job.url, job.item, job.size = new.url, new.item, new.size
            retries.append(job)
        again = await asyncio.gather(*(self.file(fresh, folder, job, retry=False) for job in retries))
        for job, result in zip(retries, again):
            out[jobs.index(job)] = result
        return fresh, out

    def name_jobs(self, post: Post, folder: Path) -> list[_Job]:
        """Plan the post's media and give each a unique name, keeping names of earlier runs."""
        jobs = _plan(post, self.opt.kinds, self.opt.quality)
        records = self.db.media(self.blog, post.id)
        recorded = {r.name.casefold() for r in records.values()}
        try:
            existing = tuple(
                p.name for p in folder.iterdir() if p.name.casefold() not in recorded and not p.name.endswith(".part")
            )
        except FileNotFoundError:
            existing = ()
        names = NameSet((*_RESERVED_NAMES, *existing))
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

    async def write_text(self, post: Post, folder: Path, local: dict[str, str]) -> None:
        def url_for(item: MediaItem) -> str | None:
            name = local.get(_key(item.id, item.url))
            return quote(name) if name else None

        text = post_markdown(post, self.blog, url_for, self.opt.quality).encode("utf-8")
        data = post_json(post)
        await asyncio.to_thread(write_atomic, folder / "post.md", text, fsync=self.opt.fsync)
        await asyncio.to_thread(write_atomic, folder / "post.json", data, fsync=self.opt.fsync)

    # -- files --------------------------------------------------------------------------------

    def file_failed(self, post: Post, job: _Job, error: BaseException | str) -> None:
        self.fail(post.int_id, job.name, error)
        self.report.files_failed += 1
        self.emit(FileFinished(f"{post.int_id}/{job.key}", post.int_id or 0, job.name, "failed", 0))

    def put_media(self, post: Post, job: _Job, status: str, size: int = 0) -> None:
        record = MediaRecord(self.blog, post.id, job.key, job.kind, job.name, status, size)  # type: ignore[arg-type]
        self.db.put_media(record)
        job.record = record

    async def file(self, post: Post, folder: Path, job: _Job, *, retry: bool) -> FileStatus | _Expired:
        int_id = post.int_id or 0
        key = f"{int_id}/{job.key}"
        record = job.record
        if record is not None and record.status == "done" and (folder / record.name).is_file():
            self.report.files_skipped += 1
            self.emit(FileFinished(key, int_id, job.name, "skipped", record.size))
            return "skipped"
        if job.pending:
            self.put_media(post, job, "pending")
            self.report.files_pending += 1
            self.emit(FileFinished(key, int_id, job.name, "pending", 0))
            return "pending"
        self.put_media(post, job, "incomplete")
        part = ensure_inside(self.dest, folder / job.part_name)
        started = False

        def on_start(total: int | None, done: int) -> None:
            nonlocal started
            if started:
                self.emit(FileProgress(key, 0, done, total))
            else:
                started = True
                self.emit(FileStarted(key, int_id, job.name, job.kind, total, done))

        def on_progress(advanced: int, done: int, total: int | None) -> None:
            self.emit(FileProgress(key, advanced, done, total))

        async with self.transfers:
            try:
                fetched = await fetch(
                    self.io,
                    job.url,
                    part,
                    declared_size=job.size,
                    chunk_size=self.opt.chunk_size,
                    retries=self.opt.retries,
                    backoff=self.opt.backoff,
                    timeout=self.opt.timeout,
                    fsync=self.opt.fsync,
                    on_start=on_start,
                    on_progress=on_progress,
                )
            except (BadRequest, Forbidden) as exc:
                if retry:
                    return _Expired(exc)
                self.file_failed(post, job, exc)
                return "failed"
            except (BoostyError, OSError) as exc:
                self.file_failed(post, job, exc)
                return "failed"
        self.report.bytes_downloaded += fetched.downloaded
        name = job.name
        if job.stem:
            ext = _extension(fetched.content_type) or job.fallback_ext or _sniff(part)
            name = job.name + ext
        final = ensure_inside(self.dest, folder / name)
        os.replace(part, final)
        job.name = name
        self.put_media(post, job, "done", fetched.size)
        self.report.files_downloaded += 1
        self.emit(FileFinished(key, int_id, name, "downloaded", fetched.size))
        return "downloaded"

    # -- the whole run --------------------------------------------------------------------------

    async def run(self) -> DownloadReport:
        self.state = State(self.dest)
        try:
            queue: asyncio.Queue[tuple[Post, PostRecord | None] | None] = asyncio.Queue(self.opt.page_size)
            workers = [asyncio.ensure_future(self.worker(queue)) for _ in range(self.opt.jobs)]
            walker = asyncio.ensure_future(self.walk(queue))
            try:
                await _first_error([walker, *workers], walker)
                for _ in workers:
                    await queue.put(None)
                await _first_error(workers, None)
                if self.new_frontier is not None:
                    self.db.set_frontier(self.blog, self.new_frontier)
            finally:
                for task in (walker, *workers):
                    task.cancel()
                await asyncio.gather(walker, *workers, return_exceptions=True)
        finally:
            self.state.close()
        return self.report


async def _first_error(tasks: Sequence[asyncio.Future[None]], until: asyncio.Future[None] | None) -> None:
    """Wait for ``until`` (or every task) to finish; raise the first error of any task."""
    pending = set(tasks)
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task.exception() is not None:
                raise cast(BaseException, task.exception())
        if until is not None and until.done():
            return


# -- public classes ----------------------------------------------------------------------------


class _Base(Generic[C]):
    _sync_only: ClassVar[bool] = False

    def __init__(
        self,
        client: C,
        dest: str | os.PathLike[str],
        *,
        only: Iterable[str] | None = None,
        quality: str = "highest",
        since: dt.datetime | dt.date | None = None,
        until: dt.datetime | dt.date | None = None,
        limit: int | None = None,
        jobs: int = 4,
        page_size: int = 20,
        retries: int = 3,
        backoff: float = 0.5,
        timeout: float | None = None,
        chunk_size: int = CHUNK_SIZE,
        fsync: bool = True,
        rescan: bool = False,
        progress: ProgressCallback | None = None,
    ) -> None:
        if self._sync_only and getattr(client, "is_async", False):
            raise TypeError(f"{type(self).__name__} needs a sync client; use AsyncDownloader with an async one")
        self.client: C = client
        self.options = _options(
            dest,
            only,
            quality,
            since,
            until,
            limit,
            jobs,
            page_size,
            retries,
            backoff,
            timeout,
            chunk_size,
            fsync,
            rescan,
            progress,
        )

    @property
    def dest(self) -> Path:
        """The destination folder."""
        return self.options.dest

    def __repr__(self) -> str:
        return f"{type(self).__name__}(dest={str(self.dest)!r}, only={sorted(self.options.kinds)})"


_ARGS_DOC = """
    Arguments:
        client: the API client (its sender chain carries the media requests too).
        dest: the destination folder (created if missing); posts go to ``dest/<blog>/...``.
        only: which kinds to save, some of ``"images"``, ``"files"``, ``"audio"``,
            ``"video"``, ``"text"`` (default: all).
        quality: Boosty video quality: ``"highest"``, ``"high"`` (720p), ``"medium"``
            (480p), ``"low"`` (360p), ``"lowest"`` (240p) or a variant name (``"full_hd"``,
            ``"tiny"``...): the best available at or below it, else the smallest above it.
        since, until: publish time range, ``since <= t < until`` (``datetime``, naive = UTC,
            or ``date`` = midnight UTC).
        limit: at most this many posts (newest first) are looked at.
        jobs: transfers (and posts) in flight at once.
        page_size: posts per API page (1-100).
        retries, backoff: attempts without progress allowed per file, and the first wait
            between them in seconds (doubling).
        timeout: seconds per media request (default: the sender's).
        chunk_size: bytes per read step (progress granularity; a thread hop in sync mode).
        fsync: flush files to disk before renaming them.
        rescan: walk every page even when the state says nothing changed.
        progress: a callback receiving :mod:`boosty.download.progress` events.

    Raises :class:`~boosty.download.DownloadOptionError` for invalid options.
"""


class AsyncDownloader(_Base[Union[AsyncBoosty, Boosty]]):
    """Mirror blogs into ``dest``, asyncio form: ``report = await AsyncDownloader(client, dest).run(blog)``.

    ``client`` is an :class:`~boosty.AsyncBoosty` (or a sync :class:`~boosty.Boosty`, whose
    calls then run in threads).
    """

    __doc__ = (__doc__ or "") + _ARGS_DOC

    async def run(self, blog: str) -> DownloadReport:
        """Mirror ``blog`` (its slug); returns the :class:`DownloadReport`.

        Calls ``GET /v1/blog/{blog}/post/`` (pages) and ``GET /v1/blog/{blog}/post/{id}``
        (unfinished posts, renewed links); media from their hosts without credentials.
        Raises what listing the posts raises (:class:`~boosty.NotFound` for an unknown blog,
        :class:`~boosty.NetworkError`...), :class:`~boosty.download.DownloadError` when
        another run holds ``dest``. Failures of single posts and files are in the report.
        """
        return await _Run(self.client, blog, self.options).run()


class Downloader(_Base[Boosty]):
    """Mirror blogs into ``dest``, blocking: ``report = Downloader(client, dest).run(blog)``.

    ``client`` is a sync :class:`~boosty.Boosty`. The run uses a private thread with its
    own event loop, so it also works where a loop is running already (Jupyter).
    """

    __doc__ = (__doc__ or "") + _ARGS_DOC
    _sync_only = True

    def run(self, blog: str) -> DownloadReport:
        """Mirror ``blog`` (its slug) and return the :class:`DownloadReport`; see
        :meth:`AsyncDownloader.run` for the requests made and the errors raised.
        ``KeyboardInterrupt`` cancels the run (``.part`` files stay for a resume)."""
        runner = _Runner(_Run(self.client, blog, self.options).run)
        return runner.run()


class _Runner(Generic[T]):
    """Runs a coroutine function in a private thread with its own event loop."""

    def __init__(self, main: Callable[[], Coroutine[Any, Any, T]]) -> None:
        self._main = main
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._result: T | None = None
        self._error: BaseException | None = None

    async def _wrapper(self) -> T:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        return await self._main()

    def _target(self) -> None:
        try:
            self._result = asyncio.run(self._wrapper())
        except BaseException as exc:
            self._error = exc

    def run(self) -> T:
        thread = threading.Thread(target=self._target, name="boosty-download", daemon=True)
        thread.start()
        try:
            while thread.is_alive():
                thread.join(0.2)
        except KeyboardInterrupt:
            if self._loop is not None and self._task is not None:
                self._loop.call_soon_threadsafe(self._task.cancel)
            thread.join()
            raise
        if self._error is not None:
            raise self._error
        return cast(T, self._result)

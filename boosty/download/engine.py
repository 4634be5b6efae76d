"""The downloader's core: one run over one blog (used by :mod:`boosty.download.downloader`).

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
3. Up to ``4 * jobs`` posts are processed at once (so that posts writing their text keep
   no transfer slot idle); their media are fetched concurrently with at most ``jobs``
   transfers in the whole run (:mod:`boosty.download.fetch`:
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

The core is ``async``: it awaits an async client and runs a sync client's calls (and its
streamed bodies) in worker threads, so one implementation serves both modes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import os
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import quote

from .._errors import BoostyError, NotFound
from .._model.content import MediaItem
from .._model.post import Post
from .errors import DownloadOptionError, DownloadStateError
from .fetch import SenderIO
from .options import Options
from .paths import ensure_inside, post_dir_name, safe_name
from .plan import KIND_OF, fingerprint, media_key, plan_media
from .progress import (
    DownloadEvent,
    DownloadFailure,
    DownloadReport,
    ErrorOccurred,
    PostFinished,
    PostFound,
    PostStarted,
    PostStatus,
)
from .render import post_date, post_json, post_markdown, write_atomic
from .site import Site, hook
from .state import PostRecord, State
from .transfer import Expired, name_jobs, refresh, transfer

__all__ = ["POSTS_PER_JOB", "Run"]

T = TypeVar("T")

POSTS_PER_JOB = 4
"""Posts in flight per transfer slot: while some posts write their text (and wait for
fsync), others keep the ``jobs`` transfer slots busy."""


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

    async def blog(self, blog: str) -> Any:
        return await self._call(self.client.blog, blog)


# -- the run --------------------------------------------------------------------------------


class Run:
    """One run of the downloader over one blog (see the module doc)."""

    def __init__(self, client: Any, blog: str, options: Options) -> None:
        if not blog or not isinstance(blog, str):
            raise DownloadOptionError(f"blog must be a blog's name, got {blog!r}")
        self.blog = blog
        self.opt = options
        self.report = DownloadReport(blog=blog, dest=options.dest)
        self.api = _API(client, self.report)
        self.io = SenderIO(client.sender)
        self.dest = options.dest
        self.root = options.dest / safe_name(blog, fallback="blog")
        self.media_kinds = frozenset(k for k, plural in KIND_OF.items() if plural in options.kinds)
        self.text = "text" in options.kinds
        self.seen: set[str] = set()
        self.considered = 0
        self.state: State | None = None
        self.new_frontier: float | None = None
        self.unrecorded = False  # a post failed before the state recorded it
        self.transfers = asyncio.Semaphore(options.jobs)
        self.site: Site | None = None  # the browsable archive (:mod:`boosty.download.site`)
        self.pool: ThreadPoolExecutor | None = None  # see offload()
        self.real_dest: str | None = None  # dest resolved, once the run has created it

    # -- helpers -----------------------------------------------------------------------------

    def emit(self, event: DownloadEvent) -> None:
        if self.opt.progress is not None:
            self.opt.progress(event)

    def fail(self, int_id: int | None, name: str | None, error: BaseException | str) -> None:
        message = error if isinstance(error, str) else (str(error) or type(error).__name__)
        self.report.errors.append(DownloadFailure(int_id, name, message))
        self.emit(ErrorOccurred(int_id, name, message))

    async def offload(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in the run's file-writing threads (text, pages: mostly waiting
        for fsync), so they never hold up the transfers' own thread hops."""
        assert self.pool is not None
        return await asyncio.get_running_loop().run_in_executor(self.pool, functools.partial(function, *args))

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
        return ensure_inside(self.dest, self.root / safe_name(name, fallback="post"), resolved_root=self.real_dest)

    def satisfied(self, post: Post, record: PostRecord | None) -> bool:
        """``True`` if ``post`` needs nothing: unchanged, text written, wanted media on disk."""
        if record is None or record.fingerprint != fingerprint(post):
            return False
        if self.text and not record.text_done:
            return False
        if not post.has_access:
            return True
        media = self.db.media(self.blog, post.id)
        folder = self.root / record.folder
        for job in plan_media(post, self.opt.kinds, self.opt.quality):
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
        with the frontier and ``since`` left no post out between them, the newest post seen
        becomes the new frontier (applied by :meth:`run` once every queued post is
        processed, unless a post failed before the state recorded it).
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
                self.emit(PostFound(self.blog, post.id, post.int_id or 0))
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
                # Everything older was seen before; everything newer was seen now, unless
                # `since` left out posts published between the frontier and it.
                connected = since is None or since.timestamp() <= frontier
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
            except BoostyError as exc:
                self.fail(record.int_id, None, exc)
                continue
            self.seen.add(post.id)
            self.considered += 1
            self.report.posts_seen += 1
            self.emit(PostFound(self.blog, post.id, post.int_id or 0))
            if self.satisfied(post, record):
                self.report.posts_skipped += 1
                self.emit(PostFinished(self.blog, post.id, post.int_id or 0, "unchanged", self.root / record.folder))
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
            except DownloadStateError:
                raise  # nothing more can be remembered: the run stops
            except (BoostyError, OSError) as exc:
                if self.db.post(self.blog, post.id) is None:
                    self.unrecorded = True  # the state cannot bring it back: keep the frontier
                self.fail(post.int_id, None, exc)
                self.emit(PostFinished(self.blog, post.id, post.int_id or 0, "failed", None))

    async def process(self, post: Post, record: PostRecord | None) -> None:
        int_id = post.int_id or 0
        self.emit(PostStarted(self.blog, post.id, int_id, post.title, post_date(post)))
        folder = self.folder_of(post, record)
        version = fingerprint(post)
        text_done = bool(record and record.fingerprint == version and record.text_done)
        when = post_date(post)

        def save(done: bool) -> None:
            self.db.put_post(
                PostRecord(
                    blog=self.blog,
                    post_id=post.id,
                    int_id=int_id,
                    fingerprint=version,
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
            await hook.page(self, post, folder, {}, version)
            self.report.posts_no_access += 1
            self.emit(PostFinished(self.blog, post.id, int_id, "no_access", folder))
            return
        jobs = name_jobs(self, post, folder)
        results = await asyncio.gather(*(transfer(self, post, folder, job, retry=True) for job in jobs))
        expired = [job for job, result in zip(jobs, results) if isinstance(result, Expired)]
        if expired:
            post, results = await refresh(self, post, folder, jobs, expired, results)
        statuses = [r for r in results if isinstance(r, str)]
        local = {job.key: job.name for job in jobs if job.record is not None and job.record.status == "done"}
        if self.text:
            await self.write_text(post, folder, local)
            save(True)
        await hook.page(self, post, folder, local, version)
        if "failed" in statuses:
            status = "failed"
        if status == "new":
            self.report.posts_new += 1
        elif status == "updated":
            self.report.posts_updated += 1
        self.emit(PostFinished(self.blog, post.id, int_id, status, folder))

    async def write_text(self, post: Post, folder: Path, local: dict[str, str]) -> None:
        def url_for(item: MediaItem) -> str | None:
            name = local.get(media_key(item.id, item.url))
            return quote(name) if name else None

        # Rendering (pretty JSON is pure Python: ~0.6 ms a post) runs in the worker thread
        # with the writes, leaving the loop to the transfers.
        await self.offload(self._write_text, post, folder, url_for)

    def _write_text(self, post: Post, folder: Path, url_for: Callable[[MediaItem], str | None]) -> None:
        """Render and write ``post.md`` then ``post.json``, atomically (in a worker thread)."""
        text = post_markdown(post, self.blog, url_for, self.opt.quality).encode("utf-8")
        write_atomic(folder / "post.md", text, fsync=self.opt.fsync)
        write_atomic(folder / "post.json", post_json(post), fsync=self.opt.fsync)

    # -- the whole run --------------------------------------------------------------------------

    async def run(self) -> DownloadReport:
        self.state = State(self.dest)
        self.real_dest = os.path.realpath(self.dest)  # noqa: ASYNC240 - once; each write resolves its own path
        self.pool = ThreadPoolExecutor(self.opt.jobs * POSTS_PER_JOB, thread_name_prefix="boosty-download")
        try:
            self.site = await hook.start(self)
            queue: asyncio.Queue[tuple[Post, PostRecord | None] | None] = asyncio.Queue(self.opt.page_size)
            workers = [asyncio.ensure_future(self.worker(queue)) for _ in range(self.opt.jobs * POSTS_PER_JOB)]
            walker = asyncio.ensure_future(self.walk(queue))
            try:
                await _first_error([walker, *workers], walker)
                for _ in workers:
                    await queue.put(None)
                await _first_error(workers, None)
                if self.new_frontier is not None and not self.unrecorded:
                    self.db.set_frontier(self.blog, self.new_frontier)
                try:
                    await hook.finish(self)
                except OSError as exc:
                    self.fail(None, "index.html", exc)
            finally:
                for task in (walker, *workers):
                    task.cancel()
                await asyncio.gather(walker, *workers, return_exceptions=True)
        finally:
            self.pool.shutdown()  # idle by now: every task that used it has finished
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

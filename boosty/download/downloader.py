"""The public downloaders: :class:`Downloader` (blocking) and :class:`AsyncDownloader`.

::

    from boosty import AsyncBoosty, Boosty
    from boosty.download import AsyncDownloader, Downloader

    with Boosty(token) as client:
        report = Downloader(client, "archive", quality="high", jobs=4).run("some_blog")
    print(report.files_downloaded, report.bytes_downloaded, report.errors)

    async with AsyncBoosty(token) as client:
        report = await AsyncDownloader(client, "archive").run("some_blog")

What a run does, and the folder layout: :mod:`boosty.download.engine`. Progress events:
:mod:`boosty.download.progress`. Both classes share one implementation (an ``async``
core); :meth:`Downloader.run` runs it with :func:`asyncio.run` in a private thread, so it
also works where an event loop is running already (Jupyter).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import os
import threading
from collections.abc import Callable, Coroutine, Iterable
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar, Union, cast

from .._client.client import AsyncBoosty, Boosty
from .engine import Run
from .fetch import CHUNK_SIZE
from .options import make_options
from .progress import DownloadReport, ProgressCallback

__all__ = ["AsyncDownloader", "Downloader"]

T = TypeVar("T")
C = TypeVar("C")


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
        html: bool = True,
    ) -> None:
        if self._sync_only and getattr(client, "is_async", False):
            raise TypeError(f"{type(self).__name__} needs a sync client; use AsyncDownloader with an async one")
        self.client: C = client
        self.options = make_options(
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
            html,
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
        html: also write a browsable site, ``dest/<blog>/index.html`` and a ``post.html``
            per post (:mod:`boosty.download.site`).

    Raises :class:`~boosty.download.DownloadOptionError` for invalid options.
"""


class AsyncDownloader(_Base[Union[AsyncBoosty, Boosty]]):
    """Mirror blogs into ``dest``, asyncio form: ``report = await AsyncDownloader(client, dest).run(blog)``.

    ``client`` is an :class:`~boosty.AsyncBoosty` (or a sync :class:`~boosty.Boosty`, whose
    calls then run in threads).
    """

    __doc__ = inspect.cleandoc(__doc__ or "") + "\n\n" + inspect.cleandoc(_ARGS_DOC)

    async def run(self, blog: str) -> DownloadReport:
        """Mirror ``blog`` (its slug); returns the :class:`DownloadReport`.

        Calls ``GET /v1/blog/{blog}/post/`` (pages) and ``GET /v1/blog/{blog}/post/{id}``
        (unfinished posts, renewed links); media from their hosts without credentials.
        Raises what listing the posts raises (:class:`~boosty.NotFound` for an unknown blog,
        :class:`~boosty.NetworkError`...), :class:`~boosty.download.DownloadError` when
        another run holds ``dest``. Failures of single posts and files are in the report.
        """
        return await Run(self.client, blog, self.options).run()


class Downloader(_Base[Boosty]):
    """Mirror blogs into ``dest``, blocking: ``report = Downloader(client, dest).run(blog)``.

    ``client`` is a sync :class:`~boosty.Boosty`. The run uses a private thread with its
    own event loop, so it also works where a loop is running already (Jupyter).
    """

    __doc__ = inspect.cleandoc(__doc__ or "") + "\n\n" + inspect.cleandoc(_ARGS_DOC)
    _sync_only = True

    def run(self, blog: str) -> DownloadReport:
        """Mirror ``blog`` (its slug) and return the :class:`DownloadReport`; see
        :meth:`AsyncDownloader.run` for the requests made and the errors raised.
        ``KeyboardInterrupt`` cancels the run (``.part`` files stay for a resume)."""
        runner = _Runner(Run(self.client, blog, self.options).run)
        return runner.run()


class _Runner(Generic[T]):
    """Runs a coroutine function in a private thread with its own event loop."""

    def __init__(self, main: Callable[[], Coroutine[Any, Any, T]]) -> None:
        self._main = main
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._result: T | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()

    async def _wrapper(self) -> T:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        return await self._main()

    def _target(self) -> None:
        try:
            self._result = asyncio.run(self._wrapper())
        except BaseException as exc:
            self._error = exc
        finally:
            self._done.set()

    def run(self) -> T:
        thread = threading.Thread(target=self._target, name="boosty-download", daemon=True)
        thread.start()
        try:
            while not self._done.wait(0.25):  # a timed wait lets Ctrl-C through on every platform
                pass
        except KeyboardInterrupt:
            if self._loop is not None and self._task is not None:
                self._loop.call_soon_threadsafe(self._task.cancel)
            thread.join()
            raise
        thread.join()
        if self._error is not None:
            raise self._error
        return cast(T, self._result)

"""Progress events and the run's :class:`DownloadReport`.

A downloader takes ``progress=callback``: a callable that receives one event object per
step, in order for each file (``FileStarted``, ``FileProgress``..., ``FileFinished``) while
several files advance at once (``jobs``). Every event is a frozen attrs class; match on its
type::

    def progress(event: DownloadEvent) -> None:
        if isinstance(event, FileStarted):
            bars[event.key] = add_bar(event.name, total=event.total, completed=event.done)
        elif isinstance(event, FileProgress):
            update_bar(bars[event.key], completed=event.done)

``key`` identifies a file for the whole run (``"<int_id>/<media key>"``). Sizes are bytes;
``total`` is ``None`` when neither the server nor the API says how big a file is. The
callback runs on the thread that runs the download's event loop (the caller's loop for
:class:`~boosty.download.AsyncDownloader`, a private worker thread for
:class:`~boosty.download.Downloader`); it must be quick and must not block. An exception it
raises aborts the run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Literal, Union

import attrs

__all__ = [
    "DownloadEvent",
    "DownloadFailure",
    "DownloadReport",
    "ErrorOccurred",
    "FileFinished",
    "FileProgress",
    "FileStarted",
    "FileStatus",
    "PostFinished",
    "PostFound",
    "PostStarted",
    "PostStatus",
    "ProgressCallback",
]

PostStatus = Literal["new", "updated", "unchanged", "no_access", "failed"]
"""How a post ended: first download, changed or completed now, nothing to do, recorded
without access (teaser only), or at least one of its files failed."""

FileStatus = Literal["downloaded", "skipped", "pending", "failed"]
"""How a file ended: fetched now, already complete on disk, not ready on Boosty's side yet
(a video still processing, an upload still running: retried next run), or failed."""


@attrs.frozen
class PostFound:
    """A post in range counts towards this run: it will end with a :class:`PostFinished`
    (processed now, or ``unchanged``). The number of these so far is the posts planned."""

    blog: str
    post_id: str
    int_id: int


@attrs.frozen
class PostStarted:
    """A post is being processed. ``published`` is its publish time (UTC)."""

    blog: str
    post_id: str
    int_id: int
    title: str
    published: dt.datetime | None


@attrs.frozen
class PostFinished:
    """A post is done; ``folder`` is where its files are (``None`` if nothing was written)."""

    blog: str
    post_id: str
    int_id: int
    status: PostStatus
    folder: Path | None


@attrs.frozen
class FileStarted:
    """A file's transfer began. ``done`` bytes were already on disk (a resumed ``.part``)."""

    key: str
    int_id: int
    name: str
    kind: str
    total: int | None
    done: int


@attrs.frozen
class FileProgress:
    """Bytes arrived: ``done`` of ``total`` so far; ``advanced`` since the last event.

    ``advanced`` is negative when a transfer had to start over (the server ignored a Range).
    """

    key: str
    advanced: int
    done: int
    total: int | None


@attrs.frozen
class FileFinished:
    """A file is done. ``size`` is its size in bytes (0 unless downloaded or skipped)."""

    key: str
    int_id: int
    name: str
    status: FileStatus
    size: int


@attrs.frozen
class ErrorOccurred:
    """Something failed; the run goes on. ``int_id``/``name`` say where (``None``: the run)."""

    int_id: int | None
    name: str | None
    message: str


DownloadEvent = Union[PostFound, PostStarted, PostFinished, FileStarted, FileProgress, FileFinished, ErrorOccurred]
"""Any progress event."""

ProgressCallback = Callable[[DownloadEvent], object]
"""The ``progress=`` hook: called with each :data:`DownloadEvent`."""


@attrs.frozen
class DownloadFailure:
    """One failure of a run: the post (``int_id``), the file name if any, and the message.

    Messages never contain a signed query or a token (URLs are shown without their query).
    """

    int_id: int | None
    name: str | None
    message: str


@attrs.define
class DownloadReport:
    """What a run did. Counts are of this run; bytes are bytes written to disk this run.

    * ``posts_seen``: posts in range that were looked at;
    * ``posts_new`` / ``posts_updated``: downloaded for the first time / again (changed, or
      finishing what an earlier run left);
    * ``posts_skipped``: already complete and unchanged; ``posts_no_access``: recorded with
      their teaser because the viewer has no access;
    * ``files_downloaded`` / ``files_skipped`` (already complete) / ``files_pending`` (not
      ready on Boosty's side) / ``files_failed``;
    * ``api_requests``: calls made to the API (pages of posts and single posts);
    * ``errors``: every failure, in order.
    """

    blog: str
    dest: Path
    posts_seen: int = 0
    posts_new: int = 0
    posts_updated: int = 0
    posts_skipped: int = 0
    posts_no_access: int = 0
    files_downloaded: int = 0
    files_skipped: int = 0
    files_pending: int = 0
    files_failed: int = 0
    bytes_downloaded: int = 0
    api_requests: int = 0
    errors: list[DownloadFailure] = attrs.field(factory=list)

    @property
    def ok(self) -> bool:
        """``True`` if nothing failed."""
        return not self.errors and self.files_failed == 0

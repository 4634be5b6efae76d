"""Mirror a blog's posts and media to a folder.

``Downloader(client, dest).run(blog)`` (blocking) and ``await AsyncDownloader(client,
dest).run(blog)`` (asyncio) return a :class:`DownloadReport`; ``progress=`` takes a
callback for the events below. See :mod:`boosty.download.engine` for what a run does
and the folder layout, :mod:`boosty.download.progress` for the events.
"""

from __future__ import annotations

from .downloader import AsyncDownloader, Downloader
from .errors import DownloadError, DownloadOptionError, DownloadStateError, IncompleteDownload
from .options import KINDS
from .progress import (
    DownloadEvent,
    DownloadFailure,
    DownloadReport,
    ErrorOccurred,
    FileFinished,
    FileProgress,
    FileStarted,
    PostFinished,
    PostFound,
    PostStarted,
    ProgressCallback,
)

__all__ = [
    "KINDS",
    "AsyncDownloader",
    "Downloader",
    "DownloadError",
    "DownloadStateError",
    "DownloadEvent",
    "DownloadFailure",
    "DownloadOptionError",
    "DownloadReport",
    "ErrorOccurred",
    "FileFinished",
    "FileProgress",
    "FileStarted",
    "IncompleteDownload",
    "PostFinished",
    "PostFound",
    "PostStarted",
    "ProgressCallback",
]

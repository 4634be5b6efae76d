"""Mirror a blog's posts and media to a folder (see :mod:`boosty.download.engine`)."""

from __future__ import annotations

from .errors import DownloadError, DownloadOptionError, IncompleteDownload
from .progress import (
    DownloadEvent,
    DownloadFailure,
    DownloadReport,
    ErrorOccurred,
    FileFinished,
    FileProgress,
    FileStarted,
    PostFinished,
    PostStarted,
    ProgressCallback,
)

__all__ = [
    "DownloadError",
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
    "PostStarted",
    "ProgressCallback",
]

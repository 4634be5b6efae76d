"""Errors of the downloader (subclasses of :class:`boosty.BoostyError`)."""

from __future__ import annotations

from .._errors import BoostyError

__all__ = ["DownloadError", "DownloadOptionError", "DownloadStateError", "IncompleteDownload"]


class DownloadError(BoostyError):
    """The download cannot go on: the destination is locked by another run, unwritable, or
    its state file is unusable."""


class DownloadOptionError(DownloadError, ValueError):
    """A downloader option is invalid (an unknown kind or quality, ``jobs < 1``, ...)."""


class DownloadStateError(DownloadError):
    """The destination's state file cannot be updated (a full disk, an I/O error): the run
    stops at once, since nothing it did after could be remembered. A later run resumes."""


class IncompleteDownload(DownloadError):
    """A file's bytes did not add up (fewer or more than the size the server declared) after
    every retry; the ``.part`` file is kept for the next run."""

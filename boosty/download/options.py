"""Downloader options: checked once, when a downloader is built."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

import attrs

from .._model.video import choose_player_url
from .errors import DownloadOptionError
from .progress import ProgressCallback

__all__ = ["KINDS", "Options", "make_options"]

KINDS = frozenset({"images", "files", "audio", "video", "text"})
"""What ``only=`` may name: ``images``, ``files``, ``audio``, ``video`` (Boosty-hosted),
``text`` (``post.md`` and ``post.json``)."""


def _as_utc(value: dt.datetime | dt.date | None, name: str) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    raise DownloadOptionError(f"{name} must be a datetime or a date, got {type(value).__name__}")


@attrs.frozen
class Options:
    """The checked options of a downloader (see :class:`~boosty.download.Downloader`)."""

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
    html: bool = True


def make_options(
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
    html: bool = True,
) -> Options:
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
    path = Path(dest)
    if path.exists() and not path.is_dir():
        raise DownloadOptionError(f"dest must be a folder (or not exist yet), but {str(path)!r} is a file")
    return Options(
        dest=path,
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
        html=bool(html),
    )

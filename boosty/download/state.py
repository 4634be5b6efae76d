"""The incremental state of a destination folder, in SQLite (``dest/.boosty-state.sqlite``).

Per blog: the *frontier*, a publish time (unix seconds) such that every post published at
or before it has been seen by some run. Per post:
a fingerprint of what the API said (``int_id``, ``updatedAt``, access), the folder it went
to, whether its ``post.md``/``post.json`` are written. Per media item of a post: its stable
key (the block id), kind, file name and status (:data:`MediaStatus`). A second run
stops walking the API's pages at the first page that reaches the frontier.

One :class:`State` is used from one thread (the download's event loop). An exclusive lock
file (``.boosty-state.lock``) keeps two runs from sharing a destination; the second gets
:class:`~boosty.download.DownloadError`.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal

import attrs

from .errors import DownloadError, DownloadStateError

__all__ = ["LOCK_FILE", "STATE_FILE", "MediaRecord", "PostRecord", "State"]

STATE_FILE = ".boosty-state.sqlite"
LOCK_FILE = ".boosty-state.lock"
_VERSION = 1

MediaStatus = Literal["done", "pending", "incomplete"]
"""``done``: the file is complete on disk; ``pending``: not ready on Boosty's side (a video
still processing, an upload still running); ``incomplete``: started or failed, to retry."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS blogs (
    blog TEXT PRIMARY KEY,
    frontier REAL
);
CREATE TABLE IF NOT EXISTS posts (
    blog TEXT NOT NULL,
    post_id TEXT NOT NULL,
    int_id INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    has_access INTEGER NOT NULL,
    folder TEXT NOT NULL,
    title TEXT NOT NULL,
    published REAL,
    text_done INTEGER NOT NULL,
    PRIMARY KEY (blog, post_id)
);
CREATE TABLE IF NOT EXISTS media (
    blog TEXT NOT NULL,
    post_id TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (blog, post_id, key)
);
"""


@attrs.frozen
class PostRecord:
    """What the state remembers of one post. ``published`` is unix seconds (UTC)."""

    blog: str
    post_id: str
    int_id: int
    fingerprint: str
    has_access: bool
    folder: str
    title: str
    published: float | None
    text_done: bool


@attrs.frozen
class MediaRecord:
    """What the state remembers of one media item of a post; ``size`` in bytes."""

    blog: str
    post_id: str
    key: str
    kind: str
    name: str
    status: MediaStatus
    size: int = 0


def _lock(handle: IO[bytes]) -> bool:
    """Take an exclusive, non-blocking lock on ``handle``; ``False`` if another holds it."""
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class _Db:
    """The state's SQLite connection; an SQLite failure (a full disk, an I/O error, a file
    another program locked) becomes :class:`~boosty.download.DownloadError` naming the file."""

    __slots__ = ("_connection", "_path")

    def __init__(self, path: Path) -> None:
        self._path = path
        self._connection = sqlite3.connect(path, isolation_level=None)

    def _failed(self, exc: sqlite3.Error) -> DownloadStateError:
        hint = "; free some space and run the download again" if "full" in str(exc).lower() else ""
        return DownloadStateError(f"cannot update the download state {str(self._path)!r}: {exc}{hint}")

    def execute(self, sql: str, parameters: tuple[object, ...] = ()) -> sqlite3.Cursor:
        try:
            return self._connection.execute(sql, parameters)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def executescript(self, script: str) -> None:
        try:
            self._connection.executescript(script)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def close(self) -> None:
        self._connection.close()


class State:
    """Open (creating if needed) the state of the destination folder ``dest``.

    Raises :class:`~boosty.download.DownloadError` if another run holds the folder or the
    state file is not a state database. Close with :meth:`close` (or ``with``).
    """

    def __init__(self, dest: Path) -> None:
        dest.mkdir(parents=True, exist_ok=True)
        self.path = dest / STATE_FILE
        self._lock_file: IO[bytes] | None = open(dest / LOCK_FILE, "a+b")  # noqa: SIM115
        if not _lock(self._lock_file):
            self._lock_file.close()
            self._lock_file = None
            raise DownloadError(f"another download is running in {str(dest)!r}")
        try:
            self._db = _Db(self.path)
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > _VERSION:
                raise DownloadError(f"{str(self.path)!r} was written by a newer version of boosty")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version={_VERSION}")
        except DownloadError as exc:
            self.close()
            if isinstance(exc.__cause__, sqlite3.DatabaseError) and "full" not in str(exc.__cause__).lower():
                raise DownloadError(f"cannot use the state file {str(self.path)!r}: {exc.__cause__}") from exc.__cause__
            raise
        except sqlite3.Error as exc:  # connecting itself failed
            self.close()
            raise DownloadError(f"cannot use the state file {str(self.path)!r}: {exc}") from exc
        except BaseException:
            self.close()
            raise

    # -- blogs ---------------------------------------------------------------------

    def frontier(self, blog: str) -> float | None:
        """Every post of ``blog`` published at or before this time (unix s) has been seen;
        ``None`` until a run has walked the whole blog."""
        row = self._db.execute("SELECT frontier FROM blogs WHERE blog = ?", (blog,)).fetchone()
        return float(row[0]) if row and row[0] is not None else None

    def set_frontier(self, blog: str, when: float) -> None:
        """Move the frontier of ``blog`` to ``when`` (unix s) if that is later."""
        self._db.execute(
            "INSERT INTO blogs (blog, frontier) VALUES (?, ?) ON CONFLICT(blog) DO UPDATE"
            " SET frontier = max(coalesce(frontier, excluded.frontier), excluded.frontier)",
            (blog, when),
        )

    # -- posts ---------------------------------------------------------------------

    def post(self, blog: str, post_id: str) -> PostRecord | None:
        """The record of one post, or ``None``."""
        row = self._db.execute(
            "SELECT blog, post_id, int_id, fingerprint, has_access, folder, title, published, text_done"
            " FROM posts WHERE blog = ? AND post_id = ?",
            (blog, post_id),
        ).fetchone()
        return _post(row) if row else None

    def put_post(self, record: PostRecord) -> None:
        """Insert or replace a post's record."""
        self._db.execute(
            "INSERT OR REPLACE INTO posts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.blog,
                record.post_id,
                record.int_id,
                record.fingerprint,
                int(record.has_access),
                record.folder,
                record.title,
                record.published,
                int(record.text_done),
            ),
        )

    def unfinished(self, blog: str, kinds: frozenset[str], *, text: bool) -> list[PostRecord]:
        """Posts with a media item of ``kinds`` not done (or, with ``text``, whose
        ``post.md`` is not written), newest first."""
        marks = ", ".join("?" * len(kinds)) or "''"
        rows = self._db.execute(
            "SELECT blog, post_id, int_id, fingerprint, has_access, folder, title, published, text_done"
            " FROM posts p WHERE blog = ? AND ((? AND text_done = 0) OR EXISTS ("
            f"  SELECT 1 FROM media m WHERE m.blog = p.blog AND m.post_id = p.post_id"
            f"  AND m.status != 'done' AND m.kind IN ({marks})))"
            " ORDER BY published DESC, int_id DESC",
            (blog, int(text), *sorted(kinds)),
        ).fetchall()
        return [_post(row) for row in rows]

    # -- media ---------------------------------------------------------------------

    def media(self, blog: str, post_id: str) -> dict[str, MediaRecord]:
        """The media records of one post, by key."""
        rows = self._db.execute(
            "SELECT blog, post_id, key, kind, name, status, size FROM media WHERE blog = ? AND post_id = ?",
            (blog, post_id),
        ).fetchall()
        return {row[2]: MediaRecord(*row) for row in rows}

    def forget(self, blog: str, post_id: str) -> None:
        """Drop a post and its media from the state (the files stay)."""
        self._db.execute("DELETE FROM media WHERE blog = ? AND post_id = ?", (blog, post_id))
        self._db.execute("DELETE FROM posts WHERE blog = ? AND post_id = ?", (blog, post_id))

    def put_media(self, record: MediaRecord) -> None:
        """Insert or replace one media record."""
        self._db.execute(
            "INSERT OR REPLACE INTO media VALUES (?, ?, ?, ?, ?, ?, ?)",
            (record.blog, record.post_id, record.key, record.kind, record.name, record.status, record.size),
        )

    # -- lifecycle -----------------------------------------------------------------

    def close(self) -> None:
        """Close the database and release the folder's lock."""
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()
            self._db = None  # type: ignore[assignment]
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def posts(self, blog: str) -> Iterator[PostRecord]:
        """Every post record of ``blog`` (for reports and tests)."""
        rows = self._db.execute(
            "SELECT blog, post_id, int_id, fingerprint, has_access, folder, title, published, text_done"
            " FROM posts WHERE blog = ? ORDER BY int_id",
            (blog,),
        ).fetchall()
        for row in rows:
            yield _post(row)


def _post(row: tuple[object, ...]) -> PostRecord:
    blog, post_id, int_id, fingerprint, has_access, folder, title, published, text_done = row
    return PostRecord(
        blog=str(blog),
        post_id=str(post_id),
        int_id=int(str(int_id)),
        fingerprint=str(fingerprint),
        has_access=bool(has_access),
        folder=str(folder),
        title=str(title),
        published=float(str(published)) if published is not None else None,
        text_done=bool(text_done),
    )

"""The poller's memory: a small SQLite file, so a restart loses no event and repeats none
that was recorded (each is committed right after its handlers ran).

Each source keeps its own records as JSON values under ``(scope, source, key)``; the scope is
the blog slug, so one file can serve several blogs. A source that has no records yet is
*uninitialised*: its first poll takes a snapshot and reports nothing (unless ``since=``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import EventStateError

__all__ = ["SCHEMA_VERSION", "StateStore", "default_state_path"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    scope TEXT NOT NULL, source TEXT NOT NULL, initialised_at REAL NOT NULL,
    PRIMARY KEY (scope, source));
CREATE TABLE IF NOT EXISTS records (
    scope TEXT NOT NULL, source TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (scope, source, key));
"""


def default_state_path() -> Path:
    """``<user_state_dir("boosty")>/events.sqlite3`` (platformdirs; created on first use)."""
    from platformdirs import user_state_dir

    return Path(user_state_dir("boosty")) / "events.sqlite3"


class StateStore:
    """The SQLite state of the poller at ``path`` (default :func:`default_state_path`).

    Not an API for users; the poller owns it. Every method raises
    :class:`~boosty.events.EventStateError` when the file cannot be used (not a database,
    written by a newer version, read-only, locked for more than ``timeout`` seconds).
    Writes become durable on :meth:`commit`.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, timeout: float = 10.0) -> None:
        self.path = Path(path) if path is not None else default_state_path()
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():  # private from the start: it names subscribers and donors
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            self._db = sqlite3.connect(str(self.path), timeout=timeout, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise EventStateError(
                f"cannot open the event state file {str(self.path)!r}: {exc}", str(self.path)
            ) from exc
        try:
            with self._guard():
                self._db.executescript(_SCHEMA)
                row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if row is None:
                    self._db.execute("INSERT INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                    self._db.commit()
                elif int(row[0]) > SCHEMA_VERSION:
                    raise EventStateError(
                        f"the event state file {str(self.path)!r} was written by a newer version "
                        f"(schema {row[0]}, this one reads {SCHEMA_VERSION})",
                        str(self.path),
                    )
        except BaseException:
            self._db.close()
            raise

    # -- plumbing -------------------------------------------------------------------

    def _guard(self) -> _Guard:
        return _Guard(self)

    # -- sources ----------------------------------------------------------------------

    def initialised(self, scope: str, source: str) -> bool:
        """``True`` once ``source`` took its first snapshot for ``scope``."""
        with self._guard():
            row = self._db.execute("SELECT 1 FROM sources WHERE scope = ? AND source = ?", (scope, source)).fetchone()
        return row is not None

    def mark_initialised(self, scope: str, source: str, at: float) -> None:
        """Record that ``source`` has its snapshot (``at``: unix seconds)."""
        with self._guard():
            self._db.execute(
                "INSERT OR REPLACE INTO sources (scope, source, initialised_at) VALUES (?, ?, ?)", (scope, source, at)
            )

    def acquire(self, scope: str) -> bool:
        """Take this worker's lease on ``scope`` for one poll: always ``True`` for a local file
        (one process polls it; see :class:`~boosty.events.redis_state.RedisStateStore`)."""
        return True

    def release(self, scope: str) -> None:
        """Give back the lease on ``scope`` (nothing to do for a local file)."""

    # -- records ----------------------------------------------------------------------

    def items(self, scope: str, source: str) -> dict[str, Any]:
        """Every record of ``source``: key -> decoded JSON value."""
        with self._guard():
            rows = self._db.execute(
                "SELECT key, value FROM records WHERE scope = ? AND source = ?", (scope, source)
            ).fetchall()
        return {key: json.loads(value) for key, value in rows}

    def get(self, scope: str, source: str, key: str) -> Any:
        """The value stored under ``key``, or ``None``."""
        with self._guard():
            row = self._db.execute(
                "SELECT value FROM records WHERE scope = ? AND source = ? AND key = ?", (scope, source, key)
            ).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, scope: str, source: str, key: str, value: Any) -> None:
        """Store ``value`` (JSON-serialisable) under ``key``."""
        text = json.dumps(value, separators=(",", ":"), sort_keys=True)
        with self._guard():
            self._db.execute(
                "INSERT OR REPLACE INTO records (scope, source, key, value) VALUES (?, ?, ?, ?)",
                (scope, source, key, text),
            )

    def put_many(self, scope: str, source: str, values: Iterable[tuple[str, Any]]) -> None:
        """Store several ``(key, value)`` pairs."""
        rows = [(scope, source, key, json.dumps(v, separators=(",", ":"), sort_keys=True)) for key, v in values]
        with self._guard():
            self._db.executemany("INSERT OR REPLACE INTO records (scope, source, key, value) VALUES (?, ?, ?, ?)", rows)

    def delete(self, scope: str, source: str, key: str) -> None:
        """Forget ``key`` (nothing happens if it is absent)."""
        with self._guard():
            self._db.execute("DELETE FROM records WHERE scope = ? AND source = ? AND key = ?", (scope, source, key))

    # -- transactions -------------------------------------------------------------------

    def commit(self) -> None:
        """Make every write so far durable."""
        with self._guard():
            self._db.commit()

    def rollback(self) -> None:
        """Drop the writes since the last :meth:`commit`."""
        with self._guard():
            self._db.rollback()

    def close(self) -> None:
        """Drop uncommitted writes and close the file."""
        with self._lock:
            try:
                self._db.rollback()
            finally:
                self._db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"StateStore({str(self.path)!r})"


class _Guard:
    """Holds the store's lock and turns :mod:`sqlite3` errors into :class:`EventStateError`."""

    def __init__(self, store: StateStore) -> None:
        self._store = store

    def __enter__(self) -> None:
        self._store._lock.acquire()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._store._lock.release()
        if isinstance(exc, sqlite3.Error):
            path = str(self._store.path)
            raise EventStateError(f"event state file {path!r}: {exc}", path) from exc

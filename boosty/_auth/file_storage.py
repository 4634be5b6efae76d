"""A JSON file that keeps the credentials: atomic replace, owner-only permissions."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import filelock
import platformdirs

from .._checks import check_seconds
from .._errors import TokenStorageError
from .._json import loads as decode_json
from .credentials import Credentials, CredentialsError

__all__ = ["FileTokenStorage", "default_credentials_path"]

_FORMAT = 1

STALE_TEMP_AGE = 10.0
"""Seconds after which a temporary file of :meth:`FileTokenStorage.save` is stale: a save
takes milliseconds, so an older one was left by a process killed mid-save."""


def default_credentials_path() -> Path:
    """``<user config dir>/boosty/credentials.json`` (from :func:`platformdirs.user_config_dir`)."""
    return Path(platformdirs.user_config_dir("boosty")) / "credentials.json"


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


class FileTokenStorage:
    """Keeps the pair in a JSON file, readable and writable by its owner only.

    ``path``: the file (``str`` or :class:`~pathlib.Path`); default
    :func:`default_credentials_path`, i.e. ``credentials.json`` under
    ``platformdirs.user_config_dir("boosty")``.

    :meth:`save` writes a temporary file in the same directory, created with mode 0600,
    flushes and fsyncs it, then renames it over ``path`` (``os.replace``): a crash or a full
    disk leaves the previous file intact, never a half-written one, and a failed or interrupted
    save removes its temporary file. Missing directories (parents included) are created with
    mode 0700. :meth:`save` and :meth:`clear` raise :class:`boosty.TokenStorageError` naming the
    path when the file system refuses; :meth:`load` returns ``None`` if the file does not exist
    and raises :class:`boosty.TokenStorageError` naming the path if it cannot be read or is corrupt.

    Several processes may share one file: a client refreshes under :meth:`refresh_lock` (a
    ``filelock`` lock on ``<path>.lock``), so only one process spends the refresh token and
    the others adopt the pair it saved. ``lock_timeout``: seconds to wait for that lock
    before :class:`boosty.TokenStorageError` (default 30).

    A process killed mid-save (``kill -9``, power loss) leaves its temporary file, which holds
    the full pair. :meth:`load` and :meth:`save` delete this storage's own temporary files
    (``.<name>.<12 hex digits>.tmp`` beside ``path``) older than ``stale_temp_age`` seconds
    (default :data:`STALE_TEMP_AGE`); younger ones may belong to a save running right now in
    another process and are left alone. Nothing else in the directory is touched.
    """

    read_only = False

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        lock_timeout: float = 30.0,
        stale_temp_age: float = STALE_TEMP_AGE,
    ) -> None:
        self.path = Path(path) if path is not None else default_credentials_path()
        self.lock_timeout = lock_timeout
        self.stale_temp_age = float(check_seconds(stale_temp_age, "stale_temp_age") or 0.0)
        self._lock = threading.Lock()
        self._temp_name = re.compile(rf"\.{re.escape(self.path.name)}\.[0-9a-f]{{12}}\.tmp")

    def remove_stale_temporary_files(self) -> int:
        """Delete this storage's temporary files older than ``stale_temp_age`` seconds (left by
        a process killed mid-save); returns how many were deleted. Best effort: a file that
        cannot be listed or deleted is skipped."""
        removed = 0
        cutoff = time.time() - self.stale_temp_age
        try:
            entries = list(os.scandir(self.path.parent))
        except OSError:
            return 0
        for entry in entries:
            if not self._temp_name.fullmatch(entry.name):
                continue
            try:
                if entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_mtime > cutoff:
                    continue
                os.unlink(entry.path)
                removed += 1
            except OSError:
                continue
        return removed

    @contextlib.contextmanager
    def refresh_lock(self) -> Iterator[None]:
        """Hold the cross-process lock ``<path>.lock`` (mode 0600) for a load, refresh, save.

        Raises :class:`boosty.TokenStorageError` naming the lock file if it cannot be taken
        within ``lock_timeout`` seconds or created.
        """
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            _make_directories(lock_path.parent)
            lock = filelock.FileLock(str(lock_path), timeout=self.lock_timeout, mode=0o600, thread_local=False)
            lock.acquire()
        except filelock.Timeout:
            raise TokenStorageError(
                f"another process held the token refresh lock {lock_path} for more than {self.lock_timeout} s"
            ) from None
        except OSError as exc:
            raise TokenStorageError(f"cannot take the token refresh lock {lock_path}: {_reason(exc)}") from exc
        try:
            yield
        finally:
            lock.release()

    def load(self) -> Credentials | None:
        """The stored pair, or ``None`` if the file does not exist (stale temporary files of
        interrupted saves are deleted first)."""
        self.remove_stale_temporary_files()
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TokenStorageError(f"cannot read credentials file {self.path}: {_reason(exc)}") from exc
        try:
            data = decode_json(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            # No chaining: the decoder's exception keeps the whole document, tokens included.
            raise TokenStorageError(f"credentials file {self.path} is corrupt: not valid JSON") from None
        try:
            return Credentials.from_dict(data)
        except CredentialsError as exc:
            raise TokenStorageError(f"credentials file {self.path} is corrupt: {exc}") from None

    def save(self, credentials: Credentials) -> None:
        """Replace the file's content with ``credentials`` atomically (mode 0600)."""
        if not isinstance(credentials, Credentials):
            raise TypeError(f"expected Credentials, got {type(credentials).__name__}")
        payload = json.dumps({"format": _FORMAT, **credentials.to_dict()}, indent=2).encode("utf-8") + b"\n"
        directory = self.path.parent
        with self._lock:
            try:
                _make_directories(directory)
            except OSError as exc:
                raise TokenStorageError(f"cannot create directory {directory}: {_reason(exc)}") from exc
            self.remove_stale_temporary_files()
            temp = directory / f".{self.path.name}.{secrets.token_hex(6)}.tmp"
            try:
                try:
                    self._write(temp, payload)
                    os.replace(temp, self.path)
                except BaseException:  # an interrupt too: no copy of the tokens is left behind
                    with contextlib.suppress(OSError):
                        temp.unlink()
                    raise
            except OSError as exc:
                raise TokenStorageError(f"cannot write credentials file {self.path}: {_reason(exc)}") from exc
            _fsync_directory(directory)

    @staticmethod
    def _write(temp: Path, payload: bytes) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(temp, flags, 0o600)
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)

    def clear(self) -> None:
        """Delete the file (no error if it does not exist)."""
        with self._lock:
            try:
                self.path.unlink()
            except FileNotFoundError:
                return
            except OSError as exc:
                raise TokenStorageError(f"cannot delete credentials file {self.path}: {_reason(exc)}") from exc

    def __repr__(self) -> str:
        return f"FileTokenStorage(path={str(self.path)!r})"


def _make_directories(directory: Path) -> None:
    """Create ``directory`` and its missing parents, each with mode 0700 (``mkdir -p`` would
    give the parents the umask's mode, which may let others swap the directory)."""
    missing: list[Path] = []
    while not directory.is_dir() and directory.parent != directory:
        missing.append(directory)
        directory = directory.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable where the platform allows it (POSIX); best effort."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

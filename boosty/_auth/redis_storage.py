"""Credentials in Redis, shared by every process that names the same URL and key (``boosty-client[redis]``)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

from .._errors import TokenStorageError
from .._redis import connect, safe_redis_url, translate_errors
from .credentials import Credentials, CredentialsError

__all__ = ["RedisTokenStorage"]

_FORMAT = 1


class RedisTokenStorage:
    """Keeps the pair as one JSON string in Redis, for several processes or machines.

    Arguments:
        url: the Redis URL (``redis://[:password@]host:port/db``, ``rediss://`` for TLS,
            ``unix:///path/to.sock``).
        key: the Redis key of the pair (one key per account); the refresh lock is
            ``<key>:lock``.
        lock_timeout: seconds a refresh may hold the lock before Redis lets it go (a process
            killed mid-refresh blocks the others at most this long), and seconds to wait for it.

    A client refreshes under :meth:`refresh_lock`, a Redis lock (redis-py's ``Lock``, a
    random token set with ``SET NX PX`` and released only by its owner), so one process
    spends the refresh token and the others adopt the pair it saved: about one refresh per
    expiry however many processes share the account.

    Every method raises :class:`boosty.TokenStorageError` naming the URL (never its
    password) when Redis is unreachable (after at most 2 s to connect, 5 s a reply) or the
    stored value is corrupt; a failed :meth:`save` leaves the previous pair in place.
    Raises :class:`TypeError` / :class:`ValueError` for a ``url`` that is not a Redis URL.
    """

    read_only = False

    def __init__(self, url: str, *, key: str = "boosty:credentials", lock_timeout: float = 30.0) -> None:
        if not isinstance(key, str) or not key:
            raise ValueError(f"key must be a non-empty string, got {key!r}")
        if not lock_timeout > 0:
            raise ValueError(f"lock_timeout must be positive seconds, got {lock_timeout!r}")
        self._redis: Any = connect(url)
        self._url = url
        self.url = safe_redis_url(url)
        self.key = key
        self.lock_timeout = float(lock_timeout)

    def _errors(self, what: str) -> contextlib.AbstractContextManager[None]:
        return translate_errors(self._url, what, TokenStorageError)

    def load(self) -> Credentials | None:
        """The stored pair, or ``None`` if the key does not exist."""
        with self._errors(f"reading the credentials key {self.key!r}"):
            raw = self._redis.get(self.key)
        if raw is None:
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
            return Credentials.from_dict(data)
        except (UnicodeDecodeError, ValueError, CredentialsError, TypeError, AttributeError):
            # No chaining: the decoder's exception may quote the document, tokens included.
            raise TokenStorageError(f"credentials key {self.key!r} at {self.url} is corrupt") from None

    def save(self, credentials: Credentials) -> None:
        """Replace the stored pair with ``credentials`` (one ``SET``: atomic)."""
        if not isinstance(credentials, Credentials):
            raise TypeError(f"expected Credentials, got {type(credentials).__name__}")
        payload = json.dumps({"format": _FORMAT, **credentials.to_dict()})
        with self._errors(f"saving the credentials key {self.key!r}"):
            self._redis.set(self.key, payload)

    def clear(self) -> None:
        """Delete the key (no error if it does not exist)."""
        with self._errors(f"deleting the credentials key {self.key!r}"):
            self._redis.delete(self.key)

    @contextlib.contextmanager
    def refresh_lock(self) -> Iterator[None]:
        """Hold the Redis lock ``<key>:lock`` for a load, refresh, save (single flight).

        Raises :class:`boosty.TokenStorageError` if it cannot be taken within
        ``lock_timeout`` seconds or Redis is unreachable.
        """
        lock = self._redis.lock(
            f"{self.key}:lock", timeout=self.lock_timeout, blocking_timeout=self.lock_timeout, thread_local=False
        )
        with self._errors("taking the token refresh lock"):
            acquired = lock.acquire()
        if not acquired:
            raise TokenStorageError(
                f"another process held the token refresh lock at {self.url} for more than {self.lock_timeout} s"
            )
        try:
            yield
        finally:
            # Expired meanwhile (the lock outlived its timeout): nothing left to release.
            with contextlib.suppress(Exception):
                lock.release()

    def close(self) -> None:
        """Close the connection pool."""
        self._redis.close()

    def __repr__(self) -> str:
        return f"RedisTokenStorage(url={self.url!r}, key={self.key!r})"

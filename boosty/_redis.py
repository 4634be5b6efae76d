"""One place that opens Redis connections for the parts that many processes share.

Token storage, the rate limiter, the cache and the event state all take a ``redis://`` URL
(``rediss://`` for TLS, ``unix://`` for a socket). This module connects with short timeouts
(a down Redis fails fast, never hangs), names the URL without its password in every error,
and turns redis-py's exceptions into :class:`SharedStateError`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ._errors import BoostyError

__all__ = [
    "CONNECT_TIMEOUT",
    "REDIS_SCHEMES",
    "SOCKET_TIMEOUT",
    "SharedStateError",
    "connect",
    "is_redis_url",
    "safe_redis_url",
    "translate_errors",
]

REDIS_SCHEMES = frozenset({"redis", "rediss", "unix"})
CONNECT_TIMEOUT = 2.0
"""Seconds to wait for a connection to Redis before :class:`SharedStateError`."""
SOCKET_TIMEOUT = 5.0
"""Seconds to wait for one Redis reply before :class:`SharedStateError`."""


class SharedStateError(BoostyError):
    """Redis (the state shared by several processes) is unreachable or refused a command.

    ``url`` is the Redis URL without its password. Nothing stored is lost: the operation
    that failed did not happen, and the caller may try again.
    """

    def __init__(self, message: str, url: str = "") -> None:
        super().__init__(message)
        self.url = url


def is_redis_url(value: object) -> bool:
    """``True`` for a string whose scheme is ``redis``, ``rediss`` or ``unix``."""
    return isinstance(value, str) and urlsplit(value).scheme.lower() in REDIS_SCHEMES


def safe_redis_url(url: str) -> str:
    """``url`` without ``user:password@`` and without a ``password`` query parameter."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k.lower() != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def connect(url: str, *, parameter: str = "url") -> Any:
    """A ``redis.Redis`` client for ``url`` (sync, thread-safe pool, bytes replies).

    Raises :class:`TypeError` / :class:`ValueError` naming ``parameter`` for a value that is
    not a Redis URL, and :class:`ImportError` if redis-py is missing (``pip install
    boosty-client[redis]``). Connecting is lazy: the first command reaches the server.
    """
    if not isinstance(url, str):
        raise TypeError(f"{parameter} must be a redis:// URL string, got {type(url).__name__}")
    if not is_redis_url(url):
        raise ValueError(f"{parameter} must be a redis://, rediss:// or unix:// URL, got {safe_redis_url(url)!r}")
    try:
        import redis
    except ImportError as exc:  # pragma: no cover - the test extra installs redis
        raise ImportError("sharing state through Redis needs redis-py: pip install 'boosty-client[redis]'") from exc
    try:
        return redis.Redis.from_url(
            url,
            socket_connect_timeout=CONNECT_TIMEOUT,
            socket_timeout=SOCKET_TIMEOUT,
            health_check_interval=30,
        )
    except ValueError as exc:
        raise ValueError(f"{parameter} is not a usable Redis URL ({safe_redis_url(url)!r}): {exc}") from None


@contextlib.contextmanager
def translate_errors(url: str, what: str, error: type[BoostyError] = SharedStateError) -> Iterator[None]:
    """Turn redis-py's errors inside the block into ``error`` naming ``url`` (password removed).

    ``error`` is built as ``error(message)`` or, for :class:`SharedStateError`,
    ``error(message, url)``.
    """
    import redis

    try:
        yield
    except redis.RedisError as exc:
        safe = safe_redis_url(url)
        # The exception text of redis-py never holds the password, but keep only its class and
        # first line to be safe.
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        message = f"Redis at {safe} failed while {what}: {type(exc).__name__}: {detail}"
        raise (error(message, safe) if error is SharedStateError else error(message)) from None

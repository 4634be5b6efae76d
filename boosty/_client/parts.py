"""Small parts of the client core (:mod:`boosty._client.base`): path segments, the
``backend`` check and the flag a client and the clients derived from it share."""

from __future__ import annotations

import functools
from urllib.parse import quote

__all__ = ["path_segment"]


def path_segment(value: object) -> str:
    """Percent-encode one path segment taken from an argument or API data.

    Raises :class:`ValueError` for an empty segment, ``.`` or ``..``: a slug can never
    reroute a request.
    """
    return _quoted_segment(str(value))


@functools.lru_cache(maxsize=1024)
def _quoted_segment(text: str) -> str:
    # memoised: the same blogs and ids come back call after call (thread-safe)
    if text in ("", ".", ".."):
        raise ValueError(f"invalid path segment: {text!r}")
    return quote(text, safe="")


def _check_backend(backend: object, sender: object, asynchronous: bool) -> None:
    """Refuse a ``backend`` the client cannot use: not ``None``/``"httpx"``/``"aiohttp"``
    (:class:`ValueError`), beside a given ``sender`` or for a sync client (``"aiohttp"``)."""
    if backend is None:
        return
    if backend not in ("httpx", "aiohttp"):
        raise ValueError(f"backend must be 'httpx' or 'aiohttp', got {backend!r}")
    if sender is not None:
        raise ValueError("backend chooses the sender the client builds: pass it to AsyncSender(backend=...) instead")
    if backend == "aiohttp" and not asynchronous:
        raise ValueError("backend='aiohttp' needs an async client (AsyncBoosty or asynchronous=True)")


class _Life:
    """Whether a client's sender chain is closed; shared by the clients derived from it."""

    __slots__ = ("closed",)

    def __init__(self) -> None:
        self.closed = False

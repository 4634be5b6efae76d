"""The sender chain: value objects, base classes, concrete senders and wrappers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from ._http import ByteStream, Headers, Request, Response
    from .base import Close, ExtendingSender, Sender, Sleep
    from .caching import CachingSender
    from .concrete import AsyncSender, SyncSender
    from .rate_limiting import RateLimitingSender
    from .retrying import RetryingSender

__all__ = [
    "Close",
    "AsyncSender",
    "ByteStream",
    "CachingSender",
    "ExtendingSender",
    "Headers",
    "RateLimitingSender",
    "Request",
    "Response",
    "RetryingSender",
    "Sender",
    "Sleep",
    "SyncSender",
]

_WHERE = {
    **dict.fromkeys(("ByteStream", "Headers", "Request", "Response"), "_http"),
    **dict.fromkeys(("Close", "ExtendingSender", "Sender", "Sleep"), "base"),
    "CachingSender": "caching",
    **dict.fromkeys(("AsyncSender", "SyncSender"), "concrete"),
    "RateLimitingSender": "rate_limiting",
    "RetryingSender": "retrying",
}
"""The submodule of each name: a client imports the senders it builds, not the caching or
rate-limiting ones (nor cachetools) until they are named."""

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _WHERE, __all__)

"""The sender chain: value objects, base classes, concrete senders and wrappers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:  # the names, re-exported for type checkers; at run time :data:`_WHERE`
    from ._http import ByteStream as ByteStream
    from ._http import Headers as Headers
    from ._http import Request as Request
    from ._http import Response as Response
    from .base import Close as Close
    from .base import ExtendingSender as ExtendingSender
    from .base import Sender as Sender
    from .base import Sleep as Sleep
    from .caching import CachingSender as CachingSender
    from .concrete import AsyncSender as AsyncSender
    from .concrete import SyncSender as SyncSender
    from .rate_limiting import RateLimitingSender as RateLimitingSender
    from .retrying import RetryingSender as RetryingSender

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
    __all__ = sorted(_WHERE)
    __getattr__, __dir__ = lazy_names(__name__, _WHERE, __all__)

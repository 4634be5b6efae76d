"""The sender chain: value objects, base classes, concrete senders and wrappers."""

from __future__ import annotations

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

"""The sender chain: value objects, base classes, concrete senders and wrappers."""

from __future__ import annotations

from ._http import ByteStream, Headers, Request, Response
from .base import ExtendingSender, Sender, Sleep
from .concrete import AsyncSender, SyncSender

__all__ = [
    "AsyncSender",
    "ByteStream",
    "ExtendingSender",
    "Headers",
    "Request",
    "Response",
    "Sender",
    "Sleep",
    "SyncSender",
]

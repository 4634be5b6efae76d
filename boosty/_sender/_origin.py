"""The one redirect rule both concrete senders honour: origin-bound headers stay on their origin."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

__all__ = ["ALWAYS_ORIGIN_BOUND", "ORIGIN_HEADERS", "origin_bound", "same_origin"]

ORIGIN_HEADERS = "boosty.origin_headers"
"""Request extension: a ``frozenset`` of lower-cased header names that belong to the request's
origin (the client's own headers and cookies). A concrete sender following a redirect to
another origin (scheme, host or port) drops them, as it drops :data:`ALWAYS_ORIGIN_BOUND`."""

ALWAYS_ORIGIN_BOUND = frozenset({"authorization", "cookie", "proxy-authorization"})
"""Headers never sent to another origin on a redirect, whatever the request says."""


def origin_bound(extensions: Any) -> frozenset[str]:
    """The lower-cased header names a cross-origin redirect must drop for a request with
    ``extensions`` (its :data:`ORIGIN_HEADERS` and :data:`ALWAYS_ORIGIN_BOUND`)."""
    named: Iterable[str] = extensions.get(ORIGIN_HEADERS) or ()
    return ALWAYS_ORIGIN_BOUND.union(name.lower() for name in named)


def same_origin(a: str, b: str) -> bool:
    """Whether URLs ``a`` and ``b`` share scheme, host and port (compared lower-cased)."""
    first, second = urlsplit(a), urlsplit(b)
    return (first.scheme.lower(), first.netloc.lower()) == (second.scheme.lower(), second.netloc.lower())

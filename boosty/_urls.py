"""URLs fit for messages, reprs and logs."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["safe_url"]


def safe_url(url: str) -> str:
    """``url`` without its query, fragment and ``user:password@``: fit for messages and reprs."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"

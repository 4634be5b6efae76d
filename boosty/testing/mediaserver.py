"""The fake's media origin: signed downloads with byte ranges (a raw ASGI app).

Paths: ``/image/{id}``, ``/file/{id}``, ``/audio/{id}`` and ``/video/{id}/{quality}.mp4``
need the post's signed query (403 when missing, wrong or expired) and answer one byte
range (``Range``, honouring ``If-Range``; see :func:`~boosty.testing.media.parse_range`); ``/video/{id}/master.m3u8``
and ``/manifest.mpd`` are small manifests; ``/preview/{id}``, ``/user/{id}/avatar``,
``/blog/{id}/cover`` and ``/smile/{id}/{size}`` are public images.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import attrs

from .media import MediaItem, iter_media, parse_range
from .state import FakeState

__all__ = ["Resolved", "media_app", "resolve"]

Scope = dict[str, Any]
_PUBLIC = ("preview", "user", "blog", "smile")
_LAST_MODIFIED = datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
"""``Last-Modified`` of every media item (the bytes of an item never change)."""


@attrs.frozen
class Resolved:
    """A media path resolved: the item, its variant, and what to serve."""

    item: MediaItem
    variant: str
    size: int
    key: str

    @property
    def content_type(self) -> str:
        return self.item.content_type


def resolve(state: FakeState, path: str) -> Resolved | None:
    """The item a media path (or a URL, or a bare media id) names, or ``None``."""
    if "://" in path:
        path = urlsplit(path).path
    parts = [p for p in path.split("/") if p]
    if len(parts) == 1:
        parts = ["id", parts[0]]
    if len(parts) < 2:
        return None
    kind, media_id = parts[0], parts[1]
    if kind in _PUBLIC:
        key = "/".join(parts)
        size = 2000 + int(hashlib.sha256(key.encode()).hexdigest()[:6], 16) % 30000
        item = MediaItem(key, "image", {"": size}, content_type="image/png" if kind == "smile" else "image/jpeg")
        return Resolved(item, "", size, key)
    found = state.world.media.get(media_id)
    if found is None:
        return None
    variant = ""
    if kind == "video" or found.kind == "video":
        name = parts[2] if len(parts) > 2 else ""
        variant = name.rsplit(".", 1)[0] if name.endswith(".mp4") else ""
        if not variant:
            variant = max(found.sizes, key=lambda q: found.sizes[q])
    elif kind not in ("image", "file", "audio", "id"):
        return None
    if variant not in found.sizes:
        return None
    return Resolved(found, variant, found.sizes[variant], found.key(variant))


async def _respond(send: Any, status: int, headers: list[tuple[str, str]], body: bytes = b"") -> None:
    raw = [(k.lower().encode(), v.encode()) for k, v in headers]
    raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def _manifest(state: FakeState, item: MediaItem, query: str, kind: str) -> tuple[str, bytes]:
    base = f"{state.media_base}/video/{item.media_id}"
    if kind == "hls":
        lines = ["#EXTM3U"]
        for quality, size in sorted(item.sizes.items(), key=lambda kv: kv[1]):
            lines += [
                f"#EXT-X-STREAM-INF:BANDWIDTH={size * 8 // 10},QUALITY={quality}",
                f"{base}/{quality}.mp4?{query}",
            ]
        return "application/vnd.apple.mpegurl", ("\n".join(lines) + "\n").encode()
    reps = "".join(
        f'<Representation id="{q}" bandwidth="{s * 8 // 10}"><BaseURL>{base}/{q}.mp4?{query}</BaseURL></Representation>'
        for q, s in item.sizes.items()
    )
    body = f'<?xml version="1.0"?><MPD><Period><AdaptationSet>{reps}</AdaptationSet></Period></MPD>'
    return "application/dash+xml", body.replace("&", "&amp;").encode()


async def media_app(state: FakeState, scope: Scope, receive: Any, send: Any) -> None:
    """Serve one request on the media origin."""
    method = scope["method"]
    path: str = scope["path"]
    if method not in ("GET", "HEAD"):
        await _respond(send, 405, [("content-type", "text/plain"), ("allow", "GET, HEAD")], b"Method Not Allowed")
        return
    query = scope.get("query_string", b"").decode("latin-1")
    params = dict(parse_qsl(query))
    parts = [p for p in path.split("/") if p]
    manifest = len(parts) == 3 and parts[0] == "video" and parts[2] in ("master.m3u8", "manifest.mpd")
    if manifest:
        item = state.world.media.get(parts[1])
        if item is None:
            await _respond(send, 404, [("content-type", "text/plain")], b"Not Found")
            return
        problem = state.signer.check(item.scope, params)
        if problem:
            await _respond(send, 403, [("content-type", "text/plain")], f"Forbidden: link {problem}".encode())
            return
        ctype, body = _manifest(state, item, query, "hls" if parts[2].endswith("m3u8") else "dash")
        await _respond(send, 200, [("content-type", ctype)], body)
        return
    found = resolve(state, path)
    if found is None or len(parts) < 2:
        await _respond(send, 404, [("content-type", "text/plain")], b"Not Found")
        return
    problem = state.signer.check(found.item.scope, params)
    if problem:
        await _respond(send, 403, [("content-type", "text/plain")], f"Forbidden: link {problem}".encode())
        return
    await _serve(found, scope, send)


TRANSPORT = "boosty.transport"
"""The scope key under which the fake's protocol puts each connection's asyncio transport."""


def content_disposition(filename: str) -> str:
    """``inline`` with ``filename`` as RFC 6266 wants it: an ASCII ``filename=`` fallback
    (controls, quotes, backslashes and non-ASCII as ``_``) and the exact name, percent-encoded,
    in ``filename*=UTF-8''`` (control characters such as NUL dropped: no header may carry them)."""
    clean = "".join(ch for ch in filename if ch >= " " and ch != "\x7f")
    fallback = "".join(ch if " " <= ch < "\x7f" and ch not in '"\\' else "_" for ch in clean) or "file"
    return f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(clean, safe='')}"


def _if_range_holds(value: str | None, etag: str) -> bool:
    """Whether an ``If-Range`` validator (absent, or an entity tag or date) still matches.

    An entity tag must equal the ``ETag`` (a weak one never does); a date must be the
    ``Last-Modified`` time (RFC 9110 §13.1.5). Otherwise the whole body is served.
    """
    if value is None:
        return True
    value = value.strip()
    if value.startswith(('"', "W/")):
        return value == etag
    try:
        return parsedate_to_datetime(value) == _LAST_MODIFIED
    except (TypeError, ValueError, IndexError):
        return False


async def _serve(found: Resolved, scope: Scope, send: Any) -> None:
    size = found.size
    etag = f'"{hashlib.sha256(found.key.encode()).hexdigest()[:16]}-{size}"'
    headers = [
        ("content-type", found.content_type),
        ("accept-ranges", "bytes"),
        ("etag", etag),
        ("last-modified", format_datetime(_LAST_MODIFIED, usegmt=True)),
        ("cache-control", "private, max-age=86400"),
    ]
    if found.item.filename and found.item.kind != "image":
        headers.append(("content-disposition", content_disposition(found.item.filename)))
    range_header = if_range = None
    for key, value in scope["headers"]:
        if key == b"range":
            range_header = value.decode("latin-1")
        elif key == b"if-range":
            if_range = value.decode("latin-1")
    wanted = parse_range(range_header, size) if _if_range_holds(if_range, etag) else None
    if wanted is False:
        await _respond(send, 416, [("content-range", f"bytes */{size}"), ("content-type", "text/plain")])
        return
    start, end = (0, size - 1) if wanted is None else wanted
    status = 200 if wanted is None else 206
    if status == 206:
        headers.append(("content-range", f"bytes {start}-{end}/{size}"))
    raw = [(k.encode(), v.encode()) for k, v in headers]
    raw.append((b"content-length", str(end - start + 1).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    if scope["method"] == "HEAD" or size == 0:
        await send({"type": "http.response.body", "body": b""})
        return
    # A client that goes away (killed, Ctrl-C) stops the body at once: the rest is not
    # produced, and asyncio's "socket.send() raised exception" is not logged once per chunk.
    transport = scope.get(TRANSPORT)
    for piece in iter_media(found.key, size, found.content_type, start, end):
        if transport is not None and transport.is_closing():
            return
        await send({"type": "http.response.body", "body": piece, "more_body": True})
        await asyncio.sleep(0)  # lets the connection notice a reset before the next chunk
    await send({"type": "http.response.body", "body": b""})

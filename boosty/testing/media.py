"""Media for the fake: deterministic bytes made on the fly, signed expiring URLs, byte ranges.

Nothing is stored: the bytes of a media item are derived from its key (the media id, plus
the quality for a video), chunk by chunk, so any byte range can be produced without the
bytes before it, and the sha256 of an item never changes between runs.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Callable, Iterator
from typing import Final, Literal

import attrs

from .pictures import picture

__all__ = [
    "CHUNK",
    "MediaItem",
    "Signer",
    "content_type_for",
    "iter_media",
    "parse_range",
]

CHUNK: Final = 65536
"""Bytes per generated chunk (and per body message when streaming)."""

_MAGIC: Final = {
    "image/jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
    "image/png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "image/gif": b"GIF89a",
    "audio/mpeg": b"ID3\x04\x00\x00\x00\x00\x00\x00",
    "video/mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom",
    "application/zip": b"PK\x03\x04",
    "application/pdf": b"%PDF-1.7\n",
}

_BY_EXTENSION: Final = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "mp4": "video/mp4",
    "zip": "application/zip",
    "pdf": "application/pdf",
    "txt": "text/plain",
}


def content_type_for(kind: str, filename: str = "") -> str:
    """The ``Content-Type`` served for a media ``kind`` (image, audio, video, file) and file name."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext in _BY_EXTENSION:
        return _BY_EXTENSION[ext]
    return {"image": "image/jpeg", "audio": "audio/mpeg", "video": "video/mp4"}.get(kind, "application/octet-stream")


@attrs.define
class MediaItem:
    """One downloadable item: ``sizes`` maps a variant ("" or a video quality) to bytes.

    ``scope`` is the post id whose signed query unlocks it (``None``: served unsigned).
    """

    media_id: str
    kind: str
    sizes: dict[str, int]
    filename: str = ""
    scope: str | None = None
    content_type: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.content_type:
            self.content_type = content_type_for(self.kind, self.filename)

    def key(self, variant: str = "") -> str:
        """The seed of the bytes of ``variant``."""
        return f"{self.media_id}/{variant}" if variant else self.media_id


def _chunk(key: str, index: int, content_type: str) -> bytes:
    data = random.Random(f"boosty-fake:{key}:{index}").randbytes(CHUNK)
    magic = _MAGIC.get(content_type)
    if index == 0 and magic:
        # images start with a real picture (the rest is padding decoders ignore)
        magic = picture(key, content_type) or magic
        data = magic + data[len(magic) :]
    return data


def iter_media(key: str, size: int, content_type: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
    """Yield bytes ``start`` .. ``end`` (inclusive; default the last) of an item, in chunks."""
    last = size - 1 if end is None else min(end, size - 1)
    pos = start
    while pos <= last:
        index, skip = divmod(pos, CHUNK)
        piece = _chunk(key, index, content_type)[skip : skip + (last - pos + 1)]
        yield piece
        pos += len(piece)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def parse_range(header: str | None, size: int) -> tuple[int, int] | Literal[False] | None:
    """Parse a ``Range`` header against ``size`` bytes (RFC 9110 §14.1.2).

    Returns ``None`` (no usable range: serve everything), ``(start, end)`` inclusive, or
    ``False`` when the range is unsatisfiable (answer 416). Only one ``bytes`` range is
    served: a header naming several ranges is ignored (``None``), as a server may do, and
    so is one that does not follow the grammar (digits only, ``first-[last]`` or
    ``-suffix``, ``last`` not before ``first``).
    """
    if not header:
        return None
    unit, sep, spec = header.partition("=")
    if not sep or unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, sep, last = spec.strip().partition("-")
    if not sep or not (first or last) or not all(_digits(part) for part in (first, last) if part):
        return None
    if not first:  # the last `last` bytes
        length = int(last)
        return (max(size - length, 0), size - 1) if length and size else False
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        return False
    return start, min(end, size - 1)


class Signer:
    """Signs and checks media queries ``?scope=<post id>&expires=<unix s>&sig=<hex>``."""

    def __init__(self, secret: bytes, clock: Callable[[], float]) -> None:
        self._secret = secret
        self._clock = clock

    def _sig(self, scope: str, expires: int) -> str:
        return hmac.new(self._secret, f"{scope}:{expires}".encode(), hashlib.sha256).hexdigest()[:32]

    def query(self, scope: str, lifetime: float) -> str:
        """A signed query (starting with ``?``) for ``scope`` valid for ``lifetime`` seconds."""
        expires = int(self._clock() + lifetime)
        return f"?scope={scope}&expires={expires}&sig={self._sig(scope, expires)}"

    def check(self, scope: str | None, params: dict[str, str]) -> str | None:
        """``None`` if ``params`` unlock ``scope`` now, else the reason (``missing``, ``bad``, ``expired``)."""
        if scope is None:
            return None
        sig, expires = params.get("sig"), params.get("expires")
        if not sig or not expires or params.get("scope") != scope:
            return "missing"
        try:
            when = int(expires)
        except ValueError:
            return "bad"
        if not hmac.compare_digest(sig, self._sig(scope, when)):
            return "bad"
        if when < self._clock():
            return "expired"
        return None

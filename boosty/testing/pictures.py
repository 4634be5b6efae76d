"""Small real pictures for the fake's images, so a browser can show what was downloaded.

:func:`picture` makes a valid PNG or baseline JPEG (a soft two-colour gradient, colours
derived from the item's key) of a few kilobytes. The fake serves it at the start of an
image's bytes; the rest of the item is padding that decoders ignore (it follows the PNG
``IEND`` chunk or the JPEG end-of-image marker).
"""

from __future__ import annotations

import functools
import hashlib
import struct
import zlib

__all__ = ["picture"]

WIDTH, HEIGHT = 320, 200
_BLOCK = 8  # JPEG: one flat 8x8 block per "pixel" of the gradient


def _colours(key: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    d = hashlib.sha256(key.encode()).digest()
    return (d[0], d[1], d[2]), (d[3], d[4], d[5])


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b))
    return r, g, bl


def _png(key: str) -> bytes:
    a, b = _colours(key)
    rows = []
    for y in range(HEIGHT):
        row = bytearray(b"\x00")
        for x in range(WIDTH):
            row += bytes(_mix(a, b, (x / WIDTH + y / HEIGHT) / 2))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    body = zlib.compress(b"".join(rows), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


class _Bits:
    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value: int, length: int) -> None:
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)  # byte stuffing
                self.acc, self.n = 0, 0

    def flush(self) -> bytes:
        while self.n:
            self.put(1, 1)
        return bytes(self.out)


def _jpeg(key: str) -> bytes:
    """A baseline JPEG whose 8x8 blocks are flat (DC only): one DC Huffman table with
    categories 0-11 as 4-bit codes, one AC table holding only end-of-block."""
    a, b = _colours(key)
    cols, rows = WIDTH // _BLOCK, HEIGHT // _BLOCK

    def seg(marker: int, data: bytes) -> bytes:
        return struct.pack(">HH", marker, len(data) + 2) + data

    dqt = seg(0xFFDB, b"\x00" + bytes([8] * 64))  # quantiser 8: a DC value is mean - 128
    sof = seg(0xFFC0, struct.pack(">BHHB", 8, HEIGHT, WIDTH, 3) + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00")
    dc_bits = bytes([0, 0, 0, 12] + [0] * 12)
    ac_bits = bytes([1] + [0] * 15)
    dht = seg(0xFFC4, b"\x00" + dc_bits + bytes(range(12)) + b"\x10" + ac_bits + b"\x00")
    sos = seg(0xFFDA, b"\x03\x01\x00\x02\x00\x03\x00\x00\x3f\x00")
    bits = _Bits()
    last = [0, 0, 0]
    for y in range(rows):
        for x in range(cols):
            r, g, bl = _mix(a, b, (x / cols + y / rows) / 2)
            ycc = (
                0.299 * r + 0.587 * g + 0.114 * bl,
                128 - 0.168736 * r - 0.331264 * g + 0.5 * bl,
                128 + 0.5 * r - 0.418688 * g - 0.081312 * bl,
            )
            for c, value in enumerate(ycc):
                dc = max(-128, min(127, round(value) - 128))
                diff, last[c] = dc - last[c], dc
                size = abs(diff).bit_length()
                bits.put(size, 4)
                if size:
                    bits.put(diff if diff > 0 else diff + (1 << size) - 1, size)
                bits.put(0, 1)  # end of block (the AC table's only code, "0")
    app0 = seg(0xFFE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    return b"\xff\xd8" + app0 + dqt + sof + dht + sos + bits.flush() + b"\xff\xd9"


@functools.lru_cache(maxsize=64)
def picture(key: str, content_type: str) -> bytes | None:
    """A small valid picture for ``content_type`` (``image/png`` or ``image/jpeg``) made
    from ``key``, or ``None`` for other types."""
    if content_type == "image/png":
        return _png(key)
    if content_type == "image/jpeg":
        return _jpeg(key)
    return None

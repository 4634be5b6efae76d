"""Uploads and composing: memory and speed of ``upload_image`` from disk, and Markdown parsing.

Usage: ``.venv/bin/python -m bench upload``.

Against the fake server on loopback (its image route hashes the body as a stream). Rows:

* ``peak_mib_sync`` / ``peak_mib_async``: traced peak (tracemalloc, both the client and the
  in-process fake) while a 40 MiB sparse file uploads; target < 8, it must not grow with
  the file.
* ``vs_httpx_sync``: wall time of ``client.upload_image(path)`` against raw
  ``httpx.Client.post`` streaming the same file to the same route (median of 5 each,
  interleaved): the library's own cost on a big body.
* ``from_markdown_vs_parse``: ``Content.from_markdown`` of a post-sized document (headings,
  styled paragraphs, links, lists, ~1.5 KB) against markdown-it-py's parse alone (which it
  includes): the cost of turning tokens into blocks and style ranges.
* ``from_markdown_us``: µs per ``Content.from_markdown`` of that document.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
import timeit
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import httpx
from markdown_it import MarkdownIt

from boosty._model.compose import Content
from boosty.testing import FakeBoosty

Row = tuple[str, float, str]
SIZE = 40 * 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n"
DOC = "\n\n".join(
    f"## Part {i}\n\nSome **bold** and *italic* text with a [link](https://example.com/{i}) and <u>more</u>.\n\n"
    f"- item {i}\n- another *item*"
    for i in range(12)
)


def _chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        yield from iter(lambda: fh.read(64 * 1024), b"")


def run() -> list[Row]:
    folder = Path(tempfile.mkdtemp())
    path = folder / "big.png"
    path.write_bytes(PNG)
    os.truncate(path, SIZE)
    try:
        with FakeBoosty() as fake:
            return _measure(fake, path)
    finally:
        path.unlink()
        folder.rmdir()


def _measure(fake: FakeBoosty, path: Path) -> list[Row]:
    rows: list[Row] = []
    token = fake.issue_tokens("owner")["access_token"]
    with fake.client("owner") as client, httpx.Client() as raw:
        client.upload_image(PNG + b"warm")
        tracemalloc.start()
        client.upload_image(path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append(("peak_mib_sync", peak / 2**20, "MiB traced peak, 40 MiB file, target < 8"))
        url = f"{fake.upload_base_url}/v1/media_data/image/"
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "image/png", "Content-Length": str(SIZE)}
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(5):
            started = time.perf_counter()
            client.upload_image(path)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            raw.post(url, content=_chunks(path), headers=headers).raise_for_status()
            theirs.append(time.perf_counter() - started)
        ratio = statistics.median(ours) / statistics.median(theirs)
        rows.append(("vs_httpx_sync", ratio, f"wall time ratio, 40 MiB, median {statistics.median(ours):.2f} s"))

    async def async_peak() -> float:
        async with fake.client("owner", asynchronous=True) as client:
            await client.upload_image(PNG + b"warm")
            tracemalloc.start()
            await client.upload_image(path)
            value = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            return value / 2**20

    rows.append(("peak_mib_async", asyncio.run(async_peak()), "MiB traced peak, 40 MiB file, target < 8"))
    count = 100
    parser = MarkdownIt("commonmark").enable("strikethrough")
    seconds = min(timeit.repeat(lambda: Content.from_markdown(DOC), number=count, repeat=5))
    parse = min(timeit.repeat(lambda: parser.parse(DOC), number=count, repeat=5))
    rows.append(("from_markdown_vs_parse", seconds / parse, "time ratio, markdown-it parse included"))
    rows.append(("from_markdown_us", seconds / count * 1e6, f"µs per {len(DOC)}-char document"))
    return rows


if __name__ == "__main__":
    for name, value, note in run():
        print(f"{name:<20} {value:>10.3f}  {note}")

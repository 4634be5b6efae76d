"""What one write's cache invalidation costs with 100,000 cached entries.

Usage: ``.venv/bin/python -m bench cache_invalidation``.

A :class:`boosty.CachingSender` (memory store, ``max_size`` 200,000) holds 100,000 cached
GETs: 10,000 blogs with 10 entries each (profile, posts pages, comments of a post, ...).
Each write (a ``POST`` of a comment to one blog, answered 200) drops that blog's 10 entries
through the index by resource root; the figure is the median CPU time of one write's
invalidation, measured over 2,000 writes to distinct blogs (``time.process_time_ns``, so
other jobs on the machine barely move it). For comparison, ``scan_us`` is the same drop done
by scanning every key, as a cache without the index must (the previous implementation).

Rows:

* ``invalidate_us``: µs per write with the index (target <= 100).
* ``scan_us``: µs per write scanning all keys (baseline, measured on 20 writes).
* ``entries``: entries cached before the writes.
"""

from __future__ import annotations

import statistics
import time

from boosty import CachingSender, Request, Response, SyncSender
from boosty._sender.cache_store import Entry

API = "https://api.boosty.to"
BLOGS, PER_BLOG, WRITES = 10_000, 10, 2_000


def _paths(blog: int) -> list[str]:
    base = f"/v1/blog/b{blog}"
    return [base, f"{base}/post/", *(f"{base}/post/p{i}/comment/" for i in range(PER_BLOG - 2))]


def _fill(sender: CachingSender) -> None:
    store = sender._backend
    now = time.monotonic()
    for blog in range(BLOGS):
        for path in _paths(blog):
            request = Request("GET", API + path)
            response = Response(request.url, 200, {"Content-Type": "application/json"}, b"{}", request)
            store.put((request.full_url, b""), Entry(response, now, 300.0, 0.0, False, ()))


def run() -> list[tuple[str, float, str]]:
    sender = CachingSender(200_000, SyncSender(), default_ttl=300)
    try:
        _fill(sender)
        entries = len(sender)
        timings: list[int] = []
        for blog in range(WRITES):
            request = Request("POST", f"{API}/v1/blog/b{blog}/post/p0/comment/")
            response = Response(request.url, 200, {}, b"{}", request)
            started = time.process_time_ns()
            sender._invalidate(request, response)
            timings.append(time.process_time_ns() - started)
        assert len(sender) == entries - WRITES * PER_BLOG, "each write must drop its blog's entries"
        cache = sender._backend._cache  # type: ignore[union-attr]
        scans: list[int] = []
        for blog in range(WRITES, WRITES + 20):
            prefix = f"{API}/v1/blog/b{blog}"
            started = time.process_time_ns()
            doomed = [k for k in cache if k[0] == prefix or k[0].startswith(prefix + "/")]
            for key in doomed:
                del cache[key]
            scans.append(time.process_time_ns() - started)
    finally:
        sender.close()
    return [
        ("invalidate_us", statistics.median(timings) / 1000, f"µs CPU median per write, {entries} entries (<= 100)"),
        ("scan_us", statistics.median(scans) / 1000, "µs CPU median per write scanning every key (no index)"),
        ("entries", float(entries), "entries cached before the writes"),
    ]


if __name__ == "__main__":
    for row in run():
        print(*row)

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
* ``redis_invalidate_us``: the same writes on a Redis-backed cache (``redis=``), 100,000
  entries in a ``redis-server`` this benchmark starts on a loopback port: µs of wall-clock
  time per write, one round trip running the invalidation script (row left out when
  ``redis-server`` is not installed); ``redis_ping_us``: one ``PING`` on the same
  connection, the round trip that any Redis call costs.
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from typing import Any

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


def _redis_rows() -> list[tuple[str, float, str]]:
    program = shutil.which("redis-server")
    if program is None:
        return []
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as workdir:
        args = [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        proc = subprocess.Popen([*args, "--dir", workdir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            return _measure_redis(f"redis://127.0.0.1:{port}/0")
        finally:
            proc.terminate()
            proc.wait(10)


def _measure_redis(url: str) -> list[tuple[str, float, str]]:
    import redis

    deadline = time.monotonic() + 10
    probe = redis.Redis.from_url(url)
    while True:
        try:
            probe.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    probe.close()
    sender = CachingSender(sender=SyncSender(), redis=url, default_ttl=300)
    try:
        store: Any = sender._backend
        now = time.time()
        pipe = store._client.pipeline(transaction=False)
        for blog in range(BLOGS):  # what RedisStore.put does, pipelined to fill faster
            for path in _paths(blog):
                request = Request("GET", API + path)
                response = Response(request.url, 200, {"Content-Type": "application/json"}, b"{}", request)
                entry = Entry(response, now, 300.0, 0.0, False, ())
                keys = [store._key((request.full_url, b"")), *(store._root(r) for r in entry.roots)]
                store._put(keys=keys, args=[entry.to_json(), 300_000], client=pipe)
            if blog % 100 == 99:
                pipe.execute()
        pipe.execute()
        entries = len(sender)
        timings: list[int] = []
        for blog in range(WRITES):
            request = Request("POST", f"{API}/v1/blog/b{blog}/post/p0/comment/")
            response = Response(request.url, 200, {}, b"{}", request)
            started = time.perf_counter_ns()
            sender._invalidate(request, response)
            timings.append(time.perf_counter_ns() - started)
        assert len(sender) == entries - WRITES * PER_BLOG, "each write must drop its blog's entries"
        pings: list[int] = []
        for _ in range(WRITES):
            started = time.perf_counter_ns()
            store._client.ping()
            pings.append(time.perf_counter_ns() - started)
    finally:
        sender.close()
    return [
        ("redis_invalidate_us", statistics.median(timings) / 1000, f"µs wall median per write, {entries} in Redis"),
        ("redis_ping_us", statistics.median(pings) / 1000, "µs wall median of one PING: the round trip alone"),
    ]


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
    rows = [
        ("invalidate_us", statistics.median(timings) / 1000, f"µs CPU median per write, {entries} entries (<= 100)"),
        ("scan_us", statistics.median(scans) / 1000, "µs CPU median per write scanning every key (no index)"),
        ("entries", float(entries), "entries cached before the writes"),
    ]
    return [*rows, *_redis_rows()]


if __name__ == "__main__":
    for row in run():
        print(*row)

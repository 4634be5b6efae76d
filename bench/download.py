"""The downloader's throughput and memory, against the fake Boosty server on loopback.

The fake runs in a child process (its own interpreter, so it does not share a GIL with
the code measured); it serves posts with large files (bytes generated on the fly).

* ``throughput_async`` / ``throughput_sync``: :class:`~boosty.download.AsyncDownloader`
  / :class:`~boosty.download.Downloader` mirroring ~200 MB (10 files of 20 MB,
  ``jobs=4``, ``only={"files"}``) vs a plain httpx streaming loop over the same signed
  URLs with the same concurrency (``httpx.AsyncClient`` + ``asyncio.Semaphore(4)`` /
  ``httpx.Client`` + 4 threads), both writing the files to disk, no fsync. The figure is
  the downloader's throughput as a fraction of the baseline's (median of interleaved
  rounds); target >= 0.9.
* ``peak_traced_20mb`` / ``peak_traced_100mb``: tracemalloc peak (MB) of a fresh process
  mirroring 4 files of 20 MB, then 4 files of 100 MB (``jobs=4``); memory must not grow
  with file size. ``peak_rss_*``: that process's peak RSS (MB, ``ru_maxrss``,
  interpreter and imports included); target < 80.
* ``traced_growth``: ``peak_traced_100mb / peak_traced_20mb``; ~1.0 means flat.

Run: ``.venv/bin/python -m bench download``.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

MB = 1_000_000
JOBS = 4
ROUNDS = 3
THROUGHPUT_SET = ("tp", 10, 20 * MB)
MEMORY_SETS = (("m20", 4, 20 * MB), ("m100", 4, 100 * MB))
BLOG = "music"


# -- the fake, in a child process ------------------------------------------------------------


def _serve(conn: Any) -> None:
    """Child: start the fake, add the posts of each set, send what the parent needs, wait."""
    from boosty._model.content import append_signed_query
    from boosty.testing import FakeBoosty

    with FakeBoosty() as fake:
        token = fake.issue_tokens("owner", lifetime=86_400)["access_token"]
        sets: dict[str, Any] = {}
        base = int(fake.now()) - 10_000_000
        for n, (name, count, size) in enumerate((THROUGHPUT_SET, *MEMORY_SETS)):
            start = base + n * 10_000
            urls = []
            for i in range(count):
                block = {"type": "file", "id": str(uuid.uuid4()), "title": f"{name}-{i}.bin", "size": size}
                post = fake.add_post(BLOG, title=f"{name} {i}", blocks=[block], publish_time=start + i)
                urls.append(append_signed_query(post["data"][0]["url"], post["signedQuery"]))
            sets[name] = {"since": start, "until": start + count, "urls": urls, "bytes": count * size}
        conn.send({"base_url": fake.base_url, "token": token, "sets": sets})
        conn.recv()  # until the parent is done


# -- what is measured --------------------------------------------------------------------------


def _downloader(base_url: str, token: str, dest: Path, spec: dict[str, Any], asynchronous: bool) -> None:
    import datetime as dt

    from boosty import AsyncBoosty, Boosty
    from boosty.download import AsyncDownloader, Downloader

    options: dict[str, Any] = {
        "only": {"files"},
        "jobs": JOBS,
        "fsync": False,
        "since": dt.datetime.fromtimestamp(spec["since"], dt.timezone.utc),
        "until": dt.datetime.fromtimestamp(spec["until"], dt.timezone.utc),
    }
    if asynchronous:

        async def main() -> None:
            async with AsyncBoosty(token, base_url=base_url) as client:
                report = await AsyncDownloader(client, dest, **options).run(BLOG)
                assert report.ok and report.bytes_downloaded == spec["bytes"], report

        asyncio.run(main())
    else:
        with Boosty(token, base_url=base_url) as client:
            report = Downloader(client, dest, **options).run(BLOG)
            assert report.ok and report.bytes_downloaded == spec["bytes"], report


def _baseline_async(dest: Path, urls: list[str]) -> int:
    async def main() -> int:
        gate = asyncio.Semaphore(JOBS)
        async with httpx.AsyncClient(timeout=30) as client:

            async def one(i: int, url: str) -> int:
                async with gate, client.stream("GET", url) as response:
                    response.raise_for_status()
                    with open(dest / f"{i}.bin", "wb") as handle:  # noqa: ASYNC230 - as the downloader does
                        async for chunk in response.aiter_bytes():
                            handle.write(chunk)
                        return handle.tell()

            return sum(await asyncio.gather(*(one(i, u) for i, u in enumerate(urls))))

    return asyncio.run(main())


def _baseline_sync(dest: Path, urls: list[str]) -> int:
    with httpx.Client(timeout=30) as client:

        def one(item: tuple[int, str]) -> int:
            i, url = item
            with client.stream("GET", url) as response:
                response.raise_for_status()
                with open(dest / f"{i}.bin", "wb") as handle:
                    for chunk in response.iter_bytes():
                        handle.write(chunk)
                    return handle.tell()

        with ThreadPoolExecutor(JOBS) as pool:
            return sum(pool.map(one, enumerate(urls)))


def _timed(work: Any, *args: Any) -> float:
    with tempfile.TemporaryDirectory(prefix="boosty-bench-") as tmp:
        start = time.perf_counter()
        work(Path(tmp), *args)
        return time.perf_counter() - start


_CHILD = """
import json, resource, sys, tracemalloc
from pathlib import Path
import boosty.download, boosty.testing
from bench.download import _downloader
tracemalloc.start()  # after the imports: the peak is what the run allocates
_downloader(sys.argv[1], sys.argv[2], Path(sys.argv[3]), json.loads(sys.argv[4]), asynchronous=sys.argv[5] == "1")
peak = tracemalloc.get_traced_memory()[1]
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"traced": peak, "rss_kb": rss}))
"""


def _memory(base_url: str, token: str, spec: dict[str, Any], asynchronous: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="boosty-bench-") as tmp:
        root = str(Path(__file__).resolve().parent.parent)
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, base_url, token, tmp, json.dumps(spec), "1" if asynchronous else "0"],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
            env={**os.environ, "PYTHONPATH": root},
            timeout=120,
        )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return {"traced": data["traced"] / MB, "rss": data["rss_kb"] * 1024 / MB}


def run() -> list[tuple[str, float, str]]:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=_serve, args=(child,), daemon=True)
    server.start()
    try:
        if not parent.poll(60):
            raise RuntimeError("the fake server process did not start")
        info = parent.recv()
        base_url, token, sets = info["base_url"], info["token"], info["sets"]
        spec = sets[THROUGHPUT_SET[0]]
        total = spec["bytes"]
        rows: list[tuple[str, float, str]] = []
        for label, asynchronous, baseline in (("async", True, _baseline_async), ("sync", False, _baseline_sync)):
            ours: list[float] = []
            theirs: list[float] = []
            for _ in range(ROUNDS):
                theirs.append(_timed(baseline, spec["urls"]))
                ours.append(_timed(lambda d, a=asynchronous: _downloader(base_url, token, d, spec, a)))
            mine, base = statistics.median(ours), statistics.median(theirs)
            speeds = f"{total / mine / MB:.0f} vs {total / base / MB:.0f} MB/s"
            print(f"{label}: downloader vs httpx loop: {speeds}", file=sys.stderr)
            rows.append((f"throughput_{label}", base / mine, f"of the httpx loop's throughput ({speeds}); >= 0.9"))
        small = _memory(base_url, token, sets["m20"], True)
        large = _memory(base_url, token, sets["m100"], True)
        rows += [
            ("peak_traced_20mb", small["traced"], "MB tracemalloc peak, 4 x 20 MB files, jobs=4"),
            ("peak_traced_100mb", large["traced"], "MB tracemalloc peak, 4 x 100 MB files, jobs=4"),
            ("traced_growth", large["traced"] / small["traced"], "100 MB / 20 MB files peak; ~1 = flat"),
            ("peak_rss_20mb", small["rss"], "MB peak RSS of the whole process; < 80"),
            ("peak_rss_100mb", large["rss"], "MB peak RSS of the whole process; < 80"),
        ]
        return rows
    finally:
        parent.send("stop")
        server.join(10)
        if server.is_alive():
            server.terminate()


if __name__ == "__main__":
    for name, value, note in run():
        print(f"{name:<20} {value:>9.3f}  {note}")

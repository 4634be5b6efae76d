"""The downloader against a raw httpx streaming loop doing the same downloads.

The fake Boosty server runs in a child process (its own interpreter: no shared GIL with the
code measured). Both sides fetch the same set of files over loopback with ``jobs=4``
concurrent transfers, write each file to disk and fsync it (the downloader's default
durability), each round in a fresh temporary folder; rounds are interleaved (the two sides
alternate, the first of each round swapped from round to round, so drift hits both alike).

* ``small_async`` / ``small_sync``: the whole ``demo`` blog with the owner's token and every
  default (all kinds, ``fsync=True``, the HTML site): 184 files (images, audio, video, files;
  mostly a few hundred KB, one of 24 MB) in 260 posts.
  :class:`~boosty.download.AsyncDownloader` / :class:`~boosty.download.Downloader` against
  ``httpx.AsyncClient`` + ``asyncio.Semaphore(4)`` / ``httpx.Client`` + 4 threads
  streaming the same signed URLs (listed before the clock starts). The downloader also
  pages the API (14 requests), writes ``post.md``/``post.json`` for 260 posts (fsynced),
  the HTML pages and its SQLite state; the loop does none of that.
* ``big_async`` / ``big_sync``: 8 files of 50 MB (``only={"files"}``), same contenders.
* ``peak_traced_*``: tracemalloc peak (MB) of a fresh process mirroring 4 files of 20 MB,
  then 4 files of 100 MB (``jobs=4``, fsync on); ``traced_growth`` their ratio (~1: memory
  does not grow with file size); ``peak_rss_*``: that process's peak RSS (MB, interpreter
  and imports included; Linux's ``VmHWM``, since ``ru_maxrss`` of a child also counts its
  parent's RSS at the fork, which after other benchmarks in the same run is far larger).

Each ratio row is the loop's wall time over the downloader's in the same round (1.0 = as
fast, higher is better): median, with min-max over rounds and each side's median time. The
``_cpu`` rows divide the CPU time of the downloading process (all its threads; the server
is elsewhere) by the loop's (lower is better): on a shared machine the server's speed moves
the wall-clock figures, the CPU figures much less.

Run: ``python -m bench download`` (``BENCH_ROUNDS=N`` for more rounds; default 3).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

MB = 1_000_000
JOBS = 4
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
BIG_SET = ("big", 8, 50 * MB)
MEMORY_SETS = (("m20", 4, 20 * MB), ("m100", 4, 100 * MB))
BIG_BLOG = "music"
SMALL_BLOG = "demo"
ALL_KINDS = frozenset({"images", "files", "audio", "video"})

Row = tuple[str, float, str]


# -- the fake, in a child process ------------------------------------------------------------


def _serve(conn: Any) -> None:
    """Child: start the fake, add the posts of each big set, send what the parent needs, wait."""
    from boosty._model.media import append_signed_query
    from boosty.testing import FakeBoosty

    with FakeBoosty() as fake:
        token = fake.issue_tokens("owner", lifetime=86_400)["access_token"]
        sets: dict[str, Any] = {}
        base = int(fake.now()) - 10_000_000
        for n, (name, count, size) in enumerate((BIG_SET, *MEMORY_SETS)):
            start = base + n * 10_000
            urls = []
            for i in range(count):
                block = {"type": "file", "id": str(uuid.uuid4()), "title": f"{name}-{i}.bin", "size": size}
                post = fake.add_post(BIG_BLOG, title=f"{name} {i}", blocks=[block], publish_time=start + i)
                urls.append(append_signed_query(post["data"][0]["url"], post["signedQuery"]))
            sets[name] = {"since": start, "until": start + count, "urls": urls, "bytes": count * size}
        conn.send({"base_url": fake.base_url, "token": token, "sets": sets})
        conn.recv()  # until the parent is done


def _small_urls(base_url: str, token: str) -> list[str]:
    """The signed URLs the downloader fetches for the whole ``demo`` blog (by its own plan)."""
    from boosty import Boosty
    from boosty.download.plan import plan_media

    with Boosty(token, base_url=base_url) as client:
        posts = [post for post in client.iter_posts(SMALL_BLOG) if post.has_access]
    return [job.url for post in posts for job in plan_media(post, ALL_KINDS, "highest") if not job.pending]


# -- the contenders ------------------------------------------------------------------------------


def _downloader(base_url: str, token: str, dest: Path, spec: dict[str, Any] | None, asynchronous: bool) -> int:
    """Mirror the big set ``spec`` (``only={"files"}``) or, with ``None``, the whole demo blog."""
    from boosty import AsyncBoosty, Boosty
    from boosty.download import AsyncDownloader, Downloader

    options: dict[str, Any] = {"jobs": JOBS}
    blog = SMALL_BLOG
    if spec is not None:
        blog = BIG_BLOG
        options["only"] = {"files"}
        options["since"] = dt.datetime.fromtimestamp(spec["since"], dt.timezone.utc)
        options["until"] = dt.datetime.fromtimestamp(spec["until"], dt.timezone.utc)
    if asynchronous:

        async def main() -> Any:
            async with AsyncBoosty(token, base_url=base_url) as client:
                return await AsyncDownloader(client, dest, **options).run(blog)

        report = asyncio.run(main())
    else:
        with Boosty(token, base_url=base_url) as client:
            report = Downloader(client, dest, **options).run(blog)
    assert report.ok and report.files_failed == 0, report
    assert spec is None or report.bytes_downloaded == spec["bytes"], report
    return int(report.files_downloaded)


def _loop_async(dest: Path, urls: list[str]) -> int:
    async def main() -> int:
        gate = asyncio.Semaphore(JOBS)
        async with httpx.AsyncClient(timeout=60) as client:

            async def one(i: int, url: str) -> int:
                async with gate, client.stream("GET", url) as response:
                    response.raise_for_status()
                    with open(dest / f"{i}.bin", "wb") as handle:  # noqa: ASYNC230 - as the downloader does
                        async for chunk in response.aiter_bytes():
                            handle.write(chunk)
                        handle.flush()
                        await asyncio.to_thread(os.fsync, handle.fileno())
                        return 1

            return sum(await asyncio.gather(*(one(i, u) for i, u in enumerate(urls))))

    return asyncio.run(main())


def _loop_sync(dest: Path, urls: list[str]) -> int:
    with httpx.Client(timeout=60) as client:

        def one(item: tuple[int, str]) -> int:
            i, url = item
            with client.stream("GET", url) as response:
                response.raise_for_status()
                with open(dest / f"{i}.bin", "wb") as handle:
                    for chunk in response.iter_bytes():
                        handle.write(chunk)
                    handle.flush()
                    os.fsync(handle.fileno())
                    return 1

        with ThreadPoolExecutor(JOBS) as pool:
            return sum(pool.map(one, enumerate(urls)))


def _timed(work: Callable[[Path], int], expected: int) -> tuple[float, float]:
    """``(wall seconds, CPU seconds of this process)`` of one run of ``work``."""
    with tempfile.TemporaryDirectory(prefix="boosty-bench-") as tmp:
        start, cpu = time.perf_counter(), time.process_time()
        files = work(Path(tmp))
        elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    if files != expected:
        raise RuntimeError(f"{files} files where {expected} were expected")
    return elapsed, used


def _pair(ours: Callable[[Path], int], theirs: Callable[[Path], int], files: int) -> dict[str, list[float]]:
    """Wall and CPU seconds of both sides over interleaved rounds, and the per-round ratios."""
    out: dict[str, list[float]] = {"ours": [], "theirs": [], "ratio": [], "cpu_ours": [], "cpu_theirs": [], "cpu": []}
    for n in range(ROUNDS):
        if n % 2:
            mine = _timed(ours, files)
            base = _timed(theirs, files)
        else:
            base = _timed(theirs, files)
            mine = _timed(ours, files)
        out["ours"].append(mine[0])
        out["theirs"].append(base[0])
        out["ratio"].append(base[0] / mine[0])
        out["cpu_ours"].append(mine[1])
        out["cpu_theirs"].append(base[1])
        out["cpu"].append(mine[1] / base[1])
    return out


def _spread(values: list[float], fmt: str = ".2f") -> str:
    return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}-{max(values):{fmt}})"


# -- memory ------------------------------------------------------------------------------------------

_CHILD = """
import json, resource, sys, tracemalloc
from pathlib import Path
import boosty.download, boosty.testing
from bench.download import _downloader
tracemalloc.start()  # after the imports: the peak is what the run allocates
_downloader(sys.argv[1], sys.argv[2], Path(sys.argv[3]), json.loads(sys.argv[4]), asynchronous=True)
peak = tracemalloc.get_traced_memory()[1]
try:  # this process image's own high-water mark: ru_maxrss also counts the parent's at fork
    status = Path("/proc/self/status").read_text()
    rss = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
except (OSError, StopIteration):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"traced": peak, "rss_kb": rss}))
"""


def _memory(base_url: str, token: str, spec: dict[str, Any]) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="boosty-bench-") as tmp:
        root = str(Path(__file__).resolve().parent.parent)
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, base_url, token, tmp, json.dumps(spec)],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
            env={**os.environ, "PYTHONPATH": root},
            timeout=300,
        )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return {"traced": data["traced"] / MB, "rss": data["rss_kb"] * 1024 / MB}


# -- the table -----------------------------------------------------------------------------------------


def run() -> list[Row]:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=_serve, args=(child,), daemon=True)
    server.start()
    try:
        if not parent.poll(60):
            raise RuntimeError("the fake server process did not start")
        info = parent.recv()
        base_url, token, sets = info["base_url"], info["token"], info["sets"]
        small = _small_urls(base_url, token)
        big = sets[BIG_SET[0]]
        rows: list[Row] = []
        cases: list[tuple[str, dict[str, Any] | None, list[str], str]] = [
            ("small", None, small, f"demo blog, {len(small)} files, all defaults"),
            ("big", big, big["urls"], f"{BIG_SET[1]} x {BIG_SET[2] // MB} MB"),
        ]
        for label, spec, urls, what in cases:
            for mode, asynchronous, loop in (("async", True, _loop_async), ("sync", False, _loop_sync)):

                def ours(dest: Path, s: Any = spec, a: bool = asynchronous) -> int:
                    return _downloader(base_url, token, dest, s, a)

                def theirs(dest: Path, u: list[str] = urls, f: Any = loop) -> int:
                    return int(f(dest, u))

                got = _pair(ours, theirs, len(urls))
                note = (
                    f"x httpx loop, {what}; ours {_spread(got['ours'])} s vs {_spread(got['theirs'])} s;"
                    f" ratio {_spread(got['ratio'])}"
                )
                cpu_note = (
                    f"our CPU / the loop's, {what}; {_spread(got['cpu_ours'])} s vs {_spread(got['cpu_theirs'])} s;"
                    f" ratio {_spread(got['cpu'])}"
                )
                print(f"download {label}_{mode}: {note}", file=sys.stderr)
                rows.append((f"{label}_{mode}", statistics.median(got["ratio"]), note))
                rows.append((f"{label}_{mode}_cpu", statistics.median(got["cpu"]), cpu_note))
        m20 = _memory(base_url, token, sets["m20"])
        m100 = _memory(base_url, token, sets["m100"])
        rows += [
            ("peak_traced_20mb", m20["traced"], "MB tracemalloc peak, 4 x 20 MB files, jobs=4, fsync on"),
            ("peak_traced_100mb", m100["traced"], "MB tracemalloc peak, 4 x 100 MB files, jobs=4, fsync on"),
            ("traced_growth", m100["traced"] / m20["traced"], "100 MB / 20 MB files peak; ~1 = flat"),
            ("peak_rss_20mb", m20["rss"], "MB peak RSS of the whole process"),
            ("peak_rss_100mb", m100["rss"], "MB peak RSS of the whole process"),
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

"""Async fan-out: 1000 GETs, 100 at a time, over loopback, against a static server in its own
process (``bench/_static_server.py``, serving the fake's ``/v1/blog/demo`` body).

Contenders, each doing the same work (1000 x GET + JSON decode; AsyncBoosty also builds the
``Blog`` model), each sample in a fresh event loop and pool:

* raw ``aiohttp.ClientSession`` (the baseline), raw ``httpx.AsyncClient``, and raw
  ``httpx2.AsyncClient`` where httpx2 is installed (``pip install httpx2``: compared, not a
  dependency);
* ``AsyncBoosty`` over ``AsyncSender()`` (httpx) and over ``AsyncSender(backend="aiohttp")``.

A sample is one contender's 1000 GETs. Each of ``BENCH_ROUNDS`` rounds (default 7, in
alternating order) runs every contender once, except the goal's pair, raw aiohttp and
``AsyncBoosty`` over aiohttp, which run ``BENCH_FANOUT_SAMPLES`` times each (default 5),
back to back and interleaved (the pair's order alternating too). Why: a sample takes about
0.2 s, and with one sample a round, paired across the httpx contenders' 10 s, the ratio of
a round followed whatever else the machine did in between (0.63-1.24 on a quiet machine);
adjacent samples share the machine's state, and 35 pairs give a median that a few
disturbed ones do not move.

Figures: requests per second (median, min-max over samples) and each contender's throughput
over raw aiohttp's (median, min-max): for the pair, sample by sample (each AsyncBoosty sample
against the raw one beside it); for the others, against the median raw sample of the same
round. And the client process's CPU time per sample (pool warm-up included) over raw
aiohttp's, the same way: steadier than wall time when other jobs share the machine (the
server runs in its own process and is not counted).
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from boosty import AsyncBoosty, AsyncSender
from boosty.testing import FakeBoosty

REQUESTS = 1000
CONCURRENCY = 100
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
SAMPLES = int(os.environ.get("BENCH_FANOUT_SAMPLES", "5"))
LIMITS = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)

Row = tuple[str, float, str]


async def _fan_out(call: Callable[[], Awaitable[object]]) -> float:
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one() -> object:
        async with gate:
            return await call()

    await asyncio.gather(*(one() for _ in range(CONCURRENCY)))  # open the pool
    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(REQUESTS)))
    return time.perf_counter() - start


async def raw_aiohttp(origin: str) -> float:
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def call() -> object:
            async with session.get(f"{origin}/v1/blog/demo") as response:
                return await response.json()

        return await _fan_out(call)


async def raw_httpx(origin: str) -> float:
    async with httpx.AsyncClient(limits=LIMITS, timeout=60) as client:

        async def call() -> object:
            return (await client.get(f"{origin}/v1/blog/demo")).json()

        return await _fan_out(call)


async def raw_httpx2(origin: str) -> float:
    httpx2: Any = importlib.import_module("httpx2")
    limits = httpx2.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx2.AsyncClient(limits=limits, timeout=60) as client:

        async def call() -> object:
            return (await client.get(f"{origin}/v1/blog/demo")).json()

        return await _fan_out(call)


async def boosty_httpx(origin: str) -> float:
    async with AsyncBoosty(base_url=origin, sender=AsyncSender(limits=LIMITS, timeout=60)) as client:
        return await _fan_out(lambda: client.blog("demo"))


async def boosty_aiohttp(origin: str) -> float:
    async with AsyncBoosty(base_url=origin, backend="aiohttp", timeout=60) as client:  # 100 connections
        return await _fan_out(lambda: client.blog("demo"))


CONTENDERS = {
    "raw aiohttp": raw_aiohttp,
    "AsyncBoosty (aiohttp)": boosty_aiohttp,
    "raw httpx": raw_httpx,
    "AsyncBoosty (httpx)": boosty_httpx,
}
if importlib.util.find_spec("httpx2") is not None:
    CONTENDERS["raw httpx2"] = raw_httpx2
PAIR = ("raw aiohttp", "AsyncBoosty (aiohttp)")
"""The goal's contenders: ``SAMPLES`` interleaved samples each a round."""


def _server(body: bytes) -> tuple[subprocess.Popen[str], str]:
    folder = Path(tempfile.mkdtemp())
    (folder / "blog.json").write_bytes(body)
    root = Path(__file__).resolve().parents[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "bench._static_server", str(folder / "blog.json")],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    port = int(process.stdout.readline())
    return process, f"http://127.0.0.1:{port}"


def _spread(values: list[float], fmt: str) -> str:
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}-{fmt.format(max(values))})"


def _schedule(round_: int) -> list[str]:
    """The samples of one round, in order: the pair's interleaved, then the others (the
    other way round every second round)."""
    pair = [name for sample in range(SAMPLES) for name in (PAIR if (round_ + sample) % 2 == 0 else PAIR[::-1])]
    others = [name for name in CONTENDERS if name not in PAIR]
    return pair + others if round_ % 2 == 0 else others[::-1] + pair


def _ratios(figures: dict[str, list[list[float]]], name: str, invert: bool) -> list[float]:
    """``name``'s samples against raw aiohttp's: side by side for the pair, else against the
    round's median raw sample. ``invert``: raw over this (throughput) instead of this over raw."""
    pairs: list[tuple[float, float]] = []
    for raw, own in zip(figures["raw aiohttp"], figures[name]):
        if name in PAIR:
            pairs.extend(zip(raw, own))
        else:
            pairs.extend((statistics.median(raw), value) for value in own)
    return [base / value if invert else value / base for base, value in pairs]


def run() -> list[Row]:
    with FakeBoosty() as fake:
        body = httpx.get(f"{fake.base_url}/v1/blog/demo").content
    process, origin = _server(body)
    try:
        # per contender, per round: the samples' wall and CPU times
        times: dict[str, list[list[float]]] = {name: [] for name in CONTENDERS}
        cpu: dict[str, list[list[float]]] = {name: [] for name in CONTENDERS}
        for round_ in range(ROUNDS):
            for name in CONTENDERS:
                times[name].append([])
                cpu[name].append([])
            for name in _schedule(round_):
                started = time.process_time()
                times[name][-1].append(asyncio.run(CONTENDERS[name](origin)))
                cpu[name][-1].append(time.process_time() - started)
            print(f"fanout: round {round_ + 1}/{ROUNDS}", file=sys.stderr)
    finally:
        process.terminate()
        process.wait()
    rows: list[Row] = []
    goals = {"AsyncBoosty (aiohttp)": "; target >= 0.8"}
    for name in CONTENDERS:
        rates = [REQUESTS / t for samples in times[name] for t in samples]
        ratios = _ratios(times, name, invert=True)
        key = name.lower().replace(" ", "_").replace("(", "").replace(")", "")
        rows.append(
            (
                f"async_1000_gets.{key}",
                statistics.median(ratios),
                f"x raw aiohttp throughput, {_spread(ratios, '{:.2f}')}; {_spread(rates, '{:,.0f}')} req/s"
                + goals.get(name, ""),
            )
        )
        cpu_ratios = _ratios(cpu, name, invert=False)
        rows.append(
            (
                f"async_1000_gets_cpu.{key}",
                statistics.median(cpu_ratios),
                f"x raw aiohttp's client CPU time, {_spread(cpu_ratios, '{:.2f}')}; lower is better",
            )
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(*row)

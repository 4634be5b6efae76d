"""Async fan-out: 1000 concurrent GETs over loopback, the async client against raw httpx.

Both sides send ``GET /v1/blog/demo`` to the same fake Boosty server on 127.0.0.1 with the
same connection limits, alternating rounds; the figure is the median wall time of the
client (``AsyncBoosty.blog``, models included) over raw ``httpx.AsyncClient.get().json()``.
The server is shared, so the ratio shows what the client adds on top of a real socket.
"""

from __future__ import annotations

import asyncio
import statistics
import time

import httpx

from boosty import AsyncBoosty, AsyncSender
from boosty.testing import FakeBoosty

REQUESTS = 1000
ROUNDS = 5
LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100)


async def _raw(url: str) -> float:
    async with httpx.AsyncClient(limits=LIMITS, timeout=60) as client:

        async def one() -> object:
            return (await client.get(url)).json()

        await asyncio.gather(*(one() for _ in range(20)))  # open the pool
        start = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(REQUESTS)))
        return time.perf_counter() - start


async def _boosty(base_url: str) -> float:
    async with AsyncBoosty(base_url=base_url, sender=AsyncSender(limits=LIMITS, timeout=60)) as client:
        await asyncio.gather(*(client.blog("demo") for _ in range(20)))
        start = time.perf_counter()
        await asyncio.gather(*(client.blog("demo") for _ in range(REQUESTS)))
        return time.perf_counter() - start


def run() -> list[tuple[str, float, str]]:
    raw_times: list[float] = []
    ours: list[float] = []
    with FakeBoosty() as fake:
        url = f"{fake.base_url}/v1/blog/demo"
        for _ in range(ROUNDS):
            raw_times.append(asyncio.run(_raw(url)))
            ours.append(asyncio.run(_boosty(fake.base_url)))
    raw_median, our_median = statistics.median(raw_times), statistics.median(ours)
    return [
        (
            "async_1000_gets",
            our_median / raw_median,
            f"x raw httpx.AsyncClient ({raw_median * 1000:.0f} ms vs {our_median * 1000:.0f} ms for {REQUESTS} GETs)",
        ),
        ("async_1000_gets_per_s", REQUESTS / our_median, "requests/s through AsyncBoosty (loopback fake server)"),
    ]


if __name__ == "__main__":
    for row in run():
        print(*row)

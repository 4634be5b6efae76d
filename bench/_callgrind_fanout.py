"""Instructions per request of the fan-out loop, counted by callgrind (machine-independent,
unlike the wall and CPU times of ``bench/fanout.py`` on a shared machine).

Run from the project root, with the static server of ``bench/_static_server.py`` serving the
fake's blog body on PORT::

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=_ctypes_callproc \\
        --callgrind-out-file=/tmp/cg.out .venv/bin/python -m bench._callgrind_fanout PORT raw|boosty [N]

then divide ``summary:`` of ``/tmp/cg.out`` by N (default 1000). The loop is the benchmark's:
N GETs of ``/v1/blog/demo``, 100 at a time, JSON decoded (``AsyncBoosty(backend="aiohttp")``
also builds the ``Blog``), after 200 requests of warm-up; only the N requests run inside a
ctypes callback, which is all callgrind counts with the options above.
"""

from __future__ import annotations

import asyncio
import ctypes
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from boosty import AsyncBoosty

CONCURRENCY = 100


async def _fan_out(call: Callable[[], Awaitable[object]], count: int) -> None:
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one() -> object:
        async with gate:
            return await call()

    await asyncio.gather(*(one() for _ in range(count)))


async def _contender(origin: str, kind: str) -> tuple[Any, Callable[[], Awaitable[object]]]:
    if kind == "raw":
        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY))

        async def call() -> object:
            async with session.get(f"{origin}/v1/blog/demo") as response:
                return await response.json()

        return session, call
    client = AsyncBoosty(base_url=origin, backend="aiohttp", timeout=60)
    return client, lambda: client.blog("demo")


def main(port: str, kind: str, count: int) -> None:
    loop = asyncio.new_event_loop()
    owner, call = loop.run_until_complete(_contender(f"http://127.0.0.1:{port}", kind))
    loop.run_until_complete(_fan_out(call, 200))
    counted = ctypes.CFUNCTYPE(ctypes.c_int)(lambda: loop.run_until_complete(_fan_out(call, count)) or 0)
    counted()
    loop.run_until_complete(owner.close() if kind == "raw" else owner.aclose())
    loop.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1000)

"""Shared fixtures: every client test runs in sync and async mode."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from typing import Any

import pytest

from boosty import AsyncBoosty, AsyncSender, Boosty, Sender, SyncSender

API = "https://api.boosty.to"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def resolve(value: Any) -> Any:
    """Await ``value`` if the client was async; sync results pass through."""
    if inspect.isawaitable(value):
        return await value
    return value


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def concrete(mode: str, **kwargs: object) -> Sender:
    """The innermost sender of ``mode``: ``sync``, ``async`` (httpx) or ``aiohttp`` (async)."""
    if mode == "aiohttp":
        return AsyncSender(backend="aiohttp", **kwargs)
    return AsyncSender(**kwargs) if mode == "async" else SyncSender(**kwargs)


@pytest.fixture(params=["sync", "async", "aiohttp"])
def backend_mode(request: pytest.FixtureRequest) -> str:
    """For tests over real sockets: sync, async over httpx, async over aiohttp."""
    return str(request.param)


@pytest.fixture
async def client(mode: str) -> AsyncIterator[Boosty | AsyncBoosty]:
    """A client on ``https://api.boosty.to`` (mock it with respx) in each mode."""
    c: Boosty | AsyncBoosty = AsyncBoosty() if mode == "async" else Boosty()
    async with c:
        yield c


# A real redis-server on loopback for the tests of shared state (tests/redis_support.py).
from tests.redis_support import redis_server, redis_url  # noqa: E402, F401

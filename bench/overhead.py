"""The library's overhead over raw httpx, on one in-process ``httpx.MockTransport``.

Each figure is a median over interleaved rounds (baseline and candidate alternate, so
drift hits both alike); ratios compare against raw httpx in the same process and run.
Everything runs in this one thread, so time is CPU time (``time.process_time``): other
processes competing for the cores do not skew it the way wall time would.

* ``sender_*``: ``client.request("GET", "/v1/blog/x")`` (auth, default headers, the sender,
  error check; no JSON) vs ``httpx.Client.get(url)``. Target <= 1.10.
* ``sender_sync_same_headers``: the same, against raw httpx sending the two headers the
  client always sends (``Accept``, ``User-Agent``): what raw httpx costs when used the way
  the library uses it.
* ``blog_*``: ``client.blog("x")`` (the above plus JSON decoding and the ``Blog`` model) vs
  ``httpx.Client.get(url).json()``. Informational: model building is extra work raw httpx
  does not do.
* ``cache_hit``: ``CachingSender.send(request)`` answered from the cache, in µs. Target <= 10.
* ``cache_hit_client``: ``client.request(...)`` answered by a ``CachingSender``, in µs.

Run: ``.venv/bin/python -m bench overhead``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import time
from collections.abc import Awaitable, Callable

import httpx

from boosty import AsyncBoosty, AsyncSender, Boosty, CachingSender, Request, SyncSender

API = "https://api.boosty.to"
URL = f"{API}/v1/blog/x"
ROUNDS = 15
CALLS = 300  # per round for a full request
HITS = 5000  # per round for a cache hit

# A blog profile shaped like the API's (boosty-api.md §4.2).
BODY = json.dumps(
    {
        "blogUrl": "x",
        "title": "Example blog title",
        "description": [
            {"type": "text", "content": '["About me","unstyled",[[0,0,8]]]', "modificator": ""},
            {"type": "text", "content": "", "modificator": "BLOCK_END"},
        ],
        "coverUrl": "https://images.boosty.to/blog/424242/cover?change_time=1700000000",
        "owner": {"id": 424242, "name": "Example Author", "hasAvatar": True, "avatarUrl": "https://images.boosty.to/a"},
        "count": {"posts": 170, "subscribers": 5184, "showcase": 0},
        "flags": {"hasTargets": True, "showPostDonations": False, "allowIndex": True},
        "accessRights": {"canView": False, "canEdit": False},
        "isSubscribed": False,
        "subscription": None,
        "subscriptionKind": "none",
        "isOwner": False,
        "isBlackListed": False,
        "isBlackListedByUser": False,
        "isReadOnly": False,
        "isTotalBaned": False,
        "hasAdultContent": False,
        "signedQuery": "",
        "publicWebSocketChannel": "blogger:424242",
        "allowedPromoTypes": [],
        "socialLinks": [{"type": "soundcloud", "url": "https://example.com/podcast"}],
        "currency": "RUB",
    }
).encode()


HEADERS = {"Accept": "application/json", "User-Agent": "boosty-python/bench"}


def _handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=BODY, headers={"Content-Type": "application/json"})


def _per_call(fn: Callable[[], object], calls: int) -> float:
    gc_was = gc.isenabled()
    gc.disable()
    try:
        start = time.process_time()
        for _ in range(calls):
            fn()
        return (time.process_time() - start) / calls
    finally:
        if gc_was:
            gc.enable()


async def _aper_call(fn: Callable[[], Awaitable[object]], calls: int) -> float:
    gc_was = gc.isenabled()
    gc.disable()
    try:
        start = time.process_time()
        for _ in range(calls):
            await fn()
        return (time.process_time() - start) / calls
    finally:
        if gc_was:
            gc.enable()


def _medians(samples: dict[str, list[float]]) -> dict[str, float]:
    return {name: statistics.median(values) for name, values in samples.items()}


def _sync_cases(transport: httpx.MockTransport) -> dict[str, float]:
    with httpx.Client(transport=transport) as raw, Boosty(sender=SyncSender(transport=transport)) as client:
        cases: dict[str, Callable[[], object]] = {
            "raw_get": lambda: raw.get(URL),
            "raw_json": lambda: raw.get(URL).json(),
            "raw_get_headers": lambda: raw.get(URL, headers=HEADERS),
            "sender": lambda: client.request("GET", "/v1/blog/x"),
            "blog": lambda: client.blog("x"),
        }
        for fn in cases.values():
            _per_call(fn, CALLS // 3)  # warm up
        samples: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(ROUNDS):
            for name, fn in cases.items():
                samples[name].append(_per_call(fn, CALLS))
    return _medians(samples)


async def _async_cases(transport: httpx.MockTransport) -> dict[str, float]:
    async with (
        httpx.AsyncClient(transport=transport) as raw,
        AsyncBoosty(sender=AsyncSender(transport=transport)) as client,
    ):

        async def raw_get() -> object:
            return await raw.get(URL)

        async def raw_json() -> object:
            return (await raw.get(URL)).json()

        cases: dict[str, Callable[[], Awaitable[object]]] = {
            "raw_get": raw_get,
            "raw_json": raw_json,
            "sender": lambda: client.request("GET", "/v1/blog/x"),
            "blog": lambda: client.blog("x"),
        }
        for fn in cases.values():
            await _aper_call(fn, CALLS // 3)
        samples: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(ROUNDS):
            for name, fn in cases.items():
                samples[name].append(await _aper_call(fn, CALLS))
    return _medians(samples)


def _cache_cases(transport: httpx.MockTransport) -> dict[str, float]:
    with CachingSender(sender=SyncSender(transport=transport), default_ttl=3600) as cache:
        request = Request("GET", URL, headers={"Accept": "application/json", "Authorization": "Bearer t"})
        cache.send(request)
        client = Boosty("t", sender=cache)
        client.request("GET", "/v1/blog/x")
        cases: dict[str, Callable[[], object]] = {
            "hit": lambda: cache.send(request),
            "hit_client": lambda: client.request("GET", "/v1/blog/x"),
        }
        samples: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(ROUNDS):
            for name, fn in cases.items():
                samples[name].append(_per_call(fn, HITS))
    return _medians(samples)


def run() -> list[tuple[str, float, str]]:
    transport = httpx.MockTransport(_handler)
    sync = _sync_cases(transport)
    aio = asyncio.run(_async_cases(transport))
    hit = _cache_cases(transport)
    us = 1e6
    return [
        (
            "sender_sync",
            sync["sender"] / sync["raw_get"],
            f"x raw httpx.Client.get ({sync['raw_get'] * us:.1f} µs); target <= 1.10",
        ),
        (
            "sender_sync_same_headers",
            sync["sender"] / sync["raw_get_headers"],
            f"x raw get with Accept + User-Agent ({sync['raw_get_headers'] * us:.1f} µs); informational",
        ),
        (
            "sender_async",
            aio["sender"] / aio["raw_get"],
            f"x raw httpx.AsyncClient.get ({aio['raw_get'] * us:.1f} µs); target <= 1.10",
        ),
        (
            "blog_sync",
            sync["blog"] / sync["raw_json"],
            f"x raw get().json() ({sync['raw_json'] * us:.1f} µs); incl. Blog model",
        ),
        (
            "blog_async",
            aio["blog"] / aio["raw_json"],
            f"x raw get().json() ({aio['raw_json'] * us:.1f} µs); incl. Blog model",
        ),
        ("cache_hit", hit["hit"] * us, "µs median, CachingSender.send hit; target <= 10"),
        ("cache_hit_client", hit["hit_client"] * us, "µs median, client.request answered by the cache"),
    ]

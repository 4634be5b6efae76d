"""CachingSender over a real httpx transport, sync and async: what is never stored or served, whose
answers are served to whom, and the freshness policy."""

from __future__ import annotations

import httpx
import pytest
import respx

from ._sender_caching import Clock, cache, get
from .conftest import API, resolve

pytestmark = pytest.mark.anyio


# -- what is never stored or served -----------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Cache-Control": "no-store, max-age=60"},
        {"Cache-Control": "max-age=60", "Vary": "*"},
        {},  # no cache headers and no policy
        {"Cache-Control": "max-age=0"},
        {"Cache-Control": "max-age=soon"},
    ],
)
async def test_not_stored(mode: str, headers: dict[str, str]) -> None:
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(200, headers=headers)
        await get(sender)
        await get(sender)
    assert route.call_count == 2
    assert len(sender) == 0


@pytest.mark.parametrize("status", [201, 203, 301, 404, 500])
async def test_only_200_is_stored(mode: str, status: int) -> None:
    sender = cache(mode, default_ttl=60)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(status, headers={"Cache-Control": "max-age=60"})
        await get(sender)
        await get(sender)
    assert route.call_count == 2


async def test_streamed_get_passes_through(mode: str) -> None:
    sender = cache(mode, default_ttl=60)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(200, content=b"bytes")
        for _ in range(2):
            response = await get(sender, stream=True)
            await resolve(response.aclose() if mode == "async" else response.close())
    assert route.call_count == 2 and len(sender) == 0


async def test_request_cache_control(mode: str) -> None:
    clock = Clock()
    sender = cache(mode, clock, default_ttl=60)
    async with sender, respx.mock(base_url=API) as mock:
        counter = iter(range(100))
        route = mock.get("/v1/blog/b").mock(side_effect=lambda _: httpx.Response(200, json=next(counter)))
        assert (await get(sender)).json() == 0
        assert (await get(sender)).json() == 0
        # no-store: straight to the network, the cache untouched
        assert (await get(sender, headers={"Cache-Control": "no-store"})).json() == 1
        assert (await get(sender)).json() == 0
        # no-cache: to the network, and the answer refreshes the entry
        assert (await get(sender, headers={"Cache-Control": "no-cache"})).json() == 2
        assert (await get(sender)).json() == 2
        # max-age=N: only entries at most N seconds old
        clock.now += 30
        assert (await get(sender, headers={"Cache-Control": "max-age=40"})).json() == 2
        assert (await get(sender, headers={"Cache-Control": "max-age=20"})).json() == 3
        # the caller's own conditional / range requests are not the cache's business
        assert (await get(sender, headers={"If-None-Match": "x"})).json() == 4
        assert (await get(sender, headers={"Range": "bytes=0-1"})).json() == 5
        assert (await get(sender)).json() == 3
    assert route.call_count == 6


# -- identity ---------------------------------------------------------------------------------


async def test_token_a_never_served_to_token_b(mode: str) -> None:
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=lambda request: httpx.Response(
                200, json={"auth": request.headers.get("Authorization")}, headers={"Cache-Control": "max-age=60"}
            )
        )
        for _ in range(2):
            a = await get(sender, headers={"Authorization": "Bearer token-A"})
            b = await get(sender, headers={"Authorization": "Bearer token-B"})
            anonymous = await get(sender)
            assert a.json() == {"auth": "Bearer token-A"}
            assert b.json() == {"auth": "Bearer token-B"}
            assert anonymous.json() == {"auth": None}
    assert route.call_count == 3
    assert len(sender) == 3
    keys = repr(list(sender._backend._cache.keys()))  # type: ignore[union-attr]
    assert "token-A" not in keys and "token-B" not in keys


async def test_private_is_stored_per_identity(mode: str) -> None:
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=lambda request: httpx.Response(
                200,
                json={"auth": request.headers.get("Authorization")},
                headers={"Cache-Control": "private, max-age=60"},
            )
        )
        assert (await get(sender, headers={"Authorization": "Bearer A"})).json() == {"auth": "Bearer A"}
        assert (await get(sender, headers={"Authorization": "Bearer A"})).json() == {"auth": "Bearer A"}
        assert route.call_count == 1  # a private cache may keep it for its owner
        assert (await get(sender, headers={"Authorization": "Bearer B"})).json() == {"auth": "Bearer B"}
        assert (await get(sender, headers={"Cookie": "session=A"})).json() == {"auth": None}
    assert route.call_count == 3


async def test_vary(mode: str) -> None:
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=lambda request: httpx.Response(
                200,
                json={"lang": request.headers.get("X-Locale")},
                headers={"Cache-Control": "max-age=60", "Vary": "X-Locale"},
            )
        )
        en = {"X-Locale": "en_US"}
        ru = {"X-Locale": "ru_RU"}
        assert (await get(sender, headers=en)).json() == {"lang": "en_US"}
        assert (await get(sender, headers=en)).json() == {"lang": "en_US"}
        assert route.call_count == 1
        assert (await get(sender, headers=ru)).json() == {"lang": "ru_RU"}
        assert (await get(sender, headers=ru)).json() == {"lang": "ru_RU"}
        assert (await get(sender)).json() == {"lang": None}
    assert route.call_count == 3


# -- the freshness policy ------------------------------------------------------------------------


async def test_per_path_ttl(mode: str) -> None:
    clock = Clock()
    ttl = {"/v1/blog/*": 300, "/v1/blog/*/subscription_level/*": 600}
    sender = cache(mode, clock, ttl=ttl)
    blog, levels, other = f"{API}/v1/blog/b", f"{API}/v1/blog/b/subscription_level/", f"{API}/v1/user/current"
    async with sender, respx.mock(base_url=API) as mock:
        blog_route = mock.get("/v1/blog/b").respond(200, json={})
        level_route = mock.get("/v1/blog/b/subscription_level/").respond(200, json=[])
        other_route = mock.get("/v1/user/current").respond(200, json={})
        for url in (blog, levels, other):
            await get(sender, url)
        clock.now += 299
        for url in (blog, levels, other):
            await get(sender, url)
        assert (blog_route.call_count, level_route.call_count, other_route.call_count) == (1, 1, 2)
        clock.now += 2  # 301 s: the blog is stale, the levels (longest pattern, 600 s) are not
        for url in (blog, levels):
            await get(sender, url)
        assert (blog_route.call_count, level_route.call_count) == (2, 1)
        clock.now += 300  # 601 s since the levels were fetched
        await get(sender, levels)
    assert level_route.call_count == 2


async def test_headers_win_over_policy_and_request_override_wins_over_all(mode: str) -> None:
    clock = Clock()
    sender = cache(mode, clock, default_ttl=1000)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(200, headers={"Cache-Control": "max-age=10"})
        await get(sender)
        clock.now += 11
        await get(sender)  # max-age 10 beat default_ttl 1000
        assert route.call_count == 2
        clock.now += 11
        await get(sender, extensions={"cache_ttl": 3600})  # stored for an hour, whatever the header says
        clock.now += 3000
        await get(sender)
        assert route.call_count == 3
        await get(sender, extensions={"cache_ttl": 0}, headers={"Cache-Control": "no-cache"})
        await get(sender)
    assert route.call_count == 5


async def test_default_ttl(mode: str) -> None:
    clock = Clock()
    sender = cache(mode, clock, default_ttl=5)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(200)
        await get(sender)
        clock.now += 4.9
        await get(sender)
        clock.now += 0.2
        await get(sender)
    assert route.call_count == 2

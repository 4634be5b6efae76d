"""CachingSender over a real httpx transport (respx or httpx.MockTransport), sync and async:
freshness from headers and revalidation."""

from __future__ import annotations

import httpx
import pytest
import respx

from boosty import Request

from ._sender_caching import DATE, EARLIER, LATER, URL, Clock, cache, get
from .conftest import API, resolve

pytestmark = pytest.mark.anyio


# -- freshness from headers --------------------------------------------------------------


async def test_max_age_serves_second_call_from_cache(mode: str) -> None:
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(200, json={"n": 1}, headers={"Cache-Control": "max-age=60"})
        first = await get(sender)
        second_request = Request("GET", URL, headers={"X-Trace": "2"})
        second = await resolve(sender.send(second_request))
    assert route.call_count == 1
    assert first.json() == second.json() == {"n": 1}
    assert second.request is second_request  # the stored response answers the new request
    assert second.headers["cache-control"] == "max-age=60"
    assert len(sender) == 1


async def test_query_is_part_of_the_key(mode: str) -> None:
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=lambda request: httpx.Response(
                200, json=dict(request.url.params), headers={"Cache-Control": "max-age=60"}
            )
        )
        a1 = await get(sender, params={"a": 1})
        a2 = await get(sender, params={"a": 2})
        again = await get(sender, params={"a": 1})
        inline = await get(sender, URL + "?a=2")
    assert route.call_count == 2
    assert a1.json() == again.json() == {"a": "1"}
    assert a2.json() == inline.json() == {"a": "2"}


async def test_expires_and_date(mode: str) -> None:
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        fresh = mock.get("/v1/blog/fresh").respond(200, headers={"Date": DATE, "Expires": LATER})
        past = mock.get("/v1/blog/past").respond(200, headers={"Date": DATE, "Expires": EARLIER})
        bad = mock.get("/v1/blog/bad").respond(200, headers={"Expires": "0"})
        for _ in range(2):
            await get(sender, f"{API}/v1/blog/fresh")
            await get(sender, f"{API}/v1/blog/past")
            await get(sender, f"{API}/v1/blog/bad")
    assert (fresh.call_count, past.call_count, bad.call_count) == (1, 2, 2)


async def test_age_counts_against_freshness(mode: str) -> None:
    clock = Clock()
    sender = cache(mode, clock)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(200, headers={"Cache-Control": "max-age=60", "Age": "55"})
        await get(sender)
        clock.now += 4
        await get(sender)
        assert route.call_count == 1
        clock.now += 2  # 55 + 6 > 60
        await get(sender)
    assert route.call_count == 2


async def test_stale_after_max_age(mode: str) -> None:
    clock = Clock()
    sender = cache(mode, clock)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=[
                httpx.Response(200, json={"v": 1}, headers={"Cache-Control": "max-age=10"}),
                httpx.Response(200, json={"v": 2}, headers={"Cache-Control": "max-age=10"}),
            ]
        )
        assert (await get(sender)).json() == {"v": 1}
        clock.now += 11
        assert (await get(sender)).json() == {"v": 2}
        assert (await get(sender)).json() == {"v": 2}
    assert route.call_count == 2


# -- revalidation ---------------------------------------------------------------------------


async def test_etag_revalidation_serves_cached_body(mode: str) -> None:
    clock = Clock()
    sender = cache(mode, clock)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=[
                httpx.Response(200, json={"v": 1}, headers={"ETag": '"v1"', "Cache-Control": "max-age=10"}),
                httpx.Response(304, headers={"ETag": '"v1"', "Cache-Control": "max-age=100", "X-New": "yes"}),
            ]
        )
        await get(sender)
        clock.now += 20
        revalidated = await get(sender)
        assert route.call_count == 2
        assert route.calls[1].request.headers["If-None-Match"] == '"v1"'
        assert revalidated.status_code == 200 and revalidated.json() == {"v": 1}
        assert revalidated.headers["X-New"] == "yes"  # the 304's headers are merged in
        clock.now += 90  # fresh again for 100 s from the 304
        assert (await get(sender)).json() == {"v": 1}
    assert route.call_count == 2


async def test_revalidation_restarts_the_age(mode: str) -> None:
    old = {"ETag": '"v1"', "Cache-Control": "max-age=60", "Age": "50"}
    clock = Clock()
    sender = cache(mode, clock)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=[
                # 50 s old already (an upstream cache), fresh for 10 s more.
                httpx.Response(200, json={"v": 1}, headers=old),
                httpx.Response(304, headers={"ETag": '"v1"'}),  # validated at the origin: age 0
                httpx.Response(304, headers={"ETag": '"v1"', "Age": "30"}),  # via a cache: 30 s old
                httpx.Response(304, headers={"ETag": '"v1"'}),
            ]
        )
        await get(sender)
        clock.now += 11
        revalidated = await get(sender)
        assert route.call_count == 2 and "age" not in revalidated.headers
        clock.now += 59  # 59 s since the 304: still fresh
        assert (await get(sender)).json() == {"v": 1}
        assert route.call_count == 2
        clock.now += 2
        via_cache = await get(sender)
        assert route.call_count == 3 and via_cache.headers["Age"] == "30"
        clock.now += 29  # 30 + 29 < 60
        await get(sender)
        assert route.call_count == 3
        clock.now += 2
        await get(sender)
    assert route.call_count == 4


async def test_last_modified_revalidation(mode: str) -> None:
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=[
                httpx.Response(200, content=b"body", headers={"Last-Modified": DATE}),  # no freshness: stored stale
                httpx.Response(304),
                httpx.Response(200, content=b"new", headers={"Last-Modified": LATER}),
            ]
        )
        assert (await get(sender)).content == b"body"
        assert (await get(sender)).content == b"body"
        assert route.calls[1].request.headers["If-Modified-Since"] == DATE
        assert (await get(sender)).content == b"new"
        assert len(sender) == 1
    assert route.call_count == 3


async def test_response_no_cache_is_revalidated_every_time(mode: str) -> None:
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=[
                httpx.Response(200, content=b"x", headers={"Cache-Control": "no-cache, max-age=600", "ETag": "W/1"})
            ]
            + [httpx.Response(304)] * 3
        )
        for _ in range(4):
            assert (await get(sender)).content == b"x"
    assert route.call_count == 4
    assert all(call.request.headers["If-None-Match"] == "W/1" for call in route.calls[1:])


async def test_must_revalidate_never_serves_stale_on_error(mode: str) -> None:
    clock = Clock()
    sender = cache(mode, clock)
    async with sender, respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").mock(
            side_effect=[
                httpx.Response(200, content=b"x", headers={"Cache-Control": "max-age=5, must-revalidate", "ETag": "e"}),
                httpx.Response(500),
                httpx.Response(304),
            ]
        )
        await get(sender)
        clock.now += 10
        assert (await get(sender)).status_code == 500
        assert (await get(sender)).content == b"x"  # the entry survived the 5xx


async def test_changed_resource_replaces_or_drops_entry(mode: str) -> None:
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=[httpx.Response(200, content=b"a", headers={"ETag": "1"}), httpx.Response(404)]
        )
        await get(sender)
        assert len(sender) == 1
        assert (await get(sender)).status_code == 404
        assert len(sender) == 0
    assert route.call_count == 2

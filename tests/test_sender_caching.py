"""CachingSender over a real httpx transport (respx or httpx.MockTransport), sync and async."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, CachingSender, NotFound, Request, Response, RetryingSender, SyncSender

from .conftest import API, concrete, resolve
from .test_sender_retrying import mock_sender

pytestmark = pytest.mark.anyio

URL = f"{API}/v1/blog/b"
DATE = "Sat, 01 Jun 2024 12:00:00 GMT"
LATER = "Sat, 01 Jun 2024 12:01:00 GMT"  # DATE + 60 s
EARLIER = "Sat, 01 Jun 2024 11:00:00 GMT"


class Clock:
    """A monotonic clock that tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def cache(mode: str, clock: Clock | None = None, **kwargs: object) -> CachingSender:
    return CachingSender(sender=concrete(mode), clock=clock or Clock(), **kwargs)  # type: ignore[arg-type]


async def get(sender: CachingSender, url: str = URL, **kwargs: object) -> Response:
    response = await resolve(sender.send(Request("GET", url, **kwargs)))  # type: ignore[arg-type]
    assert isinstance(response, Response)
    return response


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


# -- the store ------------------------------------------------------------------------------------


async def test_lru_eviction(mode: str) -> None:
    sender = cache(mode, max_size=2, default_ttl=60)
    async with sender, respx.mock(base_url=API) as mock:
        routes = {name: mock.get(f"/v1/blog/{name}").respond(200, text=name) for name in "abc"}
        await get(sender, f"{API}/v1/blog/a")
        await get(sender, f"{API}/v1/blog/b")
        await get(sender, f"{API}/v1/blog/a")  # a is now the most recently used
        await get(sender, f"{API}/v1/blog/c")  # evicts b
        assert len(sender) == 2
        await get(sender, f"{API}/v1/blog/a")
        await get(sender, f"{API}/v1/blog/b")
    assert {n: r.call_count for n, r in routes.items()} == {"a": 1, "b": 2, "c": 1}


async def test_clear(mode: str) -> None:
    sender = cache(mode, default_ttl=60)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(200)
        await get(sender)
        assert len(sender) == 1 and bool(sender)
        sender.clear()
        assert len(sender) == 0 and bool(sender)
        await get(sender)
    assert route.call_count == 2


async def test_unsafe_request_invalidates_the_url(mode: str) -> None:
    sender = cache(mode, default_ttl=60)
    comments = f"{API}/v1/blog/b/post/p/comment/"
    async with sender, respx.mock(base_url=API) as mock:
        listed = mock.get("/v1/blog/b/post/p/comment/").respond(200, json=[])
        other = mock.get("/v1/blog/b").respond(200, json={})
        created = mock.post("/v1/blog/b/post/p/comment/").mock(
            side_effect=[httpx.Response(400), httpx.Response(200, headers={"Location": "/v1/blog/b"})]
        )
        await get(sender, comments, params={"limit": 5})
        await get(sender, URL)
        await resolve(sender.send(Request("POST", comments)))  # failed: nothing invalidated
        await get(sender, comments, params={"limit": 5})
        assert (listed.call_count, other.call_count) == (1, 1)
        await resolve(sender.send(Request("POST", comments)))  # every query of it, and the Location
        await get(sender, comments, params={"limit": 5})
        await get(sender, URL)
    assert (listed.call_count, other.call_count, created.call_count) == (2, 2, 2)


async def test_bad_max_size() -> None:
    with SyncSender() as inner, pytest.raises(ValueError):
        CachingSender(0, inner)
    with CachingSender(sender=SyncSender()) as default:
        assert default.max_size == 256


# -- concurrency ------------------------------------------------------------------------------------


def _echo_handler(calls: list[str]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(200, json={"path": request.url.path}, headers={"Cache-Control": "max-age=600"})

    return handler


def test_threads_share_one_cache() -> None:
    calls: list[str] = []
    urls = [f"{API}/v1/blog/blog{i}" for i in range(12)]
    errors: list[BaseException] = []
    with CachingSender(sender=mock_sender("sync", _echo_handler(calls))) as sender:
        barrier = threading.Barrier(8)

        def work(offset: int) -> None:
            try:
                barrier.wait()
                for i in range(120):
                    url = urls[(i + offset) % len(urls)]
                    response = sender.send(Request("GET", url))
                    assert isinstance(response, Response)
                    assert response.json() == {"path": url.removeprefix(API)}
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert len(sender) == len(urls)
        assert set(calls) == {u.removeprefix(API) for u in urls}
        assert len(calls) < 8 * 120  # mostly hits
        for url in urls:
            cached = sender.send(Request("GET", url))
            assert isinstance(cached, Response) and cached.json() == {"path": url.removeprefix(API)}


async def test_tasks_share_one_cache() -> None:
    calls: list[str] = []
    urls = [f"{API}/v1/blog/blog{i}" for i in range(10)]
    async with CachingSender(sender=mock_sender("async", _echo_handler(calls))) as sender:

        async def work(n: int) -> None:
            for i in range(5):
                url = urls[(n + i) % len(urls)]
                response = await resolve(sender.send(Request("GET", url)))
                assert response.json() == {"path": url.removeprefix(API)}

        await asyncio.gather(*(work(n) for n in range(100)))
        assert len(sender) == len(urls)
        assert set(calls) == {u.removeprefix(API) for u in urls}
        assert len(calls) < 500


# -- under a client -----------------------------------------------------------------------------------


async def test_under_client_with_retry(mode: str) -> None:
    chain = CachingSender(
        max_size=256, sender=RetryingSender(retries=3, sender=concrete(mode), backoff_base=0.001), default_ttl=60
    )
    client: Boosty | AsyncBoosty = AsyncBoosty(sender=chain) if mode == "async" else Boosty(sender=chain)
    async with client:
        with respx.mock(base_url=API) as mock:
            route = mock.get("/v1/blog/b").mock(
                side_effect=[httpx.Response(503), httpx.Response(200, json={"blogUrl": "b", "title": "T"})]
            )
            missing = mock.get("/v1/blog/gone").respond(404)
            first = await resolve(client.blog("b"))
            second = await resolve(client.blog("b"))
            for _ in range(2):
                with pytest.raises(NotFound):
                    await resolve(client.blog("gone"))
    assert first == second and first.title == "T"
    assert route.call_count == 2
    assert missing.call_count == 2  # errors are not cached


async def test_bad_cache_ttl_fails_before_sending(mode: str) -> None:
    sender = cache(mode)
    async with sender, respx.mock(base_url=API, assert_all_called=False) as mock:
        route = mock.get("/v1/blog/b").respond(200)
        with pytest.raises(TypeError, match="cache_ttl"):
            await get(sender, extensions={"cache_ttl": "5 minutes"})
    assert route.call_count == 0

"""CachingSender over a real httpx transport, sync and async: the store (eviction, clearing,
invalidation), threads and tasks sharing one cache, and a cache under a client."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, CachingSender, NotFound, Request, Response, RetryingSender, SyncSender

from ._sender_caching import URL, cache, get
from .conftest import API, concrete, resolve
from .test_sender_retrying import mock_sender

pytestmark = pytest.mark.anyio


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

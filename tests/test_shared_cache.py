"""CachingSender: writes drop the cached reads of their resource root (in memory and on
Redis), and a Redis-backed cache is shared between processes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import redis
import respx

from boosty import AsyncBoosty, Boosty, CachingSender, SyncSender
from boosty._redis import SharedStateError
from boosty._sender.cache_store import read_roots, write_root
from boosty.testing import FakeBoosty
from boosty.testing.blocks import paragraph
from tests.conftest import concrete, resolve
from tests.redis_support import dead_redis_url, run_workers

pytestmark = pytest.mark.anyio

API = "https://api.boosty.to"


@pytest.fixture(params=["memory", "redis"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def store(backend: str, request: pytest.FixtureRequest) -> AsyncIterator[str | None]:
    """``None`` for the memory cache, else the Redis URL."""
    yield None if backend == "memory" else request.getfixturevalue("redis_url")


def caching(mode: str, store: str | None, **options: Any) -> CachingSender:
    return CachingSender(sender=concrete(mode), redis=store, **options)


def hits(fake: FakeBoosty, path: str) -> int:
    return sum(1 for r in fake.requests if r.path == path and r.method == "GET")


async def test_a_comment_post_drops_the_cached_comments_even_with_a_ttl(
    fake_boosty: FakeBoosty, mode: str, store: str | None
) -> None:
    fake = fake_boosty
    post_id = fake.posts("demo")[0]["id"]
    comments = f"/v1/blog/demo/post/{post_id}/comment/"
    token = fake.issue_tokens("subscriber")["access_token"]
    sender = caching(mode, store, ttl={"*": 300})
    cls: Any = AsyncBoosty if mode == "async" else Boosty
    async with cls(token, base_url=fake.base_url, sender=sender) as client:
        for path in (comments, comments, "/v1/blog/demo", "/v1/target/demo/", "/v1/blog/music"):
            await resolve(client.request("GET", path))
        assert hits(fake, comments) == 1  # the second GET was a hit
        form = {"data": json.dumps(paragraph("fresh comment"))}
        await resolve(client.request("POST", comments, data=form))
        after = await resolve(client.request("GET", comments))
        for path in ("/v1/blog/demo", "/v1/target/demo/", "/v1/blog/music"):
            await resolve(client.request("GET", path))
    assert hits(fake, comments) == 2  # a miss after the write
    assert "fresh comment" in after.text
    assert hits(fake, "/v1/blog/demo") == 2 and hits(fake, "/v1/target/demo/") == 2  # same blog: dropped
    assert hits(fake, "/v1/blog/music") == 1  # another blog: still cached


async def test_a_failed_write_drops_nothing(mode: str, store: str | None) -> None:
    sender = caching(mode, store, ttl={"*": 300})
    with respx.mock() as router:
        get = router.get(f"{API}/v1/dialog/1").mock(return_value=httpx.Response(200, json={"n": 1}))
        router.post(f"{API}/v1/dialog/1/message/").mock(return_value=httpx.Response(400, json={}))
        router.post(f"{API}/v1/dialog/2/message/").mock(return_value=httpx.Response(200, json={}))
        async with sender:
            await resolve(sender.send(_get("/v1/dialog/1")))
            await resolve(sender.send(_request("POST", "/v1/dialog/1/message/")))
            await resolve(sender.send(_get("/v1/dialog/1")))
            assert get.call_count == 1
            await resolve(sender.send(_request("POST", "/v1/dialog/2/message/")))  # same root: /v1/dialog
            await resolve(sender.send(_get("/v1/dialog/1")))
            assert get.call_count == 2


async def test_location_of_a_write_drops_that_root_too(mode: str, store: str | None) -> None:
    sender = caching(mode, store, ttl={"*": 300})
    with respx.mock() as router:
        user = router.get(f"{API}/v1/user/7/").mock(return_value=httpx.Response(200, json={}))
        router.post(f"{API}/v1/blog/demo/x").mock(
            return_value=httpx.Response(201, headers={"Location": "/v1/user/7/"}, json={})
        )
        async with sender:
            await resolve(sender.send(_get("/v1/user/7/")))
            await resolve(sender.send(_request("POST", "/v1/blog/demo/x")))
            await resolve(sender.send(_get("/v1/user/7/")))
    assert user.call_count == 2


async def test_a_second_identity_never_gets_the_first_ones_entry(mode: str, store: str | None) -> None:
    with respx.mock() as router:
        route = router.get(f"{API}/v1/user/current").mock(
            side_effect=lambda request: httpx.Response(
                200, headers={"Vary": "Accept-Language"}, json={"auth": request.headers.get("Authorization")}
            )
        )
        one, two = caching(mode, store, default_ttl=300), caching(mode, store, default_ttl=300)
        async with one, two:
            a = await resolve(one.send(_get("/v1/user/current", Authorization="Bearer A")))
            b = await resolve(two.send(_get("/v1/user/current", Authorization="Bearer B")))
            a_again = await resolve(two.send(_get("/v1/user/current", Authorization="Bearer A")))
            other_language = await resolve(
                one.send(_get("/v1/user/current", Authorization="Bearer A", **{"Accept-Language": "ru"}))
            )
    assert a.json() == a_again.json() == {"auth": "Bearer A"} and b.json() == {"auth": "Bearer B"}
    assert other_language.json() == {"auth": "Bearer A"}
    shared = store is not None
    assert route.call_count == (3 if shared else 4)  # on Redis, two senders share the entry of A


def test_a_second_process_gets_a_hit(fake_boosty: FakeBoosty, redis_url: str) -> None:
    config = {"base_url": fake_boosty.base_url, "url": redis_url}
    first = run_workers("cache", 1, config)
    second = run_workers("cache", 1, config)
    assert first[0]["title"] == second[0]["title"] != ""
    assert hits(fake_boosty, "/v1/blog/demo") == 1
    assert first[0]["entries"] == second[0]["entries"] == 1


def test_entries_expire_in_redis_and_a_corrupt_one_is_a_miss(redis_url: str) -> None:
    raw = redis.Redis.from_url(redis_url)
    sender = CachingSender(sender=SyncSender(), redis=redis_url, ttl={"/v1/blog/*": 120}, key_prefix="c")
    with respx.mock() as router, sender:
        route = router.get(f"{API}/v1/blog/demo").mock(return_value=httpx.Response(200, json={}))
        sender.send(_get("/v1/blog/demo"))
        [name] = raw.keys("c:e:*")
        assert 110_000 < raw.pttl(name) <= 120_000
        assert len(sender) == 1 and sender.redis == redis_url
        raw.set(name, b"not json")
        sender.send(_get("/v1/blog/demo"))
        assert route.call_count == 2
        sender.clear()
        assert len(sender) == 0 and raw.keys("c:*") == []
    raw.close()


@pytest.mark.timeout(20)
async def test_redis_down_is_a_typed_error_and_sends_nothing(mode: str) -> None:
    url = dead_redis_url(password="pw123")
    sender = CachingSender(sender=concrete(mode), redis=url, default_ttl=60)
    with respx.mock(assert_all_called=False) as router:
        route = router.get(f"{API}/v1/blog/demo").mock(return_value=httpx.Response(200, json={}))
        async with sender:
            with pytest.raises(SharedStateError) as info:
                await resolve(sender.send(_get("/v1/blog/demo")))
    assert route.call_count == 0
    assert "127.0.0.1" in str(info.value) and "pw123" not in str(info.value)


async def test_memory_eviction_keeps_the_root_index_in_step(mode: str) -> None:
    sender = CachingSender(2, concrete(mode), default_ttl=300)
    with respx.mock() as router:
        routes = {
            blog: router.get(f"{API}/v1/blog/{blog}").mock(return_value=httpx.Response(200, json={})) for blog in "xyz"
        }
        router.delete(f"{API}/v1/blog/y/post/1").mock(return_value=httpx.Response(200, json={}))
        async with sender:
            for blog in "xyz":  # x is evicted
                await resolve(sender.send(_get(f"/v1/blog/{blog}")))
            await resolve(sender.send(_request("DELETE", "/v1/blog/y/post/1")))
            assert len(sender) == 1
            for blog in "zxy":
                await resolve(sender.send(_get(f"/v1/blog/{blog}")))
    assert [routes[b].call_count for b in "xyz"] == [2, 2, 1]


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("https://h/v1/blog/demo/post/1/comment/?limit=5", "https://h/v1/blog/demo"),
        ("https://h/v1/blog/demo", "https://h/v1/blog/demo"),
        ("https://h/v1/dialog/5/message/", "https://h/v1/dialog"),
        ("https://H/v1/target/demo/", "https://h/v1/target"),
        ("https://h/v1/notification/", "https://h/v1/notification"),
    ],
)
def test_resource_roots(url: str, root: str) -> None:
    assert write_root(url) == root
    assert root in read_roots(url)


def test_a_target_read_belongs_to_its_blog_too() -> None:
    assert read_roots("https://h/v1/target/demo/") == ("https://h/v1/target", "https://h/v1/blog/demo")


def _request(method: str, path: str, **headers: str) -> Any:
    from boosty import Request

    return Request(method, API + path, headers=headers)


def _get(path: str, **headers: str) -> Any:
    return _request("GET", path, **headers)

"""What Settings turn on, end to end over the fake: one ``redis_url`` shares token, rate limit,
cache and events state; ``backend="aiohttp"`` picks the aiohttp transport; ``poll_interval``,
``refresh_margin`` and ``upload_base_url`` reach the parts that use them. Sync and async."""

from __future__ import annotations

import time
from typing import Any

import pytest

from boosty import AsyncBoosty, Boosty, CachingSender, RateLimitingSender, RedisTokenStorage, Settings
from boosty.testing import FakeBoosty

from .conftest import resolve

pytestmark = pytest.mark.anyio


def _layers(sender: Any) -> list[Any]:
    found = []
    while sender is not None:
        found.append(sender)
        sender = getattr(sender, "sender", None)
    return found


async def test_one_redis_url_shares_token_rate_limit_cache_and_events(
    mode: str, fake_boosty: FakeBoosty, redis_url: str
) -> None:
    issued = fake_boosty.issue_tokens("owner")
    cls: Any = AsyncBoosty if mode == "async" else Boosty
    settings = Settings(base_url=fake_boosty.base_url, redis_url=redis_url, rate=(50, 1.0), cache={"ttl": 60})
    seed = RedisTokenStorage(redis_url)
    from boosty import Credentials

    seed.save(Credentials(issued["access_token"], issued["refresh_token"], issued["device_id"], time.time() + 3600))
    async with cls.from_settings(settings) as client:
        layers = _layers(client.sender)
        cache = next(layer for layer in layers if isinstance(layer, CachingSender))
        limiter = next(layer for layer in layers if isinstance(layer, RateLimitingSender))
        assert cache.redis == limiter.redis == redis_url  # no password in the test URL
        me = await resolve(client.current_user())  # signed in from the Redis token storage
        assert me.blog_url == "demo"
        await resolve(client.blog("demo"))
        await resolve(client.blog("demo"))
        events = await resolve(client.poll_once("demo"))  # state defaults to the same Redis
        assert events == []
    blog_reads = [r for r in fake_boosty.requests if r.path == "/v1/blog/demo"]
    assert len(blog_reads) == 1  # the second read came from the Redis cache
    async with cls.from_settings(settings) as second:  # another client (process) shares it
        await resolve(second.blog("demo"))
        again = await resolve(second.poll_once("demo"))
    assert [r for r in fake_boosty.requests if r.path == "/v1/blog/demo"] == blog_reads
    assert again == []  # the snapshot taken by the first client is in Redis


async def test_backend_aiohttp_is_the_async_transport(fake_boosty: FakeBoosty) -> None:
    settings = Settings(base_url=fake_boosty.base_url, backend="aiohttp", retries=0)
    async with AsyncBoosty.from_settings(settings) as client:
        assert client.sender.backend == "aiohttp"  # type: ignore[attr-defined]
        blog = await client.blog("demo")
    assert blog.blog_url == "demo"
    with Boosty.from_settings(settings) as sync_client:  # a sync client has no async transport
        assert not sync_client.is_async and sync_client.blog("demo").blog_url == "demo"


async def test_poll_interval_and_refresh_margin_reach_their_parts(mode: str, fake_boosty: FakeBoosty) -> None:
    cls: Any = AsyncBoosty if mode == "async" else Boosty
    settings = Settings(base_url=fake_boosty.base_url, poll_interval=12.5, refresh_margin=90.0, retries=0)
    async with cls.from_settings(settings) as client:
        from boosty.events.mixin import _interval

        assert _interval(client, None) == 12.5 and _interval(client, 3) == 3.0
    with pytest.raises(ValueError, match="finite number"):
        Boosty.from_settings(settings).start_polling("demo", interval=float("nan"))
    issued = fake_boosty.issue_tokens("owner")
    from boosty import Credentials, MemoryTokenStorage

    storage = MemoryTokenStorage()
    storage.save(Credentials(issued["access_token"], issued["refresh_token"], issued["device_id"], time.time() + 3600))
    with Boosty(token_storage=storage, base_url=fake_boosty.base_url, refresh_margin=90.0) as client:
        assert client._auth.refresh_margin == 90.0  # type: ignore[attr-defined]

"""One token bucket for every process that names the same Redis and key."""

from __future__ import annotations

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, RateLimitingSender, SyncSender
from boosty._redis import SharedStateError
from boosty.testing import FakeBoosty
from tests.conftest import concrete, resolve
from tests.redis_support import dead_redis_url, run_workers

pytestmark = pytest.mark.anyio

RATE, SECONDS, PROCESSES = 5, 4.0, 3


def test_three_processes_share_five_per_second(fake_boosty: FakeBoosty, redis_url: str) -> None:
    config = {"base_url": fake_boosty.base_url, "url": redis_url, "key": "bucket", "rate": RATE}
    reports = run_workers("rate", PROCESSES, {**config, "duration": SECONDS})
    times = sorted(r.time for r in fake_boosty.requests if r.path == "/v1/blog/demo")
    assert len(times) == sum(int(r["calls"]) for r in reports)
    assert all(int(r["calls"]) > 0 for r in reports)  # each process got its share
    span = times[-1] - times[0]
    print(f"figure: {PROCESSES} processes at {RATE}/s: {len(times)} requests in {span:.2f} s at the server")
    # A token bucket of 5 per second (burst 5): in any span of t seconds at most 5 + 5 t
    # requests reach the server, whichever process sent them (one process alone would reach
    # that figure, three unshared ones three times it).
    for i, first in enumerate(times):
        for j in range(i, len(times)):
            assert j - i + 1 <= RATE + RATE * (times[j] - first) + 1
    assert len(times) >= RATE * SECONDS - 2  # and the budget was used, not starved


async def test_two_senders_on_one_key_share_one_bucket(mode: str, redis_url: str) -> None:
    # rate 2 per 10 s: a burst of 2, then one slot every 5 s.
    a = RateLimitingSender(2, 10.0, concrete(mode), redis=redis_url, key="one-bucket")
    b = RateLimitingSender(2, 10.0, concrete(mode), redis=redis_url, key="one-bucket")
    other = RateLimitingSender(2, 10.0, concrete(mode), redis=redis_url, key="another")
    try:
        assert a.reserve() == 0.0 and b.reserve() == 0.0
        assert 4.5 < a.reserve() <= 5.0  # b took the second token of the same bucket
        assert 9.5 < b.reserve() <= 10.0
        assert other.reserve() == 0.0  # another key is another bucket
        assert a.redis == redis_url
    finally:
        for sender in (a, b, other):
            await resolve(sender.aclose() if mode == "async" else sender.close())


async def test_requests_through_a_shared_bucket_reach_the_server(mode: str, redis_url: str) -> None:
    sender = RateLimitingSender(100, 1.0, concrete(mode), redis=redis_url)
    client = AsyncBoosty(sender=sender) if mode == "async" else Boosty(sender=sender)
    with respx.mock(assert_all_called=True) as router:
        route = router.get("https://api.boosty.to/v1/blog/demo").mock(return_value=httpx.Response(200, json={}))
        async with client:
            for _ in range(3):
                await resolve(client.request("GET", "/v1/blog/demo"))
    assert route.call_count == 3


@pytest.mark.timeout(20)
async def test_redis_down_fails_fast_and_sends_nothing(mode: str) -> None:
    url = dead_redis_url(password="s3cret")
    sender = RateLimitingSender(5, 1.0, concrete(mode), redis=url)
    client = AsyncBoosty(sender=sender) if mode == "async" else Boosty(sender=sender)
    with respx.mock(assert_all_called=False) as router:
        route = router.get("https://api.boosty.to/v1/blog/demo").mock(return_value=httpx.Response(200, json={}))
        async with client:
            with pytest.raises(SharedStateError) as info:
                await resolve(client.request("GET", "/v1/blog/demo"))
    assert route.call_count == 0
    assert info.value.url == url.replace(":s3cret@", "")
    assert info.value.url in str(info.value) and "s3cret" not in str(info.value)


def test_a_redis_value_that_is_not_a_url_is_rejected() -> None:
    with pytest.raises(ValueError, match="redis"):
        RateLimitingSender(5, 1.0, SyncSender(), redis="localhost:6379")

"""The client with a RetryingSender survives the faults the fake injects, as DESIGN.md promises."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from boosty import (
    AsyncBoosty,
    AsyncSender,
    Boosty,
    NetworkError,
    ParseError,
    RetryingSender,
    ServiceUnavailable,
    SyncSender,
    TooManyRequests,
)
from boosty.testing import FakeBoosty, Fault

from .conftest import resolve

pytestmark = pytest.mark.anyio


@pytest.fixture
async def client(fake_boosty: FakeBoosty, mode: str) -> AsyncIterator[Boosty | AsyncBoosty]:
    inner = AsyncSender() if mode == "async" else SyncSender()
    sender = RetryingSender(retries=3, sender=inner, backoff_base=0.001, backoff_cap=0.01, max_429_attempts=3)
    c: Boosty | AsyncBoosty = (AsyncBoosty if mode == "async" else Boosty)(base_url=fake_boosty.base_url, sender=sender)
    async with c:
        yield c


@pytest.mark.parametrize(
    ("fault", "burst"),
    [
        (Fault.status(503), 3),
        (Fault.html(502), 3),
        (Fault.status(500), 3),
        (Fault.rate_limit(0), 2),  # the third 429 in a row ends the call (max_429_attempts=3)
        (Fault.drop(), 3),
        (Fault.truncate(40), 3),
    ],
    ids=["503", "502-html", "500", "429", "drop", "truncate"],
)
async def test_survives_a_burst(
    fake_boosty: FakeBoosty, client: Boosty | AsyncBoosty, fault: Fault, burst: int
) -> None:
    rule = fake_boosty.inject(fault, path="/v1/blog/demo", count=burst)
    blog = await resolve(client.blog("demo"))
    assert blog.blog_url == "demo"
    assert rule.injected == burst
    assert [r.fault for r in fake_boosty.requests] == [fault.kind] * burst + [None]


async def test_retry_after_header_is_honoured(fake_boosty: FakeBoosty, client: Boosty | AsyncBoosty) -> None:
    fake_boosty.inject(Fault.status(503, retry_after=0), count=2)
    assert (await resolve(client.subscription_levels("demo")))[0].name == "Basic"
    assert fake_boosty.faults_injected == 2


async def test_gives_up_with_typed_errors(fake_boosty: FakeBoosty, client: Boosty | AsyncBoosty) -> None:
    cases: list[tuple[Fault, type[Exception], int]] = [
        (Fault.status(503), ServiceUnavailable, 4),
        (Fault.rate_limit(0), TooManyRequests, 3),
        (Fault.drop(), NetworkError, 4),
        (Fault.truncate(10), NetworkError, 4),
        (Fault.invalid_json(), ParseError, 1),
    ]
    for fault, error, attempts in cases:
        fake_boosty.clear_faults()
        fake_boosty.clear_requests()
        fake_boosty.inject(fault, path="/v1/blog/*")
        with pytest.raises(error):
            await resolve(client.blog("demo"))
        assert len(fake_boosty.requests) == attempts, fault.kind


async def test_writes_are_not_repeated_after_a_drop(fake_boosty: FakeBoosty, mode: str) -> None:
    inner = AsyncSender() if mode == "async" else SyncSender()
    sender = RetryingSender(retries=3, sender=inner, backoff_base=0.001)
    token = fake_boosty.issue_tokens("owner")["access_token"]
    cls = AsyncBoosty if mode == "async" else Boosty
    async with cls(token, base_url=fake_boosty.base_url, sender=sender) as client:
        fake_boosty.inject(Fault.drop(), method="POST")
        with pytest.raises(NetworkError):
            await resolve(client.request("POST", "/v1/blog/demo/post/", data={"title": "x", "data": "[]"}))
    assert [r.method for r in fake_boosty.requests] == ["POST"]

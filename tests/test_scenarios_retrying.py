"""RetryingSender scenarios a user would notice (issue #15, mutation testing), sync and async.

Each test pins a documented rule the older tests left open: how the backoff ceiling grows,
the ``max_429_attempts`` bound on 429s without ``Retry-After``, and what the DEBUG log says.
"""

from __future__ import annotations

import logging
import random

import httpx
import pytest
import respx

from boosty import Request, RetryingSender, ServiceUnavailable, TooManyRequests

from .conftest import API, concrete, resolve
from .test_sender_retrying import FAST, Retrying

pytestmark = pytest.mark.anyio

URL = f"{API}/v1/blog/b"


@pytest.mark.parametrize("retry", [0, 1, 2, 3])
def test_backoff_ceiling_doubles_each_retry(retry: int) -> None:
    """The wait before retry ``n`` is drawn from ``[0, base * 2**n]``: it reaches near that ceiling."""
    random.seed(retry)
    sender = RetryingSender(3, backoff_base=1.0, backoff_cap=100.0)
    try:
        ceiling = 2.0**retry
        draws = [sender.backoff(retry) for _ in range(400)]
    finally:
        sender.close()
    assert max(draws) <= ceiling
    assert max(draws) > 0.8 * ceiling  # not a smaller ceiling (0.8**400: never by chance)


async def test_waits_grow_between_retries(mode: str) -> None:
    """Over a run of transport errors the observed waits stay under 1, 2, 4 and 8 s, and the
    ceilings are used: across many runs some wait before the 4th retry exceeds 6 s."""
    random.seed(7)
    longest = 0.0
    async with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b")
        for _ in range(30):
            route.mock(side_effect=[httpx.ConnectError("down")] * 4 + [httpx.Response(200)])
            sender = Retrying(4, concrete(mode), backoff_base=1.0, backoff_cap=100.0)
            async with sender:
                response = await resolve(sender.send(Request("GET", URL)))
            assert response.status_code == 200
            assert all(0.0 <= s <= c for s, c in zip(sender.sleeps, [1.0, 2.0, 4.0, 8.0]))
            longest = max(longest, sender.sleeps[3])
    assert longest > 6.0  # 0.75**30 that no draw of U(0, 8) passes 6: never by chance


async def test_429_without_retry_after_is_bounded_by_max_429_attempts(mode: str) -> None:
    """A large ``retries`` does not let 429s without ``Retry-After`` go on: ``max_429_attempts`` answers end it."""
    sender = RetryingSender(10, concrete(mode), max_429_attempts=3, **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(429)
        with pytest.raises(TooManyRequests):
            await resolve(sender.send(Request("GET", URL)))
    assert route.call_count == 3


async def test_429_without_retry_after_then_success_within_the_bound(mode: str) -> None:
    sender = RetryingSender(10, concrete(mode), max_429_attempts=3, **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(side_effect=[httpx.Response(429)] * 2 + [httpx.Response(200)])
        response = await resolve(sender.send(Request("GET", URL)))
    assert response.status_code == 200
    assert route.call_count == 3


async def test_retry_log_names_the_error_and_its_cause(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    sender = RetryingSender(1, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").mock(side_effect=[httpx.ConnectTimeout("slow"), httpx.Response(200)])
        with caplog.at_level(logging.DEBUG, logger="boosty.retry"):
            await resolve(sender.send(Request("GET", URL)))
    [record] = [r for r in caplog.records if r.name == "boosty.retry"]
    assert "after RequestTimeout (ConnectTimeout), waiting" in record.getMessage()


async def test_rate_limit_waits_are_logged_as_such_not_as_retries(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    """A 429 with ``Retry-After`` spends no retry: the log counts it against ``max_429_attempts``."""
    sender = RetryingSender(0, concrete(mode), max_429_attempts=4, **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").mock(
            side_effect=[httpx.Response(429, headers={"Retry-After": "0"})] * 2 + [httpx.Response(200)]
        )
        with caplog.at_level(logging.DEBUG, logger="boosty.retry"):
            await resolve(sender.send(Request("GET", URL)))
    messages = [r.getMessage() for r in caplog.records if r.name == "boosty.retry"]
    assert [m.split(" for ")[0] for m in messages] == ["rate-limit wait 1 of 4", "rate-limit wait 2 of 4"]
    assert all("/v1/blog/b" in m and m.endswith("waiting 0.000 s") for m in messages)


async def test_429_without_retry_after_spends_the_retries_budget(mode: str) -> None:
    """With ``retries=2`` a 429 storm without ``Retry-After`` costs exactly 3 requests."""
    sender = RetryingSender(2, concrete(mode), max_429_attempts=10, **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(429)
        with pytest.raises(TooManyRequests):
            await resolve(sender.send(Request("GET", URL)))
    assert route.call_count == 3


async def test_429s_and_transport_errors_share_one_budget(mode: str) -> None:
    sender = RetryingSender(2, concrete(mode), max_429_attempts=10, **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=[httpx.Response(429), httpx.ConnectError("down"), httpx.Response(429), httpx.Response(200)]
        )
        with pytest.raises(TooManyRequests):
            await resolve(sender.send(Request("GET", URL)))
    assert route.call_count == 3


# -- defaults and arguments -------------------------------------------------------------------


async def test_default_is_a_pure_rate_limit_waiter(mode: str) -> None:
    """``RetryingSender()`` never repeats a 503 (``retries=0``) but waits out a 429 with ``Retry-After``."""
    sender = Retrying(sender=concrete(mode))
    async with sender, respx.mock(base_url=API) as mock:
        failing = mock.get("/v1/blog/b").respond(503)
        with pytest.raises(ServiceUnavailable):
            await resolve(sender.send(Request("GET", URL)))
        throttled = mock.get("/v1/blog/c").mock(
            side_effect=[httpx.Response(429, headers={"Retry-After": "1000"}), httpx.Response(200)]
        )
        assert (await resolve(sender.send(Request("GET", f"{API}/v1/blog/c")))).status_code == 200
    assert failing.call_count == 1 and throttled.call_count == 2
    assert sender.sleeps == [60.0]  # retry_after_cap defaults to 60 s


@pytest.mark.parametrize(("retry", "ceiling"), [(0, 0.5), (2, 2.0), (12, 30.0)])
def test_default_backoff_is_half_a_second_doubling_up_to_30(retry: int, ceiling: float) -> None:
    random.seed(retry)
    sender = RetryingSender(3)
    try:
        draws = [sender.backoff(retry) for _ in range(2000)]
    finally:
        sender.close()
    assert max(draws) <= ceiling
    assert max(draws) > 0.99 * ceiling  # 0.99**2000: never by chance


@pytest.mark.parametrize("zero", ["backoff_base", "backoff_cap"])
async def test_zero_backoff_never_waits(mode: str, zero: str) -> None:
    options = {"backoff_base": 1.0, "backoff_cap": 10.0, zero: 0}
    sender = Retrying(3, concrete(mode), **options)
    async with sender, respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").mock(side_effect=[httpx.ConnectError("down")] * 3 + [httpx.Response(200)])
        await resolve(sender.send(Request("GET", URL)))
    assert sender.sleeps == [0.0, 0.0, 0.0]


async def test_zero_retry_after_cap_never_waits(mode: str) -> None:
    sender = Retrying(0, concrete(mode), retry_after_cap=0)
    async with sender, respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").mock(
            side_effect=[httpx.Response(429, headers={"Retry-After": "5"}), httpx.Response(200)]
        )
        await resolve(sender.send(Request("GET", URL)))
    assert sender.sleeps == [0.0]


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"retries": 2.5}, TypeError, "retries"),
        ({"retries": -1}, ValueError, "retries"),
        ({"backoff_base": "1"}, TypeError, "backoff_base"),
        ({"backoff_base": -1.0}, ValueError, "backoff_base"),
        ({"backoff_cap": float("inf")}, ValueError, "backoff_cap"),
        ({"backoff_cap": None}, TypeError, "backoff_cap"),
        ({"retry_after_cap": -0.5}, ValueError, "retry_after_cap"),
        ({"retry_after_cap": float("nan")}, ValueError, "retry_after_cap"),
        ({"max_429_attempts": 0}, ValueError, "max_429_attempts"),
        ({"max_429_attempts": 1.5}, TypeError, "max_429_attempts"),
        ({"retry_methods": ["GET", 1]}, TypeError, "retry_methods"),
        ({"retry_statuses": [503, 99]}, ValueError, "retry_statuses"),
        ({"retry_statuses": [600]}, ValueError, "retry_statuses"),
        ({"retry_statuses": [True]}, ValueError, "retry_statuses"),
    ],
)
def test_bad_arguments_name_the_parameter(kwargs: dict[str, object], error: type[Exception], name: str) -> None:
    with pytest.raises(error, match=rf"^{name} must"):
        RetryingSender(**kwargs)  # type: ignore[arg-type]


async def test_retry_methods_and_statuses_as_given(mode: str) -> None:
    """``retry_methods="post"`` (one name, any case) and ``retry_statuses`` of one's own choosing."""
    sender = RetryingSender(2, concrete(mode), retry_methods="post", retry_statuses=[409], **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        post = mock.post("/v1/blog/b").mock(side_effect=[httpx.Response(409), httpx.Response(201)])
        get = mock.get("/v1/blog/b").respond(409)
        assert (await resolve(sender.send(Request("POST", URL)))).status_code == 201
        assert (await resolve(sender.send(Request("GET", URL)))).status_code == 409
    assert post.call_count == 2 and get.call_count == 1


def test_retry_statuses_span_100_to_599() -> None:
    sender = RetryingSender(1, retry_statuses=[100, 599])
    try:
        assert sender.retry_statuses == frozenset({100, 599})
    finally:
        sender.close()

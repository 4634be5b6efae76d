"""tekore's contract for RetryingSender(retries=0) (issue #15 item 13): a 429 carrying
Retry-After is still waited out, within the cap and ``max_429_attempts``."""

from __future__ import annotations

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, Request, RetryingSender, ServiceUnavailable, TooManyRequests

from .conftest import API, concrete, resolve
from .test_sender_retrying import recording

pytestmark = pytest.mark.anyio

URL = f"{API}/v1/blog/b"
Retrying = recording(RetryingSender)


async def test_retries_zero_still_waits_out_retry_after(mode: str) -> None:
    sender = Retrying(0, concrete(mode), retry_after_cap=2.5)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=[
                httpx.Response(429, headers={"Retry-After": "1"}),
                httpx.Response(429, headers={"Retry-After": "9"}),
                httpx.Response(200),
            ]
        )
        response = await resolve(sender.send(Request("GET", URL)))
    assert response.status_code == 200
    assert route.call_count == 3
    assert sender.sleeps == [1.0, 2.5]  # each wait as told, capped


async def test_rate_limit_waits_are_bounded_and_spend_no_retry(mode: str) -> None:
    sender = Retrying(1, concrete(mode), max_429_attempts=3, retry_after_cap=0.0)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(429, headers={"Retry-After": "0"})
        with pytest.raises(TooManyRequests):
            await resolve(sender.send(Request("GET", URL)))
    assert route.call_count == 3  # max_429_attempts answers, not retries + 1
    sender = Retrying(1, concrete(mode), backoff_base=0.0, retry_after_cap=0.0)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=[
                httpx.Response(429, headers={"Retry-After": "0"}),
                httpx.Response(503),
                httpx.Response(503),
            ]
        )
        with pytest.raises(ServiceUnavailable):
            await resolve(sender.send(Request("GET", URL)))
    assert route.call_count == 3  # the rate-limit wait left the one retry for the 503


async def test_retries_zero_without_retry_after_gives_up_at_once(mode: str) -> None:
    sender = Retrying(0, concrete(mode))
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(429)
        with pytest.raises(TooManyRequests):
            await resolve(sender.send(Request("GET", URL)))
    assert route.call_count == 1
    assert sender.sleeps == []


async def test_client_with_default_retrying_sender_waits_out_rate_limit(mode: str) -> None:
    sender = Retrying(sender=concrete(mode))
    cls = AsyncBoosty if mode == "async" else Boosty
    async with cls(sender=sender) as client:
        with respx.mock(base_url=API) as mock:
            mock.get("/v1/blog/b").mock(
                side_effect=[httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(200, json={})]
            )
            response = await resolve(client.request("GET", "/v1/blog/b"))
    assert response.status_code == 200
    assert sender.sleeps == [0.0]

"""RateLimitingSender: the waits it asks for (recorded, not timed), sync and async."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, RateLimitingSender, Request, SyncSender

from .conftest import API, concrete, resolve
from .test_sender_retrying import mock_sender, recording

pytestmark = pytest.mark.anyio

URL = f"{API}/v1/blog/b"
Limited = recording(RateLimitingSender)


class Clock:
    """A clock that stands still unless a test moves it."""

    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def _ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"ok": True})


async def test_burst_then_one_slot_per_interval(mode: str) -> None:
    sender = Limited(5, 1.0, mock_sender(mode, _ok), clock=Clock())
    async with sender:
        for _ in range(12):
            response = await resolve(sender.send(Request("GET", URL)))
            assert response.status_code == 200
    # 5 go at once; with time frozen, the 6th waits 0.2 s, the 7th 0.4 s, ...
    assert sender.sleeps == pytest.approx([0.2 * k for k in range(1, 8)])


async def test_waiting_refills_the_bucket(mode: str) -> None:
    clock = Clock()
    sender = Limited(4, 2.0, mock_sender(mode, _ok), clock=clock)
    async with sender:
        for _ in range(4):
            await resolve(sender.send(Request("GET", URL)))
        assert sender.sleeps == []
        clock.now += 1.0  # half the period: two tokens back
        for _ in range(3):
            await resolve(sender.send(Request("GET", URL)))
        assert sender.sleeps == pytest.approx([0.5])
        clock.now += 100.0  # a long quiet spell refills only up to the burst size
        for _ in range(5):
            await resolve(sender.send(Request("GET", URL)))
    assert sender.sleeps == pytest.approx([0.5, 0.5])


async def test_fractional_rate(mode: str) -> None:
    sender = Limited(0.5, 1.0, mock_sender(mode, _ok), clock=Clock())
    async with sender:
        for _ in range(3):
            await resolve(sender.send(Request("GET", URL)))
    assert sender.sleeps == pytest.approx([2.0, 4.0])


async def test_really_waits_and_delivers(mode: str) -> None:
    """Real clock and real sleeps, tiny period: every request arrives, in order."""
    sender = RateLimitingSender(3, 0.01, concrete(mode))
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get(path__regex=r"/v1/blog/\d+").mock(
            side_effect=lambda request: httpx.Response(200, text=request.url.path)
        )
        texts = [(await resolve(sender.send(Request("GET", f"{API}/v1/blog/{i}")))).text for i in range(9)]
    assert texts == [f"/v1/blog/{i}" for i in range(9)]
    assert route.call_count == 9


def test_threads_share_one_budget() -> None:
    sender = Limited(5, 1.0, mock_sender("sync", _ok), clock=Clock())
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(6):
                sender.send(Request("GET", URL))
        except BaseException as exc:
            errors.append(exc)

    with sender:
        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    # 48 requests, 5 free: each of the other 43 got its own slot, none shared, none skipped.
    assert sorted(sender.sleeps) == pytest.approx([0.2 * k for k in range(1, 44)])


async def test_tasks_share_one_budget() -> None:
    sender = Limited(10, 1.0, mock_sender("async", _ok), clock=Clock())
    async with sender:
        await asyncio.gather(*(resolve(sender.send(Request("GET", URL))) for _ in range(60)))
    assert sorted(sender.sleeps) == pytest.approx([0.1 * k for k in range(1, 51)])


async def test_under_client(mode: str) -> None:
    sender = Limited(2, 1.0, concrete(mode), clock=Clock())
    client: Boosty | AsyncBoosty = AsyncBoosty(sender=sender) if mode == "async" else Boosty(sender=sender)
    async with client:
        with respx.mock(base_url=API) as mock:
            mock.get("/v1/blog/b").respond(200, json={"blogUrl": "b"})
            for _ in range(3):
                assert (await resolve(client.blog("b"))).blog_url == "b"
    assert sender.sleeps == pytest.approx([0.5])


@pytest.mark.parametrize(("rate", "period"), [(0, 1.0), (-1, 1.0), (5, 0.0), (float("nan"), 1.0)])
def test_bad_arguments(rate: float, period: float) -> None:
    with SyncSender() as inner, pytest.raises(ValueError):
        RateLimitingSender(rate, period, inner)

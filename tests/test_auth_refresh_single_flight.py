"""Refreshing credentials against the fake Boosty, in sync and async mode: single flight across
200 tasks, 8 threads or two event loops, cancellation during a refresh."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from boosty import AsyncBoosty, AsyncSender, AuthError, Boosty, Credentials, MemoryTokenStorage
from boosty.testing import FakeBoosty, Fault

from ._auth_refresh import OWNER, Client, FlakyStorage, calls, issue, make_client, refreshes
from .conftest import resolve

pytestmark = pytest.mark.anyio

__all__ = ["make_client"]  # a fixture, imported for use here


# -- single flight ----------------------------------------------------------------


async def run_concurrently(mode: str, client: Client, n_tasks: int = 200, n_threads: int = 8) -> list[Any]:
    """``current_user()`` from 200 tasks (async) or 8 threads x 3 calls (sync), started together."""
    if mode == "async":
        return list(await asyncio.gather(*(client.current_user() for _ in range(n_tasks))))
    barrier = threading.Barrier(n_threads)

    def work() -> list[Any]:
        barrier.wait()
        return [client.current_user() for _ in range(3)]

    with ThreadPoolExecutor(n_threads) as pool:
        futures = [pool.submit(work) for _ in range(n_threads)]
        return [user for future in futures for user in future.result()]


@pytest.mark.parametrize("trigger", ["expired", "401"])
async def test_single_flight_refresh(
    mode: str, make_client: Callable[..., Client], fake_boosty: FakeBoosty, trigger: str
) -> None:
    storage = FlakyStorage()
    expires_in = -5 if trigger == "expired" else None
    client = make_client(credentials=issue(fake_boosty, expires_in=expires_in), token_storage=storage)
    if trigger == "401":
        fake_boosty.expire_access_tokens()
    storage.saves = 0
    # 200 tasks wait for a refresh ahead of expiry; after a 401 each task sends twice, so 50.
    n_tasks = 200 if trigger == "expired" else 50
    users = await run_concurrently(mode, client, n_tasks=n_tasks)
    assert len(users) == (n_tasks if mode == "async" else 24)
    assert {u.id for u in users} == {OWNER}
    assert refreshes(fake_boosty) == 1 and fake_boosty.refresh_count == 1
    assert storage.saves == 1
    gets = calls(fake_boosty, "/v1/user/current")
    assert all(r.status in (200, 401) for r in gets)
    if trigger == "expired":  # every request waited for the refresh: no request with the old token
        assert all(r.status == 200 for r in gets)


async def test_single_flight_shares_a_failed_refresh(
    mode: str, make_client: Callable[..., Client], fake_boosty: FakeBoosty
) -> None:
    client = make_client(credentials=issue(fake_boosty, expires_in=-5))
    fake_boosty.revoke_refresh_tokens()
    if mode == "async":
        results = await asyncio.gather(*(client.current_user() for _ in range(50)), return_exceptions=True)
    else:
        barrier = threading.Barrier(8)

        def work() -> BaseException | None:
            barrier.wait()
            try:
                client.current_user()
            except BaseException as exc:
                return exc
            return None

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda _: work(), range(8)))
    assert all(isinstance(r, AuthError) and r.error == "invalid_grant" for r in results)
    assert refreshes(fake_boosty) == 1


async def test_a_refused_refresh_token_is_not_sent_again(
    mode: str, make_client: Callable[..., Client], fake_boosty: FakeBoosty
) -> None:
    """After ``invalid_grant`` the same refresh token is never sent again (the single-flight
    test above relies on it when a thread reaches the lock after the failed refresh ended);
    a pair another process stores afterwards is adopted and works."""
    storage = MemoryTokenStorage()
    client = make_client(credentials=issue(fake_boosty, expires_in=-5), token_storage=storage)
    fake_boosty.revoke_refresh_tokens()
    for _ in range(3):
        with pytest.raises(AuthError) as caught:
            await resolve(client.current_user())
        assert caught.value.error == "invalid_grant"
    assert refreshes(fake_boosty) == 1
    storage.save(issue(fake_boosty))  # e.g. `boosty login` in another process
    assert (await resolve(client.current_user())).id == OWNER
    assert refreshes(fake_boosty) == 1


@pytest.mark.parametrize("kind", ["threads_and_tasks", "two_event_loops"])
async def test_single_flight_across_threads_tasks_and_loops(fake_boosty: FakeBoosty, kind: str) -> None:
    """One RefreshingAuth driven by threads and tasks at once (a sync and an async client sharing it)."""
    storage = MemoryTokenStorage()
    sync_client = Boosty(
        credentials=issue(fake_boosty, expires_in=-5), token_storage=storage, base_url=fake_boosty.base_url
    )
    auth = sync_client._auth
    fake_boosty.inject(Fault.delay(0.2), path="/oauth/token/")  # the refresh stays in flight while others arrive

    async def tasks(n: int) -> list[Any]:
        async with AsyncBoosty(base_url=fake_boosty.base_url) as async_client:
            async_client._auth = auth
            return list(await asyncio.gather(*(async_client.current_user() for _ in range(n))))

    with sync_client:
        if kind == "threads_and_tasks":
            threads = [asyncio.to_thread(sync_client.current_user) for _ in range(4)]
            users = await asyncio.gather(tasks(20), *threads)
            found = [*users[0], *users[1:]]
        else:
            barrier = threading.Barrier(2)

            def in_own_loop() -> list[Any]:
                barrier.wait()
                return asyncio.run(tasks(10))

            with ThreadPoolExecutor(2) as pool:
                found = [user for future in [pool.submit(in_own_loop) for _ in range(2)] for user in future.result()]
    assert len(found) == (24 if kind == "threads_and_tasks" else 20)
    assert {u.id for u in found} == {OWNER}
    assert refreshes(fake_boosty) == 1 and fake_boosty.refresh_count == 1


class RotatingServer:
    """A token endpoint that rotates the pair as a refresh arrives and answers when told to."""

    def __init__(self) -> None:
        self.arrived, self.answer = asyncio.Event(), asyncio.Event()
        self.numbers = itertools.count(2)
        self.refresh_tokens, self.access_tokens = {"r1"}, {"a0"}
        self.refreshed: list[str] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token/":
            spent = dict(parse_qsl(request.content.decode()))["refresh_token"]
            self.refreshed.append(spent)
            if spent not in self.refresh_tokens:
                return httpx.Response(400, json={"error": "invalid_grant", "error_description": "spent"})
            self.refresh_tokens.discard(spent)
            n = next(self.numbers)
            self.refresh_tokens.add(f"r{n}")
            self.access_tokens.add(f"a{n}")
            self.arrived.set()
            await self.answer.wait()
            return httpx.Response(200, json={"access_token": f"a{n}", "refresh_token": f"r{n}", "expires_in": 3600})
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return httpx.Response(200 if token in self.access_tokens else 401, json={})

    def client(self, storage: MemoryTokenStorage) -> AsyncBoosty:
        return AsyncBoosty(
            credentials=Credentials("a0", "r1", "d", expires_at=time.time() - 5),
            token_storage=storage,
            sender=AsyncSender(transport=httpx.MockTransport(self)),
        )


async def test_cancelled_call_does_not_lose_a_refresh_in_flight() -> None:
    """The server rotates the pair as the refresh arrives; cancelling the caller must not drop the answer."""
    server, storage = RotatingServer(), MemoryTokenStorage()
    async with server.client(storage) as client:
        call = asyncio.ensure_future(client.request("GET", "/v1/user/current"))
        await server.arrived.wait()  # the refresh token is spent on the server now
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        server.answer.set()
        response = await client.request("GET", "/v1/user/current")
    assert response.status_code == 200
    assert server.refreshed == ["r1"]  # one refresh, its answer kept
    saved = storage.load()
    assert saved is not None and saved.refresh_token == "r2" and saved.access_token == "a2"
    assert response.request.headers["Authorization"] == "Bearer a2"


async def test_waiter_cancelled_during_a_refresh_does_not_hold_up_the_others() -> None:
    server, storage = RotatingServer(), MemoryTokenStorage()
    async with server.client(storage) as client:
        first = asyncio.ensure_future(client.request("GET", "/v1/user/current"))
        await server.arrived.wait()
        quitter = asyncio.ensure_future(client.request("GET", "/v1/user/current"))
        patient = asyncio.ensure_future(client.request("GET", "/v1/user/current"))
        for _ in range(3):
            await asyncio.sleep(0)  # both are now waiting for the refresh in flight
        quitter.cancel()
        server.answer.set()
        done = await asyncio.wait_for(asyncio.gather(first, patient), 10)  # a wedged lock would hang here
        with pytest.raises(asyncio.CancelledError):
            await quitter
        later = await client.request("GET", "/v1/user/current")
    assert [r.status_code for r in (*done, later)] == [200, 200, 200]
    assert server.refreshed == ["r1"]


class CountingStorage(MemoryTokenStorage):
    """Counts its reads (each may be a file lock or a network round trip)."""

    loads = 0

    def load(self) -> Credentials | None:
        self.loads += 1
        return super().load()


async def test_waiters_of_a_refresh_do_not_read_the_storage_again() -> None:
    """Tasks that wait for a refresh in flight take its pair as it is: no storage read of their own."""
    server, storage = RotatingServer(), CountingStorage()
    async with server.client(storage) as client:
        first = asyncio.ensure_future(client.request("GET", "/v1/user/current"))
        await server.arrived.wait()
        storage.loads = 0  # the refresh in flight has read it
        others = [asyncio.ensure_future(client.request("GET", "/v1/user/current")) for _ in range(4)]
        for _ in range(5):
            await asyncio.sleep(0)  # the four wait for the refresh
        server.answer.set()
        responses = await asyncio.gather(first, *others)
    assert [r.status_code for r in responses] == [200] * 5
    assert storage.loads == 0 and server.refreshed == ["r1"]


async def test_401_for_an_already_replaced_token_is_just_resent(
    mode: str, make_client: Callable[..., Client], fake_boosty: FakeBoosty
) -> None:
    client = make_client(credentials=issue(fake_boosty, expires_in=None))
    fake_boosty.expire_access_tokens()
    # The slow request's 401 arrives while (or after) the fast one refreshes the pair.
    fake_boosty.inject(Fault.delay(0.2), path="/v1/user/subscriptions", count=1)
    if mode == "async":
        users, subs = await asyncio.gather(client.current_user(), client.user_subscriptions())
    else:
        with ThreadPoolExecutor(2) as pool:
            slow = pool.submit(client.user_subscriptions)
            users, subs = client.current_user(), slow.result()
    assert users.id == OWNER and subs is not None
    assert refreshes(fake_boosty) == 1
    slow_calls = calls(fake_boosty, "/v1/user/subscriptions")
    assert [r.status for r in slow_calls] == [401, 200]

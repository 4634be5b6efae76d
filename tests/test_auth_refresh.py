"""Refreshing credentials against the fake Boosty over a socket, in sync and async mode.

Proactive refresh, one refresh and one resend on 401, rotation saved before use, failures,
single flight across 200 tasks or 8 threads, resuming from storages.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from boosty import (
    AsyncBoosty,
    AsyncSender,
    AuthError,
    Boosty,
    Credentials,
    EnvTokenStorage,
    FileTokenStorage,
    MemoryTokenStorage,
    RetryingSender,
    TokenStorageError,
    Unauthorised,
)
from boosty.testing import FakeBoosty, Fault

from .conftest import concrete, resolve

pytestmark = pytest.mark.anyio

Client = Any  # Boosty | AsyncBoosty
OWNER = 424242  # the seeded world's owner


@pytest.fixture
async def make_client(mode: str, fake_boosty: FakeBoosty) -> AsyncIterator[Callable[..., Client]]:
    """Builds clients on the fake in the test's mode and closes them afterwards."""
    made: list[Client] = []

    def make(**kwargs: Any) -> Client:
        kwargs.setdefault("base_url", fake_boosty.base_url)
        client = AsyncBoosty(**kwargs) if mode == "async" else Boosty(**kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        if client.is_async:
            await client.aclose()
        else:
            client.close()


def issue(fake: FakeBoosty, user: str = "owner", expires_in: float | None = 3600.0) -> Credentials:
    """Credentials the fake accepts; ``expires_at`` as the client will believe it."""
    tokens = fake.issue_tokens(user)
    expires_at = None if expires_in is None else time.time() + expires_in
    return Credentials(tokens["access_token"], tokens["refresh_token"], tokens["device_id"], expires_at)


def calls(fake: FakeBoosty, path: str, method: str = "GET") -> list[Any]:
    return [r for r in fake.requests if r.path == path and r.method == method]


def refreshes(fake: FakeBoosty) -> int:
    return len(calls(fake, "/oauth/token/", "POST"))


class FlakyStorage(MemoryTokenStorage):
    """A storage whose disk is full while ``broken`` is set."""

    def __init__(self, credentials: Credentials | None = None) -> None:
        super().__init__(credentials)
        self.broken = False
        self.saves = 0

    def save(self, credentials: Credentials) -> None:
        if self.broken:
            raise TokenStorageError("disk full")
        self.saves += 1
        super().save(credentials)


# -- proactive refresh ------------------------------------------------------------


async def test_refreshes_ahead_of_expiry_and_saves_the_rotated_pair(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty
) -> None:
    old = issue(fake_boosty, expires_in=30)  # inside the default 60 s margin
    storage = MemoryTokenStorage()
    client = make_client(credentials=old, token_storage=storage)
    before = time.time()
    user = await resolve(client.current_user())
    after = time.time()
    assert user.id == OWNER
    assert [(r.method, r.path) for r in fake_boosty.requests] == [
        ("POST", "/oauth/token/"),
        ("GET", "/v1/user/current"),
    ]
    new = storage.load()
    assert new is not None and new.refresh_token != old.refresh_token and new.access_token != old.access_token
    assert new.device_id == old.device_id
    assert new.expires_at is not None and before + 3600 <= new.expires_at <= after + 3600
    assert fake_boosty.requests[1].authorized and fake_boosty.requests[1].user_id == OWNER
    assert client._auth.credentials == new


async def test_fresh_token_is_not_refreshed(make_client: Callable[..., Client], fake_boosty: FakeBoosty) -> None:
    client = make_client(credentials=issue(fake_boosty, expires_in=120))  # outside the margin
    await resolve(client.current_user())
    await resolve(client.current_user())
    assert refreshes(fake_boosty) == 0
    assert len(calls(fake_boosty, "/v1/user/current")) == 2


async def test_refresh_margin_is_configurable(make_client: Callable[..., Client], fake_boosty: FakeBoosty) -> None:
    client = make_client(credentials=issue(fake_boosty, expires_in=120))
    client._auth.refresh_margin = 300.0
    await resolve(client.current_user())
    assert refreshes(fake_boosty) == 1


async def test_failed_refresh_ahead_of_expiry_falls_back_to_the_still_valid_token(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(credentials=issue(fake_boosty, expires_in=30))
    fake_boosty.revoke_refresh_tokens()
    user = await resolve(client.current_user())
    assert user.id == OWNER
    assert refreshes(fake_boosty) == 1
    assert any("token refresh failed" in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)


async def test_any_failed_refresh_ahead_of_expiry_falls_back_to_the_still_valid_token(
    mode: str, make_client: Callable[..., Client], fake_boosty: FakeBoosty
) -> None:
    # A retrying chain turns the refresh's final 429 into TooManyRequests, not an AuthError.
    client = make_client(
        credentials=issue(fake_boosty, expires_in=30), sender=RetryingSender(0, concrete(mode), max_429_attempts=1)
    )
    fake_boosty.inject(Fault.rate_limit(0), path="/oauth/token/")
    user = await resolve(client.current_user())
    assert user.id == OWNER
    assert refreshes(fake_boosty) == 1


# -- 401: one refresh, one resend -------------------------------------------------


class WitnessStorage(MemoryTokenStorage):
    """Notes what the fake had served when each pair was saved."""

    def __init__(self, fake: FakeBoosty) -> None:
        super().__init__()
        self.fake = fake
        self.seen: list[list[tuple[str, str, int | None]]] = []

    def save(self, credentials: Credentials) -> None:
        self.seen.append([(r.method, r.path, r.status) for r in self.fake.requests])
        super().save(credentials)


async def test_401_refreshes_once_and_resends(make_client: Callable[..., Client], fake_boosty: FakeBoosty) -> None:
    storage = WitnessStorage(fake_boosty)
    client = make_client(credentials=issue(fake_boosty, expires_in=None), token_storage=storage)
    fake_boosty.expire_access_tokens()
    user = await resolve(client.current_user())
    assert user.id == OWNER
    assert [(r.method, r.path, r.status) for r in fake_boosty.requests] == [
        ("GET", "/v1/user/current", 401),
        ("POST", "/oauth/token/", 200),
        ("GET", "/v1/user/current", 200),
    ]
    assert fake_boosty.refresh_count == 1
    assert storage.load() == client._auth.credentials
    # Saved before use: when the new pair was saved, nothing had been sent with it yet.
    assert storage.seen[-1] == [("GET", "/v1/user/current", 401), ("POST", "/oauth/token/", 200)]


async def test_second_401_raises_unauthorised_without_a_loop(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty
) -> None:
    client = make_client(credentials=issue(fake_boosty, expires_in=None))
    fake_boosty.inject(Fault.status(401, error="unauthorized", description="nope"), path="/v1/user/current")
    with pytest.raises(Unauthorised):
        await resolve(client.current_user())
    assert [(r.method, r.path) for r in fake_boosty.requests] == [
        ("GET", "/v1/user/current"),
        ("POST", "/oauth/token/"),
        ("GET", "/v1/user/current"),
    ]


async def test_401_to_a_post_refreshes_but_does_not_resend(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty
) -> None:
    old = issue(fake_boosty, expires_in=None)
    client = make_client(credentials=old)
    fake_boosty.inject(Fault.status(401, error="unauthorized"), path="/v1/blog/demo/post/", method="POST", count=1)
    with pytest.raises(Unauthorised):
        await resolve(client.request("POST", "/v1/blog/demo/post/", data={"title": "x"}))
    assert len(calls(fake_boosty, "/v1/blog/demo/post/", "POST")) == 1
    assert fake_boosty.refresh_count == 1
    assert client._auth.credentials.access_token != old.access_token  # the next call will work


async def test_static_token_is_never_refreshed(make_client: Callable[..., Client], fake_boosty: FakeBoosty) -> None:
    client = make_client(token=fake_boosty.issue_tokens("owner")["access_token"])
    fake_boosty.expire_access_tokens()
    with pytest.raises(Unauthorised):
        await resolve(client.current_user())
    assert refreshes(fake_boosty) == 0


async def test_credentials_without_refresh_token_surface_the_401(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty
) -> None:
    client = make_client(credentials=Credentials(fake_boosty.issue_tokens("owner")["access_token"]))
    fake_boosty.expire_access_tokens()
    with pytest.raises(Unauthorised):
        await resolve(client.current_user())
    assert refreshes(fake_boosty) == 0


# -- failures -----------------------------------------------------------------------


async def test_rejected_refresh_raises_auth_error_and_keeps_the_stored_pair(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty, tmp_path: Path
) -> None:
    storage = FileTokenStorage(tmp_path / "credentials.json")
    old = issue(fake_boosty, expires_in=-10)
    client = make_client(credentials=old, token_storage=storage)
    fake_boosty.revoke_refresh_tokens()
    with pytest.raises(AuthError) as info:
        await resolve(client.current_user())
    assert info.value.error == "invalid_grant"
    assert "invalid_grant" in str(info.value) and "400" in str(info.value)
    assert old.refresh_token not in str(info.value)
    assert storage.load() == old
    assert calls(fake_boosty, "/v1/user/current") == []  # no request with an expired token


async def test_refresh_server_error_is_an_auth_error_without_the_body(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty
) -> None:
    old = issue(fake_boosty, expires_in=-10)
    client = make_client(credentials=old)
    fake_boosty.inject(Fault.status(502, body=f"<title>echo {old.refresh_token}</title>".encode()), path="/oauth/*")
    with pytest.raises(AuthError, match="HTTP 502") as info:
        await resolve(client.current_user())
    assert old.refresh_token not in str(info.value) and old.refresh_token not in repr(info.value)


async def test_save_failure_surfaces_and_keeps_the_previous_pair(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty
) -> None:
    old = issue(fake_boosty, expires_in=None)
    storage = FlakyStorage()
    client = make_client(credentials=old, token_storage=storage)
    storage.broken = True
    fake_boosty.expire_access_tokens()
    with pytest.raises(TokenStorageError, match="disk full"):
        await resolve(client.current_user())
    assert storage.load() == old  # the previous pair is intact
    assert fake_boosty.refresh_count == 1
    # The new pair was never used: one GET (the 401), no resend.
    assert len(calls(fake_boosty, "/v1/user/current")) == 1
    with pytest.raises(TokenStorageError):  # still unsaved: fail closed, no second refresh
        await resolve(client.current_user())
    assert refreshes(fake_boosty) == 1 and len(calls(fake_boosty, "/v1/user/current")) == 1
    storage.broken = False
    user = await resolve(client.current_user())  # the kept pair is saved, then used
    assert user.id == OWNER
    saved = storage.load()
    assert saved is not None and saved.refresh_token != old.refresh_token
    assert refreshes(fake_boosty) == 1


async def test_read_only_storage_never_burns_the_refresh_token(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty
) -> None:
    creds = issue(fake_boosty, expires_in=10)  # inside the margin, but env storage cannot keep a new pair
    environ = {
        "BOOSTY_ACCESS_TOKEN": creds.access_token,
        "BOOSTY_REFRESH_TOKEN": creds.refresh_token,
        "BOOSTY_DEVICE_ID": creds.device_id,
        "BOOSTY_EXPIRES_AT": str(creds.expires_at),
    }
    client = make_client(token_storage=EnvTokenStorage(environ))
    assert (await resolve(client.current_user())).id == OWNER
    fake_boosty.expire_access_tokens()
    with pytest.raises(TokenStorageError, match="read-only") as info:
        await resolve(client.current_user())
    assert creds.access_token not in str(info.value)
    assert refreshes(fake_boosty) == 0
    # The refresh token is still good for a writable storage.
    resumed = make_client(credentials=EnvTokenStorage(environ).load(), token_storage=MemoryTokenStorage())
    fake_boosty.expire_access_tokens()
    assert (await resolve(resumed.current_user())).id == OWNER


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


# -- storages and resuming ---------------------------------------------------------


async def test_credentials_are_imported_into_storage_and_resumed(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty, tmp_path: Path
) -> None:
    path = tmp_path / "credentials.json"
    old = issue(fake_boosty, expires_in=-1)
    make_client(credentials=old, token_storage=FileTokenStorage(path))
    assert FileTokenStorage(path).load() == old  # saved at once
    first = make_client(token_storage=FileTokenStorage(path))
    assert (await resolve(first.current_user())).id == OWNER  # refreshes, rotates, persists
    rotated = FileTokenStorage(path).load()
    assert rotated is not None and rotated.refresh_token != old.refresh_token
    second = make_client(token_storage=FileTokenStorage(path))  # resumes from the rotated pair
    fake_boosty.expire_access_tokens()
    assert (await resolve(second.current_user())).id == OWNER
    assert fake_boosty.refresh_count == 2


async def test_pair_rotated_by_another_client_is_adopted(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty, tmp_path: Path
) -> None:
    path = tmp_path / "credentials.json"
    FileTokenStorage(path).save(issue(fake_boosty, expires_in=None))
    a = make_client(token_storage=FileTokenStorage(path))
    b = make_client(token_storage=FileTokenStorage(path))
    fake_boosty.expire_access_tokens()
    assert (await resolve(a.current_user())).id == OWNER  # a refreshes: b's refresh token is now dead
    assert (await resolve(b.current_user())).id == OWNER  # b takes a's pair instead of refreshing
    assert fake_boosty.refresh_count == 1 and refreshes(fake_boosty) == 1


async def test_empty_storage_is_anonymous(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty, tmp_path: Path
) -> None:
    client = make_client(token_storage=FileTokenStorage(tmp_path / "none.json"))
    blog = await resolve(client.blog("demo"))
    assert blog.blog_url == "demo"
    assert "authorization" not in fake_boosty.requests[0].headers
    with pytest.raises(Unauthorised):
        await resolve(client.current_user())


async def test_corrupt_storage_fails_at_construction(mode: str, tmp_path: Path) -> None:
    path = tmp_path / "credentials.json"
    path.write_text("{oops")
    with pytest.raises(TokenStorageError, match="corrupt") as info:
        AsyncBoosty(token_storage=FileTokenStorage(path)) if mode == "async" else Boosty(
            token_storage=FileTokenStorage(path)
        )
    assert str(path) in str(info.value)


def test_argument_errors() -> None:
    creds = Credentials("a", "r", "d")
    with pytest.raises(ValueError, match="not both"):
        Boosty(token="t", credentials=creds)
    with pytest.raises(TypeError, match="Credentials"):
        Boosty(credentials={"access_token": "a"})
    with pytest.raises(TypeError, match="load"):
        Boosty(token_storage=object())

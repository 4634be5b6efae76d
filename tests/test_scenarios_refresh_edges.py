"""More RefreshingAuth scenarios (issue #15, mutation testing), sync and async, at the transport
boundary: the refresh request on the wire, a storage's ``refresh_lock``, the pair another process
stored, and the refresh lock handed between threads and event loops."""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import filelock
import httpx
import pytest
import respx

from boosty import (
    AsyncBoosty,
    AsyncSender,
    AuthError,
    Boosty,
    Credentials,
    FileTokenStorage,
    MemoryTokenStorage,
    TokenStorageError,
    Unauthorised,
)

from ._refresh_wire import API, TOKEN_URL, USER, USER_URL
from .conftest import resolve

pytestmark = pytest.mark.anyio


def expired(name: str) -> Credentials:
    return Credentials(f"{name}-access", f"{name}-refresh", "device-1", expires_at=1.0)


@pytest.fixture
async def make_client(mode: str) -> AsyncIterator[Callable[..., Any]]:
    made: list[Any] = []

    def make(**kwargs: Any) -> Any:
        cls: Any = AsyncBoosty if mode == "async" else Boosty
        kwargs.setdefault("base_url", API)
        client = cls(**kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        await resolve(client.aclose() if client.is_async else client.close())


# -- the refresh request on the wire -------------------------------------------------------------


@pytest.mark.parametrize("base_url", [API, API + "/", API + "//"])
async def test_refresh_request_is_a_form_post_asking_for_json(make_client: Callable[..., Any], base_url: str) -> None:
    """``POST {base_url}/oauth/token/`` (one slash, whatever ``base_url`` ends with), asking
    for JSON, with the form Boosty's web client sends."""
    client = make_client(base_url=base_url, credentials=expired("old"))
    with respx.mock(assert_all_called=True) as mock:
        token = mock.post(TOKEN_URL).respond(json={"access_token": "new-access", "expires_in": 3600})
        mock.get(USER_URL).respond(json=USER)
        await resolve(client.current_user())
    assert token.call_count == 1
    sent = token.calls[0].request
    assert sent.method == "POST" and str(sent.url) == TOKEN_URL
    assert sent.headers["accept"] == "application/json"
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert dict(httpx.QueryParams(sent.content.decode())) == {
        "device_id": "device-1",
        "device_os": "web",
        "grant_type": "refresh_token",
        "refresh_token": "old-refresh",
    }


# -- the storage's cross-process refresh lock ----------------------------------------------------


async def test_file_storage_lock_is_held_across_the_refresh(make_client: Callable[..., Any], tmp_path: Path) -> None:
    """``FileTokenStorage.refresh_lock()`` is held while the refresh is in flight (another
    process could not take it) and free again once the new pair is saved."""
    storage = FileTokenStorage(tmp_path / "tokens.json", lock_timeout=0.1)
    storage.save(expired("old"))
    other = filelock.FileLock(str(tmp_path / "tokens.json.lock"), thread_local=False)
    held: list[bool] = []

    def refresh(request: httpx.Request) -> httpx.Response:
        try:
            other.acquire(timeout=0)
        except filelock.Timeout:
            held.append(True)
        else:
            other.release()
            held.append(False)
        return httpx.Response(200, json={"access_token": "new-access", "expires_in": 3600})

    client = make_client(token_storage=storage)
    with respx.mock(assert_all_called=True) as mock:
        mock.post(TOKEN_URL).mock(side_effect=refresh)
        mock.get(USER_URL).respond(json=USER)
        await resolve(client.current_user())
    assert held == [True]
    with other.acquire(timeout=0):  # released after the save
        stored = storage.load()
    assert stored is not None and stored.access_token == "new-access"


async def test_refresh_lock_held_by_another_process_sends_no_refresh(
    make_client: Callable[..., Any], tmp_path: Path
) -> None:
    storage = FileTokenStorage(tmp_path / "tokens.json", lock_timeout=0.1)
    storage.save(expired("old"))
    client = make_client(token_storage=storage)
    with respx.mock(assert_all_called=False) as mock:
        token = mock.post(TOKEN_URL).respond(json={"access_token": "new-access"})
        user = mock.get(USER_URL).respond(json=USER)
        with filelock.FileLock(str(tmp_path / "tokens.json.lock")), pytest.raises(TokenStorageError, match="lock"):
            await resolve(client.current_user())
    assert not token.called and not user.called
    assert storage.load() == expired("old")


# -- the pair another process stored -----------------------------------------------------------


async def test_anonymous_client_adopts_a_pair_stored_since_on_a_401(make_client: Callable[..., Any]) -> None:
    """A client started without credentials; someone logs in and stores a pair; the API's 401
    makes the client resend with that pair, without a refresh."""
    storage = MemoryTokenStorage()
    client = make_client(token_storage=storage)
    stored = Credentials("theirs-access", "theirs-refresh", "device-1", expires_at=None)
    with respx.mock(assert_all_called=False) as mock:
        token = mock.post(TOKEN_URL).respond(json={"access_token": "x"})
        user = mock.get(USER_URL).mock(side_effect=[httpx.Response(401), httpx.Response(200, json=USER)])
        storage.save(stored)
        assert (await resolve(client.current_user())).id == 1
    assert [call.request.headers.get("authorization") for call in user.calls] == [None, "Bearer theirs-access"]
    assert not token.called and client._auth.credentials == stored


async def test_401_with_a_stored_pair_of_the_same_access_token_refreshes_with_the_stored_refresh_token(
    make_client: Callable[..., Any],
) -> None:
    """The storage holds our refused access token with another refresh token (rotated and
    re-imported): the access token is not resent; the refresh spends the stored refresh token."""
    storage = MemoryTokenStorage()
    client = make_client(credentials=Credentials("old-access", "old-refresh", "device-1"), token_storage=storage)
    storage.save(Credentials("old-access", "newer-refresh", "device-1"))
    with respx.mock(assert_all_called=True) as mock:
        token = mock.post(TOKEN_URL).respond(json={"access_token": "new-access", "expires_in": 3600})
        user = mock.get(USER_URL).mock(side_effect=[httpx.Response(401), httpx.Response(200, json=USER)])
        assert (await resolve(client.current_user())).id == 1
    assert [dict(httpx.QueryParams(c.request.content.decode()))["refresh_token"] for c in token.calls] == [
        "newer-refresh"
    ]
    assert [call.request.headers["authorization"] for call in user.calls] == ["Bearer old-access", "Bearer new-access"]
    saved = storage.load()
    assert saved is not None and (saved.access_token, saved.refresh_token) == ("new-access", "newer-refresh")


async def test_expiring_pair_with_an_expiring_stored_pair_refreshes_the_stored_one(
    make_client: Callable[..., Any],
) -> None:
    storage = MemoryTokenStorage()
    client = make_client(credentials=expired("old"), token_storage=storage)
    storage.save(expired("theirs"))
    with respx.mock(assert_all_called=True) as mock:
        token = mock.post(TOKEN_URL).respond(json={"access_token": "new-access", "expires_in": 3600})
        user = mock.get(USER_URL).respond(json=USER)
        await resolve(client.current_user())
    assert [dict(httpx.QueryParams(c.request.content.decode()))["refresh_token"] for c in token.calls] == [
        "theirs-refresh"
    ]
    assert [call.request.headers["authorization"] for call in user.calls] == ["Bearer new-access"]


# -- the refresh lock handed between threads and event loops ---------------------------------------


class Server:
    """Boosty's side for respx: each refresh issues ``a1``, ``a2``... (the first refresh waits
    for ``go``); the API accepts only the latest access token, until :meth:`expire`."""

    def __init__(self) -> None:
        self.arrived, self.go = threading.Event(), threading.Event()
        self.issued: list[str] = []
        self.valid: str | None = None

    def refresh(self, request: httpx.Request) -> httpx.Response:
        self.arrived.set()
        if not self.issued:
            self.go.wait(5)
        token = f"a{len(self.issued) + 1}"
        self.issued.append(token)
        self.valid = token
        return httpx.Response(200, json={"access_token": token, "refresh_token": f"r-{token}", "expires_in": 3600})

    def api(self, request: httpx.Request) -> httpx.Response:
        ok = request.headers.get("authorization") == f"Bearer {self.valid}"
        return httpx.Response(200, json=USER) if ok else httpx.Response(401)

    def expire(self) -> None:
        self.valid = None

    def mock(self) -> respx.MockRouter:
        router = respx.mock(assert_all_called=False)
        router.post(TOKEN_URL).mock(side_effect=self.refresh)
        router.get(USER_URL).mock(side_effect=self.api)
        return router


class Interrupted(Exception):
    """Raised by a signal handler in the main thread, like ``KeyboardInterrupt``."""


def finishes(call: Callable[[], Any], seconds: float = 5.0) -> Any:
    """``call()`` run in a daemon thread; fails if it is still blocked after ``seconds``."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked: the refresh lock was never released"
    return result[0]


@pytest.mark.parametrize("lock_arrived", [False, True], ids=["while_waiting", "as_the_lock_arrives"])
def test_thread_interrupted_waiting_for_the_refresh_leaves_the_lock_usable(lock_arrived: bool) -> None:
    """The main thread waits for another thread's refresh and a signal handler raises there
    (Ctrl-C): before the lock reaches it or just as it does. The refresh goes on, and the next
    refresh (after a 401) is not blocked by a waiter that left."""
    server = Server()
    client = Boosty(base_url=API, credentials=expired("old"))
    first: list[Any] = []
    thread = threading.Thread(target=lambda: first.append(client.current_user()), daemon=True)

    def handler(signum: int, frame: object) -> None:
        if lock_arrived:
            server.go.set()
            thread.join(5)  # the refresh is done and its lock handed to this (main) thread
        raise Interrupted

    previous = signal.signal(signal.SIGUSR1, handler)
    try:
        with server.mock(), client:
            thread.start()
            assert server.arrived.wait(5)
            threading.Timer(0.3, signal.pthread_kill, (threading.main_thread().ident, signal.SIGUSR1)).start()
            with pytest.raises(Interrupted):
                client.current_user()  # waits for the lock
            server.go.set()
            thread.join(5)
            assert [user.id for user in first] == [1]
            server.expire()
            assert finishes(client.current_user).id == 1
    finally:
        signal.signal(signal.SIGUSR1, previous)
    assert server.issued == ["a1", "a2"]


async def test_waiter_whose_event_loop_closed_does_not_keep_the_refresh_lock() -> None:
    """A task of another event loop waits for a thread's refresh, gives up (timeout) and its
    loop closes. The lock then passes over that loop (nobody waits there any more)."""
    server = Server()
    client = Boosty(base_url=API, credentials=expired("old"))
    first: list[Any] = []
    thread = threading.Thread(target=lambda: first.append(client.current_user()), daemon=True)

    async def impatient() -> None:
        async with AsyncBoosty(base_url=API) as other:
            other._auth = client._auth  # the same RefreshingAuth, driven from this loop
            await asyncio.wait_for(other.current_user(), 0.3)

    with server.mock(), client:
        thread.start()
        assert server.arrived.wait(5)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.to_thread(asyncio.run, impatient())  # that loop is closed when this returns
        server.go.set()
        thread.join(5)
        assert [user.id for user in first] == [1]
        server.expire()
        assert finishes(client.current_user).id == 1
    assert server.issued == ["a1", "a2"]


async def test_task_cancelled_as_the_refresh_lock_reaches_it_passes_it_on() -> None:
    """Task B waits for task A's refresh; B is cancelled in the very loop turn the lock is
    handed to it. B passes the lock on, so the next refresh is not blocked."""
    arrived, go = asyncio.Event(), asyncio.Event()
    issued: list[str] = []
    cancel_waiter: list[asyncio.Future[Any]] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token/":
            arrived.set()
            if not issued:
                await go.wait()
            issued.append(f"a{len(issued) + 1}")
            return httpx.Response(200, json={"access_token": issued[-1], "expires_in": 3600})
        if request.headers.get("authorization") != f"Bearer {issued[-1] if issued else ''}":
            return httpx.Response(401)
        while cancel_waiter:  # A's request, sent as soon as A's refresh handed the lock to B
            cancel_waiter.pop().cancel()
        return httpx.Response(200, json=USER)

    client = AsyncBoosty(
        base_url=API, credentials=expired("old"), sender=AsyncSender(transport=httpx.MockTransport(handler))
    )
    async with client:
        a = asyncio.ensure_future(client.current_user())
        await arrived.wait()
        b = asyncio.ensure_future(client.current_user())
        for _ in range(3):
            await asyncio.sleep(0)  # B now waits for the lock
        cancel_waiter.append(b)
        go.set()
        assert (await a).id == 1
        with pytest.raises(asyncio.CancelledError):
            await b
        issued.append("expired")  # a1 is refused from now on: the next call refreshes again
        assert (await asyncio.wait_for(client.current_user(), 5)).id == 1
    assert issued == ["a1", "expired", "a3"]


class LoopServer:
    """Boosty's side for an async client (``httpx.MockTransport``): refresh ``n`` issues
    ``an`` (the first waits for ``go``; each takes 20 turns of the loop); the API accepts the
    latest access token unless ``refused``. ``spent``: the refresh tokens sent, in order."""

    def __init__(self, refused: tuple[str, ...] = ()) -> None:
        self.arrived, self.go = asyncio.Event(), asyncio.Event()
        self.spent: list[str] = []
        self.refused = set(refused)

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token/":
            self.spent.append(dict(httpx.QueryParams(request.content.decode()))["refresh_token"])
            self.arrived.set()
            if len(self.spent) == 1:
                await self.go.wait()
            for _ in range(20):
                await asyncio.sleep(0)  # Boosty takes a moment: other tasks run meanwhile
            token = f"a{len(self.spent)}"
            return httpx.Response(200, json={"access_token": token, "refresh_token": f"r-{token}", "expires_in": 3600})
        bearer = request.headers.get("authorization", "")
        if bearer != f"Bearer a{len(self.spent)}" or bearer.removeprefix("Bearer ") in self.refused:
            return httpx.Response(401)
        return httpx.Response(200, json=USER)

    def client(self) -> AsyncBoosty:
        return AsyncBoosty(
            base_url=API, credentials=expired("old"), sender=AsyncSender(transport=httpx.MockTransport(self))
        )


async def test_waiter_cancelled_while_waiting_does_not_let_the_next_one_in_early() -> None:
    """B and C wait for A's refresh; B is cancelled and its task ends before the refresh is
    answered. C must go on waiting (and then use A's pair), not refresh beside A."""
    server = LoopServer()
    async with server.client() as client:
        a = asyncio.ensure_future(client.current_user())
        await server.arrived.wait()
        b, c = asyncio.ensure_future(client.current_user()), asyncio.ensure_future(client.current_user())
        for _ in range(3):
            await asyncio.sleep(0)  # B and C wait for the lock
        b.cancel()
        for _ in range(10):
            await asyncio.sleep(0)  # B has left; the refresh is still in flight
        server.go.set()
        users = await asyncio.wait_for(asyncio.gather(a, c), 5)
        with pytest.raises(asyncio.CancelledError):
            await b
    assert [user.id for user in users] == [1, 1]
    assert server.spent == ["old-refresh"]


async def test_lock_handed_to_a_waiter_stays_taken_until_that_waiter_is_done() -> None:
    """A's refresh ends and hands the lock to B; A's new token is refused at once (401), so A
    refreshes again, after B. B's own 401 then waits for that refresh instead of spending
    the same refresh token beside it."""
    server = LoopServer(refused=("a1",))
    async with server.client() as client:
        a = asyncio.ensure_future(client.current_user())
        await server.arrived.wait()
        b = asyncio.ensure_future(client.current_user())
        for _ in range(3):
            await asyncio.sleep(0)  # B waits for the lock
        server.go.set()
        users = await asyncio.wait_for(asyncio.gather(a, b), 5)
    assert [user.id for user in users] == [1, 1]
    assert server.spent == ["old-refresh", "r-a1"]


async def test_a_later_failed_refresh_is_shared_with_its_waiters_too() -> None:
    """After a good refresh, a 401 starts a second one that fails (500) while B waits for it:
    B gets that error, without a refresh of its own."""
    go, second = asyncio.Event(), asyncio.Event()
    spent: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token/":
            spent.append(dict(httpx.QueryParams(request.content.decode()))["refresh_token"])
            if len(spent) == 1:
                return httpx.Response(200, json={"access_token": "a1", "refresh_token": "r-a1", "expires_in": 3600})
            second.set()
            await go.wait()
            return httpx.Response(500)
        if request.url.params.get("n") == "first":
            return httpx.Response(200, json=USER)
        return httpx.Response(401)  # a1 is revoked after the first call

    client = AsyncBoosty(
        base_url=API, credentials=expired("old"), sender=AsyncSender(transport=httpx.MockTransport(handler))
    )
    async with client:
        await client.request("GET", "/v1/user/current", params={"n": "first"})
        a = asyncio.ensure_future(client.current_user())
        b = asyncio.ensure_future(client.current_user())
        await second.wait()
        for _ in range(10):
            await asyncio.sleep(0)  # B has had its 401 and waits for A's refresh
        go.set()
        results = await asyncio.gather(a, b, return_exceptions=True)
    assert [type(result) for result in results] == [AuthError, AuthError]
    assert spent == ["old-refresh", "r-a1"]


class SlowStorage(MemoryTokenStorage):
    """A storage whose ``load`` takes a while (a network store): the first load waits for
    ``gate``; the second waits up to 0.5 s for a third to start beside it. ``overlap`` is the
    most loads ever running at once."""

    def __init__(self) -> None:
        super().__init__()
        self.gate, self.second, self.third = threading.Event(), threading.Event(), threading.Event()
        self.loads = self.running = self.overlap = 0
        self.counting = False

    def load(self) -> Credentials | None:
        if not self.counting:
            return super().load()
        with self._lock:
            self.loads += 1
            number, self.running = self.loads, self.running + 1
            self.overlap = max(self.overlap, self.running)
        try:
            if number == 1:
                self.gate.wait(5)
            elif number == 2:
                self.second.set()
                self.third.wait(0.5)
            else:
                self.third.set()
            return super().load()
        finally:
            with self._lock:
                self.running -= 1


def test_thread_handed_the_lock_keeps_it_until_its_renewal_ends() -> None:
    """Three threads get a 401 for a token that cannot be refreshed; each renewal re-reads
    the storage under the refresh lock. The thread the lock is handed to keeps it while it
    reads: the third never reads beside it."""
    storage = SlowStorage()
    client = Boosty(base_url=API, credentials=Credentials("only-access", "", "device-1"), token_storage=storage)
    errors: list[BaseException] = []

    def call() -> None:
        try:
            client.current_user()
        except BaseException as exc:
            errors.append(exc)

    storage.counting = True
    with respx.mock(assert_all_called=True) as mock, client:
        mock.get(USER_URL).respond(401)
        first, second, third = (threading.Thread(target=call, daemon=True) for _ in range(3))
        first.start()
        second.start()
        time.sleep(0.3)  # the first reads the storage, the second waits for the lock
        storage.gate.set()
        assert storage.second.wait(5)  # the lock reached the second thread: it reads
        third.start()
        for thread in (first, second, third):
            thread.join(5)
    assert [type(error) for error in errors] == [Unauthorised] * 3
    assert storage.loads == 3 and storage.overlap == 1

"""RefreshingAuth scenarios a user would notice (issue #15, mutation testing), sync and async.

At the transport boundary (respx): the refresh margin capped at half the announced lifetime,
the exact requests after a 401 that cannot be refreshed, and a pair rotated by another
process kept rather than overwritten.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
import respx

from boosty import (
    AsyncBoosty,
    AsyncSender,
    AuthError,
    Boosty,
    Credentials,
    MemoryTokenStorage,
    TokenStorageError,
    Unauthorised,
)

from ._refresh_wire import API, TOKEN_URL, USER, USER_URL
from .conftest import resolve

pytestmark = pytest.mark.anyio


class Clock:
    """Unix seconds that a test moves by hand."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def pair(name: str, expires_in: float | None = 3600.0, now: float | None = None) -> Credentials:
    expires_at = None if expires_in is None else (time.time() if now is None else now) + expires_in
    return Credentials(f"{name}-access", f"{name}-refresh", "device-1", expires_at=expires_at)


def bearer(route: respx.Route) -> list[str]:
    return [call.request.headers.get("authorization", "") for call in route.calls]


class ReadOnlyStorage(MemoryTokenStorage):
    read_only = True


@pytest.fixture
async def make_client(mode: str) -> AsyncIterator[Callable[..., Any]]:
    made: list[Any] = []

    def make(clock: Clock | None = None, **kwargs: Any) -> Any:
        cls: Any = AsyncBoosty if mode == "async" else Boosty
        client = cls(base_url=API, **kwargs)
        if clock is not None:
            client._auth._clock = clock  # RefreshingAuth(clock=...): the time source for tests
        made.append(client)
        return client

    yield make
    for client in made:
        await resolve(client.aclose() if client.is_async else client.close())


# -- the refresh margin: at most half the announced lifetime -------------------------------------


async def test_short_lived_token_is_used_for_half_its_life_then_refreshed(make_client: Callable[..., Any]) -> None:
    """Boosty announces 40 s tokens, the margin is 60 s: each token is still used for 20 s
    (half its life) instead of being refreshed before every request."""
    clock = Clock()
    client = make_client(clock, credentials=pair("old", expires_in=30, now=clock.now))
    counter = iter(range(1, 100))
    with respx.mock(assert_all_called=True) as mock:
        token = mock.post(TOKEN_URL).mock(
            side_effect=lambda _: httpx.Response(
                200, json={"access_token": f"new{next(counter)}", "refresh_token": "r", "expires_in": 40}
            )
        )
        user = mock.get(USER_URL).respond(json=USER)
        await resolve(client.current_user())  # 30 s left, within 60: refreshed
        assert token.call_count == 1
        clock.now += 19  # 21 s left: more than half of 40
        await resolve(client.current_user())
        assert token.call_count == 1
        clock.now += 2  # 19 s left: within half of 40
        await resolve(client.current_user())
        assert token.call_count == 2
    assert bearer(user) == ["Bearer new1", "Bearer new1", "Bearer new2"]


async def test_long_lived_token_keeps_the_configured_margin(make_client: Callable[..., Any]) -> None:
    clock = Clock()
    client = make_client(clock, credentials=pair("old", expires_in=30, now=clock.now), refresh_margin=60)
    counter = iter(range(1, 100))
    with respx.mock(assert_all_called=True) as mock:
        token = mock.post(TOKEN_URL).mock(
            side_effect=lambda _: httpx.Response(
                200, json={"access_token": f"new{next(counter)}", "refresh_token": "r", "expires_in": 3600}
            )
        )
        mock.get(USER_URL).respond(json=USER)
        await resolve(client.current_user())
        clock.now += 3600 - 61  # 61 s left: outside the 60 s margin
        await resolve(client.current_user())
        assert token.call_count == 1
        clock.now += 2  # 59 s left
        await resolve(client.current_user())
    assert token.call_count == 2


# -- 401s that cannot be cured by a refresh ----------------------------------------------------


async def test_401_without_a_refresh_token_is_sent_once(make_client: Callable[..., Any]) -> None:
    client = make_client(credentials=Credentials("only-access", "", "device-1"))
    with respx.mock(assert_all_called=False) as mock:
        token = mock.post(TOKEN_URL).respond(json={"access_token": "x"})
        user = mock.get(USER_URL).respond(401)
        with pytest.raises(Unauthorised):
            await resolve(client.current_user())
    assert user.call_count == 1 and not token.called


async def test_expired_token_that_cannot_be_refreshed_is_sent_as_it_is(make_client: Callable[..., Any]) -> None:
    """No refresh token: nothing to renew, so no lock and no storage read before sending."""
    storage = MemoryTokenStorage()
    client = make_client(credentials=Credentials("only-access", "", "device-1", 1.0), token_storage=storage)
    storage.save(pair("theirs"))
    with respx.mock(assert_all_called=False) as mock:
        token = mock.post(TOKEN_URL).respond(json={"access_token": "x"})
        user = mock.get(USER_URL).respond(json=USER)
        await resolve(client.current_user())
    assert bearer(user) == ["Bearer only-access"] and not token.called


async def test_other_origin_gets_its_answer_and_no_credentials(make_client: Callable[..., Any]) -> None:
    client = make_client(credentials=pair("old", expires_in=-1))  # would be refreshed for the API
    with respx.mock(assert_all_called=True) as mock:
        cdn = mock.get("https://cdn.example.test/file").respond(200, content=b"bytes")
        response = await resolve(client.request("GET", "https://cdn.example.test/file"))
    assert (response.status_code, response.content) == (200, b"bytes")
    assert "authorization" not in cdn.calls[0].request.headers


async def test_401_with_a_read_only_storage_asks_for_a_writable_one(make_client: Callable[..., Any]) -> None:
    storage = ReadOnlyStorage(pair("stored", expires_in=None))
    client = make_client(token_storage=storage)
    with respx.mock(assert_all_called=False) as mock:
        token = mock.post(TOKEN_URL).respond(json={"access_token": "x"})
        user = mock.get(USER_URL).respond(401)
        with pytest.raises(TokenStorageError, match="ReadOnlyStorage is read-only and the rotated refresh token"):
            await resolve(client.current_user())
    assert user.call_count == 1 and not token.called
    assert storage.load() == pair("stored", expires_in=None)


async def test_expiring_token_with_a_read_only_storage_is_sent_unrefreshed(make_client: Callable[..., Any]) -> None:
    stored, storage = pair("stored", expires_in=10), ReadOnlyStorage()
    storage.save(stored)
    client = make_client(token_storage=storage)
    storage.save(pair("other", expires_in=10))  # not read: a read-only storage is never refreshed through
    with respx.mock(assert_all_called=False) as mock:
        token = mock.post(TOKEN_URL).respond(json={"access_token": "x"})
        user = mock.get(USER_URL).respond(json=USER)
        await resolve(client.current_user())
    assert bearer(user) == ["Bearer stored-access"] and not token.called


async def test_401_then_rejected_refresh_is_one_request_and_one_refresh(make_client: Callable[..., Any]) -> None:
    storage = MemoryTokenStorage()
    old = pair("old")
    client = make_client(credentials=old, token_storage=storage)
    with respx.mock(assert_all_called=False) as mock:
        token = mock.post(TOKEN_URL).respond(400, json={"error": "invalid_grant"})
        user = mock.get(USER_URL).respond(401)
        with pytest.raises(AuthError, match="invalid_grant"):
            await resolve(client.current_user())
        assert (user.call_count, token.call_count) == (1, 1)
        # invalid_grant is final for that refresh token: the next call's 401 raises the same
        # error without sending the refused refresh token again.
        with pytest.raises(AuthError, match="invalid_grant"):
            await resolve(client.current_user())
    assert (user.call_count, token.call_count) == (2, 1)
    assert storage.load() == old


async def test_second_401_after_a_refresh_is_not_refreshed_again(make_client: Callable[..., Any]) -> None:
    client = make_client(credentials=pair("old"))
    with respx.mock(assert_all_called=False) as mock:
        token = mock.post(TOKEN_URL).respond(json={"access_token": "new-access", "expires_in": 3600})
        user = mock.get(USER_URL).respond(401)
        with pytest.raises(Unauthorised):
            await resolve(client.current_user())
    assert bearer(user) == ["Bearer old-access", "Bearer new-access"]
    assert token.call_count == 1


# -- a pair rotated by another process -------------------------------------------------------


async def test_pair_rotated_during_our_refresh_is_kept(make_client: Callable[..., Any]) -> None:
    """Another process rotates the pair just before our refresh reaches Boosty: ours is refused
    (``invalid_grant``), theirs is adopted and kept in the storage, the GET resent with it."""
    storage = MemoryTokenStorage()
    theirs = pair("theirs")
    client = make_client(credentials=pair("old"), token_storage=storage)

    def refused(request: httpx.Request) -> httpx.Response:
        storage.save(theirs)  # the other process saved its pair first
        return httpx.Response(400, json={"error": "invalid_grant"})

    with respx.mock(assert_all_called=True) as mock:
        token = mock.post(TOKEN_URL).mock(side_effect=refused)
        user = mock.get(USER_URL).mock(side_effect=[httpx.Response(401), httpx.Response(200, json=USER)])
        assert (await resolve(client.current_user())).id == 1
    assert token.call_count == 1
    assert bearer(user) == ["Bearer old-access", "Bearer theirs-access"]
    assert storage.load() == theirs and client._auth.credentials == theirs


async def test_expiring_pair_rotated_elsewhere_is_refreshed_once_with_its_own_token(
    make_client: Callable[..., Any],
) -> None:
    storage = MemoryTokenStorage()
    theirs = pair("theirs", expires_in=5)
    client = make_client(credentials=pair("old", expires_in=5), token_storage=storage)
    answers = iter(
        [
            httpx.Response(400, json={"error": "invalid_grant"}),
            httpx.Response(200, json={"access_token": "fresh-access", "refresh_token": "fresh-refresh"}),
        ]
    )

    def refresh(request: httpx.Request) -> httpx.Response:
        if storage.load() != theirs:
            storage.save(theirs)
        return next(answers)

    with respx.mock(assert_all_called=True) as mock:
        token = mock.post(TOKEN_URL).mock(side_effect=refresh)
        user = mock.get(USER_URL).respond(json=USER)
        await resolve(client.current_user())
    sent = [dict(httpx.QueryParams(call.request.content.decode()))["refresh_token"] for call in token.calls]
    assert sent == ["old-refresh", "theirs-refresh"]
    assert bearer(user) == ["Bearer fresh-access"]
    new = storage.load()
    assert new is not None and (new.access_token, new.refresh_token) == ("fresh-access", "fresh-refresh")


async def test_other_refusals_do_not_adopt_the_stored_pair(make_client: Callable[..., Any]) -> None:
    """Only ``invalid_grant`` means "rotated elsewhere": a 500 leaves the storage's pair unused."""
    storage = MemoryTokenStorage()
    client = make_client(credentials=pair("old"), token_storage=storage)

    def failing(request: httpx.Request) -> httpx.Response:
        storage.save(pair("theirs"))
        return httpx.Response(500, json={"error": "server_error"})

    with respx.mock(assert_all_called=True) as mock:
        mock.post(TOKEN_URL).mock(side_effect=failing)
        user = mock.get(USER_URL).respond(401)
        with pytest.raises(AuthError, match="HTTP 500"):
            await resolve(client.current_user())
    assert bearer(user) == ["Bearer old-access"]
    assert client._auth.credentials.access_token == "old-access"


async def test_pair_already_in_the_storage_is_used_without_refreshing(make_client: Callable[..., Any]) -> None:
    """After a 401, a different pair found in the storage is tried before spending a refresh."""
    storage = MemoryTokenStorage()
    client = make_client(credentials=pair("old"), token_storage=storage)
    storage.save(pair("theirs"))
    with respx.mock(assert_all_called=False) as mock:
        token = mock.post(TOKEN_URL).respond(json={"access_token": "x"})
        user = mock.get(USER_URL).mock(side_effect=[httpx.Response(401), httpx.Response(200, json=USER)])
        await resolve(client.current_user())
    assert not token.called
    assert bearer(user) == ["Bearer old-access", "Bearer theirs-access"]


# -- what a refresh answer can say -------------------------------------------------------------


@pytest.mark.parametrize("body", [b'{"error": 42, "error_description": ["not", "text"]}', b"<h1>Bad</h1>", b"[1]"])
async def test_rejection_without_details_says_just_the_status(make_client: Callable[..., Any], body: bytes) -> None:
    client = make_client(credentials=pair("old", expires_in=-1))
    with respx.mock(assert_all_called=False) as mock:
        mock.post(TOKEN_URL).respond(500, content=body)
        mock.get(USER_URL).respond(json=USER)
        with pytest.raises(AuthError) as info:
            await resolve(client.current_user())
    assert str(info.value) == "token refresh rejected with HTTP 500"
    assert (info.value.error, info.value.error_description) == (None, None)


async def test_rejection_keeps_boostys_error_and_description(make_client: Callable[..., Any]) -> None:
    client = make_client(credentials=pair("old", expires_in=-1))
    with respx.mock(assert_all_called=False) as mock:
        mock.post(TOKEN_URL).respond(400, json={"error": "invalid_grant", "error_description": "token revoked"})
        with pytest.raises(AuthError) as info:
            await resolve(client.current_user())
    assert (info.value.error, info.value.error_description) == ("invalid_grant", "token revoked")
    assert str(info.value) == "token refresh rejected with HTTP 400: invalid_grant: token revoked"


@pytest.mark.parametrize("status", [199, 300])
async def test_answer_outside_2xx_is_a_rejection_even_with_a_token(
    make_client: Callable[..., Any], status: int
) -> None:
    storage, old = MemoryTokenStorage(), pair("old", expires_in=-1)
    client = make_client(credentials=old, token_storage=storage)
    with respx.mock(assert_all_called=False) as mock:
        mock.post(TOKEN_URL).respond(status, json={"access_token": "new-access", "expires_in": 3600})
        user = mock.get(USER_URL).respond(json=USER)
        with pytest.raises(AuthError, match=f"rejected with HTTP {status}$"):
            await resolve(client.current_user())
    assert not user.called and storage.load() == old


@pytest.mark.parametrize("field", ["device_id", "refresh_token"])
async def test_field_that_is_not_text_keeps_the_old_one(make_client: Callable[..., Any], field: str) -> None:
    storage = MemoryTokenStorage()
    client = make_client(credentials=pair("old", expires_in=-1), token_storage=storage)
    with respx.mock(assert_all_called=False) as mock:
        mock.post(TOKEN_URL).respond(json={"access_token": "new-access", field: 12345, "expires_in": 3600})
        mock.get(USER_URL).respond(json=USER)
        await resolve(client.current_user())
    new = storage.load()
    assert new is not None and (new.refresh_token, new.device_id) == ("old-refresh", "device-1")


async def test_expires_in_too_large_for_a_float_is_an_unknown_expiry(make_client: Callable[..., Any]) -> None:
    """A hostile ``expires_in`` of 400 digits: the pair is kept, its expiry unknown (refreshed
    after a 401), not an ``OverflowError``."""
    storage = MemoryTokenStorage()
    client = make_client(credentials=pair("old", expires_in=-1), token_storage=storage)
    body = b'{"access_token": "new-access", "expires_in": 1' + b"0" * 400 + b"}"
    with respx.mock(assert_all_called=False) as mock:
        mock.post(TOKEN_URL).respond(content=body, headers={"Content-Type": "application/json"})
        user = mock.get(USER_URL).respond(json=USER)
        await resolve(client.current_user())
    new = storage.load()
    assert new is not None and (new.access_token, new.expires_at) == ("new-access", None)
    assert bearer(user) == ["Bearer new-access"]


async def test_pair_that_cannot_be_built_is_an_auth_error(make_client: Callable[..., Any]) -> None:
    """An expiry before 1970 (here a clock set to -100 s) makes no pair: a typed error that
    names the field, the old pair kept."""
    clock = Clock()
    clock.now = -100.0
    storage, old = MemoryTokenStorage(), pair("old", expires_in=None)
    client = make_client(clock, credentials=old, token_storage=storage)
    with respx.mock(assert_all_called=False) as mock:
        mock.post(TOKEN_URL).respond(json={"access_token": "new-access", "expires_in": 10})
        mock.get(USER_URL).respond(401)
        with pytest.raises(AuthError, match=r"^token refresh answered an unusable pair: expires_at must be"):
            await resolve(client.current_user())
    assert storage.load() == old


@pytest.mark.parametrize("expires_in", [0, -30])
async def test_token_announced_as_already_expiring_expires_now(
    make_client: Callable[..., Any], expires_in: int
) -> None:
    clock = Clock()
    storage = MemoryTokenStorage()
    client = make_client(clock, credentials=pair("old", expires_in=-1, now=clock.now), token_storage=storage)
    with respx.mock(assert_all_called=False) as mock:
        mock.post(TOKEN_URL).respond(json={"access_token": "new-access", "expires_in": expires_in})
        mock.get(USER_URL).respond(json=USER)
        await resolve(client.current_user())
    new = storage.load()
    assert new is not None and new.expires_at == clock.now


async def test_half_second_token_is_used_for_its_first_quarter_second(make_client: Callable[..., Any]) -> None:
    """The margin is half the announced lifetime, however short: 0.5 s gives 0.25 s."""
    clock = Clock()
    client = make_client(clock, credentials=pair("old", expires_in=-1, now=clock.now))
    with respx.mock(assert_all_called=False) as mock:
        token = mock.post(TOKEN_URL).respond(json={"access_token": "new-access", "expires_in": 0.5})
        mock.get(USER_URL).respond(json=USER)
        await resolve(client.current_user())
        await resolve(client.current_user())  # 0.5 s left, more than 0.25: no refresh
        assert token.call_count == 1
        clock.now += 0.3
        await resolve(client.current_user())
    assert token.call_count == 2


async def test_failed_refresh_sends_the_old_token_until_its_last_moment(make_client: Callable[..., Any]) -> None:
    """Refresh ahead of expiry fails: the old token is still sent while it lives by the auth's
    clock (here half a second, on a clock two minutes behind the system's)."""
    clock = Clock()
    clock.now -= 120
    client = make_client(clock, credentials=pair("old", expires_in=0.5, now=clock.now))
    with respx.mock(assert_all_called=False) as mock:
        mock.post(TOKEN_URL).respond(503)
        user = mock.get(USER_URL).respond(json=USER)
        assert (await resolve(client.current_user())).id == 1
        clock.now += 0.5
        with pytest.raises(AuthError):
            await resolve(client.current_user())
    assert bearer(user) == ["Bearer old-access"]


async def test_401_after_a_failed_refresh_ahead_of_expiry_refreshes_again(make_client: Callable[..., Any]) -> None:
    """The refresh ahead of expiry fails (503), the old token is sent and refused (401): that
    401 gets a refresh of its own (the earlier failure is not raised again) and the resend."""
    client = make_client(credentials=pair("old", expires_in=30))
    with respx.mock(assert_all_called=True) as mock:
        token = mock.post(TOKEN_URL).mock(
            side_effect=[httpx.Response(503), httpx.Response(200, json={"access_token": "new-access"})]
        )
        user = mock.get(USER_URL).mock(side_effect=[httpx.Response(401), httpx.Response(200, json=USER)])
        assert (await resolve(client.current_user())).id == 1
    assert token.call_count == 2
    assert bearer(user) == ["Bearer old-access", "Bearer new-access"]


class BrokenStorage(MemoryTokenStorage):
    """Takes the imported pair, then its disk goes read-only."""

    broken = False

    def save(self, credentials: Credentials) -> None:
        if self.broken:
            raise PermissionError("cannot write /home/someone/secret-place/tokens.json")
        super().save(credentials)


async def test_failed_save_names_the_error_type_not_its_text(make_client: Callable[..., Any]) -> None:
    storage = BrokenStorage()
    client = make_client(credentials=pair("old", expires_in=-1), token_storage=storage)
    storage.broken = True
    with respx.mock(assert_all_called=False) as mock:
        mock.post(TOKEN_URL).respond(json={"access_token": "new-access"})
        mock.get(USER_URL).respond(json=USER)
        with pytest.raises(TokenStorageError) as info:
            await resolve(client.current_user())
    assert "(PermissionError)" in str(info.value) and "secret-place" not in str(info.value)
    assert str(info.value).endswith("; they are kept in memory and saving is retried with the next request")


async def test_cancelled_caller_of_a_failing_refresh_leaves_no_stray_error(caplog: pytest.LogCaptureFixture) -> None:
    """The refresh runs on after its caller is cancelled; when it then fails, the failure is
    consumed: asyncio reports no "exception was never retrieved" and no callback error."""
    arrived, answer = asyncio.Event(), asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token/":
            arrived.set()
            await answer.wait()
            return httpx.Response(500, json={})
        return httpx.Response(200, json=USER)

    client = AsyncBoosty(
        credentials=pair("old", expires_in=-1),
        base_url=API,
        sender=AsyncSender(transport=httpx.MockTransport(handler)),
    )
    async with client:
        call = asyncio.ensure_future(client.current_user())
        await arrived.wait()
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        answer.set()
        for _ in range(20):
            await asyncio.sleep(0)
        with pytest.raises(AuthError):  # the next call refreshes again, and fails again
            await client.current_user()
    del call
    gc.collect()
    await asyncio.sleep(0)
    assert [r.getMessage() for r in caplog.records if r.name == "asyncio"] == []

"""Refreshing credentials against the fake Boosty over a socket, in sync and async mode.

Proactive refresh, one refresh and one resend on 401, rotation saved before use, failures,
resuming from storages; single flight is in ``test_auth_refresh_single_flight.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from boosty import (
    AsyncBoosty,
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

from ._auth_refresh import OWNER, Client, FlakyStorage, calls, issue, make_client, refreshes
from .conftest import concrete, resolve

pytestmark = pytest.mark.anyio

__all__ = ["make_client"]  # a fixture, imported for use here


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

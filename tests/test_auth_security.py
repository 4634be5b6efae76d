"""Secrets stay secret: logs, reprs and errors of a full refresh cycle; Authorization only to the
API origin (not media hosts, other origins or cross-origin redirects); caches never share a
response between identities."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from boosty import (
    AsyncBoosty,
    AsyncSender,
    AuthError,
    Boosty,
    BoostyError,
    CachingSender,
    Credentials,
    MemoryTokenStorage,
    SyncSender,
    TokenStorageError,
    Unauthorised,
)
from boosty.testing import FakeBoosty, Fault

from ._auth_refresh import Client, issue, make_client, refreshes
from .conftest import resolve

pytestmark = pytest.mark.anyio

__all__ = ["make_client"]  # a fixture, imported for use here


class RecordingStorage(MemoryTokenStorage):
    """Keeps every pair it was asked to save (to know every secret of the run); can fail."""

    def __init__(self) -> None:
        super().__init__()
        self.history: list[Credentials] = []
        self.broken = False

    def save(self, credentials: Credentials) -> None:
        self.history.append(credentials)
        if self.broken:
            raise TokenStorageError("disk full")
        super().save(credentials)


def redirect(location: str) -> Fault:
    return Fault("status", 302, b"", "text/plain", (("Location", location),))


async def test_full_refresh_cycle_leaks_no_secret(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # root, hence httpx, httpcore, boosty and the fake's loggers
    for name in ("httpx", "httpcore", "boosty", "boosty.auth"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    storage = RecordingStorage()
    first = issue(fake_boosty, expires_in=5)
    client = make_client(credentials=first, token_storage=storage)
    texts: list[str] = []

    async def expect(error: type[BaseException]) -> None:
        with pytest.raises(error) as info:
            await resolve(client.current_user())
        exc: BaseException | None = info.value
        while exc is not None:
            texts.extend((str(exc), repr(exc)))
            exc = exc.__cause__ or exc.__context__

    await resolve(client.current_user())  # refresh ahead of expiry
    fake_boosty.expire_access_tokens()
    await resolve(client.current_user())  # 401 -> refresh -> resend
    fake_boosty.inject(Fault.status(401, error="unauthorized"), path="/v1/user/current", count=2)
    await expect(Unauthorised)  # 401 twice
    storage.broken = True
    fake_boosty.expire_access_tokens()
    await expect(TokenStorageError)  # save failure
    storage.broken = False
    await resolve(client.current_user())  # the kept pair is saved and used
    fake_boosty.revoke_refresh_tokens()
    fake_boosty.expire_access_tokens()
    await expect(AuthError)  # refresh rejected
    assert refreshes(fake_boosty) == 5

    pairs = [first, *storage.history]
    secrets = {s for p in pairs for s in (p.access_token, p.refresh_token, p.device_id)}
    assert len({p.access_token for p in pairs}) == 5  # the first pair and four rotations
    assert len(secrets) == 2 * 5 + 1
    texts += [repr(client), str(client), repr(client._auth), repr(storage), *map(repr, pairs), *map(str, pairs)]
    texts += [r.getMessage() for r in caplog.records] + [caplog.text]
    loggers = {r.name for r in caplog.records}
    assert {"boosty.auth", "httpx", "httpcore.http11"} <= loggers  # the capture did see the traffic
    assert any("access token refreshed, expires at" in r.getMessage() for r in caplog.records)
    # Not even a part of a secret: every 16-character window of each one is looked for.
    windows = {secret[i : i + 16] for secret in secrets for i in range(0, len(secret) - 15, 4)}
    for text in texts:
        for window in windows:
            assert window not in text


@pytest.mark.parametrize("target", ["media", "localhost"])
async def test_cross_origin_redirect_drops_authorization(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty, target: str
) -> None:
    client = make_client(credentials=issue(fake_boosty))
    port = urlsplit(fake_boosty.base_url).port
    base = fake_boosty.media_url if target == "media" else f"http://localhost:{port}"
    fake_boosty.inject(redirect(f"{base}/v1/blog/demo"), path="/v1/jump", count=1)
    with contextlib.suppress(BoostyError):  # the media host has no such file: only headers matter
        await resolve(client.request("GET", "/v1/jump"))
    jump, landed = fake_boosty.requests
    assert (jump.path, jump.status) == ("/v1/jump", 302)
    assert "authorization" in jump.headers  # the API origin got the token...
    assert landed.path == "/v1/blog/demo"
    assert "authorization" not in landed.headers  # ...the other origin did not
    assert not landed.authorized
    assert refreshes(fake_boosty) == 0


async def test_same_origin_redirect_keeps_authorization(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty
) -> None:
    client = make_client(credentials=issue(fake_boosty))
    fake_boosty.inject(redirect(f"{fake_boosty.base_url}/v1/user/current"), path="/v1/jump", count=1)
    response = await resolve(client.request("GET", "/v1/jump"))
    assert response.json()["id"] == 424242
    assert fake_boosty.requests[-1].authorized


@pytest.mark.parametrize("kind", ["credentials", "token"])
async def test_other_origins_get_no_authorization(
    make_client: Callable[..., Client], fake_boosty: FakeBoosty, kind: str
) -> None:
    if kind == "credentials":
        client = make_client(credentials=issue(fake_boosty, expires_in=-5))  # would refresh for the API
    else:
        client = make_client(token=fake_boosty.issue_tokens("owner")["access_token"])
    with contextlib.suppress(BoostyError):
        await resolve(client.request("GET", f"{fake_boosty.media_url}/v1/user/current"))
    (request,) = fake_boosty.requests
    assert request.origin == "media"
    assert "authorization" not in request.headers and "cookie" not in request.headers
    assert refreshes(fake_boosty) == 0


async def test_cache_never_shares_a_response_between_identities(mode: str, fake_boosty: FakeBoosty) -> None:
    inner = AsyncSender() if mode == "async" else SyncSender()
    cache = CachingSender(sender=inner, default_ttl=300)
    cls: Any = AsyncBoosty if mode == "async" else Boosty
    owner = cls(credentials=issue(fake_boosty, "owner"), sender=cache, base_url=fake_boosty.base_url)
    other = cls(credentials=issue(fake_boosty, "subscriber"), sender=cache, base_url=fake_boosty.base_url)
    anonymous = cls(sender=cache, base_url=fake_boosty.base_url)
    try:
        first = await resolve(owner.current_user())
        again = await resolve(owner.current_user())
        assert again.id == first.id == 424242
        assert len(fake_boosty.requests) == 1  # the cache is in the chain and answers the owner
        second = await resolve(other.current_user())
        assert second.id != first.id and second.id == fake_boosty.user_id("subscriber")
        with pytest.raises(Unauthorised):
            await resolve(anonymous.current_user())
        assert len(fake_boosty.requests) == 3
        assert [r.user_id for r in fake_boosty.requests] == [first.id, second.id, None]
        # After a rotation the owner's new token is a new identity for the cache, never the other's.
        fake_boosty.expire_access_tokens()
        owner._auth._credentials = Credentials(
            owner._auth.credentials.access_token,
            owner._auth.credentials.refresh_token,
            owner._auth.credentials.device_id,
            time.time() - 1,
        )
        assert (await resolve(owner.current_user())).id == first.id
    finally:
        if mode == "async":
            await cache.aclose()
        else:
            cache.close()

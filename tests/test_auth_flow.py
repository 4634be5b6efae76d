"""The refresh exchange at the transport boundary (respx): the exact request, and every answer shape."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
import respx

from boosty import AsyncBoosty, AuthError, Boosty, Credentials, MemoryTokenStorage, Unauthorised

from .conftest import resolve

pytestmark = pytest.mark.anyio

API = "https://api.example.test/base"
OLD = Credentials("old-access-" + "a" * 40, "old-refresh-" + "r" * 40, "device-0001", expires_at=time.time() - 1)


@pytest.fixture
async def make_client(mode: str) -> AsyncIterator[Callable[..., Any]]:
    made: list[Any] = []

    def make(credentials: Credentials = OLD, **kwargs: Any) -> Any:
        cls: Any = AsyncBoosty if mode == "async" else Boosty
        client = cls(credentials=credentials, base_url=API, **kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        await resolve(client.aclose() if client.is_async else client.close())


def user_route(mock: respx.MockRouter) -> respx.Route:
    return mock.get(f"{API}/v1/user/current").respond(json={"id": 1, "name": "N", "blogUrl": "b"})


async def test_refresh_request_is_the_form_boosty_expects(make_client: Callable[..., Any]) -> None:
    storage = MemoryTokenStorage()
    client = make_client(token_storage=storage)
    with respx.mock(assert_all_called=True) as mock:
        token = mock.post(f"{API}/oauth/token/").respond(
            json={"access_token": "new-access", "refresh_token": "new-refresh", "expires_in": 3600}
        )
        user = user_route(mock)
        before = time.time()
        await resolve(client.current_user())
        after = time.time()
    sent = token.calls.last.request
    assert sent.url == f"{API}/oauth/token/"
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert dict(parse_qsl(sent.content.decode())) == {
        "device_id": OLD.device_id,
        "device_os": "web",
        "grant_type": "refresh_token",
        "refresh_token": OLD.refresh_token,
    }
    assert "authorization" not in sent.headers  # the old bearer is not needed, so not sent
    assert user.calls.last.request.headers["authorization"] == "Bearer new-access"
    new = storage.load()
    assert new is not None and (new.access_token, new.refresh_token, new.device_id) == (
        "new-access",
        "new-refresh",
        OLD.device_id,
    )
    assert new.expires_at is not None and before + 3600 <= new.expires_at <= after + 3600


async def test_answer_without_rotation_or_expiry_keeps_what_it_can(make_client: Callable[..., Any]) -> None:
    storage = MemoryTokenStorage()
    client = make_client(token_storage=storage)
    with respx.mock(assert_all_called=False) as mock:
        mock.post(f"{API}/oauth/token/").respond(json={"access_token": "new-access", "device_id": "device-0002"})
        user_route(mock)
        await resolve(client.current_user())
    new = storage.load()
    assert new is not None
    assert (new.refresh_token, new.device_id, new.expires_at) == (OLD.refresh_token, "device-0002", None)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (httpx.Response(400, json={"error": "invalid_grant", "error_description": "x" * 500}), "invalid_grant: xxx"),
        (httpx.Response(401, json={"error": "unauthorized"}), "HTTP 401: unauthorized"),
        (httpx.Response(400, text=f"echo {OLD.refresh_token}"), "HTTP 400"),
        (httpx.Response(200, text=f"<html>{OLD.refresh_token}"), "without an access_token"),
        (httpx.Response(200, json={"refresh_token": "r"}), "without an access_token"),
        (httpx.Response(200, json=[1]), "without an access_token"),
    ],
)
async def test_bad_answers_are_auth_errors_that_echo_nothing(
    make_client: Callable[..., Any], answer: httpx.Response, message: str
) -> None:
    storage = MemoryTokenStorage()
    client = make_client(token_storage=storage)
    with respx.mock(assert_all_called=False) as mock:
        mock.post(f"{API}/oauth/token/").mock(return_value=answer)
        user = user_route(mock)
        with pytest.raises(AuthError) as info:
            await resolve(client.current_user())
    text = str(info.value)
    assert message in text
    assert len(text) < 300  # Boosty's error_description is truncated
    assert OLD.refresh_token not in text and OLD.refresh_token not in repr(info.value)
    assert not user.called
    assert storage.load() == OLD


async def test_401_from_another_origin_after_a_redirect_is_not_a_token_failure(
    make_client: Callable[..., Any],
) -> None:
    fresh = Credentials("access", "refresh", "device", expires_at=time.time() + 3600)
    client = make_client(credentials=fresh)
    with respx.mock(assert_all_called=False) as mock:
        mock.get(f"{API}/v1/jump").respond(302, headers={"Location": "https://cdn.example.test/file"})
        cdn = mock.get("https://cdn.example.test/file").respond(401)
        token = mock.post(f"{API}/oauth/token/").respond(json={"access_token": "x"})
        with pytest.raises(Unauthorised):
            await resolve(client.request("GET", "/v1/jump"))
    assert "authorization" not in cdn.calls.last.request.headers
    assert not token.called

"""More RefreshingAuth scenarios (issue #15, mutation testing), sync and async.

At the transport boundary (respx): the exact refresh request on the wire, the cross-process
``refresh_lock`` of a storage, the pair another process stored at a given moment, and the
refresh lock handed between threads and event loops.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, Credentials, MemoryTokenStorage

from .conftest import resolve

pytestmark = pytest.mark.anyio

API = "https://api.example.test"
TOKEN_URL = f"{API}/oauth/token/"
USER_URL = f"{API}/v1/user/current"
USER = {"id": 1, "name": "N", "blogUrl": "b"}


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

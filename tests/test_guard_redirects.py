"""The client's own headers and cookies go to the API origin only, also across redirects
(issue #15 item 5), on every concrete sender: httpx sync, httpx async and aiohttp."""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit

import pytest

from boosty import AsyncBoosty, Boosty, BoostyError
from boosty.testing import FakeBoosty, Fault

from .conftest import concrete, resolve

pytestmark = pytest.mark.anyio

SECRET = {"X-Secret": "s3cr3t-value"}


@pytest.fixture
def mode(backend_mode: str) -> str:
    return backend_mode


def _client(mode: str, fake: FakeBoosty) -> Boosty | AsyncBoosty:
    sender = concrete(mode, trust_env=False)
    kind = AsyncBoosty if sender.is_async else Boosty
    return kind(base_url=fake.base_url, sender=sender, headers=SECRET, cookies={"session": "c00kie"})


def _redirect(location: str) -> Fault:
    return Fault("status", 302, b"", "text/plain", (("Location", location),))


@pytest.mark.parametrize("target", ["media", "localhost"])
@pytest.mark.parametrize("derived", [False, True])
async def test_cross_origin_redirect_drops_client_headers(
    mode: str, fake_boosty: FakeBoosty, target: str, derived: bool
) -> None:
    port = urlsplit(fake_boosty.base_url).port
    base = fake_boosty.media_url if target == "media" else f"http://localhost:{port}"
    fake_boosty.inject(_redirect(f"{base}/v1/blog/demo"), path="/v1/jump", count=1)
    async with _client(mode, fake_boosty) as client:
        used = client.with_headers({"X-Other": "more"}) if derived else client
        with contextlib.suppress(BoostyError):  # the media host has no such file: only headers matter
            await resolve(used.request("GET", "/v1/jump"))
    jump, landed = fake_boosty.requests
    assert (jump.path, jump.status) == ("/v1/jump", 302)
    assert jump.headers["x-secret"] == "s3cr3t-value"  # the API origin got them...
    assert "cookie" in jump.headers
    assert landed.path == "/v1/blog/demo"
    for name in ("x-secret", "cookie", "x-other"):
        assert name not in landed.headers  # ...the other origin did not
    assert landed.headers["user-agent"].startswith("boosty-python/")  # harmless defaults stay


async def test_same_origin_redirect_keeps_client_headers(mode: str, fake_boosty: FakeBoosty) -> None:
    fake_boosty.inject(_redirect(f"{fake_boosty.base_url}/v1/blog/demo"), path="/v1/jump", count=1)
    async with _client(mode, fake_boosty) as client:
        response = await resolve(client.request("GET", "/v1/jump"))
    assert response.status_code == 200
    landed = fake_boosty.requests[-1]
    assert landed.path == "/v1/blog/demo"
    assert landed.headers["x-secret"] == "s3cr3t-value"
    assert "cookie" in landed.headers


async def test_redirect_loop_is_a_network_error(mode: str, fake_boosty: FakeBoosty) -> None:
    fake_boosty.inject(_redirect(f"{fake_boosty.base_url}/v1/jump"), path="/v1/jump", count=100)
    sender = concrete(mode, trust_env=False, max_redirects=3)
    kind = AsyncBoosty if sender.is_async else Boosty
    async with kind(base_url=fake_boosty.base_url, sender=sender) as client:
        with pytest.raises(BoostyError, match="TooManyRedirects"):
            await resolve(client.request("GET", "/v1/jump"))
    assert len(fake_boosty.requests) == 4  # the first request and three redirects followed

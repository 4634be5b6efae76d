from __future__ import annotations

import inspect
from pathlib import Path

import httpx
import pytest
import respx

from boosty import AsyncBoosty, AsyncSender, Blog, Boosty, NotFound, SyncSender

from .conftest import API, resolve

pytestmark = pytest.mark.anyio


async def test_blog_end_to_end(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        mock.get("/v1/blog/some_blog").respond(json={"blogUrl": "some_blog", "title": "T", "count": {"posts": 3}})
        blog = await resolve(client.blog("some_blog"))
    assert isinstance(blog, Blog)
    assert blog.blog_url == "some_blog" and blog.count.posts == 3


async def test_not_found(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/nope").respond(404, json={"error": "not_found", "error_description": "Blog not found"})
        with pytest.raises(NotFound) as info:
            await resolve(client.blog("nope"))
    assert info.value.error == "not_found"
    assert "Blog not found" in str(info.value)


def test_async_client_refuses_sync_sender() -> None:
    with SyncSender() as sender, pytest.raises(TypeError):
        AsyncBoosty(sender=sender)


async def test_request_escape_hatch_goes_through_auth_and_errors(mode: str) -> None:
    c: Boosty | AsyncBoosty = AsyncBoosty(token="T1") if mode == "async" else Boosty(token="T1")
    async with c:
        with respx.mock(base_url=API) as mock:
            ok = mock.get("/v1/blog/b/post/", params={"limit": "2"}).respond(json={"data": [], "extra": {}})
            mock.get("/v1/nope").respond(404, json={"error": "not_found"})
            response = await resolve(c.request("GET", "/v1/blog/b/post/", params={"limit": 2}))
            with pytest.raises(NotFound):
                await resolve(c.request("GET", "/v1/nope"))
    assert response.status_code == 200 and response.json() == {"data": [], "extra": {}}
    assert ok.calls.last.request.headers["Authorization"] == "Bearer T1"


async def test_credentials_and_defaults_only_for_api_origin(mode: str) -> None:
    c: Boosty | AsyncBoosty = (
        AsyncBoosty(token="T1", headers={"X-Locale": "en_US"}, cookies={"a": "b"})
        if mode == "async"
        else Boosty(token="T1", headers={"X-Locale": "en_US"}, cookies={"a": "b"})
    )
    async with c:
        with respx.mock() as mock:
            api = mock.get(f"{API}/v1/blog/b").respond(json={"blogUrl": "b"})
            cdn = mock.get("https://images.boosty.to/image/1").respond(content=b"img")
            await resolve(c.blog("b"))
            await resolve(c.request("GET", "https://images.boosty.to/image/1"))
    sent_api, sent_cdn = api.calls.last.request.headers, cdn.calls.last.request.headers
    assert sent_api["Authorization"] == "Bearer T1" and sent_api["X-Locale"] == "en_US" and sent_api["Cookie"] == "a=b"
    for name in ("Authorization", "X-Locale", "Cookie"):
        assert name not in sent_cdn


async def test_path_segments_are_encoded(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get(url__regex=r".*").respond(json={"blogUrl": "x"})
        await resolve(client.blog("evil/../x?y=1#z"))
    assert route.calls.last.request.url.raw_path == b"/v1/blog/evil%2F..%2Fx%3Fy%3D1%23z"
    for bad in ("", ".", ".."):
        with pytest.raises(ValueError, match="invalid path segment"):
            client.blog(bad)


async def test_base_url_points_whole_client(mode: str) -> None:
    base = "http://127.0.0.1:8080"
    c: Boosty | AsyncBoosty = AsyncBoosty(base_url=base + "/") if mode == "async" else Boosty(base_url=base + "/")
    async with c:
        with respx.mock(base_url=base) as mock:
            route = mock.get("/v1/blog/b").respond(json={"blogUrl": "b"})
            await resolve(c.blog("b"))
    assert route.called and c.base_url == base
    with pytest.raises(ValueError, match="base_url"):
        Boosty(base_url="ftp://example")


async def test_with_options_share_the_chain(client: Boosty | AsyncBoosty) -> None:
    derived = client.with_headers({"X-Locale": "en_US"}).with_options(params={"lang": "en"}, cookies={"c": "1"})
    timed = client.with_timeout(2.5)
    assert derived.sender is client.sender and timed.sender is client.sender
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(json={"blogUrl": "b"})
        await resolve(derived.blog("b"))
        await resolve(client.blog("b"))
        await resolve(timed.blog("b"))
    first, second, third = (call.request for call in route.calls)
    assert (
        first.headers["X-Locale"] == "en_US" and first.url.params["lang"] == "en" and first.headers["Cookie"] == "c=1"
    )
    assert "X-Locale" not in second.headers and "lang" not in second.url.params
    assert third.extensions["timeout"]["read"] == 2.5
    # closing a derived client leaves the shared chain open
    await resolve(derived.aclose() if client.is_async else derived.close())
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").respond(json={"blogUrl": "b"})
        assert (await resolve(client.blog("b"))).blog_url == "b"


async def test_cookies_add_to_a_cookie_header_given_alongside(client: Boosty | AsyncBoosty) -> None:
    derived = client.with_cookies({"a": "1"}).with_options(headers={"Cookie": "b=2"}, cookies={"c": "3"})
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(json={"blogUrl": "b"})
        await resolve(derived.blog("b"))
    assert route.calls.last.request.headers["Cookie"] == "b=2; c=3"


async def test_sync_client_with_async_sender_returns_coroutines() -> None:
    async with Boosty(sender=AsyncSender()) as c:
        assert c.is_async
        with respx.mock(base_url=API) as mock:
            mock.get("/v1/blog/b").respond(json={"blogUrl": "b"})
            pending = c.blog("b")
            assert inspect.iscoroutine(pending)
            assert (await pending).blog_url == "b"


def test_chain_passed_in_is_kept_and_closed_with_client() -> None:
    inner = SyncSender()
    with Boosty(sender=inner) as c:
        assert c.sender is inner
    assert inner.client.is_closed


def test_borrowed_httpx_client_stays_open() -> None:
    with httpx.Client() as raw:
        with Boosty(sender=SyncSender(client=raw)):
            pass
        assert not raw.is_closed


async def test_borrowed_async_httpx_client_stays_open() -> None:
    async with httpx.AsyncClient() as raw:
        async with AsyncBoosty(sender=AsyncSender(client=raw)):
            pass
        assert not raw.is_closed


def test_proxy_and_ca_reach_httpx(tmp_path: Path) -> None:
    import certifi

    ca = tmp_path / "corp-ca.pem"
    ca.write_bytes(Path(certifi.where()).read_bytes())
    with Boosty(sender=SyncSender(proxy="http://proxy.corp:3128", verify=str(ca))) as c:
        transport = c.sender.client._transport_for_url(httpx.URL("https://api.boosty.to/v1/blog/x"))  # type: ignore[attr-defined]
        assert type(transport).__name__ == "HTTPTransport"
        pool = transport._pool
        assert pool._proxy_url.host == b"proxy.corp" and pool._proxy_url.port == 3128
        assert pool._ssl_context.get_ca_certs()  # the corporate bundle was loaded
    with pytest.raises(FileNotFoundError):
        SyncSender(verify=str(tmp_path / "missing.pem"))


async def test_server_cookies_are_not_replayed(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(json={"blogUrl": "b"}, headers={"Set-Cookie": "session=abc; Path=/"})
        await resolve(client.blog("b"))
        await resolve(client.blog("b"))
    assert "cookie" not in route.calls.last.request.headers

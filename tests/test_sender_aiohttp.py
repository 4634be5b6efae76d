"""``AsyncSender(backend="aiohttp")``: the same contract as the httpx backend, over a real socket.

An echo server on loopback answers every request with what it received (method, path, query,
headers, body) and serves redirects, cookies and slow answers on demand.
"""

from __future__ import annotations

import base64
import io
import json
import socket
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import pytest

import boosty
from boosty import AsyncBoosty, AsyncSender, Request
from boosty.testing import FakeBoosty

from ._loopback import serving

pytestmark = pytest.mark.anyio


class _Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hops: ClassVar[list[str]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        type(self).hops.append(f"{self.command} {url.path}")
        query = dict(parse_qsl(url.query))
        if url.path.startswith("/redirect/"):
            status = int(url.path.rsplit("/", 1)[1])
            self.send_response(status)
            self.send_header("Location", query["to"])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if url.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if url.path == "/latin1":  # a header value that is not UTF-8
            self.send_response(200)
            self.send_header("X-Name", "café")  # sent as Latin-1: b"caf\xe9"
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if url.path == "/many":  # repeated names, mixed case, a non-ASCII value
            self.send_response(200)
            self.send_header("Set-Cookie", "a=1")
            self.send_header("X-Name", "Grüße")
            self.send_header("set-cookie", "b=2")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if url.path == "/slow":
            time.sleep(float(query.get("s", "1")))
        answer = json.dumps(
            {
                "method": self.command,
                "path": url.path,
                "query": url.query,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": base64.b64encode(body).decode(),
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Set-Cookie", "session=from-server; Path=/")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_PUT = do_DELETE = _answer


@pytest.fixture(scope="module")
def echo() -> Iterator[str]:
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), _Echo)) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


async def send(request: Request, **options: Any) -> tuple[boosty.Response, dict[str, Any]]:
    async with AsyncSender(backend="aiohttp", **options) as sender:
        response = await sender.send(request)
    return response, response.json()


def body(seen: dict[str, Any]) -> bytes:
    return base64.b64decode(seen["body"])


async def test_query_headers_and_bodies(echo: str) -> None:
    response, seen = await send(Request("GET", f"{echo}/v1/blog/a%2Fb/post/", params={"limit": 2, "only": True}))
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert seen["path"] == "/v1/blog/a%2Fb/post/"  # an encoded slash stays encoded
    assert seen["query"] == "limit=2&only=true"

    _, seen = await send(Request("POST", f"{echo}/form", data={"title": "2 * 3 & x", "tags": ["a", "b"], "ok": False}))
    assert seen["headers"]["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(body(seen).decode()) == [("title", "2 * 3 & x"), ("tags", "a"), ("tags", "b"), ("ok", "false")]

    _, seen = await send(Request("PUT", f"{echo}/json", json={"status": "on", "n": [1]}))
    assert seen["headers"]["content-type"] == "application/json"
    assert json.loads(body(seen)) == {"status": "on", "n": [1]}

    _, seen = await send(Request("POST", f"{echo}/raw", content=b"\x00\x01raw"))
    assert body(seen) == b"\x00\x01raw"


async def test_multipart_files(echo: str) -> None:
    files = {"file": ("pic.png", io.BytesIO(b"\x89PNG..."), "image/png")}
    _, seen = await send(Request("POST", f"{echo}/upload", files=files, data={"kind": "image"}))
    content_type = seen["headers"]["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    raw = body(seen)
    assert b'name="kind"' in raw and b"image" in raw
    assert b'name="file"; filename="pic.png"' in raw and b"Content-Type: image/png" in raw and b"\x89PNG..." in raw


@pytest.mark.parametrize(("status", "method"), [(301, "GET"), (302, "GET"), (303, "GET"), (307, "POST"), (308, "POST")])
async def test_redirect_methods(echo: str, status: int, method: str) -> None:
    request = Request("POST", f"{echo}/redirect/{status}", params={"to": "/landed"}, data={"a": "1"})
    response, seen = await send(request)
    assert seen["method"] == method and seen["path"] == "/landed"
    assert response.url.endswith("/landed")
    assert (body(seen) == b"a=1") is (method == "POST")


async def test_cross_origin_redirect_drops_credentials(echo: str) -> None:
    port = urlsplit(echo).port
    other = f"http://localhost:{port}/elsewhere"  # same server, another origin
    headers = {"Authorization": "Bearer secret", "Cookie": "auth=secret", "X-Kept": "yes"}
    _, seen = await send(Request("GET", f"{echo}/redirect/302", params={"to": other}, headers=headers))
    assert seen["path"] == "/elsewhere"
    assert "authorization" not in seen["headers"] and "cookie" not in seen["headers"]
    assert seen["headers"]["x-kept"] == "yes"

    _, same = await send(Request("GET", f"{echo}/redirect/302", params={"to": "/here"}, headers=headers))
    assert same["headers"]["authorization"] == "Bearer secret"


async def test_redirect_loop_and_not_following(echo: str) -> None:
    with pytest.raises(boosty.NetworkError, match="TooManyRedirects"):
        await send(Request("GET", f"{echo}/loop"), max_redirects=3)
    async with AsyncSender(backend="aiohttp", follow_redirects=False) as sender:
        response = await sender.send(Request("GET", f"{echo}/redirect/302", params={"to": "/x"}))
    assert response.status_code == 302 and response.headers["location"] == "/x"


@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
async def test_response_headers_read_the_same_on_both_backends(echo: str, backend: str) -> None:
    # The aiohttp backend decodes its headers on first use: every way in gives the pairs as sent.
    async with AsyncSender(backend=backend) as sender:
        first, second = [await sender.send(Request("GET", f"{echo}/many")) for _ in range(2)]
    sent = [("Set-Cookie", "a=1"), ("X-Name", "Grüße"), ("set-cookie", "b=2"), ("Content-Length", "0")]
    assert [pair for pair in first.headers.raw() if pair[0].lower() not in ("server", "date")] == sent
    assert second.headers.get_list("SET-COOKIE") == ["a=1", "b=2"] and second.headers["x-name"] == "Grüße"
    assert "b=2" not in repr(second.headers) and "Grüße" in repr(second.headers)
    assert first.headers == second.headers and list(boosty.Headers(first.headers).raw()) == list(first.headers.raw())


async def test_a_header_that_is_not_utf8_is_read_as_latin1(echo: str) -> None:
    async with AsyncSender(backend="aiohttp") as sender:
        response = await sender.send(Request("GET", f"{echo}/latin1"))
    assert response.headers["x-name"] == "café" and response.headers["content-length"] == "0"
    assert response.url == f"{echo}/latin1"


async def test_server_cookies_are_not_stored(echo: str) -> None:
    async with AsyncSender(backend="aiohttp") as sender:
        first = await sender.send(Request("GET", f"{echo}/one"))
        assert "session=from-server" in first.headers["set-cookie"]
        second = (await sender.send(Request("GET", f"{echo}/two"))).json()
    assert "cookie" not in second["headers"]


async def test_timeouts_and_refused_connections(echo: str) -> None:
    with pytest.raises(boosty.RequestTimeout):
        await send(Request("GET", f"{echo}/slow", params={"s": "1"}), timeout=0.2)
    with pytest.raises(boosty.RequestTimeout):  # a per-request timeout wins over the sender's
        await send(Request("GET", f"{echo}/slow", params={"s": "1"}, timeout=0.2))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    with pytest.raises(boosty.NetworkError) as caught:
        await send(Request("GET", f"http://127.0.0.1:{closed}/"))
    assert not isinstance(caught.value, boosty.RequestTimeout)


async def test_streamed_body(echo: str) -> None:
    async with AsyncSender(backend="aiohttp") as sender:
        response = await sender.send(Request("GET", f"{echo}/stream", stream=True))
        try:
            chunks = [chunk async for chunk in response.aiter_bytes()]
        finally:
            await response.aclose()
    assert response.content == b""
    assert json.loads(b"".join(chunks))["path"] == "/stream"


async def test_options_it_cannot_honour_are_refused() -> None:
    with pytest.raises(TypeError, match=r"HTTP/1\.1 only"):
        AsyncSender(backend="aiohttp", http2=True)
    with pytest.raises(TypeError, match="mounts"):
        AsyncSender(backend="aiohttp", mounts={})
    with pytest.raises(ValueError, match="SOCKS"):
        AsyncSender(backend="aiohttp", proxy="socks5://user:pw@127.0.0.1:1080")
    with pytest.raises(ValueError, match="backend must be"):
        AsyncSender(backend="curl")


async def test_a_borrowed_session_is_left_open(echo: str) -> None:
    async with aiohttp.ClientSession() as session:
        async with AsyncSender(session, backend="aiohttp") as sender:
            assert (await sender.send(Request("GET", f"{echo}/b"))).status_code == 200
            assert sender.session is session
        assert not session.closed


async def test_the_client_over_the_fake(fake_boosty: FakeBoosty) -> None:
    token = fake_boosty.issue_tokens("owner")["access_token"]
    async with AsyncBoosty(token, base_url=fake_boosty.base_url, sender=AsyncSender(backend="aiohttp")) as client:
        me = await client.current_user()
        page = await client.posts("demo", limit=5)
        assert [p.int_id async for p in client.iter_posts("demo", limit=2, max_items=3)] == [p.int_id for p in page][:3]
    assert me.blog_url == "demo" and len(page.items) == 5


@pytest.mark.parametrize("backend", ["sync", "httpx", "aiohttp"])
@pytest.mark.parametrize("proxy", ["user:s3cretPW@127.0.0.1:1", "ftp://user:s3cretPW@127.0.0.1:1", "http://:s3cretPW@"])
def test_a_bad_proxy_url_never_shows_its_password(backend: str, proxy: str) -> None:
    with pytest.raises(ValueError, match="proxy must be a URL") as caught:
        if backend == "sync":
            boosty.SyncSender(proxy=proxy)
        else:
            AsyncSender(backend=backend, proxy=proxy)
    assert "s3cretPW" not in str(caught.value) and "s3cretPW" not in repr(caught.value)


async def test_httpx_log_lines_carry_no_query(echo: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="httpx")
    with boosty.SyncSender() as sender:
        sender.send(Request("GET", f"{echo}/media/file.mp4", params={"sig": "SIGNATURE", "expires": "1"}))
    lines = [record.getMessage() for record in caplog.records if record.name == "httpx"]
    assert lines and all("SIGNATURE" not in line for line in lines)
    assert any("/media/file.mp4?…" in line for line in lines)


async def test_the_lazy_read_timer_serves_the_connections_on_this_aiohttp(echo: str) -> None:
    # The timeout tests pass with aiohttp's own timer too: this pins that the sender's
    # connections really use the lazily moved deadline (no silent fallback on this aiohttp).
    from boosty._sender.aiohttp_backend import _Handler

    async with AsyncSender(backend="aiohttp") as sender:
        await sender.send(Request("GET", f"{echo}/x"))
        session = sender.session
        protocols = [proto for conns in session.connector._conns.values() for proto, _ in conns]
    assert protocols and all(type(proto) is _Handler for proto in protocols)

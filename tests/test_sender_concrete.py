"""SyncSender / AsyncSender over real httpx transports and loopback sockets, plus user middleware."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
import respx

from boosty import (
    AsyncBoosty,
    AsyncSender,
    Boosty,
    ExtendingSender,
    NetworkError,
    Request,
    RequestTimeout,
    Response,
    Sender,
    SyncSender,
)
from boosty._sender import Sleep
from boosty._sender.base import Flow
from boosty._sender.concrete import DEFAULT_TIMEOUT

from ._loopback import serving
from .conftest import API, concrete, resolve
from .test_sender_retrying import Body, mock_sender

pytestmark = pytest.mark.anyio

URL = f"{API}/v1/blog/b"

# A throwaway self-signed certificate for 127.0.0.1 (test use only, valid 100 years).
CERT = """-----BEGIN CERTIFICATE-----
MIIBkTCCATagAwIBAgIUbmrQVkJQPoVl41up9VlNPUZEHUswCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMTA1NDMxMloYDzIxMjYxMDI4
MDU0MzEyWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQGw1DH3gtPsdfk20AwGEKqu9wObFUQPQOoeVDRzWhkXZF+A6CPovrd
QDcWZCg0I02o5ADA/5wveOEVyY5O5fBAo2QwYjAdBgNVHQ4EFgQUdVk7/PLszptu
0twzbedu1hNTTlwwHwYDVR0jBBgwFoAUdVk7/PLszptu0twzbedu1hNTTlwwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0kAMEYC
IQCKv4wnoC/9Czis5uj0usIO/GJKq+KVEGhnQq+XpkamLAIhAI8l5PciLCGoQR3m
BI0RLVo8oID3tlc5fyUidYCcGJUH
-----END CERTIFICATE-----
"""
KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgJF4Jbja1A/+Gc9d2
mWL5XO+ELVaUxOP9ul87xRdytguhRANCAAQGw1DH3gtPsdfk20AwGEKqu9wObFUQ
PQOoeVDRzWhkXZF+A6CPovrdQDcWZCg0I02o5ADA/5wveOEVyY5O5fBA
-----END PRIVATE KEY-----
"""


def new(mode: str, **kwargs: object) -> Sender:
    return AsyncSender(**kwargs) if mode == "async" else SyncSender(**kwargs)  # type: ignore[arg-type]


# -- loopback servers -------------------------------------------------------------------------


class _Echo(BaseHTTPRequestHandler):
    """Answers every GET with the request line's target, as a proxy or origin would see it."""

    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).seen.append(self.path)
        body = self.path.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo_server() -> Iterator[str]:
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), _Echo), 0.02) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "cert.pem").write_text(CERT)
    (tmp_path / "key.pem").write_text(KEY)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    with serving(server, 0.02):
        yield f"https://127.0.0.1:{server.server_address[1]}"


# -- lifecycle and defaults ------------------------------------------------------------------------


async def test_owned_client_is_closed(mode: str) -> None:
    sender = new(mode)
    assert isinstance(sender, (SyncSender, AsyncSender))
    async with sender:
        assert not sender.client.is_closed
    assert sender.client.is_closed


async def test_borrowed_client_is_left_open(mode: str) -> None:
    client: httpx.Client | httpx.AsyncClient = httpx.AsyncClient() if mode == "async" else httpx.Client()
    sender = AsyncSender(client) if isinstance(client, httpx.AsyncClient) else SyncSender(client)
    async with sender:
        with respx.mock(base_url=API) as mock:
            mock.get("/v1/blog/b").respond(200, text="hi")
            assert (await resolve(sender.send(Request("GET", URL)))).text == "hi"
    assert not client.is_closed
    if isinstance(client, httpx.AsyncClient):
        await client.aclose()
    else:
        client.close()  # noqa: ASYNC212 - the sync mode of this test
    assert client.is_closed


def test_client_and_kwargs_are_exclusive() -> None:
    with httpx.Client() as client, pytest.raises(TypeError):
        SyncSender(client, timeout=1.0)


async def test_async_sender_refuses_sync_close() -> None:
    async with AsyncSender() as sender:
        with pytest.raises(TypeError):
            sender.close()
        assert sender.is_async


async def test_default_timeout_and_redirects(mode: str) -> None:
    for kwargs, expected in (({}, DEFAULT_TIMEOUT), ({"timeout": None}, DEFAULT_TIMEOUT), ({"timeout": 5.0}, 5.0)):
        sender = new(mode, **kwargs)
        assert isinstance(sender, (SyncSender, AsyncSender))
        async with sender:
            assert sender.client.timeout == httpx.Timeout(expected)
            assert sender.client.follow_redirects
    assert DEFAULT_TIMEOUT == 30.0


async def test_per_request_timeout_reaches_httpx(mode: str) -> None:
    seen: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(204)

    async with mock_sender(mode, handler) as sender:
        await resolve(sender.send(Request("GET", URL, timeout=2.5)))
        await resolve(sender.send(Request("GET", URL)))
    assert seen[0] == {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}
    assert seen[1] == {"connect": 30.0, "read": 30.0, "write": 30.0, "pool": 30.0}


# -- errors ------------------------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_connection_refused_is_a_network_error(mode: str) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1/blog/b?sig=secret-signature"
    async with new(mode, trust_env=False) as sender:
        with pytest.raises(NetworkError) as info:
            await resolve(sender.send(Request("GET", url)))
    assert not isinstance(info.value, RequestTimeout)
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert info.value.request is not None and info.value.request.url == url.split("?")[0] + "?sig=secret-signature"
    assert "secret-signature" not in str(info.value) and "ConnectError" in str(info.value)


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (httpx.ConnectTimeout, RequestTimeout),
        (httpx.ReadTimeout, RequestTimeout),
        (httpx.PoolTimeout, RequestTimeout),
        (httpx.ReadError, NetworkError),
        (httpx.RemoteProtocolError, NetworkError),
        (httpx.ProxyError, NetworkError),
    ],
)
async def test_transport_errors_are_wrapped(
    mode: str, error: type[httpx.TransportError], kind: type[Exception]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error("failed", request=request)

    async with mock_sender(mode, handler) as sender:
        with pytest.raises(kind) as info:
            await resolve(sender.send(Request("GET", URL)))
    assert type(info.value) is kind
    assert isinstance(info.value.__cause__, error)


class _Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that breaks after its first chunk."""

    def __iter__(self) -> Iterator[bytes]:
        yield b"first"
        raise httpx.ReadError("connection reset")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"first"
        raise httpx.ReadError("connection reset")


async def test_body_error_is_wrapped(mode: str) -> None:
    async with mock_sender(mode, lambda request: httpx.Response(200, stream=_Broken())) as sender:
        with pytest.raises(NetworkError) as info:
            await resolve(sender.send(Request("GET", URL)))
        assert isinstance(info.value.__cause__, httpx.ReadError)
        response = await resolve(sender.send(Request("GET", URL, stream=True)))
        chunks: list[bytes] = []
        with pytest.raises(NetworkError) as info:
            if mode == "async":
                async for chunk in response.aiter_bytes():
                    chunks.append(chunk)
            else:
                chunks.extend(response.iter_bytes())
        await resolve(response.aclose() if mode == "async" else response.close())
    assert chunks == [b"first"]
    assert isinstance(info.value.__cause__, httpx.ReadError)


# -- requests and responses ----------------------------------------------------------------------------


async def test_request_fields_reach_the_wire(mode: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(
            201,
            headers=[("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("X-Id", "9")],
            content=b'{"ok": true}',
        )

    async with mock_sender(mode, handler) as sender:
        request = Request(
            "post",
            URL,
            params={"limit": 5, "only": True, "skip": None, "tag": [1, 2]},
            headers=[("X-Multi", "1"), ("X-Multi", "2")],
            json={"text": "привет"},
        )
        response = await resolve(sender.send(request))
        form = await resolve(sender.send(Request("PUT", URL, data={"a": "1"})))
        raw = await resolve(sender.send(Request("PATCH", URL, content=b"\x00\x01")))
    first, second, third = seen
    assert first.method == "POST"
    assert str(first.url) == f"{URL}?limit=5&only=true&tag=1&tag=2"
    assert first.headers.get_list("X-Multi") == ["1", "2"]
    assert first.content.decode() == '{"text":"привет"}'
    assert second.content == b"a=1" and second.headers["content-type"] == "application/x-www-form-urlencoded"
    assert third.content == b"\x00\x01"
    assert isinstance(response, Response) and response.request is request
    assert response.status_code == 201 and response.json() == {"ok": True}
    assert response.headers.get_list("set-cookie") == ["a=1", "b=2"]
    assert response.url == f"{URL}?limit=5&only=true&tag=1&tag=2"
    assert response.elapsed >= 0.0 and response.stream is None
    assert form.status_code == raw.status_code == 201


@pytest.mark.parametrize(
    ("client_kwargs", "request_"),
    [
        ({}, Request("GET", URL)),
        (
            {"headers": {"X-Default": "1", "Accept": "text/plain"}, "timeout": 7.0},
            Request(
                "post",
                f"{URL}?a=1",
                params={"a": 2, "b": [1, 2]},
                headers=[("accept", "*/*"), ("X-M", "1"), ("x-m", "2"), ("USER-AGENT", "me"), ("Host", "other")],
                json={"t": "ё"},
                timeout=2.5,
            ),
        ),
        ({"headers": {"X-Default": "1"}}, Request("PUT", URL, data={"a": "1"}, timeout=0.0)),
        ({"base_url": API}, Request("GET", "/v1/blog/b", params={"x": True})),
        ({"params": {"lang": "en"}, "cookies": {"c": "1"}}, Request("DELETE", URL, params={"q": "1"})),
    ],
)
async def test_request_on_the_wire_is_what_httpx_would_build(
    mode: str, client_kwargs: dict[str, object], request_: Request
) -> None:
    """The sender's direct httpx.Request equals ``client.build_request``'s, byte for byte."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(204)

    kwargs = {"transport": httpx.MockTransport(handler), **client_kwargs}
    raw_args = {
        "params": request_.params or None,
        "headers": list(request_.headers.raw()),
        "data": request_.data,
        "json": request_.json,
    }
    if request_.timeout is not None:
        raw_args["timeout"] = request_.timeout
    if mode == "async":
        async with httpx.AsyncClient(**kwargs) as raw_async:  # type: ignore[arg-type]
            await raw_async.send(raw_async.build_request(request_.method, request_.url, **raw_args))  # type: ignore[arg-type]
            await AsyncSender(raw_async).send(request_)
    else:
        with httpx.Client(**kwargs) as raw_sync:  # type: ignore[arg-type]
            raw_sync.send(raw_sync.build_request(request_.method, request_.url, **raw_args))  # type: ignore[arg-type]  # noqa: ASYNC212
            SyncSender(raw_sync).send(request_)
    expected, got = seen
    assert (got.method, str(got.url), got.headers.raw, got.extensions, got.content) == (
        expected.method,
        str(expected.url),
        expected.headers.raw,
        expected.extensions,
        expected.content,
    )
    assert got.url.is_absolute_url


async def test_streamed_body(mode: str) -> None:
    body = [b"x" * 1000, b"y" * 1000, b"z"]

    class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            yield from body

        async def __aiter__(self) -> AsyncIterator[bytes]:
            for chunk in body:
                yield chunk

    async with mock_sender(mode, lambda request: httpx.Response(200, stream=Chunks())) as sender:
        response = await resolve(sender.send(Request("GET", URL, stream=True)))
        assert response.content == b"" and response.stream is not None
        if mode == "async":
            with pytest.raises(TypeError):
                iter(response.stream)
            data = b"".join([chunk async for chunk in response.aiter_bytes()])
            await response.aclose()
        else:
            with pytest.raises(TypeError):
                response.stream.__aiter__()
            data = b"".join(response.iter_bytes())
            response.close()
        whole = await resolve(sender.send(Request("GET", URL)))
    assert data == whole.content == b"".join(body)


async def test_redirect_followed_without_credentials_elsewhere(mode: str) -> None:
    async with new(mode) as sender, respx.mock() as mock:
        mock.get(URL).respond(302, headers={"Location": "https://cdn.example/file"})
        cdn = mock.get("https://cdn.example/file").respond(200, content=b"file")
        response = await resolve(sender.send(Request("GET", URL, headers={"Authorization": "Bearer secret"})))
    assert response.content == b"file" and response.url == "https://cdn.example/file"
    assert "authorization" not in cdn.calls[0].request.headers


# -- httpx options ---------------------------------------------------------------------------------------


async def test_proxy_kwarg_reaches_httpx(mode: str, echo_server: str) -> None:
    _Echo.seen.clear()
    async with new(mode, proxy=echo_server, trust_env=False) as sender:
        response = await resolve(sender.send(Request("GET", "http://api.boosty.invalid/v1/blog/b", params={"a": 1})))
    # A forward proxy gets the absolute URL in the request line: the request went through it.
    assert response.text == "http://api.boosty.invalid/v1/blog/b?a=1"
    assert _Echo.seen == ["http://api.boosty.invalid/v1/blog/b?a=1"]


async def test_verify_kwarg_reaches_httpx(mode: str, tls_server: str, tmp_path: Path) -> None:
    url = f"{tls_server}/v1/blog/b"
    async with new(mode, trust_env=False) as strict:
        with pytest.raises(NetworkError) as info:
            await resolve(strict.send(Request("GET", url)))
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    async with new(mode, verify=False, trust_env=False) as lax:
        assert (await resolve(lax.send(Request("GET", url)))).text == "/v1/blog/b"
    context = ssl.create_default_context(cadata=CERT)
    async with new(mode, verify=context, trust_env=False) as pinned:
        assert (await resolve(pinned.send(Request("GET", url)))).text == "/v1/blog/b"


# -- user middleware ----------------------------------------------------------------------------------------


class Locale(ExtendingSender):
    """A user's middleware, written the documented way."""

    def on_request(self, request: Request) -> Request:
        return request.with_headers({"X-Locale": "en_US"})

    def on_response(self, response: Response) -> Response:
        return response.evolve(headers=response.headers.merge({"X-Seen": "1"}))


async def test_user_middleware_in_both_modes(mode: str) -> None:
    sender = Locale(concrete(mode))
    client: Boosty | AsyncBoosty = AsyncBoosty(sender=sender) if mode == "async" else Boosty(sender=sender)
    async with client:
        assert client.is_async is (mode == "async")
        with respx.mock(base_url=API) as mock:
            route = mock.get("/v1/blog/b").respond(200, json={"blogUrl": "b"})
            blog = await resolve(client.blog("b"))
            response = await resolve(client.request("GET", "/v1/blog/b"))
    assert blog.blog_url == "b"
    assert all(call.request.headers["X-Locale"] == "en_US" for call in route.calls)
    assert response.headers["X-Seen"] == "1"


class Checked(ExtendingSender):
    """A user's flow that holds a streamed response across a wait, then checks it."""

    def __init__(self, sender: Sender) -> None:
        super().__init__(sender)
        self.waiting = asyncio.Event()
        self.finalised = False

    def flow(self, request: Request) -> Flow:
        response = yield request
        try:
            self.waiting.set()
            yield Sleep(60.0 if request.extensions.get("wait") else 0.0)
            if response.headers.get("X-State") != "ready":
                raise ValueError("not ready")
            return response
        finally:
            self.finalised = True


async def test_flow_error_closes_the_streamed_responses_it_was_handed(mode: str) -> None:
    body = Body()
    sender = Checked(mock_sender(mode, lambda request: httpx.Response(200, headers={"X-State": "busy"}, stream=body)))
    async with sender:
        with pytest.raises(ValueError, match="not ready"):
            await resolve(sender.send(Request("GET", URL, stream=True)))
    assert body.closed and sender.finalised


async def test_task_cancelled_during_a_sleep_leaves_no_stream_open() -> None:
    body = Body()
    ready = httpx.Response(200, headers={"X-State": "ready"}, stream=body)
    sender = Checked(mock_sender("async", lambda request: ready))
    async with sender:
        call = asyncio.ensure_future(sender.send(Request("GET", URL, stream=True, extensions={"wait": True})))
        await sender.waiting.wait()  # the flow holds the open response and sleeps
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
    assert body.closed  # the stream the flow held is released
    assert sender.finalised  # and the generator was closed at once, not at garbage collection

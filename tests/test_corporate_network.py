"""Behind a corporate network: HTTPS to a host signed by a private CA, through a CONNECT proxy.

Everything runs on loopback: a TLS server whose certificate comes from a throwaway CA
(trustme), and a small CONNECT proxy that records the tunnels it opened.
"""

from __future__ import annotations

import base64
import http.client
import json
import select
import socket
import ssl
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
import trustme

import boosty
from boosty import AsyncBoosty, Boosty

from ._loopback import serving
from .conftest import concrete, resolve

pytestmark = pytest.mark.anyio


class _Api(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"blogUrl": self.path.rsplit("/", 1)[-1], "title": "over TLS"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _Proxy(BaseHTTPRequestHandler):
    tunnels: ClassVar[list[str]] = []
    forwarded: ClassVar[list[str]] = []
    credentials: ClassVar[list[str | None]] = []

    def do_CONNECT(self) -> None:
        host, port = self.path.rsplit(":", 1)
        type(self).tunnels.append(self.path)
        type(self).credentials.append(self.headers.get("Proxy-Authorization"))
        upstream = socket.create_connection((host, int(port)), timeout=5)
        self.send_response(200, "Connection established")
        self.end_headers()
        sockets = [self.connection, upstream]
        try:
            while True:
                readable, _, _ = select.select(sockets, [], [], 5)
                if not readable:
                    return
                for sock in readable:
                    chunk = sock.recv(65536)
                    if not chunk:
                        return
                    (upstream if sock is self.connection else self.connection).sendall(chunk)
        finally:
            upstream.close()

    def do_GET(self) -> None:
        """Forward a plain-HTTP request (absolute URI) and relay the answer."""
        type(self).forwarded.append(self.path)
        type(self).credentials.append(self.headers.get("Proxy-Authorization"))
        target = urlsplit(self.path)
        upstream = http.client.HTTPConnection(target.hostname or "", target.port or 80, timeout=5)
        try:
            upstream.request("GET", target.path, headers={"Host": target.netloc})
            answer = upstream.getresponse()
            body = answer.read()
        finally:
            upstream.close()
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.getheader("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(server: ThreadingHTTPServer) -> Iterator[ThreadingHTTPServer]:
    with serving(server):
        yield server


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corp") / "corp-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture(scope="module")
def https_origin(ca: trustme.CA) -> Iterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("localhost").configure_cert(context)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    for running in _serve(server):
        yield f"https://localhost:{running.server_address[1]}"


@pytest.fixture(scope="module")
def http_origin() -> Iterator[str]:
    for running in _serve(ThreadingHTTPServer(("127.0.0.1", 0), _Api)):
        yield f"http://127.0.0.1:{running.server_address[1]}"


@pytest.fixture(scope="module")
def proxy_url() -> Iterator[str]:
    for running in _serve(ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)):
        yield f"http://127.0.0.1:{running.server_address[1]}"


@pytest.fixture
def mode(backend_mode: str) -> str:
    """Every test here also runs on the aiohttp backend."""
    return backend_mode


def _client(mode: str, base_url: str, **httpx_kwargs: object) -> Boosty | AsyncBoosty:
    sender = concrete(mode, **httpx_kwargs)
    return (
        AsyncBoosty(base_url=base_url, sender=sender) if sender.is_async else Boosty(base_url=base_url, sender=sender)
    )


async def test_corporate_ca_bundle_path(mode: str, https_origin: str, ca_file: Path) -> None:
    async with _client(mode, https_origin, verify=str(ca_file), trust_env=False) as client:
        blog = await resolve(client.blog("corp"))
    assert blog.title == "over TLS"


async def test_unknown_ca_is_a_network_error(mode: str, https_origin: str) -> None:
    async with _client(mode, https_origin, trust_env=False) as client:
        with pytest.raises(boosty.NetworkError, match="CERTIFICATE_VERIFY_FAILED"):
            await resolve(client.blog("corp"))


async def test_through_connect_proxy(mode: str, https_origin: str, ca_file: Path, proxy_url: str) -> None:
    _Proxy.tunnels.clear()
    async with _client(mode, https_origin, proxy=proxy_url, verify=ca_file, trust_env=False) as client:
        blog = await resolve(client.blog("corp"))
    assert blog.blog_url == "corp"
    assert _Proxy.tunnels == [https_origin.removeprefix("https://")]


async def test_proxy_and_ca_from_environment(
    mode: str, https_origin: str, ca_file: Path, proxy_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _Proxy.tunnels.clear()
    monkeypatch.setenv("HTTPS_PROXY", proxy_url)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    async with _client(mode, https_origin) as client:
        blog = await resolve(client.blog("env"))
    assert blog.blog_url == "env"
    assert _Proxy.tunnels == [https_origin.removeprefix("https://")]


_BASIC = "Basic " + base64.b64encode(b"corp-user:s3cret pass").decode()


async def test_proxy_credentials_reach_the_connect_request(
    mode: str, https_origin: str, ca_file: Path, proxy_url: str
) -> None:
    """User info in the proxy URL becomes the CONNECT's Proxy-Authorization (no warning:
    the suite runs with -W error, and aiohttp 3.14 warns for its deprecated proxy_auth)."""
    _Proxy.tunnels.clear()
    _Proxy.credentials.clear()
    proxy = proxy_url.replace("http://", "http://corp-user:s3cret%20pass@")
    async with _client(mode, https_origin, proxy=proxy, verify=ca_file, trust_env=False) as client:
        blog = await resolve(client.blog("corp"))
    assert blog.blog_url == "corp"
    assert _Proxy.credentials == [_BASIC]


async def test_proxy_credentials_reach_a_forwarded_http_request(mode: str, http_origin: str, proxy_url: str) -> None:
    """A plain-HTTP target goes through the proxy as an absolute URI, credentials with it."""
    _Proxy.forwarded.clear()
    _Proxy.credentials.clear()
    proxy = proxy_url.replace("http://", "http://corp-user:s3cret%20pass@")
    async with _client(mode, http_origin, proxy=proxy, trust_env=False) as client:
        blog = await resolve(client.blog("plain"))
    assert blog.blog_url == "plain"
    assert _Proxy.forwarded == [f"{http_origin}/v1/blog/plain"]
    assert _Proxy.credentials == [_BASIC]

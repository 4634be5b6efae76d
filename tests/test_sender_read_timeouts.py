"""The async senders' timeout: a wait for a pooled connection, a body that stalls (before or
after the first chunk, on a new or a reused connection), each raise
:class:`boosty.RequestTimeout` after the configured seconds; a body that keeps arriving, each
chunk within the timeout, is read whole however long it takes (a read timeout, not a total).

A server on loopback sends its answers in pieces on demand (keep-alive, one thread a
connection); both backends run every case (the aiohttp one moves its read deadline lazily:
:class:`boosty._sender.aiohttp_backend._Handler`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

import boosty
from boosty import AsyncSender, Request

from ._loopback import serving

pytestmark = [pytest.mark.anyio, pytest.mark.parametrize("backend", ["httpx", "aiohttp"])]

TIMEOUT = 0.4
STALL = 3.0
"""A stall far beyond :data:`TIMEOUT`: a request that waited it out would succeed instead."""
LATE = TIMEOUT + 1.5
"""Later than this, a timeout fired late (a second and a half of slack for a loaded machine)."""


class _Pieces(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {k: float(v) for k, v in parse_qsl(url.query)}
        chunks = int(query.get("chunks", 1))
        body = b"x" * 100
        time.sleep(query.get("before", 0))  # before the headers
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body) * chunks))
        self.end_headers()
        for number in range(chunks):
            if number:
                time.sleep(query.get("gap", 0))  # between two chunks of the body
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out has closed the socket the stalled answer goes to


@pytest.fixture(scope="module")
def pieces() -> Iterator[str]:
    with serving(_Server(("127.0.0.1", 0), _Pieces)) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


def _sender(backend: str, **options: Any) -> AsyncSender:
    return AsyncSender(backend=backend, timeout=TIMEOUT, **options)


async def _timed_out(sender: AsyncSender, url: str, **request: Any) -> float:
    started = time.monotonic()
    with pytest.raises(boosty.RequestTimeout):
        response = await sender.send(Request("GET", url, **request))
        if response.stream is not None:
            try:
                [chunk async for chunk in response.aiter_bytes()]
            finally:
                await response.aclose()
    return time.monotonic() - started


async def test_a_body_that_stalls_after_its_first_chunk(pieces: str, backend: str) -> None:
    async with _sender(backend) as sender:
        waited = await _timed_out(sender, f"{pieces}/b?chunks=2&gap={STALL}")
    assert TIMEOUT * 0.9 <= waited < LATE  # not before the configured seconds, nor long after


async def test_a_streamed_body_that_stalls(pieces: str, backend: str) -> None:
    async with _sender(backend) as sender:
        waited = await _timed_out(sender, f"{pieces}/s?chunks=3&gap={STALL}", stream=True)
    assert TIMEOUT * 0.9 <= waited < LATE


async def test_a_stall_on_a_reused_connection_after_an_idle_pool(pieces: str, backend: str) -> None:
    # One connection: the second and third requests reuse it, after idling longer than the
    # timeout (no deadline of the first request may survive it, and none may be lost).
    async with _sender(backend, limits=httpx.Limits(max_connections=1)) as sender:
        first = await sender.send(Request("GET", f"{pieces}/a"))
        await asyncio.sleep(TIMEOUT * 1.5)
        second = await sender.send(Request("GET", f"{pieces}/a?chunks=2"))
        waited = await _timed_out(sender, f"{pieces}/a?before={STALL}")
        after = await sender.send(Request("GET", f"{pieces}/a"))
    assert (first.content, second.content, after.content) == (b"x" * 100, b"x" * 200, b"x" * 100)
    assert TIMEOUT * 0.9 <= waited < LATE


async def test_a_shorter_timeout_after_a_longer_one_on_the_same_connection(pieces: str, backend: str) -> None:
    # The first request's long timeout must not delay the detection of the next one's stall.
    async with _sender(backend, limits=httpx.Limits(max_connections=1)) as sender:
        first = await sender.send(Request("GET", f"{pieces}/l", timeout=STALL * 10))
        waited = await _timed_out(sender, f"{pieces}/l?chunks=2&gap={STALL}")
    assert first.content == b"x" * 100 and TIMEOUT * 0.9 <= waited < LATE


async def test_a_body_that_keeps_arriving_is_read_whole(pieces: str, backend: str) -> None:
    # Eight chunks a quarter of the timeout apart: twice the timeout in all, never a stall.
    async with _sender(backend) as sender:
        started = time.monotonic()
        response = await sender.send(Request("GET", f"{pieces}/t?chunks=8&gap={TIMEOUT / 4}"))
        taken = time.monotonic() - started
    assert response.content == b"x" * 800 and taken > TIMEOUT


async def test_a_wait_for_a_pooled_connection(pieces: str, backend: str) -> None:
    # The only connection is busy for longer than the timeout: the next request gives up waiting.
    async with _sender(backend, limits=httpx.Limits(max_connections=1)) as sender:
        busy = asyncio.ensure_future(sender.send(Request("GET", f"{pieces}/p?before={TIMEOUT * 3}", timeout=STALL)))
        await asyncio.sleep(0.1)
        waited = await _timed_out(sender, f"{pieces}/p")
        assert (await busy).content == b"x" * 100  # the busy one was not disturbed
    assert TIMEOUT * 0.9 <= waited < LATE

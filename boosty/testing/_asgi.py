"""The outer ASGI layer of the fake: request log, bearer auth, fault injection, origin dispatch.

Dropping a connection needs the socket: :class:`TransportProtocol` (uvicorn's h11 protocol)
puts the connection's transport in the scope so a fault can close it without a response.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from .faults import Fault
from .mediaserver import TRANSPORT, media_app
from .state import FakeState, RecordedRequest

__all__ = ["FakeASGI", "protocol_class"]

Scope = dict[str, Any]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]


class _Dropped(Exception):
    """Raised inside a response to stop it once its connection was cut on purpose."""


def protocol_class() -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol, extended to expose each connection's transport to the app."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class TransportProtocol(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            sock = transport.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            inner = self.app

            async def app(scope: Scope, receive: Any, send: Any) -> None:
                scope[TRANSPORT] = transport
                await inner(scope, receive, send)

            self.app = app

    return TransportProtocol


async def _cut(scope: Scope) -> None:
    transport = scope.get(TRANSPORT)
    if transport is None:
        raise RuntimeError("this server cannot drop connections (no transport in scope)")
    transport.close()
    for _ in range(3):
        await asyncio.sleep(0)


def _auth(state: FakeState, headers: list[tuple[bytes, bytes]]) -> tuple[str, int | None]:
    for key, value in headers:
        if key == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                return "invalid", None
            return state.tokens.check(token.strip())
    return "none", None


class FakeASGI:
    """Wraps the API app (starlette) and the media app with the fake's cross-cutting behaviour."""

    def __init__(self, state: FakeState, api: ASGIApp) -> None:
        self.state = state
        self.api = api

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        state = self.state
        server = scope.get("server") or ("", 0)
        origin = "media" if state.media_port and server[1] == state.media_port else "api"
        items = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        auth, user_id = _auth(state, scope["headers"]) if origin == "api" else ("none", None)
        entry = RecordedRequest(
            method=scope["method"],
            path=scope["path"],
            query=dict(items),
            query_items=items,
            headers=RecordedRequest.redact(scope["headers"]),
            origin=origin,
            authorized=auth == "ok",
            user_id=user_id if auth == "ok" else None,
            time=state.now(),
        )
        state.record(entry)
        scope["boosty.viewer"] = user_id if auth == "ok" else None

        async def recording_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
            await send(message)

        out: Send = recording_send
        fault = state.faults.pick(scope["method"], scope["path"], origin)
        if fault is not None:
            entry.fault = fault.kind
            if fault.kind == "delay":
                await asyncio.sleep(fault.seconds)
            elif fault.kind == "drop":
                await _cut(scope)
                return
            elif fault.kind == "truncate":
                out = _truncating(scope, recording_send, fault.after)
            else:
                await _answer(recording_send, fault)
                return
        try:
            if origin == "media":
                await media_app(state, scope, receive, out)
            elif auth in ("expired", "invalid") and not scope["path"].startswith("/oauth/"):
                await _unauthorised(out, auth)
            else:
                await self.api(scope, receive, out)
        except _Dropped:
            for _ in range(3):
                await asyncio.sleep(0)


async def _answer(send: Send, fault: Fault) -> None:
    headers = [(b"content-type", fault.content_type.encode()), (b"content-length", str(len(fault.body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in fault.headers]
    await send({"type": "http.response.start", "status": fault.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": fault.body})


async def _unauthorised(send: Send, why: str) -> None:
    text = "The access token has expired" if why == "expired" else "The access token is invalid"
    body = json.dumps({"error": "unauthorized", "error_description": text}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"www-authenticate", b'Bearer error="invalid_token"'),
    ]
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _truncating(scope: Scope, send: Send, after: int) -> Send:
    """A ``send`` that lets ``after`` body bytes through, then cuts the connection."""
    sent = 0

    async def truncating_send(message: dict[str, Any]) -> None:
        nonlocal sent
        if message["type"] != "http.response.body":
            await send(message)
            if after == 0:
                await _cut(scope)
                raise _Dropped
            return
        body: bytes = message.get("body", b"")
        room = after - sent
        if len(body) < room or (len(body) == room and message.get("more_body", False)):
            sent += len(body)
            await send(message)
            return
        if room > 0:
            await send({"type": "http.response.body", "body": body[:room], "more_body": True})
        await _cut(scope)
        raise _Dropped

    return truncating_send

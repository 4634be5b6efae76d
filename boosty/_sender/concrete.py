"""The innermost senders, over httpx. This is the only module of :mod:`boosty` that imports httpx."""

from __future__ import annotations

import os
import ssl
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

from .._errors import NetworkError, TimeoutError
from ._http import ByteStream, Headers, Request, Response
from .base import Sender

__all__ = ["AsyncSender", "DEFAULT_TIMEOUT", "SyncSender"]

DEFAULT_TIMEOUT = 30.0
"""Seconds: the connect, read, write and pool timeout of a sender that builds its own client."""


def _ssl_context(verify: str | os.PathLike[str]) -> ssl.SSLContext:
    """A context trusting the CA bundle file (or ``c_rehash`` directory) at ``verify``."""
    path = os.fspath(verify)
    if os.path.isdir(path):
        return ssl.create_default_context(capath=path)
    return ssl.create_default_context(cafile=path)


def _client_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    if isinstance(kwargs.get("verify"), (str, os.PathLike)):
        # A corporate CA bundle given as a path (httpx wants an SSLContext for that).
        kwargs["verify"] = _ssl_context(kwargs["verify"])
    kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
    kwargs.setdefault("follow_redirects", True)
    if kwargs["timeout"] is None:
        # A request must never hang forever: None would disable every timeout.
        kwargs["timeout"] = DEFAULT_TIMEOUT
    return kwargs


def _build(client: httpx.Client | httpx.AsyncClient, request: Request) -> httpx.Request:
    extra: dict[str, Any] = {}
    if request.timeout is not None:
        extra["timeout"] = request.timeout
    return client.build_request(
        request.method,
        request.url,
        params=request.params or None,
        headers=list(request.headers.raw()),
        data=dict(request.data) if request.data is not None else None,
        json=request.json,
        content=request.content,
        files=request.files,
        **extra,
    )


def _wrap_error(exc: httpx.HTTPError, request: Request) -> NetworkError:
    kind = TimeoutError if isinstance(exc, httpx.TimeoutException) else NetworkError
    name = type(exc).__name__
    return kind(f"{name} on {request!r}: {exc}" if str(exc) else f"{name} on {request!r}", request)


def _response(
    request: Request, raw: httpx.Response, content: bytes, elapsed: float, stream: ByteStream | None
) -> Response:
    return Response(
        url=str(raw.url),
        status_code=raw.status_code,
        headers=Headers(raw.headers.multi_items()),
        content=content,
        request=request,
        elapsed=elapsed,
        stream=stream,
    )


class _SyncStream(ByteStream):
    def __init__(self, raw: httpx.Response, request: Request) -> None:
        self._raw = raw
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._raw.iter_bytes()
        except httpx.HTTPError as exc:
            raise _wrap_error(exc, self._request) from exc

    def close(self) -> None:
        self._raw.close()


class _AsyncStream(ByteStream):
    def __init__(self, raw: httpx.Response, request: Request) -> None:
        self._raw = raw
        self._request = request

    async def _iterate(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._raw.aiter_bytes():
                yield chunk
        except httpx.HTTPError as exc:
            raise _wrap_error(exc, self._request) from exc

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._iterate()

    async def aclose(self) -> None:
        await self._raw.aclose()


class SyncSender(Sender):
    """Sends requests with an :class:`httpx.Client` (blocking).

    ``client``: an httpx client to borrow (left open by :meth:`close`); otherwise one is
    built from ``httpx_kwargs`` (``proxy``, ``verify``, ``cert``, ``timeout``, ``http2``,
    ``limits``, ``trust_env``, ``mounts``, ``event_hooks``, ...) and closed by :meth:`close`.
    ``verify`` also takes the path of a CA bundle file or directory (a corporate CA), or an
    :class:`ssl.SSLContext` (e.g. ``truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)``).
    A timeout of :data:`DEFAULT_TIMEOUT` seconds applies unless given; redirects are followed
    (httpx drops ``Authorization`` when a redirect leaves the origin).
    Raises :class:`boosty.NetworkError` / :class:`boosty.TimeoutError` for transport failures.
    """

    def __init__(self, client: httpx.Client | None = None, **httpx_kwargs: Any) -> None:
        if client is not None and httpx_kwargs:
            raise TypeError("pass either an httpx client or httpx keyword arguments, not both")
        self._owns_client = client is None
        self.client = client if client is not None else httpx.Client(**_client_kwargs(httpx_kwargs))

    @property
    def is_async(self) -> bool:
        return False

    def send(self, request: Request) -> Response:
        """Send ``request``; raises :class:`~boosty.NetworkError` on a transport failure."""
        start = time.perf_counter()
        try:
            raw = self.client.send(_build(self.client, request), stream=True)
        except httpx.HTTPError as exc:
            raise _wrap_error(exc, request) from exc
        elapsed = time.perf_counter() - start
        if request.stream:
            return _response(request, raw, b"", elapsed, _SyncStream(raw, request))
        try:
            content = raw.read()
        except httpx.HTTPError as exc:
            raise _wrap_error(exc, request) from exc
        finally:
            raw.close()
        return _response(request, raw, content, elapsed, None)

    def close(self) -> None:
        """Close the httpx client if this sender built it."""
        if self._owns_client:
            self.client.close()


class AsyncSender(Sender):
    """Sends requests with an :class:`httpx.AsyncClient`; :meth:`send` returns a coroutine.

    Arguments as :class:`SyncSender`; close with :meth:`aclose` or ``async with``.
    """

    def __init__(self, client: httpx.AsyncClient | None = None, **httpx_kwargs: Any) -> None:
        if client is not None and httpx_kwargs:
            raise TypeError("pass either an httpx client or httpx keyword arguments, not both")
        self._owns_client = client is None
        self.client = client if client is not None else httpx.AsyncClient(**_client_kwargs(httpx_kwargs))

    @property
    def is_async(self) -> bool:
        return True

    async def send(self, request: Request) -> Response:
        """Send ``request``; raises :class:`~boosty.NetworkError` on a transport failure."""
        start = time.perf_counter()
        try:
            raw = await self.client.send(_build(self.client, request), stream=True)
        except httpx.HTTPError as exc:
            raise _wrap_error(exc, request) from exc
        elapsed = time.perf_counter() - start
        if request.stream:
            return _response(request, raw, b"", elapsed, _AsyncStream(raw, request))
        try:
            content = await raw.aread()
        except httpx.HTTPError as exc:
            raise _wrap_error(exc, request) from exc
        finally:
            await raw.aclose()
        return _response(request, raw, content, elapsed, None)

    def close(self) -> None:
        """Async senders close with :meth:`aclose`; calling this is an error."""
        raise TypeError("AsyncSender is closed with 'await sender.aclose()' or 'async with'")

    async def aclose(self) -> None:
        """Close the httpx client if this sender built it."""
        if self._owns_client:
            await self.client.aclose()

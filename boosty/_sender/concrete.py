"""The innermost senders, over httpx. This is the only module of :mod:`boosty` that imports httpx."""

from __future__ import annotations

import functools
import http.cookiejar
import os
import ssl
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx

from .._errors import NetworkError, RequestTimeout
from .._flow import Close, Flow, call, run_async, run_sync
from .._mode import Async, Sync
from ._http import ByteStream, Headers, Request, Response
from ._logs import install_httpx_filter
from ._origin import origin_bound, same_origin
from .sender import Sender

__all__ = ["AsyncSender", "DEFAULT_TIMEOUT", "SyncSender"]

DEFAULT_TIMEOUT = 30.0
"""Seconds: the connect, read, write and pool timeout of a sender that builds its own client."""


def _ssl_context(verify: str | os.PathLike[str]) -> ssl.SSLContext:
    """A context trusting the CA bundle file (or ``c_rehash`` directory) at ``verify``."""
    path = os.fspath(verify)
    if os.path.isdir(path):
        return ssl.create_default_context(capath=path)
    return ssl.create_default_context(cafile=path)


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    """Stores no cookie a server sets: the client sends cookies explicitly, and to the API only."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False


_PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


def check_proxy(proxy: Any, schemes: tuple[str, ...] = _PROXY_SCHEMES) -> None:
    """Refuse a ``proxy`` string that is not a URL with one of ``schemes`` and a host, with a
    :class:`ValueError` that never repeats the user info (it holds a password)."""
    if not isinstance(proxy, str):
        return  # httpx.Proxy / httpx.URL objects: httpx checks them
    parts = urlsplit(proxy)
    if parts.scheme.lower() in schemes and parts.hostname:
        return
    shown = "…@" + proxy.rpartition("@")[2] if "@" in proxy else proxy
    allowed = ", ".join(f"{scheme}://" for scheme in schemes)
    raise ValueError(f"proxy must be a URL with a host and one of {allowed}; got {shown!r}")


def _client_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    check_proxy(kwargs.get("proxy"))
    install_httpx_filter()
    if "cookies" not in kwargs:
        # httpx would replay every Set-Cookie on later requests to that host, media included.
        kwargs["cookies"] = http.cookiejar.CookieJar(policy=_NoCookies())
    if isinstance(kwargs.get("verify"), (str, os.PathLike)):
        # A corporate CA bundle given as a path (httpx wants an SSLContext for that).
        kwargs["verify"] = _ssl_context(kwargs["verify"])
    if kwargs.get("timeout") is None:
        # A request must never hang forever: None would disable every timeout.
        kwargs["timeout"] = DEFAULT_TIMEOUT
    kwargs.setdefault("follow_redirects", True)
    return kwargs


@functools.lru_cache(maxsize=1024)
def _parsed_url(url: str) -> httpx.URL:
    """``httpx.URL(url)``, memoised: URLs are immutable and endpoints repeat (thread-safe)."""
    return httpx.URL(url)


class _Builder:
    """Turns a :class:`Request` into an :class:`httpx.Request` for one httpx client.

    ``client.build_request`` merges the client's base URL, cookies, params and headers
    through several copies of httpx's header objects; when the client has no cookies or
    params and the URL is absolute (the usual case) the merge reduces to the headers, done
    here once per request with the same result (order and duplicates included).
    """

    __slots__ = ("_client", "_defaults")

    def __init__(self, client: httpx.Client | httpx.AsyncClient) -> None:
        self._client = client
        # (the client's raw default headers when last seen, their lower-cased names): one
        # tuple, replaced whole, so threads never see names of one version with pairs of another.
        self._defaults: tuple[list[tuple[bytes, bytes]], list[str]] = ([], [])

    def _client_headers(self) -> tuple[list[tuple[bytes, bytes]], list[str]]:
        raw = self._client.headers.raw
        defaults = self._defaults
        if raw != defaults[0]:  # the client's default headers changed (or first use)
            defaults = (raw, [k.decode("latin-1").lower() for k, _ in raw])
            self._defaults = defaults
        return defaults

    def build(self, request: Request) -> httpx.Request:
        client = self._client
        url = _parsed_url(request.url)
        body: dict[str, Any] = {
            "params": request.params or None,
            "data": dict(request.data) if request.data is not None else None,
            "json": request.json,
            "content": request.content,
            "files": request.files,
        }
        if client.params or client.cookies or url.is_relative_url:
            return client.build_request(
                request.method,
                request.url,
                headers=list(request.headers.raw()),
                timeout=request.timeout if request.timeout is not None else client.timeout,
                **body,
            )
        ours = request.headers.raw()
        defaults, names = self._client_headers()
        headers: list[tuple[Any, Any]]
        if ours:
            replaced = {k.lower() for k, _ in ours}
            headers = [pair for pair, name in zip(defaults, names) if name not in replaced]
            headers.extend(ours)
        else:
            headers = list(defaults)
        timeout = client.timeout if request.timeout is None else httpx.Timeout(request.timeout)
        return httpx.Request(request.method, url, headers=headers, extensions={"timeout": timeout.as_dict()}, **body)


def _next_hop(
    client: httpx.Client | httpx.AsyncClient, raw: httpx.Response, request: Request, hops: int
) -> httpx.Request | None:
    """The request of the redirect ``raw`` asks for (``None``: ``raw`` is the answer), built by
    httpx and stripped of ``request``'s origin-bound headers when it leaves the origin.

    The senders follow redirects themselves (httpx drops only ``Authorization`` and ``Cookie``):
    the client's own headers (:data:`~boosty._sender._origin.ORIGIN_HEADERS`) go to its origin only.
    Raises :class:`httpx.TooManyRedirects` past the client's ``max_redirects``.
    """
    hop = raw.next_request
    if hop is None or not client.follow_redirects:
        return None
    if hops >= client.max_redirects:
        raise httpx.TooManyRedirects("Exceeded maximum allowed redirects.", request=hop)
    if not same_origin(str(raw.request.url), str(hop.url)):
        for name in origin_bound(request.extensions):
            hop.headers.pop(name, None)
    elif "cookie" in raw.request.headers and "cookie" not in hop.headers:
        # httpx drops the Cookie header on every redirect (it expects a cookie jar); the
        # client's cookies are a header, and the origin did not change.
        hop.headers["Cookie"] = raw.request.headers["Cookie"]
    return hop


def _wrap_error(exc: httpx.HTTPError, request: Request) -> NetworkError:
    kind = RequestTimeout if isinstance(exc, httpx.TimeoutException) else NetworkError
    name = type(exc).__name__
    return kind(f"{name} on {request!r}: {exc}" if str(exc) else f"{name} on {request!r}", request)


def _response(
    request: Request, raw: httpx.Response, content: bytes, elapsed: float, stream: ByteStream | None
) -> Response:
    encoding = raw.headers.encoding
    return Response(
        url=str(raw.url),
        status_code=raw.status_code,
        headers=Headers._from_items(tuple((k.decode(encoding), v.decode(encoding)) for k, v in raw.headers.raw)),
        content=content,
        request=request,
        elapsed=elapsed,
        stream=stream,
    )


def _exchange(
    client: httpx.Client | httpx.AsyncClient,
    builder: _Builder,
    request: Request,
    stream: Callable[[httpx.Response, Request], ByteStream],
) -> Flow[Response]:
    """Send ``request`` through ``client``, following redirects by hand (:func:`_next_hop`),
    as a flow either sender drives; ``stream`` wraps the body of a streamed response."""
    start = time.perf_counter()
    try:
        raw = yield call(client.send, builder.build(request), stream=request.stream, follow_redirects=False)
        hops = 0
        while (hop := _next_hop(client, raw, request, hops)) is not None:
            yield Close(raw)
            hops += 1
            raw = yield call(client.send, hop, stream=request.stream, follow_redirects=False)
    except httpx.HTTPError as exc:
        raise _wrap_error(exc, request) from exc
    elapsed = time.perf_counter() - start
    if request.stream:
        return _response(request, raw, b"", elapsed, stream(raw, request))
    return _response(request, raw, raw.content, elapsed, None)


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


class SyncSender(Sender[Sync]):
    """Sends requests with an :class:`httpx.Client` (blocking).

    ``client``: an httpx client to borrow (left open by :meth:`close`); otherwise one is
    built from ``httpx_kwargs`` (``proxy``, ``verify``, ``cert``, ``timeout``, ``http2``,
    ``limits``, ``trust_env``, ``mounts``, ``event_hooks``, ...) and closed by :meth:`close`.
    ``verify`` also takes the path of a CA bundle file or directory (a corporate CA), or an
    :class:`ssl.SSLContext` (e.g. ``truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)``).
    A timeout of :data:`DEFAULT_TIMEOUT` seconds applies unless given; redirects are followed
    (up to the client's ``max_redirects``), and one that leaves the origin (scheme, host or
    port) drops ``Authorization``, ``Cookie`` and the headers the request's
    ``"boosty.origin_headers"`` extension names (the client's own headers); cookies a server sets
    are not stored (the client sends its own, to the API origin only) unless ``cookies=`` is given.
    Raises :class:`boosty.NetworkError` / :class:`boosty.RequestTimeout` for transport failures.
    """

    def __init__(self, client: httpx.Client | None = None, **httpx_kwargs: Any) -> None:
        if client is not None and httpx_kwargs:
            raise TypeError("pass either an httpx client or httpx keyword arguments, not both")
        self._owns_client = client is None
        self.client = client if client is not None else httpx.Client(**_client_kwargs(httpx_kwargs))
        self._builder = _Builder(self.client)

    @property
    def is_async(self) -> bool:
        return False

    def send(self, request: Request) -> Response:
        """Send ``request``; raises :class:`~boosty.NetworkError` on a transport failure."""
        return run_sync(_exchange(self.client, self._builder, request, _SyncStream))

    def close(self) -> None:
        """Close the httpx client if this sender built it."""
        if self._owns_client:
            self.client.close()


class AsyncSender(Sender[Async]):
    """Sends requests with an :class:`httpx.AsyncClient`; :meth:`send` returns a coroutine.

    Arguments as :class:`SyncSender`; close with :meth:`aclose` or ``async with``.
    ``backend="aiohttp"`` (extra ``[aiohttp]``) sends over aiohttp's connection pool instead,
    several times faster at high concurrency; ``client`` may then be an
    :class:`aiohttp.ClientSession` to borrow, and the keyword arguments are those
    :class:`~boosty._sender.aiohttp_backend.AiohttpTransport` takes (``proxy``, ``verify``,
    ``cert``, ``timeout``, ``trust_env``, ``follow_redirects``, ``limits``). Nothing above
    the sender sees the difference.
    """

    def __init__(self, client: Any = None, *, backend: str = "httpx", **httpx_kwargs: Any) -> None:
        if backend not in ("httpx", "aiohttp"):
            raise ValueError(f"backend must be 'httpx' or 'aiohttp', got {backend!r}")
        self.backend = backend
        self._aiohttp: Any = None
        if backend == "aiohttp":
            try:
                from .aiohttp_backend import AiohttpTransport
            except ImportError as exc:
                raise ImportError(
                    f"backend='aiohttp' needs pip install 'boosty-client[aiohttp]' ({exc.name} is missing)",
                    name=exc.name,
                ) from exc
            timeout = httpx_kwargs.pop("timeout", None)
            self._aiohttp = AiohttpTransport(
                client, timeout=DEFAULT_TIMEOUT if timeout is None else timeout, **httpx_kwargs
            )
            self._owns_client = client is None
            return
        if client is not None and httpx_kwargs:
            raise TypeError("pass either an httpx client or httpx keyword arguments, not both")
        self._owns_client = client is None
        self.client = client if client is not None else httpx.AsyncClient(**_client_kwargs(httpx_kwargs))
        self._builder = _Builder(self.client)

    @property
    def session(self) -> Any:
        """With ``backend="aiohttp"``: the :class:`aiohttp.ClientSession` (``None`` before the
        first request); else ``None``."""
        return self._aiohttp.session if self._aiohttp is not None else None

    @property
    def is_async(self) -> bool:
        return True

    def send(self, request: Request) -> Coroutine[Any, Any, Response]:
        """Send ``request``: a coroutine of the :class:`~boosty.Response`; it raises
        :class:`~boosty.NetworkError` on a transport failure. (The backend's own coroutine,
        not one awaiting it: a layer less on every resumption.)"""
        if self._aiohttp is not None:
            return self._aiohttp.send(request)  # type: ignore[no-any-return]
        return run_async(_exchange(self.client, self._builder, request, _AsyncStream))

    def close(self) -> None:
        """Async senders close with :meth:`aclose`; calling this is an error."""
        raise TypeError("AsyncSender is closed with 'await sender.aclose()' or 'async with'")

    async def aclose(self) -> None:
        """Close the httpx client (or aiohttp session) if this sender built it."""
        if self._aiohttp is not None:
            await self._aiohttp.aclose()
        elif self._owns_client:
            await self.client.aclose()

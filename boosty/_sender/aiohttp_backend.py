"""The async transport over aiohttp: ``AsyncSender(backend="aiohttp")`` (extra ``[aiohttp]``).

This is the only module of :mod:`boosty` that imports aiohttp. It speaks aiohttp directly
(no httpx objects in between) and keeps the httpx backend's contract: a default timeout,
redirects followed with ``Authorization`` and ``Cookie`` dropped when they leave the origin,
no cookie stored from a server, proxies (explicit, or from ``HTTP(S)_PROXY`` with
``trust_env``), CA bundles and client certificates, streamed bodies.
"""

from __future__ import annotations

import asyncio
import functools
import json as _json
import os
import ssl
import urllib.request
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Mapping
from time import perf_counter
from typing import Any, Union
from urllib.parse import urlencode, urljoin, urlsplit

import aiohttp
from aiohttp.client_proto import ResponseHandler
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from .._errors import NetworkError, RequestTimeout
from ._http import ByteStream, Headers, Request, Response, lazy_headers, new_response
from ._origin import origin_bound, same_origin
from .concrete import _ssl_context, check_proxy

__all__ = ["AiohttpTransport"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_UNSUPPORTED = ("mounts", "transport", "event_hooks", "auth", "base_url", "params", "app", "default_encoding")
_CHUNK = 64 * 1024


@functools.lru_cache(maxsize=8)
def _default_context(trust_store: tuple[str | None, str | None]) -> ssl.SSLContext:
    """``ssl.create_default_context()``, made once per ``trust_store`` (the ``SSL_CERT_FILE``
    and ``SSL_CERT_DIR`` in force, which it reads): loading the system's CA certificates
    takes about 30 ms, more than a thousand requests' worth of the rest of a client's setup.
    A context is safe to share between sessions; nobody changes this one."""
    return ssl.create_default_context()


def _ssl(verify: Any, cert: Any) -> ssl.SSLContext | bool:
    if verify is False:
        return False
    if verify is True and cert is None:
        return _default_context((os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")))
    if isinstance(verify, ssl.SSLContext):
        context = verify
    elif isinstance(verify, (str, os.PathLike)):
        context = _ssl_context(verify)
    elif verify is True:
        context = ssl.create_default_context()  # a client certificate is loaded into it
    else:
        raise TypeError(f"verify must be a bool, a CA bundle path or an ssl.SSLContext, not {type(verify).__name__}")
    if cert is not None:
        if isinstance(cert, (str, os.PathLike)):
            context.load_cert_chain(os.fspath(cert))
        else:
            context.load_cert_chain(*cert)
    return context


def _form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _form_pairs(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        if isinstance(value, (list, tuple)):
            pairs.extend((str(key), _form_value(item)) for item in value)
        else:
            pairs.append((str(key), _form_value(value)))
    return pairs


async def _async_chunks(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


def _multipart(files: Any, data: Mapping[str, Any] | None) -> aiohttp.FormData:
    """httpx's ``files=`` forms (a mapping or a list of ``(field, value)``; a value is bytes, a
    file object, or ``(filename, content[, content_type])``) as an aiohttp multipart body."""
    form = aiohttp.FormData(quote_fields=False)
    for key, value in _form_pairs(data or {}):
        form.add_field(key, value)
    items = files.items() if isinstance(files, Mapping) else files
    for field, value in items:
        filename, content, content_type = None, value, None
        if isinstance(value, tuple):
            filename, content = value[0], value[1]
            content_type = value[2] if len(value) > 2 else None
        if filename is None and hasattr(content, "name"):
            filename = os.path.basename(str(content.name))
        form.add_field(str(field), content, filename=filename or "upload", content_type=content_type)
    return form


class _Stream(ByteStream):
    def __init__(self, response: aiohttp.ClientResponse, request: Request) -> None:
        self._response = response
        self._request = request

    async def _iterate(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_chunked(_CHUNK):
                yield chunk
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            raise _wrap_error(exc, self._request) from exc

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._iterate()

    async def aclose(self) -> None:
        self._response.release()


def _wrap_error(exc: BaseException, request: Request) -> NetworkError:
    kind = RequestTimeout if isinstance(exc, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)) else NetworkError
    name = type(exc).__name__
    # aiohttp's messages name the host and port, never a proxy's user info.
    detail = str(exc) if not isinstance(exc, aiohttp.ClientProxyConnectionError) else "cannot connect to the proxy"
    return kind(f"{name} on {request!r}: {detail}" if detail else f"{name} on {request!r}", request)


def _headers(response: aiohttp.ClientResponse) -> Headers:
    """The response's headers as sent, decoded on first use (:func:`_decoded`)."""
    return lazy_headers(response.raw_headers, _decoded)


def _decoded(raw: tuple[tuple[bytes, bytes], ...]) -> tuple[tuple[str, str], ...]:
    """Raw header pairs decoded: names ASCII and values UTF-8, a pair that is not decoded
    as Latin-1 (every byte kept)."""
    try:
        return tuple([(name.decode("ascii"), value.decode()) for name, value in raw])
    except UnicodeDecodeError:  # rare: decode pair by pair
        pass
    items: list[tuple[str, str]] = []
    for name, value in raw:
        try:
            items.append((name.decode("ascii"), value.decode("utf-8")))
        except UnicodeDecodeError:
            items.append((name.decode("latin-1"), value.decode("latin-1")))
    return tuple(items)


@functools.lru_cache(maxsize=1024)
def _parsed(url: str) -> tuple[URL, str]:
    """``url`` parsed (as sent: already percent-encoded) and that URL's text, memoised: URLs
    are immutable and endpoints repeat (thread-safe)."""
    parsed = URL(url, encoded=True)
    return parsed, str(parsed)


Proxy = tuple[Union[URL, None], Union[str, None]]
_NO_PROXY: Proxy = (None, None)


def _proxy(url: str) -> Proxy:
    """A proxy URL without its user info, and that user info as a ``Proxy-Authorization``
    value (``Basic ...``), or ``None`` when the URL names no user.

    aiohttp 3.14 deprecates its ``proxy_auth`` argument (a warning on every request), so the
    header is sent directly: in the CONNECT request for an ``https`` target, with the request
    itself for an ``http`` target the proxy forwards.
    """
    parsed = URL(url)
    credentials = aiohttp.BasicAuth.from_url(parsed)
    return parsed.with_user(None), None if credentials is None else credentials.encode()


class _EnvProxies:
    """``HTTP_PROXY`` / ``HTTPS_PROXY`` / ``ALL_PROXY`` / ``NO_PROXY``, read once (as httpx reads
    them when its client is made) and looked up per origin without threads."""

    def __init__(self) -> None:
        self._proxies = urllib.request.getproxies_environment()
        self._found: dict[tuple[str, str], Proxy] = {}

    def __call__(self, url: URL) -> Proxy:
        key = (url.scheme, url.host or "")
        found = self._found.get(key)
        if found is None:
            chosen = self._proxies.get(url.scheme) or self._proxies.get("all")
            bypass = not chosen or bool(urllib.request.proxy_bypass(url.host or ""))
            found = (None, None) if bypass else _proxy(chosen)  # type: ignore[arg-type]
            self._found[key] = found
        return found


class _Handler(ResponseHandler):
    """aiohttp's connection protocol with the same ``sock_read`` deadline, moved lazily.

    aiohttp cancels and re-creates its read timer on every chunk received and at the end of
    every response (four timer-heap operations a small GET, a twelfth of its instructions).
    Here a chunk only moves the deadline forward (:attr:`_deadline`); the one pending timer
    of the connection, when it fires early, re-arms for the deadline, and the end of a
    response clears the deadline, leaving the timer to the next response. The stall is
    raised at the same moment as aiohttp's own timer would (``_on_read_timeout``): the
    configured seconds after the last byte, or after the request was sent.
    """

    _deadline: float | None = None
    _armed = 0.0  # when the pending timer fires

    def _reschedule_timeout(self) -> None:
        seconds = self._read_timeout
        if not seconds:
            self._drop_timeout()
            return
        self._deadline = deadline = self._loop.time() + seconds
        handle = self._read_timeout_handle
        if handle is None or self._armed > deadline:  # none, or one too late (a longer timeout's)
            if handle is not None:
                handle.cancel()
            self._arm(deadline)

    def _arm(self, when: float) -> None:
        self._read_timeout_handle = self._loop.call_at(when, self._on_timer)
        self._armed = when

    def _drop_timeout(self) -> None:
        self._deadline = None  # the pending timer, if any, finds no deadline

    def _on_timer(self) -> None:
        self._read_timeout_handle = None
        deadline = self._deadline
        if deadline is None:
            return
        if self._loop.time() < deadline:
            self._arm(deadline)
            return
        self._deadline = None
        self._on_read_timeout()

    def connection_lost(self, exc: BaseException | None) -> None:
        super().connection_lost(exc)
        handle, self._read_timeout_handle = self._read_timeout_handle, None
        if handle is not None:
            handle.cancel()  # a closed connection holds no timer


_LAZY_TIMER = all(
    callable(getattr(ResponseHandler, name, None))
    for name in ("_reschedule_timeout", "_drop_timeout", "_on_read_timeout", "start_timeout")
)
"""Whether this aiohttp's protocol has the timer methods :class:`_Handler` replaces (else
the connector keeps aiohttp's own)."""


def _connector(limit: int, ssl_: ssl.SSLContext | bool) -> aiohttp.TCPConnector:
    connector = aiohttp.TCPConnector(limit=limit, ssl=ssl_)
    factory = getattr(connector, "_factory", None)
    if _LAZY_TIMER and isinstance(factory, functools.partial) and factory.func is ResponseHandler:
        connector._factory = functools.partial(_Handler, *factory.args, **factory.keywords)  # type: ignore[assignment]
    return connector


class AiohttpTransport:
    """Sends :class:`~boosty.Request` objects over one :class:`aiohttp.ClientSession`.

    ``session``: a session to borrow (left open by :meth:`aclose`); otherwise one is made on
    first use (inside the running loop) from the keyword arguments, which mirror httpx's:
    ``proxy`` (``http``/``https`` URL, user info allowed; SOCKS needs the httpx backend),
    ``verify`` (bool, CA bundle path or :class:`ssl.SSLContext`), ``cert``, ``timeout``
    (seconds for connecting and for each read), ``trust_env`` (``HTTP(S)_PROXY``,
    ``NO_PROXY``; default ``True``), ``follow_redirects`` (default ``True``),
    ``max_redirects`` (20), ``limits`` (an object with ``max_connections``, e.g.
    ``httpx.Limits``) or ``max_connections`` (100).

    Raises :class:`TypeError` for options aiohttp cannot honour (``http2=True``, ``mounts``,
    ``event_hooks``, ``cookies``, ...) and :class:`ValueError` for a SOCKS proxy.
    """

    def __init__(self, session: aiohttp.ClientSession | None = None, *, timeout: float, **options: Any) -> None:
        if session is not None and options:
            raise TypeError("pass either an aiohttp session or keyword arguments, not both")
        if options.pop("http2", False):
            raise TypeError("the aiohttp backend speaks HTTP/1.1 only: use backend='httpx' for http2=True")
        if options.get("cookies") is not None:
            raise TypeError("the aiohttp backend stores no cookies: send them as headers (Boosty(cookies=...))")
        options.pop("cookies", None)
        unknown = sorted(
            set(options)
            - {"proxy", "verify", "cert", "trust_env", "follow_redirects", "max_redirects", "limits", "max_connections"}
        )
        if unknown:
            raise TypeError(f"the aiohttp backend does not take {', '.join(unknown)}")
        proxy = options.get("proxy")
        if proxy is not None and urlsplit(str(proxy)).scheme.lower() in ("socks5", "socks5h"):
            raise ValueError("the aiohttp backend takes http(s) proxies only: use backend='httpx' for SOCKS")
        check_proxy(None if proxy is None else str(proxy), ("http", "https"))
        self._session = session
        self._owns_session = session is None
        self._proxy: Proxy | None = _proxy(str(proxy)) if proxy is not None else None
        self._env_proxies = _EnvProxies() if options.get("trust_env", True) else None
        self._ssl = _ssl(options.get("verify", True), options.get("cert"))
        self._follow = bool(options.get("follow_redirects", True))
        self._max_redirects = int(options.get("max_redirects", 20))
        limits = options.get("limits")
        limit = getattr(limits, "max_connections", None) if limits is not None else options.get("max_connections", 100)
        self._limit = 0 if limit is None else int(limit)  # aiohttp: 0 = no limit
        self.timeout = timeout
        self._timeouts: dict[float, aiohttp.ClientTimeout] = {}
        self._last_headers: Headers | None = None
        self._last_sent: CIMultiDictProxy[str] = CIMultiDictProxy(CIMultiDict())

    @property
    def session(self) -> aiohttp.ClientSession | None:
        """The aiohttp session (``None`` until the first request when this transport makes it)."""
        return self._session

    def _get_session(self) -> aiohttp.ClientSession:
        session = self._session
        if session is None or (session.closed and self._owns_session):
            connector = _connector(self._limit, self._ssl)
            session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=False,  # proxies come from _EnvProxies; never ~/.netrc credentials
                auto_decompress=True,
            )
            self._session = session
        return session

    def _timeout(self, seconds: float | None) -> aiohttp.ClientTimeout:
        value = self.timeout if seconds is None else seconds
        found = self._timeouts.get(value)
        if found is None:
            found = aiohttp.ClientTimeout(total=None, connect=value, sock_connect=value, sock_read=value)
            self._timeouts[value] = found
        return found

    def _sent(self, headers: Headers) -> CIMultiDictProxy[str]:
        """``headers`` as aiohttp takes them, read-only: made again only for another
        :class:`Headers` object than the last (a client's requests share its own)."""
        if headers is not self._last_headers:
            self._last_sent = CIMultiDictProxy(CIMultiDict(headers._items))
            self._last_headers = headers
        return self._last_sent

    @staticmethod
    def _body(request: Request, headers: CIMultiDict[str]) -> Any:
        if request.files is not None:
            return _multipart(request.files, request.data)
        if request.data is not None:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
            return urlencode(_form_pairs(request.data))
        if request.json is not None:
            headers.setdefault("Content-Type", "application/json")
            return _json.dumps(request.json, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
        content: Any = request.content
        if content is not None and not isinstance(content, (bytes, bytearray, AsyncIterable)):
            return _async_chunks(content)
        return content

    async def send(self, request: Request) -> Response:
        """Send ``request``; raises :class:`~boosty.NetworkError` / :class:`~boosty.RequestTimeout`
        for a transport failure (and for more than ``max_redirects`` redirects)."""
        start = perf_counter()
        session = self._session
        if session is None or session.closed:
            session = self._get_session()
        seconds = request.timeout
        timeout = self._timeouts.get(self.timeout if seconds is None else seconds) or self._timeout(seconds)
        url, url_text = _parsed(request.url)
        method, params = request.method, request.params
        headers: CIMultiDict[str] | CIMultiDictProxy[str]
        if request.files is None and request.data is None and request.json is None and request.content is None:
            body, headers = None, self._sent(request.headers)
        else:
            headers = CIMultiDict(request.headers._items)
            body = self._body(request, headers)
        try:
            for _ in range(self._max_redirects + 1):
                proxy, proxy_authorization = self._proxy or (self._env_proxies(url) if self._env_proxies else _NO_PROXY)
                hop_headers, proxy_headers = headers, None
                if proxy_authorization is not None:
                    if url.scheme == "https":
                        proxy_headers = {"Proxy-Authorization": proxy_authorization}
                    else:
                        hop_headers = headers.copy()
                        hop_headers["Proxy-Authorization"] = proxy_authorization
                response = await session.request(
                    method,
                    url,
                    params=params or None,
                    headers=hop_headers,
                    data=body,
                    proxy=proxy,
                    proxy_headers=proxy_headers,
                    timeout=timeout,
                    allow_redirects=False,
                )
                if not (self._follow and response.status in _REDIRECTS and response.headers.get("Location")):
                    break
                location = response.headers["Location"]
                response.release()
                headers = CIMultiDict(headers)  # changed below: a copy of the shared ones
                target = urljoin(str(response.url), location)
                if response.status == 303 or (response.status in (301, 302) and method == "POST"):
                    if method != "HEAD":
                        method = "GET"
                    body = None
                    for name in ("Content-Type", "Content-Length", "Transfer-Encoding"):
                        headers.popall(name, None)
                if not same_origin(str(response.url), target):
                    for name in origin_bound(request.extensions):
                        headers.popall(name, None)
                url, params = URL(target), ()
                url_text = str(url)
            else:
                response.release()
                raise NetworkError(f"TooManyRedirects on {request!r}: more than {self._max_redirects}", request)
            final_url = url_text if response.url is url else str(response.url)
            if request.stream:
                return new_response(
                    final_url,
                    response.status,
                    _headers(response),
                    b"",
                    request,
                    perf_counter() - start,
                    _Stream(response, request),
                )
            try:
                content = await response.read()
            finally:
                response.release()
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            raise _wrap_error(exc, request) from exc
        return new_response(final_url, response.status, _headers(response), content, request, perf_counter() - start)

    async def aclose(self) -> None:
        """Close the session if this transport made it."""
        if self._owns_session and self._session is not None:
            await self._session.close()

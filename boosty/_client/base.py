"""The client core: base URL, default headers, auth, errors, JSON decoding, sync/async dispatch."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlsplit

from .._auth import make_auth
from .._auth.base import Auth
from .._auth.refreshing import DEFAULT_REFRESH_MARGIN
from .._checks import check_cookies, check_headers, check_seconds
from .._errors import BoostyError, ClientClosedError, ParseError, error_for_response
from .._flow import Close, Flow
from .._json import loads as decode_json
from .._sender._http import HeaderInput, Headers, Request, Response, new_request
from .._sender._origin import ORIGIN_HEADERS
from .._sender.base import Sender, drive
from .._urls import safe_url as _safe_url
from .._version import __version__
from .parts import _check_backend, _Life, _quoted_segment

if TYPE_CHECKING:
    from .._config.settings import Settings

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_UPLOAD_BASE_URL", "ClientBase"]

T = TypeVar("T")
C = TypeVar("C", bound="ClientBase")

Parser = Callable[[Any, Response], T]
"""Turns the decoded JSON body (and the response it came in) into the endpoint's value."""

DEFAULT_BASE_URL = "https://api.boosty.to"
"""The API origin. Endpoint paths start with ``/v1/``; the token refresh is ``/oauth/token/``."""

DEFAULT_UPLOAD_BASE_URL = "https://uploadimg.boosty.to"
"""The upload host (``boosty-api.md`` §2.13); it gets the client's credentials too."""

DEFAULT_HEADERS = Headers(
    {
        "Accept": "application/json",
        "User-Agent": f"boosty-python/{__version__}",
    }
)


_ONE_EXCHANGE = Auth.flow
"""The flow of an auth that only adds credentials (no refresh): one exchange, no driver needed."""

_ABSOLUTE = ("http://", "https://")

_UNBOUND = frozenset(name.lower() for name in DEFAULT_HEADERS)
"""Header names any origin may see (the library's defaults)."""


def _origin_names(headers: Headers) -> frozenset[str]:
    """The lower-cased names of the client's own headers: they go to the API origin only."""
    return frozenset(name.lower() for name in headers) - _UNBOUND


class ClientBase:
    """Everything of a client but its endpoints; see :class:`boosty.Boosty` for the arguments."""

    _needs_async = False
    """``True`` for a client class that refuses a sync sender chain (:class:`boosty.AsyncBoosty`)."""

    def __init__(
        self,
        token: str | None = None,
        *,
        credentials: Any = None,
        token_storage: Any = None,
        sender: Sender[Any] | None = None,
        asynchronous: bool | None = None,
        base_url: str = DEFAULT_BASE_URL,
        upload_base_url: str = DEFAULT_UPLOAD_BASE_URL,
        headers: HeaderInput = None,
        cookies: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        backend: str | None = None,
    ) -> None:
        if sender is not None and not isinstance(sender, Sender):
            raise TypeError(f"sender must be a boosty Sender (e.g. SyncSender()), got {type(sender).__name__}")
        if self._needs_async and sender is not None and not sender.is_async:
            raise TypeError(f"{type(self).__name__} needs an async sender chain, got sync {type(sender).__name__}")
        _check_backend(backend, sender, bool(asynchronous) or self._needs_async)
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"base_url must be an http(s) origin, got {base_url!r}")
        self.base_url = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        self._origin_prefix = f"{parts.scheme}://{parts.netloc}/"
        upload = urlsplit(upload_base_url)
        if upload.scheme not in ("http", "https") or not upload.netloc:
            raise ValueError(f"upload_base_url must be an http(s) origin, got {upload_base_url!r}")
        self.upload_base_url = f"{upload.scheme}://{upload.netloc}{upload.path.rstrip('/')}"
        # Auth first: bad credentials or a corrupt storage must not leave a sender unclosed.
        self._auth = make_auth(
            (parts.scheme.lower(), parts.netloc.lower()),
            token,
            credentials,
            token_storage,
            base_url=self.base_url,
            refresh_margin=refresh_margin,
        )
        self._auth.extra_origins = frozenset({(upload.scheme.lower(), upload.netloc.lower())})
        check_headers(headers)
        check_cookies(cookies)
        check_seconds(timeout, "timeout", positive=True, optional=True)
        if params is not None and not isinstance(params, Mapping):
            raise TypeError(f"params must be a mapping, got {type(params).__name__}")
        self.sender: Sender[Any] = sender if sender is not None else self._default_sender(bool(asynchronous), backend)
        self._headers = DEFAULT_HEADERS.merge(headers)
        if cookies:
            cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
            self._headers = self._headers.merge({"Cookie": cookie})
        self._bound = _origin_names(self._headers)
        self._params = dict(params or {})
        self._timeout = timeout
        self._owns_sender = True
        self._life = _Life()
        self.settings: Settings | None = None
        """The :class:`boosty.Settings` the client was built from (:meth:`from_settings`), else ``None``."""

    # -- construction -------------------------------------------------------------

    @classmethod
    def from_settings(cls: type[C], settings: Settings | None = None, /, **arguments: Any) -> C:
        """A client built from :class:`boosty.Settings`: its sender chain (cache, retry, rate
        limit, concrete sender, in that order, each only where the settings ask for it), base
        URL and auth (``token``, else ``token_storage``, else ``redis_url``'s storage).

        ``settings=None`` merges arguments, ``BOOSTY_*`` variables, the config file and
        defaults (:meth:`Settings.load` with ``arguments``); given ``settings`` are used as
        they are, ``arguments`` replacing single values. The settings stay on
        ``client.settings``. Raises :class:`boosty.SettingsError` for a bad value.
        """
        from .._config.client import from_settings

        return from_settings(cls, settings, arguments)

    def _default_sender(self, asynchronous: bool, backend: str | None = None) -> Sender[Any]:
        from .._sender.concrete import AsyncSender, SyncSender

        if asynchronous or self._needs_async:
            return AsyncSender(backend=backend or "httpx")
        return SyncSender()

    @property
    def is_async(self) -> bool:
        """``True`` if endpoint methods return coroutines (the sender chain is async)."""
        return self.sender.is_async

    @property
    def closed(self) -> bool:
        """``True`` after :meth:`close` / :meth:`aclose` of this client or of the client it
        was derived from: every call then raises :class:`~boosty.ClientClosedError`."""
        return self._life.closed

    def _check_open(self) -> None:
        if self._life.closed:
            raise ClientClosedError(f"{type(self).__name__} is closed: build a new client to send requests")

    def _derive(self: C, headers: HeaderInput = None, timeout: float | None = None, **options: Any) -> C:
        check_headers(headers)
        check_cookies(options.get("cookies"))
        check_seconds(timeout, "timeout", positive=True, optional=True)
        new = copy.copy(self)
        new._owns_sender = False
        new._headers = self._headers.merge(headers)
        new._params = dict(self._params)
        if timeout is not None:
            new._timeout = timeout
        if "params" in options:
            new._params.update(options.pop("params") or {})
        if "cookies" in options:
            cookies = options.pop("cookies") or {}
            old = new._headers.get("Cookie")  # with a Cookie given in ``headers`` just now
            pairs = [old] if old else []
            pairs += [f"{k}={v}" for k, v in cookies.items()]
            new._headers = new._headers.merge({"Cookie": "; ".join(pairs)})
        if options:
            raise TypeError(f"unknown options: {', '.join(sorted(options))}")
        new._bound = _origin_names(new._headers)
        return new

    def with_headers(self: C, headers: HeaderInput) -> C:
        """A new client sending ``headers`` too, sharing this client's sender chain and pool."""
        return self._derive(headers=headers)

    def with_cookies(self: C, cookies: Mapping[str, str]) -> C:
        """A new client sending ``cookies`` to the API host too, sharing the sender chain."""
        return self._derive(cookies=cookies)

    def with_timeout(self: C, timeout: float) -> C:
        """A new client whose requests time out after ``timeout`` seconds, sharing the chain."""
        return self._derive(timeout=timeout)

    def with_options(
        self: C,
        *,
        headers: HeaderInput = None,
        cookies: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> C:
        """A new client with any of ``headers``, ``cookies``, ``params`` (query), ``timeout`` (s)."""
        options: dict[str, Any] = {}
        if cookies is not None:
            options["cookies"] = cookies
        if params is not None:
            options["params"] = params
        return self._derive(headers=headers, timeout=timeout, **options)

    # -- requests ----------------------------------------------------------------

    def _url(self, path: str, *segments: object) -> str:
        """``base_url`` + ``path`` where each ``{}`` in ``path`` takes one percent-encoded segment."""
        if path.startswith(_ABSOLUTE):
            return path
        if len(segments) == 1:  # most endpoints: one slug or id
            segment = segments[0]
            path = path.format(_quoted_segment(segment if type(segment) is str else str(segment)))
        elif segments:
            path = path.format(*[_quoted_segment(s if type(s) is str else str(s)) for s in segments])
        if path.startswith("/"):
            return self.base_url + path
        return self.base_url + "/" + path

    def _request(
        self,
        method: str,
        path: str,
        *segments: object,
        params: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> Request:
        """A :class:`Request` for ``path`` (``{}`` placeholders filled by ``segments``)."""
        url = self._url(path, *segments)
        if params is None and not fields:  # most endpoints: nothing to normalise
            if self._params or not url.startswith(self._origin_prefix):
                return new_request(method.upper(), url)
            # Built as _prepare would finish it, which then has nothing to do.
            timeout = None if self._timeout is None else float(self._timeout)
            extensions = {ORIGIN_HEADERS: self._bound} if self._bound else {}
            return new_request(method.upper(), url, headers=self._headers, timeout=timeout, extensions=extensions)
        return Request(method, url, params=params, **fields)

    def _prepare(self, request: Request) -> Request:
        """``request`` with the client's headers, query parameters, timeout and origin-bound
        header names, for the API origin; a request for another origin as it is. Preparing
        twice changes nothing."""
        if (
            request.headers is self._headers
            and not self._params
            and (request.timeout is not None or self._timeout is None)
            and (not self._bound or request.extensions.get(ORIGIN_HEADERS) is self._bound)
        ):
            return request  # prepared already (by _request): this would rebuild it unchanged
        url = request.url
        # The prefix test settles the common case without parsing the URL: a URL starting
        # with "scheme://netloc/" of the base URL has that origin.
        if not url.startswith(self._origin_prefix) and request.origin != self._auth.api_origin:
            # Media hosts and other origins get the request as built: no default headers,
            # cookies or credentials of the API.
            return request
        headers = request.headers
        extensions = request.extensions
        params = request.params
        timeout = request.timeout
        if self._bound:
            # A redirect to another origin must not carry them (the concrete senders drop these).
            extensions = {**extensions, ORIGIN_HEADERS: self._bound}
        if self._params:
            given = {k for k, _ in params}
            extra = tuple((k, v) for k, v in Request("GET", "/", params=self._params).params if k not in given)
            params += extra
        if timeout is None and self._timeout is not None:
            timeout = float(self._timeout)
        merged = self._headers.merge(headers) if headers._items else self._headers
        return new_request(
            request.method,
            url,
            params,
            merged,
            request.data,
            request.json,
            request.content,
            request.files,
            timeout,
            extensions,
            request.stream,
        )

    def _parse(self, response: Response, parse: Parser[T]) -> T:
        content = response.content
        if content and not content.isspace():  # (no stripped copy of the body)
            try:
                payload: Any = decode_json(content)
            except ValueError as exc:
                raise ParseError(f"response is not JSON ({exc})", response=response) from exc
        else:
            payload = None
        try:
            return parse(payload, response)
        except BoostyError:
            raise
        except Exception as exc:
            raise ParseError(f"unexpected response shape: {type(exc).__name__}: {exc}", response=response) from exc

    def _exchange(self, request: Request, parse: Parser[T] | None) -> Flow[Any]:
        """The path of every request, top to bottom: prepare, send through auth and the
        chain, map an error status to its exception (the one place that does), parse."""
        response: Response = yield from self._auth.flow(self._prepare(request))  # auth: the outermost layer
        try:
            return self._settle(response, parse)
        except Exception:
            yield Close(response)
            raise

    def _dispatch(self, request: Request, parse: Parser[T] | None) -> Any:
        """:meth:`_exchange` in the chain's mode: the value, or a coroutine of it.

        With an auth of one exchange (no token refresh: :class:`Auth`'s own ``flow``) the
        same steps run without the flow driver (:meth:`_exchange_async` /
        :meth:`_exchange_sync`): the driver's steps and objects were a measurable part of a
        request's CPU (``bench/fanout.py``). A refreshing auth keeps the driver.
        """
        if type(self._auth).flow is _ONE_EXCHANGE:
            if self.sender.is_async:
                return self._exchange_async(request, parse)
            return self._exchange_sync(request, parse)
        return drive(self._exchange(request, parse), self.sender)

    def _settle(self, response: Response, parse: Parser[T] | None) -> Any:
        """The error for an error status, raised (the one place that maps it); else the
        response, or ``parse``'s value. Both request paths (:meth:`_exchange` and the direct
        ones) end here."""
        if response.status_code >= 400:  # (error_for_response's own test, without the call)
            error = error_for_response(response)
            if error is not None:
                raise error
        return response if parse is None else self._parse(response, parse)

    async def _exchange_async(self, request: Request, parse: Parser[T] | None) -> Any:
        sent: Any = self.sender.send(self._auth.authorise(self._prepare(request)))  # a coroutine
        response: Response = await sent
        try:
            return self._settle(response, parse)
        except BaseException:
            with contextlib.suppress(Exception):  # as the driver: a streamed response is released
                await response.aclose()
            raise

    def _exchange_sync(self, request: Request, parse: Parser[T] | None) -> Any:
        response = cast(Response, self.sender.send(self._auth.authorise(self._prepare(request))))
        try:
            return self._settle(response, parse)
        except BaseException:
            with contextlib.suppress(Exception):
                response.close()
            raise

    def _call(self, request: Request, parse: Parser[T]) -> T | Coroutine[Any, Any, T]:
        """Send ``request`` through auth and the chain, raise for errors, parse the JSON."""
        if self._life.closed:
            self._check_open()
        result: T | Coroutine[Any, Any, T] = self._dispatch(request, parse)
        return result

    def send(self, request: Request) -> Any:
        """Send a prepared :class:`~boosty.Request` through the same auth, chain and errors.

        Returns the :class:`~boosty.Response` (a coroutine of it for an async client).
        Raises :class:`~boosty.HTTPError` subclasses for 4xx/5xx and
        :class:`~boosty.NetworkError` for transport failures.
        """
        self._check_open()
        if not isinstance(request, Request):
            raise TypeError(f"request must be a boosty Request, got {type(request).__name__}")
        return self._dispatch(request, None)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: HeaderInput = None,
        data: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | None = None,
        files: Any = None,
        timeout: float | None = None,
        stream: bool = False,
        idempotent: bool | None = None,
    ) -> Any:
        """Call an endpoint the library does not wrap yet: ``client.request("GET", "/v1/...")``.

        ``path`` starts with ``/`` (joined to ``base_url``) or is an absolute URL (another
        origin gets none of the client's headers, cookies or credentials). ``params``: the
        query (``None`` values dropped, bools as ``true``/``false``, lists repeated);
        ``headers``: added to the client's; one body: ``data`` (a form), ``json``, ``content``
        (bytes) or ``files`` (multipart, as httpx takes it); ``timeout``: seconds (default: the
        client's, else the sender's); ``stream=True``: the body is left in
        :attr:`Response.stream` (close the response when done); ``idempotent``: whether a
        :class:`~boosty.RetryingSender` may repeat the request after a transport error or a
        5xx (default ``None``: only for methods idempotent by HTTP, never a ``POST``).

        Goes through the same auth, sender chain and errors as every endpoint method and
        returns the :class:`~boosty.Response` (a coroutine of it for an async client). Raises
        :class:`~boosty.HTTPError` subclasses for 4xx/5xx and :class:`~boosty.NetworkError`
        (:class:`~boosty.RequestTimeout`) for transport failures.
        """
        if not isinstance(method, str) or not method:
            raise TypeError(f"method must be an HTTP method name such as 'GET', got {method!r}")
        if not isinstance(path, str):
            raise TypeError(f"path must be a str, got {type(path).__name__}")
        check_headers(headers)
        check_seconds(timeout, "timeout", positive=True, optional=True)
        if idempotent is not None and not isinstance(idempotent, bool):
            raise TypeError(f"idempotent must be a bool or None, got {type(idempotent).__name__}")
        request = Request(
            method,
            self._url(path),
            params=params,
            headers=headers,
            data=data,
            json=json,
            content=content,
            files=files,
            timeout=timeout,
            stream=stream,
            extensions={} if idempotent is None else {"idempotent": bool(idempotent)},
        )
        return self.send(request)

    # -- lifecycle ---------------------------------------------------------------

    def _before_close(self) -> None:
        """Called by :meth:`close` / :meth:`aclose` before the chain closes (stops polling)."""

    def _closing(self) -> bool:
        """The part of :meth:`close` / :meth:`aclose` before the chain closes: stop polling,
        mark the client closed, close its auth. ``True`` when the caller must close the chain
        (this client owns it and it was open)."""
        if not self._owns_sender:
            return False
        self._before_close()
        if self._life.closed:
            return False
        self._life.closed = True
        self._auth.close()
        return True

    def close(self) -> None:
        """Close the sender chain this client owns (sync clients; derived clients close nothing).

        Stops a running ``start_polling`` / ``watch`` loop first; afterwards :attr:`closed` is
        ``True`` and every call raises :class:`~boosty.ClientClosedError`. Closing twice is
        harmless.
        """
        if self._closing():
            self.sender.close()

    async def aclose(self) -> None:
        """Close the sender chain this client owns (async clients); as :meth:`close`."""
        if self._closing():
            await self.sender.aclose()

    def __enter__(self: C) -> C:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self: C) -> C:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        mode = "async" if self.is_async else "sync"
        return f"{type(self).__name__}(base_url={_safe_url(self.base_url)!r}, auth={type(self._auth).__name__}, {mode})"

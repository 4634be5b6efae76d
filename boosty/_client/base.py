"""The client core: base URL, default headers, auth, errors, JSON decoding, sync/async dispatch."""

from __future__ import annotations

import copy
from collections.abc import Coroutine, Mapping
from typing import Any, TypeVar, cast
from urllib.parse import quote, urlsplit

from .._auth import make_auth
from .._errors import BoostyError, ParseError, _safe_url, error_for_response
from .._json import loads as decode_json
from .._sender._http import HeaderInput, Headers, Request, Response
from .._sender.base import Sender
from .._version import __version__
from .endpoint import Parser

__all__ = ["DEFAULT_BASE_URL", "ClientBase"]

T = TypeVar("T")
C = TypeVar("C", bound="ClientBase")

DEFAULT_BASE_URL = "https://api.boosty.to"
"""The API origin. Endpoint paths start with ``/v1/``; the token refresh is ``/oauth/token/``."""

DEFAULT_HEADERS = Headers(
    {
        "Accept": "application/json",
        "User-Agent": f"boosty-python/{__version__}",
    }
)


def path_segment(value: object) -> str:
    """Percent-encode one path segment taken from an argument or API data.

    Raises :class:`ValueError` for an empty segment, ``.`` or ``..``: a slug can never
    reroute a request.
    """
    text = str(value)
    if text in ("", ".", ".."):
        raise ValueError(f"invalid path segment: {text!r}")
    return quote(text, safe="")


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
        sender: Sender | None = None,
        base_url: str = DEFAULT_BASE_URL,
        headers: HeaderInput = None,
        cookies: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> None:
        if self._needs_async and sender is not None and not sender.is_async:
            raise TypeError(f"{type(self).__name__} needs an async sender chain, got sync {type(sender).__name__}")
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"base_url must be an http(s) origin, got {base_url!r}")
        self.base_url = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        # Auth first: bad credentials or a corrupt storage must not leave a sender unclosed.
        self._auth = make_auth(
            (parts.scheme.lower(), parts.netloc.lower()), token, credentials, token_storage, base_url=self.base_url
        )
        self.sender: Sender = sender if sender is not None else self._default_sender()
        self._headers = DEFAULT_HEADERS.merge(headers)
        if cookies:
            cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
            self._headers = self._headers.merge({"Cookie": cookie})
        self._params = dict(params or {})
        self._timeout = timeout
        self._owns_sender = True

    # -- construction -------------------------------------------------------------

    def _default_sender(self) -> Sender:
        from .._sender.concrete import SyncSender

        return SyncSender()

    @property
    def is_async(self) -> bool:
        """``True`` if endpoint methods return coroutines (the sender chain is async)."""
        return self.sender.is_async

    def _derive(self: C, headers: HeaderInput = None, timeout: float | None = None, **options: Any) -> C:
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
        if path.startswith(("http://", "https://")):
            return path
        if segments:
            path = path.format(*(path_segment(s) for s in segments))
        if not path.startswith("/"):
            path = "/" + path
        return self.base_url + path

    def _request(
        self,
        method: str,
        path: str,
        *segments: object,
        params: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> Request:
        """A :class:`Request` for ``path`` (``{}`` placeholders filled by ``segments``)."""
        return Request(method, self._url(path, *segments), params=params, **fields)

    def _prepare(self, request: Request) -> Request:
        if request.origin != self._auth.api_origin:
            # Media hosts and other origins get the request as built: no default headers,
            # cookies or credentials of the API.
            return request
        changes: dict[str, Any] = {"headers": self._headers.merge(request.headers)}
        if self._params:
            given = {k for k, _ in request.params}
            extra = tuple((k, v) for k, v in Request("GET", "/", params=self._params).params if k not in given)
            changes["params"] = request.params + extra
        if request.timeout is None and self._timeout is not None:
            changes["timeout"] = float(self._timeout)
        return request._copy(**changes)

    def _check(self, response: Response) -> Response:
        error = error_for_response(response)
        if error is not None:
            response.close()
            raise error
        return response

    def _parse(self, response: Response, parse: Parser[T]) -> T:
        if response.content.strip():
            try:
                payload: Any = decode_json(response.content)
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

    def _send_sync(self, request: Request) -> Response:
        response = self._auth.sync_send(self._prepare(request), cast(Any, self.sender.send))
        return self._check(response)

    async def _send_async(self, request: Request) -> Response:
        response = await self._auth.async_send(self._prepare(request), cast(Any, self.sender.send))
        error = error_for_response(response)
        if error is not None:
            await response.aclose()
            raise error
        return response

    def _call(self, request: Request, parse: Parser[T]) -> T | Coroutine[Any, Any, T]:
        """Send ``request`` through auth and the chain, raise for errors, parse the JSON."""
        if self.sender.is_async:
            return self._call_async(request, parse)
        return self._parse(self._send_sync(request), parse)

    async def _call_async(self, request: Request, parse: Parser[T]) -> T:
        return self._parse(await self._send_async(request), parse)

    def send(self, request: Request) -> Any:
        """Send a prepared :class:`~boosty.Request` through the same auth, chain and errors.

        Returns the :class:`~boosty.Response` (a coroutine of it for an async client).
        Raises :class:`~boosty.HTTPError` subclasses for 4xx/5xx and
        :class:`~boosty.NetworkError` for transport failures.
        """
        if self.sender.is_async:
            return self._send_async(request)
        return self._send_sync(request)

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
    ) -> Any:
        """Call an endpoint the library does not wrap yet: ``client.request("GET", "/v1/...")``.

        ``path`` starts with ``/`` (joined to ``base_url``) or is an absolute URL (another
        origin gets none of the client's headers, cookies or credentials). ``params``: the
        query (``None`` values dropped, bools as ``true``/``false``, lists repeated);
        ``headers``: added to the client's; one body: ``data`` (a form), ``json``, ``content``
        (bytes) or ``files`` (multipart, as httpx takes it); ``timeout``: seconds (default: the
        client's, else the sender's); ``stream=True``: the body is left in
        :attr:`Response.stream` (close the response when done).

        Goes through the same auth, sender chain and errors as every endpoint method and
        returns the :class:`~boosty.Response` (a coroutine of it for an async client). Raises
        :class:`~boosty.HTTPError` subclasses for 4xx/5xx and :class:`~boosty.NetworkError`
        (:class:`~boosty.TimeoutError`) for transport failures.
        """
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
        )
        return self.send(request)

    # -- lifecycle ---------------------------------------------------------------

    def close(self) -> None:
        """Close the sender chain this client owns (sync clients; derived clients close nothing)."""
        if self._owns_sender:
            self._auth.close()
            self.sender.close()

    async def aclose(self) -> None:
        """Close the sender chain this client owns (async clients)."""
        if self._owns_sender:
            self._auth.close()
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

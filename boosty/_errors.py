"""The exception hierarchy. :class:`BoostyError` is the root of everything the library raises.

No message or ``repr`` here contains a token: URLs are shown without their query or user info, and
bodies are reduced to Boosty's ``error`` / ``error_description`` or a short excerpt.
"""

from __future__ import annotations

import email.utils
import re
import time
from typing import TYPE_CHECKING, Any

from ._urls import safe_url as _safe_url

if TYPE_CHECKING:
    from ._sender._http import Request, Response

from ._json import loads as decode_json

__all__ = [
    "AuthError",
    "BadGateway",
    "BadRequest",
    "BoostyError",
    "ClientError",
    "Forbidden",
    "GatewayTimeout",
    "HTTPError",
    "InternalServerError",
    "MethodNotAllowed",
    "NetworkError",
    "NotFound",
    "ParseError",
    "RequestTimeout",
    "ServerError",
    "ServiceUnavailable",
    "TokenStorageError",
    "TooManyRequests",
    "Unauthorised",
    "UnknownFieldWarning",
    "UnsupportedMediaType",
]

_EXCERPT = 200


class BoostyError(Exception):
    """Root of every error raised by :mod:`boosty`."""


def _title_of(body: str) -> str:
    match = re.search(r"<title>(.*?)</title>", body, re.IGNORECASE | re.DOTALL)
    text = match.group(1) if match else body
    return " ".join(text.split())[:_EXCERPT]


class HTTPError(BoostyError):
    """A response with an error status (4xx or 5xx).

    Attributes: ``request`` and ``response`` (:class:`boosty.Request` /
    :class:`boosty.Response`), ``status_code`` (int), ``headers`` (case-insensitive),
    ``error`` and ``error_description`` (Boosty's JSON error body, or ``None``),
    ``body`` (the raw body as text, e.g. an nginx HTML page).
    """

    def __init__(self, request: Request, response: Response) -> None:
        self.request = request
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = response.text
        self.error: str | None = None
        self.error_description: str | None = None
        try:
            payload: Any = decode_json(response.content) if response.content else None
        except ValueError:
            payload = None
        if isinstance(payload, dict):
            err, desc = payload.get("error"), payload.get("error_description")
            self.error = str(err) if err is not None else None
            self.error_description = str(desc) if desc is not None else None
        super().__init__(self._message())

    def _message(self) -> str:
        head = f"{self.status_code} {self.request.method} {_safe_url(self.request.url)}"
        if self.error or self.error_description:
            detail = ": ".join(x for x in (self.error, self.error_description) if x)
            return f"{head}: {detail[:_EXCERPT]}"
        if self.body.strip():
            return f"{head}: {_title_of(self.body)}"
        return head

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._message()!r})"


class ClientError(HTTPError):
    """A 4xx response."""


class BadRequest(ClientError):
    """400 Bad Request (Boosty: ``invalid_param``, ``bad_data``; on media hosts: an expired link)."""


class Unauthorised(ClientError):
    """401 Unauthorized: no token, or an expired or invalid one."""


class Forbidden(ClientError):
    """403 Forbidden: no access to this resource (or an expired signed media link)."""


class NotFound(ClientError):
    """404 Not Found: unknown blog, post or route."""


class MethodNotAllowed(ClientError):
    """405 Method Not Allowed."""


class UnsupportedMediaType(ClientError):
    """415 Unsupported Media Type (Boosty: ``invalid_content_type``)."""


class TooManyRequests(ClientError):
    """429 Too Many Requests. ``retry_after``: seconds to wait, from ``Retry-After``, or ``None``."""

    def __init__(self, request: Request, response: Response) -> None:
        super().__init__(request, response)
        self.retry_after = parse_retry_after(response.headers.get("Retry-After"))


class ServerError(HTTPError):
    """A 5xx response."""


class InternalServerError(ServerError):
    """500 Internal Server Error."""


class BadGateway(ServerError):
    """502 Bad Gateway (usually an nginx HTML page, kept in ``body``)."""


class ServiceUnavailable(ServerError):
    """503 Service Unavailable. ``retry_after``: seconds from ``Retry-After``, or ``None``."""

    def __init__(self, request: Request, response: Response) -> None:
        super().__init__(request, response)
        self.retry_after = parse_retry_after(response.headers.get("Retry-After"))


class GatewayTimeout(ServerError):
    """504 Gateway Timeout."""


class NetworkError(BoostyError):
    """The request did not complete: connection refused or dropped, DNS, TLS, proxy.

    The httpx exception is kept as ``__cause__``.
    """

    def __init__(self, message: str, request: Request | None = None) -> None:
        super().__init__(message)
        self.request = request


class RequestTimeout(NetworkError, TimeoutError):
    """The request timed out (connect, read, write or pool); httpx's error is ``__cause__``.

    Also a builtin :class:`TimeoutError`, so ``except TimeoutError`` catches it too. The old
    name ``boosty.RequestTimeout`` is a deprecated alias (it warns :class:`DeprecationWarning`).
    """


class ParseError(BoostyError):
    """A response is not the JSON the endpoint promises.

    ``path`` names the bad field (e.g. ``"data[3].price"``), ``response`` is the response.
    """

    def __init__(self, message: str, path: str = "", response: Response | None = None) -> None:
        self.path = path
        self.response = response
        super().__init__(f"{message} at {path}" if path else message)


class AuthError(BoostyError):
    """Authentication failed for good: a refresh was rejected, or no credentials to refresh with.

    ``error`` / ``error_description`` carry Boosty's answer where there was one.
    """

    def __init__(self, message: str, error: str | None = None, error_description: str | None = None) -> None:
        super().__init__(message)
        self.error = error
        self.error_description = error_description


class TokenStorageError(BoostyError):
    """Tokens could not be read from or written to a token storage (the path is in the message)."""


class ClientClosedError(BoostyError, RuntimeError):
    """A call on a client after :meth:`~boosty.Boosty.close` / ``aclose()`` (or on a client
    derived from it with ``with_headers`` and the like): its connections are gone. Build a new
    client instead.

    Caught by ``except boosty.BoostyError`` and, as httpx's error for a closed client was,
    by ``except RuntimeError``. Not in the package root (its name budget is spent): import it
    from ``boosty._errors`` if you must name it.
    """


class UnknownFieldWarning(UserWarning):
    """The API sent a field the models do not know (reported once per model and field)."""


_BY_STATUS: dict[int, type[HTTPError]] = {
    400: BadRequest,
    401: Unauthorised,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    415: UnsupportedMediaType,
    429: TooManyRequests,
    500: InternalServerError,
    502: BadGateway,
    503: ServiceUnavailable,
    504: GatewayTimeout,
}


def error_for_response(response: Response) -> HTTPError | None:
    """The :class:`HTTPError` subclass instance for an error status, or ``None`` below 400.

    Unlisted 4xx map to :class:`ClientError`, unlisted 5xx to :class:`ServerError`,
    anything else of 400 or more to :class:`HTTPError`.
    """
    status = response.status_code
    if status < 400:
        return None
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = ClientError if status < 500 else ServerError if status < 600 else HTTPError
    return cls(response.request, response)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an HTTP-date).

    Returns ``None`` for a missing or unparseable value, ``0.0`` for a date in the past
    or a negative number. The caller caps the result.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN / inf
        return None
    return max(0.0, seconds)

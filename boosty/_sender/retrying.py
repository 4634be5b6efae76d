""":class:`RetryingSender`: retries transport errors, 5xx and 429 with capped, jittered backoff."""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable

from .._checks import check_count, check_seconds
from .._errors import NetworkError, error_for_response, parse_retry_after
from .._mode import SM
from ._http import Request, Response
from .base import Close, ExtendingSender, Flow, Sender, Sleep

__all__ = ["IDEMPOTENT", "IDEMPOTENT_METHODS", "NO_RETRY", "RetryingSender"]

logger = logging.getLogger("boosty.retry")

_MARK = "boosty.retrying"
"""Request extension set by the outermost :class:`RetryingSender`; inner ones pass through."""


class _Mark:
    """The retry mark of one call: active while the outer :class:`RetryingSender` runs it."""

    __slots__ = ("active",)

    def __init__(self) -> None:
        self.active = True


IDEMPOTENT = "idempotent"
"""Request extension saying whether repeating the request is harmless: ``True`` lets a
:class:`RetryingSender` retry a ``POST`` after a transport error or a 5xx, ``False`` forbids
retrying even a ``PUT`` (``Request(..., extensions={"idempotent": True})``, or
``client.request(..., idempotent=True)``). Without it the method decides."""

NO_RETRY = "boosty.no_retry"
"""Request extension: ``True`` when the caller retries the request itself (the downloader's
media requests), so every :class:`RetryingSender` passes it through once: one retry budget,
never the product of two."""

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
"""Methods idempotent by HTTP (RFC 9110 §9.2.2): the default ``retry_methods``."""

_RETRY_AFTER_STATUSES = frozenset({429, 503})
_MAX_EXPONENT = 62  # 2**62 seconds is beyond any cap; keeps the float product finite


class RetryingSender(ExtendingSender[SM]):
    """Retries a request that failed in a way worth retrying; written once for sync and async chains.

    Arguments:
        retries: extra attempts after the first (``0``: never retry; ``3``: up to 4 attempts).
        sender: the inner sender (default: a new :class:`~boosty.SyncSender`).
        backoff_base: seconds; the wait before retry ``n`` (0-based) is drawn uniformly from
            ``[0, min(backoff_cap, backoff_base * 2**n)]`` ("full jitter").
        backoff_cap: seconds; the largest backoff wait.
        retry_after_cap: seconds; the largest wait taken from a ``Retry-After`` header.
        max_429_attempts: how many ``429`` answers one call tolerates before giving up; bounds
            a 429 storm, with or without ``Retry-After``, even with a large ``retries``.
        retry_methods: methods retried after a transport error or a ``retry_statuses`` answer
            (default: the methods idempotent by HTTP, ``GET``, ``HEAD``, ``OPTIONS``, ``PUT``,
            ``DELETE``; ``POST`` and ``PATCH`` are left out because a write must never run
            twice). A request's ``"idempotent"`` extension overrides this per request.
        retry_statuses: statuses retried for ``retry_methods`` (default 500, 502, 503, 504).

    Raises :class:`TypeError` for a count that is not an ``int`` (``retries=2.5``) or a
    wait that is not a number, :class:`ValueError` for a negative or infinite one.

    What is retried:

    * :class:`~boosty.NetworkError` (including :class:`~boosty.RequestTimeout`) and a
      ``retry_statuses`` answer, for idempotent requests only: the request's
      ``"idempotent"`` extension (:data:`IDEMPOTENT`) if it has one, else its method is in
      ``retry_methods``. So a ``POST`` meeting a 503 is sent once (the server may have acted
      on it), unless the caller said ``idempotent=True``.
    * ``429 Too Many Requests`` that carries ``Retry-After``, for *any* request and
      **whatever** ``retries`` **is**, as tekore's ``RetryingSender`` does ("even when the number
      of retries is set to zero, retries based on rate limiting are still performed"): the
      server refused the request before processing it, so repeating even a ``POST`` does not
      repeat its effect. These waits spend no retry of the ``retries`` budget; unlike
      tekore's they are bounded: each wait by ``retry_after_cap`` and their number by
      ``max_429_attempts`` (``RetryingSender()`` is a pure rate-limit waiter).
    * ``429`` without ``Retry-After``, for idempotent requests, within the ``retries`` budget
      (and ``max_429_attempts``), with the backoff as the wait.

    The wait honours ``Retry-After`` on 429 and 503 (delta-seconds or an HTTP-date; capped at
    ``retry_after_cap``; a past date or negative number means no wait; an unparseable value
    falls back to the backoff). Each retry is logged at DEBUG on the ``boosty.retry`` logger.

    When it gives up: a transport error is re-raised; a retryable status raises the matching
    :class:`~boosty.HTTPError` subclass (:class:`~boosty.TooManyRequests`,
    :class:`~boosty.ServiceUnavailable`, ...), exactly what the client would raise for that
    response. Responses that are not retried (2xx-4xx, or 5xx to a ``POST``) are returned as is.

    Retry layers never multiply: the outermost :class:`RetryingSender` in a chain marks the
    request and inner ones pass it straight through; a request whose ``"boosty.no_retry"``
    extension (:data:`NO_RETRY`) is ``True`` is retried by its caller and passes through all. A streamed request
    (``Request(stream=True)``) is retried only before its response is handed out; discarded
    streamed responses are closed.
    """

    def __init__(
        self,
        retries: int = 0,
        sender: Sender[SM] | None = None,
        *,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        retry_after_cap: float = 60.0,
        max_429_attempts: int = 5,
        retry_methods: Iterable[str] = IDEMPOTENT_METHODS,
        retry_statuses: Iterable[int] = frozenset({500, 502, 503, 504}),
    ) -> None:
        self.retries = check_count(retries, "retries")
        self.backoff_base = float(check_seconds(backoff_base, "backoff_base") or 0.0)
        self.backoff_cap = float(check_seconds(backoff_cap, "backoff_cap") or 0.0)
        self.retry_after_cap = float(check_seconds(retry_after_cap, "retry_after_cap") or 0.0)
        self.max_429_attempts = check_count(max_429_attempts, "max_429_attempts", 1)
        methods = [retry_methods] if isinstance(retry_methods, str) else list(retry_methods)
        if not all(isinstance(m, str) for m in methods):
            raise TypeError("retry_methods must be method names such as 'GET'")
        statuses = list(retry_statuses)
        if not all(isinstance(s, int) and not isinstance(s, bool) and 100 <= s <= 599 for s in statuses):
            raise ValueError(f"retry_statuses must be HTTP status codes (100 to 599), got {statuses!r}")
        super().__init__(sender)
        self.retry_methods = frozenset(m.upper() for m in methods)
        self.retry_statuses = frozenset(statuses)

    def backoff(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (0-based), with full jitter."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2.0 ** min(retry, _MAX_EXPONENT))
        return random.uniform(0.0, ceiling)

    def _delay(self, response: Response, retry: int) -> float:
        if response.status_code in _RETRY_AFTER_STATUSES:
            header = response.headers.get("Retry-After")
            if header is not None:
                seconds = parse_retry_after(header)
                if seconds is not None:
                    return min(seconds, self.retry_after_cap)
        return self.backoff(retry)

    def flow(self, request: Request) -> Flow[Response]:
        mark = request.extensions.get(_MARK)
        if request.extensions.get(NO_RETRY) is True or (isinstance(mark, _Mark) and mark.active):
            # The caller or an outer RetryingSender retries this very call: never multiply.
            passed: Response = yield request
            return passed
        mark = _Mark()
        try:
            return (yield from self._attempts(request.with_extensions(**{_MARK: mark})))
        finally:
            # A request taken from a response later (``response.request``) carries a spent
            # mark, and is retried again by whoever sends it.
            mark.active = False

    def _attempts(self, request: Request) -> Flow[Response]:
        said = request.extensions.get(IDEMPOTENT)
        repeatable = said if isinstance(said, bool) else request.method in self.retry_methods
        response: Response
        retry = 0  # retries done so far (the backoff exponent)
        spent = 0  # retries counted against ``retries``
        throttled = 0  # 429 answers so far
        while True:
            counted = True  # whether this retry spends one of ``retries``
            try:
                response = yield request
            except NetworkError as exc:
                if not repeatable or spent >= self.retries:
                    raise
                spent += 1
                delay = self.backoff(retry)
                reason = type(exc).__name__
                if exc.__cause__ is not None:
                    reason += f" ({type(exc.__cause__).__name__})"
            else:
                status = response.status_code
                if status == 429 and "Retry-After" in response.headers:
                    # tekore's rule: rate limiting is waited out even with retries=0; the
                    # wait is capped and the count bounded, and it spends no retry.
                    throttled += 1
                    give_up = throttled >= self.max_429_attempts
                    counted = False
                elif status == 429 and repeatable:
                    throttled += 1
                    give_up = spent >= self.retries or throttled >= self.max_429_attempts
                    spent += 1
                elif repeatable and status in self.retry_statuses:
                    give_up = spent >= self.retries
                    spent += 1
                else:
                    return response
                if give_up:
                    error = error_for_response(response)
                    if error is None:  # a custom retry status below 400
                        return response
                    if response.stream is not None:
                        yield Close(response)
                    raise error
                delay = self._delay(response, retry)
                reason = str(status)
                if response.stream is not None:
                    yield Close(response)
            retry += 1
            if counted:
                logger.debug(
                    "retry %d of %d for %r after %s, waiting %.3f s", spent, self.retries, request, reason, delay
                )
            else:
                logger.debug(
                    "rate-limit wait %d of %d for %r, waiting %.3f s", throttled, self.max_429_attempts, request, delay
                )
            yield Sleep(delay)

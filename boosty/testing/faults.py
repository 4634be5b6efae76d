"""Fault injection for the fake server: what can go wrong, and which requests it hits.

``Fault`` describes one misbehaviour (build it with the class methods); a ``FaultRule``
binds it to requests by method and path glob, for a number of requests or with a seeded
probability. ``FaultInjector`` holds the rules and counts what it injected (thread-safe).
"""

from __future__ import annotations

import fnmatch
import json
import random
import threading
from datetime import datetime, timezone
from email.utils import format_datetime

import attrs

__all__ = ["Fault", "FaultInjector", "FaultRule", "nginx_page"]

_REASONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Temporarily Unavailable",
    504: "Gateway Time-out",
    429: "Too Many Requests",
}


def nginx_page(status: int) -> bytes:
    """The HTML error page nginx sends in front of the API (``<title>502 Bad Gateway</title>``)."""
    title = f"{status} {_REASONS.get(status, 'Error')}"
    return (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
        "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    ).encode()


@attrs.frozen
class Fault:
    """One injected misbehaviour. Build it with a class method:

    - :meth:`status` — an error status with a JSON body (or an nginx HTML page);
    - :meth:`html` — an nginx HTML error page (502 by default);
    - :meth:`rate_limit` — 429 with ``Retry-After`` (seconds or an HTTP-date);
    - :meth:`delay` — wait ``seconds`` then answer normally;
    - :meth:`drop` — close the connection without any response;
    - :meth:`truncate` — send the real headers (full ``Content-Length``) but only the first
      ``after`` bytes of the body, then close the connection;
    - :meth:`invalid_json` — 200 with ``application/json`` that is not JSON.
    """

    kind: str
    status_code: int = 0
    body: bytes = b""
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0
    after: int = 0

    @classmethod
    def status(
        cls,
        status: int,
        *,
        error: str | None = None,
        description: str | None = None,
        retry_after: float | str | datetime | None = None,
        html: bool = False,
        body: bytes | None = None,
    ) -> Fault:
        """Answer ``status``; JSON ``{"error", "error_description"}`` unless ``html`` or ``body``."""
        headers = _retry_after(retry_after)
        if body is None and html:
            return cls("status", status, nginx_page(status), "text/html", headers)
        if body is None:
            payload = {
                "error": error or ("internal" if status >= 500 else "error"),
                "error_description": description or _REASONS.get(status, "Injected fault"),
            }
            body = json.dumps(payload).encode()
        return cls("status", status, body, "application/json", headers)

    @classmethod
    def html(cls, status: int = 502) -> Fault:
        """An nginx HTML error page with ``status`` (502 Bad Gateway, 504 Gateway Time-out...)."""
        return cls.status(status, html=True)

    @classmethod
    def rate_limit(cls, retry_after: float | str | datetime | None = 1) -> Fault:
        """429 Too Many Requests; ``retry_after`` in seconds, an HTTP-date string or a datetime."""
        return cls.status(429, error="too_many_requests", description="Too Many Requests", retry_after=retry_after)

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Wait ``seconds`` before handling the request normally."""
        return cls("delay", seconds=seconds)

    @classmethod
    def drop(cls) -> Fault:
        """Close the connection without sending a response."""
        return cls("drop")

    @classmethod
    def truncate(cls, after: int = 0) -> Fault:
        """Send headers with the full ``Content-Length`` but only ``after`` body bytes, then close."""
        return cls("truncate", after=after)

    @classmethod
    def invalid_json(cls, body: bytes = b'{"data": [{"id": "truncated') -> Fault:
        """200 OK, ``Content-Type: application/json``, and a body that does not parse."""
        return cls("invalid_json", 200, body, "application/json")


def _retry_after(value: float | str | datetime | None) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if isinstance(value, datetime):
        when = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return (("Retry-After", format_datetime(when.astimezone(timezone.utc), usegmt=True)),)
    if isinstance(value, str):
        return (("Retry-After", value),)
    return (("Retry-After", str(int(value)) if float(value).is_integer() else str(value)),)


@attrs.define
class FaultRule:
    """A fault bound to requests: ``method`` (``None``: any), ``path`` glob (fnmatch) and
    ``origin`` (``"api"``, ``"media"`` or ``None`` for both).

    ``count`` limits how many requests get it (``None``: unlimited); ``probability`` (with
    ``seed``) makes each matching request get it by chance. ``injected`` counts hits.
    """

    fault: Fault
    path: str = "*"
    method: str | None = None
    count: int | None = None
    probability: float | None = None
    seed: int = 0
    origin: str | None = None
    injected: int = 0
    _rng: random.Random = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    @property
    def exhausted(self) -> bool:
        """``True`` once ``count`` requests got the fault."""
        return self.count is not None and self.injected >= self.count

    def matches(self, method: str, path: str, origin: str = "api") -> bool:
        if self.exhausted or (self.origin is not None and self.origin != origin):
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return fnmatch.fnmatchcase(path, self.path)


class FaultInjector:
    """The rules of one server, consulted once per request (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.rules: list[FaultRule] = []
        self.injected = 0
        self.log: list[tuple[str, str, str]] = []

    def add(self, rule: FaultRule) -> FaultRule:
        with self._lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def reset(self) -> None:
        with self._lock:
            self.rules.clear()
            self.injected = 0
            self.log.clear()

    def pick(self, method: str, path: str, origin: str = "api") -> Fault | None:
        """The fault for this request (counted), or ``None``. First matching rule wins."""
        with self._lock:
            for rule in self.rules:
                if not rule.matches(method, path, origin):
                    continue
                if rule.probability is not None and rule._rng.random() >= rule.probability:
                    continue
                rule.injected += 1
                self.injected += 1
                self.log.append((method, path, rule.fault.kind))
                return rule.fault
        return None

    def by_kind(self) -> dict[str, int]:
        """How many faults of each kind were injected."""
        counts: dict[str, int] = {}
        with self._lock:
            for _, _, kind in self.log:
                counts[kind] = counts.get(kind, 0) + 1
        return counts

""":class:`CachingSender`: an HTTP cache of GET responses, in memory or Redis (RFC 9111, private cache)."""

from __future__ import annotations

import email.utils
import fnmatch
import hashlib
import re
import time
from collections.abc import Callable, Mapping
from datetime import timezone
from urllib.parse import urljoin, urlsplit

from .._mode import SM
from ._http import Request, Response
from .base import ExtendingSender, Flow, Sender
from .cache_store import Entry as _Entry
from .cache_store import Key, MemoryStore, RedisStore, write_root

__all__ = ["DEFAULT_MAX_SIZE", "CachingSender"]

DEFAULT_MAX_SIZE = 256
"""Entries kept by a :class:`CachingSender` built with ``max_size=None``."""

_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_BYPASS = frozenset({"if-none-match", "if-modified-since", "if-match", "if-unmodified-since", "if-range", "range"})
# Headers a 304 must not overwrite on the stored response (they describe the stored body).
_BODY_HEADERS = ("content-length", "content-encoding", "content-type", "transfer-encoding", "content-range")


def _directives(value: str | None) -> dict[str, str | None]:
    """``Cache-Control`` as ``{directive: argument or None}``, names lower-cased."""
    out: dict[str, str | None] = {}
    if not value:
        return out
    for part in value.split(","):
        name, sep, arg = part.partition("=")
        name = name.strip().lower()
        if name:
            out[name] = arg.strip().strip('"') if sep else None
    return out


def _seconds(value: str | None) -> float:
    """A delta-seconds argument; anything unparseable or negative is 0 (RFC 9111 §1.2.2)."""
    try:
        return max(0.0, float(int(value or "")))
    except ValueError:
        return 0.0


def _http_date(value: str | None) -> float | None:
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


def _inspect(request: Request) -> tuple[bytes, str | None, bool]:
    """One pass over the request headers: the identity hash, ``Cache-Control``, and bypass.

    The identity is a SHA-256 of the ``Authorization`` and ``Cookie`` values (``b""`` for
    neither), never the raw values; bypass is ``True`` for the caller's own conditional or
    range requests.
    """
    auth: list[str] = []
    cookie: list[str] = []
    control: list[str] = []
    bypass = False
    for name, value in request.headers.raw():
        lower = name.lower()
        if lower == "authorization":
            auth.append(value)
        elif lower == "cookie":
            cookie.append(value)
        elif lower == "cache-control":
            control.append(value)
        elif lower in _BYPASS:
            bypass = True
    identity = b""
    if auth or cookie:
        identity = hashlib.sha256(f"{', '.join(auth)}\n{', '.join(cookie)}".encode()).digest()
    return identity, ", ".join(control) if control else None, bypass


class CachingSender(ExtendingSender[SM]):
    """Caches successful ``GET`` responses in memory; written once for sync and async chains.

    Arguments:
        max_size: entries kept, least recently used evicted first (``None``:
            :data:`DEFAULT_MAX_SIZE`, 256).
        sender: the inner sender (default: a new :class:`~boosty.SyncSender`).
        ttl: freshness in seconds for responses that carry none (no ``max-age``, no
            ``Expires``; Boosty may send no cache headers), by URL path pattern
            (:mod:`fnmatch`, ``*`` also matches ``/``), e.g. ``{"/v1/blog/*": 300,
            "/v1/blog/*/subscription_level/*": 600}``. The longest matching pattern wins.
        default_ttl: seconds for such responses when no pattern matches (``None``: not
            stored, unless they carry a validator; see below).
        clock: a clock in seconds (default ``time.monotonic``, ``time.time`` with ``redis``;
            tests inject their own).

    Policy (a private cache in RFC 9111 terms):

    * Only ``200`` answers to ``GET`` requests that are not streamed are stored.
    * Freshness: ``request.extensions["cache_ttl"]`` (seconds, per request) wins; then the
      response's ``Cache-Control: max-age``, then ``Expires`` (minus ``Date``), then ``ttl``,
      then ``default_ttl``. The response's ``Age`` counts against it (``Date`` only dates
      ``Expires``: no age is derived from ``Date`` and the local clock, so clock skew never
      disables the cache). Stale entries are never served: they are revalidated
      (``If-None-Match`` / ``If-Modified-Since``) when they carry an ``ETag`` /
      ``Last-Modified``, and a ``304`` serves the stored body with the 304's headers merged
      in (the stored ``Age`` dropped: the age restarts at the 304's own ``Age``, or 0).
      A response with a validator but no freshness is stored and
      revalidated on every use. ``must-revalidate`` therefore holds for every entry, and a
      failed revalidation (e.g. 5xx) returns that failure, never the stale body.
    * ``no-store`` (response or request) is never stored; ``no-cache`` in a response is stored
      but revalidated before each use; ``Vary: *`` is never stored; for other ``Vary`` headers
      the entry keeps the request's values of those headers and answers only requests with
      the same values (one entry per URL and identity: another variant replaces it).
    * Keys are the request's URL with its query (``Request.full_url``) plus a SHA-256 hash of
      its ``Authorization`` and ``Cookie`` values: a response is only ever served to the same
      identity, so ``private`` responses are stored and never shared across tokens.
    * The caller's ``Cache-Control: no-cache`` (or ``max-age=0``) skips the lookup and stores
      the fresh answer; ``no-store`` bypasses the cache entirely; ``max-age=N`` accepts
      entries at most ``N`` seconds old. Requests with their own ``If-*`` or ``Range``
      headers pass through.
    * A successful (status below 400) ``POST``/``PUT``/``PATCH``/``DELETE`` drops every
      cached GET of the *resource root* it changed, whatever the query or TTL policy:
      for a path under ``/v1/blog/{blog}/`` every GET of that blog (``/v1/blog/{blog}``
      and below, and ``/v1/target/{blog}/``), otherwise every GET under the path's first two
      segments (``/v1/dialog/...``, ``/v1/user/...``, ``/v1/notification/...``,
      ``/v1/target/...``); the same for its same-origin ``Location`` / ``Content-Location``.
      This is a superset of RFC 9111 §4.4 (the target URI and those two headers). Entries
      are indexed by root, so a write costs the entries it drops, not a scan of the cache.

    ``redis``: a Redis URL (extra ``boosty-client[redis]``) to keep the entries in Redis instead
    of memory, shared by every process naming the same URL and ``key_prefix`` (default
    ``"boosty:cache"``): the same keys, ``Vary`` and identity rules, freshness by the wall
    clock, each entry expiring in Redis when it goes stale (an hour later if it has a
    validator, for revalidation); ``max_size`` does not apply (size Redis with its own
    ``maxmemory`` policy). Redis I/O runs inline (one loopback round trip per lookup);
    an unreachable Redis raises :class:`boosty.SharedStateError` naming the URL (never the
    password) and the request is not sent.

    A hit returns the stored :class:`~boosty.Response` with ``request`` set to the new
    request. The memory store is guarded by a lock held only briefly (never across I/O), so
    one instance serves many threads or tasks. ``len(sender)`` is the number of entries.
    Raises :class:`ValueError` for ``max_size`` below 1 or a ``redis`` value that is not a
    Redis URL.
    """

    def __init__(
        self,
        max_size: int | None = None,
        sender: Sender[SM] | None = None,
        *,
        ttl: Mapping[str, float] | None = None,
        default_ttl: float | None = None,
        clock: Callable[[], float] | None = None,
        redis: str | None = None,
        key_prefix: str = "boosty:cache",
    ) -> None:
        size = DEFAULT_MAX_SIZE if max_size is None else max_size
        if size < 1:
            raise ValueError(f"max_size must be 1 or more, got {max_size!r}")
        super().__init__(sender)
        self.max_size = size
        self.default_ttl = default_ttl
        self.ttl: dict[str, float] = dict(ttl or {})
        self._patterns = [
            (re.compile(fnmatch.translate(pattern)), float(seconds))
            for pattern, seconds in sorted(self.ttl.items(), key=lambda item: -len(item[0]))
        ]
        # Entries shared between processes are dated by the wall clock, local ones by a monotonic one.
        self._clock = clock or (time.time if redis is not None else time.monotonic)
        self._backend: MemoryStore | RedisStore = MemoryStore(size) if redis is None else RedisStore(redis, key_prefix)

    # -- the store -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._backend)

    def __bool__(self) -> bool:
        return True  # a sender is truthy even with an empty cache

    @property
    def redis(self) -> str | None:
        """The Redis URL of a shared cache, without its password (``None``: in memory)."""
        return self._backend.url if isinstance(self._backend, RedisStore) else None

    def clear(self) -> None:
        """Drop every entry (with ``redis``: every key under ``key_prefix``)."""
        self._backend.clear()

    def close(self) -> None:
        """Close the inner sender and the Redis connections (if any)."""
        try:
            super().close()
        finally:
            self._backend.close()

    async def aclose(self) -> None:
        """Close the inner sender and the Redis connections (if any)."""
        try:
            await super().aclose()
        finally:
            self._backend.close()

    def _get(self, key: Key, request: Request) -> _Entry | None:
        return self._backend.get(key, request)

    def _put(self, key: Key, entry: _Entry) -> None:
        self._backend.put(key, entry)

    def _drop(self, key: Key) -> None:
        self._backend.drop(key)

    def _invalidate(self, request: Request, response: Response) -> None:
        roots = {write_root(request.url)}
        origin = request.origin
        for name in ("Location", "Content-Location"):
            value = response.headers.get(name)
            if value:
                url = urljoin(request.url, value)
                parts = urlsplit(url)
                if (parts.scheme.lower(), parts.netloc.lower()) == origin:
                    roots.add(write_root(url))
        self._backend.drop_roots(roots)

    # -- policy ----------------------------------------------------------------------

    def _policy_ttl(self, request: Request) -> float | None:
        if self._patterns:
            path = urlsplit(request.url).path
            for pattern, seconds in self._patterns:
                if pattern.match(path):
                    return seconds
        return self.default_ttl

    def _entry(self, request: Request, response: Response, now: float) -> _Entry | None:
        """The entry to store for ``response``, or ``None`` if it must not be stored."""
        headers = response.headers
        cc = _directives(headers.get("Cache-Control"))
        if "no-store" in cc:
            return None
        vary_names = [v.strip().lower() for v in headers.get("Vary", "").split(",") if v.strip()]
        if "*" in vary_names:
            return None
        override = request.extensions.get("cache_ttl")
        lifetime: float | None
        if override is not None:
            lifetime = float(override)
        elif "max-age" in cc:
            lifetime = _seconds(cc["max-age"])
        elif "expires" in headers:
            expires = _http_date(headers["Expires"])
            date = _http_date(headers.get("Date"))
            lifetime = 0.0 if expires is None else expires - (time.time() if date is None else date)
        else:
            lifetime = self._policy_ttl(request)
        no_cache = "no-cache" in cc
        has_validator = "etag" in headers or "last-modified" in headers
        if not has_validator and (no_cache or lifetime is None or lifetime <= 0):
            return None
        vary = tuple((name, request.headers.get(name)) for name in vary_names)
        return _Entry(response, now, max(0.0, lifetime or 0.0), _seconds(headers.get("Age")), no_cache, vary)

    def _store(self, key: Key, request: Request, response: Response) -> None:
        entry = self._entry(request, response, self._clock())
        if entry is None:
            self._drop(key)
        else:
            self._put(key, entry)

    # -- the flow ----------------------------------------------------------------------

    def flow(self, request: Request) -> Flow[Response]:
        response: Response
        method = request.method
        if method != "GET" or request.stream:
            response = yield request
            if method in _UNSAFE and response.status_code < 400:
                self._invalidate(request, response)
            return response
        ttl = request.extensions.get("cache_ttl")
        if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, (int, float))):
            raise TypeError(f"extensions['cache_ttl'] must be a number of seconds, got {ttl!r}")
        identity, control, bypass = _inspect(request)
        max_age: float | None = None
        lookup = True
        if control is not None:
            cc = _directives(control)
            bypass = bypass or "no-store" in cc
            if "no-cache" in cc:
                lookup = False
            elif "max-age" in cc:
                max_age = _seconds(cc["max-age"])
                lookup = max_age > 0
        if bypass:
            response = yield request
            return response

        key = (request.full_url, identity)
        entry = self._get(key, request) if lookup else None
        if entry is not None and entry.vary and not entry.matches(request):
            entry = None
        if entry is not None:
            age = entry.age(self._clock())
            if not entry.no_cache and age < entry.lifetime and (max_age is None or age <= max_age):
                return entry.answer(request)
            conditional = entry.conditional(request)
            if conditional is None:
                entry = None
            else:
                response = yield conditional
                if response.status_code == 304:
                    return self._refresh(key, request, entry, response)
                if response.status_code == 200:
                    self._store(key, request, response)
                    return response
                if response.status_code < 500:
                    self._drop(key)  # the resource changed or went away
                return response
        response = yield request
        if response.status_code == 200:
            self._store(key, request, response)
        return response

    def _refresh(self, key: Key, request: Request, entry: _Entry, response: Response) -> Response:
        """Serve the stored body after a 304, with the 304's headers merged in and stored again."""
        update = response.headers.without(*_BODY_HEADERS)
        # Validated just now: the stored ``Age`` is over; only the 304's own ``Age`` (from a cache
        # on the way) still applies.
        stored = entry.response.headers.without("age")
        merged = entry.response.evolve(headers=stored.merge(update), elapsed=response.elapsed)
        self._store(key, request, merged)
        return merged.evolve(request=request)

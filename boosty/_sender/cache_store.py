"""Where :class:`~boosty.CachingSender` keeps its entries: memory (LRU) or Redis, both indexed
by *resource root* so that a write drops the cached reads it changed without a scan.

The resource root of a URL is its origin plus ``/v1/blog/{blog}`` for paths under a blog,
else its first two path segments (``/v1/dialog``, ``/v1/user``, ``/v1/target``, ...). A GET
of ``/v1/target/{blog}/...`` also belongs to ``/v1/blog/{blog}``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import attrs
from cachetools import LRUCache

from .._redis import connect, safe_redis_url, translate_errors
from ._http import Request, Response

__all__ = ["Entry", "Key", "MemoryStore", "RedisStore", "read_roots", "write_root"]

Key = tuple[str, bytes]

# (attribute, init argument) of every Response field but ``request``.
_RESPONSE_FIELDS = tuple((a.name, a.alias or a.name) for a in attrs.fields(Response) if a.init and a.name != "request")

STALE_KEEP = 3600.0
"""Seconds Redis keeps a stale entry that has a validator (for a cheap 304 revalidation)."""


def _split(url: str) -> tuple[str, list[str]]:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}", [s for s in parts.path.split("/") if s]


def write_root(url: str) -> str:
    """The resource root a successful write to ``url`` invalidates."""
    origin, segments = _split(url)
    if len(segments) >= 3 and segments[1] == "blog":
        return f"{origin}/{segments[0]}/blog/{segments[2]}"
    return origin + "/" + "/".join(segments[:2])


def read_roots(url: str) -> tuple[str, ...]:
    """Every resource root whose writes invalidate a cached GET of ``url``."""
    root = write_root(url)
    origin, segments = _split(url)
    if len(segments) >= 3 and segments[1] == "target":
        return root, f"{origin}/{segments[0]}/blog/{segments[2]}"
    return (root,)


class Entry:
    """One stored response and what decides its freshness (immutable once built)."""

    __slots__ = ("fields", "initial_age", "lifetime", "no_cache", "response", "roots", "stored_at", "vary")

    def __init__(
        self,
        response: Response,
        stored_at: float,
        lifetime: float,
        initial_age: float,
        no_cache: bool,
        vary: tuple[tuple[str, str | None], ...],
    ) -> None:
        self.response = response
        # Every field but ``request``, to build the answer without attrs.evolve's cost.
        self.fields: dict[str, object] = {arg: getattr(response, name) for name, arg in _RESPONSE_FIELDS}
        self.stored_at = stored_at
        self.lifetime = lifetime
        self.initial_age = initial_age
        self.no_cache = no_cache
        self.vary = vary
        self.roots = read_roots(response.request.url)

    def answer(self, request: Request) -> Response:
        """The stored response as the answer to ``request``."""
        return Response(request=request, **self.fields)  # type: ignore[arg-type]

    def age(self, now: float) -> float:
        return self.initial_age + max(0.0, now - self.stored_at)

    def matches(self, request: Request) -> bool:
        headers = request.headers
        return all(headers.get(name) == value for name, value in self.vary)

    def conditional(self, request: Request) -> Request | None:
        """``request`` with validators of the stored response, or ``None`` if it has none."""
        headers = self.response.headers
        extra: dict[str, str] = {}
        if "etag" in headers:
            extra["If-None-Match"] = headers["ETag"]
        if "last-modified" in headers:
            extra["If-Modified-Since"] = headers["Last-Modified"]
        return request.with_headers(extra) if extra else None

    def to_json(self) -> bytes:
        """The entry as JSON (the body base64-encoded), for a shared store."""
        r = self.response
        return json.dumps(
            {
                "url": r.url,
                "status": r.status_code,
                "headers": list(r.headers.raw()),
                "content": base64.b64encode(r.content).decode("ascii"),
                "elapsed": r.elapsed,
                "request_url": r.request.url,
                "stored_at": self.stored_at,
                "lifetime": self.lifetime,
                "initial_age": self.initial_age,
                "no_cache": self.no_cache,
                "vary": [list(pair) for pair in self.vary],
            },
            separators=(",", ":"),
        ).encode()

    @classmethod
    def from_json(cls, raw: bytes, request: Request) -> Entry:
        """An entry read back by :meth:`to_json`, answering ``request``; ``ValueError`` if corrupt."""
        try:
            d = json.loads(raw)
            response = Response(
                url=str(d["url"]),
                status_code=int(d["status"]),
                headers=[(str(k), str(v)) for k, v in d["headers"]],
                content=base64.b64decode(d["content"]),
                request=request.evolve(url=str(d["request_url"])),
                elapsed=float(d["elapsed"]),
            )
            vary = tuple((str(name), None if value is None else str(value)) for name, value in d["vary"])
            return cls(
                response,
                float(d["stored_at"]),
                float(d["lifetime"]),
                float(d["initial_age"]),
                bool(d["no_cache"]),
                vary,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"corrupt cache entry: {type(exc).__name__}") from None


class _IndexedLRU(LRUCache[Key, Entry]):
    """An LRU cache that keeps ``index`` (root -> keys) in step when it evicts."""

    def __init__(self, maxsize: int) -> None:
        super().__init__(maxsize=maxsize)
        self.index: dict[str, set[Key]] = {}

    def unindex(self, key: Key, entry: Entry) -> None:
        for root in entry.roots:
            keys = self.index.get(root)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self.index[root]

    def popitem(self) -> tuple[Key, Entry]:
        key, entry = super().popitem()
        self.unindex(key, entry)
        return key, entry


class MemoryStore:
    """Entries in this process, least recently used evicted past ``max_size``; thread-safe."""

    shared = False

    def __init__(self, max_size: int) -> None:
        self._lock = threading.Lock()
        self._cache = _IndexedLRU(max_size)

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)

    def get(self, key: Key, request: Request) -> Entry | None:
        with self._lock:
            return self._cache.get(key)

    def put(self, key: Key, entry: Entry) -> None:
        with self._lock:
            old = self._cache.pop(key, None)
            if old is not None:
                self._cache.unindex(key, old)
            self._cache[key] = entry
            for root in entry.roots:
                self._cache.index.setdefault(root, set()).add(key)

    def drop(self, key: Key) -> None:
        with self._lock:
            old = self._cache.pop(key, None)
            if old is not None:
                self._cache.unindex(key, old)

    def drop_roots(self, roots: Iterable[str]) -> None:
        """Drop every entry indexed under any of ``roots`` (cost: the entries dropped)."""
        with self._lock:
            cache = self._cache
            for root in roots:
                for key in cache.index.pop(root, ()):
                    entry = cache.pop(key, None)
                    if entry is not None:
                        cache.unindex(key, entry)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._cache.index.clear()

    def close(self) -> None:
        """Nothing to release."""


# KEYS: the entry, then its root sets; ARGV: the payload, its expiry (ms).
_PUT = """
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
for i = 2, #KEYS do
  redis.call('SADD', KEYS[i], KEYS[1])
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 1
"""

# KEYS: root sets; every entry they name is deleted, then the sets.
_DROP_ROOTS = """
local n = 0
for i = 1, #KEYS do
  local members = redis.call('SMEMBERS', KEYS[i])
  for j = 1, #members, 500 do
    n = n + redis.call('DEL', unpack(members, j, math.min(j + 499, #members)))
  end
  redis.call('DEL', KEYS[i])
end
return n
"""


class RedisStore:
    """Entries in Redis under ``prefix``, shared by every process naming the same URL.

    Entry ``{prefix}:e:{sha256 of URL and identity}`` holds the JSON of the entry and
    expires when it goes stale (plus :data:`STALE_KEEP` seconds if it has a validator); set
    ``{prefix}:root:{root}`` lists the entries of a resource root. Failures raise
    :class:`boosty.SharedStateError` naming the URL without its password.
    """

    shared = True

    def __init__(self, url: str, prefix: str = "boosty:cache") -> None:
        self._client: Any = connect(url, parameter="redis")
        self._url = url
        self.url = safe_redis_url(url)
        self.prefix = prefix
        self._put = self._client.register_script(_PUT)
        self._drop_roots = self._client.register_script(_DROP_ROOTS)

    def _key(self, key: Key) -> str:
        digest = hashlib.sha256(key[0].encode("utf-8") + b"\0" + key[1]).hexdigest()
        return f"{self.prefix}:e:{digest}"

    def _root(self, root: str) -> str:
        return f"{self.prefix}:root:{root}"

    def __len__(self) -> int:
        with translate_errors(self._url, "counting cache entries"):
            return sum(1 for _ in self._client.scan_iter(match=f"{self.prefix}:e:*", count=1000))

    def get(self, key: Key, request: Request) -> Entry | None:
        with translate_errors(self._url, "reading a cache entry"):
            raw = self._client.get(self._key(key))
        if raw is None:
            return None
        try:
            return Entry.from_json(raw, request)
        except ValueError:
            self.drop(key)  # unreadable (another version wrote it): a miss
            return None

    def put(self, key: Key, entry: Entry) -> None:
        keep = entry.lifetime + (STALE_KEEP if entry.conditional(entry.response.request) is not None else 0.0)
        ttl_ms = max(1, int(keep * 1000))
        keys = [self._key(key), *(self._root(root) for root in entry.roots)]
        with translate_errors(self._url, "storing a cache entry"):
            self._put(keys=keys, args=[entry.to_json(), ttl_ms])

    def drop(self, key: Key) -> None:
        with translate_errors(self._url, "dropping a cache entry"):
            self._client.delete(self._key(key))

    def drop_roots(self, roots: Iterable[str]) -> None:
        keys = [self._root(root) for root in roots]
        if keys:
            with translate_errors(self._url, "invalidating cache entries"):
                self._drop_roots(keys=keys)

    def clear(self) -> None:
        with translate_errors(self._url, "clearing the cache"):
            batch: list[bytes] = []
            for name in self._client.scan_iter(match=f"{self.prefix}:*", count=1000):
                batch.append(name)
                if len(batch) >= 500:
                    self._client.delete(*batch)
                    batch = []
            if batch:
                self._client.delete(*batch)

    def close(self) -> None:
        self._client.close()

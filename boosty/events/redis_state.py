"""The poller's memory on Redis, shared by several workers: ``state="redis://host:port/db"``.

The same records as the SQLite :class:`~boosty.events.state.StateStore` (``scope`` = blog,
``source``, ``key`` -> JSON), plus a *lease per blog*: a poll runs only while its worker
holds ``{prefix}:{blog}:lease`` (``SET NX PX``, a random token), so of several workers
polling one blog exactly one reads, dispatches and records at a time; the others' polls
return at once with nothing. Writes are buffered and applied by one Lua script at
:meth:`commit`, which first checks that the lease is still this worker's and then extends
it: a worker that lost its lease cannot record anything, and a worker killed mid-dispatch
stops extending it, so another worker takes the blog over within ``lease`` seconds and
delivers the event that was cut short (its record was never committed).

Query parameters of the URL that this module reads (and removes before connecting):
``lease`` (seconds, default 30: longer than your slowest handler) and ``prefix`` (default
``boosty:events``).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .._redis import connect, safe_redis_url, translate_errors
from .errors import EventStateError
from .state import StateStore

__all__ = ["DEFAULT_LEASE", "RedisStateStore", "RedisStateUnavailable"]

DEFAULT_LEASE = 30.0
"""Seconds a worker's lease on a blog lasts without a commit (``?lease=`` in the URL)."""


class RedisStateUnavailable(EventStateError):
    """Redis could not be reached or refused a command, or this worker's lease ran out.

    Transient: a polling loop (``start_polling`` / ``watch``) logs it and tries again after
    its backoff; ``poll_once`` raises it. ``path`` is the URL without its password.
    """


# ARGV[1]: {"leases": [[key, token]...], "lease_ms": n, "ops": [[op, key, field, value]...]}
_COMMIT = """
local job = cjson.decode(ARGV[1])
for _, lease in ipairs(job.leases) do
  if redis.call('GET', lease[1]) ~= lease[2] then return 0 end
end
for _, op in ipairs(job.ops) do
  if op[1] == 'set' then redis.call('HSET', op[2], op[3], op[4])
  else redis.call('HDEL', op[2], op[3]) end
end
for _, lease in ipairs(job.leases) do redis.call('PEXPIRE', lease[1], job.lease_ms) end
return 1
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

_DELETED = object()


def _split_options(url: str) -> tuple[str, float, str]:
    """``url`` without this module's query parameters, the lease (s) and the key prefix."""
    parts = urlsplit(url)
    kept: list[tuple[str, str]] = []
    lease, prefix = DEFAULT_LEASE, "boosty:events"
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name == "lease":
            try:
                lease = float(value)
            except ValueError:
                lease = -1.0
            if not lease > 0:
                raise ValueError(f"state= URL: lease must be positive seconds, got {value!r}")
        elif name == "prefix":
            if not value:
                raise ValueError("state= URL: prefix must not be empty")
            prefix = value
        else:
            kept.append((name, value))
    return urlunsplit(parts._replace(query=urlencode(kept))), lease, prefix


class RedisStateStore(StateStore):
    """The poller's state in Redis at ``url`` (see the module documentation).

    Every method raises :class:`RedisStateUnavailable` (an
    :class:`~boosty.events.EventStateError`) naming the URL (never its password) when Redis
    is unreachable (2 s to connect, 5 s a reply) or refuses, and :meth:`commit` raises it
    when the lease was lost (nothing of that commit is written).
    Raises :class:`ValueError` for a bad ``lease`` or ``prefix`` in the URL.
    """

    def __init__(self, url: str, *, lease: float | None = None) -> None:
        self._raw_url, url_lease, self.prefix = _split_options(url)
        self.lease = url_lease if lease is None else float(lease)
        self.url = safe_redis_url(self._raw_url)
        self.path = self.url  # type: ignore[assignment]  # what messages and reprs name
        self._redis: Any = connect(self._raw_url, parameter="state")
        self._commit_script = self._redis.register_script(_COMMIT)
        self._release_script = self._redis.register_script(_RELEASE)
        self._token = secrets.token_hex(16)
        self._leases: set[str] = set()  # lease keys this worker holds
        self._ops: list[list[Any]] = []
        self._overlay: dict[tuple[str, str], Any] = {}

    def _errors(self, what: str) -> Any:
        return translate_errors(self._raw_url, what, RedisStateUnavailable)

    def _key(self, scope: str, *parts: str) -> str:
        return ":".join((self.prefix, scope, *parts))

    # -- the lease ----------------------------------------------------------------------

    def acquire(self, scope: str) -> bool:
        """Take (or extend) this worker's lease on ``scope``; ``False`` if another worker has it."""
        key = self._key(scope, "lease")
        ms = max(1, int(self.lease * 1000))
        with self._errors(f"taking the lease on {scope!r}"):
            if self._redis.set(key, self._token, nx=True, px=ms) or (
                self._redis.get(key) == self._token.encode() and self._redis.pexpire(key, ms)
            ):
                self._leases.add(key)
                return True
        return False

    def release(self, scope: str) -> None:
        """Give the lease on ``scope`` back (only if it is still this worker's)."""
        self._release(self._key(scope, "lease"))

    def _release(self, key: str) -> None:
        if key in self._leases:
            self._leases.discard(key)
            with self._errors("releasing a lease"):
                self._release_script(keys=[key], args=[self._token])

    # -- reads (see this worker's uncommitted writes) -------------------------------------

    def _hash(self, scope: str, source: str) -> str:
        return self._key(scope, "rec", source)

    def initialised(self, scope: str, source: str) -> bool:
        name = self._key(scope, "sources")
        pending = self._overlay.get((name, source))
        if pending is not None:
            return True
        with self._errors("reading the event state"):
            return bool(self._redis.hexists(name, source))

    def items(self, scope: str, source: str) -> dict[str, Any]:
        name = self._hash(scope, source)
        with self._errors("reading the event state"):
            raw = self._redis.hgetall(name)
        out = {k.decode(): json.loads(v) for k, v in raw.items()}
        for (hash_name, field), value in self._overlay.items():
            if hash_name == name:
                if value is _DELETED:
                    out.pop(field, None)
                else:
                    out[field] = json.loads(value)
        return out

    def get(self, scope: str, source: str, key: str) -> Any:
        name = self._hash(scope, source)
        value = self._overlay.get((name, key))
        if value is None:
            with self._errors("reading the event state"):
                value = self._redis.hget(name, key)
        return None if value is None or value is _DELETED else json.loads(value)

    # -- writes (buffered until commit) ----------------------------------------------------

    def _set(self, name: str, field: str, text: str) -> None:
        self._ops.append(["set", name, field, text])
        self._overlay[(name, field)] = text

    def mark_initialised(self, scope: str, source: str, at: float) -> None:
        self._set(self._key(scope, "sources"), source, json.dumps(at))

    def put(self, scope: str, source: str, key: str, value: Any) -> None:
        self._set(self._hash(scope, source), key, json.dumps(value, separators=(",", ":"), sort_keys=True))

    def put_many(self, scope: str, source: str, values: Iterable[tuple[str, Any]]) -> None:
        for key, value in values:
            self.put(scope, source, key, value)

    def delete(self, scope: str, source: str, key: str) -> None:
        name = self._hash(scope, source)
        self._ops.append(["del", name, key, ""])
        self._overlay[(name, key)] = _DELETED

    # -- transactions --------------------------------------------------------------------------

    def commit(self) -> None:
        """Apply the buffered writes atomically if this worker still holds its leases."""
        if not self._ops and not self._leases:
            return
        job = {
            "leases": [[key, self._token] for key in sorted(self._leases)],
            "lease_ms": max(1, int(self.lease * 1000)),
            "ops": self._ops,
        }
        ops = len(self._ops)
        self.rollback()
        with self._errors("committing the event state"):
            applied = self._commit_script(args=[json.dumps(job)])
        if not applied:
            self._leases.clear()
            raise RedisStateUnavailable(
                f"the lease on this blog at {self.url} expired before {ops} write(s) could be "
                f"recorded (a handler ran longer than lease={self.lease} s); nothing was recorded",
                self.url,
            )

    def rollback(self) -> None:
        """Forget the writes since the last :meth:`commit`."""
        self._ops = []
        self._overlay = {}

    def close(self) -> None:
        """Drop uncommitted writes, give back the leases and close the connections."""
        self.rollback()
        try:
            for key in list(self._leases):
                self._release(key)
        finally:
            self._redis.close()

    def __repr__(self) -> str:
        return f"RedisStateStore({self.url!r}, lease={self.lease})"

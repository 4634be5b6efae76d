""":class:`RateLimitingSender`: a client-side token bucket, for sync and async chains."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from .._mode import SM
from .._redis import connect, safe_redis_url, translate_errors
from ._http import Request, Response
from .base import ExtendingSender, Flow, Sender, Sleep

__all__ = ["RateLimitingSender"]

# The same bucket as :meth:`RateLimitingSender.reserve`, on Redis: refill by the server's own
# clock (TIME, so the processes' clocks never matter), take one token, return the wait in
# microseconds. Runs atomically; the key expires once the bucket would be full again.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local capacity = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1])
local updated = tonumber(state[2])
if tokens == nil or updated == nil then
  tokens = capacity
  updated = now
end
if now > updated then
  tokens = math.min(capacity, tokens + (now - updated) / interval)
  updated = now
end
tokens = tokens - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(updated))
local wait = 0
if tokens < 0 then
  wait = -tokens * interval
end
redis.call('PEXPIRE', KEYS[1], math.ceil((wait + capacity * interval) / 1000) + 1000)
return math.ceil(wait)
"""


class RateLimitingSender(ExtendingSender[SM]):
    """Lets at most ``rate`` requests through per ``period`` seconds, with bursts of ``rate``.

    Arguments:
        rate: requests per ``period`` (a float is fine: ``0.5`` per second is one every 2 s);
            also the burst size (at least 1) after a quiet spell.
        period: seconds.
        sender: the inner sender (default: a new :class:`~boosty.SyncSender`).
        clock: a monotonic clock in seconds (tests inject their own).
        redis: a Redis URL (``redis://host:port/db``; extra ``boosty-client[redis]``): one bucket for
            every process, on any machine, that names the same Redis and ``key``. Each
            reservation is one atomic Lua script timed by the Redis server's clock (``clock``
            is then unused); its answer is waited out with a sleep, as locally.
        key: the Redis key of the shared bucket (default ``"boosty:rate"``); only with
            ``redis``.

    Each request reserves the next free slot under a lock held only for that arithmetic,
    then waits for it (``time.sleep`` in a sync chain, ``asyncio.sleep`` in an async one;
    never a busy loop), so threads and tasks sharing one instance share one budget and are
    served in the order they reserved. ``RateLimitingSender(5, 1.0)`` sends 5 requests at
    once, then one every 0.2 s. A request cancelled while waiting keeps its slot.

    Errors: :class:`ValueError` for a rate or period that is not positive, or a ``redis``
    value that is not a Redis URL; with ``redis``, each request whose reservation cannot
    reach Redis raises :class:`boosty.SharedStateError` naming the URL (never its password)
    within a few seconds, and is not sent.
    """

    def __init__(
        self,
        rate: float,
        period: float = 1.0,
        sender: Sender[SM] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        redis: str | None = None,
        key: str = "boosty:rate",
    ) -> None:
        if not rate > 0 or not period > 0:
            raise ValueError(f"rate and period must be positive, got rate={rate!r}, period={period!r}")
        super().__init__(sender)
        self.rate = float(rate)
        self.period = float(period)
        self._interval = self.period / self.rate  # seconds one token takes to refill
        self._capacity = max(1.0, self.rate)
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens = self._capacity
        self._updated = clock()
        self.key = key
        self._redis_url = redis
        self._script: Any = None
        self._client: Any = None
        if redis is not None:
            self._client = connect(redis, parameter="redis")
            self._script = self._client.register_script(_RESERVE)

    @property
    def redis(self) -> str | None:
        """The shared bucket's Redis URL without its password (``None``: this process only)."""
        return None if self._redis_url is None else safe_redis_url(self._redis_url)

    def reserve(self) -> float:
        """Take one slot; the seconds to wait before using it (``0.0``: go now)."""
        if self._script is not None:
            assert self._redis_url is not None
            with translate_errors(self._redis_url, "reserving a rate-limit slot"):
                micros = self._script(keys=[self.key], args=[self._capacity, self._interval * 1e6])
            return int(micros) / 1e6
        with self._lock:
            now = self._clock()
            elapsed = now - self._updated
            if elapsed > 0:
                self._tokens = min(self._capacity, self._tokens + elapsed / self._interval)
                self._updated = now
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens * self._interval

    def close(self) -> None:
        """Close the inner sender and this sender's Redis connections (if any)."""
        try:
            super().close()
        finally:
            if self._client is not None:
                self._client.close()

    async def aclose(self) -> None:
        """Close the inner sender and this sender's Redis connections (if any)."""
        try:
            await super().aclose()
        finally:
            if self._client is not None:
                self._client.close()

    def flow(self, request: Request) -> Flow[Response]:
        wait = self.reserve()
        if wait > 0:
            yield Sleep(wait)
        passed: Response = yield request
        return passed

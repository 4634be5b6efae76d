""":class:`RateLimitingSender`: a client-side token bucket, for sync and async chains."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .._mode import SM
from ._http import Request, Response
from .base import ExtendingSender, Flow, Sender, Sleep

__all__ = ["RateLimitingSender"]


class RateLimitingSender(ExtendingSender[SM]):
    """Lets at most ``rate`` requests through per ``period`` seconds, with bursts of ``rate``.

    Arguments:
        rate: requests per ``period`` (a float is fine: ``0.5`` per second is one every 2 s);
            also the burst size (at least 1) after a quiet spell.
        period: seconds.
        sender: the inner sender (default: a new :class:`~boosty.SyncSender`).
        clock: a monotonic clock in seconds (tests inject their own).

    Each request reserves the next free slot under a lock held only for that arithmetic,
    then waits for it (``time.sleep`` in a sync chain, ``asyncio.sleep`` in an async one;
    never a busy loop), so threads and tasks sharing one instance share one budget and are
    served in the order they reserved. ``RateLimitingSender(5, 1.0)`` sends 5 requests at
    once, then one every 0.2 s. A request cancelled while waiting keeps its slot.
    """

    def __init__(
        self,
        rate: float,
        period: float = 1.0,
        sender: Sender[SM] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
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

    def reserve(self) -> float:
        """Take one slot; the seconds to wait before using it (``0.0``: go now)."""
        with self._lock:
            now = self._clock()
            elapsed = now - self._updated
            if elapsed > 0:
                self._tokens = min(self._capacity, self._tokens + elapsed / self._interval)
                self._updated = now
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens * self._interval

    def flow(self, request: Request) -> Flow[Response]:
        wait = self.reserve()
        if wait > 0:
            yield Sleep(wait)
        passed: Response = yield request
        return passed

"""What one poll works with: the client, the blog, the state, and what it found so far."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs

from .models import Event
from .state import StateStore
from .types import EventType

__all__ = ["PAGE", "Change", "PollContext", "at_or_after", "since_allows", "ts"]

PAGE = 100
"""Page size of every list request: the largest the API serves for posts."""


@attrs.define(eq=False)
class Change:
    """An event and the state write that records it as delivered."""

    event: Event
    record: Callable[[], None]


@attrs.define(eq=False)
class PollContext:
    """What one poll works with and what it has found so far."""

    client: Any
    blog: str
    store: StateStore
    types: frozenset[EventType]
    since: dt.datetime | None
    detected_at: dt.datetime
    changes: list[Change] = attrs.field(factory=list)
    finish: list[Callable[[], None]] = attrs.field(factory=list)

    # -- state ------------------------------------------------------------------------

    def initialised(self, source: str) -> bool:
        return self.store.initialised(self.blog, source)

    def items(self, source: str) -> dict[str, Any]:
        return self.store.items(self.blog, source)

    def meta(self, key: str) -> Any:
        return self.store.get(self.blog, "meta", key)

    def put(self, source: str, key: str, value: Any) -> Callable[[], None]:
        """A write of ``value`` under ``key`` (to run later)."""
        return lambda: self.store.put(self.blog, source, key, value)

    def later(self, write: Callable[[], None]) -> None:
        """Run ``write`` once every event of this poll was delivered."""
        self.finish.append(write)

    def later_put_many(self, source: str, values: dict[str, Any]) -> None:
        if values:
            self.later(lambda: self.store.put_many(self.blog, source, values.items()))

    def later_initialise(self, source: str, meta: dict[str, Any] | None = None) -> None:
        at = self.detected_at.timestamp()

        def write() -> None:
            for key, value in (meta or {}).items():
                self.store.put(self.blog, "meta", key, value)
            self.store.mark_initialised(self.blog, source, at)

        self.later(write)

    # -- events -------------------------------------------------------------------------

    def emit(self, event: Event, record: Callable[[], None]) -> None:
        self.changes.append(Change(event, record))

    def base(self, event_type: EventType) -> dict[str, Any]:
        return {"type": event_type, "blog": self.blog, "detected_at": self.detected_at}

    def wants(self, event_type: EventType) -> bool:
        return event_type in self.types

    def since_ts(self) -> float | None:
        return None if self.since is None else self.since.timestamp()


def ts(value: dt.datetime | None) -> float | None:
    """Unix seconds of an aware datetime, or ``None``."""
    return None if value is None else value.timestamp()


def at_or_after(when: dt.datetime | None, bound: float | None) -> bool:
    """``True`` when ``when`` is known and not before ``bound`` (a ``None`` bound: always)."""
    if bound is None:
        return True
    stamp = ts(when)
    return stamp is not None and stamp >= bound


def since_allows(ctx: PollContext, when: dt.datetime | None) -> bool:
    """During a source's first poll: is ``when`` within the ``since=`` window?"""
    bound = ctx.since_ts()
    return bound is not None and at_or_after(when, bound)

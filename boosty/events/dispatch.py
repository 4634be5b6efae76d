"""Handler registry and dispatch (sync and async handlers, one failing never stops the rest),
and the backoff policy of a polling loop."""

from __future__ import annotations

import inspect
import logging
import random
import threading
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar, Union

import attrs

from .types import EventType

__all__ = ["Backoff", "Dispatcher", "Handler", "logger"]

logger = logging.getLogger("boosty.events")
"""Where handler failures (with traceback) and poll failures are logged."""

Handler = Callable[[Any], Union[Awaitable[None], None]]
"""A function taking one event; a plain function or an ``async def``."""

H = TypeVar("H", bound=Callable[..., Any])


def _name(handler: Callable[..., Any]) -> str:
    return getattr(handler, "__qualname__", None) or repr(handler)


def is_async_handler(handler: Callable[..., Any]) -> bool:
    """``True`` for ``async def`` functions (and callables whose ``__call__`` is one)."""
    return inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(getattr(handler, "__call__", None))  # noqa: B004


class Dispatcher:
    """Which handlers run for which :class:`EventType`, in registration order.

    A handler registered without types (``on()``) is a catch-all: it receives every event
    the poller reports, and asks for no source beyond the defaults of the client's access.
    ``allow_async=False`` (a sync client) refuses ``async def`` handlers with
    :class:`TypeError` when they are registered: there is no event loop to run them on.
    Thread-safe: handlers may be added from any thread while a poll runs.
    """

    def __init__(self, *, allow_async: bool = True) -> None:
        self.allow_async = allow_async
        self._entries: list[tuple[frozenset[EventType] | None, Handler]] = []
        self._lock = threading.Lock()

    def on(self, *event_types: EventType | str) -> Callable[[H], H]:
        """Decorator registering a handler for one or more event types; returns it unchanged.

        With no types given, the handler is a catch-all (see the class doc).
        """

        def register(handler: H) -> H:
            self.add(event_types or None, handler)
            return handler

        return register

    def add(self, event_types: EventType | str | Iterable[EventType | str] | None, handler: Handler) -> None:
        """Register ``handler`` for ``event_types`` (one type, several, or ``None``: every type).

        Raises :class:`ValueError` for an unknown type name and :class:`TypeError` for a
        non-callable, or an ``async def`` handler on a sync client.
        """
        if not callable(handler):
            raise TypeError(f"an event handler must be callable, got {handler!r}")
        if not self.allow_async and is_async_handler(handler):
            raise TypeError(
                f"{_name(handler)} is an async function but this client is synchronous; "
                "register a plain function, or use AsyncBoosty"
            )
        resolved: frozenset[EventType] | None = None
        if event_types is not None:
            types = [event_types] if isinstance(event_types, (EventType, str)) else list(event_types)
            resolved = frozenset(EventType(t) for t in types)
        with self._lock:
            self._entries.append((resolved, handler))

    def remove(self, handler: Handler, event_type: EventType | str | None = None) -> None:
        """Unregister ``handler``: from every type, or only from ``event_type`` (then a
        catch-all registration stays)."""
        target = EventType(event_type) if event_type is not None else None
        with self._lock:
            kept: list[tuple[frozenset[EventType] | None, Handler]] = []
            for types, registered in self._entries:
                if registered != handler:
                    kept.append((types, registered))
                elif target is not None and (types is None or types - {target}):
                    kept.append((None if types is None else types - {target}, registered))
            self._entries = kept

    def handlers(self, event_type: EventType) -> tuple[Handler, ...]:
        """The handlers of ``event_type`` (catch-alls included), in registration order."""
        with self._lock:
            return tuple(h for types, h in self._entries if types is None or event_type in types)

    @property
    def types(self) -> frozenset[EventType]:
        """The event types named by at least one handler (catch-alls name none)."""
        with self._lock:
            return frozenset(t for types, _ in self._entries if types is not None for t in types)

    @property
    def catch_all(self) -> bool:
        """``True`` when a handler was registered for every type (``on()`` without types)."""
        with self._lock:
            return any(types is None for types, _ in self._entries)

    def dispatch(self, event: Any) -> None:
        """Run the handlers of ``event.type`` one after another (blocking).

        A handler that raises is logged on ``boosty.events`` with its traceback and the
        next one still runs. ``KeyboardInterrupt`` and other ``BaseException`` pass through.
        """
        for handler in self.handlers(event.type):
            try:
                result = handler(event)
                if inspect.isawaitable(result):
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()
                    raise TypeError(f"{_name(handler)} returned an awaitable on a synchronous client")
            except Exception:
                logger.exception("event handler %s failed on %s", _name(handler), event.type.value)

    async def adispatch(self, event: Any) -> None:
        """Run the handlers of ``event.type`` one after another, awaiting async ones.

        Plain functions run inline on the event loop. Errors are logged as in :meth:`dispatch`;
        cancellation passes through.
        """
        for handler in self.handlers(event.type):
            try:
                result = handler(event)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                logger.exception("event handler %s failed on %s", _name(handler), event.type.value)

    def __repr__(self) -> str:
        with self._lock:
            count = len(self._entries)
        return f"Dispatcher(handlers={count})"


@attrs.frozen
class Backoff:
    """Capped exponential backoff after failed polls, in seconds.

    After the n-th failure in a row the loop waits ``min(maximum, initial * factor**(n-1))``,
    spread by ±``jitter`` (a fraction), and at least the server's ``Retry-After`` (also
    capped by ``maximum``). A successful poll resets the count.
    """

    initial: float = 1.0
    maximum: float = 300.0
    factor: float = 2.0
    jitter: float = 0.1

    def __attrs_post_init__(self) -> None:
        if self.initial < 0 or self.maximum < 0 or self.factor < 1 or not 0 <= self.jitter <= 1:
            raise ValueError("Backoff needs initial >= 0, maximum >= 0, factor >= 1 and 0 <= jitter <= 1")

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        """Seconds to wait after ``failures`` (>= 1) failed polls in a row."""
        exponent = max(0, failures - 1)
        try:
            base = min(self.maximum, self.initial * self.factor**exponent)
        except OverflowError:
            base = self.maximum
        if self.jitter:
            base *= 1 + random.uniform(-self.jitter, self.jitter)
        if retry_after is not None:
            base = max(base, retry_after)
        return max(0.0, min(self.maximum, base))

"""The poll logic is written once, as flows (:mod:`boosty._flow`) that *yield* what they want done:

* :class:`Call` ``(fn, *args)`` → the driver calls ``fn`` (awaiting the result on an async
  client) and sends the value back, or throws the exception into the generator;
* :class:`Dispatch` ``(event)`` → the driver runs the handlers (sync or awaited);
* :class:`Emit` ``(event)`` → an iterating driver (``watch``) hands the event to its consumer;
* :class:`Wait` ``(seconds, stop)`` → the driver sleeps until the time passes or ``stop`` is
  set, and sends back ``True`` when it was stopped.

The drivers are :mod:`boosty._flow`'s; :func:`run_sync`, :func:`run_async`,
:func:`iterate_sync` and :func:`iterate_async` here hand them :func:`handlers` to run the
:class:`Dispatch` steps with a dispatcher. ``Call``, ``call``, ``Emit``, ``Wait`` and ``Flow`` are
re-exported from there.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncGenerator, Generator
from typing import Any, TypeVar

import attrs

from .. import _flow
from .._flow import Call, Emit, Flow, Resolve, Step, Wait, call
from .dispatch import Dispatcher

__all__ = [
    "Call",
    "Dispatch",
    "Emit",
    "Flow",
    "Step",
    "StopToken",
    "Wait",
    "call",
    "handlers",
    "iterate_async",
    "iterate_sync",
    "run_async",
    "run_sync",
]


@attrs.frozen
class Dispatch:
    """A flow step: run the registered handlers for ``event``."""

    event: Any


@attrs.frozen
class _Handle(Step):
    dispatcher: Dispatcher
    event: Any

    def run_sync(self) -> None:
        self.dispatcher.dispatch(self.event)

    async def run_async(self) -> None:
        await self.dispatcher.adispatch(self.event)


def handlers(dispatcher: Dispatcher) -> Resolve:
    """The ``resolve`` function that runs a flow's :class:`Dispatch` steps with ``dispatcher``."""

    def resolve(step: Any) -> Step:
        if not isinstance(step, Dispatch):
            raise TypeError(f"unexpected flow step {step!r}")
        return _Handle(dispatcher, step.event)

    return resolve


class StopToken:
    """A stop request that any thread may set and that a sleeping sync or async loop notices."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._async_event: asyncio.Event | None = None

    def set(self) -> None:
        """Ask the loop to stop (thread-safe; a loop waiting between polls wakes up)."""
        self._event.set()
        with self._lock:
            loop, event = self._loop, self._async_event
        if loop is not None and event is not None:
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
                loop.call_soon_threadsafe(event.set)

    def is_set(self) -> bool:
        return self._event.is_set()

    def wait_sync(self, seconds: float) -> bool:
        return self._event.wait(max(0.0, seconds))

    async def wait_async(self, seconds: float) -> bool:
        with self._lock:
            if self._async_event is None:
                self._loop = asyncio.get_running_loop()
                self._async_event = asyncio.Event()
            event = self._async_event
        if self._event.is_set():
            return True
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=max(0.0, seconds))
        return self._event.is_set()


T = TypeVar("T")


def _resolver(dispatcher: Dispatcher | None) -> Resolve:
    return _flow._unresolved if dispatcher is None else handlers(dispatcher)


def run_sync(flow: Flow[T], dispatcher: Dispatcher | None = None) -> T:
    """Run ``flow`` to its end with blocking calls, :class:`Dispatch` steps by ``dispatcher``."""
    return _flow.run_sync(flow, _resolver(dispatcher))


async def run_async(flow: Flow[T], dispatcher: Dispatcher | None = None) -> T:
    """Run ``flow`` to its end with awaits, :class:`Dispatch` steps by ``dispatcher``."""
    return await _flow.run_async(flow, _resolver(dispatcher))


def iterate_sync(flow: Flow[Any], dispatcher: Dispatcher | None = None) -> Generator[Any, None, Any]:
    """Run ``flow`` with blocking calls, yielding each :class:`Emit`'s event."""
    return _flow.iterate_sync(flow, _resolver(dispatcher))


def iterate_async(flow: Flow[Any], dispatcher: Dispatcher | None = None) -> AsyncGenerator[Any, None]:
    """Run ``flow`` with awaits, yielding each :class:`Emit`'s event."""
    return _flow.iterate_async(flow, _resolver(dispatcher))

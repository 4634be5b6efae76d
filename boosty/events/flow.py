"""The poll logic is written once, as generators that *yield* what they want done:

* :class:`Call` ``(fn, *args)`` → the driver calls ``fn`` (awaiting the result on an async
  client) and sends the value back, or throws the exception into the generator;
* :class:`Dispatch` ``(event)`` → the driver runs the handlers (sync or awaited);
* :class:`Emit` ``(event)`` → an iterating driver (``watch``) hands the event to its consumer;
* :class:`Wait` ``(seconds, stop)`` → the driver sleeps until the time passes or ``stop`` is
  set, and sends back ``True`` when it was stopped.

Four drivers run a flow: :func:`run_sync`, :func:`run_async`, :func:`iterate_sync`,
:func:`iterate_async`. Only they differ between sync and async clients.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import threading
from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from typing import Any, TypeVar, Union

import attrs

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
    "iterate_async",
    "iterate_sync",
    "run_async",
    "run_sync",
]

T = TypeVar("T")


@attrs.frozen
class Call:
    """A flow step: call ``fn(*args, **kwargs)`` (an endpoint method of the client)."""

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = attrs.field(factory=dict)


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Call:
    """``Call(fn, args, kwargs)``."""
    return Call(fn, args, kwargs)


@attrs.frozen
class Dispatch:
    """A flow step: run the registered handlers for ``event``."""

    event: Any


@attrs.frozen
class Emit:
    """A flow step: hand ``event`` to the consumer of an iterating driver."""

    event: Any


@attrs.frozen
class Wait:
    """A flow step: wait ``seconds`` or until ``stop`` is set; ``True`` comes back if stopped."""

    seconds: float
    stop: StopToken


Step = Union[Call, Dispatch, Emit, Wait]
Flow = Generator[Step, Any, T]


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


def _sync_step(step: Step, dispatcher: Dispatcher) -> Any:
    if isinstance(step, Call):
        return step.fn(*step.args, **step.kwargs)
    if isinstance(step, Dispatch):
        dispatcher.dispatch(step.event)
        return None
    if isinstance(step, Wait):
        return step.stop.wait_sync(step.seconds)
    raise TypeError(f"unexpected flow step {step!r}")


async def _async_step(step: Step, dispatcher: Dispatcher) -> Any:
    if isinstance(step, Call):
        result = step.fn(*step.args, **step.kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result
    if isinstance(step, Dispatch):
        await dispatcher.adispatch(step.event)
        return None
    if isinstance(step, Wait):
        return await step.stop.wait_async(step.seconds)
    raise TypeError(f"unexpected flow step {step!r}")


def iterate_sync(flow: Flow[Any], dispatcher: Dispatcher) -> Generator[Any, None, None]:
    """Run ``flow`` with blocking calls, yielding each :class:`Emit`'s event."""
    value: Any = None
    error: BaseException | None = None
    try:
        while True:
            try:
                step = flow.send(value) if error is None else flow.throw(error)
            except StopIteration:
                return
            value, error = None, None
            if isinstance(step, Emit):
                yield step.event
                continue
            try:
                value = _sync_step(step, dispatcher)
            except Exception as exc:  # handed to the flow, which re-raises or recovers
                error = exc
    finally:
        flow.close()


async def iterate_async(flow: Flow[Any], dispatcher: Dispatcher) -> AsyncGenerator[Any, None]:
    """Run ``flow`` with awaits, yielding each :class:`Emit`'s event."""
    value: Any = None
    error: BaseException | None = None
    try:
        while True:
            try:
                step = flow.send(value) if error is None else flow.throw(error)
            except StopIteration:
                return
            value, error = None, None
            if isinstance(step, Emit):
                yield step.event
                continue
            try:
                value = await _async_step(step, dispatcher)
            except Exception as exc:
                error = exc
            finally:
                del step
    finally:
        flow.close()


def run_sync(flow: Flow[T], dispatcher: Dispatcher) -> T:
    """Run ``flow`` to its end with blocking calls and return its value (Emit is skipped)."""
    value: Any = None
    error: BaseException | None = None
    try:
        while True:
            try:
                step = flow.send(value) if error is None else flow.throw(error)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            value, error = None, None
            if isinstance(step, Emit):
                continue
            try:
                value = _sync_step(step, dispatcher)
            except Exception as exc:
                error = exc
    finally:
        flow.close()


async def run_async(flow: Flow[T], dispatcher: Dispatcher) -> T:
    """Run ``flow`` to its end with awaits and return its value (Emit is skipped)."""
    value: Any = None
    error: BaseException | None = None
    try:
        while True:
            try:
                step = flow.send(value) if error is None else flow.throw(error)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            value, error = None, None
            if isinstance(step, Emit):
                continue
            try:
                value = await _async_step(step, dispatcher)
            except Exception as exc:
                error = exc
            finally:
                del step
    finally:
        flow.close()

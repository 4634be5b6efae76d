"""One driver for every flow: logic written once as a generator, run blocking or awaited.

A *flow* is a generator that yields what it wants done and gets the result back, in the
manner of httpx's ``Auth.auth_flow``: the sender wrappers, refreshing auth, paging walks,
the client's own request path and the event poller are all flows. What a flow may yield:

* a :class:`Step`, which knows how to run itself blocking (:meth:`Step.run_sync`) and
  awaited (:meth:`Step.run_async`): :class:`Call`, :class:`Sleep`, :class:`Close`,
  :class:`Wait`;
* an :class:`Emit`, whose ``event`` an iterating driver hands to its consumer;
* any other value (a :class:`~boosty.Request`, an event to dispatch), which the driver
  turns into a :class:`Step` with the ``resolve`` function it was given.

Every driver advances a flow with one function (``_advance``: ``flow.send(value)`` or
``flow.throw(error)``, then resolve); the loops around it are :func:`iterate_sync` (which
:func:`run_sync` consumes), :func:`run_async` and :func:`iterate_async` (an async generator
cannot return a value, and a coroutine is cheaper than one on every request). The result of a step is sent
back into the flow; its exception (an :class:`Exception`,
never a :class:`BaseException` like a cancellation) is thrown into it. The flow's
``return`` value is the driver's result. :func:`iterate_sync` / :func:`run_sync` run a flow
with blocking calls, :func:`iterate_async` / :func:`run_async` with awaits; only they
differ between the two modes. When a run ends by an exception, the driver closes the flow
(its ``finally`` blocks run; they must not yield) and then runs the ``cleanup`` steps the
caller kept (each one's own error suppressed).
"""

from __future__ import annotations

import contextlib
import inspect
import time
from collections.abc import AsyncGenerator, Callable, Generator, Iterable, Mapping
from typing import Any, Protocol, TypeVar

import attrs

__all__ = [
    "Call",
    "Close",
    "Emit",
    "Flow",
    "Resolve",
    "Sleep",
    "Step",
    "Wait",
    "call",
    "iterate_async",
    "iterate_sync",
    "run_async",
    "run_sync",
]

T = TypeVar("T")


class Step:
    """Something a flow asks its driver to do, in the driver's mode."""

    def run_sync(self) -> Any:
        """Do it, blocking; return the value sent back into the flow."""
        raise NotImplementedError

    async def run_async(self) -> Any:
        """Do it, awaiting; return the value sent back into the flow."""
        raise NotImplementedError


@attrs.frozen
class Call(Step):
    """Call ``fn(*args, **kwargs)``; the async driver awaits the result when it is awaitable
    (an endpoint method of an async client returns a coroutine)."""

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = attrs.field(factory=dict)

    def run_sync(self) -> Any:
        return self.fn(*self.args, **self.kwargs)

    async def run_async(self) -> Any:
        result = self.fn(*self.args, **self.kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Call:
    """``Call(fn, args, kwargs)``: the step that calls ``fn(*args, **kwargs)``."""
    return Call(fn, args, kwargs)


@attrs.frozen
class Sleep(Step):
    """Wait ``seconds`` (``time.sleep`` or ``asyncio.sleep``); nothing comes back."""

    seconds: float

    def run_sync(self) -> None:
        if self.seconds > 0:
            time.sleep(self.seconds)

    async def run_async(self) -> None:
        import asyncio  # loaded by the first async sleep, not by ``import boosty``

        await asyncio.sleep(max(0.0, self.seconds))


class _Closeable(Protocol):
    def close(self) -> None: ...

    async def aclose(self) -> None: ...


@attrs.frozen
class Close(Step):
    """Release ``response`` (a streamed :class:`~boosty.Response` the flow will not hand
    out): ``response.close()``, or ``await response.aclose()``."""

    response: _Closeable

    def run_sync(self) -> None:
        self.response.close()

    async def run_async(self) -> None:
        await self.response.aclose()


class _Waitable(Protocol):
    def wait_sync(self, seconds: float) -> bool: ...

    async def wait_async(self, seconds: float) -> bool: ...


@attrs.frozen
class Wait(Step):
    """Wait ``seconds`` or until ``stop`` (a :class:`boosty.events.flow.StopToken`) is set;
    ``True`` comes back if it was stopped."""

    seconds: float
    stop: _Waitable

    def run_sync(self) -> bool:
        return self.stop.wait_sync(self.seconds)

    async def run_async(self) -> bool:
        return await self.stop.wait_async(self.seconds)


@attrs.frozen
class Emit:
    """Hand ``event`` to the consumer of an iterating driver (a running driver skips it)."""

    event: Any


Flow = Generator[Any, Any, T]
"""A flow returning ``T``: yields steps (or values its driver resolves), gets their results."""

Resolve = Callable[[Any], Step]
"""Turns a value a flow yields that is not a :class:`Step` into one (e.g. a request into a send)."""


def _unresolved(value: Any) -> Step:
    raise TypeError(f"unexpected flow step {value!r}")


def _advance(flow: Flow[Any], value: Any, error: BaseException | None, resolve: Resolve) -> Step | Emit:
    """The flow's next step, resolved (its ``StopIteration`` carries the flow's value)."""
    step = flow.send(value) if error is None else flow.throw(error)
    if isinstance(step, (Step, Emit)):
        return step
    return resolve(step)


def iterate_sync(
    flow: Flow[T], resolve: Resolve = _unresolved, cleanup: Iterable[Step] = ()
) -> Generator[Any, None, T]:
    """Run ``flow`` with blocking calls, yielding each :class:`Emit`'s event; return its value.

    On an exception, the flow is closed and each ``cleanup`` step run before it propagates.
    """
    value: Any = None
    error: BaseException | None = None
    try:
        while True:
            try:
                step = _advance(flow, value, error, resolve)
            except StopIteration as stop:
                result: T = stop.value
                return result
            value = error = None
            if isinstance(step, Emit):
                yield step.event
                continue
            try:
                value = step.run_sync()
            except Exception as exc:  # handed to the flow, which re-raises or recovers
                error = exc
    except BaseException:
        flow.close()
        for undo in cleanup:
            with contextlib.suppress(Exception):
                undo.run_sync()
        raise


def run_sync(flow: Flow[T], resolve: Resolve = _unresolved, cleanup: Iterable[Step] = ()) -> T:
    """Run ``flow`` to its end with blocking calls and return its value (:class:`Emit` is skipped)."""
    driver = iterate_sync(flow, resolve, cleanup)
    while True:
        try:
            next(driver)
        except StopIteration as stop:
            result: T = stop.value
            return result


async def _failed(flow: Flow[Any], cleanup: Iterable[Step]) -> None:
    flow.close()
    for undo in cleanup:
        with contextlib.suppress(Exception):
            await undo.run_async()


async def run_async(flow: Flow[T], resolve: Resolve = _unresolved, cleanup: Iterable[Step] = ()) -> T:
    """Run ``flow`` to its end with awaits and return its value (:class:`Emit` is skipped).

    On an exception (a cancellation too), the flow is closed and each ``cleanup`` step run.
    """
    value: Any = None
    error: BaseException | None = None
    try:
        while True:
            try:
                step = _advance(flow, value, error, resolve)
            except StopIteration as stop:
                result: T = stop.value
                return result
            value = error = None
            if isinstance(step, Emit):
                continue
            try:
                value = await step.run_async()
            except Exception as exc:
                error = exc
            finally:
                del step  # no reference to a response outlives its step
    except BaseException:
        await _failed(flow, cleanup)
        raise


async def iterate_async(
    flow: Flow[Any], resolve: Resolve = _unresolved, cleanup: Iterable[Step] = ()
) -> AsyncGenerator[Any, None]:
    """Run ``flow`` with awaits, yielding each :class:`Emit`'s event (:func:`run_async`'s
    loop, with a ``yield``: an async generator cannot return a value)."""
    value: Any = None
    error: BaseException | None = None
    try:
        while True:
            try:
                step = _advance(flow, value, error, resolve)
            except StopIteration:
                return
            value = error = None
            if isinstance(step, Emit):
                event = step.event
                del step
                yield event
                continue
            try:
                value = await step.run_async()
            except Exception as exc:
                error = exc
            finally:
                del step  # no reference to an event or response outlives its step
    except BaseException:
        await _failed(flow, cleanup)
        raise

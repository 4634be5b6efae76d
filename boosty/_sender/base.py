"""Sender ABCs: :class:`Sender` and :class:`ExtendingSender`.

A wrapper is written once and serves both modes. Its :meth:`ExtendingSender.flow` is a
generator that *yields* what it wants done and gets the result back:

* yield a :class:`~boosty.Request` → receive the inner sender's :class:`~boosty.Response`
  (or have the inner sender's exception thrown into the generator);
* yield a :class:`Sleep` → the driver sleeps (``time.sleep`` or ``asyncio.sleep``);
* yield a :class:`Close` → the driver releases a streamed response the flow discards;

and finally ``return`` the :class:`~boosty.Response` to hand outward. The sync driver runs
the generator with blocking calls, the async driver with awaits, so the logic never
forks on ``is_async``.

If the call ends without a response (the flow raised, or the driver was interrupted, e.g. an
asyncio task cancelled during a :class:`Sleep`), the driver closes the generator (its
``finally`` blocks run at once; they must not yield) and closes every streamed response it
handed to the flow, so no connection is left open.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from abc import ABC, abstractmethod
from collections.abc import Coroutine, Generator
from types import TracebackType
from typing import Any, TypeVar, Union, cast

import attrs

from ._http import Request, Response

__all__ = ["Close", "ExtendingSender", "Flow", "Sender", "Sleep"]

_S = TypeVar("_S", bound="Sender")


@attrs.frozen
class Sleep:
    """A flow step: wait ``seconds`` (sync: ``time.sleep``; async: ``asyncio.sleep``)."""

    seconds: float


@attrs.frozen
class Close:
    """A flow step: release a streamed ``response`` the flow will not hand out.

    The sync driver calls ``response.close()``, the async driver awaits ``response.aclose()``.
    """

    response: Response


Flow = Generator[Union[Request, Sleep, Close], Any, Response]
"""The generator type of :meth:`ExtendingSender.flow`."""


class Sender(ABC):
    """Sends a :class:`~boosty.Request` and returns a :class:`~boosty.Response`.

    A sync sender's :meth:`send` returns the response; an async sender's returns a
    coroutine of it (:attr:`is_async` tells which). Senders are context managers
    (``with`` / ``async with``) that close what they own.
    """

    @property
    @abstractmethod
    def is_async(self) -> bool:
        """``True`` if :meth:`send` returns a coroutine."""

    @abstractmethod
    def send(self, request: Request) -> Response | Coroutine[Any, Any, Response]:
        """Send ``request``; the response, or for an async sender a coroutine of it."""

    def close(self) -> None:
        """Release what this sender owns (sync senders)."""

    async def aclose(self) -> None:
        """Release what this sender owns; a sync sender's default runs :meth:`close`."""
        self.close()

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self: _S) -> _S:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def _default_sender() -> Sender:
    from .concrete import SyncSender

    return SyncSender()


class ExtendingSender(Sender):
    """Base of sender wrappers (middleware). Wraps ``sender`` (default: a new :class:`SyncSender`).

    ``is_async`` and closing delegate inward. Override :meth:`on_request` /
    :meth:`on_response` for simple rewriting, or :meth:`flow` for anything that sends
    several times or waits; either way the wrapper works in sync and async chains::

        class Locale(ExtendingSender):
            def on_request(self, request):
                return request.with_headers({"X-Locale": "en_US"})
    """

    def __init__(self, sender: Sender | None = None) -> None:
        self.sender: Sender = sender if sender is not None else _default_sender()

    @property
    def is_async(self) -> bool:
        return self.sender.is_async

    def send(self, request: Request) -> Response | Coroutine[Any, Any, Response]:
        """Run :meth:`flow` for ``request`` through the inner sender, in its mode."""
        if self.sender.is_async:
            return self._send_async(request)
        return self._send_sync(request)

    def flow(self, request: Request) -> Flow:
        """The wrapper's logic as a generator (see the module doc). Default: one exchange."""
        response = yield self.on_request(request)
        return self.on_response(response)

    def on_request(self, request: Request) -> Request:
        """Rewrite an outgoing request (default: unchanged)."""
        return request

    def on_response(self, response: Response) -> Response:
        """Rewrite an incoming response (default: unchanged)."""
        return response

    def _send_sync(self, request: Request) -> Response:
        flow = self.flow(request)
        inner = self.sender
        value: Any = None
        error: BaseException | None = None
        streamed: list[Response] = []  # streamed responses handed to the flow
        try:
            while True:
                try:
                    step = flow.send(value) if error is None else flow.throw(error)
                except StopIteration as stop:
                    return cast(Response, stop.value)
                value, error = None, None
                if isinstance(step, Sleep):
                    if step.seconds > 0:
                        time.sleep(step.seconds)
                    continue
                if isinstance(step, Close):
                    step.response.close()
                    continue
                try:
                    value = inner.send(step)
                except Exception as exc:  # handed to the flow, which re-raises or recovers
                    error = exc
                else:
                    if value.stream is not None:
                        streamed.append(value)
        except BaseException:
            flow.close()
            for response in streamed:
                with contextlib.suppress(Exception):
                    response.close()
            raise

    async def _send_async(self, request: Request) -> Response:
        flow = self.flow(request)
        inner = self.sender
        value: Any = None
        error: BaseException | None = None
        streamed: list[Response] = []
        try:
            while True:
                try:
                    step = flow.send(value) if error is None else flow.throw(error)
                except StopIteration as stop:
                    return cast(Response, stop.value)
                value, error = None, None
                if isinstance(step, Sleep):
                    await asyncio.sleep(max(0.0, step.seconds))
                    continue
                if isinstance(step, Close):
                    await step.response.aclose()
                    continue
                try:
                    value = await cast(Coroutine[Any, Any, Response], inner.send(step))
                except Exception as exc:
                    error = exc
                else:
                    if value.stream is not None:
                        streamed.append(value)
        except BaseException:
            flow.close()
            for response in streamed:
                with contextlib.suppress(Exception):
                    await response.aclose()
            raise

    def close(self) -> None:
        self.sender.close()

    async def aclose(self) -> None:
        if self.sender.is_async:
            await self.sender.aclose()
        else:
            self.sender.close()

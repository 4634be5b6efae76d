"""Sender ABCs: :class:`Sender` and :class:`ExtendingSender`.

A wrapper is written once and serves both modes. Its :meth:`ExtendingSender.flow` is a
generator (a flow, see :mod:`boosty._flow`) that *yields* what it wants done and gets the
result back:

* yield a :class:`~boosty.Request` → receive the inner sender's :class:`~boosty.Response`
  (or have the inner sender's exception thrown into the generator);
* yield a :class:`Sleep` → the driver sleeps (``time.sleep`` or ``asyncio.sleep``);
* yield a :class:`Close` → the driver releases a streamed response the flow discards;

and finally ``return`` the :class:`~boosty.Response` to hand outward. One driver runs the
generator with blocking calls or with awaits, so the logic never forks on ``is_async``.

If the call ends without a response (the flow raised, or the driver was interrupted, e.g. an
asyncio task cancelled during a :class:`Sleep`), the driver closes the generator (its
``finally`` blocks run at once; they must not yield) and closes every streamed response it
handed to the flow, so no connection is left open.

Senders are generic in their mode (:mod:`boosty._mode`): ``SyncSender`` is
``Sender[Sync]``, ``AsyncSender`` ``Sender[Async]``, and a wrapper takes the mode of the
sender it wraps, so a client's types follow its chain.
"""

from __future__ import annotations

from collections.abc import Coroutine, Iterator
from typing import Any, Protocol, cast, runtime_checkable

from .._flow import Close, Flow, Sleep, Step, run_async, run_sync
from .._mode import M
from ._http import Request, Response
from .concrete import SyncSender
from .sender import Sender

__all__ = ["Close", "ExtendingSender", "Flow", "Send", "Sender", "Sleep", "Through", "drive"]


class Send(Step):
    """Send ``request`` through ``sender``, keeping a streamed response in ``streamed`` (so
    the driver can close it if the call fails). The step a flow's :class:`Request` becomes."""

    __slots__ = ("request", "sender", "streamed")

    def __init__(self, sender: Sender[Any], request: Request, streamed: list[Response]) -> None:
        self.sender = sender
        self.request = request
        self.streamed = streamed

    def run_sync(self) -> Response:
        response = cast(Response, self.sender.send(self.request))
        if response.stream is not None:
            self.streamed.append(response)
        return response

    async def run_async(self) -> Response:
        response = await cast("Coroutine[Any, Any, Response]", self.sender.send(self.request))
        if response.stream is not None:
            self.streamed.append(response)
        return response


@runtime_checkable
class Through(Protocol):
    """A value a sender flow may yield that becomes a :class:`Step` once the driver's
    sender is known (e.g. a token renewal that sends its own request)."""

    def through(self, sender: Sender[Any]) -> Step:
        """The step doing this through ``sender``."""


class _Exchanges:
    """Resolves the requests a flow yields into :class:`Send` steps through ``sender``, and
    remembers the streamed responses, which are closed if the call fails."""

    def __init__(self, sender: Sender[Any]) -> None:
        self.sender = sender
        self.streamed: list[Response] = []

    def __call__(self, value: Any) -> Step:
        if isinstance(value, Request):
            return Send(self.sender, value, self.streamed)
        if isinstance(value, Through):
            return value.through(self.sender)
        raise TypeError(f"unexpected flow step {value!r}")

    def __iter__(self) -> Iterator[Step]:
        """The steps closing the streamed responses (read when the call failed)."""
        return iter([Close(response) for response in self.streamed])


def drive(flow: Flow[Any], sender: Sender[Any]) -> Any:
    """Run a sender ``flow`` whose requests go to ``sender``, in that sender's mode.

    Returns the flow's value, or a coroutine of it for an async ``sender``.
    """
    exchanges = _Exchanges(sender)
    if sender.is_async:
        return run_async(flow, exchanges, exchanges)
    return run_sync(flow, exchanges, exchanges)


class ExtendingSender(Sender[M]):
    """Base of sender wrappers (middleware). Wraps ``sender`` (default: a new :class:`SyncSender`).

    ``is_async`` and closing delegate inward. Override :meth:`on_request` /
    :meth:`on_response` for simple rewriting, or :meth:`flow` for anything that sends
    several times or waits; either way the wrapper works in sync and async chains::

        class Locale(ExtendingSender):
            def on_request(self, request):
                return request.with_headers({"X-Locale": "en_US"})
    """

    def __init__(self, sender: Sender[M] | None = None) -> None:
        self.sender: Sender[M] = sender if sender is not None else SyncSender()  # type: ignore[assignment]

    @property
    def is_async(self) -> bool:
        return self.sender.is_async

    def send(self, request: Request) -> Response | Coroutine[Any, Any, Response]:
        """Run :meth:`flow` for ``request`` through the inner sender, in its mode."""
        result: Response | Coroutine[Any, Any, Response] = drive(self.flow(request), self.sender)
        return result

    def flow(self, request: Request) -> Flow[Response]:
        """The wrapper's logic as a generator (see the module doc). Default: one exchange."""
        response = yield self.on_request(request)
        return self.on_response(response)

    def on_request(self, request: Request) -> Request:
        """Rewrite an outgoing request (default: unchanged)."""
        return request

    def on_response(self, response: Response) -> Response:
        """Rewrite an incoming response (default: unchanged)."""
        return response

    def close(self) -> None:
        self.sender.close()

    async def aclose(self) -> None:
        if self.sender.is_async:
            await self.sender.aclose()
        else:
            self.sender.close()

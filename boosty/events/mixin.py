"""The client side of events: ``on``, ``poll_once``, ``start_polling``, ``stop_polling``, ``watch``."""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import math
import os
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from .._client.base import ClientBase
from .._mode import by_mode_call, by_mode_iterator

if TYPE_CHECKING:  # the machinery loads on first use: a client that never polls skips it
    from .dispatch import Backoff, Dispatcher, Handler
    from .flow import StopToken
    from .models import Event
    from .poller import Poller
    from .state import StateStore
    from .types import EventType

DEFAULT_POLL_INTERVAL = 30.0
"""Seconds between polls when neither the call nor the client's settings give an interval."""

__all__ = ["EventsAPI"]

H = TypeVar("H", bound=Callable[..., Any])
P = ParamSpec("P")
R = TypeVar("R")


class _Registry:
    """Handlers and running loops of a client, shared with the clients derived from it."""

    def __init__(self, allow_async: bool) -> None:
        from .dispatch import Dispatcher

        self.dispatcher = Dispatcher(allow_async=allow_async)
        self.running: set[StopToken] = set()
        self.lock = threading.Lock()

    def start(self) -> StopToken:
        from .flow import StopToken

        token = StopToken()
        with self.lock:
            self.running.add(token)
        return token

    def finish(self, token: StopToken) -> None:
        with self.lock:
            self.running.discard(token)

    @contextlib.contextmanager
    def stop_token(self) -> Iterator[StopToken]:
        """The stop token of one loop, registered while the loop runs (:meth:`stop_all` sets it)."""
        token = self.start()
        try:
            yield token
        finally:
            self.finish(token)

    def stop_all(self) -> None:
        with self.lock:
            tokens = list(self.running)
        for token in tokens:
            token.set()


def _registry(client: Any) -> _Registry:
    registry: _Registry = client._event_registry
    return registry


def _poller(
    client: Any,
    blog: str,
    state: str | os.PathLike[str] | StateStore | None,
    since: dt.datetime | None,
    events: Iterable[EventType | str] | EventType | str | None,
    full_walk_interval: float | None = None,
) -> Poller:
    settings = getattr(client, "settings", None)
    if state is None and settings is not None and settings.redis_url:
        state = settings.redis_url  # one redis_url shares the events state too
    from .feed import FULL_WALK_INTERVAL
    from .poller import Poller

    walk = FULL_WALK_INTERVAL if full_walk_interval is None else full_walk_interval
    dispatcher = _registry(client).dispatcher
    return Poller(client, blog, dispatcher=dispatcher, state=state, events=events, since=since, full_walk_interval=walk)


def _interval(client: Any, interval: float | None) -> float:
    """``interval``, else the client's settings' ``poll_interval`` (30 s by default), checked."""
    if interval is None:
        settings = getattr(client, "settings", None)
        interval = settings.poll_interval if settings is not None else DEFAULT_POLL_INTERVAL
    return _check_interval(interval)


def _check_interval(interval: float) -> float:
    """``interval`` as finite seconds ``>= 0``; ``nan`` (no pause at all), ``inf`` and negatives
    are refused before any request."""
    if (
        isinstance(interval, bool)
        or not isinstance(interval, (int, float))
        or not math.isfinite(interval)
        or interval < 0
    ):
        raise ValueError(f"interval must be a finite number of seconds >= 0, got {interval!r}")
    return float(interval)


# -- poll_once -----------------------------------------------------------------------------------


def _poll_once(
    client: Any,
    blog: str,
    *,
    state: str | os.PathLike[str] | StateStore | None = None,
    since: dt.datetime | None = None,
    events: Iterable[EventType | str] | EventType | str | None = None,
    full_walk_interval: float | None = None,
) -> list[Event] | Coroutine[Any, Any, list[Event]]:
    """Poll ``blog`` once: run the handlers for what changed and return those events.

    ``state``: the SQLite state file (default ``<user_state_dir("boosty")>/events.sqlite3``)
    remembering what was seen, so a later poll (or a restarted program) reports only what is
    new; or a Redis URL (``"redis://host:6379/0?lease=30"``, extra ``boosty-client[redis]``) that
    several workers share: each polls only while it holds the blog's lease, so each event is
    handled by one of them, and a dead worker's blog is taken over within ``lease`` seconds
    (another URL scheme raises ``EventsError``). The first poll of a source takes a snapshot
    and reports nothing, unless ``since`` (an aware ``datetime``) asks for what happened
    since then. ``events``: the types to
    watch (default: those with handlers, or, with none, all the client's access allows:
    anonymous → posts, comments, donation counters; logged in → also messages; the blog's
    owner → also subscribers and the donation sales list). ``full_walk_interval``: for the
    blog's owner, seconds between two walks of every comment counter, the subscriber list
    and the donation sales list (default 900; ``0``: every poll); in between, a poll reads
    the notification feed and walks only what it announces (cancellations and level
    changes, which it does not, wait for the next full walk). Returns ``list[Event]`` (a
    coroutine of it on an async client) in the order delivered. Raises the endpoint errors
    (:class:`~boosty.NetworkError`, :class:`~boosty.Unauthorised`, ...),
    :class:`~boosty.events.EventsError` for bad arguments and
    :class:`~boosty.events.EventStateError` for an unusable state file or an unreachable
    Redis (naming the URL, never its password).
    """
    from .flow import run_async, run_sync

    poller = _poller(client, blog, state, since, events, full_walk_interval)
    dispatcher = _registry(client).dispatcher
    if client.is_async:
        return run_async(poller.once(), dispatcher)
    return run_sync(poller.once(), dispatcher)


# -- start_polling --------------------------------------------------------------------------------


def _loop(
    client: Any,
    blog: str,
    *,
    interval: float | None = None,
    state: str | os.PathLike[str] | StateStore | None = None,
    since: dt.datetime | None = None,
    events: Iterable[EventType | str] | EventType | str | None = None,
    full_walk_interval: float | None = None,
    backoff: Backoff | None = None,
) -> tuple[Poller, float, Backoff]:
    """The parameters of :meth:`start_polling` and :meth:`watch`, checked before any request:
    the poller, the interval in seconds and the backoff of the loop."""
    from .dispatch import Backoff

    interval = _interval(client, interval)
    poller = _poller(client, blog, state, since, events, full_walk_interval)
    return poller, interval, backoff if backoff is not None else Backoff()


def _params_of(
    source: Callable[Concatenate[Any, P], Any],
) -> Callable[[Callable[..., R]], Callable[Concatenate[Any, P], R]]:
    """Give ``impl(client, *args, **kwargs)`` the parameters of ``source(client, ...)``, for type
    checkers and for :func:`inspect.signature` (the docs); ``impl`` passes them on to it."""

    def wrap(impl: Callable[..., R]) -> Callable[Concatenate[Any, P], R]:
        returns = inspect.signature(impl).return_annotation
        impl.__signature__ = inspect.signature(source).replace(return_annotation=returns)  # type: ignore[attr-defined]
        return impl

    return wrap


@_params_of(_loop)
def _start_polling(client: Any, blog: str, **options: Any) -> Coroutine[Any, Any, None] | None:
    """Poll ``blog`` every ``interval`` seconds, running the handlers, until stopped.

    ``interval`` defaults to the client's settings' ``poll_interval`` (30 s without settings);
    ``nan``, infinities and negatives raise :class:`ValueError` before any request. With a
    ``redis_url`` in the client's settings, ``state`` defaults to that Redis.

    Async client: a coroutine running until :meth:`stop_polling` (from a handler, a task or
    another thread) or until cancelled. Sync client: blocks until :meth:`stop_polling` (from
    a handler or another thread) or ``KeyboardInterrupt`` (which ends it quietly). A failed
    poll (network, timeout, 5xx, 429, garbled body) is logged on ``boosty.events`` and
    retried after ``backoff`` (default :class:`~boosty.events.Backoff` ``()``: 1 s doubling
    up to 300 s, at least the server's ``Retry-After``); any other error
    (:class:`~boosty.Unauthorised` or :class:`~boosty.AuthError` after a failed token
    refresh, :class:`~boosty.Forbidden`, :class:`~boosty.NotFound`, a broken state file)
    stops polling and is raised. ``state``, ``since``, ``events`` and ``full_walk_interval`` are as for
    :meth:`poll_once`; the watched types are re-read before each poll, so handlers added
    while polling take effect (a newly watched source starts with a snapshot).
    """
    from .dispatch import logger
    from .flow import run_sync

    poller, interval, policy = _loop(client, blog, **options)
    if client.is_async:
        return _loop_async(client, poller, interval, policy)
    registry = _registry(client)
    with registry.stop_token() as token:
        try:
            run_sync(poller.loop(interval=interval, backoff=policy, stop=token), registry.dispatcher)
        except KeyboardInterrupt:
            logger.info("polling %r stopped by KeyboardInterrupt", blog)
    return None


async def _loop_async(client: Any, poller: Poller, interval: float, backoff: Backoff) -> None:
    from .flow import run_async

    registry = _registry(client)
    with registry.stop_token() as token:
        await run_async(poller.loop(interval=interval, backoff=backoff, stop=token), registry.dispatcher)


# -- watch ----------------------------------------------------------------------------------------


@_params_of(_loop)
def _watch(client: Any, blog: str, **options: Any) -> Iterator[Event] | AsyncIterator[Event]:
    """The events of ``blog`` as they happen: ``for event in client.watch("blog"):``.

    An ``Iterator[Event]`` (an ``AsyncIterator[Event]`` for ``async for`` on an async
    client) polling every ``interval`` seconds with the backoff, errors and arguments of
    :meth:`start_polling`; registered handlers run too, before each event is yielded. An
    event is recorded as delivered when it is yielded, so a ``break`` after handling it does
    not make a later run repeat it. Ends after :meth:`stop_polling`; leaving the loop
    (``break``, closing the iterator) stops polling.
    """
    poller, interval, policy = _loop(client, blog, **options)
    if client.is_async:
        return _watch_async(client, poller, interval, policy)
    return _watch_sync(client, poller, interval, policy)


def _watch_sync(client: Any, poller: Poller, interval: float, backoff: Backoff) -> Iterator[Event]:
    from .flow import iterate_sync

    registry = _registry(client)
    with registry.stop_token() as token:
        flow = poller.loop(interval=interval, backoff=backoff, stop=token, emit=True)
        yield from iterate_sync(flow, registry.dispatcher)


async def _watch_async(client: Any, poller: Poller, interval: float, backoff: Backoff) -> AsyncIterator[Event]:
    from .flow import iterate_async

    registry = _registry(client)
    with registry.stop_token() as token:
        flow = poller.loop(interval=interval, backoff=backoff, stop=token, emit=True)
        events = iterate_async(flow, registry.dispatcher)
        try:
            async for event in events:
                yield event
        finally:
            await events.aclose()


# -- the mixin -----------------------------------------------------------------------------------


class EventsAPI(ClientBase):
    """React to what happens on a blog: new posts, comments, subscribers, donations, messages.

    ::

        client = AsyncBoosty(credentials=..., token_storage=FileTokenStorage())

        @client.on(EventType.NEW_SUBSCRIBER)
        async def greet(event):          # plain functions work too
            print(event.subscriber.name)

        await client.start_polling("my_blog", interval=30)

    Handlers live on the client; clients made from it with ``with_headers()`` & co. share
    them (and ``stop_polling()`` stops their loops too). A sync client refuses ``async def``
    handlers with ``TypeError`` (it has no event loop to run them on); an async client runs
    plain functions inline on its event loop.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._event_registry = _Registry(allow_async=self.is_async)

    @property
    def dispatcher(self) -> Dispatcher:
        """The handler registry (``add``, ``remove``, ``handlers``, ``types``)."""
        return self._event_registry.dispatcher

    def on(self, *event_types: EventType | str) -> Callable[[H], H]:
        """Decorator: run the function for each event of these types.

        Polling watches the types that have handlers. With no types given the function is a
        catch-all: it receives every event, and polling then also covers everything the
        client's access allows. The function takes the event (a
        :class:`~boosty.events.Event` subclass); the decorator returns it unchanged. Raises
        :class:`TypeError` for an ``async def`` function on a sync client and
        :class:`ValueError` for an unknown type name.
        """
        return self.dispatcher.on(*event_types)

    def remove_handler(self, handler: Handler, event_type: EventType | str | None = None) -> None:
        """Stop running ``handler`` (for ``event_type`` only, or for every type)."""
        self.dispatcher.remove(handler, event_type)

    def stop_polling(self) -> None:
        """Stop every :meth:`start_polling` and :meth:`watch` loop of this client.

        Thread-safe; a loop waiting between polls wakes at once, one in the middle of a poll
        first delivers that poll's events. Nothing happens when no loop runs.
        """
        self._event_registry.stop_all()

    poll_once = by_mode_call(_poll_once)
    start_polling = by_mode_call(_start_polling)
    watch = by_mode_iterator(_watch)

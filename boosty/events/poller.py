"""The poller: which sources to read, one poll, and the polling loop with backoff.

Everything here is a flow (:mod:`boosty.events.flow`), so the same code serves sync and
async clients; the client methods in :mod:`boosty.events.mixin` pick the driver.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable
from typing import Any

from .._errors import NetworkError, ParseError, ServerError, TooManyRequests
from .._redis import is_redis_url
from .context import PollContext
from .dispatch import Backoff, Dispatcher, logger
from .errors import EventsError
from .feed import FULL_WALK_INTERVAL, feed_gate
from .flow import Dispatch, Emit, Flow, StopToken, Wait, call
from .models import Event
from .redis_state import RedisStateStore, RedisStateUnavailable
from .sources import (
    comments_source,
    dialogs_source,
    donations_source,
    post_donations_source,
    posts_source,
    scan_posts,
    subscribers_source,
)
from .state import StateStore
from .types import OWNER_TYPES, PUBLIC_TYPES, SUBSCRIBER_TYPES, USER_TYPES, EventType

__all__ = ["TRANSIENT_ERRORS", "Poller"]

TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    NetworkError,
    ServerError,
    TooManyRequests,
    ParseError,
    RedisStateUnavailable,
)
"""Failures a polling loop backs off from and retries: transport errors and timeouts, 5xx,
429, bodies that are not the JSON promised (truncated by a proxy), and a shared Redis state
that is unreachable or whose lease this worker lost. Anything else (401
after a failed refresh, 403, 404, a broken state file) stops the loop with the error."""

POST_TYPES = frozenset({EventType.NEW_POST, EventType.POST_UPDATED})

OWNER_FEED_TYPES = frozenset({EventType.NEW_DONATION, EventType.NEW_COMMENT})
"""Types whose sources differ for the blog's owner (the sales list; the notification feed)."""


def _walks(types: frozenset[EventType], owner: bool) -> frozenset[str]:
    """The sources of :data:`~boosty.events.feed.AREAS` that ``types`` need."""
    walks = set()
    if EventType.NEW_COMMENT in types:
        walks.add("comments")
    if EventType.NEW_DONATION in types and owner:
        walks.add("donations")
    if types & SUBSCRIBER_TYPES:
        walks.add("subscribers")
    return frozenset(walks)


def _is_anonymous(client: Any) -> bool:
    """No token at all: no auth, or a refreshing auth whose storage holds no credentials yet."""
    from .._auth.base import NoAuth
    from .._auth.refreshing import RefreshingAuth

    auth = getattr(client, "_auth", None)
    if isinstance(auth, RefreshingAuth):
        return auth.credentials is None
    return isinstance(auth, NoAuth)


def _check_since(since: dt.datetime | None) -> dt.datetime | None:
    if since is None:
        return None
    if not isinstance(since, dt.datetime) or since.tzinfo is None or since.utcoffset() is None:
        raise EventsError(f"since must be an aware datetime (e.g. with tzinfo=datetime.timezone.utc), got {since!r}")
    return since


def _check_types(events: Iterable[EventType | str] | EventType | str | None) -> frozenset[EventType] | None:
    if events is None:
        return None
    items = [events] if isinstance(events, (str, EventType)) else list(events)
    try:
        resolved = frozenset(EventType(e) for e in items)
    except ValueError as exc:
        raise EventsError(f"unknown event type in events={events!r}: {exc}") from None
    if not resolved:
        raise EventsError("events= is empty: name at least one EventType, or pass None for the default")
    return resolved


def _check_state(state: Any) -> Any:
    """``state`` if it is a store, a path, ``None`` or a Redis URL; an unknown URL scheme is an error."""
    if isinstance(state, str) and "://" in state and not is_redis_url(state):
        scheme = state.partition("://")[0]
        raise EventsError(
            f"state= has an unknown URL scheme {scheme!r}: use a redis:// (or rediss://, unix://) URL "
            "to share the state between workers, or a file path for a local SQLite file"
        )
    if state is not None and not isinstance(state, (str, os.PathLike, StateStore)):
        raise TypeError(f"state must be a path, a redis:// URL or None, got {type(state).__name__}")
    return state


class Poller:
    """Polls one blog for the clients' ``poll_once`` / ``start_polling`` / ``watch``.

    Arguments:
        client: a :class:`~boosty.Boosty` or :class:`~boosty.AsyncBoosty`.
        blog: the blog slug.
        dispatcher: the client's handler registry.
        state: path of the SQLite state file (default under platformdirs'
            ``user_state_dir("boosty")``), a Redis URL (``redis://host:port/db?lease=30``,
            extra ``boosty-client[redis]``) shared by several workers, each event handled by one of
            them, or an open :class:`StateStore` (borrowed).
        events: the types to watch. Default: the types that have handlers; with no
            handlers, everything the client's access allows (anonymous: posts, comments,
            donation counters; logged in: also messages; the blog's owner: also
            subscribers and the donation sales list).
        since: on a source's first poll, report what happened at or after this aware
            ``datetime`` instead of only taking a snapshot.
        full_walk_interval: for the blog's owner, seconds between two walks of every
            comment counter, the subscriber list and the donation sales list; in between,
            a poll walks only what the notification feed names (see
            :mod:`boosty.events.feed`). Must be finite and >= 0 (0: walk on every poll).

    Raises :class:`EventsError` for an unknown type, a naive ``since``, an anonymous
    client asked for events that need a login, or a ``state`` URL whose scheme is not
    ``redis``, ``rediss`` or ``unix``; :class:`TypeError` for a ``state`` or
    ``full_walk_interval`` of another type; :class:`ValueError` for a negative or
    non-finite ``full_walk_interval``.
    """

    def __init__(
        self,
        client: Any,
        blog: str,
        *,
        dispatcher: Dispatcher,
        state: str | os.PathLike[str] | StateStore | None = None,
        events: Iterable[EventType | str] | EventType | str | None = None,
        since: dt.datetime | None = None,
        full_walk_interval: float = FULL_WALK_INTERVAL,
    ) -> None:
        if not isinstance(blog, str) or not blog.strip():
            raise EventsError(f"blog must be a blog slug, got {blog!r}")
        if isinstance(full_walk_interval, bool) or not isinstance(full_walk_interval, (int, float)):
            raise TypeError(f"full_walk_interval must be a number of seconds, got {type(full_walk_interval).__name__}")
        if not math.isfinite(full_walk_interval) or full_walk_interval < 0:
            raise ValueError(f"full_walk_interval must be finite and >= 0 seconds, got {full_walk_interval!r}")
        self.full_walk_interval = float(full_walk_interval)
        self.client = client
        self.blog = blog
        self.dispatcher = dispatcher
        self.state = _check_state(state)
        self.events = _check_types(events)
        self.since = _check_since(since)
        if self.events is not None:
            self._check_access(self.events)

    # -- planning ---------------------------------------------------------------------------

    def _check_access(self, types: frozenset[EventType]) -> None:
        if _is_anonymous(self.client) and not types <= PUBLIC_TYPES:
            missing = ", ".join(sorted(t.value for t in types - PUBLIC_TYPES))
            raise EventsError(f"an anonymous client cannot watch {missing}: log in (token= or credentials=)")

    def _is_owner(self, store: StateStore) -> Flow[bool]:
        """Whether the client owns the blog: asked once (``GET /v1/blog/{blog}``), then remembered."""
        known = store.get(self.blog, "meta", "owner")
        if isinstance(known, bool):
            return known
        blog = yield call(self.client.blog, self.blog)
        owner = bool(getattr(blog, "is_owner", False))
        store.put(self.blog, "meta", "owner", owner)
        store.commit()
        return owner

    def plan(self, store: StateStore) -> Flow[tuple[frozenset[EventType], bool]]:
        """The event types this poll watches and whether the client owns the blog.

        ``events=`` wins; otherwise the types named by handlers; with none named, or with a
        catch-all handler, (also) everything the client's access allows.
        """
        dispatcher = self.dispatcher
        named = self.events if self.events is not None else dispatcher.types
        defaults = self.events is None and (dispatcher.catch_all or not named)
        anonymous = _is_anonymous(self.client)
        self._check_access(named)
        if anonymous:
            return (named | PUBLIC_TYPES) if defaults else named, False
        if not defaults and named & SUBSCRIBER_TYPES:
            return named, True  # asked for owner-only events: the server says if not
        if not defaults and not named & OWNER_FEED_TYPES:
            return named, False  # nothing the owner's sources or feed would change
        owner = yield from self._is_owner(store)
        if defaults:
            named = named | (OWNER_TYPES if owner else USER_TYPES)
        return named, owner

    # -- one poll -------------------------------------------------------------------------------

    def open_state(self) -> tuple[StateStore, bool]:
        """The state store and whether this poller opened it (and so closes it)."""
        if isinstance(self.state, StateStore):
            return self.state, False
        if is_redis_url(self.state):
            return RedisStateStore(str(self.state)), True
        return StateStore(self.state), True

    def poll(self, store: StateStore, *, emit: bool = False) -> Flow[list[Event]]:
        """One poll of the blog if this worker gets its lease (always, for a local file), else
        nothing: ``[]`` at once (another worker sharing the Redis state is polling it)."""
        if not store.acquire(self.blog):
            return []
        try:
            return (yield from self._poll(store, emit=emit))
        finally:
            store.release(self.blog)

    def _poll(self, store: StateStore, *, emit: bool = False) -> Flow[list[Event]]:
        """Read every watched source, then deliver each event and record it.

        Each event is dispatched to the handlers, recorded in ``store`` and committed before
        the next one (``emit``: then also handed to the iterating consumer). A poll cut short
        (an exception, a ``break``, the process dying) loses nothing and repeats at most one
        event: the one whose handlers were running, or had just returned, when it stopped
        (its record was not committed, so the next poll delivers it again). Returns the
        events delivered.
        """
        types, owner = yield from self.plan(store)
        ctx = PollContext(
            client=self.client,
            blog=self.blog,
            store=store,
            types=types,
            since=self.since,
            detected_at=dt.datetime.now(dt.timezone.utc),
        )
        counters = EventType.NEW_DONATION in types and not owner
        walks = _walks(types, owner)
        if owner:
            walks = yield from feed_gate(ctx, walks, interval=self.full_walk_interval)
        full = "comments" in walks or counters
        if types & POST_TYPES or full:
            posts, complete = yield from scan_posts(ctx, full=full)
            if types & POST_TYPES:
                posts_source(ctx, posts, complete)
            if "comments" in walks:
                yield from comments_source(ctx, posts)
            if counters:
                post_donations_source(ctx, posts)
        if "donations" in walks:
            yield from donations_source(ctx)
        if "subscribers" in walks:
            yield from subscribers_source(ctx)
        if EventType.NEW_MESSAGE in types:
            yield from dialogs_source(ctx)
        delivered: list[Event] = []
        try:
            for change in ctx.changes:
                yield Dispatch(change.event)
                change.record()
                store.commit()
                delivered.append(change.event)
                if emit:
                    yield Emit(change.event)
            for write in ctx.finish:
                write()
            store.commit()
        except BaseException:
            store.rollback()
            raise
        return delivered

    def once(self) -> Flow[list[Event]]:
        """One poll with its own state store (opened and closed here)."""
        store, owned = self.open_state()
        try:
            return (yield from self.poll(store))
        finally:
            if owned:
                store.close()

    # -- the loop ---------------------------------------------------------------------------------

    def loop(self, *, interval: float, backoff: Backoff, stop: StopToken, emit: bool = False) -> Flow[None]:
        """Poll every ``interval`` seconds until ``stop`` is set.

        A poll failing with one of :data:`TRANSIENT_ERRORS` is logged (warning, on
        ``boosty.events``) and retried after ``backoff`` (honouring ``Retry-After``); any
        other error ends the loop by propagating. A poll failing because the client was
        closed under it (``close()`` sets ``stop`` first) ends the loop normally.
        """
        store, owned = self.open_state()
        failures = 0
        try:
            while not stop.is_set():
                try:
                    yield from self.poll(store, emit=emit)
                except Exception as exc:
                    if stop.is_set() and getattr(self.client, "closed", False):
                        break  # close() ended polling mid-request: what that request raised is no error
                    if not isinstance(exc, TRANSIENT_ERRORS):
                        raise
                    failures += 1
                    delay = backoff.delay(failures, getattr(exc, "retry_after", None))
                    logger.warning(
                        "polling %r failed (%s: %s); retry %d in %.2f s",
                        self.blog,
                        type(exc).__name__,
                        exc,
                        failures,
                        delay,
                    )
                else:
                    if failures:
                        logger.info("polling %r recovered after %d failed attempt(s)", self.blog, failures)
                    failures = 0
                    delay = interval
                if stop.is_set():
                    break
                stopped = yield Wait(delay, stop)
                if stopped:
                    break
        finally:
            if owned:
                store.close()

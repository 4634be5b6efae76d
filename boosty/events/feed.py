"""The owner's notification feed as a cheap "did anything happen?" check.

Walking the subscriber list, the donation sales list and every post's comment counter costs
one request per 100 rows or posts. The blog owner's notification feed
(``GET /v1/notification/standalone/event/``, one request, no paging) announces new
comments, subscribers and donations, so a poll reads it first and walks only the sources it
names. The feed cannot vouch for everything (an owner may switch some notifications off,
the API's type names are only partly known, the feed shows a bounded number of events), so:

* an event of a type not recognised (none of ``comment``, ``donat``, ``subscri`` in its
  name) walks every source;
* a feed sharing no event with the previous one (it overflowed, or was cleared) walks every
  source;
* every source is walked at least every :data:`FULL_WALK_INTERVAL` seconds, which bounds how
  late a change the feed never shows (a cancellation, a level change, a post edited beyond
  the first page) is reported;
* a feed that cannot be read (403, 404) walks every source, and a source never polled
  before is walked (its snapshot).

State (source ``meta`` of the blog's scope): ``feed.ids`` (the event ids of the last feed
read) and ``feed.walked_at`` (unix seconds of the last poll that walked every source). Both
are written after the poll delivered its events, so a poll cut short reads the feed again.
"""

from __future__ import annotations

from collections.abc import Iterable

from .._errors import Forbidden, NotFound
from .context import PollContext
from .dispatch import logger
from .flow import Flow, call

__all__ = ["AREAS", "FULL_WALK_INTERVAL", "area_of", "feed_gate"]

AREAS = frozenset({"comments", "donations", "subscribers"})
"""The sources the feed can spare a walk of."""

FULL_WALK_INTERVAL = 900.0
"""Seconds between two walks of every source, whatever the feed says."""

_MARKERS = (("comment", "comments"), ("donat", "donations"), ("subscri", "subscribers"))


def area_of(event_type: str) -> frozenset[str]:
    """The sources an event type of the feed concerns (every area for an unknown type)."""
    name = event_type.lower()
    for marker, area in _MARKERS:
        if marker in name:
            return frozenset({area})
    return AREAS


def _changed_areas(previous: Iterable[int], events: list[tuple[int, str]]) -> frozenset[str]:
    before = set(previous)
    if before and events and not any(event_id in before for event_id, _ in events):
        return AREAS  # nothing in common with the last read: events may have scrolled past
    areas: set[str] = set()
    for event_id, kind in events:
        if event_id not in before:
            areas |= area_of(kind)
    return frozenset(areas)


def feed_gate(
    ctx: PollContext, wanted: frozenset[str], *, interval: float = FULL_WALK_INTERVAL
) -> Flow[frozenset[str]]:
    """The areas of ``wanted`` that this poll must walk (one feed request).

    Every one of ``wanted`` on the first poll, when ``interval`` seconds passed since the
    last full walk, or when the feed cannot be read; otherwise those the feed's new events
    name.
    """
    if not wanted:
        return wanted
    try:
        feed = yield call(ctx.client.notifications)
    except (Forbidden, NotFound) as exc:
        logger.debug("the notification feed of %r is not readable (%s); walking every source", ctx.blog, exc)
        return wanted
    events = [(e.id, e.type) for e in feed.events]
    previous = ctx.meta("feed.ids")
    walked_at = ctx.meta("feed.walked_at")
    now = ctx.detected_at.timestamp()
    ids = sorted({event_id for event_id, _ in events})
    ctx.later(ctx.put("meta", "feed.ids", ids))
    due = not isinstance(walked_at, (int, float)) or not 0 <= now - walked_at < interval
    if previous is None or due:
        ctx.later(ctx.put("meta", "feed.walked_at", now))
        return wanted
    fresh = frozenset(area for area in wanted if not ctx.initialised(area))  # a source never polled yet
    return wanted & (_changed_areas(previous, events) | fresh)

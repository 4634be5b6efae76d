"""One differ per source: what changed since the last poll, as events and state writes.

Each source is a flow (see :mod:`boosty.events.flow`): it yields the endpoint calls it
needs and appends :class:`Change`\\ s (an event plus the state write that records it) and
*finishing* writes (bookkeeping that must wait until every event of the poll was handed
out, such as a post's comment counter) to the :class:`PollContext`. A poll that stops half
way therefore re-finds, and never repeats, what it had not delivered.

Sources and their state (``records`` of the state file, scope = blog slug):

=================  ==================================  ======================================
source             polled with                         records
=================  ==================================  ======================================
``posts``          posts pages (``limit=100``)         post id → ``updated_at``
``comments``       the same pages + comments of the    post id → comment counter, mark and
                   posts whose counter moved           ids reported (:mod:`.comments`)
``post_donations`` the same pages                      post id → donation counter
``donations``      the owner's donation sales list     donation id → ``created_at``
``subscribers``    the owner's subscriber list         user id → active, level, last view
``dialogs``        the user's dialog list + messages   dialog id → newest message id seen
                   of the dialogs that moved
=================  ==================================  ======================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from .._model.converter import structure, to_dict
from .._model.dialog import Dialog, Message
from .._model.post import Post
from .._model.sales import Donation
from .._model.subscriber import Subscriber
from .comments import comments_source
from .context import PAGE, PollContext, at_or_after, since_allows, ts
from .flow import Flow, call
from .models import DonationEvent, MessageEvent, PostEvent, SubscriberEvent
from .types import EventType

__all__ = [
    "comments_source",
    "dialogs_source",
    "donations_source",
    "post_donations_source",
    "posts_source",
    "scan_posts",
    "subscribers_source",
]

# -- posts ----------------------------------------------------------------------------------


def _published(post: Post) -> dt.datetime | None:
    return post.publish_time or post.created_at


def read_pages(ctx: PollContext, page: Any, more: Callable[[Any], bool]) -> Flow[list[Any]]:
    """``page`` and the pages after it, in order: the next page is asked for while the last
    one read is not the last of the list and ``more(page)`` holds for it (the walk also ends
    when the API hands no next page)."""
    pages = [page]
    while not page.is_last and more(page):
        following = yield call(ctx.client.next, page)
        if following is None:
            break
        page = following
        pages.append(page)
    return pages


def _items(pages: list[Any]) -> list[Any]:
    return [item for page in pages for item in page.items]


def scan_posts(ctx: PollContext, *, full: bool) -> Flow[tuple[list[Post], bool]]:
    """The blog's posts, newest first, and whether the walk reached the oldest.

    ``full``: every page (comments or donation counters are watched: one request per 100
    posts). Otherwise the walk stops at the first page holding a post already known (or,
    on the first run, after one page, or once posts are older than ``since``).
    """
    known = set(ctx.items("posts")) if not full else set()
    initialised = full or ctx.initialised("posts")
    since = ctx.since_ts()

    def more(page: Any) -> bool:
        if full:
            return True
        if initialised:
            return not any(p.id in known for p in page.items)
        return since is not None and all(at_or_after(_published(p), since) for p in page.items)

    first = yield call(ctx.client.posts, ctx.blog, limit=PAGE)
    pages = yield from read_pages(ctx, first, more)
    return _items(pages), pages[-1].is_last


def posts_source(ctx: PollContext, posts: list[Post], complete: bool) -> None:
    """``NEW_POST`` for posts not seen before, ``POST_UPDATED`` when ``updated_at`` moved.

    On the first run only the pages read are recorded, and ``posts.floor`` keeps the oldest
    publish time among them: an unknown post older than that (one that slid into view
    because newer ones were deleted) is recorded silently, not reported.
    """
    source = "posts"
    initialised = ctx.initialised(source)
    known = ctx.items(source)
    floor = ctx.meta("posts.floor") if initialised else None
    silent: dict[str, Any] = {}
    for post in reversed(posts):  # oldest first: events in the order things happened
        value = {"u": ts(post.updated_at)}
        record = known.get(post.id)
        if record is None:
            if initialised:
                is_new = floor is None or at_or_after(_published(post), floor)
            else:
                is_new = since_allows(ctx, _published(post))
            if is_new and ctx.wants(EventType.NEW_POST):
                ctx.emit(PostEvent(**ctx.base(EventType.NEW_POST), post=post), ctx.put(source, post.id, value))
            else:
                silent[post.id] = value
        elif record.get("u") != value["u"]:
            if initialised and ctx.wants(EventType.POST_UPDATED):
                ctx.emit(PostEvent(**ctx.base(EventType.POST_UPDATED), post=post), ctx.put(source, post.id, value))
            else:
                silent[post.id] = value
    ctx.later_put_many(source, silent)
    if not initialised:
        stamps = [s for s in (ts(_published(p)) for p in posts) if s is not None]
        floor = None if complete or not stamps else min(stamps)
        ctx.later_initialise(source, {"posts.floor": floor})


# -- donations --------------------------------------------------------------------------------


def _money(value: Any) -> Decimal | None:
    """A donation counter as a finite ``Decimal``: ``None`` from the API (no donations yet) is
    0; a value that is no amount (an object, a flag, text, NaN or an infinity) is ``None``."""
    if value is None:
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None  # the API sometimes sends an object here; the counter is unusable then
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def post_donations_source(ctx: PollContext, posts: list[Post]) -> None:
    """``NEW_DONATION`` when a post's public donation counter grows (``amount`` = growth).

    A counter that is unusable in this answer (see :func:`_money`) is skipped: the last
    usable value stays the base, so its return is no phantom donation.
    """
    source = "post_donations"
    initialised = ctx.initialised(source)
    known = ctx.items(source)
    silent: dict[str, Any] = {}
    for post in reversed(posts):
        total = _money(post.donations)
        if total is None:
            continue
        record = known.get(post.id)
        before = _money(record) if record is not None else (Decimal(0) if initialised else None)
        if before is not None and total > before:
            event = DonationEvent(**ctx.base(EventType.NEW_DONATION), amount=total - before, post=post)
            ctx.emit(event, ctx.put(source, post.id, str(total)))
        elif record is None or before != total:
            silent[post.id] = str(total)
    ctx.later_put_many(source, silent)
    if not initialised:
        ctx.later_initialise(source)


def donations_source(ctx: PollContext) -> Flow[None]:
    """``NEW_DONATION`` for each row of the owner's donation sales list not seen before.

    Reads newest first, one page of 100 unless every row on it is new. On the first run
    the oldest row read becomes ``donations.floor``: older unknown rows are not reported.
    """
    source = "donations"
    initialised = ctx.initialised(source)
    known = ctx.items(source)

    def more(page: Any) -> bool:
        if not all(str(d.id) not in known for d in page.items):
            return False
        return initialised or all(since_allows(ctx, d.created_at) for d in page.items)

    first = yield call(ctx.client.sales_donations, ctx.blog, limit=PAGE, sort_by="time", order="gt")
    pages = yield from read_pages(ctx, first, more)
    rows: list[Donation] = _items(pages)
    page = pages[-1]
    floor = ctx.meta("donations.floor") if initialised else None
    silent: dict[str, Any] = {}
    seen: set[str] = set()
    for donation in sorted(rows, key=lambda d: (ts(d.created_at) or 0, d.id or 0)):
        key = str(donation.id)
        if key in known or key in seen:
            continue
        seen.add(key)
        value = ts(donation.created_at)
        is_new = (
            (floor is None or at_or_after(donation.created_at, floor))
            if initialised
            else since_allows(ctx, donation.created_at)
        )
        if is_new:
            event = DonationEvent(
                **ctx.base(EventType.NEW_DONATION), amount=donation.amount or Decimal(0), donation=donation
            )
            ctx.emit(event, ctx.put(source, key, value))
        else:
            silent[key] = value
    ctx.later_put_many(source, silent)
    if not initialised:
        stamps = [s for s in (ts(d.created_at) for d in rows) if s is not None]
        ctx.later_initialise(source, {"donations.floor": None if page.is_last or not stamps else min(stamps)})


# -- subscribers ------------------------------------------------------------------------------


def _level_of(subscriber: Subscriber) -> int | None:
    if subscriber.level_id is not None:
        return subscriber.level_id
    return subscriber.level.id if subscriber.level is not None else None


def subscribers_source(ctx: PollContext) -> Flow[None]:
    """``NEW_SUBSCRIBER``, ``SUBSCRIPTION_CANCELLED``, ``SUBSCRIPTION_LEVEL_CHANGED``.

    Reads the whole subscriber list, oldest first (one request per 100 subscribers). A
    subscriber who turns active (or appears active) is new; one who turns inactive or leaves
    the list cancelled (leaving counts only when the list's total held still while it was
    read); an active one whose level moved changed level.
    """
    source = "subscribers"
    initialised = ctx.initialised(source)
    known = ctx.items(source)
    # oldest first, so that newcomers join the end and do not shift the pages being read
    first = yield call(ctx.client.subscribers, ctx.blog, limit=PAGE, offset=0, sort_by="on_time", order="lt")
    pages = yield from read_pages(ctx, first, lambda page: True)
    subscribers: list[Subscriber] = _items(pages)
    totals = {page.total for page in pages}
    page = pages[-1]
    current: dict[str, Subscriber] = {}
    for subscriber in subscribers:
        current.setdefault(str(subscriber.id), subscriber)
    # the list changed while it was read (a row may have been skipped): absence proves nothing
    consistent = len(totals) == 1 and (page.total is None or page.total == len(current))

    def emit(kind: EventType, subscriber: Subscriber, write: Callable[[], None], previous: int | None = None) -> None:
        if ctx.wants(kind):
            ctx.emit(SubscriberEvent(**ctx.base(kind), subscriber=subscriber, previous_level_id=previous), write)
        else:
            ctx.later(write)

    def by_time(item: tuple[str, Subscriber]) -> tuple[float, int]:
        return ts(item[1].on_time) or 0.0, item[1].id

    for key, subscriber in sorted(current.items(), key=by_time):
        value = {"active": subscriber.is_active, "level": _level_of(subscriber), "raw": to_dict(subscriber)}
        write = ctx.put(source, key, value)
        record = known.get(key)
        was_active = record is not None and bool(record.get("active"))
        if not was_active:
            if subscriber.is_active and (initialised or since_allows(ctx, subscriber.on_time)):
                emit(EventType.NEW_SUBSCRIBER, subscriber, write)
            elif record != value:
                ctx.later(write)
        elif not subscriber.is_active:
            emit(EventType.SUBSCRIPTION_CANCELLED, subscriber, write)
        elif record is not None and record.get("level") != value["level"]:
            emit(EventType.SUBSCRIPTION_LEVEL_CHANGED, subscriber, write, record.get("level"))
        elif record != value:
            ctx.later(write)
    for key, record in known.items():
        if key in current or not consistent:
            continue
        gone = lambda key=key: ctx.store.delete(ctx.blog, source, key)  # noqa: E731
        if record.get("active") and initialised:
            try:
                last_seen = structure(record.get("raw"), Subscriber)
            except Exception:
                last_seen = Subscriber(id=int(key)) if key.isdigit() else Subscriber(id=0)
            emit(EventType.SUBSCRIPTION_CANCELLED, last_seen, gone)
        else:
            ctx.later(gone)
    if not initialised:
        ctx.later_initialise(source)


# -- dialogs ------------------------------------------------------------------------------------


def _incoming(dialog: Dialog, message: Message) -> bool:
    """Written by the chatmate (not by this account)."""
    if dialog.chatmate is None or message.author_id is None:
        return True
    return message.author_id == dialog.chatmate.id


def _fetch_messages(ctx: PollContext, dialog: Dialog, mark: int, cutoff: float | None) -> Flow[list[Message]]:
    """Messages of ``dialog`` with an id above ``mark`` (and, with a ``cutoff`` in unix
    seconds, not older than it), newest first, page by page."""

    def wanted(message: Message) -> bool:
        return message.id > mark and at_or_after(message.created_at, cutoff)

    first = yield call(ctx.client.dialog_messages, dialog.id, limit=PAGE)
    pages = yield from read_pages(ctx, first, lambda page: bool(page.items) and all(wanted(m) for m in page.items))
    return [m for m in _items(pages) if wanted(m)]


def dialogs_source(ctx: PollContext) -> Flow[None]:
    """``NEW_MESSAGE`` for messages from the chatmate in dialogs whose newest message moved.

    One request for the dialog list (newest first; a further page only while every dialog
    on the page moved), plus one per dialog that moved. The account's own messages (the
    replies a handler sends) are recorded but not reported.
    """
    source = "dialogs"
    initialised = ctx.initialised(source)
    known = ctx.items(source)

    def moved(dialog: Dialog) -> bool:
        last = dialog.last_message
        record = known.get(str(dialog.id))
        return last is not None and (record is None or last.id > int(record))

    first = yield call(ctx.client.dialogs, limit=PAGE)
    more = lambda page: initialised and bool(page.items) and all(moved(d) for d in page.items)  # noqa: E731
    pages = yield from read_pages(ctx, first, more)
    dialogs: list[Dialog] = _items(pages)
    page = pages[-1]
    floor = ctx.meta("dialogs.floor") if initialised else None
    for dialog in reversed(dialogs):
        key, last = str(dialog.id), dialog.last_message
        if last is None:
            continue
        record = known.get(key)
        if record is not None and last.id <= int(record):
            continue  # unchanged (or its newest message was deleted)
        cutoff: float | None = None
        if record is None:
            # a dialog not seen before: brand new, or one that was beyond the first page at
            # the snapshot (then everything in it up to the floor is old news)
            cutoff = floor if initialised else ctx.since_ts()
            if not initialised and cutoff is None:
                ctx.later(ctx.put(source, key, last.id))
                continue
            if not at_or_after(last.created_at, cutoff):
                ctx.later(ctx.put(source, key, last.id))
                continue
        mark = int(record) if record is not None else 0
        messages = yield from _fetch_messages(ctx, dialog, mark, cutoff)
        for message in sorted(messages, key=lambda m: m.id):
            if _incoming(dialog, message):
                event = MessageEvent(**ctx.base(EventType.NEW_MESSAGE), dialog=dialog, message=message)
                ctx.emit(event, ctx.put(source, key, message.id))
        ctx.later(ctx.put(source, key, max([last.id, *(m.id for m in messages)])))
    if not initialised:
        stamps = [s for s in (ts(d.last_message.created_at) for d in dialogs if d.last_message) if s is not None]
        ctx.later_initialise(source, {"dialogs.floor": None if page.is_last or not stamps else min(stamps)})

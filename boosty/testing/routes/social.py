"""Dialogs, messages and notifications (``boosty-api.md`` §2.14, §2.15).

The notification feed shows the newest :data:`FEED_SIZE` events of the user. Besides the
stored ones (``subscriber_new``), a blog owner's feed announces every comment by someone
else on the blog's posts (``comment_new``, event id = the comment's ``intId``) and every
donation to the blog (``donation_new``, id = the donation's id). Only ``subscriber_new`` is
a sourced type name; the other two are the fake's.
"""

from __future__ import annotations

from .._ctx import JSON, ApiError, Ctx, Routes, blocks_field, field, invalid
from ..paging import windowed
from ..records import Dialog, Notification
from ..world import World

__all__ = ["ROUTES"]

r = Routes()
ROUTES = r.routes


@r("/v1/dialog/")
def dialogs(ctx: Ctx) -> JSON:
    """``GET /v1/dialog/`` (user): ``{data: [dialog], extra: {offset (next index), total}}``."""
    user = ctx.user()
    items = ctx.world.user_dialogs(user)
    page, _, nxt = windowed(ctx, items)
    view = ctx.view
    return {"data": [view.dialog(d, user) for d in page], "extra": {"offset": nxt, "total": len(items)}}


def _other_user(ctx: Ctx, raw: str | None) -> int:
    if not raw:
        raise invalid("user_id", "required")
    try:
        other = int(raw)
    except ValueError:
        raise invalid("user_id", "not an integer") from None
    if other not in ctx.world.users:
        raise ApiError(404, "not_found", "User not found")
    return other


@r("/v1/dialog", status=201)
def dialog_with_user(ctx: Ctx) -> JSON:
    """``GET /v1/dialog?user_id=`` (user; no slash; answers 201): the dialog with that user, if any."""
    user = ctx.user()
    other = _other_user(ctx, ctx.q("user_id"))
    dialog = ctx.world.dialog_between(user, other)
    view = ctx.view
    out: JSON = {"chatmate": view.chatmate(ctx.world.users[other]), "signedQuery": "", "unreadMsgCount": 0}
    if dialog is None:
        out.update(
            relation=view.relation(Dialog(0, user, other, 0), user),
            createdAt=None,
            wsChannel="",
            messages={"data": [], "extra": {"isFirst": True, "isLast": True, "offset": 0}},
        )
        return out
    messages = ctx.world.dialog_messages(dialog.id)
    shown = messages[:20]
    full = view.dialog(dialog, user)
    out.update(
        id=dialog.id,
        relation=full["relation"],
        createdAt=dialog.created_at,
        wsChannel=full["wsChannel"],
        unreadMsgCount=full["unreadMsgCount"],
        messages={
            "data": [view.message(m) for m in shown],
            "extra": {"isFirst": True, "isLast": len(shown) == len(messages), "offset": shown[-1].id if shown else 0},
        },
    )
    return out


@r("/v1/dialog/", "POST", status=201)
def dialog_create(ctx: Ctx) -> JSON:
    """``POST /v1/dialog/`` (user; form ``user_id``; 201): the dialog (existing or new)."""
    user = ctx.user()
    other = _other_user(ctx, field(ctx.form(), "user_id"))
    if other == user:
        raise invalid("user_id", "cannot open a dialog with yourself")
    return ctx.view.dialog(ctx.world.open_dialog(user, other), user)


def _dialog(ctx: Ctx, user: int) -> Dialog:
    try:
        dialog = ctx.world.dialogs.get(int(ctx.path("dialog_id")))
    except ValueError:
        raise invalid("dialog_id", "not an integer") from None
    if dialog is None or user not in (dialog.user_a, dialog.user_b):
        raise ApiError(404, "not_found", "Dialog not found")
    return dialog


@r("/v1/dialog/{dialog_id}/message/")
def messages(ctx: Ctx) -> JSON:
    """``GET /v1/dialog/{id}/message/`` (user): newest first; ``offset`` = id of the last message seen."""
    user = ctx.user()
    dialog = _dialog(ctx, user)
    limit = ctx.q_int("limit", 20, minimum=1, maximum=100)
    offset = ctx.q_opt_int("offset")
    items = ctx.world.dialog_messages(dialog.id)
    if offset:
        items = [m for m in items if m.id < offset]
    page = items[:limit]
    view = ctx.view
    extra = {"isLast": len(items) <= limit, "offset": page[-1].id if page else (offset or 0)}
    return {"data": [view.message(m) for m in page], "extra": extra}


@r("/v1/dialog/{dialog_id}/message", "POST")
def message_send(ctx: Ctx) -> JSON:
    """``POST /v1/dialog/{id}/message`` (user; no slash; form ``data``): the message."""
    user = ctx.user()
    dialog = _dialog(ctx, user)
    blocks = blocks_field(ctx.form(), "data")
    if not blocks:
        raise invalid("data", "required")
    return ctx.view.message(ctx.world.add_message(dialog.id, user, blocks))


# -- notifications ---------------------------------------------------------------------------


FEED_SIZE = 100
"""How many events the feed shows (the newest); its counts cover them all."""

_DELETED = "-deleted-"
"""The type of a stored tombstone: an announced event the user deleted."""


def _announced(world: World, user: int) -> dict[int, Notification]:
    """Every event of ``user``'s feed by id: the stored notifications (``subscriber_new``),
    plus ``comment_new`` for each comment by someone else on a post of a blog ``user``
    owns and ``donation_new`` for each donation to such a blog. Those two are derived from
    the world, so every way a comment or a donation comes into being is announced; marking
    one read or deleting it stores an override under the same id."""
    notes: dict[int, Notification] = {}
    owned = {url for url, blog in world.blogs.items() if blog.owner_id == user}
    for comment in world.comments.values():
        post = world.posts.get(comment.post_id)
        if comment.deleted or comment.author_id == user or post is None or post.blog_url not in owned:
            continue
        notes[comment.int_id] = Notification(comment.int_id, user, "comment_new", comment.created_at, comment.author_id)
    for donation in world.donations.values():
        if donation.blog_url in owned:
            notes[donation.id] = Notification(donation.id, user, "donation_new", donation.created_at, donation.user_id)
    for note in world.notifications:
        if note.user_id == user:
            notes[note.id] = note
    return {key: note for key, note in notes.items() if note.type != _DELETED}


def _feed(ctx: Ctx, user: int) -> JSON:
    notes = sorted(_announced(ctx.world, user).values(), key=lambda n: (n.event_time, n.id), reverse=True)
    kinds: dict[str, list[int]] = {}
    for note in notes:
        entry = kinds.setdefault(note.type, [0, 0])
        entry[0] += 1
        entry[1] += 0 if note.is_read else 1
    view = ctx.view
    return {
        "data": {
            "notificationStandalone": {
                "events": [view.notification(n) for n in notes[:FEED_SIZE]],
                "count": {
                    "total": len(notes),
                    "unread": sum(1 for n in notes if not n.is_read),
                    "byEventType": [{"type": k, "total": t, "unread": u} for k, (t, u) in sorted(kinds.items())],
                },
                "updateTime": max((n.event_time for n in notes), default=0),
            }
        }
    }


def _event_ids(ctx: Ctx) -> set[int]:
    raw = field(ctx.form(), "event_id") or ""
    try:
        return {int(x) for x in raw.split(",") if x.strip()}
    except ValueError:
        raise invalid("event_id", "comma-separated integers") from None


def _change(ctx: Ctx, user: int, ids: set[int], *, delete: bool) -> None:
    """Mark read (or delete) ``user``'s events ``ids``; derived ones get a stored override."""
    world = ctx.world
    stored = {n.id for n in world.notifications if n.user_id == user}
    for key, note in _announced(world, user).items():
        if key not in ids:
            continue
        if key not in stored:
            note = Notification(note.id, user, note.type, note.event_time, note.author_id, note.level_id)
            world.notifications.append(note)
        if delete:
            note.type = _DELETED
        else:
            note.is_read = True


@r("/v1/notification/standalone/event/")
def notifications(ctx: Ctx) -> JSON:
    """``GET /v1/notification/standalone/event/`` (user): the notification feed (no paging)."""
    return _feed(ctx, ctx.user())


@r("/v1/notification/standalone/read/", "PUT")
def notifications_read(ctx: Ctx) -> JSON:
    """``PUT /v1/notification/standalone/read/`` (user; form ``event_id=1,2``): the updated feed."""
    user = ctx.user()
    _change(ctx, user, _event_ids(ctx), delete=False)
    return _feed(ctx, user)


@r("/v1/notification/standalone/event/", "DELETE")
def notifications_delete(ctx: Ctx) -> JSON:
    """``DELETE /v1/notification/standalone/event/`` (user; form ``event_id``): the updated feed."""
    user = ctx.user()
    _change(ctx, user, _event_ids(ctx), delete=True)
    return _feed(ctx, user)


@r("/v1/notification/standalone/event/{event_id}", "DELETE")
def notification_delete(ctx: Ctx) -> JSON:
    """``DELETE /v1/notification/standalone/event/{id}`` (user): ``{}``."""
    user = ctx.user()
    raw = ctx.path("event_id")
    if raw.isdigit():
        _change(ctx, user, {int(raw)}, delete=True)
    return {}

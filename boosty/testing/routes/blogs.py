"""Blogs: profile, blacklist, unsubscribe reasons, polls, live stream, levels, subscribers, targets."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from .._ctx import JSON, ApiError, Ctx, Routes, blocks_field, field, invalid
from ..blocks import paragraph
from ..paging import by_index, windowed
from ..records import Level, Poll, Target
from ..render import money

__all__ = ["ROUTES"]

r = Routes()
ROUTES = r.routes


@r("/v1/blog/{blog}")
def blog(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}``: the blog profile as the viewer sees it."""
    return ctx.view.blog(ctx.blog())


@r("/v1/blacklist/")
def blacklist(ctx: Ctx) -> JSON:
    """``GET /v1/blacklist/?blog_url=`` (owner): ``{data: [user + blacklistedAt]}``."""
    name = ctx.q("blog_url")
    if not name:
        raise invalid("blog_url", "required")
    found = ctx.blog(name)
    ctx.owner(found)
    view = ctx.view
    users = ctx.world.users
    data = [{**view.user(users[uid]), "currency": "RUB", "blacklistedAt": at} for uid, at in found.blacklist]
    return {"data": data}


@r("/v1/blog/{blog}/unsubscribe_reasons/")
def unsubscribe_reasons(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/unsubscribe_reasons/`` (owner): ``extra{isLast, offset (str), total}``."""
    found = ctx.blog()
    ctx.owner(found)
    view = ctx.view
    fans = [u for u in ctx.world.users.values() if u.id % 4 == 1][:9]
    answers = [
        {
            "user": view.user(u),
            "levelId": 1001,
            "price": 100,
            "payments": 100 * (k + 1),
            "answerIds": [1 + k % 3],
            "other": "" if k % 2 else "too expensive",
            "isAnonimous": k % 3 == 0,
            "onTime": 1_700_000_000 + k,
            "offTime": 1_700_500_000 + k,
            "createdAt": 1_700_500_000 + k,
        }
        for k, u in enumerate(fans)
    ]
    page, is_last, nxt = windowed(ctx, answers)
    return {
        "data": {"unsubscribeAnswers": page},
        "extra": {"isLast": is_last, "offset": str(nxt), "total": len(answers)},
    }


@r("/v1/blog/{blog}/poll/{poll_id}")
def poll(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/poll/{id}``: the poll."""
    return ctx.view.poll(_poll(ctx, ctx.blog().url))


def _poll(ctx: Ctx, blog_url: str) -> Poll:
    try:
        found = ctx.world.polls.get(int(ctx.path("poll_id")))
    except ValueError:
        found = None
    if found is None or found.blog_url != blog_url:
        raise ApiError(404, "not_found", "Poll not found")
    return found


@r("/v1/blog/{blog}/poll/{poll_id}/vote/")
def poll_voters(ctx: Ctx) -> JSON:
    """``GET .../poll/{id}/vote/?option=``: ``{data: {voters}, extra: {isLast, offset (int)}}``."""
    found = _poll(ctx, ctx.blog().url)
    option = ctx.q_opt_int("option")
    voters = [uid for oid, _, ids in found.options if option in (None, oid) for uid in ids]
    page, is_last, nxt = windowed(ctx, voters)
    view = ctx.view
    data = [{**view.user(ctx.world.users[uid]), "vkplayProfileLink": None} for uid in page]
    return {"data": {"voters": data}, "extra": {"isLast": is_last, "offset": nxt}}


@r("/v1/blog/{blog}/video_stream")
def video_stream(ctx: Ctx) -> Any:
    """``GET /v1/blog/{blog}/video_stream``: the live stream of ``demo``; 204 for other blogs (offline)."""
    found = ctx.blog()
    if found.url != "demo":
        return Response(status_code=204)
    owner = ctx.world.users[found.owner_id]
    return {
        "id": "stream-demo",
        "int_id": 1,
        "title": "Live coding",
        "description": paragraph("Weekly stream"),
        "data": [{"type": "ok_video", "failoverHost": "", "title": "Live", "vid": "1", "playerUrls": []}],
        "isOnline": False,
        "isDeleted": False,
        "isTemplate": False,
        "isLiked": False,
        "hasAccess": True,
        "hasChat": True,
        "isChatModerator": False,
        "chatSettings": {"sameMessageTimeout": 5, "anyMessageTimeout": 1},
        "count": {"likes": 3, "viewers": 0},
        "price": 0,
        "subscriptionLevel": None,
        "user": ctx.view.author(owner),
        "sortOrder": 1_700_000_000,
        "daNick": "",
        "createdAt": 1_700_000_000,
        "publishTime": 1_700_000_000,
        "startTime": None,
        "signedQuery": "",
        "teaser": [],
        "wsChatChannel": "stream/chat:1",
        "wsChatChannelPrivate": "stream/chat-private:1",
        "wsStreamChannel": "stream:1",
        "wsStreamViewersChannel": "stream/viewers:1",
    }


@r("/v1/blog/{blog}/video_stream/chat")
def video_stream_chat(ctx: Ctx) -> JSON:
    """``GET .../video_stream/chat``: ``{data: [chat message], extra: {isLast, isBaned, offset}}``."""
    found = ctx.blog()
    limit = ctx.q_int("limit", 10, minimum=1, maximum=100)
    owner = ctx.world.users[found.owner_id]
    view = ctx.view
    data = [
        {
            "id": k + 1,
            "author": {
                **view.user(owner),
                "badges": [],
                "createdAt": 1_700_000_000,
                "isOwner": True,
                "isChatModerator": True,
            },
            "data": paragraph(f"chat {k}"),
            "isPrivate": False,
            "styles": [],
            "createdAt": 1_700_000_000 + k,
        }
        for k in range(min(limit, 3))
    ]
    written = [m for m in ctx.world.stream_chat if m[0] == found.url]  # POST .../video_stream/chat
    for n, (_, author, blocks, when) in enumerate(written, start=len(data) + 1):
        data.append(
            {
                "id": n,
                "author": {
                    **view.user(ctx.world.users[author]),
                    "badges": [],
                    "createdAt": when,
                    "isOwner": False,
                    "isChatModerator": False,
                },
                "data": blocks,
                "isPrivate": False,
                "styles": [],
                "createdAt": when,
            }
        )
    return {"data": data[-limit:], "extra": {"isLast": True, "isBaned": False, "offset": 0}}


# -- levels ---------------------------------------------------------------------------------


@r("/v1/blog/{blog}/subscription_level/")
def levels(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/subscription_level/``: ``{data: [level]}`` (free level with ``show_free_level``)."""
    found = ctx.blog()
    show_free = ctx.q_bool("show_free_level")
    view = ctx.view
    return {"data": [view.level(lv) for lv in ctx.world.blog_levels(found.url) if show_free or lv.price > 0]}


def _level(ctx: Ctx, blog_url: str) -> Level:
    try:
        level = ctx.world.levels.get(int(ctx.path("level_id")))
    except ValueError:
        raise invalid("level_id", "not an integer") from None
    if level is None or level.blog_url != blog_url or level.deleted:
        raise ApiError(404, "not_found", "Level not found")
    return level


@r("/v1/blog/{blog}/subscription/level/{level_id}")
def level(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/subscription/level/{id}`` (owner): one level (``with_content_counters``)."""
    found = ctx.blog()
    ctx.owner(found)
    lv = _level(ctx, found.url)
    out = ctx.view.level(lv)
    if ctx.q_bool("with_content_counters"):
        posts = [p for p in ctx.world.blog_posts(found.url) if p.level_id == lv.id]
        out["count"] = {"content": {"post": len(posts)}}
    return out


@r("/v1/blog/{blog}/subscription/level", "POST")
def level_create(ctx: Ctx) -> JSON:
    """``POST /v1/blog/{blog}/subscription/level`` (owner, form ``name``, ``price``, ``data``): the level."""
    found = ctx.blog()
    owner = ctx.owner(found)
    form = ctx.form()
    name = field(form, "name")
    if not name:
        raise invalid("name", "required")
    try:
        price = float(field(form, "price") or 0)
    except ValueError:
        raise invalid("price", "not a number") from None
    new = Level(
        ctx.world.next_id("level", 1_100_000),
        found.url,
        name,
        price,
        ctx.world.now(),
        owner,
        blocks_field(form, "data"),
    )
    ctx.world.levels[new.id] = new
    return ctx.view.level(new)


@r("/v1/blog/{blog}/subscription/level/{level_id}", "DELETE")
def level_delete(ctx: Ctx) -> JSON:
    """``DELETE /v1/blog/{blog}/subscription/level/{id}`` (owner): ``{}``."""
    found = ctx.blog()
    ctx.owner(found)
    _level(ctx, found.url).deleted = True
    return {}


# -- subscribers ----------------------------------------------------------------------------


@r("/v1/blog/{blog}/subscribers")
def subscribers(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/subscribers`` (owner; no trailing slash): ``{data, total, limit, offset}``.

    As in recorded answers, ``offset`` is the next page's start and rows have ``subscribed``
    but no ``status``.
    """
    found = ctx.blog()
    ctx.owner(found)
    limit, offset = ctx.window()
    order = ctx.q("order") or "gt"
    if order not in ("gt", "lt"):
        raise invalid("order", "must be gt or lt")
    sort_by = ctx.q("sort_by") or "on_time"
    if sort_by not in ("on_time", "price", "payments"):
        raise invalid("sort_by", "unknown sort")
    subs = list(ctx.world.subscribers(found.url))
    wanted = set(ctx.q_ids("level_ids"))
    single = ctx.q_opt_int("level_id")
    if single is not None:
        wanted.add(single)
    if wanted:
        subs = [s for s in subs if s.level_id in wanted]
    if not ctx.q_bool("with_follow", True):
        subs = [s for s in subs if s.price > 0]
    subs.sort(key=lambda s: (getattr(s, sort_by), s.id), reverse=order == "gt")
    page, _, nxt = by_index(subs, offset, limit)
    view = ctx.view
    # as recorded answers are: rows carry ``subscribed`` and no ``status``; the top-level
    # offset is where the next page starts
    rows = [{k: v for k, v in view.subscriber(s).items() if k != "status"} for s in page]
    return {"data": rows, "total": len(subs), "limit": limit, "offset": nxt}


# -- targets ---------------------------------------------------------------------------------


@r("/v1/target/{blog}/")
def targets(ctx: Ctx) -> JSON:
    """``GET /v1/target/{blog}/``: ``{data: [target]}`` (``type``, ``show_deleted``)."""
    found = ctx.blog()
    kind = ctx.q("type")
    if kind not in (None, "", "money", "subscribers"):
        raise invalid("type", "must be money or subscribers")
    show_deleted = ctx.q_bool("show_deleted")
    items = [t for t in ctx.world.targets.values() if t.blog_url == found.url and (show_deleted or not t.deleted)]
    items = sorted((t for t in items if not kind or t.type == kind), key=lambda t: (t.priority, t.id))
    view = ctx.view
    return {"data": [view.target(t) for t in items]}


def _target(ctx: Ctx) -> Target:
    try:
        found = ctx.world.targets.get(int(ctx.path("target_id")))
    except ValueError:
        found = None
    if found is None or found.deleted:
        raise ApiError(404, "not_found", "Target not found")
    return found


@r("/v1/target/{target_id}")
def target(ctx: Ctx) -> JSON:
    """``GET /v1/target/{id}`` (no slash): one target."""
    return ctx.view.target(_target(ctx))


def _sum(form: dict[str, list[str]]) -> float:
    try:
        return float(field(form, "target_sum") or "")
    except ValueError:
        raise invalid("target_sum", "required number") from None


@r("/v1/target/money", "POST")
def target_create_money(ctx: Ctx) -> JSON:
    """``POST /v1/target/money`` (owner; form ``blog_url``, ``description``, ``target_sum``): the target."""
    return _create_target(ctx, "money")


@r("/v1/target/subscribers", "POST")
def target_create_subscribers(ctx: Ctx) -> JSON:
    """``POST /v1/target/subscribers`` (owner): the target."""
    return _create_target(ctx, "subscribers")


def _create_target(ctx: Ctx, kind: str) -> JSON:
    form = ctx.form()
    found = ctx.blog(field(form, "blog_url") or "")
    ctx.owner(found)
    total = _sum(form)
    new = Target(
        ctx.world.next_id("target", 601_000),
        found.url,
        kind,
        field(form, "description") or "",
        total,
        0,
        len(ctx.world.targets) + 1,
        ctx.world.now(),
    )
    ctx.world.targets[new.id] = new
    return ctx.view.target(new)


@r("/v1/target/{target_id}", "PUT")
def target_update(ctx: Ctx) -> JSON:
    """``PUT /v1/target/{id}`` (owner; form ``description``, ``target_sum``): the target."""
    found = _target(ctx)
    ctx.owner(ctx.world.blogs[found.blog_url])
    form = ctx.form()
    if "target_sum" in form:
        found.target_sum = _sum(form)
    if "description" in form:
        found.description = field(form, "description") or ""
    return ctx.view.target(found)


@r("/v1/target/{target_id}", "DELETE")
def target_delete(ctx: Ctx) -> JSON:
    """``DELETE /v1/target/{id}`` (owner): the deleted target."""
    found = _target(ctx)
    ctx.owner(ctx.world.blogs[found.blog_url])
    found.deleted = True
    return {"result": "ok", "id": found.id, "targetSum": money(found.target_sum)}

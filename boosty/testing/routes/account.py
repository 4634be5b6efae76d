"""The viewer's account: current user, subscriptions, sessions, notification settings, currency."""

from __future__ import annotations

from .._ctx import JSON, ApiError, Ctx, Routes, invalid
from ..paging import by_index
from . import account_writes

__all__ = ["ROUTES"]

r = Routes()
ROUTES = r.routes

_SWITCHES = (
    "newComment",
    "newDonation",
    "newMessage",
    "buyMessage",
    "otherNews",
    "newPost",
    "newReply",
    "newSubscriber",
    "newStream",
)


@r("/v1/user/current")
def current_user(ctx: Ctx) -> JSON:
    """``GET /v1/user/current`` (user): the current user."""
    return account_writes.current_user(ctx, ctx.user())


@r("/v1/user/subscriptions")
def user_subscriptions(ctx: Ctx) -> JSON:
    """``GET /v1/user/subscriptions`` (user): ``{data, total, limit, offset}``; free ones with ``with_follow``."""
    user = ctx.user()
    limit, offset = ctx.window(30)
    subs = [s for s in ctx.world.subscriptions if s.user_id == user]
    if not ctx.q_bool("with_follow"):
        subs = [s for s in subs if s.price > 0]
    subs.sort(key=lambda s: (s.on_time, s.id), reverse=True)
    page, _, nxt = by_index(subs, offset, limit)
    view = ctx.view
    # the top-level offset is where the next page starts, as on GET /v1/blog/{blog}/subscribers
    return {"data": [view.subscription(s) for s in page], "total": len(subs), "limit": limit, "offset": nxt}


@r("/v1/user/session/")
def sessions(ctx: Ctx) -> JSON:
    """``GET /v1/user/session/`` (user): ``{data: {sessions: [...]}}``."""
    user = ctx.user()
    now = ctx.world.now()
    agent = ctx.request.headers.get("user-agent", "")
    current = {
        "id": f"session-{user}-1",
        "createdAt": now - 86400,
        "lastActiveAt": now,
        "type": "web",
        "country": "NL",
        "remoteAddr": "127.0.0.1",
        "deviceInfo": {"model": "", "brand": "", "os": "Linux", "userAgent": agent},
        "flags": {"isOnline": True, "isCurrent": True},
    }
    other = {
        **current,
        "id": f"session-{user}-2",
        "type": "mobile",
        "lastActiveAt": now - 7200,
        "flags": {"isOnline": False, "isCurrent": False},
    }
    if user in ctx.world.sessions_ended:  # DELETE /v1/user/session/ ended the others
        return {"data": {"sessions": [current]}}
    return {"data": {"sessions": [current, other]}}


@r("/v1/notification/settings/")
def notification_settings(ctx: Ctx) -> JSON:
    """``GET /v1/notification/settings/?transports=mail,telegram`` (user): ``{settings: {transport: {...}}}``."""
    user = ctx.user()
    transports = [t for t in (ctx.q("transports") or "").split(",") if t]
    known = ("standalone", "mobile_push", "telegram", "mail")
    for transport in transports:
        if transport not in known:
            raise invalid("transports", f"unknown transport {transport}")
    settings = {t: {s: t != "telegram" for s in _SWITCHES} for t in transports}
    for (owner, transport, switch), value in ctx.world.notification_switches.items():
        if owner == user and transport in settings:
            settings[transport][account_writes.switch_key(switch)] = value
    return {"settings": settings}


@r("/v1/user/current/blog_currency/available/")
def currencies(ctx: Ctx) -> JSON:
    """``GET /v1/user/current/blog_currency/available/`` (user)."""
    ctx.user()
    return {"data": {"currencies": ["RUB", "USD"]}}


@r("/v1/payment/default_currency")
def default_currency(ctx: Ctx) -> JSON:
    """``GET /v1/payment/default_currency``: anonymous only (400 ``bad_data`` with a session)."""
    if ctx.viewer is not None:
        raise ApiError(400, "bad_data", "Not available with a session")
    return {"defaultCurrency": "RUB"}

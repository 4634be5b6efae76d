"""Owner-only money and statistics endpoints (``boosty-api.md`` §2.9, §2.16).

All answer 401 anonymously and 403 to anyone but the blog's owner. Lists with a string
``offset`` cursor keep returning a cursor past the last row, as the API does (stop on an
empty page or at ``total``).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._ctx import ApiError, Ctx, Routes, error_response, invalid
from ..blocks import paragraph
from ..paging import by_index
from ..render import money
from ..world import Blog, Donation

__all__ = ["ROUTES"]

JSON = dict[str, Any]
r = Routes()
ROUTES = r.routes


def _own(ctx: Ctx) -> Blog:
    blog = ctx.blog()
    ctx.owner(blog)
    return blog


def _cursor(ctx: Ctx) -> tuple[int, int]:
    limit = ctx.q_int("limit", 20, minimum=1, maximum=100)
    try:
        offset = int(ctx.q("offset") or 0)
    except ValueError:
        raise invalid("offset", "malformed cursor") from None
    return limit, offset


def _donations(ctx: Ctx, blog: Blog) -> list[Donation]:
    items = [d for d in ctx.world.donations.values() if d.blog_url == blog.url]
    kind = ctx.q("type")
    if kind not in (None, "", "post", "dialog"):
        raise invalid("type", "must be post or dialog")
    if kind:
        items = [d for d in items if d.type == kind]
    target = ctx.q_opt_int("target_id")
    if target is not None:
        items = [d for d in items if d.target_id == target]
    sort_by = ctx.q("sort_by") or "time"
    if sort_by not in ("time", "amount"):
        raise invalid("sort_by", "must be time or amount")
    order = ctx.q("order") or "gt"
    if order not in ("gt", "lt"):
        raise invalid("order", "must be gt or lt")
    items.sort(key=lambda d: (d.amount if sort_by == "amount" else d.created_at, d.id), reverse=order == "gt")
    return items


def _listing(ctx: Ctx, key: str, rows: list[JSON]) -> JSON:
    limit, offset = _cursor(ctx)
    page, _, nxt = by_index(rows, offset, limit)
    return {"data": {key: page}, "extra": {"offset": str(nxt), "total": len(rows)}}


@r("/v1/blog/{blog}/sales/donation/")
def sales_donations(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/sales/donation/`` (owner): ``{data: {donationsSales}, extra: {offset, total}}``."""
    blog = _own(ctx)
    view = ctx.view
    return _listing(ctx, "donationsSales", [view.donation(d) for d in _donations(ctx, blog)])


@r("/v1/blog/{blog}/sales/post/")
def sales_posts(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/sales/post/`` (owner): ``{data: {postsSales}, extra}``."""
    blog = _own(ctx)
    view = ctx.view
    wanted = {p for p in (ctx.q("post_ids") or "").split(",") if p}
    rows = []
    for d in sorted(ctx.world.donations.values(), key=lambda d: d.id, reverse=True):
        post = ctx.world.posts.get(d.post_id or "")
        if d.blog_url == blog.url and post is not None and (not wanted or post.id in wanted):
            rows.append(
                {
                    "id": d.id,
                    "amount": money(d.amount),
                    "createdAt": d.created_at,
                    "isFeePaid": d.is_fee_paid,
                    "post": {"id": post.id, "title": post.title},
                    "user": view.user(ctx.world.users[d.user_id], email=True),
                }
            )
    return _listing(ctx, "postsSales", rows)


@r("/v1/blog/{blog}/sales/bundle/")
def sales_bundles(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/sales/bundle/`` (owner): ``{data: {bundlesSales}, extra}``."""
    blog = _own(ctx)
    view = ctx.view
    buyer = ctx.world.user("subscriber")
    rows = [
        {
            "id": 8_000_000 + i,
            "amount": money(b.price),
            "createdAt": b.created_at + 3600,
            "isFeePaid": True,
            "bundle": {"id": b.id, "title": b.title},
            "user": view.user(buyer, email=True),
        }
        for i, b in enumerate(ctx.world.bundles.values())
        if b.blog_url == blog.url
    ]
    return _listing(ctx, "bundlesSales", rows)


@r("/v1/blog/{blog}/sales/hold/")
def sales_holds(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/sales/hold/`` (owner): ``{data: {holds}, extra}``."""
    blog = _own(ctx)
    subs = [s for s in ctx.world.subscribers(blog.url) if s.price][:5]
    rows = [
        {
            "id": 8_100_000 + s.id % 1000,
            "amount": money(s.price),
            "createdAt": s.on_time,
            "holdUntil": s.on_time + 7 * 86400,
            "type": "subscription",
        }
        for s in subs
    ]
    return _listing(ctx, "holds", rows)


@r("/v1/blog/{blog}/sales/dialog_broadcast_message/")
def sales_broadcasts(ctx: Ctx) -> JSON:
    """``GET .../sales/dialog_broadcast_message/`` (owner): ``{data: {dialogBroadcastMessagesStat}, extra}``."""
    blog = _own(ctx)
    rows = [
        {
            "id": blog.owner_id * 100 + k,
            "price": money(150.5 * k),
            "sentCount": 40 * k,
            "viewsCount": 31 * k,
            "salesCount": 7 * k,
            "totalAmount": money(round(150.5 * k * 7 * k, 2)),
            "createdAt": 1_700_000_000 - 86_400 * k,
            "data": paragraph(f"Broadcast {k}"),
        }
        for k in (1, 2, 3)
    ]
    return _listing(ctx, "dialogBroadcastMessagesStat", rows)


def _range(ctx: Ctx) -> tuple[int, int]:
    lo, hi = ctx.q_opt_int("from"), ctx.q_opt_int("to")
    if lo is None or hi is None:
        raise invalid("from" if lo is None else "to", "required")
    return lo, hi


@r("/v1/blog/{blog}/post/paid/by_date")
def paid_posts_by_date(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/post/paid/by_date?from=&to=`` (owner): ``{data: [...]}``."""
    blog = _own(ctx)
    lo, hi = _range(ctx)
    rows = [
        {"date": d.created_at, "amount": money(d.amount), "count": 1}
        for d in _donations(ctx, blog)
        if d.type == "post" and lo <= d.created_at <= hi
    ]
    return {"data": rows}


@r("/v1/blog/{blog}/post/paid/days")
def paid_posts_days(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/post/paid/days?date=`` (owner; unix s): ``{data: [...]}``."""
    _own(ctx)
    date = ctx.q_int("date", minimum=0)
    if date > 10**11:
        raise ApiError(500, "internal", "Internal error")
    return {"data": []}


@r("/v1/blog/{blog}/bundle/paid/by_date")
def paid_bundles_by_date(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/bundle/paid/by_date`` (owner): ``{data: [...]}``."""
    _own(ctx)
    _range(ctx)
    return {"data": []}


@r("/v1/blog/{blog}/bundle/paid/days")
def paid_bundles_days(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/bundle/paid/days`` (owner): ``{data: [...]}``."""
    return paid_posts_days(ctx)


async def stat_sales(request: Request) -> Response:
    """``POST /v1/stat/sales/`` (deprecated): 415 for JSON, else 404 "Category disabled"."""
    if request.headers.get("content-type", "").startswith("application/json"):
        return error_response(ApiError(415, "invalid_content_type", "Form data expected"))
    return error_response(ApiError(404, "not_found", "Category disabled"))


@r("/v1/payout/methods")
def payout_methods(ctx: Ctx) -> JSON:
    """``GET /v1/payout/methods`` (user)."""
    ctx.user()
    return {"payoutMethods": [{"paySystem": "card", "pay_system": "card", "currency": "RUB"}]}


@r("/v1/blog/{blog}/payout/")
def payouts(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/payout/`` (owner): ``{data: [payout method]}``."""
    _own(ctx)
    return {
        "data": [
            {
                "id": 1,
                "paySystem": "card",
                "systemId": 1,
                "payType": "card",
                "currency": "RUB",
                "destination": "**** 4242",
                "priority": 1,
                "isActive": True,
                "lastPayout": {"date": 1_700_900_000, "status": "done"},
            }
        ]
    }


@r("/v1/blog/{blog}/payout/history/")
def payout_history(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/payout/history/`` (owner): ``{data: [...], extra: {offset, total}}``."""
    _own(ctx)
    rows = [
        {
            "id": 70 + k,
            "amount": 10000.5 + k,
            "amountWoFee": 9500 + k,
            "currency": "RUB",
            "status": "done",
            "paySystem": "card",
            "systemId": 1,
            "destination": "**** 4242",
            "updatedAt": 1_700_000_000 + k * 2_592_000,
        }
        for k in range(5)
    ]
    limit, offset = _cursor(ctx)
    page, _, nxt = by_index(rows, offset, limit)
    return {"data": page, "extra": {"offset": str(nxt), "total": len(rows)}}


# -- statistics -----------------------------------------------------------------------------


@r("/v1/blog/stat/{blog}/current")
def stat_current(ctx: Ctx) -> JSON:
    """``GET /v1/blog/stat/{blog}/current`` (owner): balance and counters."""
    blog = _own(ctx)
    subs = ctx.world.subscribers(blog.url)
    income = sum(s.payments for s in subs) + sum(
        d.amount for d in ctx.world.donations.values() if d.blog_url == blog.url
    )
    return {
        "balance": money(round(income * 0.3, 2)),
        "hold": money(round(income * 0.05, 2)),
        "income": money(round(income, 2)),
        "payoutSum": money(round(income * 0.65, 2)),
        "paidCount": sum(1 for s in subs if s.price),
        "followersCount": sum(1 for s in subs if not s.price),
        "commissionFee": 10,
        "hasReferralDiscount": False,
    }


_METRICS = (
    "totalMoney",
    "incSubscribers",
    "incSubscribersMoney",
    "upSubscribers",
    "upSubscribersMoney",
    "decSubscribers",
    "incFollowers",
    "decFollowers",
    "recurrents",
    "recurrentsMoney",
    "postsSale",
    "postSaleMoney",
    "messagesSale",
    "messagesSaleMoney",
    "bundlesSale",
    "bundleSaleMoney",
    "giftsSale",
    "giftsSaleMoney",
    "donations",
    "donationsMoney",
    "holds",
    "referal",
    "referalMoney",
    "referalMoneyOut",
)


@r("/v1/blog/stat/{blog}/metrics")
def stat_metrics(ctx: Ctx) -> JSON:
    """``GET /v1/blog/stat/{blog}/metrics?from=&to=`` (owner; ``from`` required): totals."""
    blog = _own(ctx)
    lo = ctx.q_int("from", minimum=0)
    hi = ctx.q_int("to", 2**40)
    subs = [s for s in ctx.world.subscribers(blog.url) if lo <= s.on_time <= hi]
    dons = [d for d in ctx.world.donations.values() if d.blog_url == blog.url and lo <= d.created_at <= hi]
    out: JSON = dict.fromkeys(_METRICS, 0)
    out.update(
        incSubscribers=sum(1 for s in subs if s.price),
        incFollowers=sum(1 for s in subs if not s.price),
        incSubscribersMoney=money(sum(s.price for s in subs)),
        donations=len(dons),
        donationsMoney=money(round(sum(d.amount for d in dons), 2)),
    )
    out["totalMoney"] = money(round(float(out["incSubscribersMoney"]) + float(out["donationsMoney"]), 2))
    return out


def _chart(ctx: Ctx) -> JSON:
    blog = _own(ctx)
    limit = ctx.q_int("limit", 30, minimum=1, maximum=365)
    last = ctx.q_int("last_time", ctx.world.now())
    days: dict[str, dict[tuple[int, int, int], int]] = {"incSubscribers": {}, "donations": {}}
    for sub in ctx.world.subscribers(blog.url):
        if sub.on_time <= last:
            d = datetime.fromtimestamp(sub.on_time, timezone.utc)
            days["incSubscribers"][(d.year, d.month, d.day)] = (
                days["incSubscribers"].get((d.year, d.month, d.day), 0) + 1
            )
    for don in ctx.world.donations.values():
        if don.blog_url == blog.url and don.created_at <= last:
            d = datetime.fromtimestamp(don.created_at, timezone.utc)
            days["donations"][(d.year, d.month, d.day)] = days["donations"].get((d.year, d.month, d.day), 0) + 1
    return {
        name: [{"year": y, "month": m, "day": dd, "count": c} for (y, m, dd), c in sorted(v.items(), reverse=True)][
            :limit
        ]
        for name, v in days.items()
    }


@r("/v1/blog/{blog}/stat/data")
def stat_data(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/stat/data`` (owner): ``{metric: [{year, month, day, count}]}`` newest first."""
    return _chart(ctx)


@r("/v1/blog/{blog}/stat/data/")
def stat_data_slash(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/stat/data/`` (owner): as without the slash."""
    return _chart(ctx)


@r("/v1/blog/stat/{blog}/events")
def stat_events(ctx: Ctx) -> JSON:
    """``GET /v1/blog/stat/{blog}/events`` (owner): ``{data: [event], extra: {offset, isLast, total}}``."""
    blog = _own(ctx)
    kinds = {k for k in (ctx.q("event_types") or "").split(",") if k}
    users = set(ctx.q_ids("user_ids"))
    lo, hi = ctx.q_opt_int("from") or 0, ctx.q_opt_int("to") or 2**40
    view = ctx.view
    rows: list[JSON] = []
    for sub in ctx.world.subscribers(blog.url):
        rows.append(
            {
                "eventType": "subscribe",
                "switchType": None,
                "amount": money(sub.price),
                "createdAt": sub.on_time,
                "bloggerId": blog.owner_id,
                "isFeePaid": sub.is_fee_paid,
                "levelId": sub.level_id,
                "period": 1,
                "user": view.user(ctx.world.users[sub.user_id], email=True),
            }
        )
    for don in ctx.world.donations.values():
        if don.blog_url == blog.url:
            kind = "buy_post" if don.type == "post" else "donation_target"
            rows.append(
                {
                    "eventType": kind,
                    "switchType": None,
                    "amount": money(don.amount),
                    "createdAt": don.created_at,
                    "bloggerId": blog.owner_id,
                    "isFeePaid": don.is_fee_paid,
                    "levelId": None,
                    "period": None,
                    "user": view.user(ctx.world.users[don.user_id], email=True),
                }
            )
    rows = [
        e
        for e in rows
        if (not kinds or e["eventType"] in kinds)
        and lo <= e["createdAt"] <= hi
        and (not users or e["user"]["id"] in users)
    ]
    rows.sort(key=lambda e: e["createdAt"], reverse=True)
    limit, offset = _cursor(ctx)
    page, is_last, nxt = by_index(rows, offset, limit)
    return {"data": page, "extra": {"offset": str(nxt), "isLast": is_last, "total": len(rows)}}


def _analytics(ctx: Ctx) -> tuple[int, int]:
    _own(ctx)
    if (ctx.q("type") or "referer") not in ("referer", "utm"):
        raise invalid("type", "must be referer or utm")
    if (ctx.q("period") or "day") not in ("day", "week", "month"):
        raise invalid("period", "must be day, week or month")
    if ctx.q("order") not in ("gt", "lt"):
        raise invalid("order", "required: gt or lt")
    if (ctx.q("sort_by") or "view_count") not in ("view_count", "view_uniq_count"):
        raise invalid("sort_by", "unknown sort")
    return _cursor(ctx)


@r("/v1/blog/stat/{blog}/visits")
def stat_visits(ctx: Ctx) -> JSON:
    """``GET /v1/blog/stat/{blog}/visits`` (owner; ``order`` required)."""
    limit, offset = _analytics(ctx)
    sources: list[JSON] = [
        {"source": s, "viewCount": 1000 // (i + 1), "viewUniqCount": 600 // (i + 1)}
        for i, s in enumerate(("boosty.to", "google.com", "t.me", "youtube.com"))
    ]
    if ctx.q("order") == "lt":
        sources.reverse()
    page, is_last, nxt = by_index(sources, offset, limit)
    total = {
        "source": "all",
        "viewCount": sum(int(s["viewCount"]) for s in sources),
        "viewUniqCount": sum(int(s["viewUniqCount"]) for s in sources),
    }
    return {
        "data": {"all": total, "visits": page},
        "extra": {"offset": str(nxt), "isLast": is_last, "total": len(sources)},
    }


@r("/v1/blog/stat/{blog}/payments/analytics")
def stat_payments(ctx: Ctx) -> JSON:
    """``GET /v1/blog/stat/{blog}/payments/analytics`` (owner; as visits)."""
    limit, offset = _analytics(ctx)
    rows = [
        {"source": s, "paymentsCount": 10 - i, "paymentsSum": 1000.5 - i * 100}
        for i, s in enumerate(("boosty.to", "t.me"))
    ]
    page, is_last, nxt = by_index(rows, offset, limit)
    return {"data": {"payments": page}, "extra": {"offset": str(nxt), "isLast": is_last, "total": len(rows)}}


@r("/v1/blog/referral/{blog}/stat/")
def referral_stat(ctx: Ctx) -> JSON:
    """``GET /v1/blog/referral/{blog}/stat/`` (owner)."""
    _own(ctx)
    return {
        "balance": 0,
        "referral": 2,
        "regs": 5,
        "referralMoney": 150.5,
        "actualTariff": {"referralBountyPercent": 5, "discountCommission": 1, "commission": 10},
    }


@r("/v1/blog/referral/{blog}/user/")
def referral_users(ctx: Ctx) -> JSON:
    """``GET /v1/blog/referral/{blog}/user/`` (owner): ``{data: {referrals}, extra: {offset (int)}}``."""
    _own(ctx)
    limit, offset = _cursor(ctx)
    view = ctx.view
    rows = [
        {"user": view.user(ctx.world.user(a)), "isBlogger": a == "cook", "createdAt": 1_700_000_000}
        for a in ("cook", "musician")
    ]
    if ctx.q_bool("only_bloggers"):
        rows = [x for x in rows if x["isBlogger"]]
    page, _, nxt = by_index(rows, offset, limit)
    return {"data": {"referrals": page}, "extra": {"offset": nxt}}


@r("/v1/blog/stat/{blog}/search")
def stat_search(ctx: Ctx) -> JSON:
    """``GET /v1/blog/stat/{blog}/search?chunk=`` (owner; 3+ characters): subscribers matching."""
    blog = _own(ctx)
    chunk = (ctx.q("chunk") or "").lower()
    if len(chunk) < 3:
        raise invalid("chunk", "at least 3 characters")
    limit = ctx.q_int("limit", 20, minimum=1, maximum=100)
    view = ctx.view
    found = [
        s
        for s in ctx.world.subscribers(blog.url)
        if chunk in ctx.world.users[s.user_id].name.lower() or chunk in ctx.world.users[s.user_id].email
    ]
    return {"data": [view.subscriber(s) for s in found[:limit]]}


@r("/v1/blog/stat/{blog}/post/{post_id}")
def stat_post(ctx: Ctx) -> JSON:
    """``GET /v1/blog/stat/{blog}/post/{id}`` (owner)."""
    blog = _own(ctx)
    post = ctx.world.posts.get(ctx.path("post_id"))
    if post is None or post.blog_url != blog.url:
        raise ApiError(404, "not_found", "Post not found")
    return {
        "postId": post.id,
        "views": post.views,
        "likes": post.likes,
        "comments": len(ctx.world.post_comments(post.id)),
    }


_CSV = ("donations", "subscriptions", "holds", "payouts")


def _report(ctx: Ctx, kind: str) -> JSON:
    now = ctx.world.now()
    return {
        "type": kind,
        "status": "ready",
        "url": f"{ctx.state.media_base}/report/{kind}.csv",
        "webUrl": f"https://boosty.to/app/stat/{kind}",
        "createdAt": now,
        "period": ctx.q("period") or "month",
        "startDate": ctx.q_opt_int("from") or now - 2_592_000,
        "endDate": ctx.q_opt_int("to") or now,
    }


@r("/v1/blog/stat/{blog}/csv/{kind}")
def stat_csv(ctx: Ctx) -> JSON:
    """``GET /v1/blog/stat/{blog}/csv/{type}`` (owner): ``{data: {report}}``; unknown type → 400."""
    _own(ctx)
    kind = ctx.path("kind")
    if kind not in _CSV:
        raise invalid("stat_type", "unknown report type")
    return {"data": {"report": _report(ctx, kind)}}


@r("/v1/blog/stat/{blog}/csv/{kind}/info")
def stat_csv_info(ctx: Ctx) -> JSON:
    """``GET /v1/blog/stat/{blog}/csv/{type}/info`` (owner): the last report."""
    _own(ctx)
    kind = ctx.path("kind")
    if kind not in _CSV:
        raise invalid("stat_type", "unknown report type")
    return {"data": {"report": _report(ctx, kind)}}


ROUTES.append(Route("/v1/stat/sales/", stat_sales, methods=["POST"]))

"""Owner-only statistics endpoints (``boosty-api.md`` §2.16): counters, charts, events,
visit and payment analytics, referrals, post statistics and CSV reports.

All answer 401 anonymously and 403 to anyone but the blog's owner.
"""

from __future__ import annotations

from datetime import datetime, timezone

from .._ctx import JSON, ApiError, Ctx, Routes, invalid
from ..paging import by_index
from ..render import money
from .owner import int_cursor, own_blog

__all__ = ["ROUTES"]

r = Routes()
ROUTES = r.routes


@r("/v1/blog/stat/{blog}/current")
def stat_current(ctx: Ctx) -> JSON:
    """``GET /v1/blog/stat/{blog}/current`` (owner): balance and counters."""
    blog = own_blog(ctx)
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
    blog = own_blog(ctx)
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
    blog = own_blog(ctx)
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
@r("/v1/blog/{blog}/stat/data/")
def stat_data(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/stat/data`` (owner; also with a trailing slash).

    Answers ``{metric: [{year, month, day, count}]}``, newest first.
    """
    return _chart(ctx)


@r("/v1/blog/stat/{blog}/events")
def stat_events(ctx: Ctx) -> JSON:
    """``GET /v1/blog/stat/{blog}/events`` (owner): ``{data: [event], extra: {offset, isLast, total}}``."""
    blog = own_blog(ctx)
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
    limit, offset = int_cursor(ctx)
    page, is_last, nxt = by_index(rows, offset, limit)
    return {"data": page, "extra": {"offset": str(nxt), "isLast": is_last, "total": len(rows)}}


def _analytics(ctx: Ctx) -> tuple[int, int]:
    own_blog(ctx)
    if (ctx.q("type") or "referer") not in ("referer", "utm"):
        raise invalid("type", "must be referer or utm")
    if (ctx.q("period") or "day") not in ("day", "week", "month"):
        raise invalid("period", "must be day, week or month")
    if ctx.q("order") not in ("gt", "lt"):
        raise invalid("order", "required: gt or lt")
    if (ctx.q("sort_by") or "view_count") not in ("view_count", "view_uniq_count"):
        raise invalid("sort_by", "unknown sort")
    return int_cursor(ctx)


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
    own_blog(ctx)
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
    own_blog(ctx)
    limit, offset = int_cursor(ctx)
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
    blog = own_blog(ctx)
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
    blog = own_blog(ctx)
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
@r("/v1/blog/stat/{blog}/csv/{kind}/info")
def stat_csv(ctx: Ctx) -> JSON:
    """``GET /v1/blog/stat/{blog}/csv/{type}`` and ``.../info`` (owner): ``{data: {report}}``, the
    report made now (``/info``: the last one, the same here); unknown type → 400."""
    own_blog(ctx)
    kind = ctx.path("kind")
    if kind not in _CSV:
        raise invalid("stat_type", "unknown report type")
    return {"data": {"report": _report(ctx, kind)}}

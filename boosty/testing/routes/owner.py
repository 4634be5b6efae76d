"""Owner-only money endpoints: sales, paid content, payouts (``boosty-api.md`` §2.9, §2.16).

All answer 401 anonymously and 403 to anyone but the blog's owner. Lists with a string
``offset`` cursor keep returning a cursor past the last row, as the API does (stop on an
empty page or at ``total``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._ctx import JSON, ApiError, Ctx, Routes, error_response, invalid
from ..blocks import paragraph
from ..paging import by_index
from ..records import Blog, Donation
from ..render import money

__all__ = ["ROUTES"]

r = Routes()
ROUTES = r.routes


def own_blog(ctx: Ctx) -> Blog:
    blog = ctx.blog()
    ctx.owner(blog)
    return blog


def int_cursor(ctx: Ctx) -> tuple[int, int]:
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
    limit, offset = int_cursor(ctx)
    page, _, nxt = by_index(rows, offset, limit)
    return {"data": {key: page}, "extra": {"offset": str(nxt), "total": len(rows)}}


@r("/v1/blog/{blog}/sales/donation/")
def sales_donations(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/sales/donation/`` (owner): ``{data: {donationsSales}, extra: {offset, total}}``."""
    blog = own_blog(ctx)
    view = ctx.view
    return _listing(ctx, "donationsSales", [view.donation(d) for d in _donations(ctx, blog)])


@r("/v1/blog/{blog}/sales/post/")
def sales_posts(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/sales/post/`` (owner): ``{data: {postsSales}, extra}``."""
    blog = own_blog(ctx)
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
    blog = own_blog(ctx)
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
    blog = own_blog(ctx)
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
    blog = own_blog(ctx)
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
    blog = own_blog(ctx)
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
    own_blog(ctx)
    date = ctx.q_int("date", minimum=0)
    if date > 10**11:
        raise ApiError(500, "internal", "Internal error")
    return {"data": []}


@r("/v1/blog/{blog}/bundle/paid/by_date")
def paid_bundles_by_date(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/bundle/paid/by_date`` (owner): ``{data: [...]}``."""
    own_blog(ctx)
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
    own_blog(ctx)
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
    own_blog(ctx)
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
    limit, offset = int_cursor(ctx)
    page, _, nxt = by_index(rows, offset, limit)
    return {"data": page, "extra": {"offset": str(nxt), "total": len(rows)}}


ROUTES.append(Route("/v1/stat/sales/", stat_sales, methods=["POST"]))

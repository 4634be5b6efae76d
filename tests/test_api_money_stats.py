"""Owner money and statistics: exact URLs, datetime params, sales cursor paging past the last row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, Forbidden
from boosty.models import Donation, StatEvent, VisitSource

from ._data import collect
from .conftest import API, resolve

pytestmark = pytest.mark.anyio

UTC = dt.timezone.utc

DONATION = {
    "id": 5550002,
    "amount": 300.5,
    "type": "dialog",
    "targetId": 3323943,
    "bloggerId": 424242,
    "createdAt": 1750000600,
    "isFeePaid": True,
    "user": {
        "id": 778,
        "name": "Donor2",
        "hasAvatar": True,
        "avatarUrl": "",
        "email": "d2@example.com",
        "canWrite": True,
    },
}


def _sales(rows: int, per_page: int, key: str = "donationsSales", *, total: int | None = None) -> Any:
    """Sales pages whose string cursor keeps coming past the last row, like the API's."""

    def respond(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("offset", "c0")
        start = int(cursor[1:])
        chunk = [dict(DONATION, id=i) for i in range(start, min(start + per_page, rows))]
        extra: dict[str, Any] = {"offset": f"c{start + per_page}"}
        if total is not None:
            extra["total"] = total
        return httpx.Response(200, json={"data": {key: chunk}, "extra": extra})

    return respond


async def test_donations_page(client: Boosty | AsyncBoosty) -> None:
    body = {"data": {"donationsSales": [DONATION]}, "extra": {"offset": "abc", "total": 1}}
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/blog/my/sales/donation/").respond(json=body)
        page = await resolve(client.sales_donations("my", limit=10, sort_by="time", order="gt", type="dialog"))
    url = route.calls.last.request.url
    assert url.path == "/v1/blog/my/sales/donation/"
    assert dict(url.params) == {"limit": "10", "sort_by": "time", "order": "gt", "type": "dialog"}
    assert page.total == 1 and page.is_last  # collected == total, although a cursor came back
    donation = page[0]
    assert isinstance(donation, Donation)
    assert donation.amount == Decimal("300.5") and donation.target_id == 3323943
    assert donation.created_at == dt.datetime.fromtimestamp(1750000600, UTC) and donation.is_fee_paid
    assert donation.user is not None and donation.user.can_write and donation.user.email == "d2@example.com"


async def test_sales_walk_stops_at_total_though_the_cursor_goes_on(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/my/sales/donation/").mock(side_effect=_sales(5, 2, total=5))
        rows = await collect(client.iter_sales_donations("my", limit=2))
    assert [r.id for r in rows] == [0, 1, 2, 3, 4]
    assert route.call_count == 3
    assert [c.request.url.params.get("offset") for c in route.calls] == [None, "c2", "c4"]


async def test_sales_walk_without_total_stops_on_an_empty_page(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/my/sales/post/").mock(side_effect=_sales(3, 2, "postsSales"))
        rows = await collect(client.iter_sales_posts("my", limit=2, post_ids=["p1", "p2"]))
    assert [r["id"] for r in rows] == [0, 1, 2] and isinstance(rows[0], dict)
    assert route.call_count == 3  # [0,1], [2], [] -> stop
    assert route.calls.last.request.url.params["post_ids"] == "p1,p2"


async def test_bundle_sales_and_holds_paths(client: Boosty | AsyncBoosty) -> None:
    empty = {"extra": {"offset": "", "total": 0}}
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        bundles = mock.get("/v1/blog/my/sales/bundle/").respond(json={"data": {"bundlesSales": []}, **empty})
        holds = mock.get("/v1/blog/my/sales/hold/").respond(json={"data": {"holds": [{"id": 1, "x": 2}]}, **empty})
        bundle_page = await resolve(client.sales_bundles("my", bundle_ids="b1"))
        hold_page = await resolve(client.holds("my", limit=5))
    assert bundle_page.items == [] and bundle_page.is_last
    assert bundles.calls.last.request.url.params["bundle_ids"] == "b1"
    assert hold_page.items == [{"id": 1, "x": 2}] and holds.calls.last.request.url.params["limit"] == "5"


async def test_payouts(client: Boosty | AsyncBoosty) -> None:
    methods = {"payoutMethods": [{"paySystem": "card", "pay_system": "card", "currency": "RUB"}]}
    destinations = {
        "data": [
            {
                "id": 1,
                "paySystem": "card",
                "systemId": 12,
                "payType": "card",
                "currency": "RUB",
                "destination": "2200 **** 1234",
                "priority": 1,
                "isActive": True,
                "lastPayout": {"date": 1750000000, "status": "done"},
            }
        ]
    }
    history = {
        "data": [{"id": 7, "amount": 1000.5, "amountWoFee": 950.25, "currency": "RUB", "updatedAt": 1750000000}],
        "extra": {"offset": "n", "total": 1},
    }
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        m = mock.get("/v1/payout/methods").respond(json=methods)
        mock.get("/v1/blog/my/payout/").respond(json=destinations)
        h = mock.get("/v1/blog/my/payout/history/").respond(json=history)
        (method,) = await resolve(client.payout_methods())
        (destination,) = await resolve(client.payouts("my"))
        payouts = await collect(client.iter_payout_history("my", limit=10))
    assert m.calls.last.request.url.path == "/v1/payout/methods"
    assert method.pay_system == "card" and method.currency == "RUB"
    assert destination.is_active and destination.system_id == "12"
    assert destination.last_payout is not None and destination.last_payout.status == "done"
    assert "1234" not in repr(destination)
    assert [p.amount_wo_fee for p in payouts] == [Decimal("950.25")] and h.call_count == 1


async def test_blog_stats_and_referrals(client: Boosty | AsyncBoosty) -> None:
    current = {
        "balance": 15000.5,
        "hold": 2500,
        "income": 40000,
        "payoutSum": 25000,
        "paidCount": 42,
        "followersCount": 300,
        "commissionFee": 10,
        "hasReferralDiscount": False,
    }
    referral = {
        "balance": 10,
        "referral": 3,
        "regs": 5,
        "referralMoney": 99.9,
        "actualTariff": {"referralBountyPercent": 5, "discountCommission": 7.5, "commission": 10},
    }
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        cur = mock.get("/v1/blog/stat/my/current").respond(json=current)
        ref = mock.get("/v1/blog/referral/my/stat/").respond(json={"data": referral})
        stats = await resolve(client.blog_stats("my"))
        referrals = await resolve(client.referral_stats("my"))
    assert cur.calls.last.request.url.path == "/v1/blog/stat/my/current"
    assert ref.calls.last.request.url.path == "/v1/blog/referral/my/stat/"
    assert stats.balance == Decimal("15000.5") and stats.paid_count == 42 and stats.commission_fee == Decimal(10)
    assert referrals.referral_money == Decimal("99.9") and referrals.regs == 5
    assert referrals.actual_tariff is not None and referrals.actual_tariff.discount_commission == Decimal("7.5")


async def test_metrics_take_datetimes_as_utc_seconds(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/blog/stat/my/metrics").respond(json={"totalMoney": 1234.5, "incSubscribers": 3})
        metrics = await resolve(
            client.blog_stat_metrics("my", dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2026, 2, 1))
        )
    params = route.calls.last.request.url.params
    assert params["from"] == "1767225600" and params["to"] == "1769904000"  # naive = UTC
    assert metrics.total_money == Decimal("1234.5") and metrics.inc_subscribers == 3 and metrics.donations == 0
    with pytest.raises(ValueError, match="from_ts"):
        client.blog_stat_metrics("my", None)


async def test_stat_events_walk(client: Boosty | AsyncBoosty) -> None:
    event = {
        "eventType": "subscribe",
        "switchType": "",
        "amount": 350,
        "createdAt": 1750000000,
        "bloggerId": 1,
        "isFeePaid": True,
        "levelId": 2,
        "period": 1,
        "user": {"id": 5, "name": "S", "email": "s@example.com"},
    }

    def respond(request: httpx.Request) -> httpx.Response:
        first = "offset" not in request.url.params
        extra = {"offset": "1750000000:1" if first else "", "isLast": not first, "total": 2}
        return httpx.Response(200, json={"data": [event], "extra": extra})

    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/stat/my/events").mock(side_effect=respond)
        events = await collect(
            client.iter_blog_stat_events(
                "my", from_ts=1767225600, event_types=["subscribe", "unsubscribe"], user_ids=[5], limit=1
            )
        )
    assert len(events) == 2 and all(isinstance(e, StatEvent) for e in events) and route.call_count == 2
    first, second = (c.request.url.params for c in route.calls)
    assert first["from"] == "1767225600" and first["event_types"] == "subscribe,unsubscribe"
    assert first["user_ids"] == "5" and "to" not in first
    assert second["offset"] == "1750000000:1"
    assert events[0].amount == Decimal(350) and events[0].user is not None and events[0].user.email == "s@example.com"


async def test_visits_keep_the_overall_total(client: Boosty | AsyncBoosty) -> None:
    body = {
        "data": {
            "all": {"source": "", "viewCount": 100, "viewUniqCount": 60},
            "visits": [{"source": "t.me", "viewCount": 70, "viewUniqCount": 40}],
        },
        "extra": {"isLast": True, "offset": "x", "total": 1},
    }
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/blog/stat/my/visits").respond(json=body)
        page = await resolve(client.blog_stat_visits("my", period="week", timestamp=dt.datetime(2026, 1, 1)))
    params = route.calls.last.request.url.params
    assert dict(params) == {"type": "referer", "period": "week", "order": "gt", "timestamp": "1767225600"}
    assert [(v.source, v.view_count) for v in page] == [("t.me", 70)]
    assert page.extra["all"] == VisitSource(source="", view_count=100, view_uniq_count=60)


async def test_not_the_owner(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/stat/other/current").respond(403, json={"error": "forbidden"})
        with pytest.raises(Forbidden):
            await resolve(client.blog_stats("other"))

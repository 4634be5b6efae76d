"""The 18 catalogued GETs wrapped last, through the fake Boosty server over a loopback socket.

Each test checks the wire form the fake recorded (the exact path, trailing slash included, and
the query names) and what the method returns, in sync and async mode.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
import respx

from boosty import AsyncBoosty, BadRequest, Boosty, Credentials, Forbidden, NotFound, ParseError, Unauthorised
from boosty.models import BroadcastMessageStat, ChartPoint, ChatMessage, PaymentBinds, SearchBlogHit, StatReport
from boosty.testing import FakeBoosty, RecordedRequest

from ._data import collect
from .conftest import API, resolve

pytestmark = pytest.mark.anyio

UTC = dt.timezone.utc


@contextlib.asynccontextmanager
async def connect(fake: FakeBoosty, mode: str, user: str | None = "owner") -> AsyncIterator[Any]:
    client: Boosty | AsyncBoosty = fake.client(user, asynchronous=mode == "async")
    async with client:
        fake.clear_requests()
        yield client


def sent(fake: FakeBoosty) -> list[RecordedRequest]:
    return [r for r in fake.requests if r.origin == "api"]


def wire(fake: FakeBoosty) -> list[tuple[str, list[tuple[str, str]]]]:
    """(path, query items) of every API request the fake served since the client connected."""
    return [(r.path, r.query_items) for r in sent(fake)]


# -- account and payments ------------------------------------------------------------------------


async def test_available_currencies(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode) as client:
        assert await resolve(client.available_currencies()) == ["RUB", "USD"]
    assert wire(fake_boosty) == [("/v1/user/current/blog_currency/available/", [])]
    async with connect(fake_boosty, mode, None) as anonymous:
        with pytest.raises(Unauthorised):
            await resolve(anonymous.available_currencies())


async def test_payment_binds(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode, "subscriber") as client:
        live = await resolve(client.payment_binds())
        every = await resolve(client.payment_binds(deleted=True, currency="USD"))
    assert isinstance(live, PaymentBinds) and live.allow_delete_last_bind is False
    assert [b["currency"] for b in live.binds] == ["RUB"] and all(isinstance(b, dict) for b in live.binds)
    assert [(b["currency"], b["deleted"]) for b in every.binds] == [("USD", True)]
    assert wire(fake_boosty) == [
        ("/v1/payment/bind/list", [("payment_partner", "advpay")]),
        ("/v1/payment/bind/list", [("payment_partner", "advpay"), ("deleted", "true"), ("currency", "USD")]),
    ]


async def test_default_currency_is_asked_without_the_session(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode) as client:
        assert await resolve(client.default_currency()) == "RUB"
        assert (await resolve(client.current_user())).id == fake_boosty.user_id("owner")  # the session still works
    first, second = sent(fake_boosty)
    assert (first.path, first.query_items) == ("/v1/payment/default_currency", [])
    assert not first.authorized and "authorization" not in first.headers
    assert second.authorized


async def test_default_currency_with_a_session_is_what_the_api_refuses(fake_boosty: FakeBoosty, mode: str) -> None:
    """The fake, like the API, answers 400 ``bad_data`` to a request carrying a token."""
    async with connect(fake_boosty, mode) as client:
        with pytest.raises(BadRequest) as caught:
            await resolve(client.request("GET", "/v1/payment/default_currency"))
    assert caught.value.error == "bad_data"


# -- realtime ---------------------------------------------------------------------------------


async def test_stream_chat(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode, None) as client:
        page = await resolve(client.stream_chat("demo", limit=2))
        every = await collect(client.iter_stream_chat("demo", limit=5))
    assert [type(m) for m in page] == [ChatMessage, ChatMessage] and page.is_last
    first = page[0]
    assert first.text == "chat 0" and first.created_at == dt.datetime.fromtimestamp(1_700_000_000, UTC)
    assert first.author is not None and first.author.is_owner and first.author.is_chat_moderator
    assert page.extra["isBaned"] is False
    assert len(every) == 3
    assert wire(fake_boosty) == [
        ("/v1/blog/demo/video_stream/chat", [("limit", "2")]),
        ("/v1/blog/demo/video_stream/chat", [("limit", "5")]),
    ]


async def test_stream_chat_of_an_unknown_blog(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode, None) as client:
        with pytest.raises(NotFound):
            await resolve(client.stream_chat("no-such-blog"))


async def test_ws_connect_token(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode) as client:
        token = await resolve(client.ws_connect_token())
    async with connect(fake_boosty, mode, None) as anonymous:
        guest = await resolve(anonymous.ws_connect_token())
    assert token.startswith(f"fake-centrifugo.{fake_boosty.user_id('owner')}.")
    assert guest.startswith("fake-centrifugo.anonymous.")
    assert [r.path for r in sent(fake_boosty)] == ["/v1/ws/connect"]


# -- search ------------------------------------------------------------------------------------


async def test_blog_suggest_anonymously(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode, None) as client:
        page = await resolve(client.blog_suggest("o", limit=2))
        every = await collect(client.iter_blog_suggest("o", limit=2))
    assert all(isinstance(hit, SearchBlogHit) for hit in every)
    assert [hit.blog.blog_url for hit in page] == [hit.blog.blog_url for hit in every[:2]]
    assert len(every) > 2 and len({hit.blog.blog_url for hit in every}) == len(every)
    paths = wire(fake_boosty)
    assert paths[0] == ("/v1/search/blog/suggest/", [("search_query", "o"), ("limit", "2")])
    assert paths[2] == ("/v1/search/blog/suggest/", [("search_query", "o"), ("limit", "2"), ("offset", "2")])


# -- income ------------------------------------------------------------------------------------


async def test_broadcast_message_sales_walk_to_total(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode) as client:
        page = await resolve(client.broadcast_message_sales("demo", limit=2))
        every = await collect(client.iter_broadcast_message_sales("demo", limit=2))
    assert page.total == 3 and not page.is_last
    first = page[0]
    assert isinstance(first, BroadcastMessageStat) and first.text == "Broadcast 1"
    assert (first.price, first.sent_count, first.views_count, first.sales_count) == (Decimal("150.5"), 40, 31, 7)
    assert first.total_amount == Decimal("1053.5") and first.created_at is not None
    assert [m.id for m in every] == [first.id, first.id + 1, first.id + 2]
    path = "/v1/blog/demo/sales/dialog_broadcast_message/"
    assert wire(fake_boosty) == [
        (path, [("limit", "2")]),
        (path, [("limit", "2")]),
        (path, [("limit", "2"), ("offset", "2")]),  # three of three: no request past the total
    ]


async def test_paid_posts_and_bundles_by_date(fake_boosty: FakeBoosty, mode: str) -> None:
    start = dt.datetime(2000, 1, 1)  # naive: read as UTC
    async with connect(fake_boosty, mode) as client:
        posts = await resolve(client.paid_posts_by_date("demo", start, 2**31))
        bundles = await resolve(client.paid_bundles_by_date("demo", 0, 2**31))
        with pytest.raises(ValueError, match="to_ts"):
            await resolve(client.paid_posts_by_date("demo", start, None))
    assert posts and all(isinstance(row, dict) and {"date", "amount"} <= set(row) for row in posts)
    assert bundles == []
    span = [("from", "946684800"), ("to", str(2**31))]
    assert wire(fake_boosty) == [
        ("/v1/blog/demo/post/paid/by_date", span),
        ("/v1/blog/demo/bundle/paid/by_date", [("from", "0"), ("to", str(2**31))]),
    ]


async def test_paid_days_send_unix_seconds(fake_boosty: FakeBoosty, mode: str) -> None:
    month = dt.datetime(2026, 7, 15, 12, 30, 0, 900000, tzinfo=UTC)
    async with connect(fake_boosty, mode) as client:
        assert await resolve(client.paid_post_days("demo", month)) == []
        assert await resolve(client.paid_bundle_days("demo", 1_700_000_000.7)) == []
        with pytest.raises(TypeError):
            await resolve(client.paid_post_days("demo", "2026-07-15"))
    assert wire(fake_boosty) == [
        ("/v1/blog/demo/post/paid/days", [("date", str(int(month.timestamp())))]),
        ("/v1/blog/demo/bundle/paid/days", [("date", "1700000000")]),
    ]


async def test_owner_reads_refuse_another_user(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode, "subscriber") as client:
        with pytest.raises(Forbidden):
            await resolve(client.broadcast_message_sales("demo"))
        with pytest.raises(Forbidden):
            await resolve(client.blog_stat_data("demo"))


# -- statistics ------------------------------------------------------------------------------


async def test_blog_stat_data_is_a_daily_series(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode) as client:
        series = await resolve(client.blog_stat_data("demo", last_time=dt.datetime(2030, 1, 1, tzinfo=UTC), limit=3))
    assert set(series) == {"incSubscribers", "donations"}
    for points in series.values():
        assert 0 < len(points) <= 3 and all(isinstance(p, ChartPoint) and p.count > 0 for p in points)
        days = [p.date for p in points]
        assert days == sorted(days, reverse=True)  # newest first
    assert wire(fake_boosty) == [("/v1/blog/demo/stat/data", [("last_time", "1893456000"), ("limit", "3")])]


async def test_payments_analytics(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode) as client:
        page = await resolve(client.payments_analytics("demo", period="week", limit=1, timestamp=1_700_000_000))
        every = await collect(client.iter_payments_analytics("demo", limit=1))
        with pytest.raises(BadRequest):
            await resolve(client.payments_analytics("demo", period="year"))
    assert page.items == [every[0]] and page.total == 2
    assert [row["source"] for row in every] == ["boosty.to", "t.me"]
    path = "/v1/blog/stat/demo/payments/analytics"
    first, walk, after, _ = wire(fake_boosty)
    expected = [("type", "referer"), ("period", "week"), ("order", "gt"), ("limit", "1"), ("timestamp", "1700000000")]
    assert first == (path, expected)
    assert walk == (path, [("type", "referer"), ("period", "month"), ("order", "gt"), ("limit", "1")])
    assert after == (path, [*walk[1], ("offset", "1")])


async def test_referral_users(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode) as client:
        page = await resolve(client.referral_users("demo", only_bloggers=True))
        every = await collect(client.iter_referral_users("demo", limit=1))
    assert [row["user"]["name"] for row in page] == ["Chef Carla"]
    assert [row["isBlogger"] for row in every] == [True, False]
    path = "/v1/blog/referral/demo/user/"
    assert wire(fake_boosty) == [
        (path, [("only_bloggers", "true")]),
        (path, [("limit", "1")]),
        (path, [("limit", "1"), ("offset", "1")]),
        (path, [("limit", "1"), ("offset", "2")]),  # an empty page ends the walk
    ]


async def test_subscriber_search(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode) as client:
        found = await resolve(client.subscriber_search("demo", "Fan", limit=4))
        with pytest.raises(ValueError, match="chunk"):
            await resolve(client.subscriber_search("demo", "ab"))
        with pytest.raises(TypeError, match="chunk"):
            await resolve(client.subscriber_search("demo", 123))
    assert len(found) == 4 and all("fan" in row["name"].lower() for row in found)
    assert wire(fake_boosty) == [("/v1/blog/stat/demo/search", [("chunk", "Fan"), ("limit", "4")])]


async def test_post_stat(fake_boosty: FakeBoosty, mode: str) -> None:
    post = fake_boosty.posts("demo")[0]
    async with connect(fake_boosty, mode) as client:
        stat = await resolve(client.post_stat("demo", post["id"]))
        with pytest.raises(NotFound):
            await resolve(client.post_stat("demo", "no-such-post"))
    assert stat["postId"] == post["id"] and isinstance(stat["views"], int)
    assert wire(fake_boosty)[0] == (f"/v1/blog/stat/demo/post/{post['id']}", [])


async def test_stat_report_and_info(fake_boosty: FakeBoosty, mode: str) -> None:
    async with connect(fake_boosty, mode) as client:
        report = await resolve(
            client.stat_report("demo", "donations", separator=";", from_ts=1_700_000_000, to_ts=1_702_000_000)
        )
        info = await resolve(client.stat_report_info("demo", "payouts"))
        with pytest.raises(BadRequest):
            await resolve(client.stat_report("demo", "gifts"))
    assert isinstance(report, StatReport) and (report.type, report.status) == ("donations", "ready")
    assert report.url.endswith("/report/donations.csv") and report.web_url.startswith("https://boosty.to/")
    assert report.start_date == dt.datetime.fromtimestamp(1_700_000_000, UTC)
    assert report.end_date == dt.datetime.fromtimestamp(1_702_000_000, UTC)
    assert isinstance(info, StatReport) and info.type == "payouts"
    assert wire(fake_boosty)[:2] == [
        ("/v1/blog/stat/demo/csv/donations", [("separator", ";"), ("from", "1700000000"), ("to", "1702000000")]),
        ("/v1/blog/stat/demo/csv/payouts/info", []),
    ]


# -- answers the fake does not give ------------------------------------------------------------


async def test_report_info_before_any_report_is_none(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        mock.get("/v1/blog/stat/my/csv/holds/info").respond(json={"data": {"report": None}})
        mock.get("/v1/blog/stat/my/csv/holds").respond(json={"data": {"report": None}})
        assert await resolve(client.stat_report_info("my", "holds")) is None
        with pytest.raises(ParseError, match="no report"):
            await resolve(client.stat_report("my", "holds"))


async def test_answers_without_the_promised_field_are_parse_errors(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/ws/connect").respond(json={"data": {}})
        mock.get("/v1/payment/default_currency").respond(json={"defaultCurrency": None})
        mock.get("/v1/user/current/blog_currency/available/").respond(json={"data": {"currencies": "RUB"}})
        mock.get("/v1/blog/my/post/paid/days").respond(json={"data": {"days": []}})
        for call in (
            client.ws_connect_token,
            client.default_currency,
            client.available_currencies,
            lambda: client.paid_post_days("my", 1),
        ):
            with pytest.raises(ParseError):
                await resolve(call())


async def test_default_currency_skips_a_refreshing_session(mode: str) -> None:
    expired = Credentials("old-access", "refresh-1", "device-1", expires_at=dt.datetime(2000, 1, 1, tzinfo=UTC))
    client: Boosty | AsyncBoosty = AsyncBoosty(credentials=expired) if mode == "async" else Boosty(credentials=expired)
    async with client:
        with respx.mock(base_url=API, assert_all_called=True) as mock:
            route = mock.get("/v1/payment/default_currency").respond(json={"defaultCurrency": "USD"})
            assert await resolve(client.default_currency()) == "USD"
    assert "authorization" not in route.calls.last.request.headers  # and no refresh was attempted

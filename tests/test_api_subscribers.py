"""Subscribers of the owner's blog: the recorded response, exact URL, index paging."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, NotFound, Subscriber, SubscriptionLevel

from ._data import collect, fixture_json
from .conftest import API, resolve

pytestmark = pytest.mark.anyio

UTC = dt.timezone.utc


def _people(start: int, count: int) -> list[dict[str, Any]]:
    return [{"id": start + i, "name": f"user{start + i}", "status": "active"} for i in range(count)]


def _index_pages(total: int, *, empty_after: int | None = None) -> Any:
    """A respx side effect serving ``total`` subscribers by offset/limit, like the API."""

    def respond(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        limit = int(request.url.params.get("limit", "20"))
        stop = total if empty_after is None else min(total, empty_after)
        count = max(0, min(limit, stop - offset))
        body = {"data": _people(offset, count), "total": total, "limit": limit, "offset": offset}
        return httpx.Response(200, json=body)

    return respond


async def test_recorded_subscribers_parse_through_the_client(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/blog/my_blog/subscribers").respond(json=fixture_json("subscribers.json"))
        page = await resolve(client.subscribers("my_blog", limit=100, sort_by="on_time", order="gt"))
    url = route.calls.last.request.url
    assert url.path == "/v1/blog/my_blog/subscribers"  # no trailing slash: the slashed path is a 404
    assert dict(url.params) == {"limit": "100", "sort_by": "on_time", "order": "gt"}
    assert page.total == 2 and page.is_last and len(page) == 2
    first, second = page.items
    assert isinstance(first, Subscriber) and first.is_active and not second.is_active
    assert first.email == "user@example.com" and second.email == ""
    assert first.payments == Decimal("7560") and first.price == Decimal("0")
    assert second.price == Decimal("300.5") and second.payments == Decimal("901.25")
    assert second.on_time == dt.datetime(2026, 7, 9, 19, 6, 40, tzinfo=UTC)
    assert second.off_time == dt.datetime.fromtimestamp(1790000000, UTC)
    assert first.off_time is None and first.next_pay_time is None
    level = second.level
    assert isinstance(level, SubscriptionLevel)
    assert level.id == 2990988 and level.name == "Penguin" and level.parent_id == 2990987
    assert level.currency_prices == {"RUB": Decimal("300.5"), "USD": Decimal("3.2")}
    assert level.flags is not None and level.flags.is_limited
    assert "example.com" not in repr(first)  # e-mails are personal data


async def test_level_filter_is_a_comma_list(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/subscribers").respond(json={"data": [], "total": 0, "limit": 10, "offset": 0})
        page = await resolve(client.subscribers("b", level_ids=[1, 22], with_follow=True))
    assert route.calls.last.request.url.params["level_ids"] == "1,22"
    assert route.calls.last.request.url.params["with_follow"] == "true"
    assert page.items == [] and page.is_last


async def test_walk_every_page_and_never_past_the_end(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/subscribers").mock(side_effect=_index_pages(5))
        people = await collect(client.iter_subscribers("b", limit=2))
    assert [p.id for p in people] == [0, 1, 2, 3, 4]
    assert route.call_count == 3
    assert [r.request.url.params.get("offset") for r in route.calls] == [None, "2", "4"]
    assert all(r.request.url.params["limit"] == "2" for r in route.calls)


async def test_walk_stops_on_an_empty_page_before_total(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/subscribers").mock(side_effect=_index_pages(10, empty_after=3))
        people = await collect(client.iter_subscribers("b", limit=2))
    assert [p.id for p in people] == [0, 1, 2]
    assert route.call_count == 3  # [0,1], [2], [] -> stop


async def test_max_items_fetches_no_more_pages(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/subscribers").mock(side_effect=_index_pages(50))
        people = await collect(client.iter_subscribers("b", limit=10, max_items=3))
    assert len(people) == 3 and route.call_count == 1


async def test_page_walk_from_a_page(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/subscribers").mock(side_effect=_index_pages(3))
        first = await resolve(client.subscribers("b", limit=2))
        second = await resolve(client.next(first))
        after = await resolve(client.next(second))
    assert [s.id for s in first] == [0, 1] and not first.is_last
    assert [s.id for s in second] == [2] and second.is_last
    assert after is None and route.call_count == 2


async def test_not_an_owner(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b/subscribers").respond(404, json={"error": "not_found"})
        with pytest.raises(NotFound):
            await resolve(client.subscribers("b"))

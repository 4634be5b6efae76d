"""Subscription levels and targets: recorded responses through the client, exact URLs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import respx

from boosty import AsyncBoosty, Boosty, NotFound, SubscriptionLevel
from boosty.models import Target

from ._data import fixture_json
from .conftest import API, resolve

pytestmark = pytest.mark.anyio

UTC = dt.timezone.utc


async def test_recorded_levels(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/blog/some_blog/subscription_level/").respond(
            json=fixture_json("subscription_levels.json")
        )
        levels = await resolve(client.subscription_levels("some_blog", show_free_level=True))
    url = route.calls.last.request.url
    assert url.path == "/v1/blog/some_blog/subscription_level/"
    assert dict(url.params) == {"show_free_level": "true"}
    assert [level.name for level in levels] == ["Basic", "Pro"]
    basic, pro = levels
    assert isinstance(pro, SubscriptionLevel)
    assert basic.price == Decimal(0) and pro.price == Decimal(5)
    assert pro.currency_prices == {"USD": Decimal(5), "RUB": Decimal(350)}
    assert pro.is_limited and not basic.is_limited and pro.owner_id == 123
    assert pro.created_at == dt.datetime.fromtimestamp(1700001000, UTC)
    assert pro.external_apps is not None and pro.external_apps.discord is not None
    assert pro.external_apps.discord.is_configured and pro.external_apps.discord.data["role"]["name"] == "Member"
    assert basic.external_apps is not None and basic.external_apps.telegram is not None
    assert not basic.external_apps.telegram.is_configured
    assert basic.promos == [] and basic.data == [] and basic.text == ""


async def test_levels_without_params_and_with_a_description(client: Boosty | AsyncBoosty) -> None:
    level = {
        "id": 7,
        "name": "Gold",
        "price": 0.98,
        "data": [
            {"type": "text", "content": '["Early access","unstyled",[[0,0,5]]]', "modificator": ""},
            {"type": "text", "content": "", "modificator": "BLOCK_END"},
        ],
        "promos": [{"id": 1, "type": "discount", "discount": {"price": 0.5, "percent": 49}}],
    }
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/subscription_level/").respond(json={"data": [level]})
        (gold,) = await resolve(client.subscription_levels("b"))
    assert dict(route.calls.last.request.url.params) == {}
    assert gold.price == Decimal("0.98")
    assert gold.text == "Early access" and gold.to_markdown() == "**Early** access"
    assert gold.promos[0].discount is not None and gold.promos[0].discount.price == Decimal("0.5")


async def test_one_level(client: Boosty | AsyncBoosty) -> None:
    body = {"id": 2, "name": "Pro", "price": 350, "count": {"content": {"image": 3}}}
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/blog/b/subscription/level/2").respond(json=body)
        level = await resolve(client.subscription_level("b", 2, with_content_counters=True))
    assert route.calls.last.request.url.params["with_content_counters"] == "true"
    assert level.id == 2 and level.count == {"content": {"image": 3}}


async def test_recorded_targets(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/target/exampleBlogger/").respond(json=fixture_json("targets.json"))
        targets = await resolve(client.targets("exampleBlogger", type="money"))
    url = route.calls.last.request.url
    assert url.path == "/v1/target/exampleBlogger/"  # the list has a trailing slash
    assert dict(url.params) == {"type": "money"}
    assert len(targets) == 5 and all(isinstance(t, Target) for t in targets)
    first = targets[0]
    assert first.id == 600101 and first.type == "money" and first.priority == 2
    assert first.target_sum == Decimal("1200000.5") and first.current_sum == Decimal("45230.43")
    assert first.created_at == dt.datetime(2023, 7, 22, 4, 26, 40, tzinfo=UTC)
    assert first.finish_time is None and first.blogger_url == "exampleBlogger"
    assert [t.type for t in targets].count("subscribers") == 3
    assert first.progress == pytest.approx(45230.43 / 1200000.5)


async def test_one_target_has_no_trailing_slash(client: Boosty | AsyncBoosty) -> None:
    body = {"id": 600101, "type": "money", "targetSum": 100, "currentSum": 25, "currencyTargetSums": {"USD": 1.5}}
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/target/600101").respond(json=body)
        mock.get("/v1/target/404").respond(404, json={"error": "not_found"})
        target = await resolve(client.target(600101, currency="USD"))
        with pytest.raises(NotFound):
            await resolve(client.target(404))
    assert route.calls.last.request.url.path == "/v1/target/600101"
    assert route.calls.last.request.url.params["currency"] == "USD"
    assert target.progress == 0.25 and target.currency_target_sums == {"USD": Decimal("1.5")}

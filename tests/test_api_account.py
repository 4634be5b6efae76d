"""The account: current user, own subscriptions (recorded response, index paging), sessions, settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Blog, Boosty, CurrentUser, Unauthorised, to_dict
from boosty.models import Session, UserSubscription

from ._data import collect, fixture_json
from .conftest import API, resolve

pytestmark = pytest.mark.anyio

UTC = dt.timezone.utc

CURRENT_USER = {
    "id": 424242,
    "name": "Example Author",
    "email": "user@example.com",
    "hasAvatar": True,
    "avatarUrl": "https://images.boosty.to/user/424242/avatar",
    "isOfficial": False,
    "blogUrl": "example_author",
    "isBlogger": True,
    "blog": {"url": "example_author"},
    "locale": "ru",
    "timezone": 3,
    "dialogSettings": {
        "sendMsgLevelId": 0,
        "canSendAll": True,
        "canSendDonation": True,
        "canSendMyAuthors": True,
        "canSendPaidSubscribers": False,
        "canSendSubscribers": True,
        "candSendPayers": True,
    },
}


async def test_current_user(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/user/current").respond(json=CURRENT_USER)
        user = await resolve(client.current_user())
    assert route.calls.last.request.url.path == "/v1/user/current"
    assert isinstance(user, CurrentUser)
    assert user.id == 424242 and user.blog_url == "example_author" and user.is_blogger
    assert user.blog is not None and user.blog.url == "example_author"
    assert user.timezone == 3 and user.locale == "ru"
    settings = user.dialog_settings
    assert settings is not None and settings.can_send_payers and not settings.can_send_paid_subscribers
    assert "user@example.com" not in repr(user) and "424242" in repr(user)


async def test_current_user_anonymously_is_unauthorised(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/user/current").respond(401, json={"error": "unauthorized"})
        with pytest.raises(Unauthorised):
            await resolve(client.current_user())


async def test_recorded_user_subscriptions(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/user/subscriptions").respond(json=fixture_json("subscriptions.json"))
        page = await resolve(client.user_subscriptions(limit=30, with_follow=True))
    url = route.calls.last.request.url
    assert url.path == "/v1/user/subscriptions"
    assert dict(url.params) == {"limit": "30", "with_follow": "true"}
    assert page.total == 1 and page.is_last and len(page) == 1
    sub = page[0]
    assert isinstance(sub, UserSubscription)
    assert sub.id == 39989023 and sub.level_id == 1848099 and sub.name == "Follower"
    assert sub.price == Decimal(0) and sub.custom_price == Decimal(0) and sub.period == 1
    assert sub.on_time == dt.datetime.fromtimestamp(1752302777, UTC) and sub.off_time is None
    assert sub.blog_url == "jove"
    assert isinstance(sub.blog, Blog) and sub.blog.title == "Всем привет"
    assert sub.blog.owner is not None and sub.blog.owner.id == 144649
    assert sub.blog.flags["hasTargets"] is True
    assert sub.subscription_level is not None and sub.subscription_level.currency_prices == {
        "USD": Decimal(0),
        "RUB": Decimal(0),
    }
    promo = sub.recommended_promo
    assert promo is not None and promo.id == 27072 and promo.type == "discount"
    assert promo.start_time == dt.datetime.fromtimestamp(1707568263, UTC) and promo.end_time is None
    assert promo.count is not None and promo.count.activation == 413 and promo.count.max_activation is None
    assert promo.discount is not None and promo.discount.percent == Decimal(25)
    assert promo.discount.currency_prices["RUB"] == Decimal(75)
    assert promo.access is not None and promo.access.access_other_level_subscriber


async def test_user_subscriptions_walk(client: Boosty | AsyncBoosty) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        items = [{"id": i, "name": f"s{i}"} for i in range(offset, min(offset + 2, 3))]
        return httpx.Response(200, json={"data": items, "total": 3, "limit": 2, "offset": offset})

    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/user/subscriptions").mock(side_effect=respond)
        subs = await collect(client.iter_user_subscriptions(limit=2))
    assert [s.id for s in subs] == [0, 1, 2] and route.call_count == 2


SESSIONS: dict[str, Any] = {
    "data": {
        "sessions": [
            {
                "id": "session-1",
                "createdAt": 1750000000,
                "lastActiveAt": 1750003600,
                "type": "web",
                "country": "RU",
                "remoteAddr": "198.51.100.7",
                "deviceInfo": {"model": "", "brand": "", "os": "Linux", "userAgent": "Mozilla/5.0"},
                "flags": {"isOnline": True, "isCurrent": True},
            },
            {"id": "session-2", "type": "app", "flags": {"isOnline": False, "isCurrent": False}},
        ]
    }
}


async def test_sessions(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/user/session/").respond(json=SESSIONS)
        sessions = await resolve(client.sessions())
    assert route.calls.last.request.url.path == "/v1/user/session/"
    assert [s.id for s in sessions] == ["session-1", "session-2"]
    current, other = sessions
    assert isinstance(current, Session) and current.is_current and not other.is_current
    assert current.last_active_at == dt.datetime.fromtimestamp(1750003600, UTC)
    assert current.device_info is not None and current.device_info.os == "Linux"
    assert "198.51.100.7" not in repr(current)


async def test_notification_settings_asks_for_every_transport(client: Boosty | AsyncBoosty) -> None:
    body = {"settings": {"mail": {"newComment": True, "newPost": False}, "telegram": {"newComment": False}}}
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/notification/settings/").respond(json=body)
        settings = await resolve(client.notification_settings())
        await resolve(client.notification_settings(["mail"]))
    first, second = (call.request.url for call in route.calls)
    assert first.path == "/v1/notification/settings/"
    assert first.params["transports"] == "standalone,mobile_push,telegram,mail"
    assert second.params["transports"] == "mail"
    assert settings.enabled("mail", "newComment") is True and settings.enabled("mail", "newPost") is False
    assert settings.enabled("telegram", "newComment") is False and settings.enabled("mail", "nope") is None
    assert to_dict(settings) == body

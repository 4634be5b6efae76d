"""Tolerant reading of this area's models, and the smaller endpoints (blacklist, survey, polls, stream)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, SubscriptionLevel, UnknownFieldWarning, User, to_dict
from boosty._model.converter import structure
from boosty.models import BlacklistedUser, DeferredAccess, Poll, UnsubscribeAnswer, VideoStream

from ._data import collect, fixture_json
from .conftest import API, resolve

pytestmark = pytest.mark.anyio

UTC = dt.timezone.utc
_unique = itertools.count()


def _new_key() -> str:
    """An API field name no test used before (unknown fields warn once per model and field)."""
    return f"surpriseField{next(_unique)}"


def _messages(record: Any) -> list[str]:
    return [str(w.message) for w in record]


async def test_levels_tolerate_unknown_fields_nulls_and_fractions(client: Boosty | AsyncBoosty) -> None:
    key = _new_key()
    body = {
        "data": [
            {"id": 1, "name": None, "price": None, "currencyPrices": {"RUB": 0.98}, key: {"x": 1}},
            {"id": 2, "name": "Pro", "price": 300.5, "createdAt": None, "flags": None, key: 1},
        ]
    }
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b/subscription_level/").respond(json=body)
        with pytest.warns(UnknownFieldWarning) as record:
            first, second = await resolve(client.subscription_levels("b"))
    assert _messages(record) == [f"SubscriptionLevel got an unknown field {key!r}; it is ignored"]
    assert first.name == "" and first.price == Decimal(0) and first.currency_prices == {"RUB": Decimal("0.98")}
    assert second.price == Decimal("300.5") and second.created_at is None and second.flags is None


async def test_subscribers_targets_bundles_messages_tolerate_the_same(client: Boosty | AsyncBoosty) -> None:
    keys = {name: _new_key() for name in ("subscriber", "target", "bundle", "message")}
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b/subscribers").respond(
            json={"data": [{"id": 1, "name": None, "price": None, "payments": 0.5, keys["subscriber"]: 1}], "total": 1}
        )
        mock.get("/v1/target/b/").respond(
            json={"data": [{"id": 2, "description": None, "targetSum": None, "currentSum": 1.5, keys["target"]: 1}]}
        )
        mock.get("/v1/blog/b/bundle/").respond(
            json={"data": {"bundles": [{"id": "x", "title": None, "price": 99.99, keys["bundle"]: []}]}}
        )
        mock.get("/v1/dialog/3/message/").respond(
            json={
                "data": [{"id": 4, "price": None, "previewType": None, keys["message"]: None}],
                "extra": {"isLast": True},
            }
        )
        with pytest.warns(UnknownFieldWarning) as record:
            (subscriber,) = await resolve(client.subscribers("b"))
            (target,) = await resolve(client.targets("b"))
            (bundle,) = await resolve(client.bundles("b"))
            (message,) = await resolve(client.dialog_messages(3))
    assert sorted(_messages(record)) == sorted(
        [
            f"Subscriber got an unknown field {keys['subscriber']!r}; it is ignored",
            f"Target got an unknown field {keys['target']!r}; it is ignored",
            f"Bundle got an unknown field {keys['bundle']!r}; it is ignored",
            f"Message got an unknown field {keys['message']!r}; it is ignored",
        ]
    )
    assert subscriber.name == "" and subscriber.price == Decimal(0) and subscriber.payments == Decimal("0.5")
    assert target.description == "" and target.target_sum == Decimal(0) and target.progress is None
    assert bundle.title == "" and bundle.price == Decimal("99.99")
    assert message.price == Decimal(0) and message.preview_type == "" and message.text == ""


def test_every_recorded_fixture_of_this_area_round_trips() -> None:
    levels = fixture_json("subscription_levels.json")["data"]
    parsed = [structure(level, SubscriptionLevel) for level in levels]
    assert [structure(to_dict(level), SubscriptionLevel) for level in parsed] == parsed
    assert to_dict(parsed[1])["currencyPrices"] == {"USD": 5, "RUB": 350}


async def test_blacklist(client: Boosty | AsyncBoosty) -> None:
    body = {
        "data": [
            {
                "id": 1,
                "name": "Troll",
                "hasAvatar": False,
                "avatarUrl": "",
                "currency": "RUB",
                "blacklistedAt": 1750000000,
            }
        ]
    }
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/blacklist/").respond(json=body)
        (user,) = await resolve(client.blacklist("my_blog"))
    url = route.calls.last.request.url
    assert url.path == "/v1/blacklist/" and dict(url.params) == {"blog_url": "my_blog"}
    assert isinstance(user, BlacklistedUser) and isinstance(user, User)
    assert user.name == "Troll" and user.blacklisted_at == dt.datetime.fromtimestamp(1750000000, UTC)


async def test_unsubscribe_reasons_walk(client: Boosty | AsyncBoosty) -> None:
    answer = {
        "user": {"id": 1, "name": "Gone"},
        "levelId": 2990988,
        "price": 350,
        "payments": 700.5,
        "answerIds": [1, 3],
        "other": "too pricey",
        "isAnonimous": True,
        "onTime": 1,
        "offTime": 2,
        "createdAt": 3,
    }
    pages = [
        {"data": {"unsubscribeAnswers": [answer]}, "extra": {"isLast": False, "offset": "next", "total": 2}},
        {"data": {"unsubscribeAnswers": [answer]}, "extra": {"isLast": True, "offset": "end", "total": 2}},
    ]
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/my/unsubscribe_reasons/").mock(
            side_effect=[httpx.Response(200, json=p) for p in pages]
        )
        answers = await collect(
            client.iter_unsubscribe_reasons("my", level_ids=[1, 2], from_ts=dt.datetime(2026, 1, 1, tzinfo=UTC))
        )
    assert route.call_count == 2 and len(answers) == 2
    first = route.calls[0].request.url.params
    assert first["level_ids"] == "1,2" and first["from"] == "1767225600"
    assert route.calls[1].request.url.params["offset"] == "next"
    got = answers[0]
    assert isinstance(got, UnsubscribeAnswer) and got.is_anonymous and got.answer_ids == [1, 3]
    assert got.payments == Decimal("700.5") and got.created_at == dt.datetime.fromtimestamp(3, UTC)


POLL = {
    "id": 101,
    "title": ["Which one?"],
    "isMultiple": False,
    "isFinished": False,
    "finishTime": None,
    "counter": 12,
    "defaultLang": "ru",
    "hasOther": False,
    "answer": [2],
    "other": "",
    "options": [
        {
            "id": 1,
            "text": "A",
            "counter": 5,
            "fraction": 0.42,
            "voters": {"data": {"voters": [{"id": 9, "name": "V"}]}, "extra": {"isLast": True, "offset": 0}},
        }
    ],
}


async def test_poll_and_voters(client: Boosty | AsyncBoosty) -> None:
    voters_page = {
        "data": {"voters": [{"id": 9, "name": "V", "vkplayProfileLink": ""}]},
        "extra": {"isLast": True, "offset": 1},
    }
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        poll_route = mock.get("/v1/blog/b/poll/101").respond(json=POLL)
        voters_route = mock.get("/v1/blog/b/poll/101/vote/").respond(json=voters_page)
        poll = await resolve(client.poll("b", 101, voters_limit=3))
        voters = await resolve(client.poll_voters("b", 101, option=1, limit=10))
    assert poll_route.calls.last.request.url.params["voters_limit"] == "3"
    assert dict(voters_route.calls.last.request.url.params) == {"option": "1", "limit": "10"}
    assert isinstance(poll, Poll) and poll.title_text == "Which one?" and poll.answer == [2]
    option = poll.options[0]
    assert option.fraction == 0.42 and option.voters is not None and [v.name for v in option.voters.voters] == ["V"]
    assert [v.id for v in voters] == [9] and voters.is_last


STREAM = {
    "id": "stream-1",
    "int_id": 77,
    "title": "Live",
    "description": [{"type": "text", "content": '["Tonight","unstyled",[]]', "modificator": ""}],
    "data": [
        {
            "type": "ok_video",
            "failoverHost": "vd.example",
            "title": "",
            "vid": "123",
            "playerUrls": [{"type": "hls", "url": "https://vd.example/live.m3u8"}],
        }
    ],
    "isOnline": True,
    "isDeleted": False,
    "isTemplate": False,
    "isLiked": False,
    "hasAccess": True,
    "hasChat": True,
    "isChatModerator": False,
    "chatSettings": {"sameMessageTimeout": 5, "anyMessageTimeout": 1},
    "count": {"likes": 3, "viewers": 40},
    "price": 0,
    "subscriptionLevel": None,
    "user": {
        "id": 1,
        "name": "A",
        "blogUrl": "b",
        "hasAvatar": False,
        "avatarUrl": "",
        "flags": {"showPostDonations": True},
    },
    "sortOrder": 1,
    "daNick": "",
    "createdAt": 1750000000,
    "publishTime": 1750000000,
    "startTime": 1750000100,
    "signedQuery": "",
    "teaser": [],
    "wsChatChannel": "chat:1",
    "wsChatChannelPrivate": "chat:1:p",
    "wsStreamChannel": "stream:1",
    "wsStreamViewersChannel": "viewers:1",
}


@pytest.mark.parametrize(("status", "body"), [(204, None), (200, None), (200, {})])
async def test_video_stream_offline_is_none(client: Boosty | AsyncBoosty, status: int, body: Any) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/video_stream")
        if status == 204:
            route.respond(204)
        else:
            route.respond(status, json=body)
        assert await resolve(client.video_stream("b")) is None


async def test_video_stream_online(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b/video_stream").respond(json=STREAM)
        stream = await resolve(client.video_stream("b"))
    assert isinstance(stream, VideoStream) and stream.is_online and stream.int_id == 77
    assert stream.text == "Tonight" and stream.count.viewers == 40
    assert stream.data[0].player_urls[0].url.endswith(".m3u8")
    assert stream.start_time == dt.datetime.fromtimestamp(1750000100, UTC)
    assert stream.user is not None and stream.user.blog_url == "b"


def test_deferred_access() -> None:
    raw = {"isCommentsDenied": False, "price": 300.5, "applyTime": 1760000000, "post": {"id": "p-1"}}
    access = structure(raw, DeferredAccess)
    assert access.price == Decimal("300.5") and access.post_id == "p-1"
    assert access.apply_time == dt.datetime.fromtimestamp(1760000000, UTC)
    assert to_dict(access) == raw

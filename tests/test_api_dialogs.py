"""Dialogs, messages, notifications: recorded responses, 201, offset+total and last-id paging."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, Dialog, Message
from boosty.models import DialogWithUser, LinkBlock, Notifications, to_dict

from ._data import collect, fixture_json
from .conftest import API, resolve

pytestmark = pytest.mark.anyio

UTC = dt.timezone.utc


async def test_recorded_dialogs(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/dialog/").respond(json=fixture_json("dialogs.json"))
        page = await resolve(client.dialogs(limit=20))
    url = route.calls.last.request.url
    assert url.path == "/v1/dialog/" and dict(url.params) == {"limit": "20"}
    assert page.total == 1 and page.offset == 1 and page.is_last
    dialog = page[0]
    assert isinstance(dialog, Dialog)
    assert dialog.id == 3323943 and dialog.unread_msg_count == 0
    assert dialog.created_at == dt.datetime.fromtimestamp(1736239576, UTC)
    mate = dialog.chatmate
    assert mate is not None and mate.url == "el_kuzari" and mate.is_blogger
    assert mate.accepted_currencies == ["RUB", "USD"]
    last = dialog.last_message
    assert isinstance(last, Message) and last.id == 47991704 and last.author_id == 7597253
    assert last.text == "Hi there" and last.to_markdown() == "Hi there"
    assert last.attachments is not None and last.attachments.text is not None and last.attachments.text.count == 1
    assert last.attachments.images is not None and last.attachments.images.preview_url == ""
    assert last.price == Decimal(0) and last.donation is None and not last.pay_wall


def test_dialogs_keep_id_first_and_take_their_shared_fields_by_keyword() -> None:
    """``Dialog`` and ``DialogWithUser`` share their fields through a base class: ``id``
    still comes first in ``to_dict`` (and JSON output), the shared fields are keyword-only."""
    dialog = Dialog(5, None, chat_id=3, unread_msg_count=2)
    assert list(to_dict(dialog))[:3] == ["id", "chatId", "createdAt"] and list(to_dict(dialog))[-1] == "lastMessage"
    assert (dialog.id, dialog.chat_id, dialog.unread_msg_count) == (5, 3, 2)
    with_user = DialogWithUser(None, chat_id=4)
    assert list(to_dict(with_user))[:2] == ["id", "chatId"] and not with_user.exists
    with pytest.raises(TypeError):
        Dialog(5, None, 3)  # type: ignore[misc]


async def test_dialogs_walk_by_offset_and_total(client: Boosty | AsyncBoosty) -> None:
    total = 5

    def respond(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        limit = int(request.url.params["limit"])
        rows = [{"id": i} for i in range(offset, min(offset + limit, total))]
        return httpx.Response(200, json={"data": rows, "extra": {"offset": offset + len(rows), "total": total}})

    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/dialog/").mock(side_effect=respond)
        dialogs = await collect(client.iter_dialogs(limit=2))
    assert [d.id for d in dialogs] == [0, 1, 2, 3, 4]
    assert route.call_count == 3  # 2 + 2 + 1 = total: no request past the end
    assert [c.request.url.params.get("offset") for c in route.calls] == [None, "2", "4"]


async def test_dialog_with_user_accepts_201(client: Boosty | AsyncBoosty) -> None:
    body = {
        "id": 3323943,
        "relation": {"type": "subscriber", "canWrite": True, "canWriteMe": False, "startAt": 1736000000},
        "chatmate": {"id": 7597253, "name": "El-Kuzari", "url": "el_kuzari"},
        "messages": fixture_json("dialog_messages.json") | {"extra": {"isFirst": True, "isLast": False, "offset": 1}},
        "unreadMsgCount": 2,
        "signedQuery": "?sig",
        "wsChannel": "dialog:x",
    }
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/dialog").respond(201, json=body)
        dialog = await resolve(client.dialog_with_user(7597253))
    url = route.calls.last.request.url
    assert url.path == "/v1/dialog" and dict(url.params) == {"user_id": "7597253"}  # no slash
    assert isinstance(dialog, DialogWithUser) and dialog.exists and dialog.id == 3323943
    assert dialog.relation is not None and dialog.relation.can_write and not dialog.relation.can_write_me
    assert dialog.relation.start_at == dt.datetime.fromtimestamp(1736000000, UTC)
    assert [m.text for m in dialog.messages.data] == ["Welcome!https://t.me/ninitux", "Thanks!"]
    assert dialog.messages.extra.is_first and not dialog.messages.extra.is_last
    assert dialog.unread_msg_count == 2 and dialog.ws_channel == "dialog:x"


async def test_dialog_with_user_that_does_not_exist_yet(client: Boosty | AsyncBoosty) -> None:
    body = {"relation": {"canWrite": False}, "chatmate": {"id": 5, "name": "X"}}
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/dialog").respond(201, json=body)
        dialog = await resolve(client.dialog_with_user(5))
    assert not dialog.exists and dialog.messages.data == [] and dialog.relation is not None


async def test_recorded_messages(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/dialog/3323943/message/").respond(json=fixture_json("dialog_messages.json"))
        page = await resolve(client.dialog_messages(3323943, limit=100))
    url = route.calls.last.request.url
    assert url.path == "/v1/dialog/3323943/message/" and dict(url.params) == {"limit": "100"}
    assert page.is_last and page.offset == 43887558 and len(page) == 2
    welcome, thanks = page.items
    assert welcome.text == "Welcome!https://t.me/ninitux"
    # the "!" before the link is escaped: "![" would make the link an image
    assert welcome.to_markdown() == "Welcome\\![https://t.me/ninitux](https://t.me/ninitux)"
    assert isinstance(welcome.data[1], LinkBlock) and welcome.data[1].url == "https://t.me/ninitux"
    assert thanks.text == "Thanks!" and thanks.author_id == 7597253 and thanks.is_read
    assert welcome.created_at == dt.datetime.fromtimestamp(1736239576, UTC)


def _messages(ids: list[list[int]]) -> Any:
    """Pages of messages; ``extra.offset`` is the last message id of the page."""

    def respond(request: httpx.Request) -> httpx.Response:
        offset = request.url.params.get("offset")
        index = 0 if offset is None else next(i + 1 for i, page in enumerate(ids) if page and page[-1] == int(offset))
        page = ids[index]
        extra = {"isLast": index == len(ids) - 1, "offset": page[-1] if page else int(offset or 0)}
        return httpx.Response(200, json={"data": [{"id": i, "dialogId": 1} for i in page], "extra": extra})

    return respond


async def test_messages_walk_by_last_id(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/dialog/1/message/").mock(side_effect=_messages([[30, 29], [28, 27], [26]]))
        messages = await collect(client.iter_dialog_messages(1, limit=2))
    assert [m.id for m in messages] == [30, 29, 28, 27, 26]
    assert [c.request.url.params.get("offset") for c in route.calls] == [None, "29", "27"]


async def test_messages_walk_stops_on_a_repeated_cursor(client: Boosty | AsyncBoosty) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": [{"id": 9}], "extra": {"isLast": False, "offset": 9}})

    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/dialog/1/message/").mock(side_effect=respond)
        messages = await collect(client.iter_dialog_messages(1))
    assert route.call_count == 2 and [m.id for m in messages] == [9, 9]


async def test_message_with_donation(client: Boosty | AsyncBoosty) -> None:
    message = {
        "id": 1,
        "dialogId": 2,
        "data": [{"type": "text", "content": '["Thank you!","unstyled",[]]', "modificator": ""}],
        "donation": {
            "id": 5550003,
            "amount": 1000.5,
            "type": "dialog",
            "createdAt": 1750000700,
            "isFeePaid": False,
            "currencyAmounts": {"RUB": 1000.5, "USD": 11},
            "user": {"id": 779, "name": "Donor3", "hasAvatar": False, "avatarUrl": "", "email": "d@example.com"},
        },
    }
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/dialog/2/message/").respond(json={"data": [message], "extra": {"isLast": True, "offset": 1}})
        page = await resolve(client.dialog_messages(2))
    donation = page[0].donation
    assert donation is not None and donation.amount == Decimal("1000.5") and donation.type == "dialog"
    assert donation.currency_amounts == {"RUB": Decimal("1000.5"), "USD": Decimal(11)}
    assert donation.user is not None and donation.user.email == "d@example.com"
    assert "d@example.com" not in repr(donation) + repr(donation.user)
    assert page[0].text == "Thank you!"


NOTIFICATIONS = {
    "data": {
        "notificationStandalone": {
            "events": [
                {
                    "id": 9000001,
                    "type": "subscriber_new",
                    "eventTime": 1750000800,
                    "isRead": False,
                    "isFeePaid": False,
                    "author": {"id": 780, "name": "New Sub", "hasAvatar": False, "avatarUrl": ""},
                    "aggregation": {"id": 1, "type": "subscriber_new"},
                    "subscriptionLevel": {"id": 2990988, "name": "Pro", "price": 350},
                }
            ],
            "count": {"total": 10, "unread": 2, "byEventType": [{"type": "subscriber_new", "total": 3, "unread": 1}]},
            "updateTime": 1750000900,
        }
    }
}


async def test_notifications(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/notification/standalone/event/").respond(json=NOTIFICATIONS)
        feed = await resolve(client.notifications())
    assert route.calls.last.request.url.path == "/v1/notification/standalone/event/"
    assert dict(route.calls.last.request.url.params) == {}
    assert isinstance(feed, Notifications)
    assert feed.count.total == 10 and feed.count.unread == 2
    assert [(c.type, c.total, c.unread) for c in feed.count.by_event_type] == [("subscriber_new", 3, 1)]
    assert feed.update_time == dt.datetime.fromtimestamp(1750000900, UTC)
    (event,) = feed.events
    assert event.type == "subscriber_new" and event.author is not None and event.author.name == "New Sub"
    assert event.subscription_level is not None and event.subscription_level.price == Decimal(350)
    assert event.aggregation is not None and event.aggregation.id == 1

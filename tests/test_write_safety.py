"""Bad input is refused before any request, and writes are never repeated blindly."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from boosty import AsyncBoosty, AsyncSender, Boosty, RetryingSender, ServiceUnavailable, SyncSender, TooManyRequests
from boosty.testing import FakeBoosty, Fault

from .conftest import resolve

pytestmark = pytest.mark.anyio

BAD: list[tuple[str, Callable[[Any], Any], type[Exception], str]] = [
    ("empty comment", lambda c: c.comment_create("demo", "p", ""), ValueError, "content"),
    ("blank comment", lambda c: c.comment_create("demo", "p", "  \n"), ValueError, "content"),
    ("no blocks", lambda c: c.comment_create("demo", "p", []), ValueError, "content"),
    ("comment of a number", lambda c: c.comment_create("demo", "p", 42), TypeError, "content"),
    ("reply to a uuid", lambda c: c.comment_create("demo", "p", "x", reply_to="0fbc94a3"), TypeError, "reply_to"),
    ("reply to 0", lambda c: c.comment_create("demo", "p", "x", reply_to=0), ValueError, "reply_to"),
    ("unknown post reaction", lambda c: c.post_react("demo", "p", "thumbs"), ValueError, "reaction"),
    ("reaction not a str", lambda c: c.comment_react("demo", "p", "c", 1), TypeError, "reaction"),
    ("unknown comment reaction", lambda c: c.comment_react("demo", "p", "c", "LIKE"), ValueError, "reaction"),
    ("no poll answer", lambda c: c.poll_vote(101, []), ValueError, "answers"),
    ("poll answer a str", lambda c: c.poll_vote(101, ["1"]), TypeError, "answers"),
    ("negative price", lambda c: c.level_create("demo", "Gold", -1), ValueError, "price"),
    ("price a str", lambda c: c.level_create("demo", "Gold", "100"), TypeError, "price"),
    ("price NaN", lambda c: c.level_create("demo", "Gold", math.nan), ValueError, "price"),
    ("price infinite", lambda c: c.level_create("demo", "Gold", Decimal("Infinity")), ValueError, "price"),
    ("price a bool", lambda c: c.level_create("demo", "Gold", True), TypeError, "price"),
    ("empty level name", lambda c: c.level_create("demo", "", 100), ValueError, "name"),
    (
        "negative limit",
        lambda c: c.level_create("demo", "Gold", 1, subscribers_limit=-1),
        ValueError,
        "subscribers_limit",
    ),
    ("bad kind", lambda c: c.target_create("demo", "likes", 10, "x"), ValueError, "kind"),
    ("zero sum", lambda c: c.target_create("demo", "money", 0, "x"), ValueError, "target_sum"),
    ("sum a str", lambda c: c.target_update(600101, target_sum="1", description="x"), TypeError, "target_sum"),
    ("empty description", lambda c: c.target_create("demo", "money", 10, " "), ValueError, "description"),
    ("target id a str", lambda c: c.target_delete("600101"), TypeError, "target_id"),
    ("showcase not a bool", lambda c: c.showcase_set_enabled("demo", "no"), TypeError, "enabled"),
    ("empty chat", lambda c: c.stream_chat_send("demo", ""), ValueError, "content"),
    ("dialog with 0", lambda c: c.dialog_create(0), ValueError, "user_id"),
    ("empty message", lambda c: c.message_send(1, ""), ValueError, "content"),
    ("message to a str id", lambda c: c.message_send("1", "hi"), TypeError, "dialog_id"),
    ("nothing to update", lambda c: c.user_update(), ValueError, "at least one field"),
    ("empty name", lambda c: c.user_update(name=""), ValueError, "name"),
    ("settings a dict", lambda c: c.dialog_settings_update({"can_send_all": True}), TypeError, "settings"),
    ("locale too long", lambda c: c.locale_set("english"), ValueError, "lang"),
    ("unknown transport", lambda c: c.notification_setting_set("sms", "new_post", True), ValueError, "transport"),
    ("unknown switch", lambda c: c.notification_setting_set("mail", "newPost", True), ValueError, "switch"),
    ("switch value a str", lambda c: c.notification_setting_set("mail", "new_post", "on"), TypeError, "value"),
    ("no event ids", lambda c: c.notifications_mark_read([]), ValueError, "event_ids"),
    ("negative event id", lambda c: c.notifications_delete([-3]), ValueError, "event_ids"),
    ("bad path segment", lambda c: c.bundle_delete("demo", ".."), ValueError, "path segment"),
    ("phone not a str", lambda c: c.phone_code_send(79001234567, device_id="d"), TypeError, "phone"),
    ("phone with letters", lambda c: c.phone_code_send("+7 call me", device_id="d"), ValueError, "phone"),
    ("empty device", lambda c: c.phone_code_send("+79001234567", device_id=" "), ValueError, "device_id"),
    ("empty code", lambda c: c.phone_code_confirm("+79001234567", "", "1", device_id="d"), ValueError, "code"),
    ("code object without code", lambda c: c.phone_code_confirm("+7900123", {}, "1", device_id="d"), TypeError, "code"),
    ("sms code an int", lambda c: c.phone_code_confirm("+7900123", "x", 246810, device_id="d"), TypeError, "sms_code"),
    ("channels a str", lambda c: c.ws_subscribe("c", "dialog:1"), TypeError, "channels"),
    ("no channels", lambda c: c.ws_subscribe("c", []), ValueError, "channels"),
    ("blank channel", lambda c: c.ws_subscribe("c", ["a", ""]), ValueError, "channels"),
    ("empty client id", lambda c: c.ws_subscribe("", ["a"]), ValueError, "client_id"),
    ("unknown sales type", lambda c: c.stat_sales("refunds"), ValueError, "type"),
    ("sales limit 0", lambda c: c.stat_sales(limit=0), ValueError, "limit"),
    ("sales offset a str", lambda c: c.stat_sales(offset="10"), TypeError, "offset"),
    ("empty period", lambda c: c.stat_sales(period=""), ValueError, "period"),
]


@pytest.mark.parametrize(("name", "call", "error", "mentions"), BAD, ids=[b[0] for b in BAD])
async def test_bad_input_is_refused_before_any_request(
    fake_boosty: FakeBoosty, mode: str, name: str, call: Callable[[Any], Any], error: type[Exception], mentions: str
) -> None:
    async with fake_boosty.client("owner", asynchronous=mode == "async") as client:
        with pytest.raises(error, match=mentions):
            await resolve(call(client))
    assert fake_boosty.requests == []


def chain(mode: str) -> RetryingSender:
    return RetryingSender(3, AsyncSender() if mode == "async" else SyncSender(), backoff_base=0.0)


async def test_a_comment_meeting_503_is_sent_once(fake_boosty: FakeBoosty, mode: str) -> None:
    post_id = fake_boosty.posts("demo")[0]["id"]
    fake_boosty.inject(Fault.status(503), path="*/comment/", method="POST")
    async with fake_boosty.client("owner", asynchronous=mode == "async", sender=chain(mode)) as client:
        with pytest.raises(ServiceUnavailable):
            await resolve(client.comment_create("demo", post_id, "Only once"))
        sent = [r for r in fake_boosty.requests if r.method == "POST"]
        assert len(sent) == 1
        fake_boosty.clear_faults()
        fake_boosty.inject(Fault.status(503), path="/v1/target/*", method="PUT", count=1)
        target = await resolve(client.target_update(600101, target_sum=10, description="Retried"))
        assert target.description == "Retried"  # a PUT is idempotent: retried
        assert len([r for r in fake_boosty.requests if r.method == "PUT"]) == 2


async def test_a_post_meeting_429_with_retry_after_is_retried(fake_boosty: FakeBoosty, mode: str) -> None:
    dialog = fake_boosty.world.dialog_between(fake_boosty.user_id("owner"), fake_boosty.user_id("subscriber"))
    assert dialog is not None
    fake_boosty.inject(Fault.rate_limit(retry_after=0), path="*/message", method="POST", count=1)
    async with fake_boosty.client("owner", asynchronous=mode == "async", sender=chain(mode)) as client:
        message = await resolve(client.message_send(dialog.id, "After the wait"))
        assert message.text == "After the wait"
        fake_boosty.inject(Fault.status(429), path="*/message", method="POST", count=1)
        with pytest.raises(TooManyRequests):  # no Retry-After: not repeated
            await resolve(client.message_send(dialog.id, "Dropped"))
    assert [r.status for r in fake_boosty.requests if r.method == "POST"] == [429, 200, 429]


async def test_client_request_idempotent_keyword(fake_boosty: FakeBoosty, mode: str) -> None:
    fake_boosty.inject(Fault.status(502), path="/v1/user/locale", count=1)
    cls = AsyncBoosty if mode == "async" else Boosty
    token = fake_boosty.issue_tokens("owner")["access_token"]
    async with cls(token, base_url=fake_boosty.base_url, sender=chain(mode)) as client:
        response = await resolve(client.request("POST", "/v1/user/locale", data={"lang": "en"}, idempotent=True))
        assert response.status_code == 200
        fake_boosty.inject(Fault.status(502), path="/v1/user/locale", count=1)
        with pytest.raises(Exception, match="502"):
            await resolve(client.request("POST", "/v1/user/locale", data={"lang": "en"}))
    assert [r.status for r in fake_boosty.requests] == [502, 200, 502]


MORE_BAD: list[tuple[str, Callable[[Any], Any], type[Exception], str]] = [
    ("migration level a str", lambda c: c.level_delete("demo", 1, posts_migration_level_id="0"), TypeError, "posts"),
    ("negative migration", lambda c: c.level_delete("demo", 1, posts_migration_level_id=-1), ValueError, "posts"),
    (
        "subscribers migration 0",
        lambda c: c.level_delete("demo", 1, subscribers_migration_level_id=0),
        ValueError,
        "sub",
    ),
    ("tg group 0", lambda c: c.level_create("demo", "G", 1, tg_group_ids=[0]), ValueError, "tg_group_ids"),
    ("discord role empty", lambda c: c.level_create("demo", "G", 1, discord_role_id=""), ValueError, "discord"),
    ("email empty", lambda c: c.user_update(email=""), ValueError, "email"),
    ("level id 0", lambda c: c.user_update(send_msg_level_id=0), ValueError, "send_msg_level_id"),
    ("locale a number", lambda c: c.locale_set(7), TypeError, "lang"),
    ("comment id 0", lambda c: c.comment_delete("demo", "p", 0), ValueError, "comment"),
]


@pytest.mark.parametrize(("name", "call", "error", "mentions"), MORE_BAD, ids=[b[0] for b in MORE_BAD])
async def test_more_bad_input_is_refused(
    fake_boosty: FakeBoosty, mode: str, name: str, call: Callable[[Any], Any], error: type[Exception], mentions: str
) -> None:
    async with fake_boosty.client("owner", asynchronous=mode == "async") as client:
        with pytest.raises(error, match=mentions):
            await resolve(call(client))
    assert fake_boosty.requests == []

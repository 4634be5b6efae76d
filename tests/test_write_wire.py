"""Every write method, over a socket against the fake, sync and async: the exact wire form
(method, path with its trailing slash or none, query, form fields) and the value returned."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from boosty import Comment, CurrentUser, Dialog, Message, SubscriptionLevel
from boosty.models import DialogSettings, Notifications, Target
from boosty.testing import FakeBoosty

from ._wire import Wire
from .conftest import resolve

pytestmark = pytest.mark.anyio

TEXT_2X3 = json.dumps(
    [
        {"type": "text", "content": json.dumps(["2 * 3", "unstyled", []]), "modificator": ""},
        {"type": "text", "content": "", "modificator": "BLOCK_END"},
    ],
    separators=(",", ":"),
)


@attrs.frozen
class Ids:
    """Ids of the seeded world the cases act on."""

    post: str
    comment: Any  # JSON of a comment by the subscriber on ``post``
    level: int
    bundle: str
    dialog: int
    notes: list[int]
    follower: int


def ids(fake: FakeBoosty) -> Ids:
    post = fake.posts("demo")[0]["id"]
    comment = fake.add_comment("demo", post, text="First!", user="subscriber")
    world = fake.world
    owner, sub = fake.user_id("owner"), fake.user_id("subscriber")
    dialog = world.dialog_between(owner, sub)
    assert dialog is not None
    notes = sorted(n.id for n in world.notifications if n.user_id == owner)[:3]
    assert len(notes) == 3
    return Ids(
        post=post,
        comment=comment,
        level=world.blog_levels("demo")[-1].id,
        bundle=next(b.id for b in world.bundles.values() if b.blog_url == "demo"),
        dialog=dialog.id,
        notes=notes,
        follower=fake.user_id("follower"),
    )


@attrs.frozen
class Case:
    name: str
    user: str
    call: Callable[[Any, Ids], Any]
    method: str
    path: Callable[[Ids], str]
    form: Callable[[Ids], dict[str, str]] = lambda k: {}
    query: Callable[[Ids], dict[str, str]] = lambda k: {}
    returns: type | None = None


FROM_BLOG = {"from_page": "blog"}
EMPTY_PARAGRAPH = TEXT_2X3.replace("2 * 3", "")
SETTINGS = DialogSettings(send_msg_level_id=None, can_send_all=False, can_send_donation=True, can_send_payers=True)

CASES = [
    Case(
        "post_like",
        "subscriber",
        lambda c, k: c.post_like("demo", k.post),
        "POST",
        lambda k: f"/v1/blog/demo/post/{k.post}/like",
    ),
    Case(
        "post_unlike",
        "subscriber",
        lambda c, k: c.post_unlike("demo", k.post, from_page="blog"),
        "DELETE",
        lambda k: f"/v1/blog/demo/post/{k.post}/like",
        query=lambda k: FROM_BLOG,
    ),
    Case(
        "post_react",
        "subscriber",
        lambda c, k: c.post_react("demo", k.post, "heart"),
        "POST",
        lambda k: f"/v1/blog/demo/post/{k.post}/reaction",
        form=lambda k: {"reaction": "heart"},
    ),
    Case(
        "post_unreact",
        "subscriber",
        lambda c, k: c.post_unreact("demo", k.post),
        "DELETE",
        lambda k: f"/v1/blog/demo/post/{k.post}/reaction",
    ),
    Case(
        "poll_vote",
        "subscriber",
        lambda c, k: c.poll_vote(101, [2]),
        "POST",
        lambda k: "/v1/poll/101/vote",
        form=lambda k: {"answer": "2", "is_anonymous": "false"},
    ),
    Case("poll_unvote", "subscriber", lambda c, k: c.poll_unvote(101), "DELETE", lambda k: "/v1/poll/101/vote"),
    Case(
        "comment_create",
        "follower",
        lambda c, k: c.comment_create("demo", k.post, "2 * 3"),
        "POST",
        lambda k: f"/v1/blog/demo/post/{k.post}/comment/",
        form=lambda k: {"data": TEXT_2X3},
        query=lambda k: FROM_BLOG,
        returns=Comment,
    ),
    Case(
        "comment_create_reply",
        "owner",
        lambda c, k: c.comment_create("demo", k.post, "2 * 3", reply_to=k.comment["intId"]),
        "POST",
        lambda k: f"/v1/blog/demo/post/{k.post}/comment/",
        form=lambda k: {"data": TEXT_2X3, "reply_id": str(k.comment["intId"])},
        query=lambda k: FROM_BLOG,
        returns=Comment,
    ),
    Case(
        "comment_delete",
        "owner",
        lambda c, k: c.comment_delete("demo", k.post, k.comment["id"]),
        "DELETE",
        lambda k: f"/v1/blog/demo/post/{k.post}/comment/{k.comment['id']}",
        query=lambda k: FROM_BLOG,
    ),
    Case(
        "comment_react",
        "follower",
        lambda c, k: c.comment_react("demo", k.post, k.comment["id"], "fire"),
        "POST",
        lambda k: f"/v1/blog/demo/post/{k.post}/comment/{k.comment['id']}/reaction",
        form=lambda k: {"reaction": "fire"},
    ),
    Case(
        "comment_unreact",
        "follower",
        lambda c, k: c.comment_unreact("demo", k.post, k.comment["id"]),
        "DELETE",
        lambda k: f"/v1/blog/demo/post/{k.post}/comment/{k.comment['id']}/reaction",
    ),
    Case(
        "level_create",
        "owner",
        lambda c, k: c.level_create("demo", "Gold", 499.5, description="Shiny"),
        "POST",
        lambda k: "/v1/blog/demo/subscription/level",
        form=lambda k: {
            "name": "Gold",
            "price": "499.5",
            "subscribers_limit": "0",
            "data": TEXT_2X3.replace("2 * 3", "Shiny"),
            "is_thank_msg_enabled": "false",
        },
        returns=SubscriptionLevel,
    ),
    Case(
        "level_delete",
        "owner",
        lambda c, k: c.level_delete("demo", k.level),
        "DELETE",
        lambda k: f"/v1/blog/demo/subscription/level/{k.level}",
        form=lambda k: {"posts_migration_level_id": "0"},
    ),
    Case(
        "target_create",
        "owner",
        lambda c, k: c.target_create("demo", "subscribers", 250, "250 readers"),
        "POST",
        lambda k: "/v1/target/subscribers",
        form=lambda k: {"blog_url": "demo", "description": "250 readers", "target_sum": "250"},
        returns=Target,
    ),
    Case(
        "target_update",
        "owner",
        lambda c, k: c.target_update(600101, target_sum=2000.25, description="Mic"),
        "PUT",
        lambda k: "/v1/target/600101",
        form=lambda k: {"target_id": "600101", "description": "Mic", "target_sum": "2000.25"},
        returns=Target,
    ),
    Case("target_delete", "owner", lambda c, k: c.target_delete(600102), "DELETE", lambda k: "/v1/target/600102"),
    Case(
        "showcase_set_enabled",
        "owner",
        lambda c, k: c.showcase_set_enabled("demo", False),
        "PUT",
        lambda k: "/v1/blog/demo/showcase/status/",
        form=lambda k: {"is_enabled": "false"},
    ),
    Case(
        "bundle_delete",
        "owner",
        lambda c, k: c.bundle_delete("demo", k.bundle),
        "DELETE",
        lambda k: f"/v1/blog/demo/bundle/{k.bundle}",
    ),
    Case(
        "stream_chat_send",
        "subscriber",
        lambda c, k: c.stream_chat_send("demo", "2 * 3"),
        "POST",
        lambda k: "/v1/blog/demo/video_stream/chat",
        form=lambda k: {"data": TEXT_2X3},
    ),
    Case(
        "dialog_create",
        "subscriber",
        lambda c, k: c.dialog_create(k.follower),
        "POST",
        lambda k: "/v1/dialog/",
        form=lambda k: {"user_id": str(k.follower)},
        returns=Dialog,
    ),
    Case(
        "message_send",
        "subscriber",
        lambda c, k: c.message_send(k.dialog, "2 * 3"),
        "POST",
        lambda k: f"/v1/dialog/{k.dialog}/message",
        form=lambda k: {"data": TEXT_2X3},
        returns=Message,
    ),
    Case(
        "user_update",
        "follower",
        lambda c, k: c.user_update(name="Fay F.", can_view_adult_content=True),
        "PUT",
        lambda k: "/v1/user/current",
        form=lambda k: {"name": "Fay F.", "can_view_adult_content": "true"},
        returns=CurrentUser,
    ),
    Case(
        "dialog_settings_update",
        "owner",
        lambda c, k: c.dialog_settings_update(SETTINGS),
        "POST",
        lambda k: "/v1/user/dialog_settings",
        form=lambda k: {
            "send_msg_level_id": "0",
            "can_send_all": "false",
            "can_send_donation": "true",
            "can_send_my_authors": "false",
            "can_send_paid_subscribers": "false",
            "can_send_subscribers": "false",
            "can_send_payers": "true",
        },
    ),
    Case(
        "locale_set",
        "owner",
        lambda c, k: c.locale_set("ru"),
        "POST",
        lambda k: "/v1/user/locale",
        form=lambda k: {"lang": "ru"},
    ),
    Case("sessions_end", "owner", lambda c, k: c.sessions_end(), "DELETE", lambda k: "/v1/user/session/"),
    Case(
        "notification_setting_set",
        "owner",
        lambda c, k: c.notification_setting_set("mail", "new_comment", False),
        "PUT",
        lambda k: "/v1/notification/settings/mail/new_comment",
        form=lambda k: {"value": "false"},
    ),
    Case(
        "notifications_mark_read",
        "owner",
        lambda c, k: c.notifications_mark_read(k.notes[:2]),
        "PUT",
        lambda k: "/v1/notification/standalone/read/",
        form=lambda k: {"event_id": f"{k.notes[0]},{k.notes[1]}"},
        returns=Notifications,
    ),
    Case(
        "notification_delete",
        "owner",
        lambda c, k: c.notification_delete(k.notes[0]),
        "DELETE",
        lambda k: f"/v1/notification/standalone/event/{k.notes[0]}",
    ),
    Case(
        "notifications_delete",
        "owner",
        lambda c, k: c.notifications_delete(k.notes),
        "DELETE",
        lambda k: "/v1/notification/standalone/event/",
        form=lambda k: {"event_id": ",".join(map(str, k.notes))},
        returns=Notifications,
    ),
]

EXTRA_CASES = [
    Case(
        "level_create_full",
        "owner",
        lambda c, k: c.level_create(
            "demo",
            "Club",
            Decimal("10.50"),
            subscribers_limit=5,
            is_thank_msg_enabled=True,
            discord_role_id="42",
            tg_group_ids=[7, 8],
        ),
        "POST",
        lambda k: "/v1/blog/demo/subscription/level",
        form=lambda k: {
            "name": "Club",
            "price": "10.5",
            "subscribers_limit": "5",
            "data": EMPTY_PARAGRAPH,
            "is_thank_msg_enabled": "true",
            "discord_role_id": "42",
            "tg_group_ids": "7,8",
        },
        returns=SubscriptionLevel,
    ),
    Case(
        "level_delete_migrating",
        "owner",
        lambda c, k: c.level_delete(
            "demo", k.level, posts_migration_level_id=1002, subscribers_migration_level_id=1002
        ),
        "DELETE",
        lambda k: f"/v1/blog/demo/subscription/level/{k.level}",
        form=lambda k: {"posts_migration_level_id": "1002", "subscribers_migration_level_id": "1002"},
    ),
    Case(
        "user_update_all",
        "follower",
        lambda c, k: c.user_update(email="fay@example.org", send_msg_rule="all", send_msg_level_id=1002),
        "PUT",
        lambda k: "/v1/user/current",
        form=lambda k: {"email": "fay@example.org", "send_msg_rule": "all", "send_msg_level_id": "1002"},
        returns=CurrentUser,
    ),
    Case(
        "poll_vote_other",
        "subscriber",
        lambda c, k: c.poll_vote(101, 1, other="Both", is_anonymous=True),
        "POST",
        lambda k: "/v1/poll/101/vote",
        form=lambda k: {"answer": "1", "is_anonymous": "true", "other": "Both"},
    ),
    Case(
        "comment_delete_by_int_id",
        "owner",
        lambda c, k: c.comment_delete("demo", k.post, k.comment["intId"]),
        "DELETE",
        lambda k: f"/v1/blog/demo/post/{k.post}/comment/{k.comment['intId']}",
        query=lambda k: FROM_BLOG,
    ),
]
CASES += EXTRA_CASES

WRITE_METHODS = {case.name.removesuffix("_reply") for case in CASES} | {"logout"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_wire_form_and_result(fake_boosty: FakeBoosty, mode: str, case: Case) -> None:
    known = ids(fake_boosty)
    wire = Wire()
    async with wire.client(fake_boosty, case.user, mode) as client:
        result = await resolve(case.call(client, known))
    [sent] = wire.sent
    assert (sent.method, sent.path) == (case.method, case.path(known))
    assert sent.query == case.query(known)
    assert sent.form == case.form(known)
    if sent.form:
        assert sent.content_type == "application/x-www-form-urlencoded"
    if case.returns is None:
        assert result is None
    else:
        assert isinstance(result, case.returns)
    [served] = [r for r in fake_boosty.requests if r.path == case.path(known)]
    assert served.status is not None and served.status < 300, served


async def test_logout_wire_form(fake_boosty: FakeBoosty, mode: str) -> None:
    wire = Wire()
    token = fake_boosty.issue_tokens("follower")["access_token"]
    sender = wire.sender(mode)
    from boosty import AsyncBoosty, Boosty

    cls = AsyncBoosty if mode == "async" else Boosty
    async with cls(token, base_url=fake_boosty.base_url, sender=sender) as client:
        assert await resolve(client.logout()) is None
    [sent] = wire.sent
    assert (sent.method, sent.path) == ("DELETE", "/oauth/token")
    assert sent.query == {"access_token": token, "device_os": "web"}
    assert sent.form == {}

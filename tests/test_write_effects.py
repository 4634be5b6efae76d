"""Writes change what the reads and the events poller see, permissions hold, logout forgets."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from boosty import (
    AsyncBoosty,
    Boosty,
    Credentials,
    Forbidden,
    MemoryTokenStorage,
    NotFound,
    Unauthorised,
)
from boosty.events import CommentEvent, EventType, MessageEvent
from boosty.testing import FakeBoosty

from .conftest import resolve

pytestmark = pytest.mark.anyio


@contextlib.asynccontextmanager
async def as_user(fake: FakeBoosty, mode: str, user: str | None) -> AsyncIterator[Any]:
    client: Boosty | AsyncBoosty = fake.client(user, asynchronous=mode == "async")
    async with client:
        yield client


async def test_comment_reply_and_delete_show_in_reads_and_events(
    fake_boosty: FakeBoosty, mode: str, tmp_path: Path
) -> None:
    post_id = next(p["id"] for p in fake_boosty.posts("cooking") if not p["subscriptionLevel"])
    state = tmp_path / "events.sqlite3"
    async with as_user(fake_boosty, mode, "cook") as cook, as_user(fake_boosty, mode, "follower") as fan:
        assert await resolve(cook.poll_once("cooking", state=state, events=EventType.NEW_COMMENT)) == []
        first = await resolve(fan.comment_create("cooking", post_id, "2 * 3 eggs?"))
        assert first.text == "2 * 3 eggs?" and first.author.id == fake_boosty.user_id("follower")
        [event] = await resolve(cook.poll_once("cooking", state=state, events=EventType.NEW_COMMENT))
        assert isinstance(event, CommentEvent) and event.comment.int_id == first.int_id
        reply = await resolve(cook.comment_create("cooking", post_id, "Six.", reply_to=first))
        assert reply.reply_id == first.int_id
        page = await resolve(cook.comments("cooking", post_id, limit=100))
        assert first.int_id in {c.int_id for c in page.items}
        replies = await resolve(cook.comment_replies("cooking", post_id, first.int_id))
        assert [c.int_id for c in replies.items] == [reply.int_id]
        with pytest.raises(Forbidden):  # someone else's comment
            await resolve(fan.comment_delete("cooking", post_id, reply))
        await resolve(fan.comment_delete("cooking", post_id, first))
        page = await resolve(cook.comments("cooking", post_id, limit=100))
        assert first.int_id not in {c.int_id for c in page.items if not c.is_deleted}


async def test_message_to_a_new_dialog_appears_in_its_messages_and_as_an_event(
    fake_boosty: FakeBoosty, mode: str, tmp_path: Path
) -> None:
    state = tmp_path / "events.sqlite3"
    async with as_user(fake_boosty, mode, "cook") as cook, as_user(fake_boosty, mode, "follower") as fan:
        assert await resolve(cook.poll_once("cooking", state=state, events=EventType.NEW_MESSAGE)) == []
        dialog = await resolve(fan.dialog_create(fake_boosty.user_id("cook")))
        again = await resolve(fan.dialog_create(fake_boosty.user_id("cook")))
        assert again.id == dialog.id  # the existing dialog, not a second one
        sent = await resolve(fan.message_send(dialog.id, "Hello, Carla"))
        page = await resolve(cook.dialog_messages(dialog.id))
        assert [m.id for m in page.items] == [sent.id] and page.items[0].text == "Hello, Carla"
        [event] = await resolve(cook.poll_once("cooking", state=state, events=EventType.NEW_MESSAGE))
        assert isinstance(event, MessageEvent) and event.message.id == sent.id
        with pytest.raises(NotFound):  # not a member of that dialog
            async with as_user(fake_boosty, mode, "stranger") as stranger:
                await resolve(stranger.message_send(dialog.id, "Me too"))


async def test_owner_writes_show_in_reads_and_others_get_403(fake_boosty: FakeBoosty, mode: str) -> None:
    async with as_user(fake_boosty, mode, "owner") as owner, as_user(fake_boosty, mode, "subscriber") as sub:
        level = await resolve(owner.level_create("demo", "Gold", 1500, description="All of it"))
        levels = await resolve(owner.subscription_levels("demo"))
        assert level.id in {lv.id for lv in levels} and level.name == "Gold"
        goal = await resolve(owner.target_create("demo", "money", 5000, "A desk"))
        changed = await resolve(owner.target_update(goal.id, target_sum=6000, description="A bigger desk"))
        assert (changed.description, int(changed.target_sum)) == ("A bigger desk", 6000)
        assert (await resolve(sub.target(goal.id))).description == "A bigger desk"
        bundle = (await resolve(owner.bundles("demo")))[0]
        denied: tuple[Callable[[], Any], ...] = (
            lambda: sub.level_create("demo", "Mine", 1),
            lambda: sub.level_delete("demo", level.id),
            lambda: sub.target_create("demo", "subscribers", 10, "Mine"),
            lambda: sub.target_update(goal.id, target_sum=1, description="Mine"),
            lambda: sub.target_delete(goal.id),
            lambda: sub.showcase_set_enabled("demo", False),
            lambda: sub.bundle_delete("demo", bundle.id),
        )
        for call in denied:
            with pytest.raises(Forbidden):
                await resolve(call())
        await resolve(owner.target_delete(goal.id))
        with pytest.raises(NotFound):
            await resolve(sub.target(goal.id))
        await resolve(owner.level_delete("demo", level.id))
        assert level.id not in {lv.id for lv in await resolve(owner.subscription_levels("demo"))}
        await resolve(owner.showcase_set_enabled("demo", False))
        assert (await resolve(sub.showcase("demo"))).extra["isEnabled"] is False
        await resolve(owner.bundle_delete("demo", bundle.id))
        with pytest.raises(NotFound):
            await resolve(sub.bundle("demo", bundle.id))


async def test_reactions_votes_and_chat_show_in_reads(fake_boosty: FakeBoosty, mode: str) -> None:
    post_id = fake_boosty.posts("demo")[0]["id"]
    me = fake_boosty.user_id("subscriber")
    async with as_user(fake_boosty, mode, "subscriber") as sub:
        before = (await resolve(sub.post("demo", post_id))).count.likes
        await resolve(sub.post_like("demo", post_id))
        await resolve(sub.post_like("demo", post_id))  # liking twice leaves one like
        assert (await resolve(sub.post("demo", post_id))).count.likes == before + 1
        await resolve(sub.post_unlike("demo", post_id))
        assert (await resolve(sub.post("demo", post_id))).count.likes == before
        await resolve(sub.post_react("demo", post_id, "fire"))
        assert fake_boosty.world.reactions[(post_id, me)] == "fire"
        await resolve(sub.post_unreact("demo", post_id))
        assert (post_id, me) not in fake_boosty.world.reactions
        await resolve(sub.poll_vote(101, 1))
        poll = await resolve(sub.poll("demo", 101))
        assert [o.counter for o in poll.options] == [8, 5]
        await resolve(sub.poll_vote(101, [2]))  # a new vote replaces the old one
        assert [o.counter for o in (await resolve(sub.poll("demo", 101))).options] == [7, 6]
        await resolve(sub.poll_unvote(101))
        assert [o.counter for o in (await resolve(sub.poll("demo", 101))).options] == [7, 5]
        await resolve(sub.stream_chat_send("demo", "Hi from chat"))
        chat = await resolve(sub.request("GET", "/v1/blog/demo/video_stream/chat"))  # the read is not wrapped
        last = chat.json()["data"][-1]
        assert last["author"]["id"] == me and "Hi from chat" in last["data"][0]["content"]


async def test_account_writes_show_in_reads(fake_boosty: FakeBoosty, mode: str) -> None:
    async with as_user(fake_boosty, mode, "owner") as owner:
        me = await resolve(owner.user_update(name="Renamed Author"))
        assert me.name == "Renamed Author" == (await resolve(owner.current_user())).name
        assert me.dialog_settings is not None
        wanted = attrs.evolve(me.dialog_settings, can_send_all=False, send_msg_level_id=1002)
        await resolve(owner.dialog_settings_update(wanted))
        await resolve(owner.locale_set("ru"))
        again = await resolve(owner.current_user())
        assert again.dialog_settings == wanted and again.locale == "ru"
        await resolve(owner.notification_setting_set("mail", "new_comment", False))
        settings = await resolve(owner.notification_settings("mail"))
        assert settings.enabled("mail", "newComment") is False
        assert len(await resolve(owner.sessions())) == 2
        await resolve(owner.sessions_end())
        assert len(await resolve(owner.sessions())) == 1
        feed = await resolve(owner.notifications())
        unread = [e.id for e in feed.events if not e.is_read][:2]
        marked = await resolve(owner.notifications_mark_read(unread))
        assert marked.count.unread == feed.count.unread - 2
        await resolve(owner.notification_delete(unread[0]))
        left = await resolve(owner.notifications_delete(unread[1]))
        assert left.count.total == feed.count.total - 2


async def test_logout_ends_the_session_and_clears_the_storage(fake_boosty: FakeBoosty, mode: str) -> None:
    tokens = fake_boosty.issue_tokens("follower")
    credentials = Credentials(tokens["access_token"], tokens["refresh_token"], tokens["device_id"], expires_at=None)
    storage = MemoryTokenStorage(credentials)
    cls = AsyncBoosty if mode == "async" else Boosty
    async with cls(token_storage=storage, base_url=fake_boosty.base_url) as client:
        assert (await resolve(client.current_user())).id == fake_boosty.user_id("follower")
        assert await resolve(client.logout()) is None
        [served] = [r for r in fake_boosty.requests if r.path == "/oauth/token"]
        assert served.query == {
            "access_token": tokens["access_token"],
            "device_id": tokens["device_id"],
            "device_os": "web",
        }
        assert storage.load() is None
        with pytest.raises(Unauthorised):  # anonymous now
            await resolve(client.current_user())
        assert "authorization" not in fake_boosty.requests[-1].headers
    async with cls(tokens["access_token"], base_url=fake_boosty.base_url) as old:
        with pytest.raises(Unauthorised):  # the token ended on the server too
            await resolve(old.current_user())


async def test_static_token_logout_and_refusal(fake_boosty: FakeBoosty, mode: str) -> None:
    from boosty import AuthError

    async with as_user(fake_boosty, mode, None) as anonymous:
        with pytest.raises(AuthError):
            await resolve(anonymous.logout())
    async with as_user(fake_boosty, mode, "subscriber") as sub:
        await resolve(sub.logout())
        with pytest.raises(AuthError):  # nothing left to log out
            await resolve(sub.logout())
    cls = AsyncBoosty if mode == "async" else Boosty
    async with cls("not-a-real-token", base_url=fake_boosty.base_url) as bad:
        with pytest.raises(Unauthorised):  # refused: the token is kept
            await resolve(bad.logout())
        assert type(bad._auth).__name__ == "BearerAuth"

"""Events against the fake Boosty server: each source in depth (donation counters, the sales
list, subscribers, dialogs, messages, replies, posts) over several pages, and ``since``."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from boosty.events import CommentEvent, DonationEvent, Event, EventType, MessageEvent, SubscriberEvent
from boosty.testing import FakeBoosty

from ._events_fake import api_calls, open_client, state, walking_poll
from .conftest import resolve

pytestmark = pytest.mark.anyio

__all__ = ["state"]  # a fixture, imported for use here


# -- sources in depth: growth, cancellations, next pages, replies (issue #15, mutation testing) ----


async def test_a_growing_post_donation_counter_reports_each_growth(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """A reader (not the owner) learns of donations from a post's counter: each poll reports
    how much it grew since the last one, not the counter itself."""
    fake = fake_boosty
    post_id = fake.posts("cooking")[3]["id"]
    kinds = [EventType.NEW_DONATION]
    async with open_client(fake, mode, "follower") as client:
        assert await resolve(client.poll_once("cooking", state=state, events=kinds)) == []
        fake.add_donation("cooking", user="subscriber", amount=10, post_id=post_id)
        first = await resolve(client.poll_once("cooking", state=state, events=kinds))
        fake.add_donation("cooking", user="musician", amount=15.5, post_id=post_id)
        second = await resolve(client.poll_once("cooking", state=state, events=kinds))
        third = await resolve(client.poll_once("cooking", state=state, events=kinds))
    assert [(e.post.id, e.amount, e.donation) for e in first] == [(post_id, Decimal(10), None)]
    assert [(e.post.id, e.amount) for e in second] == [(post_id, Decimal("15.5"))]
    assert third == []


async def test_a_post_that_appears_with_donations_reports_them(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """A post published after the snapshot that already holds donations: its whole counter is new."""
    fake = fake_boosty
    kinds = [EventType.NEW_DONATION]
    async with open_client(fake, mode, "follower") as client:
        await resolve(client.poll_once("cooking", state=state, events=kinds))
        post = fake.add_post("cooking", title="Tip jar")
        fake.add_donation("cooking", user="subscriber", amount=7, post_id=post["id"])
        fake.add_donation("cooking", user="musician", amount=3, post_id=post["id"])
        events = await resolve(client.poll_once("cooking", state=state, events=kinds))
    assert [(e.post.id, e.amount) for e in events] == [(post["id"], Decimal(10))]


async def test_more_donations_than_a_page_are_all_reported(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """The owner's sales list is read page after page while every row on a page is new."""
    fake = fake_boosty
    kinds = [EventType.NEW_DONATION]
    async with open_client(fake, mode, "cook") as client:
        await resolve(client.poll_once("cooking", state=state, events=kinds))
        gifts = [fake.add_donation("cooking", user="subscriber", amount=1 + k) for k in range(105)]
        fake.clear_requests()
        events = await walking_poll(client, "cooking", state, events=kinds)
        sales = [r for r in fake.requests if r.path == "/v1/blog/cooking/sales/donation/"]
        assert len(sales) == 2
        assert (sales[0].query["sort_by"], sales[0].query["order"]) == ("time", "gt")  # newest first
        assert await walking_poll(client, "cooking", state, events=kinds) == []
        late = fake.add_donation("cooking", user="follower", amount=2)
        fake.clear_requests()
        [last] = await walking_poll(client, "cooking", state, events=kinds)
        assert api_calls(fake).count("/v1/blog/cooking/sales/donation/") == 1  # a known row ends the walk
    assert [e.donation.id for e in events] == [g["id"] for g in gifts]
    assert [e.amount for e in events] == [Decimal(1 + k) for k in range(105)]
    assert last.donation.id == late["id"]


async def test_a_subscriber_listed_as_inactive_is_cancelled(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """The list may keep a former subscriber, marked inactive: that is a cancellation too, once."""
    fake, world = fake_boosty, fake_boosty.world
    kinds = [EventType.SUBSCRIPTION_CANCELLED, EventType.NEW_SUBSCRIBER]
    async with open_client(fake, mode, "cook") as client:
        await resolve(client.poll_once("cooking", state=state, events=kinds))
        with world.lock:
            subscription = world.subscription(fake.user_id("subscriber"), "cooking")
            assert subscription is not None
            subscription.status = "inactive"
        [event] = await walking_poll(client, "cooking", state, events=kinds)
        assert await walking_poll(client, "cooking", state, events=kinds) == []
        with world.lock:
            subscription.status = "active"  # back again: a new subscriber
        [back] = await walking_poll(client, "cooking", state, events=kinds)
    assert isinstance(event, SubscriberEvent) and event.type == EventType.SUBSCRIPTION_CANCELLED
    assert event.subscriber.id == fake.user_id("subscriber") and not event.subscriber.is_active
    assert isinstance(back, SubscriberEvent) and back.type == EventType.NEW_SUBSCRIBER
    assert back.subscriber.id == fake.user_id("subscriber")


async def test_a_subscriber_who_leaves_the_list_is_cancelled_as_last_seen(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """A subscriber who leaves the list is reported cancelled with what the last poll saw of
    them (name, level, price), restored from the state file, not only their id; once."""
    fake = fake_boosty
    kinds = [EventType.SUBSCRIPTION_CANCELLED]
    joined = fake.add_subscriber("cooking", name="Leaving Lena", price=7)
    async with open_client(fake, mode, "cook") as client:
        await resolve(client.poll_once("cooking", state=state, events=kinds))
        fake.remove_subscriber("cooking", joined["id"])
        [event] = await walking_poll(client, "cooking", state, events=kinds)
        assert await walking_poll(client, "cooking", state, events=kinds) == []
    assert isinstance(event, SubscriberEvent) and event.type == EventType.SUBSCRIPTION_CANCELLED
    last = event.subscriber
    assert (last.id, last.name, last.price) == (joined["id"], "Leaving Lena", Decimal(7))
    assert last.level_id == joined["levelId"] and last.level is not None and last.level.name == "Gourmet"
    assert last.is_active  # as last seen: the list no longer shows them


async def test_more_moved_dialogs_than_a_page_are_all_reported(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """The dialog list is read page after page while every dialog on a page moved."""
    from boosty.testing.blocks import paragraph

    fake, world = fake_boosty, fake_boosty.world
    kinds = [EventType.NEW_MESSAGE]
    async with open_client(fake, mode, "cook") as client:
        await resolve(client.poll_once("cooking", state=state, events=kinds))
        cook_id, sent = fake.user_id("cook"), []
        with world.lock:
            for k in range(105):
                fan = world.add_user(f"Fan {k}")
                dialog = world.open_dialog(fan.id, cook_id)
                sent.append(world.add_message(dialog.id, fan.id, paragraph(f"hello {k}")).id)
        events = await resolve(client.poll_once("cooking", state=state, events=kinds))
        assert await resolve(client.poll_once("cooking", state=state, events=kinds)) == []
    assert sorted(e.message.id for e in events) == sorted(sent)
    assert all(isinstance(e, MessageEvent) and e.message.id == e.dialog.last_message.id for e in events)


async def test_more_new_messages_than_a_page_are_all_reported(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """A dialog's messages are read page after page while every message on a page is new."""
    fake = fake_boosty
    kinds = [EventType.NEW_MESSAGE]
    async with open_client(fake, mode, "cook") as client:
        await resolve(client.poll_once("cooking", state=state, events=kinds))
        sent = [fake.add_message(f"line {k}", sender="subscriber", to="cook")["id"] for k in range(105)]
        events = await resolve(client.poll_once("cooking", state=state, events=kinds))
        more = fake.add_message("one more", sender="subscriber", to="cook")
        [last] = await resolve(client.poll_once("cooking", state=state, events=kinds))
    assert [e.message.id for e in events] == sent  # in order, none twice
    assert last.message.id == more["id"]


async def test_replies_beyond_the_embedded_ones_are_fetched(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """A comment list embeds at most 100 replies a comment: the rest come from the replies
    endpoint, so a thread of 105 replies is reported whole."""
    fake = fake_boosty
    post_id = fake.posts("cooking")[2]["id"]
    kinds = [EventType.NEW_COMMENT]
    async with open_client(fake, mode, None) as client:
        await resolve(client.poll_once("cooking", state=state, events=kinds))
        root = fake.add_comment("cooking", post_id, text="root")
        replies = [fake.add_comment("cooking", post_id, text=f"re {k}", reply_to=root["intId"]) for k in range(105)]
        newer = fake.add_comment("cooking", post_id, text="newer root")  # listed first: newest first
        answer = fake.add_comment("cooking", post_id, text="re newer", reply_to=newer["intId"])
        fake.clear_requests()
        events = await resolve(client.poll_once("cooking", state=state, events=kinds))
        assert await resolve(client.poll_once("cooking", state=state, events=kinds)) == []
    expected = [root["intId"], *(r["intId"] for r in replies), newer["intId"], answer["intId"]]
    assert [e.comment.int_id for e in events] == expected
    assert api_calls(fake).count(f"/v1/blog/cooking/post/{post_id}/comment/") == 3  # the list, two pages of replies


async def test_a_new_comment_on_a_busy_post_costs_one_page(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """Comments are read newest first and the read stops once the counter's news were found:
    one new comment on a post with 150 is one request."""
    fake = fake_boosty
    post_id = fake.posts("cooking")[1]["id"]
    kinds = [EventType.NEW_COMMENT]
    for k in range(150):
        fake.add_comment("cooking", post_id, text=f"old {k}")
    async with open_client(fake, mode, None) as client:
        await resolve(client.poll_once("cooking", state=state, events=kinds))
        fake.add_comment("cooking", post_id, text="warm-up")  # the first read after the snapshot walks it all
        await resolve(client.poll_once("cooking", state=state, events=kinds))
        fresh = fake.add_comment("cooking", post_id, text="news")
        fake.clear_requests()
        [event] = await resolve(client.poll_once("cooking", state=state, events=kinds))
    assert event.comment.int_id == fresh["intId"]
    assert api_calls(fake) == ["/v1/blog/cooking/post/", f"/v1/blog/cooking/post/{post_id}/comment/"]


async def test_since_reports_each_sources_news_on_the_first_run(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """With ``since``, the very first poll reports what happened at or after it in every
    source (and nothing older); the next poll reports nothing again."""
    fake = fake_boosty
    fake.advance_time(3600)  # the seeded world is an hour old
    since = dt.datetime.fromtimestamp(fake.now() - 60, dt.timezone.utc)
    old_post = fake.posts("cooking")[-1]
    comment = fake.add_comment("cooking", old_post["id"], text="late to the party", user="follower")
    gift = fake.add_donation("cooking", user="follower", amount=8)
    newbie = fake.add_subscriber("cooking", name="Since Newbie")
    note = fake.add_message("hello since", sender="stranger", to="cook")
    async with open_client(fake, mode, "cook") as client:
        events = await resolve(client.poll_once("cooking", state=state, since=since))
        assert await walking_poll(client, "cooking", state, since=since) == []
    found = {(e.type, _subject(e)) for e in events}
    assert found == {
        (EventType.NEW_COMMENT, comment["intId"]),
        (EventType.NEW_DONATION, gift["id"]),
        (EventType.NEW_SUBSCRIBER, newbie["id"]),
        (EventType.NEW_MESSAGE, note["id"]),
        (EventType.NEW_MESSAGE, _last_message_id(fake, "follower")),  # the donation's message
    }


def _subject(event: Event) -> Any:
    if isinstance(event, CommentEvent):
        return event.comment.int_id
    if isinstance(event, DonationEvent):
        return event.donation.id if event.donation is not None else None
    if isinstance(event, SubscriberEvent):
        return event.subscriber.id
    if isinstance(event, MessageEvent):
        return event.message.id
    return None


def _last_message_id(fake: FakeBoosty, user: str) -> int:
    world = fake.world
    with world.lock:
        mine = [m for m in world.messages.values() if m.author_id == fake.user_id(user)]
    return max(m.id for m in mine)


async def test_an_old_post_sliding_into_view_is_not_new(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """The first poll of a 260-post blog reads one page; when a post on it is deleted, the
    101st slides into view: it is old (older than that page), not a new post."""
    fake = fake_boosty
    kinds = [EventType.NEW_POST]
    async with open_client(fake, mode, None) as client:
        assert await resolve(client.poll_once("demo", state=state, events=kinds)) == []
        fake.delete_post("demo", fake.posts("demo")[0]["id"])
        assert await resolve(client.poll_once("demo", state=state, events=kinds)) == []
        fresh = fake.add_post("demo", title="Really new")
        [event] = await resolve(client.poll_once("demo", state=state, events=kinds))
    assert event.post.id == fresh["id"]


async def test_more_new_posts_than_a_page_are_all_reported(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """After the snapshot, the posts list is read until a known post shows up."""
    fake = fake_boosty
    kinds = [EventType.NEW_POST]
    async with open_client(fake, mode, None) as client:
        await resolve(client.poll_once("demo", state=state, events=kinds))
        added = [fake.add_post("demo", title=f"Burst {k}")["id"] for k in range(105)]
        events = await resolve(client.poll_once("demo", state=state, events=kinds))
        assert await resolve(client.poll_once("demo", state=state, events=kinds)) == []
    assert [e.post.id for e in events] == added


async def test_unreadable_comments_are_logged_and_skipped(
    fake_boosty: FakeBoosty, mode: str, state: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Comments an anonymous reader may not see (a paid post): the poll says which post, at debug level."""
    fake = fake_boosty
    paid = next(p for p in fake.posts("cooking") if p["subscriptionLevel"] is not None)
    kinds = [EventType.NEW_COMMENT]
    async with open_client(fake, mode, None) as client:
        await resolve(client.poll_once("cooking", state=state, events=kinds))
        fake.add_comment("cooking", paid["id"], text="members only")
        with caplog.at_level(logging.DEBUG, logger="boosty.events"):
            assert await resolve(client.poll_once("cooking", state=state, events=kinds)) == []
    [note] = [r.getMessage() for r in caplog.records if "not readable" in r.getMessage()]
    assert paid["id"] in note and "'cooking'" in note

"""Event sources against the fake Boosty server over a socket: the donation floor, ``since`` on a
long sales list, a post's donation counter that falls and grows, how many pages of the dialog and
message lists a poll reads, and the page size asked for (issue #15, mutation testing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from boosty.events import EventType
from boosty.testing import FakeBoosty
from boosty.testing.blocks import paragraph

from ._events_fake import open_client, state, walking_poll
from .conftest import resolve

pytestmark = pytest.mark.anyio

__all__ = ["state"]  # a fixture, imported for use here

DONATIONS = [EventType.NEW_DONATION]


def _drop_newest_donations(fake: FakeBoosty, blog: str, count: int) -> None:
    """Remove the ``count`` newest donations of ``blog`` (refunded: they leave the sales list)."""
    world = fake.world
    with world.lock:
        rows = sorted((d for d in world.donations.values() if d.blog_url == blog), key=lambda d: -d.created_at)
        for donation in rows[:count]:
            del world.donations[donation.id]


async def test_older_donations_that_slide_into_view_are_not_reported(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """The first poll reads one page of a long sales list; when the newest rows are refunded, the
    older ones beyond that page come into view: old news, recorded silently. A later donation
    is reported once."""
    fake, world = fake_boosty, fake_boosty.world
    now, payer = fake.now(), fake.user_id("subscriber")
    with world.lock:
        for k in range(150):
            world.add_donation("cooking", payer, 1 + k, created_at=now - 10_000 + k)
    async with open_client(fake, mode, "cook") as client:
        assert await walking_poll(client, "cooking", state, events=DONATIONS) == []
        _drop_newest_donations(fake, "cooking", 100)
        assert await walking_poll(client, "cooking", state, events=DONATIONS) == []
        late = fake.add_donation("cooking", user="follower", amount=3)
        events = await walking_poll(client, "cooking", state, events=DONATIONS)
        assert await walking_poll(client, "cooking", state, events=DONATIONS) == []
    assert [(e.donation.id, e.amount) for e in events] == [(late["id"], Decimal(3))]


async def test_backdated_donations_after_a_complete_first_read_are_reported_oldest_first(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """A first poll that read the whole (short) sales list sets no floor: rows that turn up later
    dated before it are still reported, in the order they were made (not the order of their ids)."""
    fake, world = fake_boosty, fake_boosty.world
    now, payer = fake.now(), fake.user_id("subscriber")
    with world.lock:
        world.add_donation("cooking", payer, 5, created_at=now - 100)
    async with open_client(fake, mode, "cook") as client:
        assert await walking_poll(client, "cooking", state, events=DONATIONS) == []
        with world.lock:
            recent = world.add_donation("cooking", payer, 7, created_at=now - 5)
            older = world.add_donation("cooking", payer, 11, created_at=now - 500)
        events = await walking_poll(client, "cooking", state, events=DONATIONS)
    assert [(e.donation.id, e.amount) for e in events] == [(older.id, Decimal(11)), (recent.id, Decimal(7))]


async def test_since_on_a_first_poll_reads_every_page_of_recent_donations(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """With ``since``, the first poll keeps reading the sales list while every row is within it."""
    fake, world = fake_boosty, fake_boosty.world
    now, payer = fake.now(), fake.user_id("subscriber")
    since = dt.datetime.fromtimestamp(now - 3_600, dt.timezone.utc)
    with world.lock:
        made = [world.add_donation("cooking", payer, 1 + k, created_at=now - 1_000 + k).id for k in range(105)]
    async with open_client(fake, mode, "cook") as client:
        events = await resolve(client.poll_once("cooking", state=state, since=since, events=DONATIONS))
        assert await walking_poll(client, "cooking", state, events=DONATIONS) == []
    reported = [e.donation.id for e in events if e.donation is not None]
    assert [i for i in reported if i in set(made)] == made


async def test_since_on_a_first_poll_reads_every_page_of_recent_posts(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """With ``since``, the first poll keeps reading the post list while every post is within it:
    all of the 105 posts published in the last hour are reported, oldest first (not only the
    first page's 100)."""
    fake = fake_boosty
    now = int(fake.now())  # publish times are whole unix seconds
    since = dt.datetime.fromtimestamp(now - 3_600, dt.timezone.utc)
    made = [fake.add_post("cooking", title=f"p{k}", publish_time=now - 1_000 + k)["id"] for k in range(105)]
    async with open_client(fake, mode, "follower") as client:
        events = await resolve(client.poll_once("cooking", state=state, since=since, events=[EventType.NEW_POST]))
    reported = [e.post.id for e in events if e.type is EventType.NEW_POST]
    assert [i for i in reported if i in set(made)] == made


async def test_a_post_donation_counter_that_falls_then_grows_reports_the_growth(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """Counters present at the snapshot are no donations; after a refund lowers a counter, the
    lower value is the base, so the next growth is reported in full."""
    fake, world = fake_boosty, fake_boosty.world
    post_id = fake.posts("cooking")[2]["id"]
    fake.add_donation("cooking", user="subscriber", amount=10, post_id=post_id)
    refunded = fake.add_donation("cooking", user="musician", amount=4, post_id=post_id)
    async with open_client(fake, mode, "follower") as client:
        assert await walking_poll(client, "cooking", state, events=DONATIONS) == []
        assert await walking_poll(client, "cooking", state, events=DONATIONS) == []
        with world.lock:
            del world.donations[refunded["id"]]
        assert await walking_poll(client, "cooking", state, events=DONATIONS) == []
        fake.add_donation("cooking", user="musician", amount=2, post_id=post_id)
        events = await walking_poll(client, "cooking", state, events=DONATIONS)
    assert [(e.post.id, e.amount) for e in events] == [(post_id, Decimal(2))]


def fans_write_to_the_cook(fake: FakeBoosty, count: int) -> None:
    """``count`` new users each open a dialog with the ``cooking`` owner and write once."""
    world, cook_id = fake.world, fake.user_id("cook")
    with world.lock:
        for k in range(count):
            fan = world.add_user(f"Fan {k}")
            world.add_message(world.open_dialog(fan.id, cook_id).id, fan.id, paragraph(f"hi {k}"))


def _dialog_list_reads(fake: FakeBoosty) -> int:
    return sum(1 for r in fake.requests if r.origin == "api" and r.path == "/v1/dialog/")


async def test_a_long_dialog_list_is_read_one_page_when_nothing_moved(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """More dialogs than a page: the first poll and a poll where no dialog moved read one page."""
    fake = fake_boosty
    fans_write_to_the_cook(fake, 105)
    kinds = [EventType.NEW_MESSAGE]
    async with open_client(fake, mode, "cook") as client:
        fake.clear_requests()
        assert await walking_poll(client, "cooking", state, events=kinds) == []
        first = _dialog_list_reads(fake)
        fake.clear_requests()
        assert await walking_poll(client, "cooking", state, events=kinds) == []
        second = _dialog_list_reads(fake)
    assert (first, second) == (1, 1)


async def test_one_new_message_in_a_long_dialog_reads_one_page_of_messages(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """A dialog of more than a page of messages gains one: one page of 100 is asked for."""
    fake, world = fake_boosty, fake_boosty.world
    cook_id = fake.user_id("cook")
    with world.lock:
        fan = world.add_user("Chatty fan")
        dialog = world.open_dialog(fan.id, cook_id)
        for k in range(105):
            world.add_message(dialog.id, fan.id, paragraph(f"line {k}"))
    kinds = [EventType.NEW_MESSAGE]
    path = f"/v1/dialog/{dialog.id}/message/"
    async with open_client(fake, mode, "cook") as client:
        await walking_poll(client, "cooking", state, events=kinds)
        with world.lock:
            newest = world.add_message(dialog.id, fan.id, paragraph("one more"))
        fake.clear_requests()
        events = await walking_poll(client, "cooking", state, events=kinds)
    reads = [r for r in fake.requests if r.origin == "api" and r.path == path]
    assert [e.message.id for e in events] == [newest.id]
    assert [r.query.get("limit") for r in reads] == ["100"]


async def test_comments_are_asked_for_a_page_of_100_oldest_at_the_bottom(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """The comment request asks for 100 comments, newest first (``order=bottom``), 100 replies each."""
    fake = fake_boosty
    post_id = fake.posts("cooking")[-1]["id"]  # the oldest post
    kinds = [EventType.NEW_COMMENT]
    async with open_client(fake, mode, "follower") as client:
        await walking_poll(client, "cooking", state, events=kinds)
        comment = fake.add_comment("cooking", post_id, text="Tasty", user="follower")
        fake.clear_requests()
        [event] = await walking_poll(client, "cooking", state, events=kinds)
    path = f"/v1/blog/cooking/post/{post_id}/comment/"
    [read] = [r for r in fake.requests if r.origin == "api" and r.path == path]
    assert event.comment.int_id == comment["intId"]
    assert (read.query.get("limit"), read.query.get("order"), read.query.get("reply_limit")) == ("100", "bottom", "100")

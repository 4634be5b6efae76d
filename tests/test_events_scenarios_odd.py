"""Event sources when the API answers in shapes the fake never sends (a proxy rewrites its JSON):
a row listed twice, an unusable counter on an older post, comments without embedded replies;
and a donation of zero (issue #15, mutation testing)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from boosty.events import EventType
from boosty.testing import FakeBoosty

from ._events_fake import open_client, state, walking_poll
from .test_events_fake_odd_answers import _with_donations, rewriting
from .test_events_scenarios import fans_write_to_the_cook

pytestmark = pytest.mark.anyio

__all__ = ["state"]  # a fixture, imported for use here

DONATIONS = [EventType.NEW_DONATION]


def _sales_twice(path: str, data: Any) -> Any:
    """Every row of the donation sales list listed twice (a row that moved between two pages)."""
    if path.endswith("/sales/donation/"):
        rows = data["data"]["donationsSales"]
        data["data"]["donationsSales"] = [row for row in rows for _ in (0, 1)]
    return data


async def test_a_donation_listed_twice_is_reported_once(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    async with rewriting(fake, mode, "cook") as (client, proxy):
        assert await walking_poll(client, "cooking", state, events=DONATIONS) == []
        gift = fake.add_donation("cooking", user="follower", amount=6)
        proxy.edit = _sales_twice
        events = await walking_poll(client, "cooking", state, events=DONATIONS)
    assert [(e.donation.id, e.amount) for e in events] == [(gift["id"], Decimal(6))]


async def test_a_donation_of_zero_is_reported_as_zero(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    async with open_client(fake, mode, "cook") as client:
        assert await walking_poll(client, "cooking", state, events=DONATIONS) == []
        gift = fake.add_donation("cooking", user="follower", amount=0)
        events = await walking_poll(client, "cooking", state, events=DONATIONS)
    assert [(e.donation.id, e.amount) for e in events] == [(gift["id"], Decimal(0))]


async def test_an_unusable_counter_on_an_older_post_hides_no_newer_growth(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """Posts are checked oldest first: an older post's unusable counter skips that post only."""
    fake = fake_boosty
    oldest, newer = fake.posts("cooking")[-1]["id"], fake.posts("cooking")[1]["id"]
    async with rewriting(fake, mode, None) as (client, proxy):
        assert await walking_poll(client, "cooking", state, events=DONATIONS) == []
        fake.add_donation("cooking", user="subscriber", amount=9, post_id=newer)
        proxy.edit = _with_donations(oldest, {"RUB": 1})
        events = await walking_poll(client, "cooking", state, events=DONATIONS)
    assert [(e.post.id, e.amount) for e in events] == [(newer, Decimal(9))]


def _no_embedded_replies(path: str, data: Any) -> Any:
    """Comments sent with ``replies: null`` (the thread must be asked for on its own)."""
    if path.endswith("/comment/"):
        for comment in data["data"]:
            comment["replies"] = None
    return data


async def test_a_reply_is_found_when_comments_come_without_embedded_replies(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    fake = fake_boosty
    post_id = fake.posts("cooking")[-1]["id"]
    kinds = [EventType.NEW_COMMENT]
    async with rewriting(fake, mode, "follower") as (client, proxy):
        root = fake.add_comment("cooking", post_id, text="Question?", user="follower")
        await walking_poll(client, "cooking", state, events=kinds)
        assert await walking_poll(client, "cooking", state, events=kinds) == []
        reply = fake.add_comment("cooking", post_id, text="Answer", user="cook", reply_to=root["intId"])
        proxy.edit = _no_embedded_replies
        events = await walking_poll(client, "cooking", state, events=kinds)
    assert [e.comment.int_id for e in events] == [reply["intId"]]


def _first_dialog_emptied(path: str, data: Any) -> Any:
    """The newest dialog of the list sent without its last message (``lastMessage: null``)."""
    if path.endswith("/v1/dialog/") and data["data"]:
        data["data"][0]["lastMessage"] = None
    return data


async def test_a_known_dialog_without_a_last_message_ends_the_list_walk(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """More dialogs than a page; the newest one comes without its last message: it did not
    move, so the poll reads one page of the list and reports nothing."""
    fake = fake_boosty
    fans_write_to_the_cook(fake, 105)
    kinds = [EventType.NEW_MESSAGE]
    async with rewriting(fake, mode, "cook") as (client, proxy):
        assert await walking_poll(client, "cooking", state, events=kinds) == []
        proxy.edit = _first_dialog_emptied
        fake.clear_requests()
        assert await walking_poll(client, "cooking", state, events=kinds) == []
    assert [r.path for r in fake.requests if r.origin == "api"].count("/v1/dialog/") == 1


async def test_a_comment_landing_mid_poll_in_one_thread_hides_no_counted_reply_in_another(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """Two long threads (more replies than are embedded). A reply counted by the posts page lands
    in the older thread; just before the comments are read another lands in the newer thread.
    The poll stops at the first new reply it finds (the counter moved by one) and reports it;
    the next poll reports the other: neither is lost, none repeated."""
    from .test_events_comment_race import hooked

    fake = fake_boosty
    post_id = fake.posts("cooking")[4]["id"]
    kinds = [EventType.NEW_COMMENT]
    older = fake.add_comment("cooking", post_id, text="older thread", user="subscriber")
    newer = fake.add_comment("cooking", post_id, text="newer thread", user="subscriber")
    for root in (older, newer):
        for k in range(100):
            fake.add_comment("cooking", post_id, text=f"reply {k}", user="follower", reply_to=root["intId"])
    async with open_client(fake, mode, None) as client:
        assert await walking_poll(client, "cooking", state, events=kinds) == []
        opener = fake.add_comment("cooking", post_id, text="fresh", user="subscriber")
        assert [e.comment.int_id for e in await walking_poll(client, "cooking", state, events=kinds)] == [
            opener["intId"]
        ]
    counted = fake.add_comment("cooking", post_id, text="counted", user="subscriber", reply_to=older["intId"])

    def land() -> Any:
        return fake.add_comment("cooking", post_id, text="landed", user="subscriber", reply_to=newer["intId"])

    async with hooked(fake, mode, post_id, land) as (client, hook):
        first = await walking_poll(client, "cooking", state, events=kinds)
    async with open_client(fake, mode, None) as client:
        second = await walking_poll(client, "cooking", state, events=kinds)
        third = await walking_poll(client, "cooking", state, events=kinds)
    assert [e.comment.int_id for e in first] == [hook.result["intId"]]
    assert [e.comment.int_id for e in second] == [counted["intId"]]
    assert third == []


def _comments_without_cursor(path: str, data: Any) -> Any:
    """Comment pages without ``extra`` (they never say they are the last)."""
    if path.endswith("/comment/"):
        data.pop("extra", None)
        for row in data["data"]:
            if isinstance(row.get("replies"), dict):
                row["replies"].pop("extra", None)
    return data


async def test_a_cursorless_comment_read_is_complete_so_a_deletion_hides_no_new_comment(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """Comment pages that never say they are the last: the walk ends at the empty page after
    them and counts as complete, so later comments are told by id and deleting an old one
    while two are added loses neither."""
    fake, world = fake_boosty, fake_boosty.world
    post_id = fake.posts("cooking")[4]["id"]
    kinds = [EventType.NEW_COMMENT]
    async with rewriting(fake, mode, None) as (client, proxy):
        proxy.edit = _comments_without_cursor
        assert await walking_poll(client, "cooking", state, events=kinds) == []
        first = fake.add_comment("cooking", post_id, text="a", user="subscriber")
        second = fake.add_comment("cooking", post_id, text="b", user="follower")
        reported = [e.comment.int_id for e in await walking_poll(client, "cooking", state, events=kinds)]
        assert reported == [first["intId"], second["intId"]]
        with world.lock:
            world.comments[first["intId"]].deleted = True
        added = [fake.add_comment("cooking", post_id, text=t, user="subscriber")["intId"] for t in ("c", "d")]
        events = await walking_poll(client, "cooking", state, events=kinds)
    assert [e.comment.int_id for e in events] == added

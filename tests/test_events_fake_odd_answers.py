"""Events against the fake Boosty server when the API answers in odd shapes the fake never
sends (a proxy rewrites its JSON): unusable counters, no author, no cursor, no level."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from boosty import AsyncSender, ExtendingSender, SyncSender
from boosty.events import EventType
from boosty.testing import FakeBoosty

from ._events_fake import state, walking_poll
from .conftest import resolve

pytestmark = pytest.mark.anyio

__all__ = ["state"]  # a fixture, imported for use here


class Rewrite(ExtendingSender):
    """A proxy that rewrites the JSON of API answers with ``edit`` (``None``: passes them through):
    the odd shapes the real API sends that the fake server never does."""

    def __init__(self, sender: Any, edit: Callable[[str, Any], Any] | None = None) -> None:
        super().__init__(sender)
        self.edit = edit

    def on_response(self, response: Any) -> Any:
        if self.edit is None or not response.headers.get("Content-Type", "").startswith("application/json"):
            return response
        path = response.url.split("?", 1)[0]
        return response.evolve(content=json.dumps(self.edit(path, response.json())).encode())


@contextlib.asynccontextmanager
async def rewriting(fake: FakeBoosty, mode: str, user: str | None) -> AsyncIterator[tuple[Any, Rewrite]]:
    proxy = Rewrite(AsyncSender() if mode == "async" else SyncSender())
    client = fake.client(user, asynchronous=mode == "async", sender=proxy)
    async with client:
        yield client, proxy


def _with_donations(post_id: str, value: Any) -> Callable[[str, Any], Any]:
    def edit(path: str, data: Any) -> Any:
        if path.endswith("/post/"):
            for post in data["data"]:
                if post["id"] == post_id:
                    post["donations"] = value
        return data

    return edit


async def test_an_unusable_donation_counter_reports_nothing(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """A counter sent as null counts as 0; one sent as an object, a flag or text is unusable that
    time: no event, and the last good value stays the base (no phantom donation afterwards)."""
    fake = fake_boosty
    post_id = fake.posts("cooking")[4]["id"]
    kinds = [EventType.NEW_DONATION]
    async with rewriting(fake, mode, None) as (client, proxy):
        proxy.edit = _with_donations(post_id, None)
        assert await resolve(client.poll_once("cooking", state=state, events=kinds)) == []
        fake.add_donation("cooking", user="subscriber", amount=12, post_id=post_id)
        proxy.edit = None
        first = await resolve(client.poll_once("cooking", state=state, events=kinds))
        for odd in ({"RUB": 12}, True, "twelve", "NaN"):
            proxy.edit = _with_donations(post_id, odd)
            assert await resolve(client.poll_once("cooking", state=state, events=kinds)) == [], odd
        proxy.edit = None
        assert await resolve(client.poll_once("cooking", state=state, events=kinds)) == []  # still 12
        fake.add_donation("cooking", user="musician", amount=3, post_id=post_id)
        last = await resolve(client.poll_once("cooking", state=state, events=kinds))
    assert [(e.post.id, e.amount) for e in first] == [(post_id, Decimal(12))]
    assert [(e.post.id, e.amount) for e in last] == [(post_id, Decimal(3))]


async def test_a_message_without_an_author_counts_as_the_chatmates(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    """A message whose author the API leaves out is reported (it may be the chatmate's)."""
    fake = fake_boosty
    kinds = [EventType.NEW_MESSAGE]

    def anonymous_authors(path: str, data: Any) -> Any:
        if "/dialog/" in path and path.rstrip("/").endswith("message"):
            for message in data["data"]:
                message.pop("authorId", None)
        return data

    async with rewriting(fake, mode, "cook") as (client, proxy):
        await resolve(client.poll_once("cooking", state=state, events=kinds))
        sent = fake.add_message("who wrote this?", sender="subscriber", to="cook")
        proxy.edit = anonymous_authors
        events = await resolve(client.poll_once("cooking", state=state, events=kinds))
    assert [(e.message.id, e.message.author_id) for e in events] == [(sent["id"], None)]


async def test_pages_without_a_cursor_end_the_walk(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """List answers that neither say they are the last nor give a next cursor (no ``extra``,
    no ``offset``): each walk stops after the page it has, and the poll still reports."""
    fake = fake_boosty

    def no_cursor(path: str, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("data"), list):
            data.pop("extra", None)
            data.pop("offset", None)
            for row in data["data"]:
                if isinstance(row, dict) and isinstance(row.get("replies"), dict):
                    row["replies"].pop("extra", None)
        return data

    async with rewriting(fake, mode, "cook") as (client, proxy):
        proxy.edit = no_cursor
        assert await walking_poll(client, "cooking", state) == []
        post = fake.add_post("cooking", title="Cursorless")
        fake.add_comment("cooking", post["id"], text="first!", user="follower")
        fake.add_donation("cooking", user="follower", amount=5)
        fake.add_subscriber("cooking", name="Cursor Less")
        events = await walking_poll(client, "cooking", state)
        assert await walking_poll(client, "cooking", state) == []
    assert Counter(e.type for e in events) == {
        EventType.NEW_POST: 1,
        EventType.NEW_COMMENT: 1,
        EventType.NEW_DONATION: 1,
        EventType.NEW_SUBSCRIBER: 1,
        EventType.NEW_MESSAGE: 1,  # the donation's message
    }


async def test_a_subscriber_without_a_level_is_reported(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """A subscriber row that names no level (no ``levelId``, no ``level``) is still a subscriber."""
    fake = fake_boosty
    kinds = [EventType.NEW_SUBSCRIBER]

    def no_level(path: str, data: Any) -> Any:
        if path.endswith("/subscribers"):
            for row in data["data"]:
                row.pop("levelId", None)
                row.pop("level", None)
        return data

    async with rewriting(fake, mode, "cook") as (client, proxy):
        proxy.edit = no_level
        await walking_poll(client, "cooking", state, events=kinds)
        newbie = fake.add_subscriber("cooking", name="No Level")
        [event] = await walking_poll(client, "cooking", state, events=kinds)
    assert event.subscriber.id == newbie["id"] and event.subscriber.level is None

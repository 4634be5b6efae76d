"""Comments that land during a poll, between the posts read and the comments read, are
never lost (issue #15 item 2), over the fake server with sync and async clients.

A sender wrapper runs the fake's admin API (a comment by someone) just before the poll's
first request for a post's comments goes out: the posts page it read counted one comment
fewer than the comments read will show.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from boosty import AsyncSender, ExtendingSender, Request, SyncSender
from boosty.events import CommentEvent, Event, EventType
from boosty.testing import FakeBoosty

from .conftest import resolve

pytestmark = pytest.mark.anyio

BLOG = "cooking"
COMMENTS = [EventType.NEW_COMMENT]


class BeforeRequest(ExtendingSender):
    """Runs ``action`` once, just before the first request whose URL path ends with ``suffix``."""

    def __init__(self, sender: Any, suffix: str, action: Callable[[], Any]) -> None:
        super().__init__(sender)
        self.suffix, self.action, self.result = suffix, action, None
        self.done = False

    def on_request(self, request: Request) -> Request:
        if not self.done and request.url.split("?", 1)[0].endswith(self.suffix):
            self.done = True
            self.result = self.action()
        return request


@contextlib.asynccontextmanager
async def hooked(fake: FakeBoosty, mode: str, post_id: str, action: Callable[[], Any]) -> AsyncIterator[Any]:
    """An anonymous client whose first read of ``post_id``'s comments runs ``action`` first."""
    inner = AsyncSender() if mode == "async" else SyncSender()
    hook = BeforeRequest(inner, f"/post/{post_id}/comment/", action)
    client = fake.client(None, asynchronous=mode == "async", sender=hook)
    async with client:
        yield client, hook


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "events.sqlite3"


async def poll(fake: FakeBoosty, mode: str, state: Path) -> list[Event]:
    client = fake.client(None, asynchronous=mode == "async")
    async with client:
        events: list[Event] = await resolve(client.poll_once(BLOG, state=state, events=COMMENTS))
    return events


def ids(events: list[Event]) -> list[int | None]:
    return [e.comment.int_id for e in events if isinstance(e, CommentEvent)]


def late_comment(fake: FakeBoosty, post_id: str) -> Callable[[], Any]:
    return lambda: fake.add_comment(BLOG, post_id, text="landed during the poll", user="follower")


async def test_post_known_since_the_snapshot(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    post = fake.posts(BLOG)[4]
    assert await poll(fake, mode, state) == []  # snapshot: counters only, no comment read
    first = fake.add_comment(BLOG, post["id"], text="seen by the counter", user="subscriber")
    async with hooked(fake, mode, post["id"], late_comment(fake, post["id"])) as (client, hook):
        events = await resolve(client.poll_once(BLOG, state=state, events=COMMENTS))
    assert hook.done
    assert ids(events) == [first["intId"], hook.result["intId"]]
    assert await poll(fake, mode, state) == []  # and neither is reported twice


async def test_post_created_after_the_snapshot(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    assert await poll(fake, mode, state) == []
    post = fake.add_post(BLOG, title="Fresh")
    first = fake.add_comment(BLOG, post["id"], text="first!", user="subscriber")
    async with hooked(fake, mode, post["id"], late_comment(fake, post["id"])) as (client, hook):
        events = await resolve(client.poll_once(BLOG, state=state, events=COMMENTS))
    assert ids(events) == [first["intId"], hook.result["intId"]]
    assert await poll(fake, mode, state) == []


async def test_post_whose_comments_were_read(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """The counter saw a reply to an old thread beyond the first comments page; a new
    top-level comment lands before the read, which therefore finds "enough" news on its
    first page. The reply still arrives (next poll), and nothing twice."""
    fake = fake_boosty
    post = fake.posts(BLOG)[1]
    roots = [fake.add_comment(BLOG, post["id"], text=f"thread {k}", user="subscriber") for k in range(101)]
    assert await poll(fake, mode, state) == []
    fake.add_comment(BLOG, post["id"], text="read once", user="subscriber")
    assert len(await poll(fake, mode, state)) == 1  # the post's comments were read: its mark is known
    reply = fake.add_comment(BLOG, post["id"], text="late reply", user="follower", reply_to=roots[0]["intId"])
    async with hooked(fake, mode, post["id"], late_comment(fake, post["id"])) as (client, hook):
        events = await resolve(client.poll_once(BLOG, state=state, events=COMMENTS))
    events += await poll(fake, mode, state)
    assert sorted(ids(events)) == sorted([reply["intId"], hook.result["intId"]])
    assert await poll(fake, mode, state) == []


async def test_a_poll_cut_short_repeats_nothing_it_delivered(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    post = fake.posts(BLOG)[2]
    assert await poll(fake, mode, state) == []
    added = [fake.add_comment(BLOG, post["id"], text=f"c{k}", user="subscriber") for k in range(3)]
    client = fake.client(None, asynchronous=mode == "async")
    calls: list[int | None] = []

    def stop_after_two(event: Event) -> None:
        calls.append(ids([event])[0])
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process is stopped while handling the second one

    client.on(EventType.NEW_COMMENT)(stop_after_two)
    async with client:
        with pytest.raises(KeyboardInterrupt):
            await resolve(client.poll_once(BLOG, state=state, events=COMMENTS))
    rest = await poll(fake, mode, state)
    assert calls == [c["intId"] for c in added[:2]]
    assert ids(rest) == [c["intId"] for c in added[1:]]  # the interrupted one again, then the third

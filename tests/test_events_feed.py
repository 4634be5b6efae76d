"""The blog owner's poll reads the notification feed first and walks only what it names
(issue #16, "polls at scale"), over the fake server with sync and async clients."""

from __future__ import annotations

import contextlib
import logging
import math
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from boosty.events import CommentEvent, Dispatcher, Event, EventType, Poller, SubscriberEvent
from boosty.testing import FakeBoosty, Fault

from .conftest import resolve

pytestmark = pytest.mark.anyio

FEED = "/v1/notification/standalone/event/"
POSTS = "/v1/blog/demo/post/"
SALES = "/v1/blog/demo/sales/donation/"
SUBSCRIBERS = "/v1/blog/demo/subscribers"
DIALOGS = "/v1/dialog/"


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "events.sqlite3"


@contextlib.asynccontextmanager
async def owner(fake: FakeBoosty, mode: str) -> AsyncIterator[Any]:
    client = fake.client("owner", asynchronous=mode == "async")
    async with client:
        yield client


def api_calls(fake: FakeBoosty) -> list[str]:
    return [r.path for r in fake.requests if r.origin == "api"]


async def poll(client: Any, state: Path) -> list[Event]:
    """One poll watching everything the owner may (no handlers: the defaults)."""
    events: list[Event] = await resolve(client.poll_once("demo", state=state))
    return events


def grow(fake: FakeBoosty, posts: int) -> None:
    """Give ``demo`` ``posts`` posts in all (older than the seeded ones)."""
    for k in range(posts - len(fake.posts("demo"))):
        fake.add_post("demo", title=f"Archive {k}", publish_time=1_500_000_000 + k * 3600)


@pytest.mark.timeout(60)  # 10,000 posts: 7 s alone, more under load (mutmut: --timeout=10)
@pytest.mark.parametrize("size", [2_600, 10_000])
async def test_unchanged_poll_costs_three_requests_at_any_size(
    fake_boosty: FakeBoosty, mode: str, state: Path, size: int
) -> None:
    fake = fake_boosty
    grow(fake, size)
    async with owner(fake, mode) as client:
        assert await poll(client, state) == []  # the snapshot walks everything once
        assert Counter(api_calls(fake))[POSTS] == math.ceil(size / 100)
        fake.clear_requests()
        for _ in range(2):
            assert await poll(client, state) == []
        assert api_calls(fake) == [FEED, POSTS, DIALOGS] * 2

        if size > 2_600:
            return  # the walk below costs the same pages as the snapshot; once is enough
        # a comment on the oldest post: the feed names it, so this poll walks the counters
        oldest = fake.posts("demo")[-1]
        comment = fake.add_comment("demo", oldest["id"], text="on the oldest", user="subscriber")
        fake.clear_requests()
        [event] = await poll(client, state)
        assert isinstance(event, CommentEvent) and event.comment.int_id == comment["intId"]
        calls = Counter(api_calls(fake))
        assert calls == {FEED: 1, POSTS: math.ceil(size / 100), f"{POSTS}{oldest['id']}/comment/": 1, DIALOGS: 1}


async def test_the_feed_names_which_source_to_walk(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    async with owner(fake, mode) as client:
        await poll(client, state)
        newbie = fake.add_subscriber("demo", name="Nina Newbie")
        fake.clear_requests()
        [joined] = await poll(client, state)
        assert isinstance(joined, SubscriberEvent) and joined.subscriber.id == newbie["id"]
        assert api_calls(fake) == [FEED, POSTS, SUBSCRIBERS, DIALOGS]

        donation = fake.add_donation("demo", user="follower", amount=50, post_id=fake.posts("demo")[0]["id"])
        fake.clear_requests()
        [gift] = await poll(client, state)
        assert gift.type == EventType.NEW_DONATION and gift.donation.id == donation["id"]
        assert api_calls(fake) == [FEED, POSTS, SALES, DIALOGS]


async def test_an_unknown_feed_event_walks_every_source(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    async with owner(fake, mode) as client:
        await poll(client, state)
        fake.world.notify(fake.user_id("owner"), "something_new", fake.user_id("follower"), None, 1_750_000_000)
        fake.clear_requests()
        assert await poll(client, state) == []
        calls = Counter(api_calls(fake))
        assert calls[POSTS] == 3 and calls[SALES] == calls[SUBSCRIBERS] == calls[FEED] == 1


async def test_a_feed_that_scrolled_past_walks_every_source(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """More new events than the feed shows: nothing in common with the last read."""
    fake = fake_boosty
    post = fake.posts("demo")[0]
    async with owner(fake, mode) as client:
        await poll(client, state)
        added = [fake.add_comment("demo", post["id"], text=f"flood {k}", user="subscriber") for k in range(101)]
        fake.clear_requests()
        events = await poll(client, state)
        assert [e.comment.int_id for e in events if isinstance(e, CommentEvent)] == [c["intId"] for c in added]
        calls = Counter(api_calls(fake))
        assert calls[SALES] == calls[SUBSCRIBERS] == 1 and calls[POSTS] == 3


async def test_an_unreadable_feed_walks_every_source(
    fake_boosty: FakeBoosty, mode: str, state: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = fake_boosty
    async with owner(fake, mode) as client:
        await poll(client, state)
        newbie = fake.add_subscriber("demo", name="Nina Newbie")
        fake.inject(Fault.status(403, description="feed is off"), path=FEED, count=1)
        fake.clear_requests()
        with caplog.at_level(logging.DEBUG, logger="boosty.events"):
            [joined] = await poll(client, state)
        [note] = [r.getMessage() for r in caplog.records if "notification feed" in r.getMessage()]
        assert "'demo'" in note and "feed is off" in note and "walking every source" in note
        assert isinstance(joined, SubscriberEvent) and joined.subscriber.id == newbie["id"]
        calls = Counter(api_calls(fake))
        assert calls[FEED] == calls[SALES] == calls[SUBSCRIBERS] == 1 and calls[POSTS] == 3


async def test_a_poll_cut_short_reads_the_feed_again(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """The feed's mark moves only once every event of the poll was delivered."""
    fake = fake_boosty
    async with owner(fake, mode) as client:
        await poll(client, state)
        first = fake.add_subscriber("demo", name="First")
        second = fake.add_subscriber("demo", name="Second")
        seen: list[int] = []

        def stop_at_the_second(event: Event) -> None:
            assert isinstance(event, SubscriberEvent)
            seen.append(event.subscriber.id)
            if event.subscriber.id == second["id"]:
                raise KeyboardInterrupt

        client.on(EventType.NEW_SUBSCRIBER)(stop_at_the_second)
        with pytest.raises(KeyboardInterrupt):
            await poll(client, state)
        client.remove_handler(stop_at_the_second)
        again = await resolve(client.poll_once("demo", state=state, events=[EventType.NEW_SUBSCRIBER]))
    assert seen == [first["id"], second["id"]]
    assert [e.subscriber.id for e in again if isinstance(e, SubscriberEvent)] == [second["id"]]


async def test_the_full_walk_finds_what_the_feed_does_not_show(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """A cancellation is not announced; ``full_walk_interval`` bounds how late it comes."""
    fake = fake_boosty
    kinds = [EventType.SUBSCRIPTION_CANCELLED]
    async with owner(fake, mode) as client:
        await resolve(client.poll_once("demo", state=state, events=kinds))
        fake.remove_subscriber("demo", "subscriber")
        fake.clear_requests()
        assert await resolve(client.poll_once("demo", state=state, events=kinds)) == []  # the feed is quiet
        assert api_calls(fake) == [FEED]
        [gone] = await resolve(client.poll_once("demo", state=state, events=kinds, full_walk_interval=0))
        assert isinstance(gone, SubscriberEvent) and gone.type == EventType.SUBSCRIPTION_CANCELLED
        assert gone.subscriber.id == fake.user_id("subscriber")


async def test_a_due_full_walk_runs_by_the_clock(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    """With a 0.2 s interval, the poll after 0.3 s walks every source again."""
    fake = fake_boosty
    kinds = [EventType.SUBSCRIPTION_CANCELLED]
    async with owner(fake, mode) as client:
        await resolve(client.poll_once("demo", state=state, events=kinds, full_walk_interval=60))
        fake.remove_subscriber("demo", "subscriber")
        assert await resolve(client.poll_once("demo", state=state, events=kinds, full_walk_interval=60)) == []
        await anyio.sleep(0.3)
        fake.clear_requests()
        [gone] = await resolve(client.poll_once("demo", state=state, events=kinds, full_walk_interval=0.2))
        assert gone.type == EventType.SUBSCRIPTION_CANCELLED
        assert api_calls(fake) == [FEED, SUBSCRIBERS]


@pytest.mark.parametrize(
    ("value", "error"),
    [(float("nan"), ValueError), (float("inf"), ValueError), (-1, ValueError), ("60", TypeError), (True, TypeError)],
)
async def test_full_walk_interval_is_checked(fake_boosty: FakeBoosty, mode: str, value: Any, error: type) -> None:
    async with owner(fake_boosty, mode) as client:
        with pytest.raises(error, match="full_walk_interval"):
            Poller(client, "demo", dispatcher=Dispatcher(), full_walk_interval=value)
        with pytest.raises(error, match="full_walk_interval"):
            client.watch("demo", full_walk_interval=value)
    assert api_calls(fake_boosty) == []


async def test_the_fakes_feed_announces_comments_and_donations(fake_boosty: FakeBoosty, mode: str) -> None:
    """Derived events can be marked read and deleted like stored ones."""
    fake = fake_boosty
    post = fake.posts("demo")[0]
    async with owner(fake, mode) as client:
        comment = fake.add_comment("demo", post["id"], text="hello", user="follower")
        fake.add_comment("demo", post["id"], text="my own", user="owner")  # not announced to its author
        donation = fake.add_donation("demo", user="follower", amount=5, post_id=post["id"])
        feed = await resolve(client.notifications())
        kinds = {e.id: e.type for e in feed.events}
        assert kinds[comment["intId"]] == "comment_new" and kinds[donation["id"]] == "donation_new"
        assert all(e.author is None or e.author.id != fake.user_id("owner") for e in feed.events)
        marked = await resolve(client.notifications_mark_read([comment["intId"]]))
        assert marked.count.unread == feed.count.unread - 1
        assert next(e for e in marked.events if e.id == comment["intId"]).is_read
        left = await resolve(client.notifications_delete([donation["id"]]))
        assert left.count.total == feed.count.total - 1 and donation["id"] not in {e.id for e in left.events}

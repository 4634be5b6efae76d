"""Events against the fake Boosty server over a socket, with sync and async clients.

Most tests use the small ``cooking`` blog (30 posts, owner alias ``cook``); the request-count
and "any post" tests use ``demo`` (260 posts, 3 pages of 100).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import json
import logging
import threading
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from boosty import AsyncBoosty, AsyncSender, Boosty, ExtendingSender, SyncSender, Unauthorised
from boosty.events import (
    Backoff,
    CommentEvent,
    DonationEvent,
    Event,
    EventsError,
    EventType,
    MessageEvent,
    PostEvent,
    SubscriberEvent,
)
from boosty.testing import FakeBoosty, Fault

from .conftest import resolve

pytestmark = pytest.mark.anyio

Client = Boosty | AsyncBoosty
FAST = Backoff(initial=0.01, maximum=0.05, jitter=0.0)


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "events.sqlite3"


@contextlib.asynccontextmanager
async def open_client(fake: FakeBoosty, mode: str, user: str | None) -> AsyncIterator[Any]:
    client: Client = fake.client(user, asynchronous=mode == "async")
    async with client:
        yield client


@pytest.fixture
async def cook(fake_boosty: FakeBoosty, mode: str) -> AsyncIterator[Any]:
    """The ``cooking`` blog owner's client."""
    async with open_client(fake_boosty, mode, "cook") as client:
        yield client


async def take(client: Any, blog: str, count: int, **options: Any) -> list[Event]:
    """The first ``count`` events ``client.watch(blog, ...)`` yields (then the iterator is closed)."""
    out: list[Event] = []
    if client.is_async:
        async with contextlib.aclosing(client.watch(blog, **options)) as events:
            async for event in events:
                out.append(event)
                if len(out) == count:
                    break
    else:
        with contextlib.closing(client.watch(blog, **options)) as sync_events:
            for event in sync_events:
                out.append(event)
                if len(out) == count:
                    break
    return out


def api_calls(fake: FakeBoosty) -> list[str]:
    return [r.path for r in fake.requests if r.origin == "api"]


FEED = "/v1/notification/standalone/event/"


async def walking_poll(client: Any, blog: str, state: Path, **options: Any) -> list[Event]:
    """One poll that walks every source whatever the owner's notification feed says."""
    events: list[Event] = await resolve(client.poll_once(blog, state=state, full_walk_interval=0, **options))
    return events


# -- each event type, exactly once ----------------------------------------------------------------


async def test_each_event_type_fires_exactly_once(fake_boosty: FakeBoosty, cook: Any, state: Path) -> None:
    fake = fake_boosty
    seen: list[Event] = []
    for event_type in EventType:
        cook.on(event_type)(seen.append)
    assert await resolve(cook.poll_once("cooking", state=state)) == []  # the first poll is a snapshot

    old_post = fake.posts("cooking")[-1]  # the oldest post
    new_post = fake.add_post("cooking", title="Fresh bread")
    fake.update_post("cooking", fake.posts("cooking")[5]["id"], title="Edited title")
    comment = fake.add_comment("cooking", old_post["id"], text="Tasty!", user="follower")
    newbie = fake.add_subscriber("cooking", name="Nina Newbie")
    fake.remove_subscriber("cooking", "subscriber")  # followed at the free level, leaves
    fake.add_subscriber("cooking", user="musician", level="Follower")
    fake.change_subscriber_level("cooking", "musician", "Gourmet")  # recorded at once as Gourmet: new
    fake.add_subscriber("cooking", user="owner", level="Follower")
    donation = fake.add_donation("cooking", user="follower", amount=123.5, post_id=old_post["id"])
    message = fake.add_message("Hi Carla", sender="stranger", to="cook")

    events = await resolve(cook.poll_once("cooking", state=state))
    assert seen == events
    by_type = Counter(e.type for e in events)
    assert by_type == {
        EventType.NEW_POST: 1,
        EventType.POST_UPDATED: 1,
        EventType.NEW_COMMENT: 1,
        EventType.NEW_SUBSCRIBER: 3,
        EventType.SUBSCRIPTION_CANCELLED: 1,
        EventType.NEW_DONATION: 1,
        EventType.NEW_MESSAGE: 1,
    }
    one = {e.type: e for e in events}
    assert isinstance(one[EventType.NEW_POST], PostEvent) and one[EventType.NEW_POST].post.id == new_post["id"]
    assert one[EventType.POST_UPDATED].post.title == "Edited title"
    new_comment = one[EventType.NEW_COMMENT]
    assert isinstance(new_comment, CommentEvent)
    assert new_comment.comment.int_id == comment["intId"] and new_comment.post.id == old_post["id"]
    assert new_comment.comment.text == "Tasty!"
    names = {e.subscriber.name for e in events if isinstance(e, SubscriberEvent) and e.type == EventType.NEW_SUBSCRIBER}
    assert names == {newbie["name"], "Mo Musician", "Demo Author"}
    cancelled = one[EventType.SUBSCRIPTION_CANCELLED]
    assert isinstance(cancelled, SubscriberEvent) and cancelled.subscriber.id == fake.user_id("subscriber")
    gift = one[EventType.NEW_DONATION]
    assert isinstance(gift, DonationEvent) and gift.donation is not None
    assert gift.donation.id == donation["id"] and gift.amount == Decimal("123.5")
    note = one[EventType.NEW_MESSAGE]
    assert isinstance(note, MessageEvent) and note.message.id == message["id"] and note.message.text == "Hi Carla"
    assert all(e.blog == "cooking" and e.detected_at.tzinfo is not None for e in events)

    # a level change of a known subscriber (the feed does not announce it: the full walk
    # finds it), then an unchanged world
    fake.change_subscriber_level("cooking", "musician", "Follower")
    assert await resolve(cook.poll_once("cooking", state=state)) == []
    [changed] = await walking_poll(cook, "cooking", state)
    assert isinstance(changed, SubscriberEvent) and changed.type == EventType.SUBSCRIPTION_LEVEL_CHANGED
    assert changed.previous_level_id == 2001 and changed.subscriber.level_id == 2000
    assert await resolve(cook.poll_once("cooking", state=state)) == []
    assert len(seen) == len(events) + 1


async def test_unchanged_world_fires_nothing(fake_boosty: FakeBoosty, cook: Any, state: Path) -> None:
    fired: list[Event] = []
    cook.on()(fired.append)
    for _ in range(3):
        assert await resolve(cook.poll_once("cooking", state=state)) == []
    assert fired == []


# -- request economy -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        # posts only: the first posts page, nothing else
        ({EventType.NEW_POST, EventType.POST_UPDATED}, ["/v1/blog/demo/post/"]),
        # the owner's comments: the notification feed announces none, so no walk at all
        ({EventType.NEW_COMMENT}, [FEED]),
        # everything: the feed, the first posts page and the dialog list
        (set(EventType), [FEED, "/v1/blog/demo/post/", "/v1/dialog/"]),
    ],
    ids=["posts", "comments", "all"],
)
async def test_requests_per_unchanged_poll(
    fake_boosty: FakeBoosty, mode: str, state: Path, events: set[EventType], expected: list[str]
) -> None:
    async with open_client(fake_boosty, mode, "owner") as client:
        await resolve(client.poll_once("demo", state=state, events=events))
        fake_boosty.clear_requests()
        assert await resolve(client.poll_once("demo", state=state, events=events)) == []
    assert api_calls(fake_boosty) == expected
    assert all(r.query.get("limit") == "100" for r in fake_boosty.requests if r.path != FEED)  # the feed has no paging


async def test_comment_on_any_post_costs_one_more_request(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    oldest = fake.posts("demo")[-1]
    threaded = next(p for p in fake.posts("demo") if p["count"]["comments"] > 5)  # has replies
    async with open_client(fake, mode, None) as client:  # anonymous: public comments
        await resolve(client.poll_once("demo", state=state, events=[EventType.NEW_COMMENT]))
        first = fake.add_comment("demo", oldest["id"], text="on the oldest post")
        root = next(c for c in fake.world.post_comments(threaded["id"]) if c.parent_id is None)
        reply = fake.add_comment("demo", threaded["id"], text="a late reply", reply_to=root.int_id)
        fake.clear_requests()
        events = await resolve(client.poll_once("demo", state=state, events=[EventType.NEW_COMMENT]))
    assert [e.comment.int_id for e in events] == [first["intId"], reply["intId"]]
    assert events[1].comment.parent_id == root.int_id
    calls = Counter(api_calls(fake))
    assert calls["/v1/blog/demo/post/"] == 3
    assert calls[f"/v1/blog/demo/post/{oldest['id']}/comment/"] == 1
    assert calls[f"/v1/blog/demo/post/{threaded['id']}/comment/"] >= 1


# -- state across restarts ---------------------------------------------------------------------------


async def test_restart_emits_no_duplicate_and_loses_nothing(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    async with open_client(fake, mode, "cook") as client:
        await resolve(client.poll_once("cooking", state=state))
        first = fake.add_post("cooking", title="Before the restart")
        [event] = await resolve(client.poll_once("cooking", state=state))
        assert event.post.id == first["id"]
    # down: things happen meanwhile
    second = fake.add_post("cooking", title="While down")
    message = fake.add_message("Are you there?", sender="follower", to="cook")
    async with open_client(fake, mode, "cook") as client:
        events = await resolve(client.poll_once("cooking", state=state))
        assert [type(e) for e in events] == [PostEvent, MessageEvent]
        assert events[0].post.id == second["id"] and events[1].message.id == message["id"]
        assert await resolve(client.poll_once("cooking", state=state)) == []


async def test_watch_break_mid_poll_then_restart(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    options = {"state": state, "events": [EventType.NEW_POST], "interval": 0.01}
    async with open_client(fake, mode, None) as client:
        await resolve(client.poll_once("music", state=state, events=[EventType.NEW_POST]))
        a = fake.add_post("music", title="A", publish_time=int(fake.now()) - 2)
        b = fake.add_post("music", title="B", publish_time=int(fake.now()) - 1)
        [got] = await take(client, "music", 1, **options)  # stop in the middle of a poll
        assert got.post.id == a["id"]  # type: ignore[attr-defined]
    async with open_client(fake, mode, None) as client:
        c = fake.add_post("music", title="C")
        rest = await take(client, "music", 2, **options)
    assert [e.post.id for e in rest] == [b["id"], c["id"]]  # type: ignore[attr-defined]


class Crash(BaseException):
    """The program dies in a handler (not an ``Exception``: the dispatcher lets it through)."""


async def test_crash_in_a_handler_redelivers_only_that_event(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    handled: list[str] = []

    def dies_on_b(event: Event) -> None:
        assert isinstance(event, PostEvent)
        if event.post.title == "B" and "B" not in handled:
            handled.append("B")
            raise Crash
        handled.append(event.post.title)

    async with open_client(fake, mode, None) as client:
        client.on(EventType.NEW_POST)(dies_on_b)
        await resolve(client.poll_once("music", state=state))
        for age, title in ((3, "A"), (2, "B"), (1, "C")):
            fake.add_post("music", title=title, publish_time=int(fake.now()) - age)
        with pytest.raises(Crash):
            await resolve(client.poll_once("music", state=state))
    async with open_client(fake, mode, None) as client:  # the restarted program
        client.on(EventType.NEW_POST)(dies_on_b)
        events = await resolve(client.poll_once("music", state=state))
        assert [e.post.title for e in events] == ["B", "C"]  # A was recorded before the crash
        assert await resolve(client.poll_once("music", state=state)) == []
    assert handled == ["A", "B", "B", "C"]


async def test_since_reports_what_happened_before_the_first_run(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    fake = fake_boosty
    since = dt.datetime.fromtimestamp(fake.now() - 60, dt.timezone.utc)
    post = fake.add_post("music", title="Just now")
    async with open_client(fake, mode, None) as client:
        events = await resolve(client.poll_once("music", state=state, since=since, events=[EventType.NEW_POST]))
        assert [e.post.id for e in events] == [post["id"]]
        assert await resolve(client.poll_once("music", state=state, since=since, events=[EventType.NEW_POST])) == []
        with pytest.raises(EventsError):
            await resolve(client.poll_once("music", state=state, since=dt.datetime(2020, 1, 1)))  # naive


# -- handlers and errors ---------------------------------------------------------------------------------


async def test_raising_handler_does_not_stop_the_others(
    fake_boosty: FakeBoosty, cook: Any, state: Path, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []

    def broken(event: Event) -> None:
        calls.append("broken")
        raise RuntimeError("handler exploded")

    cook.on(EventType.NEW_POST)(broken)

    async def async_fine(event: Event) -> None:
        calls.append("async fine")

    def fine(event: Event) -> None:
        calls.append("fine")

    cook.on(EventType.NEW_POST)(async_fine if cook.is_async else fine)

    await resolve(cook.poll_once("cooking", state=state))
    fake_boosty.add_post("cooking", title="One")
    fake_boosty.add_post("cooking", title="Two")
    with caplog.at_level(logging.ERROR, logger="boosty.events"):
        events = await resolve(cook.poll_once("cooking", state=state))
    assert len(events) == 2
    assert calls == ["broken", calls[1], "broken", calls[1]] and calls[1].endswith("fine")
    failures = [r for r in caplog.records if r.name == "boosty.events" and r.exc_info]
    assert len(failures) == 2 and "handler exploded" in str(failures[0].exc_info[1])  # type: ignore[index]
    assert await resolve(cook.poll_once("cooking", state=state)) == []  # delivered despite the failure


async def test_failed_polls_back_off_and_recover(
    fake_boosty: FakeBoosty, cook: Any, state: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = fake_boosty
    got: list[Event] = []
    await resolve(cook.poll_once("cooking", state=state, events=[EventType.NEW_POST]))
    post = fake.add_post("cooking", title="After the outage")
    fake.inject(Fault.status(503), path="/v1/blog/cooking/post/", count=2)
    fake.inject(Fault.drop(), path="/v1/blog/cooking/post/", count=1)

    def stop(event: Event) -> None:
        got.append(event)
        cook.stop_polling()

    cook.on(EventType.NEW_POST)(stop)

    with caplog.at_level(logging.WARNING, logger="boosty.events"):
        await resolve(cook.start_polling("cooking", state=state, interval=0.01, backoff=FAST))
    assert [e.post.id for e in got] == [post["id"]]  # type: ignore[attr-defined]
    assert fake.faults_injected == 3
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 3 and "ServiceUnavailable" in warnings[0]


async def test_unauthorised_stops_polling(fake_boosty: FakeBoosty, cook: Any, state: Path) -> None:
    await resolve(cook.poll_once("cooking", state=state))
    fake_boosty.expire_access_tokens()
    with pytest.raises(Unauthorised):
        await resolve(cook.start_polling("cooking", state=state, interval=0.01, backoff=FAST))


async def test_refresh_failure_stops_polling(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    from boosty import AuthError, Credentials

    tokens = fake_boosty.issue_tokens("cook")
    credentials = Credentials(tokens["access_token"], tokens["refresh_token"], tokens["device_id"])
    cls = AsyncBoosty if mode == "async" else Boosty
    async with cls(credentials=credentials, base_url=fake_boosty.base_url) as client:
        await resolve(client.poll_once("cooking", state=state))
        fake_boosty.expire_access_tokens()
        fake_boosty.revoke_refresh_tokens()
        with pytest.raises((Unauthorised, AuthError)):
            await resolve(client.start_polling("cooking", state=state, interval=0.01, backoff=FAST))


# -- who may watch what ---------------------------------------------------------------------------------


async def test_anonymous_defaults_to_public_sources(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    async with open_client(fake, mode, None) as client:
        await resolve(client.poll_once("cooking", state=state))
        post = fake.posts("cooking")[2]
        fake.add_donation("cooking", user="subscriber", amount=40, post_id=post["id"])
        fake.add_donation("cooking", user="follower", amount=2.5, post_id=post["id"])
        fake.add_comment("cooking", post["id"], text="public comment")
        events = await resolve(client.poll_once("cooking", state=state))
        with pytest.raises(EventsError, match="anonymous"):
            await resolve(client.poll_once("cooking", state=state, events=[EventType.NEW_SUBSCRIBER]))
    assert [e.type for e in events] == [EventType.NEW_COMMENT, EventType.NEW_DONATION]
    gift = events[1]
    assert isinstance(gift, DonationEvent) and gift.donation is None
    assert gift.post is not None and gift.post.id == post["id"] and gift.amount == Decimal("42.5")
    assert set(api_calls(fake)) <= {"/v1/blog/cooking/post/", f"/v1/blog/cooking/post/{post['id']}/comment/"}


async def test_logged_in_non_owner_watches_messages_and_counters(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    fake = fake_boosty
    async with open_client(fake, mode, "follower") as client:
        await resolve(client.poll_once("cooking", state=state))
        fake.add_message("psst", sender="cook", to="follower")
        fake.add_donation("cooking", user="subscriber", amount=10, post_id=fake.posts("cooking")[0]["id"])
        fake.clear_requests()
        events = await resolve(client.poll_once("cooking", state=state))
    assert [e.type for e in events] == [EventType.NEW_DONATION, EventType.NEW_MESSAGE]
    calls = api_calls(fake)
    assert "/v1/blog/cooking" not in calls  # ownership was checked once, then remembered
    assert not any("subscribers" in c or "sales" in c for c in calls)


async def test_own_messages_are_not_reported(fake_boosty: FakeBoosty, cook: Any, state: Path) -> None:
    fake = fake_boosty
    await resolve(cook.poll_once("cooking", state=state, events=[EventType.NEW_MESSAGE]))
    fake.add_message("from carla", sender="cook", to="subscriber")
    incoming = fake.add_message("from sam", sender="subscriber", to="cook")
    events = await resolve(cook.poll_once("cooking", state=state, events=[EventType.NEW_MESSAGE]))
    assert [e.message.id for e in events] == [incoming["id"]]


# -- loops ---------------------------------------------------------------------------------------------


async def test_watch_yields_events_and_runs_handlers(fake_boosty: FakeBoosty, cook: Any, state: Path) -> None:
    handled: list[Event] = []
    cook.on(EventType.NEW_SUBSCRIBER)(handled.append)
    await resolve(cook.poll_once("cooking", state=state))
    fake_boosty.add_subscriber("cooking", name="Watcher")
    [event] = await take(cook, "cooking", 1, state=state, interval=0.01)
    assert isinstance(event, SubscriberEvent) and event.subscriber.name == "Watcher"
    assert handled == [event]


async def test_handlers_are_shared_with_derived_clients(fake_boosty: FakeBoosty, cook: Any, state: Path) -> None:
    derived = cook.with_headers({"X-Trace": "1"})
    got: list[Event] = []
    derived.on(EventType.NEW_POST)(got.append)
    assert cook.dispatcher.types == {EventType.NEW_POST}
    await resolve(cook.poll_once("cooking", state=state))
    fake_boosty.add_post("cooking", title="Shared")
    await resolve(cook.poll_once("cooking", state=state))
    assert len(got) == 1
    cook.remove_handler(got.append)
    assert cook.dispatcher.types == frozenset()


def test_sync_client_refuses_async_handler(fake_boosty: FakeBoosty) -> None:
    async def handler(event: Event) -> None: ...

    with fake_boosty.client() as client, pytest.raises(TypeError, match="async"):
        client.on(EventType.NEW_POST)(handler)


def test_stop_polling_from_another_thread(fake_boosty: FakeBoosty, state: Path) -> None:
    polled = threading.Event()
    with fake_boosty.client() as client:
        original = client.posts

        def posts(*args: Any, **kwargs: Any) -> Any:
            polled.set()
            return original(*args, **kwargs)

        client.posts = posts  # count polls through the real endpoint
        worker = threading.Thread(
            target=client.start_polling, args=("music",), kwargs={"state": state, "interval": 30.0}
        )
        worker.start()
        assert polled.wait(10)
        client.stop_polling()  # wakes the 30 s wait at once
        worker.join(10)
        assert not worker.is_alive()


async def test_async_stop_polling_from_another_thread(fake_boosty: FakeBoosty, state: Path) -> None:
    import asyncio

    async with fake_boosty.client(asynchronous=True) as client:
        polled = asyncio.Event()
        original = client.posts

        def posts(*args: Any, **kwargs: Any) -> Any:
            polled.set()
            return original(*args, **kwargs)

        client.posts = posts
        task = asyncio.ensure_future(client.start_polling("music", state=state, interval=30.0))
        await asyncio.wait_for(polled.wait(), 10)
        stopper = threading.Thread(target=client.stop_polling)
        stopper.start()
        stopper.join()
        await asyncio.wait_for(task, 10)  # the 30 s wait between polls ends at once
        assert task.done() and task.exception() is None


async def test_async_start_polling_can_be_cancelled(fake_boosty: FakeBoosty, state: Path) -> None:
    import asyncio

    async with fake_boosty.client(asynchronous=True) as client:
        task = asyncio.ensure_future(client.start_polling("music", state=state, interval=30.0))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


def test_sync_iterators_are_plain_generators(fake_boosty: FakeBoosty, state: Path) -> None:
    with fake_boosty.client() as client:
        watch = client.watch("music", state=state, interval=0.01)
        assert isinstance(watch, Iterator) and inspect.isgenerator(watch)
        watch.close()


async def test_anonymous_catch_all_and_paid_post_comments(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    seen: list[Event] = []
    async with open_client(fake, mode, None) as client:
        client.on()(seen.append)  # a catch-all asks for what the access allows: no error
        await resolve(client.poll_once("cooking", state=state))
        posts = fake.posts("cooking")
        paid = next(p for p in posts if p["subscriptionLevel"] is not None)
        free = next(p for p in posts if p["subscriptionLevel"] is None)
        fake.add_comment("cooking", paid["id"], text="behind the paywall")  # 403 to anonymous readers
        fake.add_comment("cooking", free["id"], text="in the open")
        events = await resolve(client.poll_once("cooking", state=state))
        assert [e.comment.text for e in events] == ["in the open"]
        fake.clear_requests()
        assert await resolve(client.poll_once("cooking", state=state)) == []  # the paid post is not retried
    assert seen == events
    assert api_calls(fake) == ["/v1/blog/cooking/post/"]


async def test_subscribers_over_several_pages(fake_boosty: FakeBoosty, mode: str, state: Path) -> None:
    fake = fake_boosty
    kinds = [EventType.NEW_SUBSCRIBER, EventType.SUBSCRIPTION_CANCELLED, EventType.SUBSCRIPTION_LEVEL_CHANGED]
    async with open_client(fake, mode, "owner") as client:
        await resolve(client.poll_once("demo", state=state, events=kinds))
        newcomers = [fake.add_subscriber("demo", name=f"Crowd {k}") for k in range(60)]  # 47 + 60: two pages
        fake.clear_requests()
        events = await resolve(client.poll_once("demo", state=state, events=kinds))
        assert [e.subscriber.id for e in events] == [s["id"] for s in newcomers]
        assert api_calls(fake) == [FEED, *["/v1/blog/demo/subscribers"] * 2]  # the feed named them
        fake.remove_subscriber("demo", newcomers[-1]["id"])
        fake.change_subscriber_level("demo", newcomers[0]["id"], "Patron")
        events = await walking_poll(client, "demo", state, events=kinds)
    assert [(e.type, e.subscriber.id) for e in events] == [
        (EventType.SUBSCRIPTION_LEVEL_CHANGED, newcomers[0]["id"]),
        (EventType.SUBSCRIPTION_CANCELLED, newcomers[-1]["id"]),
    ]


async def test_bad_arguments(fake_boosty: FakeBoosty, cook: Any, state: Path) -> None:
    with pytest.raises(EventsError):
        await resolve(cook.poll_once("cooking", state=state, events=["no_such_event"]))
    with pytest.raises(EventsError):
        await resolve(cook.poll_once("cooking", state=state, events=[]))
    with pytest.raises(EventsError):
        await resolve(cook.poll_once("", state=state))
    for interval in (-1, float("nan"), float("inf"), float("-inf"), "5", True):
        with pytest.raises(ValueError, match="finite number of seconds"):
            cook.watch("cooking", state=state, interval=interval)
        with pytest.raises(ValueError, match="finite number of seconds"):
            cook.start_polling("cooking", state=state, interval=interval)
    assert fake_boosty.requests == []
    events = await resolve(cook.poll_once("cooking", state=state, events="new_post"))  # a name works too
    assert events == []


async def test_old_dialog_beyond_the_first_page_reports_only_new_messages(
    fake_boosty: FakeBoosty, mode: str, state: Path
) -> None:
    from boosty.testing.blocks import paragraph

    fake, world = fake_boosty, fake_boosty.world
    cook_id, start = fake.user_id("cook"), int(fake.now()) - 10_000
    with world.lock:  # 105 more dialogs, so the seeded one with "subscriber" falls off page one
        for k in range(105):
            fan = world.add_user(f"Pen pal {k}")
            dialog = world.open_dialog(fan.id, cook_id)
            world.add_message(dialog.id, fan.id, paragraph(f"letter {k}"), created_at=start + k)
    async with open_client(fake, mode, "cook") as client:
        await resolve(client.poll_once("cooking", state=state, events=[EventType.NEW_MESSAGE]))
        fresh = fake.add_message("remember me?", sender="subscriber", to="cook")
        events = await resolve(client.poll_once("cooking", state=state, events=[EventType.NEW_MESSAGE]))
    assert [e.message.id for e in events] == [fresh["id"]]


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

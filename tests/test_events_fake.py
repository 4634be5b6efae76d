"""Events against the fake Boosty server over a socket, with sync and async clients.

Most tests use the small ``cooking`` blog (30 posts, owner alias ``cook``); the request-count
and "any post" tests use ``demo`` (260 posts, 3 pages of 100).

Here: each event type, request economy, state across restarts, handlers and errors, who may
watch what. Elsewhere: ``test_events_fake_loops.py``, ``_sources.py``, ``_odd_answers.py``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from boosty import AsyncBoosty, Boosty, Unauthorised
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

from ._events_fake import FEED, api_calls, cook, open_client, state, take, walking_poll
from .conftest import resolve

pytestmark = pytest.mark.anyio

FAST = Backoff(initial=0.01, maximum=0.05, jitter=0.0)

__all__ = ["cook", "state"]  # fixtures, imported for use here


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

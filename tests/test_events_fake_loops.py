"""Events against the fake Boosty server: the polling loops (``watch``, ``start_polling``,
``stop_polling``), handlers shared with derived clients, paging and argument errors."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from boosty.events import Event, EventsError, EventType, SubscriberEvent
from boosty.testing import FakeBoosty

from ._events_fake import FEED, api_calls, cook, open_client, state, take, walking_poll
from .conftest import resolve

pytestmark = pytest.mark.anyio

__all__ = ["cook", "state"]  # fixtures, imported for use here


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

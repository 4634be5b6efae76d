"""Subscriber paging and activity in the shape of recorded answers (issue #12).

Recorded ``GET /v1/blog/{blog}/subscribers`` answers put the **next** page's start in the
top-level ``offset`` (a 2-item first page answers ``"offset": 2``) and mark live rows with
``"subscribed": true`` and no ``status``. The fake answers that shape over a socket; respx
pages cover the guards (an offset that goes back, one past ``total``) and the older shape
(``offset`` = this page's start) that the packaged fixture has.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

import boosty.events.sources
from boosty import AsyncBoosty, Boosty, Subscriber
from boosty.events import EventType, SubscriberEvent
from boosty.testing import FakeBoosty

from ._cli import make_runner
from ._data import collect, fixture_json
from .conftest import API, resolve

pytestmark = pytest.mark.anyio

UTC = dt.timezone.utc


def _rows(start: int, count: int, **fields: Any) -> list[dict[str, Any]]:
    return [{"id": start + i, "name": f"user{start + i}", "subscribed": True, **fields} for i in range(count)]


def _recorded_shape(total: int, *, answer_offset: Any = None) -> Any:
    """A respx side effect answering like the recorded captures: ``offset`` = next start."""

    def respond(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("offset", "0"))
        limit = int(request.url.params.get("limit", "20"))
        count = max(0, min(limit, total - start))
        offset = start + count if answer_offset is None else answer_offset(start, count)
        return httpx.Response(200, json={"data": _rows(start, count), "total": total, "limit": limit, "offset": offset})

    return respond


def _offsets(route: respx.Route) -> list[str | None]:
    return [call.request.url.params.get("offset") for call in route.calls]


# -- the index scheme --------------------------------------------------------------------------


async def test_25_rows_in_pages_of_10_come_whole(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/subscribers").mock(side_effect=_recorded_shape(25))
        people = await collect(client.iter_subscribers("b", limit=10))
    assert [p.id for p in people] == list(range(25))  # none lost, none twice
    assert _offsets(route) == [None, "10", "20"]  # and no request past the total


async def test_a_two_item_first_page_is_the_whole_list(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/subscribers").respond(
            json={"data": _rows(0, 2), "total": 2, "limit": 20, "offset": 2}
        )
        page = await resolve(client.subscribers("b"))
        after = await resolve(client.next(page))
    assert page.is_last and page.offset == 2 and after is None and route.call_count == 1


async def test_user_subscriptions_page_the_same_way(client: Boosty | AsyncBoosty) -> None:
    row = fixture_json("subscriptions.json")["data"][0]

    def respond(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("offset", "0"))
        count = max(0, min(3, 7 - start))
        data = [dict(row, id=start + i) for i in range(count)]
        return httpx.Response(200, json={"data": data, "total": 7, "limit": 3, "offset": start + count})

    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/user/subscriptions").mock(side_effect=respond)
        subs = await collect(client.iter_user_subscriptions(limit=3))
    assert [s.id for s in subs] == list(range(7))
    assert _offsets(route) == [None, "3", "6"]


async def test_an_offset_that_goes_back_ends_the_walk(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/subscribers").mock(side_effect=_recorded_shape(50, answer_offset=lambda s, n: 0))
        people = await collect(client.iter_subscribers("b", limit=10, offset=20))
    assert [p.id for p in people] == list(range(20, 30)) and route.call_count == 1


async def test_an_offset_at_or_past_total_ends_the_walk(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/subscribers").mock(
            side_effect=_recorded_shape(12, answer_offset=lambda s, n: s + n + 5)
        )
        people = await collect(client.iter_subscribers("b", limit=5))
    assert [p.id for p in people] == list(range(5)) + list(range(10, 12))  # the API said so: trusted
    assert _offsets(route) == [None, "10"]


async def test_the_older_shape_neither_loops_nor_skips(client: Boosty | AsyncBoosty) -> None:
    """An answer whose ``offset`` is this page's own start (the packaged fixture's shape)."""
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/subscribers").mock(side_effect=_recorded_shape(25, answer_offset=lambda s, n: s))
        people = await collect(client.iter_subscribers("b", limit=10))
        recorded = mock.get("/v1/blog/r/subscribers").respond(json=fixture_json("subscribers.json"))
        fixture = await collect(client.iter_subscribers("r"))
    assert [p.id for p in people] == list(range(25)) and _offsets(route) == [None, "10", "20"]
    assert len(fixture) == 2 and recorded.call_count == 1


# -- activity ----------------------------------------------------------------------------------


async def test_activity_comes_from_subscribed_when_status_is_absent(client: Boosty | AsyncBoosty) -> None:
    rows = [
        {"id": 1, "subscribed": True},
        {"id": 2, "subscribed": False},
        {"id": 3, "subscribed": True, "status": "inactive"},  # status, when sent, decides
        {"id": 4, "subscribed": False, "status": "active"},
    ]
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b/subscribers").respond(json={"data": rows, "total": 4, "limit": 20, "offset": 4})
        page = await resolve(client.subscribers("b"))
    assert [s.is_active for s in page] == [True, False, False, True]


# -- over a socket: the fake answers the recorded shape ------------------------------------------------


@contextlib.asynccontextmanager
async def owner_of_music(fake: FakeBoosty, mode: str) -> AsyncIterator[Any]:
    """The ``music`` blog grown to 25 subscribers, and its owner's client."""
    for n in range(25 - len(fake.world.subscribers("music"))):
        fake.add_subscriber("music", name=f"Listener {n:02}")
    client: Boosty | AsyncBoosty = fake.client("musician", asynchronous=mode == "async")
    async with client:
        fake.clear_requests()
        yield client


async def test_fake_subscribers_walk_whole(fake_boosty: FakeBoosty, mode: str) -> None:
    async with owner_of_music(fake_boosty, mode) as client:
        people = await collect(client.iter_subscribers("music", limit=10))
    assert len(people) == 25 and len({p.id for p in people}) == 25
    assert all(isinstance(p, Subscriber) and p.status == "" and p.is_active for p in people)
    calls = [r for r in fake_boosty.requests if r.path == "/v1/blog/music/subscribers"]
    assert [r.query.get("offset") for r in calls] == [None, "10", "20"]


async def test_the_poller_reports_all_25_new_subscribers(
    fake_boosty: FakeBoosty, mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(boosty.events.sources, "PAGE", 10)  # the poller pages by 10, not 100
    async with owner_of_music(fake_boosty, mode) as client:
        since = dt.datetime(2000, 1, 1, tzinfo=UTC)
        events = await resolve(
            client.poll_once("music", state=tmp_path / "s.sqlite3", events=[EventType.NEW_SUBSCRIBER], since=since)
        )
    assert all(isinstance(e, SubscriberEvent) and e.type == EventType.NEW_SUBSCRIBER for e in events)
    expected = {s.user_id for s in fake_boosty.world.subscribers("music")}
    assert len(events) == 25 and {e.subscriber.id for e in events} == expected
    calls = [r for r in fake_boosty.requests if r.path == "/v1/blog/music/subscribers"]
    assert [r.query.get("offset") for r in calls] == ["0", "10", "20"]


def test_cli_and_library_agree_on_activity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``boosty subscribers`` shows :attr:`Subscriber.is_active`: the recorded pair is one
    active and one inactive subscriber, though both rows say ``subscribed: true``."""
    with FakeBoosty(replay=True) as fake:
        token = str(fake.issue_tokens("owner")["access_token"])
        run = make_runner(tmp_path, monkeypatch, "--base-url", fake.base_url, "--token", token)
        with fake.client("owner") as client:
            library = {s.name: s.is_active for s in client.iter_subscribers("recorded")}
        table = run("subscribers", "recorded")
    assert table.exit_code == 0, table.output
    assert sorted(library.values()) == [False, True]
    shown = {}
    for line in table.stdout.splitlines():
        cells = [cell.strip() for cell in line.split("│") if cell.strip()]
        for name in library:
            if name in cells:
                shown[name] = cells[-1]
    assert shown == {name: "yes" if active else "no" for name, active in library.items()}

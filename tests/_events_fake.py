"""Shared by the ``test_events_fake*`` files: events against the fake Boosty server over a socket,
with sync and async clients (the ``state`` and ``cook`` fixtures and the helpers)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from boosty import AsyncBoosty, Boosty
from boosty.events import Event
from boosty.testing import FakeBoosty

from .conftest import resolve

Client = Boosty | AsyncBoosty


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

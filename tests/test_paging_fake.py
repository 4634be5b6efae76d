"""Paging against the fake Boosty server over a real loopback socket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from boosty.testing import FakeBoosty

from ._data import collect

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeBoosty]:
    with FakeBoosty() as server:
        yield server


async def test_iter_posts_walks_the_demo_blog_once_in_order(fake: FakeBoosty, mode: str) -> None:
    expected = [p["id"] for p in fake.posts("demo")]
    assert len(expected) >= 250
    client = fake.client("owner", asynchronous=mode == "async")
    try:
        posts = await collect(client.iter_posts("demo", limit=100))
        capped = await collect(client.iter_posts("demo", limit=40, max_items=90))
    finally:
        if mode == "async":
            await client.aclose()
        else:
            client.close()
    assert [p.id for p in posts] == expected  # each exactly once, newest first
    assert [p.id for p in capped] == expected[:90]
    times = [p.publish_time for p in posts]
    assert times == sorted(times, reverse=True)
    assert any(p.media for p in posts) and any(p.to_markdown() for p in posts)

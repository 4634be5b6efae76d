"""The project's client against the fake server, sync and async, and the pytest plugin's fixtures."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from typing import Any

import pytest

from boosty import AsyncBoosty, Boosty, Credentials, NotFound, Unauthorised
from boosty.testing import FakeBoosty
from boosty.testing.seed import DEMO_POSTS

from .conftest import resolve

pytestmark = pytest.mark.anyio


@pytest.fixture
async def owner_client(fake_boosty: FakeBoosty, mode: str) -> AsyncIterator[Boosty | AsyncBoosty]:
    client: Boosty | AsyncBoosty = fake_boosty.client("owner", asynchronous=mode == "async")
    async with client:
        yield client


async def collect(items: Any) -> list[Any]:
    if inspect.isasyncgen(items) or hasattr(items, "__aiter__"):
        return [item async for item in items]
    return list(items)


async def test_blog_and_every_post_through_the_client(fake_boosty: FakeBoosty, mode: str) -> None:
    async with fake_boosty.client(asynchronous=mode == "async") as client:
        blog = await resolve(client.blog("demo"))
        assert (blog.blog_url, blog.title, blog.count.posts) == ("demo", "Demo blog", DEMO_POSTS)
        posts = await collect(client.iter_posts("demo", limit=100))
        assert len(posts) == len({p.id for p in posts}) == DEMO_POSTS
        paid = [p for p in posts if p.subscription_level is not None]
        assert paid and not any(p.has_access for p in paid)
        with pytest.raises(NotFound):
            await resolve(client.blog("nobody_here"))
        with pytest.raises(Unauthorised):
            await resolve(client.current_user())


async def test_subscriber_reads_paid_posts(fake_boosty: FakeBoosty, mode: str) -> None:
    pro = next(p for p in fake_boosty.posts() if p["title"] == "Every block type (Pro)")
    async with fake_boosty.client("subscriber", asynchronous=mode == "async") as client:
        post = await resolve(client.post("demo", pro["id"]))
        assert post.has_access and post.signed_query.startswith("?")
        me = await resolve(client.current_user())
        assert me.id == fake_boosty.user_id("subscriber")


async def test_client_refreshes_an_expired_token_on_the_fake(fake_boosty: FakeBoosty, mode: str) -> None:
    tokens = fake_boosty.issue_tokens("subscriber")
    credentials = Credentials(tokens["access_token"], tokens["refresh_token"], tokens["device_id"], expires_at=None)
    fake_boosty.expire_access_tokens()
    cls = AsyncBoosty if mode == "async" else Boosty
    async with cls(credentials=credentials, base_url=fake_boosty.base_url) as client:
        me = await resolve(client.current_user())
    assert me.id == fake_boosty.user_id("subscriber")
    assert fake_boosty.refresh_count == 1
    statuses = [(r.path, r.status) for r in fake_boosty.requests]
    assert statuses == [("/v1/user/current", 401), ("/oauth/token/", 200), ("/v1/user/current", 200)]


def calls(fake: FakeBoosty) -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    every = next(p for p in fake.posts() if p["title"] == "Every block type")
    root = min(c.int_id for c in fake.world.comments.values() if c.post_id == every["id"] and c.parent_id is None)
    bundle = sorted(fake.world.bundles)[0]
    dialog = next(d.id for d in fake.world.dialogs.values() if fake.user_id("subscriber") in (d.user_a, d.user_b))
    return [
        ("blacklist", ("demo",), {}),
        ("blog_stat_events", ("demo",), {"limit": 5}),
        ("blog_stat_metrics", ("demo", 0), {}),
        ("blog_stat_visits", ("demo",), {}),
        ("blog_stats", ("demo",), {}),
        ("bundle", ("demo", bundle), {}),
        ("bundle_posts", ("demo", bundle), {}),
        ("bundles", ("demo",), {}),
        ("comment_replies", ("demo", every["id"], root), {}),
        ("comments", ("demo", every["id"]), {"reply_limit": 3}),
        ("current_user", (), {}),
        ("dialog_messages", (dialog,), {"limit": 5}),
        ("dialog_with_user", (fake.user_id("subscriber"),), {}),
        ("dialog_with_user", (fake.user_id("cook"),), {}),
        ("dialogs", (), {}),
        ("feed", (), {}),
        ("holds", ("demo",), {}),
        ("media_album", ("demo",), {"type": "all", "limit": 50}),
        ("notification_settings", (), {}),
        ("notifications", (), {}),
        ("payout_history", ("demo",), {}),
        ("payout_methods", (), {}),
        ("payouts", ("demo",), {}),
        ("poll", ("demo", 101), {}),
        ("poll_voters", ("demo", 101), {"option": 1}),
        ("post", ("demo", every["id"]), {"comments_limit": 2, "reply_limit": 1}),
        ("post_deferred_access", ("demo", every["id"]), {}),
        ("posts", ("demo",), {"limit": 100, "comments_limit": 3, "reply_limit": 2}),
        ("referral_stats", ("demo",), {}),
        ("sales_bundles", ("demo",), {}),
        ("sales_donations", ("demo",), {}),
        ("sales_posts", ("demo",), {}),
        ("search_blogs", ("dem",), {}),
        ("search_posts", ("release",), {"blog": "demo"}),
        ("search_posts", ("recipe",), {}),
        ("search_tags", ("de",), {}),
        ("sessions", (), {}),
        ("showcase", ("demo",), {}),
        ("subscribers", ("demo",), {}),
        ("subscription_level", ("demo", 1002), {"with_content_counters": True}),
        ("subscription_levels", ("demo",), {"show_free_level": True}),
        ("target", (600101,), {}),
        ("targets", ("demo",), {}),
        ("unsubscribe_reasons", ("demo",), {}),
        ("user_subscriptions", (), {"with_follow": True}),
        ("video_stream", ("demo",), {}),
        ("video_stream", ("music",), {}),
    ]


async def test_every_wrapped_endpoint_parses_the_fake_without_unknown_fields(
    fake_boosty: FakeBoosty, owner_client: Boosty | AsyncBoosty
) -> None:
    # pytest runs with -W error: a field the models do not know would raise UnknownFieldWarning.
    for name, args, kwargs in calls(fake_boosty):
        result = await resolve(getattr(owner_client, name)(*args, **kwargs))
        assert result is not None or name == "video_stream", name
    served = fake_boosty.requests
    assert len(served) == len(calls(fake_boosty))
    assert all(r.authorized and r.status in (200, 201, 204) for r in served), [(r.path, r.status) for r in served]


def test_plugin_boosty_client_is_anonymous(boosty_client: Boosty, fake_boosty: FakeBoosty) -> None:
    assert boosty_client.base_url == fake_boosty.base_url and not boosty_client.is_async
    assert boosty_client.blog("demo").is_owner is False
    assert fake_boosty.requests[-1].authorized is False


@pytest.mark.boosty_user("owner")
def test_plugin_marker_picks_the_user(boosty_client: Boosty) -> None:
    assert boosty_client.blog("demo").is_owner is True


@pytest.mark.boosty_user("subscriber")
async def test_plugin_async_client(async_boosty_client: AsyncBoosty, fake_boosty: FakeBoosty) -> None:
    me = await async_boosty_client.current_user()
    assert me.id == fake_boosty.user_id("subscriber")

"""Post writes over a socket against the fake, sync and async, with the wire form asserted."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from boosty import AsyncBoosty, Boosty, EventType, Forbidden, NotFound, Post, PostEvent, Unauthorised
from boosty._model.compose import Content, content_blocks
from boosty._model.draft import PostDraft
from boosty.models import DeferredAccess, TextBlock
from boosty.testing import FakeBoosty

from ._wire import FORM, Sent, wire_client
from .conftest import resolve

pytestmark = pytest.mark.anyio
Client = Boosty | AsyncBoosty
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
async def owner(fake_boosty: FakeBoosty, mode: str) -> AsyncIterator[tuple[Client, list[Sent]]]:
    """The demo blog owner's client (sync or async) and its wire log."""
    async for pair in wire_client(fake_boosty, mode):
        yield pair


def routes(log: list[Sent]) -> list[tuple[str, str]]:
    return [(s.method, s.path) for s in log]


def demo_level(fake: FakeBoosty) -> int:
    return min(lv.id for lv in fake.world.levels.values() if lv.blog_url == "demo" and lv.price > 0)


async def test_post_create_is_draft_then_publish_and_reads_back(owner: tuple[Client, list[Sent]]) -> None:
    client, log = owner
    content = Content.from_markdown("Hello **world**\n\n- a\n- b")
    post = await resolve(
        client.post_create("demo", "Fresh", content, price=100, tags=["news", " fresh "], deny_comments=True)
    )
    assert routes(log) == [("PUT", "/v1/blog/demo/post_draft"), ("POST", "/v1/blog/demo/post_draft/publish/")]
    draft, publish = log
    assert draft.content_type == FORM and draft.authorised
    assert set(draft.form) == {"title", "data", "price", "tags", "deny_comments"}
    assert (draft.form["title"], draft.form["price"], draft.form["tags"], draft.form["deny_comments"]) == (
        "Fresh",
        "100",
        "news,fresh",
        "true",
    )
    assert json.loads(draft.form["data"]) == content_blocks(content)
    assert publish.form == {"is_showcase_visible": "false"}
    assert isinstance(post, Post) and post.title == "Fresh" and post.price == Decimal(100)
    assert [t.title for t in post.tags] == ["news", "fresh"]
    first = (await resolve(client.posts("demo", limit=1))).items[0]
    assert first.id == post.id
    again = await resolve(client.post("demo", post.id))
    assert again.to_markdown() == "Hello **world**\n\n- a\n- b"


async def test_draft_save_and_publish(owner: tuple[Client, list[Sent]], fake_boosty: FakeBoosty) -> None:
    client, log = owner
    level = demo_level(fake_boosty)
    when = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    draft = await resolve(
        client.draft_save("demo", "Later", "2 * 3", teaser="A teaser", level_id=level, publish_time=when)
    )
    assert isinstance(draft, PostDraft) and draft.title == "Later" and draft.id
    assert [b.text for b in draft.data if isinstance(b, TextBlock) and b.text] == ["2 * 3"]
    (sent,) = log
    assert (sent.method, sent.path, sent.content_type) == ("PUT", "/v1/blog/demo/post_draft", FORM)
    assert set(sent.form) == {
        "title",
        "data",
        "teaser_data",
        "subscription_level_id",
        "publish_time",
    }
    assert sent.form["subscription_level_id"] == str(level) and sent.form["publish_time"] == str(int(when.timestamp()))
    assert json.loads(sent.form["teaser_data"]) == content_blocks("A teaser")
    post = await resolve(client.draft_publish("demo", is_showcase_visible=True))
    assert log[-1] == Sent("POST", "/v1/blog/demo/post_draft/publish/", {}, FORM, {"is_showcase_visible": "true"}, True)
    assert isinstance(post, Post) and post.title == "Later" and post.text == "2 * 3"
    with pytest.raises(NotFound):  # the draft was used up
        await resolve(client.draft_publish("demo"))


async def test_post_update_and_delete(owner: tuple[Client, list[Sent]], fake_boosty: FakeBoosty) -> None:
    client, log = owner
    created = fake_boosty.add_post("demo", title="Old", text="old text")
    updated = await resolve(client.post_update("demo", created["id"], title="New", content=Content.text("new *text*")))
    (sent,) = log
    assert (sent.method, sent.path) == ("PUT", f"/v1/blog/demo/post/{created['id']}")
    assert set(sent.form) == {"title", "data"}
    assert isinstance(updated, Post) and updated.title == "New" and updated.text == "new *text*"
    priced = await resolve(client.post_update("demo", created["id"], price=Decimal("12.50")))
    assert log[-1].form == {"price": "12.5"} and priced.title == "New" and priced.price == Decimal("12.5")
    assert await resolve(client.post_delete("demo", created["id"])) is None
    assert log[-1] == Sent("DELETE", f"/v1/blog/demo/post/{created['id']}", {}, "", {}, True)
    with pytest.raises(NotFound):
        await resolve(client.post("demo", created["id"]))


async def test_deferred_access_update(owner: tuple[Client, list[Sent]], fake_boosty: FakeBoosty) -> None:
    client, log = owner
    post_id = fake_boosty.add_post("demo", title="Paid later")["id"]
    when = dt.datetime(2031, 1, 1, tzinfo=dt.timezone.utc)
    result = await resolve(
        client.deferred_access_update("demo", post_id, price=150, apply_time=when, is_comments_denied=True)
    )
    path = f"/v1/blog/demo/post/{post_id}/deferred_access"
    form = {"price": "150", "applyTime": str(int(when.timestamp())), "isCommentsDenied": "true"}
    assert log == [Sent("PUT", path, {}, FORM, form, True)]
    assert isinstance(result, DeferredAccess) and result.price == Decimal(150) and result.apply_time == when
    read = await resolve(client.post_deferred_access("demo", post_id))
    assert (read.price, read.apply_time, read.is_comments_denied, read.post_id) == (Decimal(150), when, True, post_id)


async def test_local_images_are_uploaded_once_before_the_draft(
    owner: tuple[Client, list[Sent]], fake_boosty: FakeBoosty, tmp_path: Path
) -> None:
    client, log = owner
    (tmp_path / "a.png").write_bytes(PNG)
    (tmp_path / "b.png").write_bytes(PNG[::-1][:50] + PNG)
    md = "![](a.png)\n\nText\n\n![again](a.png) ![](b.png)"
    post = await resolve(client.post_create("demo", "Pictures", Content.from_markdown(md, base_dir=tmp_path)))
    image = ("POST", "/v1/media_data/image/")
    assert routes(log) == [
        image,
        image,
        ("PUT", "/v1/blog/demo/post_draft"),
        ("POST", "/v1/blog/demo/post_draft/publish/"),
    ]
    assert all(s.authorised and s.content_type == "image/png" for s in log[:2])
    uploads = fake_boosty.world.uploads
    ids = [b.id for b in post.data if b.type == "image"]
    assert len(ids) == 3 and ids[0] == ids[1] != ids[2]
    assert uploads[ids[0]]["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert uploads[ids[2]]["size"] == len(PNG) + 50


async def test_owner_only_writes_answer_403_for_others(fake_boosty: FakeBoosty, mode: str) -> None:
    post_id = fake_boosty.add_post("demo", title="Mine")["id"]
    calls: list[Callable[[Any], Any]] = [
        lambda c: c.post_create("demo", "x", "y"),
        lambda c: c.draft_publish("demo"),
        lambda c: c.post_update("demo", post_id, title="z"),
        lambda c: c.post_delete("demo", post_id),
        lambda c: c.deferred_access_update("demo", post_id, price=1, apply_time=2_000_000_000),
    ]
    async for client, log in wire_client(fake_boosty, mode, "subscriber"):
        for make in calls:
            with pytest.raises(Forbidden):
                await resolve(make(client))
        assert len(log) == len(calls)
    async for client, _ in wire_client(fake_boosty, mode, None):
        with pytest.raises(Unauthorised):
            await resolve(client.post_delete("demo", post_id))
    assert fake_boosty.post("demo", post_id)["title"] == "Mine"


BAD_CALLS: list[tuple[str, Callable[[Any], Any], type[Exception], str]] = [
    ("empty", lambda c: c.post_create("demo", "t", "  "), ValueError, "content: must not be empty"),
    ("empty blocks", lambda c: c.draft_save("demo", "t", Content()), ValueError, "content: must not be empty"),
    ("negative", lambda c: c.post_create("demo", "t", "x", price=-1), ValueError, "price must not be negative"),
    ("nan", lambda c: c.post_create("demo", "t", "x", price=float("nan")), ValueError, "price must be a finite"),
    ("text price", lambda c: c.post_create("demo", "t", "x", price="100"), TypeError, "price must be a number"),
    ("bool price", lambda c: c.draft_save("demo", "t", "x", price=True), TypeError, "price must be a number"),
    ("level", lambda c: c.post_create("demo", "t", "x", level_id="1"), TypeError, "level_id must be an int"),
    ("tags", lambda c: c.post_create("demo", "t", "x", tags=[1]), TypeError, "tags must be strings"),
    ("title", lambda c: c.post_create("demo", None, "x"), TypeError, "title must be a str"),
    ("content type", lambda c: c.post_create("demo", "t", 5), TypeError, "content: expected"),
    (
        "no image",
        lambda c: c.post_create("demo", "t", Content.from_markdown("![](/no/such.png)")),
        FileNotFoundError,
        "no such image",
    ),
    ("nothing", lambda c: c.post_update("demo", "p"), ValueError, "at least one field"),
    ("flag", lambda c: c.post_create("demo", "t", "x", deny_comments="yes"), TypeError, "deny_comments must be a bool"),
    (
        "not an image",
        lambda c: c.post_create("demo", "t", Content.from_markdown(f"![]({__file__})")),
        ValueError,
        "is not an image",
    ),
    ("empty update", lambda c: c.post_update("demo", "p", content=""), ValueError, "content: must not be empty"),
    ("deferred", lambda c: c.deferred_access_update("demo", "p", price=-5, apply_time=1), ValueError, "price"),
    ("no time", lambda c: c.deferred_access_update("demo", "p", price=5, apply_time=None), ValueError, "apply_time"),
]


@pytest.mark.parametrize(("call", "error", "message"), [b[1:] for b in BAD_CALLS], ids=[b[0] for b in BAD_CALLS])
async def test_bad_input_is_refused_before_any_request(
    owner: tuple[Client, list[Sent]],
    fake_boosty: FakeBoosty,
    call: Callable[[Any], Any],
    error: type[Exception],
    message: str,
) -> None:
    client, log = owner
    fake_boosty.clear_requests()
    with pytest.raises(error, match=message):
        await resolve(call(client))
    assert log == [] and fake_boosty.requests == []


async def test_a_created_post_is_a_new_post_event(fake_boosty: FakeBoosty, mode: str, tmp_path: Path) -> None:
    async for client, _ in wire_client(fake_boosty, mode, "subscriber"):
        state = tmp_path / "events.sqlite3"
        assert await resolve(client.poll_once("demo", state=state, events=[EventType.NEW_POST])) == []
        async for author, _ in wire_client(fake_boosty, mode):
            post = await resolve(author.post_create("demo", "Event!", Content.from_markdown("*Hi*")))
        (event,) = await resolve(client.poll_once("demo", state=state, events=[EventType.NEW_POST]))
        assert isinstance(event, PostEvent) and event.post.id == post.id and event.post.title == "Event!"

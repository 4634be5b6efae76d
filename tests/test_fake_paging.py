"""The fake's paging schemes (``boosty-api.md`` §3), walked with raw HTTP requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from boosty.testing import FakeBoosty
from boosty.testing.seed import DEMO_POSTS


@pytest.fixture(scope="module")
def http(fake_boosty_server: FakeBoosty) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake_boosty_server.base_url) as client:
        yield client


def owner(fake: FakeBoosty, user: str = "owner") -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.issue_tokens(user)['access_token']}"}


def walk_posts(http: httpx.Client, limit: int, **params: Any) -> tuple[list[dict[str, Any]], int]:
    seen: list[dict[str, Any]] = []
    offset: str | None = None
    pages = 0
    while True:
        query = {"limit": limit, **params, **({"offset": offset} if offset else {})}
        body = http.get("/v1/blog/demo/post/", params=query).json()
        pages += 1
        seen += body["data"]
        assert isinstance(body["extra"]["offset"], str)
        if body["extra"]["isLast"]:
            return seen, pages
        assert body["extra"]["offset"] != offset, "the cursor must advance"
        offset = body["extra"]["offset"]
        assert pages < 100


@pytest.mark.usefixtures("fake_boosty")
@pytest.mark.parametrize("limit", [7, 100])
def test_demo_posts_page_by_cursor_each_exactly_once(http: httpx.Client, limit: int) -> None:
    posts, pages = walk_posts(http, limit)
    assert len(posts) == DEMO_POSTS >= 250
    assert len({p["id"] for p in posts}) == DEMO_POSTS
    assert pages == -(-DEMO_POSTS // limit)
    keys = [(p["sortOrder"], p["intId"]) for p in posts]
    assert keys == sorted(keys, reverse=True)


@pytest.mark.usefixtures("fake_boosty")
def test_cursor_is_sortorder_colon_intid_and_may_come_percent_encoded(http: httpx.Client) -> None:
    first = http.get("/v1/blog/demo/post/", params={"limit": 3}).json()
    last = first["data"][-1]
    assert first["extra"]["offset"] == f"{last['sortOrder']}:{last['intId']}"
    raw = first["extra"]["offset"].replace(":", "%3A")
    second = http.get(f"/v1/blog/demo/post/?limit=3&offset={raw}").json()
    assert second["data"][0]["intId"] == last["intId"] - 1


@pytest.mark.usefixtures("fake_boosty")
def test_limit_is_capped_at_100_and_time_filters_apply(http: httpx.Client) -> None:
    assert len(http.get("/v1/blog/demo/post/", params={"limit": 500}).json()["data"]) == 100
    every = walk_posts(http, 100)[0]
    hi, lo = every[-30]["publishTime"], every[-11]["publishTime"]
    window, _ = walk_posts(http, 6, from_ts=lo, to_ts=hi)
    assert [p["id"] for p in window] == [p["id"] for p in every[-30:-10]]


def test_feed_and_media_album_use_the_same_cursor(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    auth = owner(fake_boosty, "subscriber")
    seen, offset = [], None
    for _ in range(50):
        params = {"limit": 40, **({"offset": offset} if offset else {})}
        body = http.get("/v1/feed/post/", params=params, headers=auth).json()
        seen += [p["id"] for p in body["data"]["posts"]]
        if body["extra"]["isLast"]:
            break
        offset = body["extra"]["offset"]
    assert len(seen) == len(set(seen)) == DEMO_POSTS + 30  # demo + cooking
    media, offset = [], None
    for _ in range(100):
        params = {"type": "video", "limit_by": "media", "limit": 4, **({"offset": offset} if offset else {})}
        body = http.get("/v1/blog/demo/media_album/", params=params).json()
        media += [m["id"] for item in body["data"]["mediaPosts"] for m in item["media"] if item["post"]["hasAccess"]]
        assert all(m["type"] == "ok_video" for item in body["data"]["mediaPosts"] for m in item["media"])
        if body["extra"]["isLast"]:
            break
        offset = body["extra"]["offset"]
    expected = {m.media_id for m in fake_boosty.world.media.values() if m.kind == "video"}
    free = {
        b["id"]
        for p in fake_boosty.posts("demo")
        if fake_boosty.post("demo", p["id"], user=None)["hasAccess"]
        for b in p["data"]
        if b["type"] == "ok_video"
    }
    assert set(media) == free and free < expected


def test_comments_page_by_intid_with_chronological_flags(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    post_id = fake_boosty.posts()[9]["id"]  # "Every block type": 45 comments with replies
    url = f"/v1/blog/demo/post/{post_id}/comment/"
    pages, offset, ids = [], None, []
    while True:
        body = http.get(url, params={"limit": 20, **({"offset": offset} if offset else {})}).json()
        pages.append(body["extra"])
        ids += [c["intId"] for c in body["data"]]
        if body["extra"]["isFirst"] and body["extra"]["isLast"]:
            break
        offset = body["data"][-1]["intId"]
    assert pages == [{"isFirst": True, "isLast": False}] * 2 + [{"isFirst": True, "isLast": True}]
    assert len(ids) == 45 and ids == sorted(ids)
    newest = http.get(url, params={"limit": 20, "order": "bottom"}).json()
    assert newest["extra"] == {"isFirst": False, "isLast": True}
    assert [c["intId"] for c in newest["data"]] == sorted(ids, reverse=True)[:20]


def test_replies_embed_with_reply_limit_and_page_with_parent_id(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    post_id = fake_boosty.posts()[9]["id"]
    url = f"/v1/blog/demo/post/{post_id}/comment/"
    root = http.get(url, params={"limit": 1, "reply_limit": 2}).json()["data"][0]
    assert root["replyCount"] == 3 and len(root["replies"]["data"]) == 2
    assert root["replies"]["extra"] == {"isFirst": True, "isLast": False}
    reply = root["replies"]["data"][0]
    assert (reply["parentId"], reply["replyId"]) == (root["intId"], root["intId"])
    assert reply["replyToUser"]["id"] == root["author"]["id"]
    replies = http.get(url, params={"parent_id": root["intId"], "limit": 2}).json()
    assert [r["intId"] for r in replies["data"]] == [r["intId"] for r in root["replies"]["data"]]
    rest = http.get(url, params={"parent_id": root["intId"], "limit": 2, "offset": replies["data"][-1]["intId"]})
    assert len(rest.json()["data"]) == 1 and rest.json()["extra"] == {"isFirst": True, "isLast": True}
    embedded = http.get(f"/v1/blog/demo/post/{post_id}", params={"comments_limit": 3, "reply_limit": 1}).json()
    assert len(embedded["comments"]["data"]) == 3
    assert all(len(c["replies"]["data"]) <= 1 for c in embedded["comments"]["data"])


def test_subscribers_page_with_top_level_total_limit_offset(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    auth = owner(fake_boosty)
    ids: list[int] = []
    offset, total = 0, None
    while True:
        body = http.get("/v1/blog/demo/subscribers", params={"limit": 10, "offset": offset}, headers=auth).json()
        # the real shape: the top-level offset is the next page's start, rows have no status
        assert "extra" not in body and (body["limit"], body["offset"]) == (10, offset + len(body["data"]))
        assert all("status" not in s and isinstance(s["subscribed"], bool) for s in body["data"])
        total = body["total"] if total is None else total
        assert body["total"] == total
        ids += [s["id"] for s in body["data"]]
        offset = body["offset"]
        if not body["data"] or offset >= total:
            break
    assert len(ids) == len(set(ids)) == total == 47
    on_times = [
        s["onTime"] for s in http.get("/v1/blog/demo/subscribers?limit=100&order=lt", headers=auth).json()["data"]
    ]
    assert on_times == sorted(on_times)
    prices = {s["price"] for s in http.get("/v1/blog/demo/subscribers?limit=100", headers=auth).json()["data"]}
    assert any(isinstance(p, float) and not p.is_integer() for p in prices)
    paid = http.get("/v1/blog/demo/subscribers", params={"level_ids": "1002"}, headers=auth).json()
    assert paid["total"] > 0 and {s["level"]["id"] for s in paid["data"]} == {1002}


def test_user_subscriptions_and_dialogs_and_messages(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    sub = owner(fake_boosty, "subscriber")
    paid = http.get("/v1/user/subscriptions", headers=sub).json()
    both = http.get("/v1/user/subscriptions", params={"with_follow": "true", "limit": 1}, headers=sub).json()
    assert (paid["total"], both["total"], both["limit"], len(both["data"])) == (1, 2, 1, 1)
    auth = owner(fake_boosty)
    first = http.get("/v1/dialog/", params={"limit": 2}, headers=auth).json()
    assert first["extra"]["offset"] == 2 and first["extra"]["total"] >= 4
    rest = http.get("/v1/dialog/", params={"limit": 100, "offset": 2}, headers=auth).json()
    assert len(first["data"]) + len(rest["data"]) == first["extra"]["total"]
    dialog = next(d for d in first["data"] + rest["data"] if d["chatmate"]["id"] == fake_boosty.user_id("subscriber"))
    url = f"/v1/dialog/{dialog['id']}/message/"
    seen, offset = [], None
    while True:
        body = http.get(url, params={"limit": 10, **({"offset": offset} if offset else {})}, headers=auth).json()
        seen += [m["id"] for m in body["data"]]
        assert body["extra"]["offset"] == body["data"][-1]["id"]
        if body["extra"]["isLast"]:
            break
        offset = body["extra"]["offset"]
    expected = [m.id for m in fake_boosty.world.messages.values() if m.dialog_id == dialog["id"]]
    assert seen == sorted(expected, reverse=True) and len(seen) >= 35


def test_int_offsets_and_string_cursors_of_smaller_lists(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    auth = owner(fake_boosty)
    show = http.get("/v1/blog/demo/showcase/", params={"limit": 2}).json()
    assert show["extra"]["offset"] == 2 and show["extra"]["isLast"] is False
    assert show["extra"]["counters"]["visibleTotal"] == 3
    assert len(http.get("/v1/blog/demo/showcase/", headers=auth).json()["data"]["showcaseItems"]) == 4
    bundle = next(iter(http.get("/v1/blog/demo/bundle/").json()["data"]["bundles"]))
    items = http.get(f"/v1/blog/demo/bundle/{bundle['id']}/post/", params={"limit": 3}).json()
    assert (len(items["data"]["bundleItems"]), items["extra"]["offset"]) == (3, 3)
    donations: list[int] = []
    offset = ""
    for _ in range(10):
        body = http.get("/v1/blog/demo/sales/donation/", params={"limit": 5, "offset": offset}, headers=auth).json()
        assert isinstance(body["extra"]["offset"], str)
        if not body["data"]["donationsSales"]:
            break
        donations += [d["id"] for d in body["data"]["donationsSales"]]
        offset = body["extra"]["offset"]
    assert len(donations) == body["extra"]["total"] == 12
    search = http.get(
        "/v1/search/blog/post/", params={"blog_url": "demo", "search_query": "release", "limit": 5}
    ).json()
    assert search["extra"] == {"isLast": False, "offset": "5"}
    assert all("release" in hit["post"]["title"].lower() for hit in search["data"]["searchPosts"])


@pytest.mark.parametrize("when", ["float", "datetime"])
def test_a_post_added_at_a_float_or_datetime_time_keeps_whole_seconds_and_a_valid_cursor(when: str) -> None:
    with FakeBoosty() as fake, httpx.Client(base_url=fake.base_url) as http:
        now = fake.now()  # a float
        for k in range(3):
            moment = now - 1_000.75 + k
            stamp = moment if when == "float" else dt.datetime.fromtimestamp(moment, dt.timezone.utc)
            fake.add_post("cooking", title=f"p{k}", publish_time=stamp)
        first = http.get("/v1/blog/cooking/post/", params={"limit": 2}).json()
        assert all(isinstance(p["publishTime"], int) for p in first["data"])
        assert first["data"][0]["publishTime"] == int(now - 1_000.75 + 2)
        second = http.get("/v1/blog/cooking/post/", params={"limit": 2, "offset": first["extra"]["offset"]})
        assert second.status_code == 200
        assert [p["title"] for p in second.json()["data"]][:1] == ["p0"]


def test_a_post_time_that_is_not_a_time_is_a_type_error() -> None:
    with FakeBoosty() as fake:
        before = len(fake.posts("cooking"))
        with pytest.raises(TypeError, match="unix seconds"):
            fake.add_post("cooking", publish_time="yesterday")  # type: ignore[arg-type]
        assert len(fake.posts("cooking")) == before


def test_a_post_moved_to_a_datetime_keeps_whole_seconds() -> None:
    with FakeBoosty() as fake:
        post = fake.add_post("cooking", title="moved")
        moment = dt.datetime(2026, 1, 2, 3, 4, 5, 600_000)  # naive: UTC
        changed = fake.update_post("cooking", post["id"], publish_time=moment)
        assert changed["publishTime"] == int(moment.replace(tzinfo=dt.timezone.utc).timestamp())

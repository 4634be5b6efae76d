"""Post endpoints over HTTP (respx): recorded responses, parameters, paging, search, media album."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, NotFound, Post, UnknownFieldWarning
from boosty.models import (
    DeferredAccess,
    MediaAlbumItem,
    OkVideoBlock,
    SearchBlogHit,
    SearchPostHit,
    SearchTagHit,
    UnknownBlock,
)

from ._data import collect, fixture_json
from .conftest import API, resolve

pytestmark = pytest.mark.anyio


async def test_posts_page_fixture(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/testblog/post/").respond(json=fixture_json("posts_page.json"))
        page = await resolve(client.posts("testblog", limit=2, comments_limit=0, reply_limit=0))
        assert await resolve(client.next(page)) is None
    assert route.call_count == 1
    assert dict(route.calls[0].request.url.params) == {"limit": "2", "comments_limit": "0", "reply_limit": "0"}
    assert page.is_last and page.offset is None and len(page) == 2
    one, two = page.items
    assert isinstance(one, Post)
    assert [p.title for p in page] == ["Post One", "Post Two"] and [p.int_id for p in page] == [100, 101]
    assert one.created_at == dt.datetime(2024, 3, 9, 16, 0, 1, tzinfo=dt.timezone.utc)
    assert [t.title for t in one.tags] == ["test tag 1"] and one.user is not None and one.user.name == "TestUser1"
    assert (two.count.likes, two.count.comments, two.count.reactions["heart"]) == (1, 1, 1)
    assert two.currency_prices == {"rub": Decimal(0), "usd": Decimal(0)} and two.data == [] and two.text == ""


async def test_single_post_with_every_block(client: Boosty | AsyncBoosty) -> None:
    body = fixture_json("post_single_with_media.json")
    with respx.mock(base_url=API) as mock:
        route = mock.get(f"/v1/blog/example_author/post/{body['id']}").respond(json=body)
        post = await resolve(client.post("example_author", body["id"], comments_limit=2))
    assert route.calls[0].request.url.params["comments_limit"] == "2"
    assert len(post.data) == 11 and isinstance(post.data[-1], UnknownBlock)
    video = post.data[8]
    assert isinstance(video, OkVideoBlock) and video.vid == "9000000000000" and len(video.player_urls) == 19
    by_quality = {q: [m.url for m in post.media_for(q) if m.kind == "video"] for q in ("highest", "low", "lowest")}
    assert by_quality == {
        "highest": ["https://video.example/medium.mp4?fake-sig"],
        "low": ["https://video.example/low.mp4?fake-sig"],
        "lowest": ["https://video.example/lowest.mp4?fake-sig"],
    }
    signed = [m.url for m in post.media if m.kind != "video"]
    assert signed == [
        "https://images.example/image/10000000-0000-4000-8000-000000000201?fake-signed-query",
        "https://cdn.example/file/10000000-0000-4000-8000-000000000301?fake-signed-query",
        "https://cdn.example/audio/10000000-0000-4000-8000-000000000500?fake-signed-query",
    ]
    md = post.to_markdown()
    assert md.startswith("Hello from the fixture post!\n\n![](https://images.example/image/")
    assert (
        "[fixture-archive.zip](https://cdn.example/file/10000000-0000-4000-8000-000000000301?fake-signed-query)" in md
    )


async def test_single_post_video_and_image(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/testblog/post/post001").respond(json=fixture_json("post_single_video_image.json"))
        post = await resolve(client.post("testblog", "post001"))
    assert (post.int_id, post.title, post.count.comments) == (777, "Test post", 5)
    assert [t.id for t in post.tags] == [12345, 1367800]
    media = post.media
    assert [(m.kind, m.external, m.url) for m in media] == [
        ("video", True, "https://example.com/video.mp4"),
        ("image", False, "https://example.com/image.jpg"),  # signedQuery is "": nothing appended
    ]
    # the ok_video has only an HLS manifest: not downloadable, but still linked by title
    assert post.to_markdown().endswith("OK Video Example")


async def test_unknown_post_not_found(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b/post/nope").respond(404, json={"error": "not_found"})
        with pytest.raises(NotFound):
            await resolve(client.post("b", "nope"))


async def test_odd_page_parses_with_warnings(client: Boosty | AsyncBoosty, mode: str) -> None:
    body = fixture_json("posts_page.json")
    first, second = body["data"]
    field = f"brandNewField{mode.title()}"  # once per (model, field) and process: unique per run
    first[field] = {"x": 1}
    first["title"] = None
    first["price"] = None
    first["data"] = [{"type": "hologram_message", "id": "h"}, {"type": "text", "content": '["hi","unstyled",[]]'}]
    second["price"] = 0.98
    second["currencyPrices"] = {"RUB": 0.98, "USD": 0.01}
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/testblog/post/").respond(json=body)
        with pytest.warns(UnknownFieldWarning, match=f"Post got an unknown field '{field}'"):
            page = await resolve(client.posts("testblog"))
    one, two = page.items
    assert one.title == "" and one.price == Decimal(0)
    assert isinstance(one.data[0], UnknownBlock) and one.data[0].type == "hologram_message" and one.text == "hi"
    assert two.price == Decimal("0.98") and two.currency_prices["USD"] == Decimal("0.01")


async def test_posts_parameters(client: Boosty | AsyncBoosty) -> None:
    since = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/a%20b/post/").respond(json={"data": [], "extra": {"isLast": True}})
        await resolve(
            client.posts(
                "a b",
                limit=5,
                offset="1706218263:5135881",
                from_ts=since,
                to_ts=1710000000,
                level_id=7,
                tags_ids=[1, 2],
                is_only_allowed=True,
            )
        )
    assert dict(route.calls[0].request.url.params) == {
        "limit": "5",
        "offset": "1706218263:5135881",
        "from_ts": "1704067200",
        "to_ts": "1710000000",
        "level_id": "7",
        "tags_ids": "1,2",
        "is_only_allowed": "true",
    }


def posts_server(n: int) -> Any:
    """A blog of ``n`` posts, newest first, cursor ``"<sortOrder>:<int_id>"`` as the API pages."""
    template = fixture_json("posts_page.json")["data"][0]
    posts = []
    for i in range(n, 0, -1):
        post = copy.deepcopy(template)
        post.update(id=f"post{i:04d}", int_id=i, title=f"Post {i}", sortOrder=1700000000 + i)
        posts.append(post)

    def handle(request: httpx.Request) -> httpx.Response:
        q = dict(request.url.params)
        limit = min(int(q.get("limit", "20")), 100)
        start = 0
        if "offset" in q:
            last = int(q["offset"].split(":")[1])
            start = next(k for k, p in enumerate(posts) if p["int_id"] == last) + 1
        chunk = posts[start : start + limit]
        done = start + limit >= len(posts)
        offset = "" if done else f"{chunk[-1]['sortOrder']}:{chunk[-1]['int_id']}"
        return httpx.Response(200, json={"data": chunk, "extra": {"isLast": done, "offset": offset}})

    return handle


async def test_iter_posts_walks_250_posts_once_in_order(client: Boosty | AsyncBoosty) -> None:
    # emulated with respx (the fake server over a real socket is tested with it separately)
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/demo/post/").mock(side_effect=posts_server(250))
        posts = await collect(client.iter_posts("demo", limit=100))
        assert [p.int_id for p in posts] == list(range(250, 0, -1))
        assert len({p.id for p in posts}) == 250
        assert route.call_count == 3
        assert [c.request.url.params.get("offset") for c in route.calls] == [None, "1700000151:151", "1700000051:51"]
        few = await collect(client.iter_posts("demo", limit=100, max_items=100))
        assert len(few) == 100 and route.call_count == 4


async def test_feed(client: Boosty | AsyncBoosty) -> None:
    body = {
        "data": {"posts": fixture_json("posts_page.json")["data"], "blogs": [], "counters": {}},
        "extra": {"isLast": True, "offset": "1:1"},
    }
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/feed/post/").respond(json=body)
        posts = await collect(client.iter_feed(limit=2, only_allowed=True))
    assert [p.title for p in posts] == ["Post One", "Post Two"]
    assert dict(route.calls[0].request.url.params) == {"limit": "2", "only_allowed": "true"}


async def test_media_album(client: Boosty | AsyncBoosty) -> None:
    item = {
        "post": {"id": "p4", "title": "With media", "hasAccess": True, "price": 0, "signedQuery": "?sq", "teaser": []},
        "media": [fixture_json("post_single_with_media.json")["data"][6]],
    }
    pages = [
        {"data": {"mediaPosts": [item]}, "extra": {"offset": "1750000000:1234567", "isLast": False}},
        {"data": {"mediaPosts": [item]}, "extra": {"offset": "1740000000:7", "isLast": True}},
    ]
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/media_album/").mock(side_effect=[httpx.Response(200, json=p) for p in pages])
        items = await collect(client.iter_media_album("b", "image", limit=1))
        with pytest.raises(ValueError, match="type"):
            client.media_album("b", "ok_video")
    assert route.call_count == 2
    assert dict(route.calls[1].request.url.params) == {
        "type": "image",
        "limit_by": "media",
        "limit": "1",
        "offset": "1750000000:1234567",
    }
    assert isinstance(items[0], MediaAlbumItem) and items[0].post.title == "With media"
    assert [m.url for m in items[0].media_for()] == [
        "https://images.example/image/10000000-0000-4000-8000-000000000201?sq"
    ]


async def test_deferred_access(client: Boosty | AsyncBoosty) -> None:
    body = {"data": {"isCommentsDenied": False, "price": 300, "applyTime": 1760000000, "post": {"id": "p1"}}}
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b/post/p1/deferred_access").respond(json=body)
        access = await resolve(client.post_deferred_access("b", "p1"))
    assert isinstance(access, DeferredAccess) and access.price == Decimal(300) and access.post_id == "p1"


async def test_search_posts_feed_and_blog(client: Boosty | AsyncBoosty) -> None:
    hit = {
        "post": fixture_json("posts_page.json")["data"][0],
        "blog": {"blogUrl": "testblog", "title": "T"},
        "rank": 0.5,
        "headline": {"title": "<b>Post</b> One", "teaser": "", "data": "", "tags": ""},
    }
    body = {"data": {"searchPosts": [hit], "blogs": []}, "extra": {"isLast": True, "offset": "x"}}
    with respx.mock(base_url=API) as mock:
        feed = mock.get("/v1/search/feed/post/").respond(json=body)
        blog = mock.get("/v1/search/blog/post/").respond(json=body)
        page = await resolve(client.search_posts("post", tags_ids=[3]))
        hits = await collect(client.iter_search_posts("post", blog="testblog", has_image=True, limit=5))
    assert isinstance(page.items[0], SearchPostHit) and page.items[0].post.int_id == 100
    assert dict(feed.calls[0].request.url.params) == {"search_query": "post", "limit": "20", "tags_ids": "3"}
    assert dict(blog.calls[0].request.url.params) == {
        "search_query": "post",
        "limit": "5",
        "blog_url": "testblog",
        "has_image": "true",
    }
    assert hits[0].headline is not None and hits[0].headline.title == "<b>Post</b> One"


async def test_search_blogs_and_tags(client: Boosty | AsyncBoosty) -> None:
    blogs = {
        "data": {"searchBlogs": [{"rank": 1.5, "blog": {"blogUrl": "x", "title": "X"}}]},
        "extra": {"isLast": True},
    }
    tags = {"data": {"searchTags": [{"rank": 2, "tag": {"id": 5, "title": "art"}}]}, "extra": {"isLast": True}}
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/search/blog/", params={"search_query": "x"}).respond(json=blogs)
        mock.get("/v1/search/feed/tag/").respond(json=tags)
        found = await resolve(client.search_blogs("x"))
        tag_hits = await collect(client.iter_search_tags("ar", limit=3))
    assert isinstance(found.items[0], SearchBlogHit) and found.items[0].blog is not None
    assert found.items[0].blog.blog_url == "x"
    assert isinstance(tag_hits[0], SearchTagHit) and tag_hits[0].tag.title == "art" and tag_hits[0].rank == 2

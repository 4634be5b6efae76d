"""Showcase and bundles: recorded responses through the client, exact URLs, cursor paging."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, Post
from boosty.models import Bundle, BundleItem, ShowcaseItem

from ._data import collect, fixture_json
from .conftest import API, resolve

pytestmark = pytest.mark.anyio

UTC = dt.timezone.utc


async def test_recorded_showcase(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/blog/testblog/showcase/").respond(json=fixture_json("showcase.json"))
        page = await resolve(client.showcase("testblog", limit=10, only_visible=True))
    url = route.calls.last.request.url
    assert url.path == "/v1/blog/testblog/showcase/"
    assert dict(url.params) == {"limit": "10", "only_visible": "true"}
    assert page.is_last and len(page) == 1
    item = page[0]
    assert isinstance(item, ShowcaseItem)
    assert item.showcase_item_id == 1 and item.item_type == "post" and item.item_id == "123"
    assert item.is_visible and item.position == 1 and item.bundle is None
    assert isinstance(item.post, Post) and item.post.title == "Post Two" and item.post.int_id == 101
    assert item.post.count.likes == 1 and [t.title for t in item.post.tags] == ["test tag 2"]
    assert page.extra["counters"] == {"visibleTotal": 1, "visiblePostsCount": 1, "visibleBundlesCount": 0}
    assert page.extra["isEnabled"] is True and page.extra["blogId"] == 10


async def test_recorded_bundles(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/blog/testblog/bundle/").respond(json=fixture_json("bundles.json"))
        bundles = await resolve(client.bundles("testblog"))
    assert route.calls.last.request.url.path == "/v1/blog/testblog/bundle/"
    assert [b.id for b in bundles] == ["bundle-001", "bundle-002"]
    one, two = bundles
    assert isinstance(one, Bundle)
    assert one.price == Decimal(500) and one.currency_prices == {"rub": Decimal(500), "usd": Decimal(5)}
    assert one.has_access and not one.hidden and two.hidden and not two.has_access
    assert one.published_at == dt.datetime.fromtimestamp(1710000500, UTC) and one.deleted_at is None
    assert one.published_posts_counter == 10 and one.accessible_posts_counter == 8
    assert one.sorting == "date_desc" and two.sorting == "date_asc"
    assert [(c.type, c.count, c.size) for c in one.content_counters] == [
        ("image", 5, 1048576),
        ("video", 3, 10485760),
        ("text", 2, 2048),
    ]
    assert one.thumbnail is not None and one.thumbnail.width == 800 and one.thumbnail.rendition == "original"


async def test_one_bundle(client: Boosty | AsyncBoosty) -> None:
    body = fixture_json("bundles.json")["data"]["bundles"][1]
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/bundle/bundle-002").respond(json=body)
        bundle = await resolve(client.bundle("b", "bundle-002"))
    assert route.calls.last.request.url.path == "/v1/blog/b/bundle/bundle-002"
    assert bundle.id == "bundle-002" and bundle.price == Decimal(1000)


async def test_recorded_bundle_posts(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get("/v1/blog/testblog/bundle/bundle-001/post/").respond(json=fixture_json("bundle_items.json"))
        page = await resolve(client.bundle_posts("testblog", "bundle-001", limit=12, full_data=True))
    url = route.calls.last.request.url
    assert url.path == "/v1/blog/testblog/bundle/bundle-001/post/"
    assert dict(url.params) == {"limit": "12", "full_data": "true"}
    assert page.is_last and len(page) == 2
    first, second = page.items
    assert isinstance(first, BundleItem) and isinstance(first, Post)
    assert first.title == "Bundle Post One" and first.int_id == 100 and first.position == 1
    assert second.position == 2 and second.price == Decimal(100)
    assert first.bundle_id == "bundle-001" and first.bundle_ids == ["bundle-001"] and first.post_id == first.id
    assert not first.is_draft and first.change == ""
    assert [(r.type, r.count) for r in first.reaction_counters] == [("like", 3)]
    assert [b.id for b in first.bundles] == ["bundle-001"] and first.bundles[0].thumbnail is not None
    assert first.user is not None and first.user.blog_url == "testblog"


def _cursor_pages(pages: list[list[dict[str, Any]]]) -> Any:
    """Pages at integer offsets 0, 1, 2...; ``extra.offset`` is the next page's, ``isLast`` on the last."""

    def respond(request: httpx.Request) -> httpx.Response:
        index = int(request.url.params.get("offset", "0"))
        last = index >= len(pages) - 1
        body = {"data": {"bundleItems": pages[index]}, "extra": {"isLast": last, "offset": index + 1}}
        return httpx.Response(200, json=body)

    return respond


async def test_bundle_posts_walk(client: Boosty | AsyncBoosty) -> None:
    pages = [[{"id": "a", "intId": 1, "position": 1}, {"id": "b", "intId": 2, "position": 2}]]
    pages += [[{"id": "c", "intId": 3, "position": 3}]]
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/bundle/x/post/").mock(side_effect=_cursor_pages(pages))
        items = await collect(client.iter_bundle_posts("b", "x", limit=2))
    assert [i.id for i in items] == ["a", "b", "c"] and route.call_count == 2
    assert route.calls.last.request.url.params["offset"] == "1"


async def test_showcase_walk_stops_on_a_cursor_that_does_not_advance(client: Boosty | AsyncBoosty) -> None:
    item = {"showcaseItemId": 1, "itemType": "post", "itemId": "p"}

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": {"showcaseItems": [item]}, "extra": {"isLast": False, "offset": 5}})

    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/showcase/").mock(side_effect=respond)
        items = await collect(client.iter_showcase("b"))
    assert len(items) == 2 and route.call_count == 2  # offset 5 asked once, answered 5 again: stop

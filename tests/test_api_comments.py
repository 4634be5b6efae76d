"""Comment endpoints over HTTP (respx): recorded responses and the comment paging scheme."""

from __future__ import annotations

import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, Comment, Forbidden

from ._data import collect, fixture_json
from .conftest import API, resolve

pytestmark = pytest.mark.anyio

PATH = "/v1/blog/b/post/p1/comment/"


async def test_comments_page_fixture_and_next_page(client: Boosty | AsyncBoosty) -> None:
    last_page = {"data": [fixture_json("comment_created.json")], "extra": {"isFirst": True, "isLast": True}}
    with respx.mock(base_url=API) as mock:
        route = mock.get(PATH).mock(
            side_effect=[
                httpx.Response(200, json=fixture_json("comments_page.json")),
                httpx.Response(200, json=last_page),
            ]
        )
        page = await resolve(client.comments("b", "p1", limit=2, reply_limit=1, order="top"))
        assert [c.int_id for c in page] == [1000, 1001] and [c.text for c in page] == ["Comment 1", "Comment 2"]
        assert not page.is_last and page.offset == 1001  # isFirst true, isLast false: more follow
        first = page.items[0]
        assert first.author is not None and first.author.name == "User_A" and first.reply_count == 1
        assert first.replies is None and first.reactions["like"] == 1 and first.reaction_counters[0].count == 1
        nxt = await resolve(client.next(page))
        assert nxt is not None and nxt.is_last
        (created,) = nxt.items
        assert isinstance(created, Comment) and created.int_id == 10091879 and created.to_markdown() == "test comment"
        assert await resolve(client.next(nxt)) is None
    assert route.call_count == 2
    assert dict(route.calls[0].request.url.params) == {"limit": "2", "reply_limit": "1", "order": "top"}
    assert dict(route.calls[1].request.url.params) == {
        "limit": "2",
        "reply_limit": "1",
        "order": "top",
        "offset": "1001",
    }


async def test_iter_comments_over_three_pages(client: Boosty | AsyncBoosty) -> None:
    template = fixture_json("comment_created.json")

    def handle(request: httpx.Request) -> httpx.Response:
        after = int(request.url.params.get("offset", "0"))
        ids = [i for i in range(1, 6) if i > after][:2]
        data = [dict(template, id=f"c{i}", intId=i) for i in ids]
        return httpx.Response(200, json={"data": data, "extra": {"isFirst": True, "isLast": ids[-1] == 5}})

    with respx.mock(base_url=API) as mock:
        route = mock.get(PATH).mock(side_effect=handle)
        comments = await collect(client.iter_comments("b", "p1", limit=2))
        assert [c.int_id for c in comments] == [1, 2, 3, 4, 5]
        assert route.call_count == 3
        capped = await collect(client.iter_comments("b", "p1", limit=2, max_items=3))
        assert len(capped) == 3 and route.call_count == 5


async def test_comment_replies(client: Boosty | AsyncBoosty) -> None:
    reply = dict(fixture_json("comment_created.json"), intId=10091880, parentId=10091879, replyId=10091879)
    body = {"data": [reply], "extra": {"isFirst": True, "isLast": True}}
    with respx.mock(base_url=API) as mock:
        route = mock.get(PATH).respond(json=body)
        replies = await collect(client.iter_comment_replies("b", "p1", 10091879, limit=10))
    assert [(r.int_id, r.parent_id) for r in replies] == [(10091880, 10091879)]
    assert dict(route.calls[0].request.url.params) == {"parent_id": "10091879", "limit": "10"}


async def test_comments_forbidden(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get(PATH).respond(403, json={"error": "forbidden"})
        with pytest.raises(Forbidden):
            await resolve(client.comments("b", "p1"))


async def test_null_counts_and_objects_read_as_their_defaults(client: Boosty | AsyncBoosty) -> None:
    # a null count or nested object must not cost the whole comment (or post)
    comment = dict(fixture_json("comment_created.json"), replyCount=None, post=None)
    comment["author"] = dict(comment["author"], nickColor=None)
    with respx.mock(base_url=API) as mock:
        mock.get(PATH).respond(json={"data": [comment], "extra": {"isFirst": True, "isLast": True}})
        page = await resolve(client.comments("b", "p1"))
        post = dict(fixture_json("post_single_with_media.json"), count=None, price=None)
        mock.get("/v1/blog/b/post/p1").respond(json=post)
        single = await resolve(client.post("b", "p1"))
    (read,) = page.items
    assert page.skipped == [] and read.reply_count == 0 and read.post is None and read.text == "test comment"
    assert single.count.likes == 0 and single.count.reactions == {} and single.price == 0

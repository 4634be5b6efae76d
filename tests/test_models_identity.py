"""Identity fields are required: a listed item without one is skipped with a ParseWarning (and
kept raw in ``Page.skipped``); a single object without one raises ParseError. Both modes."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import respx

from boosty import AsyncBoosty, Boosty, ParseError, ParseWarning
from boosty._model.converter import structure
from boosty.models import Blog, Comment, MediaAlbumItem, Post, User

from ._data import fixture_json
from .conftest import API, resolve

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("missing", ["id", "int_id"])
async def test_a_listed_post_without_an_identity_field_is_skipped(client: Boosty | AsyncBoosty, missing: str) -> None:
    body = fixture_json("posts_page.json")
    bad = body["data"][0]
    bad.pop(missing)
    if missing == "int_id":
        bad.pop("intId", None)  # the second spelling would stand in for it
    kept = [raw["id"] for raw in body["data"][1:]]
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/testblog/post/").respond(json=body)
        with pytest.warns(ParseWarning, match=rf"data\[0\].*{missing}"):
            page = await resolve(client.posts("testblog"))
    assert [post.id for post in page.items] == kept
    assert page.skipped == [bad]


async def test_a_listed_comment_without_int_id_is_skipped(client: Boosty | AsyncBoosty) -> None:
    body = fixture_json("comments_page.json")
    del body["data"][-1]["intId"]
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b/post/p/comment/").respond(json=body)
        with pytest.warns(ParseWarning, match="intId"):
            page = await resolve(client.comments("b", "p"))
    assert len(page.items) == len(body["data"]) - 1
    assert all(isinstance(comment.int_id, int) for comment in page.items)


async def test_a_single_post_without_int_id_raises_parse_error(client: Boosty | AsyncBoosty) -> None:
    body = fixture_json("post_single_with_media.json")
    body.pop("int_id", None)
    body.pop("intId", None)
    with respx.mock(base_url=API) as mock:
        mock.get(url__regex=r"/v1/blog/b/post/[^/]+/?$").respond(json=body)
        with pytest.raises(ParseError, match="int_id"):
            await resolve(client.post("b", "p"))


async def test_a_blog_without_blog_url_raises_parse_error(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").respond(json={"title": "no slug"})
        with pytest.raises(ParseError, match="blogUrl"):
            await resolve(client.blog("b"))


@pytest.mark.parametrize(
    ("cls", "raw", "path"),
    [
        (Post, {"id": "p"}, "int_id"),
        (Post, {"intId": 1}, "id"),
        (Post, {"id": None, "intId": 1}, "id"),
        (Blog, {"blogUrl": None, "title": "null slug"}, "blog_url"),
        (Comment, {"id": "c"}, "int_id"),
        (User, {"name": "no id"}, "id"),
        (User, {"id": None, "name": "null id"}, "id"),
        (MediaAlbumItem, {"media": []}, "post"),
    ],
)
def test_a_missing_identity_is_a_parse_error_naming_it(cls: type[Any], raw: dict[str, Any], path: str) -> None:
    with pytest.raises(ParseError) as info:
        structure(copy.deepcopy(raw), cls)
    assert info.value.path == path


def test_the_spelling_int_id_and_intid_both_satisfy_post() -> None:
    assert structure({"id": "p", "int_id": 5}, Post).int_id == 5
    assert structure({"id": "p", "intId": 6}, Post).int_id == 6

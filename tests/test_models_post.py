"""Post and comment models: tolerant reading, helpers, round trips."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest

from boosty import Comment, Post, UnknownFieldWarning, to_dict
from boosty._model.converter import structure
from boosty.models import MediaAlbumItem, SearchPostHit

from ._data import fixture_json


def test_single_post_fields() -> None:
    post = structure(fixture_json("post_single_with_media.json"), Post)
    assert post.id == "00000000-0000-4000-8000-000000000001" and post.int_id == 101
    assert post.title == "Fixture post with every content type"
    assert post.created_at == dt.datetime(2025, 6, 15, 15, 6, 40, tzinfo=dt.timezone.utc)
    assert post.updated_at is not None and post.updated_at.tzinfo is dt.timezone.utc
    assert post.price == Decimal(0) and post.currency_prices == {"EUR": 0, "RUB": 0, "USD": 0}
    assert post.user is not None and post.user.blog_url == "example_author" and post.user.id == 424242
    assert post.frame is not None and post.frame.previous is None
    assert post.frame.next is not None and post.frame.next.title == "Trying audio"
    assert post.comments is not None and post.comments.extra.is_first and post.comments.data == []
    assert [c.type for c in post.content_counters] == ["file", "text", "image", "ok_video"]
    assert post.url == "https://boosty.to/example_author/posts/00000000-0000-4000-8000-000000000001"
    assert (
        repr(post)
        == "Post(id='00000000-0000-4000-8000-000000000001', int_id=101, title='Fixture post with every content type')"
    )


def test_post_text_markdown_and_media() -> None:
    post = structure(fixture_json("post_single_with_media.json"), Post)
    assert post.text == "Hello from the fixture post!"
    md = post.to_markdown(title=True)
    assert md.startswith("# Fixture post with every content type\n\nHello from the fixture post!\n\n")
    assert "[Fixture video](https://video.example/medium.mp4?fake-sig)" in md  # highest available
    assert [m.kind for m in post.media] == ["image", "file", "video", "audio"]
    assert post.media[0].url.endswith("?fake-signed-query")
    assert [m.url for m in post.media_for("low") if m.kind == "video"] == ["https://video.example/low.mp4?fake-sig"]
    with pytest.raises(ValueError):
        post.media_for("4k")


@pytest.mark.parametrize("spelling", ["int_id", "intId"])
def test_either_int_id_spelling(spelling: str) -> None:
    assert structure({"id": "p", spelling: 42}, Post).int_id == 42
    assert structure({"id": "c", spelling: 43}, Comment).int_id == 43


def test_null_title_and_price_fractional_prices() -> None:
    post = structure(
        {"id": "p", "intId": 1, "title": None, "price": None, "currencyPrices": {"RUB": 0.98, "USD": None}}, Post
    )
    assert post.title == "" and post.price == Decimal(0)
    assert post.currency_prices == {"RUB": Decimal("0.98"), "USD": Decimal(0)}
    assert structure({"id": "p", "intId": 1, "price": 0.98}, Post).price == Decimal("0.98")


def test_unknown_post_field_warns_once_and_is_dropped() -> None:
    raw = {"id": "p", "intId": 1, "title": "T", "hologramCount": 3}
    with pytest.warns(UnknownFieldWarning, match="Post got an unknown field 'hologramCount'"):
        post = structure(raw, Post)
    assert post.title == "T"
    structure(raw, Post)  # reported once: no second warning under -W error


def test_round_trip_of_every_fixture_post_and_comment() -> None:
    posts = [fixture_json("post_single_with_media.json"), fixture_json("post_single_video_image.json")]
    posts += fixture_json("posts_page.json")["data"]
    for raw in posts:
        post = structure(copy.deepcopy(raw), Post)
        assert structure(to_dict(post), Post) == post
    comments = fixture_json("comments_page.json")["data"] + [fixture_json("comment_created.json")]
    for raw in comments:
        comment = structure(raw, Comment)
        assert structure(to_dict(comment), Comment) == comment


def test_comment_with_embedded_replies() -> None:
    raw = fixture_json("comment_created.json")
    reply = dict(raw, id="r1", intId=10091880, parentId=10091879, replyId=10091879)
    reply["replyToUser"] = {"id": 40118268, "name": "user1", "hasAvatar": True, "avatarUrl": ""}
    raw = dict(raw, replies={"data": [reply], "extra": {"isFirst": True, "isLast": True}}, replyCount=1)
    comment = structure(raw, Comment)
    assert comment.replies is not None and comment.replies.extra.is_last
    (child,) = comment.replies.data
    assert (child.parent_id, child.reply_id) == (10091879, 10091879)
    assert child.reply_to_user is not None and child.reply_to_user.name == "user1"
    assert child.text == "test comment" and comment.to_markdown() == "test comment"
    assert len(comment.reaction_counters) == 34


def test_media_album_item_and_search_hit() -> None:
    item = structure(
        {
            "post": {
                "id": "p4",
                "title": "Post with media",
                "hasAccess": True,
                "price": 0,
                "publishTime": 1750000000,
                "signedQuery": "?sq",
                "teaser": [],
                "subscriptionLevelId": 2990988,
            },
            "media": [{"type": "image", "id": "i", "url": "https://images.example/i", "width": 800, "height": 600}],
        },
        MediaAlbumItem,
    )
    assert item.post.subscription_level_id == 2990988
    assert [m.url for m in item.media_for()] == ["https://images.example/i?sq"]
    hit = structure(
        {
            "post": {"id": "p", "intId": 7, "title": "found"},
            "blog": {"blogUrl": "b", "title": "B"},
            "rank": 0.9,
            "headline": {"title": "<b>found</b>", "teaser": "", "data": "", "tags": ""},
        },
        SearchPostHit,
    )
    assert hit.post.title == "found" and hit.blog is not None and hit.blog.blog_url == "b" and hit.rank == 0.9
    assert hit.headline is not None and hit.headline.title == "<b>found</b>"

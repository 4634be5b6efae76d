"""Round trip: the Markdown ``post.to_markdown()`` gives, parsed by ``Content.from_markdown``,
posted to the fake and read back, gives the same Markdown (generated documents, recorded
posts and the fake's seeded posts)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boosty import Post
from boosty._model.compose import Content
from boosty._model.converter import structure
from boosty.models import MediaItem
from boosty.testing import FakeBoosty

from ._data import fixture_json
from .conftest import resolve

JSON = dict[str, Any]
PLAIN = "abcxyzAZ09 éж😀*_[]<>#-!\\&~.()`|+=:;'\""
SAFE = "abcxyzAZ09 éж😀"
URLS = ["https://example.com/", "https://example.com/a?b=c&d=1", "http://x.example/path_(1)"]
STYLES = [0, 2, 4]


def bare(item: MediaItem) -> str:
    """A media link without its signed query (it changes on every read)."""
    return item.url.split("?")[0]


def as_markdown(post: Post) -> str:
    return post.to_markdown(url_for=bare)


def visual(post: Post) -> list[str]:
    return [b.type for b in post.data if b.type in ("image", "video")]


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@st.composite
def run(draw: st.DrawFn) -> tuple[str, list[int], str | None]:
    styles = draw(st.lists(st.sampled_from(STYLES), unique=True, max_size=3))
    url = draw(st.none() | st.sampled_from(URLS))
    alphabet = SAFE if styles or url else PLAIN
    text = draw(st.text(alphabet, min_size=1, max_size=10).map(str.strip).filter(bool))
    return text, styles, url


def paragraph(runs: list[tuple[str, list[int], str | None]], kind: str = "text", style: str = "unstyled") -> list[JSON]:
    blocks: list[JSON] = []
    offset = 0
    for i, (text, styles, url) in enumerate(runs):
        shown = text if i == 0 else " " + text
        start = offset + (0 if i == 0 else 1)
        ranges = [[s, start, units(text)] for s in styles]
        content = json.dumps([shown, style, ranges], ensure_ascii=False)
        if url and kind == "text":
            blocks.append({"type": "link", "content": content, "url": url, "explicit": False})
        else:
            blocks.append({"type": kind, "content": content, "modificator": ""})
        offset += units(shown)
    return blocks


END = {"type": "text", "content": "", "modificator": "BLOCK_END"}


@st.composite
def document(draw: st.DrawFn) -> list[JSON]:
    blocks: list[JSON] = []
    kinds = draw(st.lists(st.sampled_from(["p", "h", "list"]), min_size=1, max_size=5))
    # Two lists in a row are one list in Markdown (a limit of the format, not of the code):
    # a paragraph goes between them.
    kinds = [
        k for i, k in enumerate(kinds) for k in (["p", k] if k == "list" and kinds[i - 1 : i] == ["list"] else [k])
    ]
    for kind in kinds:
        if kind == "p":
            blocks += [*paragraph(draw(st.lists(run(), min_size=1, max_size=4))), END]
        elif kind == "h":
            level = draw(st.integers(1, 6))
            names = ["one", "two", "three", "four", "five", "six"]
            text = draw(st.text(PLAIN, min_size=1, max_size=12).map(str.strip).filter(bool))
            blocks += [*paragraph([(text, [], None)], "header", f"header-{names[level - 1]}"), END]
        else:
            items = draw(st.lists(st.lists(run(), min_size=1, max_size=2), min_size=1, max_size=3))
            nested = draw(st.lists(st.lists(run(), min_size=1, max_size=2), max_size=2))
            entries = [{"data": paragraph(item), "items": []} for item in items]
            entries[0]["items"] = [{"data": paragraph(item), "items": []} for item in nested]
            blocks.append({"type": "list", "style": draw(st.sampled_from(["ordered", "unordered"])), "items": entries})
    return blocks


def published(client: Any, markdown: str) -> Post:
    created = client.post_create("demo", "Round trip", Content.from_markdown(markdown))
    post: Post = client.post("demo", created.id)
    return post


def test_generated_documents_round_trip(fake_boosty: FakeBoosty) -> None:
    with fake_boosty.client("owner") as client:

        @settings(
            max_examples=40,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        )
        @given(document())
        def check(blocks: list[JSON]) -> None:
            md = as_markdown(structure({"id": "g", "intId": 1, "data": blocks}, Post))
            if not md.strip():
                return
            assert as_markdown(published(client, md)) == md

        check()


def recorded_posts() -> list[tuple[str, Post]]:
    posts = [
        structure(fixture_json(name), Post) for name in ("post_single_with_media.json", "post_single_video_image.json")
    ]
    posts += [structure(item, Post) for item in fixture_json("posts_page.json")["data"]]
    return [(f"{p.title or p.id}", p) for p in posts if p.data]


@pytest.mark.parametrize("post", [p for _, p in recorded_posts()], ids=[name for name, _ in recorded_posts()])
def test_recorded_posts_round_trip(fake_boosty: FakeBoosty, post: Post) -> None:
    md = as_markdown(post)
    with fake_boosty.client("owner") as client:
        assert as_markdown(published(client, md)) == md


@pytest.mark.anyio
async def test_seeded_posts_round_trip(fake_boosty: FakeBoosty, mode: str) -> None:
    async with fake_boosty.client("owner", asynchronous=mode == "async") as client:
        seeded = (await resolve(client.posts("demo", limit=20))).items
        assert len(seeded) >= 10
        for post in seeded:
            md = as_markdown(post)
            created = await resolve(client.post_create("demo", post.title, Content.from_markdown(md)))
            again = await resolve(client.post("demo", created.id))
            assert as_markdown(again) == md, post.title
            assert visual(again) == visual(post), post.title  # images and videos stay what they were

"""Replay mode: the recorded responses served by the fake, media moved to the fake's origin."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from boosty import AsyncBoosty, Boosty
from boosty.testing import FakeBoosty
from boosty.testing.replay import packaged_fixtures

from ._data import collect

PACKAGED = {p.name: p.read_bytes() for p in packaged_fixtures().iterdir() if p.name.endswith(".json")}
PLAIN = {
    "comments_page.json": "/v1/blog/recorded/post/any/comment/",
    "subscription_levels.json": "/v1/blog/recorded/subscription_level/",
    "targets.json": "/v1/target/recorded/",
    "showcase.json": "/v1/blog/recorded/showcase/",
    "bundles.json": "/v1/blog/recorded/bundle/",
    "bundle_items.json": "/v1/blog/recorded/bundle/bundle-001/post/",
    "subscribers.json": "/v1/blog/recorded/subscribers",
    "subscriptions.json": "/v1/user/subscriptions",
    "dialogs.json": "/v1/dialog/",
    "dialog_messages.json": "/v1/dialog/3323943/message/",
    "post_single_video_image.json": "/v1/blog/recorded/post/post001",
}
MEDIA_POST = "/v1/blog/recorded/post/00000000-0000-4000-8000-000000000001"
MEDIA_POST_ID = "00000000-0000-4000-8000-000000000001"
LIST = "/v1/blog/recorded/post/"


@pytest.fixture(scope="module")
def replaying() -> Iterator[FakeBoosty]:
    with FakeBoosty(replay=True) as fake:
        yield fake


@pytest.fixture(scope="module")
def verbatim() -> Iterator[FakeBoosty]:
    with FakeBoosty(replay=True, rewrite_media=False) as fake:
        yield fake


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        yield client


def get(http: httpx.Client, fake: FakeBoosty, path: str, method: str = "GET") -> httpx.Response:
    token = fake.issue_tokens("owner")["access_token"]
    return http.request(method, fake.base_url + path, headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize(("name", "path"), sorted(PLAIN.items()))
def test_verbatim_replay_serves_the_recorded_bytes(
    http: httpx.Client, verbatim: FakeBoosty, name: str, path: str
) -> None:
    response = get(http, verbatim, path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == PACKAGED[name]


def test_recorded_post_list_is_the_single_posts_then_the_recorded_page(
    http: httpx.Client, verbatim: FakeBoosty
) -> None:
    singles = [json.loads(PACKAGED[n]) for n in ("post_single_with_media.json", "post_single_video_image.json")]
    first = get(http, verbatim, LIST)
    assert first.status_code == 200 and first.headers["content-type"] == "application/json"
    assert first.json() == {"data": singles, "extra": {"offset": "1710001234:777", "isLast": False}}
    rest = get(http, verbatim, f"{LIST}?offset=1710001234%3A777")
    assert rest.status_code == 200 and rest.headers["content-type"] == "application/json"
    assert rest.content == PACKAGED["posts_page.json"]  # the recording itself, byte for byte
    one = get(http, verbatim, f"{LIST}?limit=1").json()
    assert one == {"data": singles[:1], "extra": {"offset": "1767499341:101", "isLast": False}}
    two = get(http, verbatim, f"{LIST}?limit=1&offset={one['extra']['offset']}").json()
    assert two == {"data": singles[1:], "extra": {"offset": "1710001234:777", "isLast": False}}
    assert get(http, verbatim, f"{LIST}?offset=not-a-cursor").content == PACKAGED["posts_page.json"]
    bad = get(http, verbatim, f"{LIST}?limit=0")
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_param"


@pytest.mark.anyio
async def test_recorded_posts_with_media_are_listed_and_download(replaying: FakeBoosty, mode: str) -> None:
    client: Boosty | AsyncBoosty = replaying.client(asynchronous=mode == "async")
    async with client:
        posts = await collect(client.iter_posts("recorded", limit=1))
    assert [p.id for p in posts] == [MEDIA_POST_ID, "post001", "post001", "post002"]
    media = posts[0].media
    assert {m.kind for m in media} == {"image", "file", "audio", "video"}
    assert all(m.url.startswith(replaying.media_url + "/") for m in media)
    image = next(m for m in media if m.kind == "image")
    async with httpx.AsyncClient() as media_client:
        response = await media_client.get(image.url)
    assert response.status_code == 200 and response.content == replaying.media_bytes(image.id)
    assert [b.type for b in posts[1].data if b.type == "image"] == ["image"]  # the single post001, not the page's


def test_recorded_writes_and_misses(http: httpx.Client, replaying: FakeBoosty) -> None:
    created = get(http, replaying, "/v1/blog/recorded/post/x/comment/", "POST")
    assert created.content == PACKAGED["comment_created.json"]
    assert get(http, replaying, "/v1/blog/recorded/post/unknown").status_code == 404
    assert http.get(replaying.base_url + "/v1/user/subscriptions").status_code == 401
    assert get(http, replaying, "/v1/blog/recorded").json()["blogUrl"] == "recorded"
    assert get(http, replaying, "/v1/blog/demo/post/?limit=1").json()["data"][0]["title"]  # the world still answers


def strip_media(value: Any) -> Any:
    """The body with media URLs and signatures blanked (what replay rewrites)."""
    if isinstance(value, dict):
        out = {k: strip_media(v) for k, v in value.items()}
        if value.get("type") in ("image", "file", "audio_file") and "url" in value:
            out["url"] = "*"
        if value.get("signedQuery"):
            out["signedQuery"] = "*"
        if value.get("type") == "ok_video" and "playerUrls" in value:
            out["playerUrls"] = [{**p, "url": "*" if p["url"] else ""} for p in value["playerUrls"]]
        return out
    if isinstance(value, list):
        return [strip_media(v) for v in value]
    return value


def test_rewritten_post_equals_the_recording_but_for_media_urls(http: httpx.Client, replaying: FakeBoosty) -> None:
    body = get(http, replaying, MEDIA_POST).json()
    assert strip_media(body) == strip_media(json.loads(PACKAGED["post_single_with_media.json"]))
    urls = [b["url"] for b in body["data"] if b["type"] in ("image", "file", "audio_file")]
    urls += [p["url"] for b in body["data"] if b["type"] == "ok_video" for p in b["playerUrls"] if p["url"]]
    assert urls and all(u.startswith(replaying.media_url + "/") for u in urls)
    assert body["signedQuery"].startswith("?scope=")


def test_recorded_media_downloads_offline_with_recorded_sizes(http: httpx.Client, replaying: FakeBoosty) -> None:
    body = get(http, replaying, MEDIA_POST).json()
    signed = body["signedQuery"]
    media = http
    for kind, ctype in (("image", "image/jpeg"), ("file", "application/zip"), ("audio_file", "audio/mpeg")):
        item = next(b for b in body["data"] if b["type"] == kind)
        assert media.get(item["url"]).status_code == 403
        response = media.get(item["url"] + signed)
        assert response.status_code == 200 and response.headers["content-type"] == ctype
        assert len(response.content) == item["size"]
        assert hashlib.sha256(response.content).hexdigest() == replaying.media_sha256(item["url"])
    video = next(b for b in body["data"] if b["type"] == "ok_video")
    players = {p["type"]: p["url"] for p in video["playerUrls"] if p["url"]}
    assert set(players) == {"dash", "low", "medium", "lowest", "hls", "tiny"}
    medium = media.get(players["medium"])
    assert medium.headers["content-type"] == "video/mp4"
    assert medium.content == replaying.media_bytes(players["medium"])
    assert len(medium.content) > len(media.get(players["low"]).content)


def test_replay_from_a_directory_serves_only_what_it_has(http: httpx.Client, tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    for name in ("posts_page.json", "targets.json"):
        shutil.copy(packaged_fixtures() / name, folder / name)  # type: ignore[call-overload]
    with FakeBoosty(replay=str(folder), rewrite_media=False) as fake:
        assert http.get(fake.base_url + "/v1/target/recorded/").content == PACKAGED["targets.json"]
        assert get(http, fake, "/v1/blog/recorded/subscription_level/").json() == {"data": []}

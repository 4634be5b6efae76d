"""Media on the fake: signed expiring links, byte ranges, sizes, types and stable sha256."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from boosty.testing import FakeBoosty


@pytest.fixture(scope="module")
def http(fake_boosty_server: FakeBoosty) -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        yield client


def every_block_post(fake: FakeBoosty, http: httpx.Client) -> dict[str, Any]:
    post_id = next(p["id"] for p in fake.posts() if p["title"] == "Every block type")
    body: dict[str, Any] = http.get(f"{fake.base_url}/v1/blog/demo/post/{post_id}").json()
    return body


def block(post: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(b for b in post["data"] if b["type"] == kind)


@pytest.mark.parametrize(
    ("kind", "ctype"), [("image", "image/"), ("file", "application/zip"), ("audio_file", "audio/mpeg")]
)
def test_signed_media_download_matches_size_type_and_sha256(
    fake_boosty: FakeBoosty, http: httpx.Client, kind: str, ctype: str
) -> None:
    post = every_block_post(fake_boosty, http)
    item = block(post, kind)
    assert item["url"].startswith(fake_boosty.media_url + "/")
    response = http.get(item["url"] + post["signedQuery"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(ctype)
    assert int(response.headers["content-length"]) == len(response.content)
    assert response.headers["accept-ranges"] == "bytes"
    assert hashlib.sha256(response.content).hexdigest() == fake_boosty.media_sha256(item["url"])
    assert response.content == fake_boosty.media_bytes(item["id"])
    if kind != "image":
        assert len(response.content) == item["size"]
        assert item["title"] in response.headers["content-disposition"]


def test_image_types_follow_the_file_name(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    post = every_block_post(fake_boosty, http)
    images = [b for b in post["data"] if b["type"] == "image"]
    types = {http.head(b["url"] + post["signedQuery"]).headers["content-type"] for b in images}
    assert types == {"image/png", "image/jpeg"}
    png = next(b for b in images if b["title"].endswith(".png"))
    assert fake_boosty.media_bytes(png["url"]).startswith(b"\x89PNG\r\n\x1a\n")


def test_links_need_a_valid_unexpired_signature(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    post = every_block_post(fake_boosty, http)
    url = block(post, "file")["url"]
    assert http.get(url).status_code == 403
    assert http.get(url + post["signedQuery"].replace("sig=", "sig=0")).status_code == 403
    other = fake_boosty.post("demo", fake_boosty.posts()[0]["id"])["signedQuery"]
    assert http.get(url + other).status_code == 403
    assert http.head(url + post["signedQuery"]).status_code == 200
    fake_boosty.advance_time(86400 + 5)
    expired = http.get(url + post["signedQuery"])
    assert expired.status_code == 403 and b"expired" in expired.content
    fresh = every_block_post(fake_boosty, http)
    assert http.head(url + fresh["signedQuery"]).status_code == 200
    assert http.get(f"{fake_boosty.media_url}/file/no-such-id{fresh['signedQuery']}").status_code == 404


def test_byte_ranges(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    post = every_block_post(fake_boosty, http)
    url = block(post, "audio_file")["url"] + post["signedQuery"]
    whole = fake_boosty.media_bytes(url)
    size = len(whole)
    tail = http.get(url, headers={"Range": "bytes=1000-"})
    assert tail.status_code == 206 and tail.content == whole[1000:]
    assert tail.headers["content-range"] == f"bytes 1000-{size - 1}/{size}"
    assert int(tail.headers["content-length"]) == size - 1000
    middle = http.get(url, headers={"Range": "bytes=70000-70099"})
    assert middle.status_code == 206 and middle.content == whole[70000:70100]
    suffix = http.get(url, headers={"Range": "bytes=-10"})
    assert suffix.content == whole[-10:]
    beyond = http.get(url, headers={"Range": f"bytes={size}-"})
    assert beyond.status_code == 416 and beyond.headers["content-range"] == f"bytes */{size}"


def test_range_edge_cases(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    post = every_block_post(fake_boosty, http)
    url = block(post, "audio_file")["url"] + post["signedQuery"]
    whole = fake_boosty.media_bytes(url)
    size = len(whole)

    def fetch(range_: str, **headers: str) -> httpx.Response:
        return http.get(url, headers={"Range": range_, **headers})

    longer = fetch(f"bytes=-{size + 10}")  # a suffix longer than the body: all of it
    assert longer.status_code == 206 and longer.content == whole
    assert longer.headers["content-range"] == f"bytes 0-{size - 1}/{size}"
    clamped = fetch(f"bytes={size - 5}-{size + 100}")
    assert clamped.status_code == 206 and clamped.content == whole[-5:]
    assert clamped.headers["content-range"] == f"bytes {size - 5}-{size - 1}/{size}"
    assert fetch("bytes=-0").status_code == 416
    # several ranges: the server answers with the whole body (it may ignore Range), even when
    # the first range alone could not be satisfied
    for several in ("bytes=0-9,20-29", f"bytes={size}-,0-9"):
        response = fetch(several)
        assert response.status_code == 200 and response.content == whole, several
        assert "content-range" not in response.headers
    # not the grammar of a byte range: ignored
    for malformed in ("bytes=1_0-", "bytes=+5-", "bytes=--5", "bytes=9-2", "bytes=a-b", "items=0-5", "bytes=5"):
        response = fetch(malformed)
        assert response.status_code == 200 and response.content == whole, malformed
    # If-Range: the range only while the validator still matches, else the whole new body
    validators = http.head(url).headers
    for current in (validators["etag"], validators["last-modified"]):
        response = fetch("bytes=10-19", **{"If-Range": current})
        assert response.status_code == 206 and response.content == whole[10:20], current
    for stale in ('"0000-1"', "W/" + validators["etag"], "Mon, 01 Jan 2001 00:00:00 GMT", "garbage"):
        response = fetch("bytes=10-19", **{"If-Range": stale})
        assert response.status_code == 200 and response.content == whole, stale
        assert "content-range" not in response.headers


def test_ok_video_qualities_have_their_own_sizes_and_bytes(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    post = every_block_post(fake_boosty, http)
    video = block(post, "ok_video")
    urls = {p["type"]: p["url"] for p in video["playerUrls"] if p["url"]}
    assert {"tiny", "lowest", "low", "medium", "high", "full_hd", "hls", "dash"} == set(urls)
    assert not [p for p in video["playerUrls"] if p["type"] in ("ultra_hd", "quad_hd") and p["url"]]
    sizes, digests = {}, set()
    for quality in ("tiny", "low", "high"):
        response = http.get(urls[quality])
        assert response.status_code == 200 and response.headers["content-type"] == "video/mp4"
        sizes[quality] = len(response.content)
        digests.add(hashlib.sha256(response.content).hexdigest())
        assert response.content == fake_boosty.media_bytes(video["id"], quality=quality)
        assert fake_boosty.media_size(urls[quality]) == sizes[quality]
    assert sizes["tiny"] < sizes["low"] < sizes["high"] and len(digests) == 3
    manifest = http.get(urls["hls"]).text
    assert manifest.startswith("#EXTM3U") and f"{video['id']}/high.mp4" in manifest


def test_big_file_streams_with_a_stable_digest(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    post = every_block_post(fake_boosty, http)
    big = block(post, "file")
    assert big["size"] == 24_000_000
    digest = hashlib.sha256()
    with http.stream("GET", big["url"] + post["signedQuery"]) as response:
        assert int(response.headers["content-length"]) == big["size"]
        received = 0
        for chunk in response.iter_bytes():
            digest.update(chunk)
            received += len(chunk)
    assert received == big["size"]
    assert digest.hexdigest() == fake_boosty.media_sha256(big["url"])


def test_paid_media_links_are_only_given_with_access(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    pro = next(p for p in fake_boosty.posts() if p["title"] == "Every block type (Pro)")
    file_url = block(pro, "file")["url"]
    assert http.get(file_url + pro["signedQuery"]).status_code == 200
    token = fake_boosty.issue_tokens("subscriber")["access_token"]
    mine = http.get(
        f"{fake_boosty.base_url}/v1/blog/demo/post/{pro['id']}", headers={"Authorization": f"Bearer {token}"}
    )
    assert http.head(file_url + mine.json()["signedQuery"]).status_code == 200
    anonymous = http.get(f"{fake_boosty.base_url}/v1/blog/demo/post/{pro['id']}").json()
    assert anonymous["signedQuery"] == "" and http.head(file_url).status_code == 403


def test_public_images_and_the_media_origin(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    profile = http.get(f"{fake_boosty.base_url}/v1/blog/demo").json()
    avatar = http.get(profile["owner"]["avatarUrl"])
    assert avatar.status_code == 200 and avatar.headers["content-type"] == "image/jpeg"
    assert http.get(profile["coverUrl"]).status_code == 200
    assert http.post(profile["coverUrl"]).status_code == 405
    assert fake_boosty.requests[-1].origin == "media"
    assert http.get(f"{fake_boosty.base_url}/image/x").status_code == 404

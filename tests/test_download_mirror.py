"""boosty.download against the fake Boosty server over real sockets, sync and async."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from boosty import AsyncBoosty, Boosty, ExtendingSender, Request
from boosty.download import (
    AsyncDownloader,
    Downloader,
    DownloadEvent,
    DownloadReport,
    FileFinished,
    FileStarted,
    PostStarted,
)
from boosty.testing import FakeBoosty, Fault

from .conftest import concrete

pytestmark = pytest.mark.anyio

BASE_TIME = 1_700_000_000  # publish time of the oldest seeded demo post; one every 12 h


@pytest.fixture
def mode(backend_mode: str) -> str:
    """Every download test also runs on the aiohttp backend (streamed bodies, ranges, redirects)."""
    return backend_mode


@pytest.fixture
async def owner(fake_boosty: FakeBoosty, mode: str) -> AsyncIterator[Boosty | AsyncBoosty]:
    async with fake_boosty.client("owner", asynchronous=mode != "sync", sender=concrete(mode)) as client:
        yield client


async def mirror(client: Boosty | AsyncBoosty, dest: Path, blog: str = "music", **options: Any) -> DownloadReport:
    """Run the downloader in the client's mode (the sync one from inside this running loop)."""
    options.setdefault("fsync", False)
    options.setdefault("html", False)  # the site has tests of its own (test_download_site.py)
    options.setdefault("backoff", 0.0)
    if isinstance(client, AsyncBoosty):
        return await AsyncDownloader(client, dest, **options).run(blog)
    return Downloader(client, dest, **options).run(blog)


def tree(root: Path, pattern: str = "*") -> list[Path]:
    return list(root.rglob(pattern))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folders(dest: Path, blog: str = "music") -> dict[int, Path]:
    """Post folders by int_id."""
    return {int(p.name.split("_")[1]): p for p in (dest / blog).iterdir()}


def api_requests(fake: FakeBoosty) -> list[Any]:
    return [r for r in fake.requests if r.origin == "api"]


def media_requests(fake: FakeBoosty) -> list[Any]:
    return [r for r in fake.requests if r.origin == "media"]


def media_ids(post: dict[str, Any], kind: str) -> list[tuple[str, str]]:
    return [(b["id"], b.get("title", "")) for b in post["data"] if b["type"] == kind]


def file_block(title: str, size: int = 5000) -> dict[str, Any]:
    return {"type": "file", "id": str(uuid.uuid4()), "title": title, "size": size, "complete": True}


def when(i: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(BASE_TIME + i * 43_200, dt.timezone.utc)


async def test_mirrors_a_blog(fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path) -> None:
    events: list[DownloadEvent] = []
    report = await mirror(owner, tmp_path, progress=events.append)
    posts = fake_boosty.posts("music")
    by_id = folders(tmp_path)
    assert len(by_id) == len(posts) == report.posts_seen == report.posts_new
    images = audio = 0
    for post in posts:
        folder = by_id[post["intId"]]
        date = dt.datetime.fromtimestamp(post["publishTime"], dt.timezone.utc)
        assert folder.name.startswith(f"{date:%Y-%m-%d}_{post['intId']}_")
        for media_id, title in media_ids(post, "audio_file"):
            assert sha256(folder / title) == fake_boosty.media_sha256(media_id)
            audio += 1
        for media_id, title in media_ids(post, "image"):
            stem, ext = title.rsplit(".", 1)
            saved = folder / f"{stem}.{ext}"  # the extension comes from Content-Type
            assert sha256(saved) == fake_boosty.media_sha256(media_id)
            images += 1
        md = (folder / "post.md").read_text("utf-8")
        assert f'title: "{post["title"]}"' in md and f"# {post['title']}" in md
        assert f"date: {date:%Y-%m-%dT%H:%M:%SZ}" in md
        assert f'link: "https://boosty.to/music/posts/{post["id"]}"' in md
        assert f"tags: {json.dumps([t['title'] for t in post['tags']])}" in md
        assert f"{post['title']}." in md  # the body
        for _, title in media_ids(post, "audio_file"):
            assert f"]({title})" in md  # linked to the local file
        saved_json = json.loads((folder / "post.json").read_text("utf-8"))
        assert saved_json["id"] == post["id"] and "signedQuery" not in saved_json
        assert "scope=" not in (folder / "post.md").read_text() + (folder / "post.json").read_text()
    assert images and audio and report.files_downloaded == images + audio and not report.errors
    assert report.bytes_downloaded == sum(
        p.stat().st_size for f in by_id.values() for p in f.iterdir() if "post" not in p.name
    )
    assert not tree(tmp_path, "*.part")
    # media requests carry no credentials; API requests do
    assert media_requests(fake_boosty) and all(
        "authorization" not in r.headers and "cookie" not in r.headers for r in media_requests(fake_boosty)
    )
    assert all(r.authorized for r in api_requests(fake_boosty))
    started = [e for e in events if isinstance(e, FileStarted)]
    finished = [e for e in events if isinstance(e, FileFinished)]
    assert len(started) == len(finished) == images + audio
    assert {e.status for e in finished} == {"downloaded"}
    assert sum(1 for e in events if isinstance(e, PostStarted)) == len(posts)


async def test_second_run_makes_one_request_then_new_post_is_picked_up(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    await mirror(owner, tmp_path, page_size=5)  # several pages: the whole blog is walked once
    fake_boosty.clear_requests()
    report = await mirror(owner, tmp_path, page_size=5)
    assert len(fake_boosty.requests) == 1 and report.api_requests == 1
    assert report.files_downloaded == report.posts_new == 0 and report.posts_skipped == 5

    added = fake_boosty.add_post("music", title="Fresh song", blocks=[file_block("fresh.zip", 7777)])
    fake_boosty.clear_requests()
    report = await mirror(owner, tmp_path, page_size=5)
    assert (report.posts_new, report.files_downloaded, report.api_requests) == (1, 1, 1)
    assert len(api_requests(fake_boosty)) == 1 and len(media_requests(fake_boosty)) == 1
    folder = folders(tmp_path)[added["intId"]]
    assert sha256(folder / "fresh.zip") == fake_boosty.media_sha256(added["data"][0]["id"])


async def test_changed_post_is_downloaded_again(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    await mirror(owner, tmp_path)
    post = fake_boosty.posts("music")[3]
    fake_boosty.advance_time(5)
    fake_boosty.update_post("music", post["id"], title="Renamed song")
    fake_boosty.clear_requests()
    report = await mirror(owner, tmp_path)
    assert report.posts_updated == 1 and report.files_downloaded == 0 and report.files_skipped >= 1
    folder = folders(tmp_path)[post["intId"]]  # the folder keeps its first name
    assert 'title: "Renamed song"' in (folder / "post.md").read_text("utf-8")
    assert not media_requests(fake_boosty)


@pytest.mark.parametrize(("quality", "expected"), [("high", "medium"), ("low", "low"), ("highest", "medium")])
async def test_video_at_the_chosen_quality_or_best_below(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path, quality: str, expected: str
) -> None:
    # Demo post 251 has a 480p video: "high" (720p) is missing, so the best below it is medium.
    report = await mirror(
        owner,
        tmp_path,
        "demo",
        quality=quality,
        only={"video"},
        since=when(251),
        until=when(251) + dt.timedelta(hours=1),
    )
    assert report.posts_seen == 1 and report.files_downloaded == 1
    (folder,) = (tmp_path / "demo").iterdir()
    (video,) = folder.iterdir()  # no post.md, no images: only={"video"}
    assert video.suffix == ".mp4"
    post = next(p for p in fake_boosty.posts("demo") if p["intId"] == int(folder.name.split("_")[1]))
    ((video_id, _),) = media_ids(post, "ok_video")
    assert sha256(video) == fake_boosty.media_sha256(video_id, expected)


async def test_only_filters_then_the_rest(fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path) -> None:
    report = await mirror(owner, tmp_path, only={"images"})
    files = [p for p in tree(tmp_path / "music") if p.is_file()]
    assert files and all(p.suffix in (".png", ".jpg") for p in files)
    assert report.files_downloaded == len(files)
    report = await mirror(owner, tmp_path, only={"audio", "text"})
    names = {p.name for p in tree(tmp_path / "music") if p.is_file()}
    assert "post.md" in names and any(n.endswith(".mp3") for n in names)
    assert report.files_downloaded == sum(n.endswith(".mp3") for n in names)


async def test_date_range_and_limit(fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path) -> None:
    posts = fake_boosty.posts("music")  # newest first
    report = await mirror(owner, tmp_path / "a", limit=3, page_size=2)
    assert set(folders(tmp_path / "a")) == {p["intId"] for p in posts[:3]} and report.posts_seen == 3
    since = dt.datetime.fromtimestamp(posts[6]["publishTime"], dt.timezone.utc)
    until = dt.datetime.fromtimestamp(posts[3]["publishTime"], dt.timezone.utc)
    await mirror(owner, tmp_path / "b", since=since, until=until, page_size=2)
    assert set(folders(tmp_path / "b")) == {p["intId"] for p in posts[4:7]}


async def test_hostile_names_stay_inside(fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path) -> None:
    blocks = [
        file_block("../../etc/passwd"),
        file_block("CON"),
        file_block("nul.txt"),
        file_block("a/b\\c:d.txt"),
        file_block("same.zip"),
        file_block("SAME.zip"),
        file_block("post.md"),
        file_block(""),
    ]
    added = fake_boosty.add_post("music", title="../../Hostile <title>", blocks=blocks)
    dest = tmp_path / "dest"
    report = await mirror(owner, dest, limit=1)
    assert report.files_downloaded == len(blocks) and not report.errors
    outside = [p for p in tree(tmp_path) if dest not in p.parents and p != dest]
    assert outside == []
    (folder,) = (dest / "music").iterdir()
    names = sorted(p.name for p in folder.iterdir())
    assert "_CON" in names and "_nul.txt" in names and "post.md" in names
    assert all("/" not in n and "\\" not in n and not n.startswith(".") for n in names)
    assert len(names) == len(blocks) + 2  # every file kept, post.md and post.json included
    for block in added["data"]:
        matches = [p for p in folder.iterdir() if sha256(p) == fake_boosty.media_sha256(block["id"])]
        assert len(matches) == 1


async def test_truncated_body_is_resumed_with_range(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    post = fake_boosty.posts("music")[0]
    ((audio_id, title),) = media_ids(post, "audio_file")
    fake_boosty.inject(Fault.truncate(after=40_000), path=f"/audio/{audio_id}", count=1)
    report = await mirror(owner, tmp_path, limit=1)
    assert report.files_downloaded >= 1 and not report.errors
    assert sha256(folders(tmp_path)[post["intId"]] / title) == fake_boosty.media_sha256(audio_id)
    ranges = [r.headers.get("range") for r in media_requests(fake_boosty) if r.path == f"/audio/{audio_id}"]
    assert ranges[0] is None and ranges[1] is not None and ranges[1].startswith("bytes=") and ranges[1] != "bytes=0-"


async def test_interrupted_file_resumes_on_the_next_run(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    post = fake_boosty.posts("music")[0]
    ((audio_id, title),) = media_ids(post, "audio_file")
    fake_boosty.inject(Fault.truncate(after=30_000), path=f"/audio/{audio_id}")
    report = await mirror(owner, tmp_path, retries=0)
    assert report.files_failed == 1 and len(report.errors) == 1 and not report.ok
    folder = folders(tmp_path)[post["intId"]]
    part = folder / f"{title}.part"
    kept = part.stat().st_size
    assert 0 < kept < fake_boosty.media_size(audio_id) and not (folder / title).exists()
    fake_boosty.clear_faults()
    fake_boosty.clear_requests()
    report = await mirror(owner, tmp_path)
    assert report.files_downloaded == 1 and report.ok and not part.exists()
    assert sha256(folder / title) == fake_boosty.media_sha256(audio_id)
    (request,) = media_requests(fake_boosty)
    assert request.headers["range"] == f"bytes={kept}-" and request.status == 206


async def test_expired_link_refetches_the_post_once(fake_boosty: FakeBoosty, mode: str, tmp_path: Path) -> None:
    post = fake_boosty.posts("music")[0]  # an image and an audio file
    token = fake_boosty.issue_tokens("owner", lifetime=30 * 86_400)["access_token"]

    def expire(event: DownloadEvent) -> None:
        if isinstance(event, PostStarted):
            fake_boosty.advance_time(3 * 86_400)  # the listed links are dead now

    since = dt.datetime.fromtimestamp(post["publishTime"], dt.timezone.utc)
    sender = concrete(mode)
    client = (
        AsyncBoosty(token, base_url=fake_boosty.base_url, sender=sender)
        if sender.is_async
        else Boosty(token, base_url=fake_boosty.base_url, sender=sender)
    )
    async with client:
        report = await mirror(client, tmp_path, since=since, until=since + dt.timedelta(seconds=1), progress=expire)
    assert report.files_downloaded == 2 and report.ok
    single = [r for r in api_requests(fake_boosty) if r.path == f"/v1/blog/music/post/{post['id']}"]
    assert len(single) == 1 and report.api_requests == 2
    assert [r.status for r in media_requests(fake_boosty)].count(403) == 2
    folder = folders(tmp_path)[post["intId"]]
    for media_id, title in media_ids(post, "audio_file"):
        assert sha256(folder / title) == fake_boosty.media_sha256(media_id)


async def test_link_still_refused_after_refetch_fails_the_file(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    post = fake_boosty.posts("music")[0]
    ((audio_id, _),) = media_ids(post, "audio_file")
    fake_boosty.inject(Fault.status(403, body=b"Forbidden"), path=f"/audio/{audio_id}")
    report = await mirror(owner, tmp_path, limit=1)
    single = [r for r in api_requests(fake_boosty) if r.path == f"/v1/blog/music/post/{post['id']}"]
    assert len(single) == 1
    assert report.files_failed == 1 and "403" in report.errors[0].message and report.posts_new == 0


async def test_no_access_posts_are_recorded_with_teaser(fake_boosty: FakeBoosty, mode: str, tmp_path: Path) -> None:
    async with fake_boosty.client(None, asynchronous=mode != "sync", sender=concrete(mode)) as anonymous:
        report = await mirror(anonymous, tmp_path, "demo", since=when(255))
    paid = [p for p in fake_boosty.posts("demo")[:5] if p["subscriptionLevel"]]
    assert paid and report.posts_no_access == len(paid) and report.ok
    for post in paid:
        folder = folders(tmp_path, "demo")[post["intId"]]
        md = (folder / "post.md").read_text("utf-8")
        assert "access: false" in md and "A preview of" in md
        assert sorted(p.name for p in folder.iterdir()) == ["post.json", "post.md"]
    assert not [r for r in media_requests(fake_boosty) if r.status == 403]


async def test_video_still_processing_is_picked_up_later(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    video = {"type": "ok_video", "id": str(uuid.uuid4()), "title": "Late clip", "duration": 5, "height": 360}
    added = fake_boosty.add_post("music", title="Video post", blocks=[video], publish_time=BASE_TIME)  # oldest
    processing = fake_boosty.world.media.pop(video["id"])  # no variants yet: only empty player URLs
    report = await mirror(owner, tmp_path, page_size=4)
    assert report.files_pending == 1 and report.ok
    folder = folders(tmp_path)[added["intId"]]
    assert not list(folder.glob("*.mp4"))
    fake_boosty.world.media[video["id"]] = processing  # processing finished; the post is unchanged
    fake_boosty.clear_requests()
    report = await mirror(owner, tmp_path, page_size=4)
    assert report.files_downloaded == 1 and report.api_requests == 2  # first page + the one post
    assert [r.path for r in api_requests(fake_boosty)] == ["/v1/blog/music/post/", f"/v1/blog/music/post/{added['id']}"]
    assert sha256(folder / "Late clip.mp4") == fake_boosty.media_sha256(video["id"], "low")


async def test_complete_part_is_finished_after_a_416(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    post = fake_boosty.posts("music")[0]
    ((audio_id, title),) = media_ids(post, "audio_file")
    fake_boosty.inject(Fault.truncate(after=10_000), path=f"/audio/{audio_id}")
    await mirror(owner, tmp_path, retries=0, limit=1)
    folder = folders(tmp_path)[post["intId"]]
    # as if the process died after the last byte, before the rename
    (folder / f"{title}.part").write_bytes(fake_boosty.media_bytes(audio_id))
    fake_boosty.clear_faults()
    fake_boosty.clear_requests()
    report = await mirror(owner, tmp_path, limit=1)
    assert report.files_downloaded == 1 and report.bytes_downloaded == 0
    assert [r.status for r in media_requests(fake_boosty)] == [416]
    assert sha256(folder / title) == fake_boosty.media_sha256(audio_id)


async def test_deleted_file_is_downloaded_again(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    await mirror(owner, tmp_path)
    post = fake_boosty.posts("music")[0]
    ((audio_id, title),) = media_ids(post, "audio_file")
    (folders(tmp_path)[post["intId"]] / title).unlink()
    fake_boosty.clear_requests()
    report = await mirror(owner, tmp_path)
    assert report.files_downloaded == 1 and report.posts_updated == 1 and report.api_requests == 1
    assert sha256(folders(tmp_path)[post["intId"]] / title) == fake_boosty.media_sha256(audio_id)


async def test_cancelled_run_releases_the_folder(fake_boosty: FakeBoosty, tmp_path: Path) -> None:
    import asyncio

    from boosty.download.state import State

    fake_boosty.inject(Fault.delay(1.0), path="/audio/*")
    started = asyncio.Event()

    def progress(event: DownloadEvent) -> None:
        if isinstance(event, PostStarted):
            started.set()

    async with fake_boosty.client("owner", asynchronous=True) as client:
        task = asyncio.ensure_future(AsyncDownloader(client, tmp_path, fsync=False, progress=progress).run("music"))
        await started.wait()
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    State(tmp_path).close()
    assert not tree(tmp_path / "music", "*.mp3")


def test_sync_downloader_without_any_event_loop(fake_boosty: FakeBoosty, tmp_path: Path) -> None:
    with fake_boosty.client("owner") as client:
        report = Downloader(client, tmp_path, fsync=False, limit=2).run("music")
    assert report.posts_new == 2 and report.ok


async def test_dropped_connection_is_retried(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    post = fake_boosty.posts("music")[0]
    ((audio_id, title),) = media_ids(post, "audio_file")
    fake_boosty.inject(Fault.drop(), path=f"/audio/{audio_id}", count=1)
    report = await mirror(owner, tmp_path, limit=1)
    assert report.ok and sha256(folders(tmp_path)[post["intId"]] / title) == fake_boosty.media_sha256(audio_id)
    assert len([r for r in media_requests(fake_boosty) if r.path == f"/audio/{audio_id}"]) == 2


class _IgnoresDateRange(ExtendingSender):
    """A server that ignores ``from_ts``/``to_ts`` (the downloader checks the dates itself)."""

    def on_request(self, request: Request) -> Request:
        return request.evolve(params=[(k, v) for k, v in request.params if k not in ("from_ts", "to_ts")])


async def test_since_does_not_move_the_frontier_past_posts_it_left_out(
    fake_boosty: FakeBoosty, mode: str, tmp_path: Path
) -> None:
    sender = _IgnoresDateRange(concrete(mode))
    async with fake_boosty.client("owner", asynchronous=sender.is_async, sender=sender) as client:
        await mirror(client, tmp_path, page_size=3)  # the whole blog: the frontier is its newest post
        top = fake_boosty.posts("music")[0]["publishTime"]
        added = [
            fake_boosty.add_post("music", title=f"later {i}", blocks=[], publish_time=top + 60 * (i + 1))
            for i in range(4)
        ]
        newest = dt.datetime.fromtimestamp(added[-1]["publishTime"], dt.timezone.utc)
        report = await mirror(client, tmp_path, page_size=3, since=newest)
        assert report.posts_new == 1  # the three posts between the frontier and `since` are left out
        report = await mirror(client, tmp_path, page_size=3)
    assert report.posts_new == 3
    assert {a["intId"] for a in added} <= set(folders(tmp_path))


async def test_blog_folder_linked_outside_fails_its_posts_and_loses_none(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    dest, outside = tmp_path / "dest", tmp_path / "outside"
    outside.mkdir()
    dest.mkdir()
    (dest / "music").symlink_to(outside, target_is_directory=True)
    total = len(fake_boosty.posts("music"))
    report = await mirror(owner, dest, page_size=3)
    assert report.posts_seen == total and report.posts_new == 0 and len(report.errors) == total
    assert all("refusing to write outside" in e.message for e in report.errors)
    assert list(outside.iterdir()) == []
    (dest / "music").unlink()
    report = await mirror(owner, dest, page_size=3)  # every post is still to do
    assert report.posts_new == total and report.ok


async def test_a_file_named_like_another_files_part_gets_its_own_name(
    fake_boosty: FakeBoosty, owner: Boosty | AsyncBoosty, tmp_path: Path
) -> None:
    blocks = [file_block("a.zip", 50_000), file_block("a.zip.part", 30_000)]
    added = fake_boosty.add_post("music", title="Parts", blocks=blocks)
    first_id, second_id = (b["id"] for b in added["data"])
    fake_boosty.inject(Fault.truncate(after=20_000), path=f"/file/{first_id}")  # a.zip stays a .part
    report = await mirror(owner, tmp_path, limit=1, retries=0)
    assert report.files_downloaded == 1 and report.files_failed == 1
    fake_boosty.clear_faults()
    report = await mirror(owner, tmp_path, limit=1)
    assert report.ok and report.files_downloaded == 1
    folder = folders(tmp_path)[added["intId"]]
    by_hash = {sha256(p): p.name for p in folder.iterdir()}
    assert by_hash[fake_boosty.media_sha256(first_id)] == "a.zip"
    assert by_hash[fake_boosty.media_sha256(second_id)] == "a.zip (2).part"

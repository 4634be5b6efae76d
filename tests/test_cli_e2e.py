"""The ``boosty`` command end to end, in a subprocess, against the fake server over real sockets.

The fake replays the recorded responses (``fixtures/boosty/``) from a folder: the ``recorded``
blog's post list starts with the recorded single posts (text, image, file, Boosty video,
audio). The command downloads them; a cut connection mid-video leaves a partial file that the next run
resumes with a Range request; a third run downloads nothing with one API request.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from boosty.testing import FakeBoosty, Fault

VIDEO_CUT_AT = 1_500_000


def boosty_command() -> list[str]:
    """The installed ``boosty`` script next to this Python, else ``python -m boosty``."""
    script = Path(sys.executable).with_name("boosty")
    return [str(script)] if script.exists() else [sys.executable, "-m", "boosty"]


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOSTY_")}
    env.update(XDG_CONFIG_HOME=str(home / "config"), COLUMNS="200", BOOSTY_BACKOFF="0")
    return subprocess.run([*boosty_command(), *args], capture_output=True, text=True, env=env, timeout=120)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def recordings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a copy of the packaged recordings."""
    folder = tmp_path_factory.mktemp("recordings")
    packaged = resources.files("boosty.testing") / "fixtures"
    for entry in packaged.iterdir():
        if entry.name.endswith(".json"):
            (folder / entry.name).write_bytes(entry.read_bytes())
    return folder


@pytest.fixture
def fake(recordings: Path) -> Iterator[FakeBoosty]:
    with FakeBoosty(replay=recordings) as server:
        yield server


def recorded_media(recordings: Path) -> dict[str, dict[str, Any]]:
    """The media blocks of the recorded post with every content type, by type."""
    post = json.loads((recordings / "post_single_with_media.json").read_text())
    return {block["type"]: block for block in post["data"] if block.get("id")}


def test_download_resume_and_incremental(fake: FakeBoosty, recordings: Path, tmp_path: Path) -> None:
    dest = tmp_path / "archive"
    token = str(fake.issue_tokens("subscriber")["access_token"])
    base = ["--base-url", fake.base_url, "--token", token, "--retries", "1"]
    download = [*base, "download", "recorded", str(dest), "--quality", "low", "--jobs", "2"]
    media = recorded_media(recordings)
    video_id = media["ok_video"]["id"]

    # Run 1: the video's connection is cut after VIDEO_CUT_AT bytes, then refused.
    fake.inject(Fault.truncate(after=VIDEO_CUT_AT), path=f"/video/{video_id}/*", count=1)
    fake.inject(Fault.drop(), path=f"/video/{video_id}/*")
    first = run_cli(*download, home=tmp_path)
    assert first.returncode == 1, first.stderr
    assert first.stderr.rstrip().splitlines()[-1].startswith("boosty: 1 failure (see above)")
    assert "Traceback" not in first.stderr
    (post_dir,) = dest.glob("recorded/*_fixture-post-with-every-content-type")
    assert not (post_dir / "Fixture video.mp4").exists()
    parts = [p for p in dest.rglob("*") if p.is_file() and p.stat().st_size == VIDEO_CUT_AT]
    assert len(parts) == 1, "the cut video is kept as a partial file"
    assert (post_dir / "fixture-archive.zip").exists()

    # Run 2: the network is back; the video resumes where it was cut.
    fake.clear_faults()
    fake.clear_requests()
    second = run_cli(*download, home=tmp_path)
    assert second.returncode == 0, second.stderr
    video_requests = [r for r in fake.requests if r.path.startswith(f"/video/{video_id}/")]
    assert [r.path for r in video_requests] == [f"/video/{video_id}/low.mp4"]
    assert video_requests[0].headers.get("range") == f"bytes={VIDEO_CUT_AT}-"
    assert not [p for p in dest.rglob("*") if p.is_file() and p.stat().st_size == VIDEO_CUT_AT]

    # The files are what the fake served: text as Markdown, media byte for byte.
    markdown = (post_dir / "post.md").read_text()
    assert "# Fixture post with every content type" in markdown
    assert "Hello from the fixture post!" in markdown
    assert "[fixture-archive.zip](fixture-archive.zip)" in markdown
    expected = {
        "image-01.jpg": (media["image"]["id"], None),
        "fixture-archive.zip": (media["file"]["id"], None),
        "fixture-song.mp3": (media["audio_file"]["id"], None),
        "Fixture video.mp4": (video_id, "low"),
    }
    for name, (media_id, quality) in expected.items():
        path = post_dir / name
        assert path.stat().st_size == fake.media_size(media_id, quality), name
        assert sha256(path) == fake.media_sha256(media_id, quality), name
    assert (post_dir / "image-01.jpg").read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG, named .jpg
    assert fake.media_size(video_id, "low") != fake.media_size(video_id, "medium")
    (other_dir,) = dest.glob("recorded/*_test-post")
    assert (other_dir / "image-01.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    assert "# Test post" in (other_dir / "post.md").read_text()

    # Run 3: nothing new: nothing downloaded, one API request, the files untouched.
    before = {p: sha256(p) for p in dest.rglob("*") if p.is_file() and p.parent != dest}
    fake.clear_requests()
    third = run_cli(*base, "--json", "download", "recorded", str(dest), "--quality", "low", home=tmp_path)
    assert third.returncode == 0, third.stderr
    report = json.loads(third.stdout)
    assert report["ok"] is True and report["posts_seen"] == 2
    assert report["files_downloaded"] == 0 and report["bytes_downloaded"] == 0
    assert [r.origin for r in fake.requests] == ["api"]
    assert report["api_requests"] == 1
    assert {p: sha256(p) for p in before} == before


def test_readme_first_command(tmp_path: Path) -> None:
    """``boosty --fake download demo ./archive --limit 5``: the README's first command."""
    pytest.importorskip("uvicorn", reason="the testing extra is not installed")
    result = run_cli("--fake", "download", "demo", str(tmp_path / "archive"), "--limit", "5", home=tmp_path)
    assert result.returncode == 0, result.stderr
    blog = tmp_path / "archive" / "demo"
    posts = sorted(p for p in blog.iterdir() if p.is_dir() and p.name != "_site")
    assert len(posts) == 5
    assert all((p / "post.md").is_file() and (p / "post.json").is_file() for p in posts)
    assert all((p / "post.html").is_file() for p in posts) and (blog / "index.html").is_file()  # the site
    assert "demo: 5 posts (5 new" in result.stderr


def test_fake_server_command(tmp_path: Path) -> None:
    """``boosty fake-server --port 0`` serves until stopped; the command talks to it by URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOSTY_")}
    server = subprocess.Popen(
        [*boosty_command(), "fake-server", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("Fake Boosty API on http://127.0.0.1:"), line
        url = line.split()[4]
        result = run_cli("--base-url", url, "--json", "blog", "demo", home=tmp_path)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["blogUrl"] == "demo"
        recorded = run_cli("--base-url", url, "--json", "posts", "recorded", home=tmp_path)
        single_posts_then_the_page = ["00000000-0000-4000-8000-000000000001", "post001", "post001", "post002"]
        assert [p["id"] for p in json.loads(recorded.stdout)] == single_posts_then_the_page
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_ctrl_c_stops_at_once_and_the_rerun_resumes(fake: FakeBoosty, tmp_path: Path) -> None:
    """SIGINT while a file hangs: exit 130 with one line, then the next run completes."""
    dest = tmp_path / "archive"
    token = str(fake.issue_tokens("subscriber")["access_token"])
    base = ["--base-url", fake.base_url, "--token", token]
    hang = fake.inject(Fault.delay(60), path="/image/*", count=1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOSTY_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"))
    cmd = [*boosty_command(), *base, "download", "recorded", str(dest), "-q"]
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        while hang.injected == 0 and process.poll() is None:  # wait until the image request hangs
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)  # not the 60 s of the hanging request
    finally:
        if process.poll() is None:  # pragma: no cover - only if the test failed
            process.kill()
            process.communicate()
    assert process.returncode == 130, err
    assert err.strip().splitlines()[-1] == "boosty: interrupted"
    assert "Traceback" not in err
    rerun = run_cli(*base, "download", "recorded", str(dest), home=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert len(list(dest.glob("recorded/*/image-01.jpg"))) == 2


def test_verbose_logs_show_no_signed_query(tmp_path: Path) -> None:
    result = run_cli("-vvv", "--fake", "download", "demo", str(tmp_path / "archive"), "--limit", "3", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "HTTP Request: GET" in result.stderr  # httpx's request log is shown at -vvv ...
    assert "?…" in result.stderr  # queries are cut ...
    assert "sig=" not in result.stderr and "expires=" not in result.stderr  # ... and the signatures never shown

"""The archive's site in a real browser: headless Chromium opens the pages from ``file://``.

A check script, added to a copy of the page under test, records whether every ``<img>``
decoded (``naturalWidth > 0``), the sources of the players, the Content-Security-Policy
violations, and how many posts the title filter leaves; ``--dump-dom`` brings the result
back. Chromium's net log shows every request the page started: none may leave ``file://``.
Screenshots are taken of the unmodified pages.

Skipped when Chromium is missing, unless ``CI`` is set (then it is a failure:
``scripts/system-deps.sh`` installs Debian's ``chromium``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from boosty.download import Downloader
from boosty.testing import FakeBoosty

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing could leave the machine anyway
]

CHECK = """
(function () {
  var violations = [];
  document.addEventListener("securitypolicyviolation", function (e) {
    violations.push(e.violatedDirective + " " + e.blockedURI);
  });
  window.addEventListener("load", function () {
    var imgs = Array.prototype.map.call(document.images, function (i) {
      return {src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0};
    });
    var media = Array.prototype.map.call(document.querySelectorAll("video, audio"), function (m) {
      return m.currentSrc || m.src;
    });
    var input = document.getElementById("filter"), shown = null;
    if (input && FILTER) {
      input.value = FILTER;
      input.dispatchEvent(new Event("input"));
      shown = Array.prototype.filter.call(document.querySelectorAll("#posts li"), function (li) {
        return !li.hidden;
      }).length;
    }
    var out = document.createElement("pre");
    out.id = "boosty-check";
    out.textContent = JSON.stringify({imgs: imgs, media: media, violations: violations, shown: shown});
    document.body.appendChild(out);
  });
})();
"""


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: scripts/system-deps.sh installs Debian's chromium")
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``boosty --fake download demo DEST --limit 8``, as a library call."""
    dest = tmp_path_factory.mktemp("archive")
    with FakeBoosty() as fake, fake.client("owner") as client:
        report = Downloader(client, dest, limit=8, fsync=False).run("demo")
    assert report.ok
    yield dest / "demo"


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def page_requests(netlog: Path) -> list[str]:
    """URLs of the requests the page started (Chromium's own have no origin)."""
    data = json.loads(netlog.read_text("utf-8"))
    start = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    out = []
    for event in data["events"]:
        params = event.get("params") or {}
        if event["type"] == start and "url" in params and params.get("initiator") != "not an origin":
            out.append(str(params["url"]))
    return out


def browse(chromium: str, page: Path, work: Path, *, filter_words: str = "", extra: str = "") -> dict[str, Any]:
    """Open a copy of ``page`` with the check script (and ``extra`` HTML in its body) from
    ``file://``; returns the check's results plus ``requests`` (started by the page)."""
    work.mkdir(parents=True, exist_ok=True)
    script = work / "check.js"
    script.write_text(f"var FILTER = {json.dumps(filter_words)};\n{CHECK}")
    html = page.read_text("utf-8")
    html = html.replace("<head>", f'<head>\n<script src="{script.as_uri()}"></script>', 1)
    html = html.replace("<body>", f"<body>\n{extra}", 1)
    copy = page.with_name(f"check-{work.name}-{page.name}")
    copy.write_text(html, "utf-8")
    netlog = work / "netlog.json"
    try:
        result = run_chromium(chromium, work / "profile", f"--log-net-log={netlog}", "--dump-dom", copy.as_uri())
    finally:
        copy.unlink()
    found = re.search(r'<pre id="boosty-check">(.*?)</pre>', result.stdout, re.DOTALL)
    assert found, result.stdout[-2000:] + result.stderr[-2000:]
    checked: dict[str, Any] = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    checked["requests"] = page_requests(netlog)
    return checked


def screenshot(chromium: str, page: Path, out: Path) -> bytes:
    profile = out.parent / f"profile-{out.stem}"
    run_chromium(chromium, profile, "--window-size=1000,1300", f"--screenshot={out}", page.as_uri())
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000  # a page, not a blank
    return data


def folder(archive: Path, word: str) -> Path:
    return next(p for p in archive.iterdir() if p.is_dir() and word in p.name)


def assert_offline(checked: dict[str, Any]) -> None:
    assert checked["violations"] == []
    assert all(url.startswith("file://") for url in checked["requests"]), checked["requests"]


def test_index_in_chromium(chromium: str, archive: Path, tmp_path: Path) -> None:
    index = archive / "index.html"
    checked = browse(chromium, index, tmp_path / "index", filter_words="studio")
    imgs = checked["imgs"]
    assert len(imgs) == 4  # the avatar and three thumbnails
    assert all(img["ok"] and img["src"].startswith("file://") for img in imgs), imgs
    assert checked["shown"] == 1  # the title filter
    assert_offline(checked)
    everything = browse(chromium, index, tmp_path / "all", filter_words="#25")
    assert everything["shown"] == 8
    screenshot(chromium, index, tmp_path / "index.png")


@pytest.mark.parametrize(
    ("word", "images", "media"),
    [("studio", 1, []), ("roadmap", 0, ["clip-253.mp4"]), ("devlog", 0, ["track-256.mp3"])],
)
def test_post_pages_in_chromium(
    chromium: str, archive: Path, tmp_path: Path, word: str, images: int, media: list[str]
) -> None:
    page = folder(archive, word) / "post.html"
    checked = browse(chromium, page, tmp_path / word)
    assert len(checked["imgs"]) == images and all(img["ok"] for img in checked["imgs"]), checked["imgs"]
    assert [url.rsplit("/", 1)[-1] for url in checked["media"]] == media
    assert all(url.startswith("file://") for url in checked["media"])
    assert_offline(checked)
    screenshot(chromium, page, tmp_path / f"{word}.png")


def test_the_checks_see_a_remote_load(chromium: str, archive: Path, tmp_path: Path) -> None:
    """The checks are not vacuous: a remote picture is seen as a request, and the site's
    Content-Security-Policy blocks it."""
    control = tmp_path / "control.html"
    control.write_text('<!doctype html><html><head></head><body><img src="http://example.invalid/a.png"></body></html>')
    seen = browse(chromium, control, tmp_path / "control")
    assert "http://example.invalid/a.png" in seen["requests"]
    assert seen["imgs"] == [{"src": "http://example.invalid/a.png", "ok": False}]
    page = folder(archive, "studio") / "post.html"
    blocked = browse(chromium, page, tmp_path / "blocked", extra='<img src="http://example.invalid/b.png">')
    assert any("example.invalid/b.png" in v for v in blocked["violations"])
    assert not any(url.startswith("http") for url in blocked["requests"])

"""``boosty download`` options, report and progress display, in-process against the fake server."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from boosty.cli.output import plural, size_text
from boosty.cli.progress import DownloadProgress
from boosty.download import AsyncDownloader, Downloader, DownloadEvent, DownloadReport
from boosty.testing import FakeBoosty, Fault

from ._cli import Run, make_runner, one_line_error

MEDIA_SUFFIXES = {".jpg", ".png", ".gif", ".zip", ".pdf", ".mp3", ".mp4"}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeBoosty]:
    with FakeBoosty() as server:
        yield server


@pytest.fixture
def run(fake: FakeBoosty, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    token = str(fake.issue_tokens("subscriber")["access_token"])
    return make_runner(tmp_path, monkeypatch, "--base-url", fake.base_url, "--token", token)


def files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".boosty"))


def test_only_text(run: Run, tmp_path: Path) -> None:
    result = run("download", "demo", str(tmp_path / "a"), "--limit", "6", "--only", "text", "--no-html")
    assert result.exit_code == 0, result.output
    names = {p.name for p in files(tmp_path / "a")}
    assert names == {"post.md", "post.json"}
    assert len(files(tmp_path / "a")) == 12


def test_only_media_kinds(run: Run, tmp_path: Path) -> None:
    result = run("download", "demo", str(tmp_path / "a"), "--limit", "12", "--only", "images,audio", "--no-html")
    assert result.exit_code == 0, result.output
    suffixes = {p.suffix for p in files(tmp_path / "a")}
    assert suffixes and suffixes <= {".jpg", ".png", ".gif", ".mp3"}


def test_since_until(run: Run, fake: FakeBoosty, tmp_path: Path) -> None:
    since, until = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc), dt.datetime(2024, 3, 4, tzinfo=dt.timezone.utc)
    expected = [p for p in fake.posts("demo") if since.timestamp() <= p["publishTime"] < until.timestamp()]
    dates = ("--since", "2024-03-01", "--until", "2024-03-04")
    result = run("--json", "download", "demo", str(tmp_path / "a"), *dates, "--no-html")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["posts_seen"] == len(expected) > 0
    folders = sorted(p.name for p in (tmp_path / "a" / "demo").iterdir())
    assert len(folders) == len(expected)
    assert all("2024-03-01" <= name[:10] < "2024-03-04" for name in folders)


def test_bad_options_are_usage_errors(run: Run, tmp_path: Path) -> None:
    bogus = run("download", "demo", str(tmp_path), "--only", "images,bogus")
    assert bogus.exit_code == 2 and "bogus" in bogus.stderr
    backwards = run("download", "demo", str(tmp_path), "--since", "2024-03-05", "--until", "2024-03-01")
    assert backwards.exit_code == 2
    assert "since" in one_line_error(backwards)
    quality = run("download", "demo", str(tmp_path), "--quality", "8k")
    assert quality.exit_code == 2


def test_unknown_blog(run: Run, tmp_path: Path) -> None:
    result = run("download", "nobody-here", str(tmp_path / "a"))
    assert result.exit_code == 4
    assert "blog 'nobody-here'" in one_line_error(result)


def test_progress_bars_on_a_terminal(run: Run, tmp_path: Path) -> None:
    # FORCE_COLOR makes rich treat the captured stderr as a terminal: the bars are drawn.
    result = run("download", "demo", str(tmp_path / "a"), "--limit", "4", "--jobs", "2", FORCE_COLOR="1")
    assert result.exit_code == 0, result.output
    # The bars' last frame (drawn when they stop) has the overall counts and bytes.
    assert "total" in result.stderr and " files done)" in result.stderr
    assert re.search(r"posts 4/4 · [\d.]+ kB/[\d.]+ kB", result.stderr)
    assert "0/0 bytes" not in result.stderr
    assert "demo: 4 posts (4 new" in result.stderr
    assert any(p.suffix in MEDIA_SUFFIXES for p in files(tmp_path / "a"))


def test_quiet_prints_only_the_summary(run: Run, tmp_path: Path) -> None:
    result = run("download", "demo", str(tmp_path / "a"), "--limit", "2", "-q")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("demo: 2 posts")


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_archive_files_get_the_umask_mode(run: Run, tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        result = run("download", "demo", str(tmp_path / "a"), "--limit", "3", "--only", "text,images")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in files(tmp_path / "a")}
    assert {"post.md", "post.json"} < set(modes)
    assert set(modes.values()) == {0o666 & ~umask}


def test_summary_sizes_are_decimal_and_counts_singular(run: Run, tmp_path: Path) -> None:
    args = ("demo", "--limit", "3", "--only", "images", "--no-html")  # the site adds a profile request
    report = json.loads(run("--json", "download", args[0], str(tmp_path / "j"), *args[1:]).stdout)
    assert report["files_downloaded"] == 1 and 1000 < report["bytes_downloaded"] < 1_000_000
    result = run("download", args[0], str(tmp_path / "t"), *args[1:], "-q")
    assert result.exit_code == 0, result.output
    size = f"{report['bytes_downloaded'] / 1000:.1f} kB"  # decimal, as the progress bars count
    assert f"; 1 file downloaded ({size}); 1 API request in " in result.stderr


def test_size_text_matches_the_progress_bars() -> None:
    assert size_text(30_100_000) == "30.1 MB"
    assert size_text(1) == "1 byte"
    assert plural(1, "file") == "1 file" and plural(0, "file") == "0 files"


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_overall_bar_is_posts_done_of_planned_and_bytes_of_known(
    fake: FakeBoosty, tmp_path: Path, asynchronous: bool
) -> None:
    progress = DownloadProgress(Console(file=io.StringIO(), force_terminal=True, width=160))
    frames: list[tuple[str, float, float | None, str]] = []

    def hook(event: DownloadEvent) -> None:
        progress(event)
        task = progress.progress.tasks[progress.overall]
        frames.append((type(event).__name__, task.completed, task.total, str(task.fields["amount"])))

    options: dict[str, Any] = {"limit": 4, "progress": hook, "fsync": False, "backoff": 0.0, "html": False}

    async def run_async() -> DownloadReport:
        async with fake.client("subscriber", asynchronous=True) as client:
            return await AsyncDownloader(client, tmp_path, **options).run("demo")

    with progress:
        if asynchronous:
            report = asyncio.run(run_async())
        else:
            with fake.client("subscriber") as client:
                report = Downloader(client, tmp_path, **options).run("demo")
    assert report.ok and report.posts_seen == 4 and report.files_downloaded > 0
    assert frames[0] == ("PostFound", 0, 1, "posts 0/1 · 0 bytes")  # never "0/0 bytes"
    # The bar is full only when the last post is done, however many bytes are known by then.
    full = [i for i, (_, done, total, _) in enumerate(frames) if total is not None and done >= total]
    assert full == [len(frames) - 1]
    size = size_text(report.bytes_downloaded)
    assert frames[-1] == ("PostFinished", 4, 4, f"posts 4/4 · {size}/{size}")


@pytest.mark.parametrize("quiet", [(), ("-q",)], ids=["bars", "quiet"])
def test_each_failure_is_one_line_and_one_count(run: Run, fake: FakeBoosty, tmp_path: Path, quiet: tuple[str]) -> None:
    fake.inject(Fault.status(500), path="/image/*")
    fake.inject(Fault.status(500), path="/file/*")
    try:
        as_json = run("--json", "--retries", "0", "download", "demo", str(tmp_path / "j"), "--limit", "6")
        result = run("--retries", "0", "download", "demo", str(tmp_path / "t"), "--limit", "6", *quiet)
    finally:
        fake.clear_faults()
    errors = json.loads(as_json.stdout)["errors"]
    assert as_json.exit_code == result.exit_code == 1 and len(errors) >= 2
    lines = result.stderr.splitlines()
    failed = [line for line in lines if line.startswith("failed")]
    assert len(failed) == len(errors)  # one line a failure, nothing printed twice
    assert all(any(error["message"] in line for line in failed) for error in errors)
    assert not [line for line in lines if "FAILED" in line or line.startswith("error")]
    assert f", {len(errors)} failed; " in lines[-2]
    assert lines[-1] == f"boosty: {len(errors)} failures (see above); run the same command again to retry"


def test_messages_are_not_wrapped_when_stderr_is_not_a_terminal(run: Run, fake: FakeBoosty, tmp_path: Path) -> None:
    dest = tmp_path / ("a-rather-long-folder-name-" * 4) / "archive"
    fake.inject(Fault.status(500), path="/image/*")
    try:
        as_json = run("--json", "--retries", "0", "download", "demo", str(tmp_path / "j"), "--limit", "4")
        result = run("--retries", "0", "download", "demo", str(dest), "--limit", "4", COLUMNS="80")
    finally:
        fake.clear_faults()
    errors = json.loads(as_json.stdout)["errors"]
    lines = result.stderr.splitlines()
    assert errors and all(any(e["message"] in line and len(line) > 80 for line in lines) for e in errors)
    assert lines[-2].startswith("demo: 4 posts (") and lines[-2].endswith(f"-> {dest}")

"""``boosty download`` options, report and progress display, in-process against the fake server."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from boosty.cli.output import plural, size_text
from boosty.testing import FakeBoosty

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
    result = run("download", "demo", str(tmp_path / "a"), "--limit", "6", "--only", "text")
    assert result.exit_code == 0, result.output
    names = {p.name for p in files(tmp_path / "a")}
    assert names == {"post.md", "post.json"}
    assert len(files(tmp_path / "a")) == 12


def test_only_media_kinds(run: Run, tmp_path: Path) -> None:
    result = run("download", "demo", str(tmp_path / "a"), "--limit", "12", "--only", "images,audio")
    assert result.exit_code == 0, result.output
    suffixes = {p.suffix for p in files(tmp_path / "a")}
    assert suffixes and suffixes <= {".jpg", ".png", ".gif", ".mp3"}


def test_since_until(run: Run, fake: FakeBoosty, tmp_path: Path) -> None:
    since, until = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc), dt.datetime(2024, 3, 4, tzinfo=dt.timezone.utc)
    expected = [p for p in fake.posts("demo") if since.timestamp() <= p["publishTime"] < until.timestamp()]
    result = run("--json", "download", "demo", str(tmp_path / "a"), "--since", "2024-03-01", "--until", "2024-03-04")
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
    assert "total" in result.stderr and "(4 posts, " in result.stderr and " files done)" in result.stderr
    assert " kB" in result.stderr
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
    args = ("demo", "--limit", "3", "--only", "images")
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

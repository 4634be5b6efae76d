"""A destination that runs out of space (a real, small tmpfs): the download stops with one
:class:`~boosty.download.DownloadError` that says so, and a rerun after space is freed
completes with every file verified. Needs root (mount); CI runs as root."""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from boosty.download import Downloader, DownloadError
from boosty.testing import FakeBoosty

from .conftest import concrete


def _mount(path: Path, size: str, *, remount: bool = False) -> None:
    options = f"remount,size={size}" if remount else f"size={size}"
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], check=True, capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 and not os.environ.get("CI"):
        pytest.skip("mounting a tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    try:
        _mount(disk, "96k")
    except (OSError, subprocess.CalledProcessError) as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_disk_full_is_a_download_error_and_a_rerun_completes(fake_boosty: FakeBoosty, small_disk: Path) -> None:
    dest = small_disk / "archive"
    with fake_boosty.client("owner", sender=concrete("sync")) as client:
        with pytest.raises(DownloadError, match=r"disk is full; free some space") as caught:
            Downloader(client, dest, retries=0, fsync=False).run("music")
        assert "sqlite3" not in type(caught.value).__module__
        _mount(small_disk, "64m", remount=True)  # space is freed
        report = Downloader(client, dest, retries=0, fsync=False).run("music")
    assert report.ok, report
    checked = 0
    for post in fake_boosty.posts("music"):
        for block in post["data"]:
            if block["type"] not in ("image", "audio_file", "file"):
                continue
            matches = [p for p in dest.rglob("*") if p.is_file() and _sha(p) == fake_boosty.media_sha256(block["id"])]
            assert matches, f"{block['type']} {block['id']} is missing or corrupt"
            checked += 1
    assert checked > 0
    assert not list(dest.rglob("*.part"))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

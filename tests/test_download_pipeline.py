"""The downloader's pipeline over the fake server: more posts in flight than transfer slots,
never more transfers than ``jobs`` (sync and async, every backend)."""

from __future__ import annotations

from pathlib import Path

import pytest

from boosty import AsyncBoosty, Boosty
from boosty.download import DownloadEvent, FileFinished, FileStarted, PostFinished, PostStarted
from boosty.download.engine import POSTS_PER_JOB

from .test_download_mirror import mirror, mode, owner  # noqa: F401 - fixtures

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("jobs", [1, 2])
async def test_posts_overlap_but_transfers_stay_within_jobs(
    owner: Boosty | AsyncBoosty,  # noqa: F811 - the fixture
    tmp_path: Path,
    jobs: int,
) -> None:
    posts = transfers = most_posts = most_transfers = 0

    def watch(event: DownloadEvent) -> None:
        nonlocal posts, transfers, most_posts, most_transfers
        if isinstance(event, PostStarted):
            posts += 1
        elif isinstance(event, PostFinished) and event.status != "unchanged":
            posts -= 1
        elif isinstance(event, FileStarted):
            transfers += 1
        elif isinstance(event, FileFinished) and event.status in ("downloaded", "failed"):
            transfers -= 1
        most_posts, most_transfers = max(most_posts, posts), max(most_transfers, transfers)

    report = await mirror(owner, tmp_path, jobs=jobs, progress=watch)

    assert report.ok and report.files_downloaded >= 4
    assert 1 <= most_transfers <= jobs  # never more transfers than slots
    assert jobs < most_posts <= jobs * POSTS_PER_JOB
    assert posts == 0 and transfers == 0

"""One retry budget per file (issue #15 item 12): the downloader's own retries are never
multiplied by a RetryingSender in the client's chain. Real sockets, every backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from boosty import RetryingSender
from boosty.testing import FakeBoosty, Fault

from .conftest import concrete
from .test_download_mirror import media_ids, media_requests, mirror

pytestmark = pytest.mark.anyio


@pytest.fixture
def mode(backend_mode: str) -> str:
    return backend_mode


@pytest.mark.parametrize(
    "fault",
    [Fault.status(503, body=b"down"), Fault.drop()],
    ids=["503", "dropped"],
)
async def test_dead_media_host_gets_retries_plus_one_requests(
    fake_boosty: FakeBoosty, mode: str, tmp_path: Path, fault: Fault
) -> None:
    post = fake_boosty.posts("music")[0]
    ((audio_id, _),) = media_ids(post, "audio_file")
    fake_boosty.inject(fault, path=f"/audio/{audio_id}")  # every time: the host is dead
    chain = RetryingSender(3, concrete(mode), backoff_base=0.0, retry_after_cap=0.0)
    async with fake_boosty.client("owner", asynchronous=mode != "sync", sender=chain) as owner:
        report = await mirror(owner, tmp_path, limit=1, retries=3)
    assert report.files_failed == 1
    sent = len([r for r in media_requests(fake_boosty) if r.path == f"/audio/{audio_id}"])
    if mode == "aiohttp" and fault.kind == "drop":
        # aiohttp itself resends a GET once when a reused keep-alive connection drops (its
        # stale-connection rule, below any retry policy): at most twice per attempt.
        assert 3 + 1 <= sent <= 2 * (3 + 1)
    else:
        assert sent == 3 + 1  # was 16: (3 + 1) attempts of the downloader x (3 + 1) of the chain


async def test_api_requests_keep_the_chain_retries(fake_boosty: FakeBoosty, mode: str, tmp_path: Path) -> None:
    fake_boosty.inject(Fault.status(503, body=b"busy"), path="/v1/blog/music/post/", count=2)
    chain = RetryingSender(3, concrete(mode), backoff_base=0.0, retry_after_cap=0.0)
    async with fake_boosty.client("owner", asynchronous=mode != "sync", sender=chain) as owner:
        report = await mirror(owner, tmp_path, limit=1)
    assert report.ok and report.posts_new == 1

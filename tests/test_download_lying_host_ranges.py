"""A media host that lies or misbehaves, scenarios one by one on a 100 KiB file: 4xx answers
(the caller decides) and ranges (206 and 416 answers that do not fit)."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import httpx
import pytest

from boosty import BadRequest, HTTPError, Sender
from boosty.download import IncompleteDownload

from ._download_lying_host import SIZE, Host, _run, sender
from .test_download_fetch import DATA as BIG
from .test_download_fetch import _Body

pytestmark = pytest.mark.anyio

__all__ = ["sender"]  # a fixture, imported for use here


# -- 4xx: the caller decides -----------------------------------------------------------------


async def test_expired_link_fails_the_file_and_the_next_run_fetches_it(sender: Sender, tmp_path: Path) -> None:
    """A 400 from the media host (an expired signed link) is an error, never the file."""
    part = tmp_path / "v.part"
    part.write_bytes(BIG[:3000])
    expired = httpx.Response(400, content=b"<Error>Request has expired</Error>")
    host = Host(expired)
    with pytest.raises(BadRequest) as info:
        await _run(sender, part, host, declared_size=SIZE)
    assert info.value.status_code == 400 and b"expired" in info.value.response.content
    assert len(host.requests) == 1  # not retried: a new link is needed
    assert part.read_bytes() == BIG[:3000]  # the resumable prefix is kept
    # the next run, with a fresh link, resumes and completes the file
    fetched = await _run(sender, part, Host(), declared_size=SIZE)
    assert part.read_bytes() == BIG
    assert (fetched.size, fetched.resumed_from, fetched.downloaded) == (SIZE, 3000, SIZE - 3000)


@pytest.mark.parametrize("status", [401, 404, 410])
async def test_other_client_errors_raise_at_once(sender: Sender, tmp_path: Path, status: int) -> None:
    part = tmp_path / "v.part"
    host = Host(httpx.Response(status, content=b"no"))
    with pytest.raises(HTTPError) as info:
        await _run(sender, part, host, retries=5)
    assert info.value.status_code == status and len(host.requests) == 1
    assert not part.exists() or part.read_bytes() == b""


async def test_error_body_is_capped_at_64_kib(sender: Sender, tmp_path: Path) -> None:
    """An error page is read for the message, but never more than 64 KiB of it."""
    huge = b"x" * (300 * 1024)
    host = Host(httpx.Response(403, stream=_Body(huge)))
    with pytest.raises(HTTPError) as info:
        await _run(sender, tmp_path / "v.part", host)
    assert len(info.value.response.content) == 64 * 1024


# -- ranges ---------------------------------------------------------------------------------------


async def test_a_206_for_a_range_not_asked_for_is_not_kept(sender: Sender, tmp_path: Path) -> None:
    """No part yet, and the host answers 206 from byte 5000: those bytes are not the file's start."""
    part = tmp_path / "v.part"
    tail = {"Content-Range": f"bytes 5000-{SIZE - 1}/{SIZE}", "Content-Length": str(SIZE - 5000)}
    host = Host(httpx.Response(206, headers=tail, stream=_Body(BIG[5000:])))
    fetched = await _run(sender, part, host)
    assert part.read_bytes() == BIG
    assert host.ranges() == [None, None]
    assert fetched.downloaded == SIZE


async def test_a_206_without_content_range_starts_over(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "v.part"
    part.write_bytes(BIG[:100])
    host = Host(httpx.Response(206, headers={"Content-Length": str(SIZE - 100)}, stream=_Body(BIG[100:])))
    await _run(sender, part, host)
    assert part.read_bytes() == BIG
    assert host.ranges() == ["bytes=100-", None]


async def test_a_416_saying_another_total_starts_over(sender: Sender, tmp_path: Path) -> None:
    """A part as long as the 416's total is complete only if the API agrees on the size."""
    part = tmp_path / "v.part"
    part.write_bytes(BIG[:500])
    host = Host(httpx.Response(416, headers={"Content-Range": "bytes */500"}))
    fetched = await _run(sender, part, host, declared_size=SIZE)
    assert part.read_bytes() == BIG
    assert host.ranges() == ["bytes=500-", None]
    assert fetched.resumed_from == 500 and fetched.downloaded == SIZE


async def test_a_416_without_content_range_trusts_the_declared_size(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "v.part"
    part.write_bytes(BIG)
    host = Host(httpx.Response(416, headers={"Content-Type": "text/html"}))
    fetched = await _run(sender, part, host, declared_size=SIZE)
    assert part.read_bytes() == BIG and len(host.requests) == 1
    assert (fetched.size, fetched.downloaded, fetched.resumed_from) == (SIZE, 0, SIZE)
    assert fetched.content_type is None  # the 416 says nothing about the file's type


async def test_a_416_to_a_request_without_range_is_not_complete(sender: Sender, tmp_path: Path) -> None:
    """An empty part is never complete, whatever a 416 claims."""
    part = tmp_path / "v.part"
    host = Host(httpx.Response(416, headers={"Content-Range": "bytes */0"}))
    fetched = await _run(sender, part, host)
    assert part.read_bytes() == BIG and len(host.requests) == 2
    assert fetched.size == SIZE


async def test_a_body_longer_than_its_range_total_starts_over(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "v.part"
    part.write_bytes(BIG[:1000])
    headers = {"Content-Range": f"bytes 1000-{SIZE - 1}/{SIZE}"}  # no Content-Length
    host = Host(httpx.Response(206, headers=headers, stream=_Body(BIG[1000:] + b"trailing junk")))
    fetched = await _run(sender, part, host, chunk_size=4096)
    assert part.read_bytes() == BIG
    assert host.ranges() == ["bytes=1000-", None]
    assert fetched.resumed_from == 1000


async def test_content_range_with_unknown_total_uses_the_length(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "v.part"
    part.write_bytes(BIG[:1000])
    headers = {"Content-Range": f"bytes 1000-{SIZE - 1}/*", "Content-Length": str(SIZE - 1000)}
    events: list[Any] = []
    host = Host(httpx.Response(206, headers=headers, stream=_Body(BIG[1000:])))
    await _run(sender, part, host, on_start=lambda total, done: events.append((total, done)))
    assert part.read_bytes() == BIG and events == [(SIZE, 1000)]


async def test_an_encoded_body_is_checked_against_the_declared_size(sender: Sender, tmp_path: Path) -> None:
    """With Content-Encoding the header lengths count encoded bytes, so the decoded body is
    checked against the size the API declared: a gzipped file is kept, a gzipped page is not."""
    part = tmp_path / "v.part"
    packed = gzip.compress(BIG)
    headers = {"Content-Encoding": "gzip", "Content-Length": str(len(packed))}
    starts: list[Any] = []
    host = Host(httpx.Response(200, headers=headers, content=packed))
    fetched = await _run(sender, part, host, declared_size=SIZE, on_start=lambda t, d: starts.append((t, d)))
    assert part.read_bytes() == BIG and fetched.size == SIZE
    assert starts == [(SIZE, 0)]
    page = gzip.compress(b"<html>captive portal</html>")
    other = tmp_path / "w.part"
    host = Host(
        httpx.Response(200, headers={"Content-Encoding": "gzip", "Content-Length": str(len(page))}, content=page)
    )
    with pytest.raises(IncompleteDownload):
        await _run(sender, other, host, declared_size=SIZE, retries=0)
    assert not other.exists() or other.read_bytes() == b""
    # without a declared size, the decoded body is taken as it is
    fetched = await _run(sender, other, Host(httpx.Response(200, headers=headers, content=packed)))
    assert other.read_bytes() == BIG

"""Scenarios of the resumable fetch that nothing else exercised (issue #15, mutation testing):
an expired signed link, a range not asked for, Retry-After, a lying 416, progress and the
numbers a caller sees. Served at the httpx transport boundary (respx), sync and async."""

from __future__ import annotations

import gzip
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from boosty import BadRequest, HTTPError, Sender, ServiceUnavailable, TooManyRequests
from boosty.download import IncompleteDownload
from boosty.download.fetch import SenderIO, fetch

from .conftest import concrete
from .test_download_fetch import DATA, URL, _Body

pytestmark = pytest.mark.anyio

SIZE = len(DATA)


@pytest.fixture
async def sender(mode: str) -> AsyncIterator[Sender]:
    async with concrete(mode) as chain:
        yield chain


def _rest(request: httpx.Request) -> httpx.Response:
    """The truth: the file, or the rest of it from the Range asked for."""
    match = re.match(r"bytes=(\d+)-", request.headers.get("Range", ""))
    start = int(match.group(1)) if match else 0
    if start >= SIZE:
        return httpx.Response(416, headers={"Content-Range": f"bytes */{SIZE}"})
    headers = {"Content-Length": str(SIZE - start), "Content-Type": "video/mp4"}
    if not start:
        return httpx.Response(200, headers=headers, stream=_Body(DATA))
    headers["Content-Range"] = f"bytes {start}-{SIZE - 1}/{SIZE}"
    return httpx.Response(206, headers=headers, stream=_Body(DATA[start:]))


class Host:
    """Answers request ``n`` with ``answers[n]`` (a response or a function of the request),
    then the truth; remembers each request and when it arrived (monotonic seconds)."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.times: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.times.append(time.monotonic())
        answer = self.answers.pop(0) if self.answers else _rest
        return answer(request) if callable(answer) else answer

    def ranges(self) -> list[str | None]:
        return [r.headers.get("Range") for r in self.requests]


async def _run(sender: Sender, part: Path, host: Host, **kwargs: Any) -> Any:
    kwargs.setdefault("backoff", 0.0)
    with respx.mock(assert_all_mocked=True) as mock:
        mock.get(url__startswith="https://media.example/").mock(side_effect=host)
        return await fetch(SenderIO(sender), URL, part, **kwargs)


# -- 4xx: the caller decides -----------------------------------------------------------------


async def test_expired_link_fails_the_file_and_the_next_run_fetches_it(sender: Sender, tmp_path: Path) -> None:
    """A 400 from the media host (an expired signed link) is an error, never the file."""
    part = tmp_path / "v.part"
    part.write_bytes(DATA[:3000])
    expired = httpx.Response(400, content=b"<Error>Request has expired</Error>")
    host = Host(expired)
    with pytest.raises(BadRequest) as info:
        await _run(sender, part, host, declared_size=SIZE)
    assert info.value.status_code == 400 and b"expired" in info.value.response.content
    assert len(host.requests) == 1  # not retried: a new link is needed
    assert part.read_bytes() == DATA[:3000]  # the resumable prefix is kept
    # the next run, with a fresh link, resumes and completes the file
    fetched = await _run(sender, part, Host(), declared_size=SIZE)
    assert part.read_bytes() == DATA
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
    host = Host(httpx.Response(206, headers=tail, stream=_Body(DATA[5000:])))
    fetched = await _run(sender, part, host)
    assert part.read_bytes() == DATA
    assert host.ranges() == [None, None]
    assert fetched.downloaded == SIZE


async def test_a_206_without_content_range_starts_over(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "v.part"
    part.write_bytes(DATA[:100])
    host = Host(httpx.Response(206, headers={"Content-Length": str(SIZE - 100)}, stream=_Body(DATA[100:])))
    await _run(sender, part, host)
    assert part.read_bytes() == DATA
    assert host.ranges() == ["bytes=100-", None]


async def test_a_416_saying_another_total_starts_over(sender: Sender, tmp_path: Path) -> None:
    """A part as long as the 416's total is complete only if the API agrees on the size."""
    part = tmp_path / "v.part"
    part.write_bytes(DATA[:500])
    host = Host(httpx.Response(416, headers={"Content-Range": "bytes */500"}))
    fetched = await _run(sender, part, host, declared_size=SIZE)
    assert part.read_bytes() == DATA
    assert host.ranges() == ["bytes=500-", None]
    assert fetched.resumed_from == 500 and fetched.downloaded == SIZE


async def test_a_416_without_content_range_trusts_the_declared_size(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "v.part"
    part.write_bytes(DATA)
    host = Host(httpx.Response(416))
    fetched = await _run(sender, part, host, declared_size=SIZE)
    assert part.read_bytes() == DATA and len(host.requests) == 1
    assert (fetched.size, fetched.downloaded, fetched.resumed_from) == (SIZE, 0, SIZE)


async def test_a_416_to_a_request_without_range_is_not_complete(sender: Sender, tmp_path: Path) -> None:
    """An empty part is never complete, whatever a 416 claims."""
    part = tmp_path / "v.part"
    host = Host(httpx.Response(416, headers={"Content-Range": "bytes */0"}))
    fetched = await _run(sender, part, host)
    assert part.read_bytes() == DATA and len(host.requests) == 2
    assert fetched.size == SIZE


async def test_a_body_longer_than_its_range_total_starts_over(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "v.part"
    part.write_bytes(DATA[:1000])
    headers = {"Content-Range": f"bytes 1000-{SIZE - 1}/{SIZE}"}  # no Content-Length
    host = Host(httpx.Response(206, headers=headers, stream=_Body(DATA[1000:] + b"trailing junk")))
    fetched = await _run(sender, part, host, chunk_size=4096)
    assert part.read_bytes() == DATA
    assert host.ranges() == ["bytes=1000-", None]
    assert fetched.resumed_from == 1000


async def test_content_range_with_unknown_total_uses_the_length(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "v.part"
    part.write_bytes(DATA[:1000])
    headers = {"Content-Range": f"bytes 1000-{SIZE - 1}/*", "Content-Length": str(SIZE - 1000)}
    events: list[Any] = []
    host = Host(httpx.Response(206, headers=headers, stream=_Body(DATA[1000:])))
    await _run(sender, part, host, on_start=lambda total, done: events.append((total, done)))
    assert part.read_bytes() == DATA and events == [(SIZE, 1000)]


async def test_an_encoded_body_is_checked_against_nothing_but_itself(sender: Sender, tmp_path: Path) -> None:
    """With Content-Encoding the lengths count encoded bytes: no total is assumed."""
    part = tmp_path / "v.part"
    packed = gzip.compress(DATA)
    headers = {"Content-Encoding": "gzip", "Content-Length": str(len(packed))}
    starts: list[Any] = []
    host = Host(httpx.Response(200, headers=headers, content=packed))
    fetched = await _run(sender, part, host, declared_size=SIZE, on_start=lambda t, d: starts.append((t, d)))
    assert part.read_bytes() == DATA and fetched.size == SIZE
    assert starts == [(None, 0)]


# -- waiting ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_is_waited_out(sender: Sender, tmp_path: Path, status: int) -> None:
    """A 429 or 503 with ``Retry-After: 1`` makes the next attempt wait at least that second
    (the back-off alone would not wait at all here)."""
    part = tmp_path / "v.part"
    host = Host(httpx.Response(status, headers={"Retry-After": "1"}, content=b"slow down"))
    await _run(sender, part, host, backoff=0.0)
    assert part.read_bytes() == DATA and len(host.requests) == 2
    assert host.times[1] - host.times[0] >= 1.0


async def test_backoff_doubles_between_attempts(sender: Sender, tmp_path: Path) -> None:
    """``backoff`` seconds after the first failure, twice that after the second."""
    part = tmp_path / "v.part"
    host = Host(httpx.Response(500), httpx.Response(502))
    await _run(sender, part, host, backoff=0.2)
    gaps = [b - a for a, b in zip(host.times, host.times[1:])]
    assert len(gaps) == 2 and gaps[0] >= 0.2 and gaps[1] >= 0.4


@pytest.mark.parametrize("error", [TooManyRequests, ServiceUnavailable])
async def test_after_the_retries_the_last_answer_is_raised(sender: Sender, tmp_path: Path, error: type) -> None:
    status = 429 if error is TooManyRequests else 503
    host = Host(*[httpx.Response(status, headers={"Retry-After": "0"})] * 3)
    with pytest.raises(error):
        await _run(sender, tmp_path / "v.part", host, retries=2)
    assert len(host.requests) == 3


async def test_cut_connections_count_every_byte_and_reset_the_budget(sender: Sender, tmp_path: Path) -> None:
    """Each attempt that adds bytes gets a fresh budget: four cuts with retries=1 still finish,
    and the bytes a cut step had written count in ``downloaded`` and in the progress."""
    part = tmp_path / "v.part"

    def cut(request: httpx.Request) -> httpx.Response:
        response = _rest(request)
        start = SIZE - int(response.headers["Content-Length"])
        return httpx.Response(
            response.status_code, headers=response.headers, stream=_Body(DATA[start:], cut=(SIZE - start) // 4)
        )

    host = Host(cut, cut, cut, cut)
    steps: list[int] = []
    fetched = await _run(sender, part, host, retries=1, on_progress=lambda step, done, total: steps.append(step))
    assert part.read_bytes() == DATA and len(host.requests) == 5
    assert fetched.downloaded == SIZE and sum(steps) == SIZE


async def test_a_lying_2xx_counts_as_a_failed_attempt(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "v.part"
    host = Host(*[httpx.Response(204)] * 2)
    with pytest.raises(IncompleteDownload, match="204"):
        await _run(sender, part, host, retries=1)
    assert len(host.requests) == 2


async def test_the_short_answer_names_what_it_sent(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "v.part"
    short = {"Content-Length": str(SIZE)}
    host = Host(*[httpx.Response(200, headers=short, stream=_Body(DATA[:10]))] * 3)
    with pytest.raises(IncompleteDownload, match=f"after 10 of {SIZE} bytes"):
        await _run(sender, part, host, retries=0)
    assert part.read_bytes() == DATA[:10]  # kept for a resume


async def test_a_declared_size_mismatch_is_not_written(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "v.part"
    page = b"<html>captive portal</html>"
    host = Host(httpx.Response(200, headers={"Content-Length": str(len(page))}, content=page))
    with pytest.raises(IncompleteDownload, match=f"declared {len(page)} bytes where the API declared {SIZE}"):
        await _run(sender, part, host, declared_size=SIZE, retries=0)
    assert not part.exists() or part.read_bytes() == b""


# -- what the caller sees -------------------------------------------------------------------------


async def test_progress_reports_each_step_and_a_restart(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "v.part"
    part.write_bytes(b"stale bytes")
    events: list[Any] = []
    host = Host(lambda request: httpx.Response(200, headers={"Content-Length": str(SIZE)}, stream=_Body(DATA)))
    fetched = await _run(
        sender,
        part,
        host,
        chunk_size=SIZE // 4,
        fsync=False,
        on_start=lambda total, done: events.append(("start", total, done)),
        on_progress=lambda step, done, total: events.append(("step", step, done, total)),
    )
    assert events[0] == ("step", -11, 0, None)  # the stale part is dropped: progress goes back
    assert events[1] == ("start", SIZE, 0)
    steps = events[2:]
    assert [e[2] for e in steps] == sorted(e[2] for e in steps) and steps[-1][2:] == (SIZE, SIZE)
    assert sum(e[1] for e in steps) == SIZE and len(steps) >= 4
    assert fetched.content_type is None and fetched.resumed_from == 11 and fetched.downloaded == SIZE

"""A media host that lies or misbehaves, scenarios one by one on a 100 KiB file: waiting
(Retry-After, backoff, the retry budget) and what the caller sees (progress, errors)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from boosty import Forbidden, HTTPError, RequestTimeout, Sender, ServiceUnavailable, TooManyRequests
from boosty.download import IncompleteDownload
from boosty.download.fetch import SenderIO, fetch
from boosty.testing import FakeBoosty, Fault

from ._download_lying_host import SIZE, URL, Host, _rest, _run, sender
from .conftest import concrete
from .test_download_fetch import DATA as BIG
from .test_download_fetch import _Body

pytestmark = pytest.mark.anyio

__all__ = ["sender"]  # a fixture, imported for use here


# -- waiting ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_is_waited_out(sender: Sender, tmp_path: Path, status: int) -> None:
    """A 429 or 503 with ``Retry-After: 1`` makes the next attempt wait at least that second
    (the back-off alone would not wait at all here)."""
    part = tmp_path / "v.part"
    host = Host(httpx.Response(status, headers={"Retry-After": "1"}, content=b"slow down"))
    await _run(sender, part, host, backoff=0.0)
    assert part.read_bytes() == BIG and len(host.requests) == 2
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
            response.status_code, headers=response.headers, stream=_Body(BIG[start:], cut=(SIZE - start) // 4)
        )

    host = Host(cut, cut, cut, cut)
    steps: list[int] = []
    fetched = await _run(sender, part, host, retries=1, on_progress=lambda step, done, total: steps.append(step))
    assert part.read_bytes() == BIG and len(host.requests) == 5
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
    host = Host(*[httpx.Response(200, headers=short, stream=_Body(BIG[:10]))] * 3)
    with pytest.raises(IncompleteDownload, match=f"after 10 of {SIZE} bytes"):
        await _run(sender, part, host, retries=0)
    assert part.read_bytes() == BIG[:10]  # kept for a resume


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
    host = Host(lambda request: httpx.Response(200, headers={"Content-Length": str(SIZE)}, stream=_Body(BIG)))
    fetched = await _run(
        sender,
        part,
        host,
        chunk_size=8192,
        fsync=False,
        on_start=lambda total, done: events.append(("start", total, done)),
        on_progress=lambda step, done, total: events.append(("step", step, done, total)),
    )
    assert events[0] == ("step", -11, 0, None)  # the stale part is dropped: progress goes back
    assert events[1] == ("start", SIZE, 0)
    steps = events[2:]
    assert [e[2] for e in steps] == sorted(e[2] for e in steps) and steps[-1][2:] == (SIZE, SIZE)
    assert sum(e[1] for e in steps) == SIZE and {e[1] for e in steps[:-1]} == {8192}  # a step every chunk_size bytes
    assert fetched.content_type is None and fetched.resumed_from == 11 and fetched.downloaded == SIZE
    assert len(host.requests) == 1


async def test_a_body_running_past_its_length_is_not_trusted(sender: Sender, tmp_path: Path) -> None:
    """Bytes beyond the declared Content-Length mean the answer is not the file: start over,
    even when the declared length was reached exactly at a chunk's end."""
    part = tmp_path / "v.part"
    headers = {"Content-Length": str(SIZE)}
    host = Host(httpx.Response(200, headers=headers, stream=_Body(BIG + b"j" * 4096)))
    fetched = await _run(sender, part, host, chunk_size=4096)
    assert part.read_bytes() == BIG and host.ranges() == [None, None]
    assert fetched.size == SIZE


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            lambda r: httpx.Response(200, headers={"Content-Length": "10"}, stream=_Body(BIG[:20])),
            "sent 20 bytes where 10",
        ),
        (
            lambda r: httpx.Response(206, headers={"Content-Range": f"bytes 7-{SIZE - 1}/{SIZE}"}, stream=_Body(BIG)),
            "unexpected Content-Range",
        ),
        (lambda r: httpx.Response(416, headers={"Content-Range": "bytes */9"}), "refused the range"),
    ],
    ids=["long", "other-range", "bad-416"],
)
async def test_the_last_failure_says_what_went_wrong(sender: Sender, tmp_path: Path, answer: Any, message: str) -> None:
    part = tmp_path / "v.part"
    with pytest.raises(IncompleteDownload, match=message):
        await _run(sender, part, Host(answer, answer), retries=1)


async def test_a_cut_error_page_is_still_the_status_error(sender: Sender, tmp_path: Path) -> None:
    """A 403 whose page is cut off raises Forbidden (with the body it could read: none), not a network error."""
    host = Host(httpx.Response(403, stream=_Body(b"denied" * 100, cut=0)))
    with pytest.raises(Forbidden) as info:
        await _run(sender, tmp_path / "v.part", host)
    assert info.value.response.content == b""


async def test_an_empty_content_encoding_is_identity(sender: Sender, tmp_path: Path) -> None:
    """``Content-Encoding:`` with no value: the lengths count the file's bytes, so a short body is noticed."""
    part = tmp_path / "v.part"
    headers = {"Content-Encoding": "", "Content-Length": str(SIZE)}
    host = Host(httpx.Response(200, headers=headers, stream=_Body(BIG[:100])))
    with pytest.raises(IncompleteDownload, match=f"after 100 of {SIZE} bytes"):
        await _run(sender, part, host, retries=0)


async def test_timeout_applies_to_each_media_request(mode: str, fake_boosty: FakeBoosty, tmp_path: Path) -> None:
    """A media host that sits on the request (a real socket) fails the attempt after ``timeout`` seconds."""
    fake_boosty.inject(Fault.delay(3.0), origin="media")
    async with concrete(mode) as chain:
        with pytest.raises(RequestTimeout):  # not the 404 the held request ends with
            await fetch(
                SenderIO(chain), f"{fake_boosty.media_url}/image/held", tmp_path / "v.part", timeout=0.3, retries=0
            )


async def test_the_default_budget_is_three_retries(sender: Sender, tmp_path: Path) -> None:
    """Without ``retries=``, a dead media host gets 4 requests (3 retries), with a back-off of
    at least 0.5 s, 1 s and 2 s between them."""
    host = Host(*[httpx.Response(502)] * 5)
    with respx.mock(assert_all_mocked=True) as mock:
        mock.get(url__startswith="https://media.example/").mock(side_effect=host)
        with pytest.raises(HTTPError):
            await fetch(SenderIO(sender), URL, tmp_path / "v.part")
    gaps = [b - a for a, b in zip(host.times, host.times[1:])]
    assert len(host.requests) == 4
    assert gaps[0] >= 0.5 and gaps[1] >= 1.0 and gaps[2] >= 2.0


@pytest.mark.parametrize("cut", [8192, 8193], ids=["between-steps", "one-byte-into-a-step"])
async def test_a_cut_step_reports_exactly_what_it_wrote(sender: Sender, tmp_path: Path, cut: int) -> None:
    """Progress after a cut connection counts exactly the bytes written: none for a cut where a
    step ended (no empty event), one for a cut one byte into a step; ``done`` keeps growing."""
    part = tmp_path / "v.part"
    headers = {"Content-Length": str(SIZE)}
    host = Host(httpx.Response(200, headers=headers, stream=_Body(BIG, cut=cut)))
    events: list[tuple[int, int, int | None]] = []
    await _run(sender, part, host, chunk_size=4096, on_progress=lambda *event: events.append(event))
    assert part.read_bytes() == BIG and len(host.requests) == 2
    steps = [step for step, _, _ in events]
    assert 0 not in steps and sum(steps) == SIZE and steps[:3] == [4096, 4096, *([1] if cut % 4096 else [4096])]
    assert [done for _, done, _ in events] == list(itertools.accumulate(steps))
    assert {total for _, _, total in events} == {SIZE}

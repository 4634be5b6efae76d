"""The resumable streaming fetch (boosty.download.fetch), at the httpx transport boundary (respx)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from boosty import Forbidden, NetworkError, Sender
from boosty.download import IncompleteDownload
from boosty.download.fetch import SenderIO, fetch

from .conftest import concrete

pytestmark = pytest.mark.anyio

URL = "https://media.example/file/abc?sig=s3cret"
DATA = bytes(range(256)) * 400  # 102400 bytes


class _Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body in 4 KiB chunks that raises ``httpx.ReadError`` after ``cut`` bytes."""

    def __init__(self, data: bytes, cut: int | None = None) -> None:
        self.data, self.cut = data, cut

    def _chunks(self) -> Iterator[bytes]:
        limit = len(self.data) if self.cut is None else self.cut
        for i in range(0, limit, 4096):
            yield self.data[i : min(i + 4096, limit)]
        if self.cut is not None:
            raise httpx.ReadError("connection cut")

    def __iter__(self) -> Iterator[bytes]:
        yield from self._chunks()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks():
            yield chunk


class Server:
    """Serves DATA with Range support; ``plan`` lists per-request misbehaviours."""

    def __init__(self, data: bytes = DATA, plan: list[str] | None = None) -> None:
        self.data = data
        self.plan = list(plan or [])
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.plan.pop(0) if self.plan else "ok"
        size = len(self.data)
        if step.startswith("status"):
            return httpx.Response(int(step[6:]), json={"error": "nope"})
        rng = request.headers.get("Range")
        start = int(re.match(r"bytes=(\d+)-", rng).group(1)) if rng and step != "ignore-range" else 0  # type: ignore[union-attr]
        if start >= size and rng:
            return httpx.Response(416, headers={"Content-Range": f"bytes */{size}"})
        if step == "always-206":  # a partial-content answer even without a Range
            headers = {"Content-Range": f"bytes {start}-{size - 1}/{size}", "Content-Length": str(size - start)}
            return httpx.Response(206, headers=headers, stream=_Body(self.data[start:]))
        if step == "wrong-range":
            start = 0
            headers = {"Content-Range": f"bytes 0-{size - 1}/{size}", "Content-Length": str(size)}
            return httpx.Response(206, headers=headers, stream=_Body(self.data))
        body = self.data[start:]
        headers = {"Content-Length": str(len(body)), "Content-Type": "application/zip"}
        status = 200
        if start:
            status = 206
            headers["Content-Range"] = f"bytes {start}-{size - 1}/{size}"
        if step == "short":
            return httpx.Response(status, headers=headers, stream=_Body(body[: len(body) // 3]))
        if step == "long":
            headers["Content-Length"] = str(len(body) - 10)
            return httpx.Response(status, headers=headers, stream=_Body(body))
        if step == "cut":
            return httpx.Response(status, headers=headers, stream=_Body(body, cut=len(body) // 2))
        return httpx.Response(status, headers=headers, stream=_Body(body))


@pytest.fixture
async def sender(mode: str) -> AsyncIterator[Sender]:
    s = concrete(mode)
    async with s:
        yield s


async def _fetch(sender: Sender, part: Path, server: Server, **kwargs: Any) -> Any:
    events: list[tuple[str, Any]] = []
    with respx.mock(assert_all_mocked=True) as mock:
        mock.get(url__startswith="https://media.example/").mock(side_effect=server)
        result = await fetch(
            SenderIO(sender),
            URL,
            part,
            backoff=0.0,
            on_start=lambda total, done: events.append(("start", (total, done))),
            on_progress=lambda adv, done, total: events.append(("progress", (adv, done, total))),
            **kwargs,
        )
    return result, events


async def test_fresh_download_streams_to_part(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "a.zip.part"
    server = Server()
    result, events = await _fetch(sender, part, server, chunk_size=16384)
    assert part.read_bytes() == DATA
    assert (result.size, result.downloaded, result.resumed_from) == (len(DATA), len(DATA), 0)
    assert result.content_type == "application/zip"
    sent = server.requests[0]
    assert "range" not in sent.headers and "authorization" not in sent.headers and "cookie" not in sent.headers
    assert sent.headers["accept-encoding"] == "identity"
    assert events[0] == ("start", (len(DATA), 0))
    progress = [e[1] for e in events if e[0] == "progress"]
    assert len(progress) > 1 and progress[-1][1:] == (len(DATA), len(DATA))
    assert sum(p[0] for p in progress) == len(DATA)


async def test_resumes_existing_part_with_range(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "a.part"
    part.write_bytes(DATA[:1000])
    server = Server()
    result, events = await _fetch(sender, part, server)
    assert hashlib.sha256(part.read_bytes()).digest() == hashlib.sha256(DATA).digest()
    assert server.requests[0].headers["range"] == "bytes=1000-"
    assert (result.resumed_from, result.downloaded) == (1000, len(DATA) - 1000)
    assert events[0] == ("start", (len(DATA), 1000))


@pytest.mark.parametrize("fault", ["short", "cut"])
async def test_short_or_cut_body_is_resumed(sender: Sender, tmp_path: Path, fault: str) -> None:
    part = tmp_path / "a.part"
    server = Server(plan=[fault])
    await _fetch(sender, part, server)
    assert part.read_bytes() == DATA
    assert len(server.requests) == 2
    assert "range" not in server.requests[0].headers
    assert re.fullmatch(r"bytes=\d+-", server.requests[1].headers["range"])


async def test_200_to_a_range_request_starts_over(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "a.part"
    part.write_bytes(b"garbage" * 10)
    server = Server(plan=["ignore-range"])
    result, events = await _fetch(sender, part, server)
    assert part.read_bytes() == DATA
    assert ("progress", (-70, 0, None)) in events
    assert result.downloaded == len(DATA)


async def test_206_with_other_start_starts_over(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "a.part"
    part.write_bytes(DATA[:500])
    server = Server(plan=["wrong-range"])
    await _fetch(sender, part, server)
    assert part.read_bytes() == DATA
    assert "range" not in server.requests[1].headers


async def test_206_for_the_whole_file_without_a_range_is_taken(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "a.part"
    server = Server(plan=["always-206"] * 5)
    result, _ = await _fetch(sender, part, server)
    assert part.read_bytes() == DATA and result.downloaded == len(DATA)
    assert len(server.requests) == 1 and "range" not in server.requests[0].headers


async def test_416_on_a_complete_part_needs_no_body(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "a.part"
    part.write_bytes(DATA)
    server = Server()
    result, _ = await _fetch(sender, part, server)
    assert len(server.requests) == 1 and result.downloaded == 0
    assert part.read_bytes() == DATA


async def test_416_on_a_part_too_long_starts_over(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "a.part"
    part.write_bytes(DATA + b"extra")
    server = Server()
    await _fetch(sender, part, server)
    assert part.read_bytes() == DATA
    assert "range" not in server.requests[1].headers


async def test_longer_body_than_declared_starts_over(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "a.part"
    server = Server(plan=["long"])
    await _fetch(sender, part, server)
    assert part.read_bytes() == DATA


async def test_forbidden_raises_and_keeps_the_part(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "a.part"
    part.write_bytes(DATA[:10])
    with pytest.raises(Forbidden) as info:
        await _fetch(sender, part, Server(plan=["status403"]))
    assert part.read_bytes() == DATA[:10]
    assert "s3cret" not in str(info.value)


async def test_server_errors_are_retried(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "a.part"
    server = Server(plan=["status503", "status500"])
    await _fetch(sender, part, server)
    assert part.read_bytes() == DATA and len(server.requests) == 3


async def test_gives_up_after_retries_without_progress(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "a.part"
    server = Server(plan=["status502"] * 5)
    with pytest.raises(NetworkError.__mro__[1]):  # BoostyError
        await _fetch(sender, part, server, retries=2)
    assert len(server.requests) == 3


async def test_declared_size_checks_a_body_without_length(sender: Sender, tmp_path: Path) -> None:
    part = tmp_path / "a.part"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=_Body(DATA[:100]))  # no Content-Length

    with respx.mock() as mock:
        mock.get(url__startswith="https://media.example/").mock(side_effect=handler)
        with pytest.raises(IncompleteDownload):
            await fetch(SenderIO(sender), URL, part, declared_size=len(DATA), retries=1, backoff=0.0)
    assert part.stat().st_size == 100

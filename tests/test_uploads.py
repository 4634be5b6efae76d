"""Uploads over a socket against the fake (sync and async), auth scoping, and streaming memory."""

from __future__ import annotations

import hashlib
import io
import os
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import respx

from boosty import AsyncBoosty, AsyncSender, Boosty, RetryingSender, ServiceUnavailable, SyncSender, Unauthorised
from boosty._client.base import DEFAULT_UPLOAD_BASE_URL
from boosty._model.compose import content_blocks
from boosty.models import FileBlock, ImageBlock
from boosty.testing import FakeBoosty, Fault

from ._wire import Sent, wire_client
from .conftest import resolve

pytestmark = pytest.mark.anyio
Client = Boosty | AsyncBoosty
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
JPEG = b"\xff\xd8\xff\xe0" + b"jpeg" * 100


@pytest.fixture
async def owner(fake_boosty: FakeBoosty, mode: str) -> AsyncIterator[tuple[Client, list[Sent]]]:
    async for pair in wire_client(fake_boosty, mode):
        yield pair


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("kind", ["path", "str", "bytes", "fileobj"])
async def test_upload_image_sends_the_raw_file_to_the_upload_host(
    owner: tuple[Client, list[Sent]], fake_boosty: FakeBoosty, tmp_path: Path, kind: str
) -> None:
    client, log = owner
    path = tmp_path / "photo.jpg"
    path.write_bytes(JPEG)
    source: Any = {"path": path, "str": str(path), "bytes": JPEG, "fileobj": io.BytesIO(JPEG)}[kind]
    block = await resolve(client.upload_image(source))
    (sent,) = log
    assert (sent.method, sent.path, sent.content_type, sent.authorised) == (
        "POST",
        "/v1/media_data/image/",
        "image/jpeg",
        True,
    )
    assert isinstance(block, ImageBlock) and block.id and block.size == len(JPEG)
    assert fake_boosty.world.uploads[block.id]["sha256"] == sha(JPEG)
    (request,) = [r for r in fake_boosty.requests if r.path == "/v1/media_data/image/"]
    assert request.headers["content-length"] == str(len(JPEG)) and "transfer-encoding" not in request.headers
    assert content_blocks([block])[0]["id"] == block.id  # goes straight into content


async def test_upload_file_is_multipart(
    owner: tuple[Client, list[Sent]], fake_boosty: FakeBoosty, tmp_path: Path
) -> None:
    client, log = owner
    path = tmp_path / "notes.pdf"
    data = b"%PDF-1.4\n" + bytes(range(256)) * 300
    path.write_bytes(data)
    block = await resolve(client.upload_file(path))
    (sent,) = log
    assert (sent.method, sent.path) == ("POST", "/v1/upload/")
    assert sent.content_type.startswith("multipart/form-data; boundary=") and sent.authorised
    assert isinstance(block, FileBlock) and block.title == "notes.pdf" and block.size == len(data)
    upload = fake_boosty.world.uploads[block.id]
    assert (upload["sha256"], upload["name"], upload["contentType"]) == (sha(data), "notes.pdf", "application/pdf")
    again = await resolve(client.upload_file(b"abc", filename="a.txt"))
    assert again.title == "a.txt" and fake_boosty.world.uploads[again.id]["sha256"] == sha(b"abc")


class Pipe(io.RawIOBase):
    """A binary stream that cannot seek (like a pipe)."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


async def test_a_stream_that_cannot_seek_is_read_once(
    owner: tuple[Client, list[Sent]], fake_boosty: FakeBoosty
) -> None:
    client, _ = owner
    block = await resolve(client.upload_image(Pipe(PNG), filename="pipe.png"))
    assert fake_boosty.world.uploads[block.id]["sha256"] == sha(PNG)
    attachment = await resolve(client.upload_file(io.BufferedReader(Pipe(b"data")), filename="d.bin"))
    assert attachment.title == "d.bin" and fake_boosty.world.uploads[attachment.id]["size"] == 4


BAD: list[tuple[str, Any, type[Exception], str]] = [
    ("missing", "/no/such/file.png", FileNotFoundError, "no such file"),
    ("folder", ".", FileNotFoundError, "no such file"),
    ("text mode", io.StringIO("text"), TypeError, "binary mode"),
    ("number", 42, TypeError, "expected a path, bytes"),
    ("not an image", b"plain text", ValueError, "is not an image"),
]


@pytest.mark.parametrize(("file", "error", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
async def test_bad_files_are_refused_before_any_request(
    owner: tuple[Client, list[Sent]], file: Any, error: type[Exception], message: str
) -> None:
    client, log = owner
    with pytest.raises(error, match=message):
        await resolve(client.upload_image(file))
    assert log == []


async def test_uploads_need_a_user(fake_boosty: FakeBoosty, mode: str) -> None:
    async for client, _ in wire_client(fake_boosty, mode, None):
        with pytest.raises(Unauthorised):
            await resolve(client.upload_image(PNG))
        with pytest.raises(Unauthorised):
            await resolve(client.upload_file(PNG))


async def test_credentials_go_to_the_upload_host_and_no_other(mode: str) -> None:
    cls = AsyncBoosty if mode == "async" else Boosty
    answer = {"id": "img-1", "type": "image", "url": "https://images.boosty.to/image/img-1", "size": 3}
    with respx.mock(assert_all_called=True) as mock:
        upload = mock.post("https://upload.example/v1/media_data/image/").respond(json={"data": answer})
        other = mock.get("https://elsewhere.example/x").respond(json={})
        async with cls("secret", upload_base_url="https://upload.example/") as client:
            block = await resolve(client.upload_image(PNG))
            await resolve(client.request("GET", "https://elsewhere.example/x"))
    assert block.id == "img-1" and block.url == answer["url"]
    assert upload.calls[0].request.headers["authorization"] == "Bearer secret"
    assert upload.calls[0].request.content == PNG
    assert "authorization" not in other.calls[0].request.headers
    assert Boosty().upload_base_url == DEFAULT_UPLOAD_BASE_URL == "https://uploadimg.boosty.to"
    with pytest.raises(ValueError, match="upload_base_url"):
        Boosty(upload_base_url="ftp://x")


async def test_a_bad_upload_answer_is_a_parse_error(client: Client) -> None:
    from boosty import ParseError

    with respx.mock() as mock:
        mock.post(f"{DEFAULT_UPLOAD_BASE_URL}/v1/media_data/image/").respond(json={"data": {}})
        with pytest.raises(ParseError, match="media id"):
            await resolve(client.upload_image(PNG))


async def test_a_40_mb_file_streams_from_disk(fake_boosty: FakeBoosty, mode: str, tmp_path: Path) -> None:
    size = 40 * 1024 * 1024
    path = tmp_path / "big.png"
    path.write_bytes(PNG[:8])
    os.truncate(path, size)  # sparse: a PNG signature, then a hole
    expected = hashlib.sha256(PNG[:8])
    zeros = bytes(1024 * 1024)
    for _ in range(39):
        expected.update(zeros)
    expected.update(bytes(1024 * 1024 - 8))
    async for client, _ in wire_client(fake_boosty, mode):
        await resolve(client.upload_image(PNG))  # connection and code paths warm
        tracemalloc.start()
        try:
            block = await resolve(client.upload_image(path))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert fake_boosty.world.uploads[block.id] == {
        "kind": "image",
        "size": size,
        "sha256": expected.hexdigest(),
        "contentType": "image/png",
        "name": "",
    }
    assert peak < 8 * 1024 * 1024, f"traced peak {peak / 2**20:.1f} MiB"


@pytest.mark.parametrize("kind", ["path", "fileobj"])
async def test_a_429_resends_the_whole_file_and_a_503_is_not_retried(
    fake_boosty: FakeBoosty, mode: str, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(PNG)
    chain = RetryingSender(retries=3, backoff_base=0, sender=AsyncSender() if mode == "async" else SyncSender())
    route = "/v1/media_data/image/"
    async with fake_boosty.client("owner", asynchronous=mode == "async", sender=chain) as client:
        source: Any = path if kind == "path" else io.BytesIO(PNG)
        fake_boosty.inject(Fault.rate_limit(0), path=route, count=1)
        block = await resolve(client.upload_image(source))
        assert [r.status for r in fake_boosty.requests if r.path == route] == [429, 200]
        assert fake_boosty.world.uploads[block.id]["sha256"] == sha(PNG)
        fake_boosty.clear_requests()
        fake_boosty.inject(Fault.status(503), path=route, count=1)
        with pytest.raises(ServiceUnavailable):
            await resolve(client.upload_image(source))
        assert [r.status for r in fake_boosty.requests if r.path == route] == [503]

"""Misuse gets typed errors (issue #15 item 9): a closed client, a bad sender or method, a
download destination that is a file; close() ends a running start_polling."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

from boosty import AsyncBoosty, Boosty, BoostyError, Request
from boosty._errors import ClientClosedError
from boosty.download import AsyncDownloader, Downloader, DownloadOptionError
from boosty.testing import FakeBoosty

from .conftest import concrete, resolve

pytestmark = pytest.mark.anyio


def _client(mode: str, fake: FakeBoosty) -> Boosty | AsyncBoosty:
    sender = concrete(mode)
    kind = AsyncBoosty if sender.is_async else Boosty
    return kind(base_url=fake.base_url, sender=sender)


async def _close(client: Boosty | AsyncBoosty) -> None:
    if client.is_async:
        await client.aclose()
    else:
        client.close()


async def test_calls_on_a_closed_client_raise_client_closed(mode: str, fake_boosty: FakeBoosty) -> None:
    client = _client(mode, fake_boosty)
    derived = client.with_headers({"X-A": "b"})
    assert not client.closed and not derived.closed
    assert (await resolve(client.blog("demo"))).blog_url == "demo"
    await _close(client)
    await _close(client)  # twice: harmless
    assert client.closed and derived.closed
    seen = len(fake_boosty.requests)
    for call in (
        lambda: client.blog("demo"),
        lambda: derived.blog("demo"),
        lambda: client.request("GET", "/v1/blog/demo"),
        lambda: client.send(Request("GET", f"{fake_boosty.base_url}/v1/blog/demo")),
    ):
        with pytest.raises(ClientClosedError, match="is closed") as info:
            await resolve(call())
        assert isinstance(info.value, BoostyError) and isinstance(info.value, RuntimeError)
    assert len(fake_boosty.requests) == seen  # nothing reached the server


async def test_derived_client_close_leaves_the_parent_open(mode: str, fake_boosty: FakeBoosty) -> None:
    client = _client(mode, fake_boosty)
    await _close(client.with_timeout(5.0))
    assert not client.closed
    assert (await resolve(client.blog("demo"))).blog_url == "demo"
    await _close(client)


async def test_aclose_stops_a_running_start_polling(fake_boosty: FakeBoosty) -> None:
    client = _client("async", fake_boosty)
    assert isinstance(client, AsyncBoosty)
    client.on()(lambda event: None)
    task = asyncio.ensure_future(client.start_polling("demo", interval=600))
    await asyncio.sleep(0.5)  # the first poll ends; the loop waits 600 s
    assert fake_boosty.requests
    await client.aclose()
    await asyncio.wait_for(task, 10)  # returns, no error
    assert task.exception() is None


def test_close_stops_a_running_start_polling(fake_boosty: FakeBoosty) -> None:
    client = Boosty(base_url=fake_boosty.base_url)
    client.on()(lambda event: None)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            client.start_polling("demo", interval=600)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.5)  # the first poll ends; the loop waits 600 s
    assert fake_boosty.requests
    client.close()
    thread.join(10)
    alive = thread.is_alive()
    if alive:  # leave no thread behind whatever the outcome
        client.stop_polling()
        thread.join()
    assert not alive and errors == []


@pytest.mark.parametrize("kind", [Boosty, AsyncBoosty])
def test_sender_that_is_not_a_sender_is_a_type_error(kind: type) -> None:
    with pytest.raises(TypeError, match="sender must be a boosty Sender"):
        kind(sender="x")
    with pytest.raises(TypeError, match="sender must be a boosty Sender"):
        kind(sender="x", asynchronous=kind is AsyncBoosty or None)


async def test_request_with_a_bad_method_or_path_is_a_type_error(mode: str, fake_boosty: FakeBoosty) -> None:
    client = _client(mode, fake_boosty)
    try:
        for args, name in (((None, "/v1/x"), "method"), (("GET", None), "path"), ((b"GET", "/v1/x"), "method")):
            with pytest.raises(TypeError, match=name):
                await resolve(client.request(*args))
        with pytest.raises(TypeError, match="idempotent"):
            await resolve(client.request("POST", "/v1/x", idempotent="yes"))
        with pytest.raises(TypeError, match="request must be"):
            await resolve(client.send("GET /v1/x"))
    finally:
        await _close(client)
    assert fake_boosty.requests == []


@pytest.mark.parametrize("downloader", [Downloader, AsyncDownloader])
def test_download_destination_that_is_a_file(tmp_path: Path, downloader: type) -> None:
    dest = tmp_path / "archive"
    dest.write_text("not a folder")
    with Boosty(base_url="http://127.0.0.1:9") as client, pytest.raises(DownloadOptionError, match="must be a folder"):
        downloader(client, dest)
    assert dest.read_text() == "not a folder"  # nothing lost

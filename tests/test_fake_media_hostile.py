"""The fake's media origin under hostile names and vanishing clients (issue "Hold under
attack", item 14): a file name with NUL still gives a valid header, and a client that goes
away mid-body stops the body (no flood of asyncio "socket.send() raised exception" lines)."""

from __future__ import annotations

import logging
import socket
import time
from urllib.parse import unquote, urlsplit

import httpx
import pytest

from boosty.testing import FakeBoosty
from boosty.testing.media import MediaItem
from boosty.testing.mediaserver import content_disposition


def test_a_hostile_file_name_keeps_a_valid_header(fake_boosty: FakeBoosty) -> None:
    name = 'evil\x00name"\\\r\nSet-Cookie: x=1 é.zip'
    fake_boosty.state.world.media["hostile"] = MediaItem("hostile", "file", {"": 1000}, name)
    for _ in range(2):  # every request for the file is answered, not dropped
        response = httpx.get(f"{fake_boosty.media_url}/file/hostile")
        assert response.status_code == 200 and len(response.content) == 1000
    header = response.headers["content-disposition"]
    assert "\x00" not in header and "\r" not in header and "\n" not in header
    assert header == content_disposition(name)
    exact = header.split("filename*=UTF-8''", 1)[1]
    assert unquote(exact) == 'evilname"\\Set-Cookie: x=1 é.zip'
    assert 'filename="evilname__Set-Cookie: x=1 _.zip"' in header


def test_a_vanished_client_stops_the_body(fake_boosty: FakeBoosty, caplog: pytest.LogCaptureFixture) -> None:
    size = 64 * 1024 * 1024
    fake_boosty.state.world.media["huge"] = MediaItem("huge", "file", {"": size}, "huge.bin")
    caplog.set_level(logging.WARNING, logger="asyncio")
    origin = urlsplit(fake_boosty.media_url)
    for _ in range(3):
        with socket.create_connection((origin.hostname, origin.port)) as raw:
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            raw.sendall(f"GET /file/huge HTTP/1.1\r\nHost: {origin.netloc}\r\n\r\n".encode())
            assert raw.recv(4096).startswith(b"HTTP/1.1 200")
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST on close
    time.sleep(0.5)
    floods = [r for r in caplog.records if "socket.send() raised exception" in r.getMessage()]
    assert len(floods) <= 3, f"{len(floods)} send errors logged for 3 vanished clients"
    assert httpx.get(f"{fake_boosty.base_url}/v1/blog/demo").status_code == 200  # still serving

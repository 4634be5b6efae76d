"""Shared by the ``test_download_lying_host*`` files: the ``sender`` fixture and a scripted media
host serving a 100 KiB file (the truth after its scripted answers)."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from boosty import Sender
from boosty.download.fetch import SenderIO, fetch

from .conftest import concrete
from .test_download_fetch import DATA as BIG
from .test_download_fetch import _Body

URL = "https://media.example/file/abc?sig=s3cret"


# -- scenarios, one by one: a 100 KiB file ------------------------------------------------------

SIZE = len(BIG)


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
        return httpx.Response(200, headers=headers, stream=_Body(BIG))
    headers["Content-Range"] = f"bytes {start}-{SIZE - 1}/{SIZE}"
    return httpx.Response(206, headers=headers, stream=_Body(BIG[start:]))


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

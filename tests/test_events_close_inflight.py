"""close() while a start_polling poll request is in flight (issue #15, item 9's last part): the
loop returns normally, with no error and no "polling failed" warning. The fake server over a
socket holds the first API request so that close() lands in the middle of it; the client's
chain retries a failed GET, so the retry reaches the closed chain."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from pathlib import Path

import pytest

from boosty import AsyncBoosty, AsyncSender, Boosty, RetryingSender, SyncSender
from boosty.testing import FakeBoosty, Fault

pytestmark = pytest.mark.anyio

HOLD = 1.5  # seconds the fake server sits on the first request
INFLIGHT = 0.5  # seconds after the start when close() is called: the request is still held


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "boosty.events" and r.levelno >= logging.WARNING]


async def test_aclose_during_an_inflight_poll_returns_normally(
    fake_boosty: FakeBoosty, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    token = fake_boosty.issue_tokens("cook")["access_token"]
    client = AsyncBoosty(token, base_url=fake_boosty.base_url, sender=RetryingSender(2, AsyncSender()))
    client.on()(lambda event: None)
    rule = fake_boosty.inject(Fault.delay(HOLD), origin="api", count=1)
    with caplog.at_level(logging.WARNING, logger="boosty.events"):
        task = asyncio.ensure_future(client.start_polling("cooking", interval=600, state=tmp_path / "s.sqlite3"))
        await asyncio.sleep(INFLIGHT)
        assert rule.injected == 1 and not task.done()  # the first request is being held
        await client.aclose()
        await asyncio.wait_for(task, 10)
    assert task.exception() is None  # polling just ended
    assert client.closed and _warnings(caplog) == []


def test_close_during_an_inflight_poll_returns_normally(
    fake_boosty: FakeBoosty, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    token = fake_boosty.issue_tokens("cook")["access_token"]
    client = Boosty(token, base_url=fake_boosty.base_url, sender=RetryingSender(2, SyncSender()))
    client.on()(lambda event: None)
    rule = fake_boosty.inject(Fault.delay(HOLD), origin="api", count=1)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            client.start_polling("cooking", interval=600, state=tmp_path / "s.sqlite3")
        except BaseException as exc:  # the test reports whatever ended the loop
            errors.append(exc)

    with caplog.at_level(logging.WARNING, logger="boosty.events"):
        thread = threading.Thread(target=run)
        thread.start()
        time.sleep(INFLIGHT)
        assert rule.injected == 1 and thread.is_alive()  # the first request is being held
        client.close()
        thread.join(10)
        alive = thread.is_alive()
        if alive:  # leave no thread behind whatever the outcome
            client.stop_polling()
            thread.join()
    assert not alive and errors == []
    assert client.closed and _warnings(caplog) == []

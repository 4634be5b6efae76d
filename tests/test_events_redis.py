"""Events on a Redis state: several workers handle each event exactly once; a dead worker's
blog is taken over within a lease time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import redis

from boosty import AsyncBoosty, Boosty
from boosty.events import EventsError, EventStateError, EventType
from boosty.events.redis_state import RedisStateStore
from boosty.testing import FakeBoosty
from tests.conftest import resolve
from tests.redis_support import REPO, dead_redis_url, run_workers

pytestmark = pytest.mark.anyio


def client_for(fake: FakeBoosty, mode: str) -> Any:
    return (AsyncBoosty if mode == "async" else Boosty)(base_url=fake.base_url)


def add_comments(fake: FakeBoosty, count: int) -> list[int]:
    posts = [p for p in fake.posts("demo") if not p.get("price")]  # public: anonymous workers see them
    return [int(fake.add_comment("demo", posts[i % 3]["id"], text=f"comment {i}")["intId"]) for i in range(count)]


def handled(url: str) -> list[list[Any]]:
    raw = redis.Redis.from_url(url)
    try:
        return [json.loads(item) for item in raw.lrange("handled", 0, -1)]
    finally:
        raw.close()


async def test_poll_once_on_a_redis_state(fake_boosty: FakeBoosty, mode: str, redis_url: str) -> None:
    async with client_for(fake_boosty, mode) as client:
        kinds = [EventType.NEW_COMMENT]
        assert await resolve(client.poll_once("demo", state=redis_url, events=kinds)) == []  # the snapshot
        added = add_comments(fake_boosty, 2)
        events = await resolve(client.poll_once("demo", state=redis_url, events=kinds))
        assert sorted(e.comment.int_id for e in events) == sorted(added)
        assert await resolve(client.poll_once("demo", state=redis_url, events=kinds)) == []  # recorded
    raw = redis.Redis.from_url(redis_url)
    assert raw.keys("boosty:events:demo:lease") == []  # given back after each poll
    assert raw.exists("boosty:events:demo:sources")
    raw.close()


def test_three_workers_handle_each_of_twelve_comments_once(fake_boosty: FakeBoosty, redis_url: str) -> None:
    state = f"{redis_url}?lease=5"
    with Boosty(base_url=fake_boosty.base_url) as client:
        client.poll_once("demo", state=state, events=[EventType.NEW_COMMENT])  # the snapshot
    added = add_comments(fake_boosty, 12)
    config = {"base_url": fake_boosty.base_url, "url": redis_url, "state": state}
    run_workers("events", 3, {**config, "duration": 2.0})
    seen = handled(redis_url)
    print(
        f"figure: 3 workers, {len(added)} new comments, {len(seen)} handled by workers {sorted({w for w, *_ in seen})}"
    )
    assert sorted(comment for _, comment, _ in seen) == sorted(added)  # each exactly once


def test_a_worker_killed_mid_dispatch_hands_its_work_on(fake_boosty: FakeBoosty, redis_url: str) -> None:
    lease = 1.5
    state = f"{redis_url}?lease={lease}"
    with Boosty(base_url=fake_boosty.base_url) as client:
        client.poll_once("demo", state=state, events=[EventType.NEW_COMMENT])
    added = add_comments(fake_boosty, 3)
    raw = redis.Redis.from_url(redis_url)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    config = {"base_url": fake_boosty.base_url, "url": redis_url, "state": state, "duration": 30}
    doomed = subprocess.Popen(
        [sys.executable, "-m", "tests._workers", "events", json.dumps({**config, "worker": 0, "hang": True})],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert doomed.stdout is not None and doomed.stdout.readline().strip() == "ready"
        assert doomed.stdin is not None
        doomed.stdin.write(f"{time.time()}\n")
        doomed.stdin.flush()
        deadline = time.time() + 30
        while raw.get("hanging") is None:
            assert time.time() < deadline and doomed.poll() is None, "the worker never started dispatching"
            time.sleep(0.05)
        _, _, cut_short = json.loads(raw.get("hanging") or b"")
        killed_at = 0.0

        def kill(start: float) -> None:  # once the rescuer is polling too
            nonlocal killed_at
            time.sleep(max(0.0, start + 0.2 - time.time()))
            doomed.send_signal(signal.SIGKILL)
            killed_at = time.time()

        run_workers("events", 1, {**config, "duration": lease + 2.0}, during=kill)
    finally:
        if doomed.poll() is None:
            doomed.kill()
        doomed.communicate()
    first, *after = handled(redis_url)
    assert first[1] == cut_short  # the killed worker got no further than its first event
    rescued = {comment: at for _, comment, at in after}
    raw.close()
    assert sorted(rescued) == sorted(added)  # the cut-short event too: its record was never committed
    handover = rescued[cut_short] - killed_at
    print(f"figure: killed mid-dispatch; its event handled again {handover:.2f} s later (lease {lease} s)")
    assert handover <= lease + 1.0


async def test_a_second_worker_does_not_poll_while_the_lease_is_held(
    fake_boosty: FakeBoosty,
    mode: str,
    redis_url: str,
) -> None:
    holder = RedisStateStore(redis_url)
    assert holder.acquire("demo")
    try:
        fake_boosty.clear_requests()
        async with client_for(fake_boosty, mode) as client:
            assert await resolve(client.poll_once("demo", state=redis_url, events=[EventType.NEW_COMMENT])) == []
        assert fake_boosty.requests == []  # it did not even read the blog
    finally:
        holder.close()


def test_leases_expire_and_a_lost_lease_records_nothing(redis_url: str) -> None:
    a, b = RedisStateStore(f"{redis_url}?lease=0.3&prefix=t"), RedisStateStore(f"{redis_url}?prefix=t", lease=0.3)
    try:
        assert a.acquire("blog") and a.acquire("blog")  # re-entrant for its holder
        assert not b.acquire("blog")
        a.put("blog", "comments", "1", {"n": 1})
        assert a.get("blog", "comments", "1") == {"n": 1} and b.get("blog", "comments", "1") is None
        time.sleep(0.45)
        assert b.acquire("blog")  # a's lease ran out
        with pytest.raises(EventStateError, match="lease"):
            a.commit()
        assert b.items("blog", "comments") == {}  # nothing of a's commit was written
        b.put_many("blog", "comments", [("2", 2), ("3", 3)])
        b.delete("blog", "comments", "3")
        b.mark_initialised("blog", "comments", 1.0)
        assert b.items("blog", "comments") == {"2": 2} and b.initialised("blog", "comments")
        b.commit()
        assert a.items("blog", "comments") == {"2": 2} and a.initialised("blog", "comments")
        b.release("blog")
        assert a.acquire("blog")
    finally:
        a.close()
        b.close()


@pytest.mark.timeout(20)
async def test_redis_down_is_a_typed_error_naming_the_url(fake_boosty: FakeBoosty, mode: str) -> None:
    url = dead_redis_url(password="topsecret")
    async with client_for(fake_boosty, mode) as client:
        with pytest.raises(EventStateError) as info:
            await resolve(client.poll_once("demo", state=url, events=[EventType.NEW_COMMENT]))
    assert "127.0.0.1" in str(info.value) and "topsecret" not in str(info.value)


@pytest.mark.parametrize("state", ["ftp://host/x", "http://localhost:6379"])
def test_an_unknown_scheme_is_an_error_not_a_file(
    fake_boosty: FakeBoosty, state: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with Boosty(base_url=fake_boosty.base_url) as client, pytest.raises(EventsError, match="unknown URL scheme"):
        client.poll_once("demo", state=state, events=[EventType.NEW_COMMENT])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", ["redis://localhost/0?lease=0", "redis://localhost/0?lease=x", "redis://h/0?prefix="])
def test_bad_state_url_options(bad: str) -> None:
    with pytest.raises(ValueError, match="state= URL"):
        RedisStateStore(bad)


def test_a_state_of_another_type_is_a_type_error(fake_boosty: FakeBoosty) -> None:
    with Boosty(base_url=fake_boosty.base_url) as client, pytest.raises(TypeError, match="state"):
        client.poll_once("demo", state=42)  # type: ignore[arg-type]


def test_cli_watch_takes_a_redis_state(
    fake_boosty: FakeBoosty, tmp_path: Path, redis_url: str, monkeypatch: Any
) -> None:
    from tests._cli import make_runner

    run = make_runner(tmp_path, monkeypatch, "--base-url", fake_boosty.base_url)
    assert run("watch", "demo", "--once", "--state", redis_url, "--events", "new_comment").exit_code == 0
    [added] = add_comments(fake_boosty, 1)
    result = run("watch", "demo", "--once", "--json", "--state", redis_url, "--events", "new_comment")
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    assert json.loads(line)["type"] == "new_comment" and str(added) in line
    assert list(tmp_path.glob("redis*")) == []  # no local file named after the URL


def test_cli_watch_rejects_an_unknown_scheme(fake_boosty: FakeBoosty, tmp_path: Path, monkeypatch: Any) -> None:
    from tests._cli import make_runner

    run = make_runner(tmp_path, monkeypatch, "--base-url", fake_boosty.base_url)
    result = run("watch", "demo", "--once", "--state", "ftp://host/x", "--events", "new_comment")
    assert result.exit_code != 0 and "unknown URL scheme" in result.stderr


async def test_a_polling_loop_backs_off_while_redis_is_down(fake_boosty: FakeBoosty, mode: str) -> None:
    import logging

    from boosty.events import Backoff

    url = dead_redis_url(password="pw")
    client = client_for(fake_boosty, mode)
    warnings: list[str] = []

    class StopAfterTwo(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record.getMessage())
            if len(warnings) == 2:
                client.stop_polling()

    handler = StopAfterTwo(level=logging.WARNING)
    logger = logging.getLogger("boosty.events")
    logger.addHandler(handler)
    try:
        async with client:
            fast = Backoff(initial=0.01, maximum=0.02, jitter=0)
            await resolve(client.start_polling("demo", state=url, interval=0.01, backoff=fast, events=["new_comment"]))
    finally:
        logger.removeHandler(handler)
    assert len(warnings) == 2  # logged and retried, not raised
    assert "RedisStateUnavailable" in warnings[0] and "127.0.0.1" in warnings[0] and "pw" not in warnings[0]

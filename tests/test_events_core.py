"""Events plumbing without a server: the SQLite state store, the dispatcher, the backoff."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest

from boosty.events.dispatch import Backoff, Dispatcher
from boosty.events.errors import EventStateError
from boosty.events.state import SCHEMA_VERSION, StateStore, default_state_path
from boosty.events.types import EventType

pytestmark = pytest.mark.anyio


@attrs.frozen
class _Event:
    type: EventType
    n: int = 0


# -- state ------------------------------------------------------------------------------


def test_state_roundtrip_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "state.sqlite3"
    with StateStore(path) as store:
        assert not store.initialised("blog", "posts")
        store.put("blog", "posts", "a", {"updated": 1, "x": [1, 2]})
        store.put_many("blog", "posts", [("b", 2), ("c", None)])
        store.mark_initialised("blog", "posts", 123.0)
        store.commit()
        store.put("blog", "posts", "lost", 1)  # not committed
    with StateStore(path) as store:
        assert store.initialised("blog", "posts")
        assert not store.initialised("other", "posts")
        assert store.items("blog", "posts") == {"a": {"updated": 1, "x": [1, 2]}, "b": 2, "c": None}
        assert store.get("blog", "posts", "b") == 2
        assert store.get("blog", "posts", "lost") is None
        assert store.items("other", "posts") == {}
        store.delete("blog", "posts", "a")
        store.rollback()
        assert store.get("blog", "posts", "a") is not None
        store.delete("blog", "posts", "a")
        store.commit()
        assert store.get("blog", "posts", "a") is None


def test_state_rejects_garbage_file(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not a database, just some text " * 100)
    with pytest.raises(EventStateError) as info:
        StateStore(path)
    assert info.value.path == str(path)
    assert path.read_bytes().startswith(b"this is not a database")  # left untouched


def test_state_rejects_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    StateStore(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION + 1),))
    db.commit()
    db.close()
    with pytest.raises(EventStateError, match="newer version"):
        StateStore(path)


def test_default_state_path_is_under_user_state_dir() -> None:
    from platformdirs import user_state_dir

    assert default_state_path() == Path(user_state_dir("boosty")) / "events.sqlite3"


# -- dispatcher ------------------------------------------------------------------------


def test_dispatch_order_and_isolation(caplog: pytest.LogCaptureFixture) -> None:
    seen: list[str] = []
    d = Dispatcher(allow_async=False)

    @d.on(EventType.NEW_POST)
    def first(event: Any) -> None:
        seen.append("first")
        raise RuntimeError("boom in first")

    @d.on(EventType.NEW_POST, "new_comment")
    def second(event: Any) -> None:
        seen.append(f"second:{event.type.value}")

    with caplog.at_level(logging.ERROR, logger="boosty.events"):
        d.dispatch(_Event(EventType.NEW_POST))
        d.dispatch(_Event(EventType.NEW_COMMENT))
        d.dispatch(_Event(EventType.NEW_MESSAGE))  # nobody listens
    assert seen == ["first", "second:new_post", "second:new_comment"]
    [record] = [r for r in caplog.records if r.name == "boosty.events"]
    assert "first" in record.getMessage() and record.exc_info is not None
    assert "boom in first" in caplog.text  # traceback logged
    assert d.types == {EventType.NEW_POST, EventType.NEW_COMMENT}


def test_dispatcher_refuses_async_handler_on_sync_client() -> None:
    d = Dispatcher(allow_async=False)

    async def handler(event: Any) -> None: ...

    with pytest.raises(TypeError, match="async"):
        d.on(EventType.NEW_POST)(handler)
    with pytest.raises(ValueError):
        d.add("no_such_event", print)
    with pytest.raises(TypeError):
        d.add(EventType.NEW_POST, 42)  # type: ignore[arg-type]
    assert d.types == frozenset()


def test_sync_dispatch_logs_handler_returning_awaitable(caplog: pytest.LogCaptureFixture) -> None:
    d = Dispatcher(allow_async=False)

    async def coro() -> None: ...

    d.add(EventType.NEW_POST, lambda e: coro())
    with caplog.at_level(logging.ERROR, logger="boosty.events"):
        d.dispatch(_Event(EventType.NEW_POST))  # -W error: an un-awaited coroutine would fail the test
    assert "returned an awaitable" in caplog.text


async def test_async_dispatch_mixes_sync_and_async_handlers(caplog: pytest.LogCaptureFixture) -> None:
    seen: list[str] = []
    d = Dispatcher()

    @d.on()
    async def a(event: Any) -> None:
        seen.append(f"a{event.n}")
        raise ValueError("async boom")

    @d.on(EventType.NEW_DONATION)
    def b(event: Any) -> None:
        seen.append(f"b{event.n}")

    with caplog.at_level(logging.ERROR, logger="boosty.events"):
        await d.adispatch(_Event(EventType.NEW_DONATION, 1))
        await d.adispatch(_Event(EventType.NEW_POST, 2))
    assert seen == ["a1", "b1", "a2"]
    assert len([r for r in caplog.records if r.exc_info and "async boom" in str(r.exc_info[1])]) == 2
    d.remove(a)
    assert d.types == {EventType.NEW_DONATION}


def test_dispatcher_add_from_other_thread() -> None:
    d = Dispatcher(allow_async=False)
    threads = [threading.Thread(target=d.add, args=(EventType.NEW_POST, print)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(d.handlers(EventType.NEW_POST)) == 8


# -- backoff ----------------------------------------------------------------------------


def test_backoff_grows_and_caps() -> None:
    b = Backoff(initial=1.0, maximum=10.0, factor=2.0, jitter=0.0)
    assert [b.delay(n) for n in range(1, 7)] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert b.delay(10_000) == 10.0
    assert b.delay(1, retry_after=5.0) == 5.0
    assert b.delay(1, retry_after=500.0) == 10.0
    jittery = Backoff(initial=4.0, maximum=100.0, jitter=0.5)
    assert all(2.0 <= jittery.delay(1) <= 6.0 for _ in range(50))
    with pytest.raises(ValueError):
        Backoff(factor=0.5)


def test_catch_all_handlers_name_no_type() -> None:
    d = Dispatcher(allow_async=False)
    seen: list[str] = []
    d.on()(lambda e: seen.append(f"all:{e.type.value}"))
    d.on(EventType.NEW_POST)(lambda e: seen.append("post"))
    assert d.catch_all and d.types == {EventType.NEW_POST}
    d.dispatch(_Event(EventType.NEW_POST))
    d.dispatch(_Event(EventType.NEW_MESSAGE))
    assert seen == ["all:new_post", "post", "all:new_message"]


def test_remove_one_type_keeps_the_others() -> None:
    d = Dispatcher(allow_async=False)
    d.add([EventType.NEW_POST, EventType.NEW_COMMENT], print)
    d.remove(print, EventType.NEW_POST)
    assert d.types == {EventType.NEW_COMMENT}
    d.remove(print)
    assert d.types == frozenset() and d.handlers(EventType.NEW_COMMENT) == ()


def test_state_file_is_private(tmp_path: Path) -> None:
    import os
    import stat

    path = tmp_path / "state.sqlite3"
    StateStore(path).close()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

"""Many processes, one account: token refresh is single-flight across processes
(FileTokenStorage through a file lock, RedisTokenStorage through a Redis lock)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import filelock
import pytest
import redis

from boosty import AsyncBoosty, AuthError, Boosty, Credentials, FileTokenStorage, MemoryTokenStorage, TokenStorageError
from boosty._auth.redis_storage import RedisTokenStorage
from boosty.testing import FakeBoosty
from tests.conftest import resolve
from tests.redis_support import dead_redis_url, run_workers

pytestmark = pytest.mark.anyio

WORKERS, PERIOD, DURATION = 4, 0.7, 6.0


def credentials_of(tokens: dict[str, Any]) -> Credentials:
    return Credentials(
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        device_id=tokens["device_id"],
        expires_at=time.time() + float(tokens["expires_in"]),
    )


def expire_while_workers_run(fake: FakeBoosty, kind: str, config: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """Run the workers; expire every access token each ``PERIOD`` s while they call. Returns
    their reports and the number of expiries."""
    expiries = 0

    def expire(start: float) -> None:
        nonlocal expiries
        tick = start + PERIOD
        while tick < start + DURATION:
            time.sleep(max(0.0, tick - time.time()))
            fake.expire_access_tokens()
            expiries += 1
            tick += PERIOD

    reports = run_workers(kind, WORKERS, {**config, "duration": DURATION}, during=expire)
    return reports, expiries


def assert_shared_refresh(fake: FakeBoosty, reports: list[dict[str, Any]], expiries: int) -> None:
    errors = sum(r["auth_errors"] for r in reports)
    calls = sum(r["calls"] for r in reports)
    refreshes = fake.refresh_count
    print(f"figure: {WORKERS} processes, {calls} calls, {expiries} expiries, {refreshes} refreshes, {errors} AuthError")
    assert sum(r["auth_errors"] for r in reports) == 0
    assert sum(r["other_errors"] for r in reports) == 0
    assert all(r["calls"] > 20 for r in reports)  # every worker kept working
    assert expiries >= 7
    # About one refresh per expiry: the first process refreshes, the others adopt its pair.
    assert expiries - 1 <= fake.refresh_count <= expiries + 1


@pytest.mark.timeout(60)  # 6 s of four worker processes; slower under load (mutmut: --timeout=10)
def test_four_processes_on_one_file_never_spend_a_token_twice(fake_boosty: FakeBoosty, tmp_path: Path) -> None:
    path = tmp_path / "credentials.json"
    FileTokenStorage(path).save(credentials_of(fake_boosty.issue_tokens("owner")))
    reports, expiries = expire_while_workers_run(
        fake_boosty, "tokens", {"base_url": fake_boosty.base_url, "storage": "file", "path": str(path)}
    )
    assert_shared_refresh(fake_boosty, reports, expiries)


@pytest.mark.timeout(60)  # 6 s of four worker processes; slower under load (mutmut: --timeout=10)
def test_four_processes_on_one_redis_key_never_spend_a_token_twice(fake_boosty: FakeBoosty, redis_url: str) -> None:
    storage = RedisTokenStorage(redis_url, key="acct:1")
    storage.save(credentials_of(fake_boosty.issue_tokens("owner")))
    storage.close()
    config = {"base_url": fake_boosty.base_url, "storage": "redis", "url": redis_url, "key": "acct:1"}
    reports, expiries = expire_while_workers_run(fake_boosty, "tokens", config)
    assert_shared_refresh(fake_boosty, reports, expiries)


class RacingStorage(MemoryTokenStorage):
    """A storage (no refresh lock) whose next load returns ``stale``: what a process sees when
    another one rotates the pair between its load and its refresh."""

    stale: Credentials | None = None

    def load(self) -> Credentials | None:
        stale, self.stale = self.stale, None
        return stale if stale is not None else super().load()


@pytest.mark.parametrize("rotated_expired", [False, True], ids=["fresh", "expired"])
async def test_invalid_grant_adopts_the_pair_another_process_saved(
    fake_boosty: FakeBoosty, mode: str, rotated_expired: bool
) -> None:
    old = credentials_of(fake_boosty.issue_tokens("owner"))
    storage = RacingStorage(old)
    client: Any = (AsyncBoosty if mode == "async" else Boosty)(base_url=fake_boosty.base_url, token_storage=storage)
    async with client:
        await resolve(client.current_user())
        fake_boosty.expire_access_tokens()
        refreshes = fake_boosty.refresh_count
        # Another process refreshes with the same pair and saves the new one...
        with Boosty(base_url=fake_boosty.base_url, credentials=old, token_storage=MemoryTokenStorage(old)) as other:
            await resolve(other.current_user())
            rotated = other._auth.credentials  # type: ignore[attr-defined]
        if rotated_expired:  # the rotated pair has expired too by now: refresh once with it
            rotated = Credentials(rotated.access_token, rotated.refresh_token, rotated.device_id, time.time() - 1)
        storage.save(rotated)
        storage.stale = old  # ...after this process had loaded the old pair.
        user = await resolve(client.current_user())
    assert user.id == fake_boosty.user_id("owner")
    # Its own refresh was refused (invalid_grant); it re-read the stored pair and used it,
    # or refreshed once with it if that had expired as well.
    assert fake_boosty.refresh_count == refreshes + 1 + rotated_expired
    assert (client._auth.credentials == rotated) is not rotated_expired
    assert storage.load() == client._auth.credentials


async def test_invalid_grant_with_nothing_rotated_is_an_auth_error(fake_boosty: FakeBoosty, mode: str) -> None:
    old = credentials_of(fake_boosty.issue_tokens("owner"))
    storage = MemoryTokenStorage(old)
    client: Any = (AsyncBoosty if mode == "async" else Boosty)(base_url=fake_boosty.base_url, token_storage=storage)
    async with client:
        fake_boosty.revoke_refresh_tokens()
        fake_boosty.expire_access_tokens()
        with pytest.raises(AuthError, match="invalid_grant"):
            await resolve(client.current_user())
    assert storage.load() == old  # nothing lost


def test_file_refresh_lock_held_elsewhere_is_a_typed_error(tmp_path: Path) -> None:
    storage = FileTokenStorage(tmp_path / "c.json", lock_timeout=0.1)
    held = filelock.FileLock(str(tmp_path / "c.json.lock"))
    with held, pytest.raises(TokenStorageError, match=r"c\.json\.lock"), storage.refresh_lock():
        pass
    with storage.refresh_lock():  # free again
        assert (tmp_path / "c.json.lock").exists()


def test_redis_storage_round_trip(redis_url: str) -> None:
    storage = RedisTokenStorage(redis_url, key="acct")
    try:
        assert storage.load() is None
        pair = Credentials("a" * 10, "r" * 10, "d", 1_900_000_000.0)
        storage.save(pair)
        assert RedisTokenStorage(redis_url, key="acct").load() == pair
        assert "a" * 10 not in repr(storage)
        storage.clear()
        assert storage.load() is None
        with pytest.raises(TypeError):
            storage.save("not credentials")  # type: ignore[arg-type]
    finally:
        storage.close()


def test_redis_storage_corrupt_value_is_a_typed_error(redis_url: str) -> None:
    raw = redis.Redis.from_url(redis_url)
    raw.set("acct", json.dumps({"access_token": "secret-token"})[:-3])
    raw.close()
    storage = RedisTokenStorage(redis_url, key="acct")
    with pytest.raises(TokenStorageError, match="corrupt") as info:
        storage.load()
    assert "secret-token" not in str(info.value)
    storage.close()


def test_redis_lock_held_elsewhere_is_a_typed_error(redis_url: str) -> None:
    storage = RedisTokenStorage(redis_url, key="acct", lock_timeout=0.2)
    holder = redis.Redis.from_url(redis_url)
    assert holder.set("acct:lock", "someone", px=5000)
    with pytest.raises(TokenStorageError, match="refresh lock"), storage.refresh_lock():
        pass
    holder.delete("acct:lock")
    with storage.refresh_lock():
        assert holder.exists("acct:lock")
    assert not holder.exists("acct:lock")
    holder.close()
    storage.close()


@pytest.mark.timeout(20)
def test_redis_down_is_a_typed_error_naming_the_url_not_the_password() -> None:
    url = dead_redis_url(password="hunter2")
    storage = RedisTokenStorage(url)
    for action in (storage.load, lambda: storage.save(Credentials("a", "r", "d")), storage.clear):
        with pytest.raises(TokenStorageError) as info:
            action()
        assert url.replace(":hunter2@", "") in str(info.value) and "hunter2" not in str(info.value)
    storage.close()


@pytest.mark.parametrize("bad", ["http://localhost:6379", "", "/tmp/x"])
def test_redis_storage_rejects_a_non_redis_url(bad: str) -> None:
    with pytest.raises(ValueError, match="url"):
        RedisTokenStorage(bad)
    with pytest.raises(TypeError, match="url"):
        RedisTokenStorage(6379)  # type: ignore[arg-type]


@pytest.mark.timeout(30)
def test_a_redis_that_never_answers_is_a_typed_error_not_a_hang() -> None:
    import socket

    with socket.socket() as silent:  # accepts connections, never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        storage = RedisTokenStorage(url)
        with pytest.raises(TokenStorageError, match="Timeout"):
            storage.load()
        storage.close()

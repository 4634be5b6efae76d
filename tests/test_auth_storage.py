"""Credentials and token storages: parsing, masking, file atomicity and permissions, env, keyring."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import platformdirs
import pytest

from boosty import (
    BoostyError,
    Credentials,
    CredentialsError,
    EnvTokenStorage,
    FileTokenStorage,
    KeyringTokenStorage,
    MemoryTokenStorage,
    TokenStorage,
    TokenStorageError,
)

ACCESS = "a" * 60 + "ACC1"
REFRESH = "r" * 60 + "REF1"
DEVICE = "dddddddd-dddd-dddd-dddd-DEVICE000001"
SECRETS = (ACCESS, REFRESH, DEVICE)


def cookie(**fields: Any) -> str:
    data = {"accessToken": ACCESS, "refreshToken": REFRESH, "expiresAt": 1767225600000, **fields}
    return quote(json.dumps(data))


def pair(expires_at: float | None = 1767225600.0) -> Credentials:
    return Credentials(ACCESS, REFRESH, DEVICE, expires_at)


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


# -- Credentials ---------------------------------------------------------------------


def test_repr_and_str_mask_secrets_and_show_expiry() -> None:
    creds = pair()
    for text in (repr(creds), str(creds), f"{creds}", repr([creds])):
        assert_no_secret(text)
        assert "2026-01-01T00:00:00+00:00" in text


def test_from_cookies_normalises_milliseconds() -> None:
    creds = Credentials.from_cookies(cookie(), DEVICE)
    assert creds.access_token == ACCESS
    assert creds.refresh_token == REFRESH
    assert creds.device_id == DEVICE
    assert creds.expires_at == 1767225600.0
    assert creds.expires == dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def test_from_cookies_accepts_seconds_decoded_json_and_string_expiry() -> None:
    assert Credentials.from_cookies(cookie(expiresAt=1767225600), DEVICE).expires_at == 1767225600.0
    raw = json.dumps({"accessToken": ACCESS, "refreshToken": REFRESH, "expiresAt": "1767225600000"})
    assert Credentials.from_cookies(raw, DEVICE).expires_at == 1767225600.0
    assert Credentials.from_cookies("auth=" + quote(raw), DEVICE).access_token == ACCESS
    assert Credentials.from_cookies(cookie(expiresAt=None), DEVICE).expires_at is None


@pytest.mark.parametrize(
    ("auth", "client_id", "reason"),
    [
        ("%7Bnot-json-" + ACCESS, DEVICE, "not URL-encoded JSON"),
        (quote(json.dumps([ACCESS])), DEVICE, "not a JSON object"),
        (quote(json.dumps({"refreshToken": REFRESH})), DEVICE, "no accessToken"),
        (quote(json.dumps({"accessToken": ACCESS})), DEVICE, "no refreshToken"),
        (cookie(), "  ", "client_id"),
        (cookie(expiresAt="soon"), DEVICE, "expiresAt"),
        (cookie(expiresAt=-5), DEVICE, "expires_at"),
    ],
)
def test_from_cookies_malformed_is_a_typed_value_error(auth: str, client_id: str, reason: str) -> None:
    with pytest.raises(CredentialsError) as info:
        Credentials.from_cookies(auth, client_id)
    assert isinstance(info.value, ValueError) and isinstance(info.value, BoostyError)
    assert reason in str(info.value)
    assert_no_secret(str(info.value))
    assert_no_secret(repr(info.value))


def test_credentials_validation_and_expiry_forms() -> None:
    with pytest.raises(CredentialsError, match="access_token must not be empty"):
        Credentials("")
    with pytest.raises(CredentialsError, match="refresh_token must be a str"):
        Credentials(ACCESS, 5)  # type: ignore[arg-type]
    with pytest.raises(CredentialsError, match="aware"):
        Credentials(ACCESS, expires_at=dt.datetime(2026, 1, 1))
    aware = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    assert Credentials(ACCESS, expires_at=aware).expires_at == 1767225600.0
    assert Credentials(ACCESS, expires_at=1767225600000).expires_at == 1767225600.0
    creds = pair(expires_at=1000.0)
    assert creds.is_expired(now=1000.0) and not creds.is_expired(now=999.0)
    assert creds.is_expired(margin=60, now=941.0) and not creds.is_expired(margin=60, now=939.0)
    assert not Credentials(ACCESS).is_expired(margin=1e9)
    assert not Credentials(ACCESS).can_refresh and pair().can_refresh


def test_dict_round_trip() -> None:
    creds = pair()
    assert Credentials.from_dict(creds.to_dict()) == creds
    with pytest.raises(CredentialsError, match="no access_token"):
        Credentials.from_dict({"refresh_token": REFRESH})


# -- MemoryTokenStorage --------------------------------------------------------------


def test_memory_storage_round_trip() -> None:
    storage = MemoryTokenStorage()
    assert isinstance(storage, TokenStorage)
    assert storage.load() is None
    storage.save(pair())
    assert storage.load() == pair()
    assert_no_secret(repr(storage))
    storage.clear()
    assert storage.load() is None


# -- FileTokenStorage ----------------------------------------------------------------


def test_file_storage_round_trip_with_owner_only_mode(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "credentials.json"
    storage = FileTokenStorage(path)
    assert storage.load() is None
    old_umask = os.umask(0)  # the mode must come from os.open, not from a friendly umask
    try:
        storage.save(pair())
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700  # parents too, not umask-wide
    assert json.loads(path.read_text())["refresh_token"] == REFRESH
    assert FileTokenStorage(path).load() == pair()
    storage.save(pair(expires_at=5.0))
    assert storage.load() == pair(expires_at=5.0)
    assert sorted(p.name for p in path.parent.iterdir()) == ["credentials.json"]  # no temp files left
    assert_no_secret(repr(storage))
    storage.clear()
    assert not path.exists()
    storage.clear()  # idempotent


def test_file_storage_default_path_is_under_user_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # where platformdirs puts it on Linux
    storage = FileTokenStorage()
    assert storage.path == Path(platformdirs.user_config_dir("boosty")) / "credentials.json"
    if sys.platform.startswith("linux"):
        assert tmp_path in storage.path.parents
    storage.save(pair())
    assert FileTokenStorage().load() == pair()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{" + REFRESH.encode(), "not valid JSON"),
        (b"", "not valid JSON"),
        (b"\xff\xfe" + ACCESS.encode(), "not valid JSON"),
        (json.dumps([ACCESS]).encode(), "must be a JSON object"),
        (json.dumps({"refresh_token": REFRESH}).encode(), "no access_token"),
        (json.dumps({"access_token": ACCESS, "expires_at": "tomorrow"}).encode(), "expires_at"),
    ],
)
def test_corrupt_file_is_a_clear_error_naming_the_path(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "credentials.json"
    path.write_bytes(content)
    with pytest.raises(TokenStorageError) as info:
        FileTokenStorage(path).load()
    message = str(info.value)
    assert str(path) in message and reason in message
    assert_no_secret(message)
    assert info.value.__cause__ is None  # the decoder's error would carry the whole document


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "credentials.json"
    path.mkdir()
    with pytest.raises(TokenStorageError, match="cannot read credentials file") as info:
        FileTokenStorage(path).load()
    assert str(path) in str(info.value)


def test_failed_write_keeps_the_previous_file_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "credentials.json"
    storage = FileTokenStorage(path)
    storage.save(pair())
    before = path.read_bytes()
    blocker = tmp_path / "blocked.json"
    blocker.mkdir()
    (blocker / "keep").write_text("x")  # os.replace cannot replace a non-empty directory
    with pytest.raises(TokenStorageError, match="cannot write credentials file") as info:
        FileTokenStorage(blocker).save(pair(expires_at=1.0))
    assert str(blocker) in str(info.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked.json", "credentials.json"]


class Interrupted(BaseException):
    """Stands for a KeyboardInterrupt arriving in the middle of a save."""


def test_interrupted_write_leaves_no_copy_of_the_tokens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "credentials.json"
    FileTokenStorage(path).save(pair())
    before = path.read_bytes()

    def interrupted(fd: int) -> None:
        raise Interrupted

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(Interrupted):
        FileTokenStorage(path).save(pair(expires_at=1.0))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["credentials.json"]


def test_file_storage_rejects_non_credentials(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        FileTokenStorage(tmp_path / "c.json").save({"access_token": ACCESS})  # type: ignore[arg-type]


# -- EnvTokenStorage -----------------------------------------------------------------


def env(**extra: str) -> dict[str, str]:
    return {"BOOSTY_ACCESS_TOKEN": ACCESS, "BOOSTY_REFRESH_TOKEN": REFRESH, "BOOSTY_DEVICE_ID": DEVICE, **extra}


def test_env_storage_reads_the_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in env(BOOSTY_EXPIRES_AT="1767225600000").items():
        monkeypatch.setenv(name, value)
    assert EnvTokenStorage().load() == pair()
    assert EnvTokenStorage(env()).load() == pair(expires_at=None)
    assert EnvTokenStorage({}).load() is None
    assert_no_secret(repr(EnvTokenStorage()))


def test_env_storage_partial_or_bad_values_are_errors() -> None:
    with pytest.raises(TokenStorageError, match="BOOSTY_REFRESH_TOKEN, BOOSTY_DEVICE_ID not set") as info:
        EnvTokenStorage({"BOOSTY_ACCESS_TOKEN": ACCESS}).load()
    assert_no_secret(str(info.value))
    with pytest.raises(TokenStorageError, match="BOOSTY_EXPIRES_AT"):
        EnvTokenStorage(env(BOOSTY_EXPIRES_AT="soon")).load()


def test_env_storage_refuses_to_save_or_clear() -> None:
    storage = EnvTokenStorage(env())
    assert storage.read_only
    with pytest.raises(TokenStorageError, match="read-only"):
        storage.save(pair())
    with pytest.raises(TokenStorageError, match="read-only"):
        storage.clear()


# -- KeyringTokenStorage -------------------------------------------------------------


class DictKeyring(keyring.backend.KeyringBackend):
    """A real (in-memory) keyring backend."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("no such entry")


@pytest.fixture
def keyring_backend() -> Any:
    previous = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_keyring_storage_round_trip(keyring_backend: DictKeyring) -> None:
    storage = KeyringTokenStorage(username="alice")
    assert storage.load() is None
    storage.save(pair())
    assert json.loads(keyring_backend.entries[("boosty", "alice")])["access_token"] == ACCESS
    assert KeyringTokenStorage(username="alice").load() == pair()
    assert KeyringTokenStorage(username="bob").load() is None
    assert_no_secret(repr(storage))
    storage.clear()
    storage.clear()  # no entry: no error
    assert storage.load() is None


def test_keyring_corrupt_entry(keyring_backend: DictKeyring) -> None:
    keyring_backend.entries[("boosty", "default")] = "{" + REFRESH
    with pytest.raises(TokenStorageError, match="corrupt") as info:
        KeyringTokenStorage().load()
    assert_no_secret(str(info.value))


def test_keyring_without_backend_is_a_clear_error() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    try:
        storage = KeyringTokenStorage()
        for call in (storage.load, lambda: storage.save(pair()), storage.clear):
            with pytest.raises(TokenStorageError, match="no system keyring backend"):
                call()
    finally:
        keyring.set_keyring(previous)

"""Settings: arguments > BOOSTY_* environment > TOML file > defaults, checked values, the chain
``from_settings`` builds, sync and async, against the fake over a real socket."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from boosty import AsyncBoosty, Boosty, CachingSender, RateLimitingSender, RetryingSender
from boosty._config import CacheSettings, Settings, SettingsError
from boosty._config.settings import SettingsWarning
from boosty.testing import FakeBoosty

from .conftest import resolve


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write(tmp_path / "config.toml", 'retries = 5\ntimeout = 12.5\nbase_url = "https://file.example"\n')


def test_defaults_with_nothing_configured(tmp_path: Path) -> None:
    settings = Settings.load(environ={}, config_file=write(tmp_path / "empty.toml", ""))
    assert settings == Settings()
    assert settings.retries == 3 and settings.timeout == 30.0 and settings.cache is None
    assert set(settings.sources.values()) == {"default"}


def test_file_then_environment_then_arguments(config: Path) -> None:
    from_file = Settings.load(environ={}, config_file=config)
    assert (from_file.retries, from_file.timeout, from_file.base_url) == (5, 12.5, "https://file.example")
    assert from_file.sources["retries"] == f"file ({config})"

    env = {"BOOSTY_RETRIES": "7", "BOOSTY_CONFIG": str(config)}
    from_env = Settings.load(environ=env)
    assert from_env.retries == 7 and from_env.timeout == 12.5
    assert from_env.sources["retries"] == "environment (BOOSTY_RETRIES)"
    assert from_env.sources["timeout"] == f"file ({config})"

    from_args = Settings.load(environ=env, retries=1, timeout=None)
    assert from_args.retries == 1 and from_args.timeout == 12.5  # None is "not given"
    assert from_args.sources["retries"] == "argument (retries)"


def test_default_file_is_in_the_user_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("BOOSTY_CONFIG", raising=False)
    (tmp_path / "boosty").mkdir()
    write(tmp_path / "boosty" / "config.toml", "retries = 9\n")
    settings = Settings.load(environ={})
    assert settings.retries == 9 and Settings.config_path() == tmp_path / "boosty" / "config.toml"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"BOOSTY_RETRIES": "abc"}, "BOOSTY_RETRIES: expected an integer, got 'abc'"),
        ({"BOOSTY_RETRIES": "-1"}, "BOOSTY_RETRIES: expected an integer >= 0, got -1"),
        ({"BOOSTY_TIMEOUT": "nan"}, "BOOSTY_TIMEOUT: expected a finite number > 0"),
        ({"BOOSTY_HTTP2": "maybe"}, "BOOSTY_HTTP2: expected true or false, got 'maybe'"),
        ({"BOOSTY_BACKEND": "curl"}, "BOOSTY_BACKEND: expected one of httpx, aiohttp, got 'curl'"),
        ({"BOOSTY_BASE_URL": "ftp://x"}, "BOOSTY_BASE_URL: expected a http/https URL"),
        ({"BOOSTY_RATE": "60"}, "BOOSTY_RATE: expected REQUESTS/PERIOD"),
        ({"BOOSTY_CACHE_TTL": "-3"}, "BOOSTY_CACHE_TTL: expected a finite number >= 0"),
        ({"BOOSTY_TOKEN_STORAGE": "redis"}, "token_storage: 'redis' needs redis_url"),
    ],
)
def test_a_bad_environment_value_names_the_variable(env: dict[str, str], message: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.load(environ=env, config_file=write(tmp_path / "c.toml", ""))
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, ValueError)


def test_a_bad_file_value_names_the_file_and_key(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", 'retries = "many"\n')
    with pytest.raises(SettingsError, match=r"c\.toml: retries: expected an integer, got 'many'"):
        Settings.load(environ={}, config_file=path)


def test_a_bad_argument_names_it() -> None:
    with pytest.raises(SettingsError, match=r"^retries: expected an integer, got 2\.5$"):
        Settings(retries=2.5)  # type: ignore[arg-type]
    with pytest.raises(SettingsError, match="unknown setting"):
        Settings.load(environ={}, retry=3)


def test_invalid_or_missing_files(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="invalid TOML"):
        Settings.load(environ={}, config_file=write(tmp_path / "c.toml", "retries = = 3"))
    with pytest.raises(SettingsError, match="no such configuration file"):
        Settings.load(environ={"BOOSTY_CONFIG": str(tmp_path / "missing.toml")})


def test_unknown_file_keys_warn_once(tmp_path: Path) -> None:
    path = write(tmp_path / "unknown.toml", "retries = 2\ncolour = 'blue'\n")
    with pytest.warns(SettingsWarning, match="unknown setting 'colour'"):
        assert Settings.load(environ={}, config_file=path).retries == 2
    Settings.load(environ={}, config_file=path)  # a second load does not warn (-W error)


def test_rate_and_cache_forms(tmp_path: Path) -> None:
    assert Settings.load(environ={"BOOSTY_RATE": "60/30"}).rate == (60, 30.0)
    assert Settings.load(environ={"BOOSTY_RATE": "5,1.5"}).rate == (5, 1.5)
    path = write(
        tmp_path / "c.toml",
        'rate = {requests = 10, period = 2}\n[cache]\nmax_size = 64\nttl = 30\n[cache.ttls]\n"/v1/blog/*" = 300\n',
    )
    settings = Settings.load(environ={}, config_file=path)
    assert settings.rate == (10, 2.0)
    assert settings.cache == CacheSettings(max_size=64, ttl=30.0, ttls={"/v1/blog/*": 300.0})
    env = {"BOOSTY_CACHE_MAX_SIZE": "8", "BOOSTY_CACHE_TTLS": "/v1/blog/*=5,/v1/user/*=6"}
    from_env = Settings.load(environ=env, config_file=path)
    assert from_env.cache == CacheSettings(max_size=8, ttls={"/v1/blog/*": 5.0, "/v1/user/*": 6.0})
    assert Settings.load(environ={"BOOSTY_CACHE": "false"}, config_file=path).cache is None
    assert Settings.load(environ={"BOOSTY_CACHE": "true"}).cache == CacheSettings()


def test_redacted_hides_secrets() -> None:
    settings = Settings(
        token="tok-secret", proxy="http://user:pw-secret@proxy.example:3128", redis_url="redis://:rpw@r:6379/0"
    )
    shown = settings.redacted()
    assert shown["token"] == "***"
    assert shown["proxy"] == "http://***@proxy.example:3128"
    assert shown["redis_url"] == "redis://***@r:6379"
    assert "tok-secret" not in repr(settings)


def _chain(sender: Any) -> list[type]:
    kinds = []
    while sender is not None:
        kinds.append(type(sender))
        sender = getattr(sender, "sender", None)
    return kinds


@pytest.mark.anyio
async def test_from_settings_builds_the_documented_chain(mode: str) -> None:
    cls = AsyncBoosty if mode == "async" else Boosty
    settings = Settings(retries=2, rate=(60, 60.0), cache=CacheSettings(ttl=5))
    async with cls.from_settings(settings) as client:
        kinds = _chain(client.sender)
        assert kinds[:3] == [CachingSender, RetryingSender, RateLimitingSender]
        assert client.sender.is_async is (mode == "async")
        assert client.settings is settings
    async with cls.from_settings(Settings(retries=0)) as plain:
        assert len(_chain(plain.sender)) == 1


@pytest.mark.anyio
async def test_from_settings_reads_the_environment_and_talks_to_it(
    mode: str, fake_boosty: FakeBoosty, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    token = fake_boosty.issue_tokens("owner")["access_token"]
    monkeypatch.setenv("BOOSTY_CONFIG", str(write(tmp_path / "c.toml", f'base_url = "{fake_boosty.base_url}"\n')))
    monkeypatch.setenv("BOOSTY_TOKEN", token)
    monkeypatch.setenv("BOOSTY_RETRIES", "0")
    cls = AsyncBoosty if mode == "async" else Boosty
    async with cls.from_settings() as client:
        me = await resolve(client.current_user())
        assert client.settings is not None and client.settings.sources["base_url"].startswith("file (")
    assert me.blog_url == "demo"


@pytest.mark.anyio
async def test_from_settings_with_overrides_keeps_the_rest(mode: str, fake_boosty: FakeBoosty) -> None:
    cls = AsyncBoosty if mode == "async" else Boosty
    async with cls.from_settings(Settings(retries=4), base_url=fake_boosty.base_url) as client:
        assert client.settings is not None
        assert client.settings.retries == 4 and client.settings.sources["base_url"] == "argument (base_url)"
        blog = await resolve(client.blog("demo"))
    assert blog.blog_url == "demo"


@pytest.mark.anyio
async def test_http2_and_truststore_reach_the_concrete_sender(mode: str, fake_boosty: FakeBoosty) -> None:
    import ssl

    import truststore

    cls = AsyncBoosty if mode == "async" else Boosty
    settings = Settings(base_url=fake_boosty.base_url, http2=True, truststore=True, retries=0, timeout=7.0)
    async with cls.from_settings(settings) as client:
        httpx_client: Any = client.sender.client  # type: ignore[attr-defined]
        pool = httpx_client._transport._pool
        assert pool._http2 is True
        assert isinstance(pool._ssl_context, truststore.SSLContext) and isinstance(pool._ssl_context, ssl.SSLContext)
        assert httpx_client.timeout.read == 7.0
        blog = await resolve(client.blog("demo"))  # plain http: HTTP/1.1 still works
    assert blog.blog_url == "demo"


def test_ca_bundle_and_truststore_are_exclusive() -> None:
    with pytest.raises(SettingsError, match="exclusive"):
        Boosty.from_settings(Settings(ca_bundle="/etc/ssl/certs/ca-certificates.crt", truststore=True))

"""``boosty.Settings``: every knob of the client, its sender chain, events and the CLI, merged
from arguments, ``BOOSTY_*`` environment variables, a TOML file and defaults."""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from .._errors import BoostyError
from . import values

__all__ = ["CONFIG_ENV", "CacheSettings", "Settings", "SettingsError", "SettingsWarning", "default_config_path"]

CONFIG_ENV = "BOOSTY_CONFIG"
ENV_PREFIX = "BOOSTY_"


class SettingsError(BoostyError, ValueError):
    """A setting has a bad value; the message names its source and key
    (``BOOSTY_RETRIES: expected an integer, got 'abc'``). ``extra`` names the optional extra
    to install when the value is fine but needs one (``"socks"``), else ``None``."""

    def __init__(self, message: str, *, extra: str | None = None) -> None:
        super().__init__(message)
        self.extra = extra


class SettingsWarning(UserWarning):
    """A configuration file holds a key :class:`Settings` does not know (warned once per key)."""


def default_config_path() -> Path:
    """``<platformdirs user_config_dir("boosty")>/config.toml``."""
    import platformdirs

    return Path(platformdirs.user_config_dir("boosty")) / "config.toml"


@attrs.frozen(kw_only=True)
class CacheSettings:
    """The response cache (:class:`boosty.CachingSender`).

    ``max_size``: entries kept (LRU). ``ttl``: seconds a response without cache headers stays
    fresh (``None``: such responses are not cached). ``ttls``: per-path seconds, keys are
    :mod:`fnmatch` patterns of the URL path (``{"/v1/blog/*": 300}``).
    """

    max_size: int = 256
    ttl: float | None = None
    ttls: Mapping[str, float] = attrs.field(factory=dict)


# field name -> (reader, secret)
_Reader = Callable[[Any], Any]
_FIELDS: dict[str, tuple[_Reader, bool]] = {
    "base_url": (values.http_url, False),
    "upload_base_url": (values.http_url, False),
    "timeout": (lambda v: values.number(v, positive=True), False),
    "retries": (values.integer, False),
    "backoff": (values.number, False),
    "rate": (values.rate, False),
    "cache": (lambda v: v, False),  # read by _cache()
    "refresh_margin": (values.number, False),
    "poll_interval": (lambda v: values.number(v, positive=True), False),
    "proxy": (values.proxy_url, True),
    "ca_bundle": (values.optional_text, False),
    "truststore": (values.boolean, False),
    "http2": (values.boolean, False),
    "backend": (lambda v: values.choice(v, ("httpx", "aiohttp")), False),
    "redis_url": (values.redis_url, True),
    "token_storage": (lambda v: values.choice(v, ("file", "env", "keyring", "redis")), False),
    "token_file": (values.optional_text, False),
    "token": (values.optional_text, True),
    "log_level": (lambda v: values.choice(v, ("debug", "info", "warning", "error", "critical")), False),
}
_CACHE_KEYS = ("max_size", "ttl", "ttls")
_warned: set[tuple[str, str]] = set()


@attrs.frozen(kw_only=True)
class Settings:
    """Every setting of the client, its sender chain, events and the ``boosty`` command.

    Build one directly (``Settings(retries=5, rate=(60, 60.0))``: given values, defaults for
    the rest) or merge all sources with :meth:`load`. Values are checked here: a bad one raises
    :class:`SettingsError` naming where it came from.

    Units are seconds throughout.

    Attributes:
        base_url: API origin (``https://api.boosty.to``).
        upload_base_url: image upload origin (``https://uploadimg.boosty.to``).
        timeout: seconds per request (30).
        retries: retries of an idempotent request after a network error, 5xx or 429 (3; 0: none).
        backoff: seconds of the first retry wait, doubling (0.5).
        rate: ``(requests, period)``: at most that many requests per period, or ``None``.
        cache: :class:`CacheSettings`, or ``None`` for no response cache.
        refresh_margin: seconds before expiry at which an access token is refreshed (60).
        poll_interval: seconds between event polls (30).
        proxy: HTTP(S) or SOCKS proxy URL (SOCKS needs the ``[socks]`` extra); secret.
        ca_bundle: path of a PEM CA bundle to verify TLS against.
        truststore: verify TLS with the operating system's trust store (``[truststore]``).
        http2: use HTTP/2 (``[http2]``).
        backend: async transport, ``"httpx"`` or ``"aiohttp"`` (``[aiohttp]``).
        redis_url: one Redis for token, rate limit, cache and events state (``[redis]``); secret.
        token_storage: ``"file"``, ``"env"``, ``"keyring"`` or ``"redis"``, or ``None``.
        token_file: the credentials file of ``token_storage="file"`` (default in the config dir).
        token: a static access token (never refreshed); secret.
        log_level: level of the ``boosty`` logger, or ``None`` to leave logging alone.
        sources: where each value came from: ``"argument (retries)"``, ``"default"``,
            ``"environment (BOOSTY_RETRIES)"`` or ``"file (/path/config.toml)"``.
    """

    base_url: str = "https://api.boosty.to"
    upload_base_url: str = "https://uploadimg.boosty.to"
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    rate: tuple[int, float] | None = None
    cache: CacheSettings | None = None
    refresh_margin: float = 60.0
    poll_interval: float = 30.0
    proxy: str | None = None
    ca_bundle: str | None = None
    truststore: bool = False
    http2: bool = False
    backend: str = "httpx"
    redis_url: str | None = None
    token_storage: str | None = None
    token_file: str | None = None
    token: str | None = attrs.field(default=None, repr=False)
    log_level: str | None = None
    sources: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        given = dict(self.sources)
        for name in _FIELDS:
            value = getattr(self, name)
            source = given.setdefault(name, "default" if value == _DEFAULTS.get(name) else "argument")
            if value is None:
                continue
            try:
                checked = _cache(value) if name == "cache" else _FIELDS[name][0](value)
            except ValueError as exc:
                raise SettingsError(f"{_label(name, source)}: {exc}") from None
            object.__setattr__(self, name, checked)
        if self.token_storage == "redis" and self.redis_url is None:
            raise SettingsError("token_storage: 'redis' needs redis_url")
        object.__setattr__(self, "sources", given)

    @classmethod
    def load(
        cls,
        *,
        environ: Mapping[str, str] | None = None,
        config_file: str | os.PathLike[str] | None = None,
        argument_name: Callable[[str], str] | None = None,
        **arguments: Any,
    ) -> Settings:
        """Merge, highest first: ``arguments`` (``None`` counts as not given), ``BOOSTY_*``
        variables of ``environ`` (default :data:`os.environ`), the TOML file ``config_file``
        (else ``$BOOSTY_CONFIG``, else :func:`default_config_path`, skipped when absent) and
        the defaults.

        ``argument_name`` names an argument in messages and :attr:`sources` (the CLI passes
        one that turns ``ca_bundle`` into ``--ca-bundle``).

        Raises :class:`SettingsError` for a bad value (naming its source and key), an unknown
        argument, an unreadable or invalid file, or a ``BOOSTY_CONFIG`` that does not exist.
        Unknown keys in the file warn :class:`SettingsWarning` once.
        """
        unknown = set(arguments) - set(_FIELDS)
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        env = os.environ if environ is None else environ
        path, required = _config_path(config_file, env)
        from_file = _read_file(path, required)
        merged: dict[str, Any] = {}
        sources: dict[str, str] = {}
        for name in _FIELDS:
            if arguments.get(name) is not None:
                label = argument_name(name) if argument_name else name
                merged[name], sources[name] = arguments[name], f"argument ({label})"
                continue
            env_value = _from_env(name, env)
            if env_value is not None:
                merged[name], sources[name] = env_value
                continue
            if name in from_file:
                merged[name], sources[name] = from_file[name], f"file ({path})"
                continue
            sources[name] = "default"
        return cls(**merged, sources=sources)

    @staticmethod
    def config_path(environ: Mapping[str, str] | None = None) -> Path:
        """The configuration file :meth:`load` reads: ``$BOOSTY_CONFIG``, else
        :func:`default_config_path` (whether or not it exists)."""
        return _config_path(None, os.environ if environ is None else environ)[0]

    def label(self, name: str) -> str:
        """How the user set ``name``, for messages: ``BOOSTY_PROXY``, ``--proxy``,
        ``/path/config.toml: proxy``, or the field name."""
        return _label(name, self.sources.get(name, "default"))

    def redacted(self) -> dict[str, Any]:
        """The settings as a plain dict, secrets replaced by ``"***"`` (a URL keeps its host)."""
        shown: dict[str, Any] = {}
        for name in _FIELDS:
            value = getattr(self, name)
            if isinstance(value, CacheSettings):
                value = attrs.asdict(value)
            elif value is not None and _FIELDS[name][1]:
                value = _redact(str(value))
            shown[name] = value
        return shown


_DEFAULTS: dict[str, Any] = {f.name: f.default for f in attrs.fields(Settings) if f.name in _FIELDS}


def _label(name: str, source: str) -> str:
    if source.startswith("file ("):
        return f"{source[len('file (') : -1]}: {name}"
    if source.endswith(")") and "(" in source:
        return source[source.index("(") + 1 : -1]
    return name


def _redact(value: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme and parts.hostname:
        port = f":{parts.port}" if parts.port else ""
        user = "***@" if parts.username or parts.password else ""
        return f"{parts.scheme}://{user}{parts.hostname}{port}"
    return "***"


def _cache(value: Any) -> CacheSettings | None:
    if isinstance(value, CacheSettings):
        return CacheSettings(
            max_size=values.integer(value.max_size, minimum=1),
            ttl=None if value.ttl is None else values.number(value.ttl),
            ttls=values.ttls(value.ttls),
        )
    if isinstance(value, (bool, str)) and not isinstance(value, Mapping):
        return CacheSettings() if values.boolean(value) else None
    if isinstance(value, Mapping):
        unknown = set(value) - set(_CACHE_KEYS)
        if unknown:
            raise ValueError(f"unknown cache key(s): {', '.join(sorted(unknown))}")
        return _cache(CacheSettings(**value))
    raise ValueError(f"expected true, false or a table of {', '.join(_CACHE_KEYS)}, got {value!r}")


_CACHE_READERS: dict[str, _Reader] = {
    "max_size": lambda v: values.integer(v, minimum=1),
    "ttl": values.number,
    "ttls": values.ttls,
}


def _from_env(name: str, env: Mapping[str, str]) -> tuple[Any, str] | None:
    key = ENV_PREFIX + name.upper()
    if name == "cache":
        return _cache_from_env(key, env)
    if key in env:
        return env[key], f"environment ({key})"
    return None


def _cache_from_env(key: str, env: Mapping[str, str]) -> tuple[Any, str] | None:
    """``BOOSTY_CACHE`` (true/false) and ``BOOSTY_CACHE_MAX_SIZE``/``_TTL``/``_TTLS``: any of
    the latter turns the cache on unless ``BOOSTY_CACHE`` is false."""
    names = {part: f"{key}_{part.upper()}" for part in _CACHE_KEYS}
    present = {part: env[var] for part, var in names.items() if var in env}
    if key in env:
        try:
            enabled = values.boolean(env[key])
        except ValueError as exc:
            raise SettingsError(f"{key}: {exc}") from None
        if not enabled or not present:
            return enabled, f"environment ({key})"
    if not present:
        return None
    table: dict[str, Any] = {}
    for part, raw in present.items():
        try:
            table[part] = _CACHE_READERS[part](raw)
        except ValueError as exc:
            raise SettingsError(f"{names[part]}: {exc}") from None
    return table, f"environment ({', '.join(names[part] for part in present)})"


def _config_path(config_file: str | os.PathLike[str] | None, env: Mapping[str, str]) -> tuple[Path, bool]:
    if config_file is not None:
        return Path(config_file).expanduser(), True
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV]).expanduser(), True
    return default_config_path(), False


def _toml_loads(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    table: dict[str, Any] = tomllib.loads(text)
    return table


def _read_file(path: Path, required: bool) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if required:
            raise SettingsError(f"{path}: no such configuration file") from None
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read the configuration file: {exc}") from None
    try:
        table = _toml_loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise SettingsError(f"{path}: invalid TOML: {exc}") from None
    for key in sorted(set(table) - set(_FIELDS)):
        if (str(path), key) not in _warned:
            _warned.add((str(path), key))
            warnings.warn(f"{path}: unknown setting {key!r} ignored", SettingsWarning, stacklevel=3)
    return {key: value for key, value in table.items() if key in _FIELDS}

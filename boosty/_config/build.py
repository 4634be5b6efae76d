"""What :class:`~boosty.Settings` describe, built: the sender chain, the token storage and the
client's keyword arguments (used by ``Boosty.from_settings`` and the ``boosty`` command)."""

from __future__ import annotations

import logging
import ssl
from pathlib import Path
from typing import Any

from .._auth.file_storage import FileTokenStorage
from .._auth.storage import EnvTokenStorage, TokenStorage
from .._sender.base import Sender
from .._sender.caching import CachingSender
from .._sender.concrete import AsyncSender, SyncSender
from .._sender.rate_limiting import RateLimitingSender
from .._sender.retrying import RetryingSender
from .settings import Settings, SettingsError

__all__ = ["build_sender", "build_token_storage", "client_options", "httpx_options"]


DISTRIBUTION = "boosty-client"


def _missing(settings: Settings, name: str, extra: str, what: str = "") -> SettingsError:
    needs = f"{what} needs" if what else "needs"
    return SettingsError(f"{settings.label(name)}: {needs} pip install '{DISTRIBUTION}[{extra}]'", extra=extra)


def httpx_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for the concrete sender: ``timeout``, ``proxy``, ``verify``, ``http2``.

    Raises :class:`SettingsError` for an unreadable CA bundle or a missing optional extra
    (``[truststore]``, ``[http2]``).
    """
    options: dict[str, Any] = {"timeout": settings.timeout}
    if settings.proxy:
        options["proxy"] = settings.proxy
    if settings.ca_bundle and settings.truststore:
        raise SettingsError("ca_bundle and truststore are exclusive: choose one way to verify TLS")
    if settings.ca_bundle:
        try:
            options["verify"] = ssl.create_default_context(cafile=str(Path(settings.ca_bundle).expanduser()))
        except (OSError, ssl.SSLError) as exc:
            raise SettingsError(f"{settings.label('ca_bundle')}: cannot use {settings.ca_bundle}: {exc}") from None
    elif settings.truststore:
        try:
            import truststore
        except ImportError:
            raise SettingsError(
                f"{settings.label('truststore')}: needs pip install 'boosty-client[truststore]'"
            ) from None
        options["verify"] = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if settings.http2:
        try:
            import h2  # noqa: F401
        except ImportError:
            raise _missing(settings, "http2", "http2") from None
        options["http2"] = True
    return options


def _concrete(settings: Settings, asynchronous: bool) -> Sender:
    options = httpx_options(settings)
    if asynchronous and settings.backend != "httpx":
        options["backend"] = settings.backend
    try:
        return AsyncSender(**options) if asynchronous else SyncSender(**options)
    except ImportError as exc:  # httpx wants socksio for a SOCKS proxy
        missing = exc.name or "socksio"
        raise _missing(settings, "proxy", "socks", f"a SOCKS proxy ({missing} is missing)") from None


def build_sender(settings: Settings, *, asynchronous: bool) -> Sender:
    """The documented chain, outermost first: cache, retry, rate limit, concrete sender.

    Each layer is present only when its settings ask for it (``cache``, ``retries > 0``,
    ``rate``). With ``redis_url`` the cache and the rate limit are shared through Redis.
    """
    sender = _concrete(settings, asynchronous)
    shared: dict[str, Any] = {"redis": settings.redis_url} if settings.redis_url else {}
    if settings.rate is not None:
        requests, period = settings.rate
        sender = RateLimitingSender(requests, period, sender, **shared)
    if settings.retries > 0:
        sender = RetryingSender(
            retries=settings.retries,
            sender=sender,
            backoff_base=settings.backoff,
            backoff_cap=max(settings.backoff * 8, settings.backoff),
        )
    if settings.cache is not None:
        cache = settings.cache
        sender = CachingSender(cache.max_size, sender, ttl=dict(cache.ttls), default_ttl=cache.ttl, **shared)
    return sender


def build_token_storage(settings: Settings) -> TokenStorage | None:
    """The storage ``token_storage`` names (``redis`` when only ``redis_url`` is set), or ``None``."""
    kind = settings.token_storage or ("redis" if settings.redis_url else None)
    if kind == "file":
        return FileTokenStorage(Path(settings.token_file).expanduser() if settings.token_file else None)
    if kind == "env":
        return EnvTokenStorage()
    if kind == "keyring":
        from .._auth.keyring_storage import KeyringTokenStorage

        return KeyringTokenStorage()
    if kind == "redis" and settings.redis_url is not None:  # Settings refuses redis without a URL
        from .._auth.redis_storage import RedisTokenStorage

        return RedisTokenStorage(settings.redis_url)
    return None


def client_options(settings: Settings) -> dict[str, Any]:
    """Client keyword arguments besides the sender: ``base_url``, ``upload_base_url``,
    ``refresh_margin``, auth (``token`` or ``token_storage``). Applies ``log_level`` to the ``boosty`` logger."""
    if settings.log_level is not None:
        logging.getLogger("boosty").setLevel(settings.log_level.upper())
    options: dict[str, Any] = {
        "base_url": settings.base_url,
        "upload_base_url": settings.upload_base_url,
        "refresh_margin": settings.refresh_margin,
    }
    if settings.token:
        options["token"] = settings.token
    else:
        storage = build_token_storage(settings)
        if storage is not None:
            options["token_storage"] = storage
    return options

"""Typed readers for setting values: each turns a raw value (an environment string, a TOML value
or an argument) into the field's type, or raises :class:`ValueError` with the reason."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "boolean",
    "choice",
    "http_url",
    "integer",
    "number",
    "optional_text",
    "proxy_url",
    "rate",
    "redis_url",
    "ttls",
]

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def integer(value: Any, *, minimum: int = 0) -> int:
    """A whole number ``>= minimum`` (``"3"`` from the environment, ``3`` from TOML)."""
    if isinstance(value, str):
        try:
            value = int(value.strip(), 10)
        except ValueError:
            raise ValueError(f"expected an integer, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"expected an integer >= {minimum}, got {value!r}")
    return value


def number(value: Any, *, positive: bool = False) -> float:
    """A finite number of seconds, ``>= 0`` (``> 0`` when ``positive``)."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, got {value!r}")
    result = float(value)
    if not math.isfinite(result) or result < 0 or (positive and result == 0):
        bound = "> 0" if positive else ">= 0"
        raise ValueError(f"expected a finite number {bound}, got {value!r}")
    return result


def boolean(value: Any) -> bool:
    """``true``/``false`` (also ``1``/``0``, ``yes``/``no``, ``on``/``off`` in the environment)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError(f"expected true or false, got {value!r}")


def choice(value: Any, options: tuple[str, ...]) -> str:
    """One of ``options`` (case-insensitive)."""
    if isinstance(value, str) and value.strip().lower() in options:
        return value.strip().lower()
    raise ValueError(f"expected one of {', '.join(options)}, got {value!r}")


def optional_text(value: Any) -> str | None:
    """A non-empty string, or ``None`` for an empty one."""
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value.strip() or None


def _url(value: Any, schemes: tuple[str, ...], *, host: bool = True) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a URL, got {value!r}")
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in schemes or (host and not parts.netloc):
        raise ValueError(f"expected a {'/'.join(schemes)} URL, got {_redacted(value)!r}")
    return value.strip()


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return parts._replace(netloc=f"{parts.username or ''}:***@{parts.hostname or ''}").geturl()


def http_url(value: Any) -> str:
    """An ``http://`` or ``https://`` URL."""
    return _url(value, ("http", "https"))


def proxy_url(value: Any) -> str:
    """A proxy URL: ``http``, ``https``, ``socks5`` or ``socks5h`` (SOCKS needs ``[socks]``)."""
    return _url(value, ("http", "https", "socks5", "socks5h"))


def redis_url(value: Any) -> str:
    """A ``redis://``, ``rediss://`` or ``unix://`` URL."""
    if isinstance(value, str) and value.strip().lower().startswith("unix://"):
        return _url(value, ("unix",), host=False)
    return _url(value, ("redis", "rediss"))


def rate(value: Any) -> tuple[int, float]:
    """``(requests, period seconds)``: ``"60/60"`` or ``"60,60"`` from the environment,
    ``[60, 60.0]`` or ``{requests = 60, period = 60.0}`` from TOML."""
    if isinstance(value, str):
        for separator in ("/", ","):
            if separator in value:
                value = value.split(separator, 1)
                break
        else:
            raise ValueError(f"expected REQUESTS/PERIOD (e.g. 60/60), got {value!r}")
    if isinstance(value, Mapping):
        unknown = set(value) - {"requests", "period"}
        if unknown or "requests" not in value:
            raise ValueError(f"expected a table with requests and period, got {dict(value)!r}")
        value = (value["requests"], value.get("period", 1.0))
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise ValueError(f"expected [requests, period], got {value!r}")
    return integer(value[0], minimum=1), number(value[1], positive=True)


def ttls(value: Any) -> dict[str, float]:
    """Per-path cache lifetimes: a TOML table (or ``path=seconds,path=seconds`` in the environment)."""
    if isinstance(value, str):
        pairs: dict[str, Any] = {}
        for item in filter(None, (part.strip() for part in value.split(","))):
            path, sep, seconds = item.rpartition("=")
            if not sep or not path:
                raise ValueError(f"expected PATH=SECONDS pairs, got {value!r}")
            pairs[path.strip()] = seconds
        value = pairs
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a table of path = seconds, got {value!r}")
    return {str(path): number(seconds) for path, seconds in value.items()}

"""The :class:`Credentials` value object: an access/refresh token pair, its device id and expiry."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Mapping
from typing import Any, Union
from urllib.parse import unquote

import attrs

from .._errors import BoostyError
from .._json import loads as decode_json

__all__ = ["Credentials", "CredentialsError"]

_MS_THRESHOLD = 1e12
"""An expiry above this is in milliseconds (the browser's ``auth`` cookie); below, in seconds."""

ExpiryInput = Union[float, int, dt.datetime, None]


class CredentialsError(BoostyError, ValueError):
    """Credentials could not be built: a malformed ``auth`` cookie, a missing or mistyped field.

    The message names what is wrong, never the values (they are secrets).
    """


def normalise_expiry(value: ExpiryInput) -> float | None:
    """Unix seconds (UTC) from seconds, milliseconds (values above 1e12) or an aware datetime.

    ``None`` stays ``None`` (expiry unknown). Raises :class:`CredentialsError` for anything else.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise CredentialsError("expires_at must be an aware datetime (UTC), not a naive one")
        return value.timestamp()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CredentialsError(f"expires_at must be unix seconds or a datetime, not {type(value).__name__}")
    seconds = float(value)
    if not math.isfinite(seconds) or seconds < 0:
        raise CredentialsError("expires_at must be a finite, non-negative number of seconds")
    if seconds > _MS_THRESHOLD:
        seconds /= 1000.0
    return seconds


def _secret(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise CredentialsError(f"{attribute.name} must be a str, not {type(value).__name__}")


def _non_empty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _secret(instance, attribute, value)
    if not value:
        raise CredentialsError(f"{attribute.name} must not be empty")


@attrs.frozen(repr=False)
class Credentials:
    """A Boosty session: the token pair that is refreshed and rotated, plus its device id.

    Arguments:
        access_token: the bearer token sent as ``Authorization: Bearer <access_token>``.
        refresh_token: the single-use token that buys a new pair from ``POST /oauth/token/``
            ("" if unknown: the credentials then cannot be refreshed).
        device_id: the browser's ``_clientId`` cookie, sent with every refresh.
        expires_at: when the access token expires, as **unix seconds (UTC, float)**, or ``None``
            if unknown (then the token is refreshed only after a 401). An aware ``datetime`` or
            milliseconds (any value above 1e12) are accepted and converted to seconds.

    ``repr`` and ``str`` mask every secret and show only the expiry. Raises
    :class:`CredentialsError` (a :class:`ValueError`) for mistyped or empty fields.
    """

    access_token: str = attrs.field(validator=_non_empty)
    refresh_token: str = attrs.field(default="", validator=_secret)
    device_id: str = attrs.field(default="", validator=_secret)
    expires_at: float | None = attrs.field(default=None, converter=normalise_expiry)

    @property
    def expires(self) -> dt.datetime | None:
        """``expires_at`` as an aware UTC ``datetime`` (``None`` if unknown)."""
        if self.expires_at is None:
            return None
        return dt.datetime.fromtimestamp(self.expires_at, tz=dt.timezone.utc)

    def expires_in(self, now: float | None = None) -> float | None:
        """Seconds until the access token expires (negative once expired; ``None`` if unknown)."""
        if self.expires_at is None:
            return None
        return self.expires_at - (time.time() if now is None else now)

    def is_expired(self, margin: float = 0.0, now: float | None = None) -> bool:
        """``True`` if the access token expires within ``margin`` seconds (``False`` if unknown)."""
        left = self.expires_in(now)
        return left is not None and left <= margin

    @property
    def can_refresh(self) -> bool:
        """``True`` if there is a refresh token and a device id to refresh with."""
        return bool(self.refresh_token and self.device_id)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``access_token``, ``refresh_token``, ``device_id``, ``expires_at``)."""
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "device_id": self.device_id,
            "expires_at": self.expires_at,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Credentials:
        """The inverse of :meth:`to_dict`; raises :class:`CredentialsError` for a bad shape."""
        if not isinstance(data, Mapping):
            raise CredentialsError(f"credentials must be a JSON object, not {type(data).__name__}")
        if "access_token" not in data:
            raise CredentialsError("credentials have no access_token")
        return cls(
            access_token=data["access_token"],
            refresh_token=data.get("refresh_token") or "",
            device_id=data.get("device_id") or "",
            expires_at=data.get("expires_at"),
        )

    @classmethod
    def from_cookies(cls, auth_cookie: str, client_id: str) -> Credentials:
        """Credentials from what a logged-in browser holds for ``boosty.to``.

        Arguments:
            auth_cookie: the value of the ``auth`` cookie: URL-encoded JSON with
                ``accessToken``, ``refreshToken`` and ``expiresAt`` (milliseconds; seconds are
                accepted too). Already-decoded JSON is accepted as well.
            client_id: the value of the ``_clientId`` cookie (becomes ``device_id``).

        Returns :class:`Credentials` with ``expires_at`` in unix seconds. Raises
        :class:`CredentialsError` (a :class:`ValueError`) for a malformed cookie; the message
        never contains the cookie's content.
        """
        if not isinstance(auth_cookie, str) or not isinstance(client_id, str):
            raise CredentialsError("auth_cookie and client_id must be str")
        text = auth_cookie.strip()
        if text.startswith("auth="):
            text = text[len("auth=") :]
        for _ in range(3):  # the cookie may be URL-encoded once or twice
            if text.startswith("{"):
                break
            text = unquote(text).strip()
        try:
            data = decode_json(text)
        except ValueError:
            raise CredentialsError("the auth cookie is not URL-encoded JSON") from None
        if not isinstance(data, dict):
            raise CredentialsError("the auth cookie is not a JSON object")
        missing = [key for key in ("accessToken", "refreshToken") if not data.get(key)]
        if missing:
            raise CredentialsError(f"the auth cookie has no {' or '.join(missing)}")
        device_id = client_id.strip()
        if not device_id:
            raise CredentialsError("client_id (the _clientId cookie) is empty")
        expires = data.get("expiresAt")
        if isinstance(expires, str):
            try:
                expires = float(expires)
            except ValueError:
                raise CredentialsError("the auth cookie's expiresAt is not a number") from None
        return cls(
            access_token=data["accessToken"],
            refresh_token=data["refreshToken"],
            device_id=unquote(device_id),
            expires_at=expires,
        )

    def __repr__(self) -> str:
        expires = self.expires
        shown = expires.isoformat() if expires is not None else None
        return f"Credentials(access_token=***, refresh_token=***, device_id=***, expires_at={shown})"

    __str__ = __repr__

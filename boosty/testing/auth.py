"""Bearer tokens of the fake: issue, check, expire, and rotate on refresh (``POST /oauth/token/``)."""

from __future__ import annotations

import secrets
import threading
import uuid
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["TokenStore"]


@attrs.define
class _Access:
    user_id: int
    expires_at: float


@attrs.define
class _Refresh:
    user_id: int
    device_id: str


class TokenStore:
    """Access tokens expire after ``lifetime`` seconds of the fake's clock; refresh tokens rotate.

    A refresh hands out a new access *and* refresh token and revokes the refresh token used;
    access tokens issued before stay valid until they expire (unless ``expire_all``).
    """

    def __init__(self, clock: Callable[[], float], lifetime: float = 3600) -> None:
        self._clock = clock
        self.lifetime = lifetime
        self._lock = threading.Lock()
        self._access: dict[str, _Access] = {}
        self._refresh: dict[str, _Refresh] = {}
        self._devices: dict[str, str] = {}  # access token -> device id
        self.refreshes = 0

    def reset(self) -> None:
        with self._lock:
            self._access.clear()
            self._refresh.clear()
            self._devices.clear()
            self.refreshes = 0

    def _issue(self, user_id: int, device_id: str, lifetime: float | None) -> dict[str, Any]:
        life = self.lifetime if lifetime is None else lifetime
        access, refresh = secrets.token_hex(32), secrets.token_hex(32)
        self._access[access] = _Access(user_id, self._clock() + life)
        self._refresh[refresh] = _Refresh(user_id, device_id)
        self._devices[access] = device_id
        return {
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": int(life),
            "token_type": "Bearer",
            "device_id": device_id,
        }

    def issue(self, user_id: int, *, device_id: str | None = None, lifetime: float | None = None) -> dict[str, Any]:
        """A fresh token set for ``user_id``: access/refresh tokens, ``expires_in`` (s), ``device_id``."""
        with self._lock:
            return self._issue(user_id, device_id or str(uuid.uuid4()), lifetime)

    def check(self, token: str) -> tuple[str, int | None]:
        """``("ok", user_id)``, ``("expired", user_id)`` or ``("invalid", None)``."""
        with self._lock:
            access = self._access.get(token)
        if access is None:
            return "invalid", None
        if access.expires_at <= self._clock():
            return "expired", access.user_id
        return "ok", access.user_id

    def refresh(self, refresh_token: str, device_id: str) -> dict[str, Any] | None:
        """Rotate: a new token set, the old refresh token revoked; ``None`` if refused."""
        with self._lock:
            found = self._refresh.get(refresh_token)
            if found is None or found.device_id != device_id:
                return None
            del self._refresh[refresh_token]
            self.refreshes += 1
            issued = self._issue(found.user_id, device_id, None)
        issued.pop("device_id")
        return issued

    def revoke(self, access_token: str) -> bool:
        """Log out: drop ``access_token`` and the refresh tokens of its user and device.

        Returns ``False`` for an unknown token.
        """
        with self._lock:
            access = self._access.pop(access_token, None)
            if access is None:
                return False
            device = self._devices.pop(access_token, None)
            for key, refresh in list(self._refresh.items()):
                if refresh.user_id == access.user_id and device in (None, refresh.device_id):
                    del self._refresh[key]
            return True

    def expire_all(self) -> None:
        """Make every access token issued so far expired (refresh tokens stay valid)."""
        with self._lock:
            now = self._clock()
            for access in self._access.values():
                access.expires_at = min(access.expires_at, now - 1)

    def revoke_refresh_tokens(self) -> None:
        """Make every refresh token issued so far unusable."""
        with self._lock:
            self._refresh.clear()

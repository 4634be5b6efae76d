"""Writes on the logged-in account: profile, dialog settings, locale, sessions, notification
switches, logout (``boosty-api.md`` §1.7, §2.1)."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, cast

from ..._auth.base import BearerAuth, NoAuth
from ..._auth.refreshing import RefreshingAuth
from ..._auth.storage import is_read_only
from ..._errors import AuthError
from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ..refs import resolve
from ._extract import unwrapped
from ._write import IDEMPOTENT_WRITE, flag, nothing, positive_int, text
from .account import NOTIFICATION_TRANSPORTS

if TYPE_CHECKING:
    from ...models import CurrentUser, DialogSettings
else:
    from ._models import CurrentUser, DialogSettings

NOTIFICATION_SWITCHES = (
    "new_comment",
    "new_donation",
    "new_message",
    "buy_message",
    "other_news",
    "new_promo",
    "new_referal",
    "new_target",
    "new_post",
    "buy_post",
    "buy_bundle",
    "new_referal_blogger",
    "new_reply",
    "new_stream",
    "new_subscriber",
    "level_subscribers_limit_reached",
)
"""Notification switches the API knows (``boosty-api.md`` §2.1, BK's list)."""

LOGOUT_PATH = "/oauth/token"
"""The logout endpoint, on the API origin (no trailing slash, unlike the refresh)."""


class AccountWriteAPI(ClientBase):
    """Writes on the logged-in account (user)."""

    @endpoint(unwrapped(CurrentUser))
    def user_update(
        self,
        *,
        name: str | None = None,
        email: str | None = None,
        can_view_adult_content: bool | None = None,
        send_msg_rule: str | None = None,
        send_msg_level_id: int | None = None,
    ) -> Request:
        """Change the profile: ``PUT /v1/user/current``, form of the fields given (only those).

        Auth: user. Returns the updated :class:`~boosty.CurrentUser`. Raises
        :class:`ValueError` when no field is given or one is empty, :class:`TypeError` for a
        value of the wrong type (before any request); :class:`~boosty.BadRequest` for a value
        Boosty refuses (e.g. a malformed e-mail). Source: BK (from the web client).
        """
        data: dict[str, str] = {}
        if name is not None:
            data["name"] = text(name, "name")
        if email is not None:
            data["email"] = text(email, "email")
        if can_view_adult_content is not None:
            data["can_view_adult_content"] = flag(can_view_adult_content, "can_view_adult_content")
        if send_msg_rule is not None:
            data["send_msg_rule"] = text(send_msg_rule, "send_msg_rule")
        if send_msg_level_id is not None:
            data["send_msg_level_id"] = str(positive_int(send_msg_level_id, "send_msg_level_id"))
        if not data:
            raise ValueError("user_update: give at least one field to change")
        return self._request("PUT", "/v1/user/current", data=data)

    @endpoint(nothing)
    def dialog_settings_update(self, settings: DialogSettings) -> Request:
        """Set who may write to the user: ``POST /v1/user/dialog_settings``. Auth: user.

        ``settings`` is a :class:`~boosty.DialogSettings` (read one from
        ``current_user().dialog_settings`` and change it with ``attrs.evolve``); the whole
        set is always sent, as the web client does: ``send_msg_level_id`` (``0``: none),
        ``can_send_all``, ``can_send_donation``, ``can_send_my_authors``,
        ``can_send_paid_subscribers``, ``can_send_subscribers``, ``can_send_payers``
        (``true``/``false``). Returns ``None``. Raises :class:`TypeError` for anything but a
        ``DialogSettings`` (before any request). Sending the same set twice is harmless, so it
        may be retried. Source: BK (from the web client).
        """
        if not isinstance(settings, resolve(DialogSettings)):
            raise TypeError(f"settings: expected DialogSettings, got {type(settings).__name__}")
        data = {"send_msg_level_id": str(settings.send_msg_level_id or 0)}
        for name in (
            "can_send_all",
            "can_send_donation",
            "can_send_my_authors",
            "can_send_paid_subscribers",
            "can_send_subscribers",
            "can_send_payers",
        ):
            data[name] = flag(bool(getattr(settings, name)), name)
        return self._request("POST", "/v1/user/dialog_settings", data=data, extensions=IDEMPOTENT_WRITE)

    @endpoint(nothing)
    def locale_set(self, lang: str) -> Request:
        """Set the interface language: ``POST /v1/user/locale``, form ``lang`` (``"ru"``, ``"en"``).

        Auth: user. Returns ``None``. Raises :class:`ValueError` for a value that is not a
        2-letter lower-case code (before any request). Source: BK (from the web client).
        """
        if not isinstance(lang, str):
            raise TypeError(f"lang: expected a str, got {type(lang).__name__}")
        if len(lang) != 2 or not lang.isascii() or not lang.isalpha() or not lang.islower():
            raise ValueError(f"lang: expected a 2-letter code such as 'en', got {lang!r}")
        return self._request("POST", "/v1/user/locale", data={"lang": lang}, extensions=IDEMPOTENT_WRITE)

    @endpoint(nothing)
    def sessions_end(self) -> Request:
        """Log the account's devices out: ``DELETE /v1/user/session/``. Auth: user.

        BK warns that this may end the calling session too: expect
        :class:`~boosty.Unauthorised` afterwards. Returns ``None``. Raises
        :class:`~boosty.Unauthorised` anonymously. Sources: KY, BK (from the web client).
        """
        return self._request("DELETE", "/v1/user/session/")

    @endpoint(nothing)
    def notification_setting_set(self, transport: str, switch: str, value: bool) -> Request:
        """Turn one notification on or off: ``PUT /v1/notification/settings/{transport}/{switch}``.

        Auth: user. ``transport`` is one of ``standalone``, ``mobile_push``, ``telegram``,
        ``mail``; ``switch`` one of :data:`NOTIFICATION_SWITCHES` (``"new_comment"``, ...);
        form ``value=true|false``. Returns ``None``. Raises :class:`ValueError` for an
        unknown transport or switch, :class:`TypeError` for a non-``bool`` value (before any
        request). Source: BK (from the web client).
        """
        if transport not in NOTIFICATION_TRANSPORTS:
            raise ValueError(f"transport: must be one of {', '.join(NOTIFICATION_TRANSPORTS)}, got {transport!r}")
        if switch not in NOTIFICATION_SWITCHES:
            raise ValueError(f"switch: unknown notification switch {switch!r}")
        data = {"value": flag(value, "value")}
        return self._request("PUT", "/v1/notification/settings/{}/{}", transport, switch, data=data)

    def logout(self) -> Any:
        """End the session: ``DELETE /oauth/token`` (no trailing slash), then forget the token.

        The query carries ``access_token``, ``device_id`` (when known) and ``device_os=web``,
        as KY (the only source) sends them. After Boosty accepts, the client forgets its
        credentials: the token storage is cleared (unless it is read-only, like
        :class:`~boosty.EnvTokenStorage`) and the client goes on anonymously. If Boosty
        refuses, nothing is forgotten. Returns ``None`` (a coroutine of it for an async
        client). Raises :class:`~boosty.AuthError` for a client without a token (before any
        request), :class:`~boosty.HTTPError` subclasses for a refusal,
        :class:`~boosty.TokenStorageError` if the storage cannot be cleared.
        """
        request = self._logout_request()
        if self.is_async:
            return self._logout_async(request)
        self._call(request, nothing)
        self._forget_credentials()
        return None

    async def _logout_async(self, request: Request) -> None:
        await cast(Coroutine[Any, Any, None], self._call(request, nothing))
        self._forget_credentials()

    def _logout_request(self) -> Request:
        auth = self._auth
        device_id: str | None = None
        if isinstance(auth, RefreshingAuth) and auth.credentials is not None:
            token, device_id = auth.credentials.access_token, auth.credentials.device_id or None
        elif isinstance(auth, BearerAuth):
            token = auth._header.partition(" ")[2]
        else:
            raise AuthError("logout: this client has no access token")
        params = {"access_token": token, "device_id": device_id, "device_os": "web"}
        return self._request("DELETE", LOGOUT_PATH, params=params)

    def _forget_credentials(self) -> None:
        auth = self._auth
        if isinstance(auth, RefreshingAuth):
            if not is_read_only(auth.storage):
                auth.storage.clear()
            # In memory too: the next request goes out anonymously.
            auth._credentials = None
            auth._unsaved = None
        elif isinstance(auth, BearerAuth):
            self._auth = NoAuth(auth.api_origin)

"""Sign-in by SMS and the session probe (``boosty-api.md`` §1.7, §2.1).

The SMS login is KY's (the only source; not live-verified here): ``phone_code_send`` has
Boosty text a code to the phone and answers a *verification* code; ``phone_code_confirm``
trades both codes for a token pair. Both go to the API origin's ``/auth/...`` paths (not
``/v1``) and are sent without the client's credentials.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Mapping
from typing import Any

from ..._auth.credentials import Credentials
from ..._auth.refreshing import RefreshingAuth
from ..._errors import ParseError, Unauthorised
from ..._flow import Flow, call
from ..._sender._http import Request, Response
from ..._sender.retrying import IDEMPOTENT
from ..base import ClientBase
from ..endpoint import endpoint
from ._extract import dig
from ._flows import flow_method
from ._write import IDEMPOTENT_WRITE, nothing, text

__all__ = ["AuthWriteAPI", "PHONE_CODE_CONFIRM_PATH", "PHONE_CODE_SEND_PATH", "SESSION_CHECK_PATH"]

PHONE_CODE_SEND_PATH = "/auth/phone/verification_code/send"
PHONE_CODE_CONFIRM_PATH = "/auth/phone/verification_code/confirm"
SESSION_CHECK_PATH = "/v1/notification/settings"

_PHONE = r"^\+?[0-9]{7,15}$"
"""An international phone number (compiled by :mod:`re`'s cache on first use, not at import)."""
_SIGN_IN = {"anonymous": True}
"""The SMS login is sent without the client's token (it is how one gets a token)."""


def _phone(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"phone: expected a str, got {type(value).__name__}")
    if not re.match(_PHONE, value):
        raise ValueError(f"phone: expected digits in international form such as '+79001234567', got {value!r}")
    return value


def _verification_code(value: object) -> str:
    if isinstance(value, Mapping):
        value = value.get("code")
    return text(value, "code")


def _phone_code(payload: Any, response: Response) -> dict[str, Any]:
    found = dig(payload, ("data", "phoneCode"), response)
    if not isinstance(found, dict) or not isinstance(found.get("code"), str) or not found["code"]:
        raise ParseError("expected a verification code", path="data.phoneCode.code", response=response)
    return found


def _credentials(payload: Any, response: Response) -> Credentials:
    if not isinstance(payload, dict):
        raise ParseError(f"expected a JSON object, got {type(payload).__name__}", response=response)
    access, refresh = payload.get("access_token"), payload.get("refresh_token")
    if not isinstance(access, str) or not access:
        raise ParseError("expected an access token", path="access_token", response=response)
    expires_in = payload.get("expires_in")
    expires_at = None
    if isinstance(expires_in, (int, float)) and not isinstance(expires_in, bool) and math.isfinite(expires_in):
        expires_at = time.time() + max(float(expires_in), 0.0)
    form = response.request.data or {}
    return Credentials(
        access_token=access,
        refresh_token=refresh if isinstance(refresh, str) else "",
        device_id=str(form.get("device_id") or ""),
        expires_at=expires_at,
    )


class AuthWriteAPI(ClientBase):
    """SMS sign-in and the session probe."""

    @endpoint(_phone_code)
    def phone_code_send(self, phone: str, *, device_id: str) -> Request:
        """Have Boosty text a sign-in code to ``phone``: ``POST /auth/phone/verification_code/send``.

        URL ``https://api.boosty.to/auth/phone/verification_code/send`` (the API origin, not
        ``/v1``), form ``device_id``, ``device_os=web``, ``phone``; sent without a token.
        ``phone`` is digits in international form (``"+79001234567"``); ``device_id`` is the
        device the session will belong to (any stable string, e.g. ``str(uuid.uuid4())``;
        keep it, the refresh needs it). Returns the ``phoneCode`` object of the answer
        (``dict``) whose ``"code"`` goes to :meth:`phone_code_confirm` with the code the user
        receives by SMS. Never retried (a retry could text another code). Raises
        :class:`TypeError` / :class:`ValueError` for a malformed phone or an empty device
        id (before any request), :class:`~boosty.BadRequest` for a phone Boosty refuses,
        :class:`~boosty.ParseError` for an answer without a code. Source: KY
        (``_send_sms_code``), not live-verified.
        """
        data = {"device_id": text(device_id, "device_id"), "device_os": "web", "phone": _phone(phone)}
        return self._request("POST", PHONE_CODE_SEND_PATH, data=data, extensions=_SIGN_IN)

    @endpoint(_credentials)
    def phone_code_confirm(
        self, phone: str, code: str | Mapping[str, Any], sms_code: str, *, device_id: str
    ) -> Request:
        """Sign in with the SMS code: ``PUT /auth/phone/verification_code/confirm``.

        URL ``https://api.boosty.to/auth/phone/verification_code/confirm``, form ``phone``,
        ``code`` (from :meth:`phone_code_send`: the ``str`` or the object it returned),
        ``sms_code`` (what the user received), ``device_os=web``, ``device_id`` (the same as
        for the send); sent without a token. Returns :class:`~boosty.Credentials` with the
        ``device_id`` given and ``expires_at`` (unix seconds, UTC) = now + ``expires_in``:
        pass them to ``Boosty(credentials=..., token_storage=...)``. Never retried, though a
        ``PUT`` (a code is single-use). Raises :class:`TypeError` / :class:`ValueError` for
        malformed input (before any request); :class:`~boosty.BadRequest` with ``error``
        ``invalid_sms_code`` or ``invalid_param`` for a wrong or stale code: nothing was
        used up, so ask the user to re-enter the SMS code and call again with the same
        ``code``; :class:`~boosty.ParseError` for an answer without an access token.
        Source: KY (``_get_token_by_code``, ``auth()``), not live-verified.
        """
        data = {
            "phone": _phone(phone),
            "code": _verification_code(code),
            "sms_code": text(sms_code, "sms_code"),
            "device_os": "web",
            "device_id": text(device_id, "device_id"),
        }
        return self._request("PUT", PHONE_CODE_CONFIRM_PATH, data=data, extensions={**_SIGN_IN, IDEMPOTENT: False})

    @endpoint(nothing)
    def _session_probe(self) -> Request:
        """``POST /v1/notification/settings`` with no body: :meth:`session_check`'s request."""
        return self._request("POST", SESSION_CHECK_PATH, extensions=IDEMPOTENT_WRITE)

    @flow_method
    def session_check(self, *, timeout: float | None = None) -> Flow[bool]:
        """Whether the client's session is signed in: ``POST /v1/notification/settings``, no body.

        DC (the only source) uses this call's success as its login check; Boosty documents
        no effect, so it may be retried. A client with refreshing credentials renews an
        expiring token first, and after a 401 renews it and asks once more. Returns
        ``True`` on a 2xx answer and ``False`` on 401 (a coroutine of it for an async
        client); ``timeout`` is seconds for this call. Raises other
        :class:`~boosty.HTTPError` subclasses (e.g. :class:`~boosty.ServiceUnavailable`),
        :class:`~boosty.NetworkError`, and :class:`~boosty.AuthError` when renewing the
        token fails. Source: DC (``Auth::isAuthenticated``), not live-verified.
        """
        for attempt in range(2):
            try:
                yield call(self._session_probe, timeout=timeout)
            except Unauthorised:
                # The auth layer resends only reads after a 401, but it did renew a
                # refreshing session: the probe changes nothing, so ask once more.
                if attempt or not self._can_renew():
                    return False
            else:
                return True
        return False  # pragma: no cover  (the loop always returns)

    def _can_renew(self) -> bool:
        auth = self._auth
        return isinstance(auth, RefreshingAuth) and auth.credentials is not None and auth.credentials.can_refresh

"""The SMS sign-in and the session probe (``boosty-api.md`` §1.7, §2.1).

Every user of the world has the phone :func:`phone_number` (``+7`` and the id in ten
digits), and the SMS the fake "sends" always carries :data:`SMS_CODE`. The verification
code ``send`` answers is derived from the seed, the phone and the device, so ``confirm``
needs no state; it hands out a token pair of the phone's user for that device.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from .._ctx import ApiError, Ctx, Routes, field, invalid

__all__ = ["ROUTES", "SMS_CODE", "phone_number"]

JSON = dict[str, Any]
r = Routes()
ROUTES = r.routes

SMS_CODE = "246810"
"""The code every SMS of the fake carries (what a user would type in)."""

_PHONE = re.compile(r"^\+7([0-9]{10})$")


def phone_number(user_id: int) -> str:
    """The phone of user ``user_id`` in the fake's world: ``+7`` and the id in ten digits."""
    return f"+7{user_id:010d}"


def _form(ctx: Ctx, *names: str) -> dict[str, str]:
    form = ctx.form()
    values = {name: field(form, name) or "" for name in names}
    for name, value in values.items():
        if not value:
            raise invalid(name, "required")
    if values.get("device_os") != "web":
        raise invalid("device_os", "unsupported")
    return values


def _user_of(ctx: Ctx, phone: str) -> int:
    match = _PHONE.match(phone)
    user_id = int(match.group(1)) if match else None
    if user_id is None or user_id not in ctx.world.users:
        raise invalid("phone", "no account with this phone")
    return user_id


def _verification_code(ctx: Ctx, phone: str, device_id: str) -> str:
    return hashlib.sha256(f"{ctx.state.seed}|{phone}|{device_id}".encode()).hexdigest()[:32]


@r("/auth/phone/verification_code/send", "POST")
def code_send(ctx: Ctx) -> JSON:
    """Form ``device_id``, ``device_os=web``, ``phone`` → ``{data: {phoneCode: {code}}}``.

    A missing field or a phone of nobody in the world → 400 ``invalid_param``.
    """
    values = _form(ctx, "device_id", "device_os", "phone")
    _user_of(ctx, values["phone"])
    return {"data": {"phoneCode": {"code": _verification_code(ctx, values["phone"], values["device_id"])}}}


@r("/auth/phone/verification_code/confirm", "PUT")
def code_confirm(ctx: Ctx) -> JSON:
    """Form ``phone``, ``code``, ``sms_code``, ``device_os=web``, ``device_id`` → a token pair.

    Answers ``{access_token, refresh_token, expires_in, token_type}`` for the phone's user
    and device. A missing field or a verification code of another phone or device → 400
    ``invalid_param``; a wrong SMS code → 400 ``invalid_sms_code``.
    """
    values = _form(ctx, "phone", "code", "sms_code", "device_os", "device_id")
    user_id = _user_of(ctx, values["phone"])
    if values["code"] != _verification_code(ctx, values["phone"], values["device_id"]):
        raise invalid("code", "unknown or expired verification code")
    if values["sms_code"] != SMS_CODE:
        raise ApiError(400, "invalid_sms_code", "The SMS code is wrong")
    issued = ctx.state.tokens.issue(user_id, device_id=values["device_id"])
    issued.pop("device_id")
    return issued


@r("/v1/notification/settings", "POST")
def session_probe(ctx: Ctx) -> JSON:
    """``POST /v1/notification/settings`` (no body): ``{}`` for a signed-in viewer, else 401."""
    ctx.user()
    return {}

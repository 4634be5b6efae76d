"""``POST /oauth/token/``: the refresh-token grant, with rotation (``boosty-api.md`` §1.6)."""

from __future__ import annotations

from .._ctx import JSON, ApiError, Ctx, Routes, field

__all__ = ["ROUTES"]

r = Routes()
ROUTES = r.routes


@r("/oauth/token/", "POST")
def token(ctx: Ctx) -> JSON:
    """Form ``device_id``, ``device_os=web``, ``grant_type=refresh_token``, ``refresh_token``.

    Answers ``{access_token, refresh_token, expires_in, token_type}``; the refresh token used
    is revoked. A JSON body or a missing field → 400 ``invalid_param``; an unknown, already
    used or revoked refresh token (or another device id) → 400 ``invalid_grant``.
    """
    if ctx.request.headers.get("content-type", "").lower().startswith("application/json"):
        raise ApiError(400, "invalid_param", "Form data expected")
    form = ctx.form()
    values = {name: field(form, name) for name in ("device_id", "device_os", "grant_type", "refresh_token")}
    for name, value in values.items():
        if not value:
            raise ApiError(400, "invalid_param", f"{name}: required")
    if values["grant_type"] != "refresh_token":
        raise ApiError(400, "invalid_param", "grant_type: unsupported")
    issued = ctx.state.tokens.refresh(str(values["refresh_token"]), str(values["device_id"]))
    if issued is None:
        raise ApiError(400, "invalid_grant", "The refresh token is invalid, expired or revoked")
    return issued

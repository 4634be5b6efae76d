"""Writes on the viewer's account (``boosty-api.md`` §1.7, §2.1): profile, dialog settings,
locale, sessions, notification switches, logout. The reads in :mod:`.account` show them."""

from __future__ import annotations

from ..._client.api.account import NOTIFICATION_TRANSPORTS
from ..._client.api.account_write import NOTIFICATION_SWITCHES
from .._ctx import JSON, ApiError, Ctx, Routes, field, invalid

__all__ = ["DIALOG_FIELDS", "ROUTES", "SWITCHES", "current_user", "switch_key"]

r = Routes()
ROUTES = r.routes

SWITCHES = frozenset(NOTIFICATION_SWITCHES)
TRANSPORTS = NOTIFICATION_TRANSPORTS

DIALOG_FIELDS = {
    "can_send_all": "canSendAll",
    "can_send_donation": "canSendDonation",
    "can_send_my_authors": "canSendMyAuthors",
    "can_send_paid_subscribers": "canSendPaidSubscribers",
    "can_send_subscribers": "canSendSubscribers",
    "can_send_payers": "candSendPayers",  # the read side's spelling
}


def switch_key(switch: str) -> str:
    """``new_comment`` → ``newComment`` (the read side's keys)."""
    head, *rest = switch.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _bool(form: dict[str, list[str]], name: str) -> bool:
    raw = (field(form, name) or "").lower()
    if raw not in ("true", "false"):
        raise invalid(name, "must be true or false")
    return raw == "true"


def current_user(ctx: Ctx, user: int) -> JSON:
    """The current user as the reads show it, with the locale and dialog settings written."""
    out = ctx.view.current_user(ctx.world.users[user])
    out["locale"] = ctx.world.locales.get(user, out["locale"])
    out["dialogSettings"] = {**out["dialogSettings"], **ctx.world.dialog_settings.get(user, {})}
    return out


@r("/v1/user/current", "PUT")
def user_update(ctx: Ctx) -> JSON:
    """``PUT /v1/user/current`` (user; form of the fields to change): the updated user."""
    user = ctx.world.users[ctx.user()]
    form = ctx.form()
    known = {"name", "email", "can_view_adult_content", "send_msg_rule", "send_msg_level_id"}
    if not known & set(form):
        raise invalid("name", "nothing to change")
    name, email = field(form, "name"), field(form, "email")
    if name is not None and not name.strip():
        raise invalid("name", "must not be empty")
    if email is not None and "@" not in email:
        raise invalid("email", "malformed e-mail")
    if "can_view_adult_content" in form:
        _bool(form, "can_view_adult_content")
    if name is not None:
        user.name = name
    if email is not None:
        user.email = email
    return current_user(ctx, user.id)


@r("/v1/user/dialog_settings", "POST")
def dialog_settings(ctx: Ctx) -> JSON:
    """``POST /v1/user/dialog_settings`` (user; the full set of fields): ``{}``."""
    user = ctx.user()
    form = ctx.form()
    settings: JSON = {camel: _bool(form, name) for name, camel in DIALOG_FIELDS.items()}
    try:
        settings["sendMsgLevelId"] = int(field(form, "send_msg_level_id") or "")
    except ValueError:
        raise invalid("send_msg_level_id", "required integer") from None
    ctx.world.dialog_settings[user] = settings
    return {}


@r("/v1/user/locale", "POST")
def locale(ctx: Ctx) -> JSON:
    """``POST /v1/user/locale`` (user; form ``lang``): ``{}``."""
    user = ctx.user()
    lang = field(ctx.form(), "lang")
    if lang not in ("ru", "en"):
        raise invalid("lang", "unsupported language")
    ctx.world.locales[user] = lang
    return {}


@r("/v1/user/session/", "DELETE")
def sessions_end(ctx: Ctx) -> JSON:
    """``DELETE /v1/user/session/`` (user): the other sessions end (the list keeps the current one)."""
    ctx.world.sessions_ended.add(ctx.user())
    return {}


@r("/v1/notification/settings/{transport}/{switch}", "PUT")
def notification_switch(ctx: Ctx) -> JSON:
    """``PUT /v1/notification/settings/{transport}/{switch}`` (user; form ``value``): ``{}``."""
    user = ctx.user()
    transport, switch = ctx.path("transport"), ctx.path("switch")
    if transport not in TRANSPORTS:
        raise ApiError(404, "not_found", "Unknown transport")
    if switch not in SWITCHES:
        raise ApiError(404, "not_found", "Unknown switch")
    ctx.world.notification_switches[(user, transport, switch)] = _bool(ctx.form(), "value")
    return {}


@r("/oauth/token", "DELETE")
def logout(ctx: Ctx) -> JSON:
    """``DELETE /oauth/token?access_token=&device_id=&device_os=web`` (no slash): ``{}``; the tokens end."""
    token = ctx.q("access_token")
    if not token:
        raise invalid("access_token", "required")
    if ctx.q("device_os") != "web":
        raise invalid("device_os", "must be web")
    if not ctx.state.tokens.revoke(token):
        raise ApiError(401, "invalid_token", "Unknown access token")
    return {}

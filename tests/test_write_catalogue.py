"""Every write route of the API catalogue (``docs/boosty-api.md`` §1.7, §2.1-§2.17) has a method."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from boosty import AsyncBoosty, Boosty

CATALOGUE = Path(__file__).resolve().parent.parent / "docs" / "boosty-api.md"

WRITES = {
    ("DELETE", "https://api.boosty.to/oauth/token"): "logout",
    ("DELETE", "/v1/user/session/"): "sessions_end",
    ("PUT", "/v1/user/current"): "user_update",
    ("POST", "/v1/user/dialog_settings"): "dialog_settings_update",
    ("POST", "/v1/user/locale"): "locale_set",
    ("PUT", "/v1/notification/settings/{transport}/{switch}"): "notification_setting_set",
    ("POST", "/v1/blog/{blog}/video_stream/chat"): "stream_chat_send",
    ("POST", "/v1/blog/{blog}/post/{postId}/like"): "post_like",
    ("DELETE", "/v1/blog/{blog}/post/{postId}/like"): "post_unlike",
    ("POST", "/v1/blog/{blog}/post/{postId}/reaction"): "post_react",
    ("DELETE", "/v1/blog/{blog}/post/{postId}/reaction"): "post_unreact",
    ("POST", "/v1/poll/{pollId}/vote"): "poll_vote",
    ("DELETE", "/v1/poll/{pollId}/vote"): "poll_unvote",
    ("POST", "/v1/blog/{blog}/post/{postId}/comment/"): "comment_create",
    ("DELETE", "/v1/blog/{blog}/post/{postId}/comment/{commentId}"): "comment_delete",
    ("POST", "/v1/blog/{blog}/post/{postId}/comment/{commentId}/reaction"): "comment_react",
    ("DELETE", "/v1/blog/{blog}/post/{postId}/comment/{commentId}/reaction"): "comment_unreact",
    ("POST", "/v1/blog/{blog}/subscription/level"): "level_create",
    ("DELETE", "/v1/blog/{blog}/subscription/level/{levelId}"): "level_delete",
    ("POST", "/v1/target/money"): "target_create",  # and /v1/target/subscribers (same row)
    ("PUT", "/v1/target/{targetId}"): "target_update",
    ("DELETE", "/v1/target/{targetId}"): "target_delete",
    ("PUT", "/v1/blog/{blog}/showcase/status/"): "showcase_set_enabled",
    ("PUT", "/v1/blog/{blog}/showcase/status"): "showcase_set_enabled",  # BL's variant (§9.4): not sent
    ("DELETE", "/v1/blog/{blog}/bundle/{bundleId}"): "bundle_delete",
    ("POST", "/v1/dialog/"): "dialog_create",
    ("POST", "/v1/dialog/{dialogId}/message"): "message_send",
    ("POST", "/v1/dialog/{dialogId}/message/"): "message_send",  # RSP's variant (§9.3): not sent
    ("PUT", "/v1/notification/standalone/read/"): "notifications_mark_read",
    ("DELETE", "/v1/notification/standalone/event/{eventId}"): "notification_delete",
    ("DELETE", "/v1/notification/standalone/event/"): "notifications_delete",
    ("PUT", "/v1/blog/{blog}/post_draft"): "draft_save",
    ("POST", "/v1/blog/{blog}/post_draft/publish/"): "draft_publish",
    ("POST", "/v1/blog/{blog}/post/"): "post_create",  # sent as draft then publish (§9.5)
    ("PUT", "/v1/blog/{blog}/post/{postId}"): "post_update",
    ("DELETE", "/v1/blog/{blog}/post/{postId}"): "post_delete",
    ("PUT", "/v1/blog/{blog}/post/{postId}/deferred_access"): "deferred_access_update",
    ("POST", "https://uploadimg.boosty.to/v1/media_data/image/"): "upload_image",
    ("POST", "/v1/upload/"): "upload_file",
    ("POST", "https://api.boosty.to/auth/phone/verification_code/send"): "phone_code_send",
    ("PUT", "https://api.boosty.to/auth/phone/verification_code/confirm"): "phone_code_confirm",
    ("POST", "/v1/notification/settings"): "session_check",  # DC's login probe
    ("POST", "/v1/stat/sales/"): "stat_sales",  # a deprecated read sent as a POST
    ("POST", "/v1/ws/subscribe"): "ws_subscribe",
}

NOT_WRAPPED = {
    ("POST", "https://api.boosty.to/v1/accessToken"): "DC's refresh, contradicted by 12 sources (§9.10); "
    "the refresh is the auth layer's POST /oauth/token/",
    ("WS", "wss://pubsub.boosty.to/connection/websocket"): "a websocket, not an HTTP write",
}


def catalogue_writes() -> list[tuple[str, str]]:
    """``(method, first path)`` of each non-GET row in §1.7 and §2.1-§2.17 (``POST / DELETE`` rows: both)."""
    rows: list[tuple[str, str]] = []
    section: tuple[int, int] | None = None
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^###\s+(\d+)\.(\d+)\s", line)
        if heading:
            section = (int(heading.group(1)), int(heading.group(2)))
            continue
        if line.startswith("## "):
            section = None
        if section is None or not (section == (1, 7) or (section[0] == 2 and 1 <= section[1] <= 17)):
            continue
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] in ("Method", "") or set(cells[0]) <= {"-"}:
            continue
        paths = re.findall(r"`([^`]+)`", cells[1])
        for method in (m.strip() for m in cells[0].split("/")):
            if method not in ("GET", "—"):
                rows.append((method, paths[0] if paths else cells[1]))
    return rows


def test_catalogue_has_the_write_rows_it_had() -> None:
    rows = catalogue_writes()
    assert len(set(rows)) == 46  # a changed catalogue must be looked at, not silently skipped
    assert ("DELETE", "https://api.boosty.to/oauth/token") in rows


@pytest.mark.parametrize("row", sorted(set(catalogue_writes())), ids=lambda r: f"{r[0]} {r[1]}")
def test_every_write_row_is_mapped(row: tuple[str, str]) -> None:
    known = WRITES.keys() | NOT_WRAPPED.keys()
    assert row in known, f"catalogue write {row} has no client method in WRITES (nor a reason in NOT_WRAPPED)"


def test_no_stale_mapping() -> None:
    rows = set(catalogue_writes())
    assert set(WRITES) | set(NOT_WRAPPED) <= rows


@pytest.mark.parametrize("name", sorted(set(WRITES.values())))
def test_each_mapped_write_is_a_documented_method(name: str) -> None:
    methods = {m for (m, _), n in WRITES.items() if n == name}
    for cls in (Boosty, AsyncBoosty):
        assert getattr(cls, name, None) is not None, f"{cls.__name__}.{name} is missing"
    doc = inspect.getdoc(getattr(Boosty, name)) or ""
    assert all(method in doc for method in methods), f"{name}'s docstring does not name {methods}"
    assert "return" in doc.lower() and "raise" in doc.lower(), f"{name}'s docstring lacks returns / raises"

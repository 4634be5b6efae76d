"""Auth on the fake: anonymous teasers, subscriber access, expiring tokens, rotating refresh tokens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from boosty.testing import FakeBoosty


@pytest.fixture(scope="module")
def http(fake_boosty_server: FakeBoosty) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake_boosty_server.base_url) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def pro_post(fake: FakeBoosty) -> dict[str, Any]:
    return next(p for p in fake.posts() if p["title"] == "Every block type (Pro)")


def refresh_form(tokens: dict[str, Any], **changes: str) -> dict[str, str]:
    form = {
        "device_id": tokens["device_id"],
        "device_os": "web",
        "grant_type": "refresh_token",
        "refresh_token": tokens["refresh_token"],
    }
    return {**form, **changes}


@pytest.mark.parametrize(
    ("user", "access"), [(None, False), ("stranger", False), ("follower", False), ("subscriber", True), ("owner", True)]
)
def test_paid_post_content_depends_on_the_viewer(
    fake_boosty: FakeBoosty, http: httpx.Client, user: str | None, access: bool
) -> None:
    post = pro_post(fake_boosty)
    headers = bearer(fake_boosty.issue_tokens(user)["access_token"]) if user else {}
    body = http.get(f"/v1/blog/demo/post/{post['id']}", headers=headers).json()
    assert body["hasAccess"] is access
    assert body["subscriptionLevel"]["name"] == "Pro" and body["price"] == 350.5
    assert body["teaser"] and body["teaser"][0]["type"] == "text"
    if access:
        assert body["signedQuery"].startswith("?") and len(body["data"]) > 10
        video = next(b for b in body["data"] if b["type"] == "ok_video")
        assert any(p["url"] for p in video["playerUrls"])
    else:
        assert body["signedQuery"] == "" and body["data"] == []
    listed = http.get("/v1/blog/demo/post/", params={"limit": 100}, headers=headers).json()["data"]
    assert next(p for p in listed if p["id"] == post["id"])["hasAccess"] is access
    comments = http.get(f"/v1/blog/demo/post/{post['id']}/comment/", headers=headers)
    assert comments.status_code == (200 if access else 403)


def test_free_posts_are_open_to_everyone(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    page = http.get("/v1/blog/demo/post/", params={"limit": 100}).json()["data"]
    free = [p for p in page if p["subscriptionLevel"] is None]
    assert free and all(p["hasAccess"] and p["signedQuery"] for p in free)
    assert all(not p["hasAccess"] for p in page if p["subscriptionLevel"] is not None)
    only = http.get("/v1/blog/demo/post/", params={"limit": 100, "is_only_allowed": "true"}).json()["data"]
    assert [p["id"] for p in only][: len(free)] == [p["id"] for p in free]
    assert len(only) == 100 and all(p["hasAccess"] for p in only)


def test_user_endpoints_need_a_token_and_know_the_user(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    assert http.get("/v1/user/current").status_code == 401
    assert http.get("/v1/dialog/").json()["error"] == "unauthorized"
    me = http.get("/v1/user/current", headers=bearer(fake_boosty.issue_tokens("subscriber")["access_token"])).json()
    assert (me["id"], me["email"]) == (fake_boosty.user_id("subscriber"), "sam@example.com")
    assert http.get("/v1/blog/demo", headers=bearer("not-a-token")).status_code == 401
    assert http.get("/v1/blog/demo", headers={"Authorization": "Basic abc"}).status_code == 401
    profile = http.get("/v1/blog/demo", headers=bearer(fake_boosty.issue_tokens("owner")["access_token"])).json()
    assert profile["isOwner"] and profile["accessRights"]["canEdit"]
    sub = http.get("/v1/blog/demo", headers=bearer(fake_boosty.issue_tokens("subscriber")["access_token"])).json()
    assert sub["isSubscribed"] and sub["subscriptionKind"] == "paid" and not sub["isOwner"]


def test_access_tokens_expire(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    short = fake_boosty.issue_tokens("subscriber", lifetime=60)
    other = fake_boosty.issue_tokens("owner")
    assert short["expires_in"] == 60
    assert http.get("/v1/user/current", headers=bearer(short["access_token"])).status_code == 200
    fake_boosty.advance_time(61)
    expired = http.get("/v1/blog/demo", headers=bearer(short["access_token"]))
    assert expired.status_code == 401 and expired.json()["error"] == "unauthorized"
    assert "expired" in expired.json()["error_description"]
    assert http.get("/v1/user/current", headers=bearer(other["access_token"])).status_code == 200
    fake_boosty.expire_access_tokens()
    assert http.get("/v1/user/current", headers=bearer(other["access_token"])).status_code == 401
    assert http.get("/v1/blog/demo").status_code == 200


def test_refresh_rotates_and_rejects_the_old_refresh_token(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    first = fake_boosty.issue_tokens("subscriber")
    fake_boosty.expire_access_tokens()
    response = http.post("/oauth/token/", data=refresh_form(first))
    assert response.status_code == 200
    second = response.json()
    assert set(second) == {"access_token", "refresh_token", "expires_in", "token_type"}
    assert second["refresh_token"] != first["refresh_token"] and second["access_token"] != first["access_token"]
    assert (second["expires_in"], second["token_type"]) == (3600, "Bearer")
    me = http.get("/v1/user/current", headers=bearer(second["access_token"])).json()
    assert me["id"] == fake_boosty.user_id("subscriber")
    reused = http.post("/oauth/token/", data=refresh_form(first))
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    assert first["refresh_token"] not in reused.text
    third = http.post("/oauth/token/", data=refresh_form({**first, **second}))
    assert third.status_code == 200 and fake_boosty.refresh_count == 2


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"device_id": "another-device"}, "invalid_grant"),
        ({"refresh_token": "forged"}, "invalid_grant"),
        ({"grant_type": "password"}, "invalid_param"),
        ({"device_id": ""}, "invalid_param"),
    ],
)
def test_refresh_refusals(fake_boosty: FakeBoosty, http: httpx.Client, change: dict[str, str], error: str) -> None:
    tokens = fake_boosty.issue_tokens("owner")
    response = http.post("/oauth/token/", data=refresh_form(tokens, **change))
    assert response.status_code == 400 and response.json()["error"] == error
    assert http.post("/oauth/token/", data=refresh_form(tokens)).status_code == 200


def test_refresh_with_a_json_body_is_invalid_param(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    tokens = fake_boosty.issue_tokens("owner")
    response = http.post("/oauth/token/", json=refresh_form(tokens))
    assert response.status_code == 400 and response.json()["error"] == "invalid_param"
    fake_boosty.revoke_refresh_tokens()
    assert http.post("/oauth/token/", data=refresh_form(tokens)).json()["error"] == "invalid_grant"

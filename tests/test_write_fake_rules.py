"""The fake's write routes refuse what the API refuses (raw HTTP, so nothing checks first)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from boosty.testing import FakeBoosty


@pytest.fixture
def http(fake_boosty: FakeBoosty) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake_boosty.base_url) as client:
        yield client


def auth(fake: FakeBoosty, user: str = "owner") -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.issue_tokens(user)['access_token']}"}


PARAGRAPH = json.dumps([{"type": "text", "content": '["hi","unstyled",[]]', "modificator": ""}])


@pytest.mark.parametrize(
    ("method", "path", "form", "status"),
    [
        ("PUT", "/v1/user/current", {}, 400),
        ("PUT", "/v1/user/current", {"email": "nobody"}, 400),
        ("PUT", "/v1/user/current", {"name": " "}, 400),
        ("PUT", "/v1/user/current", {"can_view_adult_content": "maybe"}, 400),
        ("POST", "/v1/user/dialog_settings", {"can_send_all": "true"}, 400),
        ("POST", "/v1/user/locale", {"lang": "de"}, 400),
        ("PUT", "/v1/notification/settings/sms/new_post", {"value": "true"}, 404),
        ("PUT", "/v1/notification/settings/mail/newPost", {"value": "true"}, 404),
        ("PUT", "/v1/notification/settings/mail/new_post", {"value": "on"}, 400),
        ("PUT", "/v1/blog/demo/showcase/status/", {"is_enabled": "yes"}, 400),
        ("PUT", "/v1/blog/demo/showcase/status", {"is_enabled": "true"}, 404),  # BL's path: no route here
        ("DELETE", "/v1/blog/demo/bundle/no-such-bundle", {}, 404),
        ("POST", "/v1/blog/cooking/video_stream/chat", {"data": PARAGRAPH}, 404),
        ("POST", "/v1/blog/demo/video_stream/chat", {"data": "[]"}, 400),
        ("POST", "/v1/poll/999/vote", {"answer": "1"}, 404),
        ("POST", "/v1/poll/101/vote", {"answer": "one"}, 400),
        ("POST", "/v1/poll/101/vote", {"answer": "7"}, 400),
        ("POST", "/v1/poll/101/vote", {"answer": "1,2"}, 400),
        ("POST", "/v1/dialog/1/message/", {"data": PARAGRAPH}, 405),  # the slashed form (BK: 405)
    ],
)
def test_bad_writes_are_refused(
    fake_boosty: FakeBoosty, http: httpx.Client, method: str, path: str, form: dict[str, str], status: int
) -> None:
    response = http.request(method, path, data=form, headers=auth(fake_boosty))
    assert response.status_code == status, response.text


def test_reactions_need_a_known_name(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    post = fake_boosty.posts("demo")[0]["id"]
    path = f"/v1/blog/demo/post/{post}/reaction"
    assert http.post(path, data={"reaction": "thumbs"}, headers=auth(fake_boosty)).status_code == 400
    assert http.post(path, data={"reaction": "heart"}).status_code == 401


def test_logout_needs_a_live_token(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    tokens = fake_boosty.issue_tokens("subscriber")
    assert http.delete("/oauth/token", params={"device_os": "web"}).status_code == 400
    query = {"access_token": tokens["access_token"], "device_os": "ios"}
    assert http.delete("/oauth/token", params=query).status_code == 400
    assert http.delete("/oauth/token", params={**query, "device_os": "web"}).status_code == 200
    assert http.delete("/oauth/token", params={**query, "device_os": "web"}).status_code == 401  # already ended
    refresh = {
        "device_id": tokens["device_id"],
        "device_os": "web",
        "grant_type": "refresh_token",
        "refresh_token": tokens["refresh_token"],
    }
    assert http.post("/oauth/token/", data=refresh).status_code == 400  # its refresh token ended too


def test_owner_only_writes_answer_403_to_others(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    bundle = next(b.id for b in fake_boosty.world.bundles.values() if b.blog_url == "demo")
    sub = auth(fake_boosty, "subscriber")
    assert http.put("/v1/blog/demo/showcase/status/", data={"is_enabled": "false"}, headers=sub).status_code == 403
    assert http.delete(f"/v1/blog/demo/bundle/{bundle}", headers=sub).status_code == 403
    assert http.delete("/v1/blog/cooking/bundle/" + bundle, headers=auth(fake_boosty, "cook")).status_code == 404

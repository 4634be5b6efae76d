"""Writes change the fake's world (HTTP writes and the admin API), and reset undoes them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from boosty.testing import FakeBoosty, WorldError, blocks


@pytest.fixture(scope="module")
def http(fake_boosty_server: FakeBoosty) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake_boosty_server.base_url) as client:
        yield client


def bearer(fake: FakeBoosty, user: str = "owner") -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.issue_tokens(user)['access_token']}"}


def newest(http: httpx.Client, blog: str = "demo", **headers: str) -> dict[str, Any]:
    post: dict[str, Any] = http.get(f"/v1/blog/{blog}/post/", params={"limit": 1}, headers=headers).json()["data"][0]
    return post


def test_post_create_appears_first_in_the_list(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    form = {
        "title": "Fresh news",
        "data": json.dumps(blocks.paragraph("Hello, subscribers!")),
        "price": "100",
        "teaser_data": json.dumps(blocks.paragraph("A teaser")),
        "tags": "news,fresh",
    }
    assert http.post("/v1/blog/demo/post/", data=form).status_code == 401
    assert http.post("/v1/blog/demo/post/", data=form, headers=bearer(fake_boosty, "subscriber")).status_code == 403
    created = http.post("/v1/blog/demo/post/", data=form, headers=bearer(fake_boosty)).json()
    assert created["title"] == "Fresh news" and [t["title"] for t in created["tags"]] == ["news", "fresh"]
    top = newest(http)
    assert top["id"] == created["id"] and top["hasAccess"] is False and top["teaser"]
    mine = newest(http, **bearer(fake_boosty, "follower"))
    assert mine["hasAccess"] is False
    sub = newest(http, **bearer(fake_boosty, "subscriber"))
    assert sub["hasAccess"] is True and blocks.plain_text(sub["data"]) == "Hello, subscribers!"


def test_post_writes_with_bad_fields_answer_400_and_change_nothing(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    auth = bearer(fake_boosty)
    target = newest(http, **auth)
    body = {"title": "x", "data": json.dumps(blocks.paragraph("x"))}
    bad_forms = [
        {"subscription_level_id": "999999"},  # no such level in the blog
        {"level_id": "not-a-number"},
        {"publish_time": "tomorrow"},
        {"price": "free"},
    ]
    for bad in bad_forms:
        for method, path in (("POST", "/v1/blog/demo/post/"), ("PUT", f"/v1/blog/demo/post/{target['id']}")):
            response = http.request(method, path, data={**body, **bad}, headers=auth)
            assert response.status_code == 400, (method, bad, response.text)
            assert response.json()["error"] == "invalid_param"
            assert next(iter(bad)) in response.json()["error_description"]
        saved = http.put("/v1/blog/demo/post_draft", data={**body, **bad}, headers=auth)
        assert saved.status_code == 400, (bad, saved.text)
    after = newest(http, **auth)
    assert (after["id"], after["title"], after["updatedAt"]) == (target["id"], target["title"], target["updatedAt"])
    assert http.post("/v1/blog/demo/post_draft/publish/", headers=auth).status_code == 404  # no draft was saved
    with pytest.raises(WorldError):
        fake_boosty.update_post("demo", target["id"], title="changed", level=999999)
    with pytest.raises(ValueError, match="colour"):
        fake_boosty.update_post("demo", target["id"], title="changed", colour="red")
    assert fake_boosty.post("demo", target["id"])["title"] == target["title"]
    moved = http.put(f"/v1/blog/demo/post/{target['id']}", data={"level_id": "1002"}, headers=auth)  # the alias
    assert moved.status_code == 200 and moved.json()["subscriptionLevel"]["id"] == 1002


def test_draft_then_publish(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    auth = bearer(fake_boosty)
    assert http.post("/v1/blog/demo/post_draft/publish/", headers=auth).status_code == 404
    form = {"title": "From a draft", "data": json.dumps([blocks.text("Draft body")])}
    saved = http.put("/v1/blog/demo/post_draft", data=form, headers=auth).json()
    assert saved["data"]["postDraft"]["title"] == "From a draft"
    published = http.post("/v1/blog/demo/post_draft/publish/", data={"is_showcase_visible": "true"}, headers=auth)
    post = published.json()["data"]["post"]
    assert post["isShowcaseVisible"] is True and post["data"][-1]["modificator"] == "BLOCK_END"
    assert newest(http)["id"] == post["id"]


def test_update_and_delete_a_post(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    auth = bearer(fake_boosty)
    target = newest(http)
    changed = http.put(f"/v1/blog/demo/post/{target['id']}", data={"title": "Renamed"}, headers=auth).json()
    assert changed["title"] == "Renamed" and changed["data"] == target["data"]
    assert http.delete(f"/v1/blog/demo/post/{target['id']}", headers=auth).json() == {}
    assert http.get(f"/v1/blog/demo/post/{target['id']}").status_code == 404
    assert newest(http)["id"] != target["id"]


def test_comment_create_form_and_multipart_and_reply(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    post = fake_boosty.posts()[0]
    url = f"/v1/blog/demo/post/{post['id']}/comment/"
    auth = bearer(fake_boosty, "subscriber")
    assert http.post(url, data={"data": json.dumps(blocks.paragraph("x"))}).status_code == 401
    first = http.post(url, data={"data": json.dumps(blocks.paragraph("First!"))}, headers=auth).json()
    assert first["author"]["id"] == fake_boosty.user_id("subscriber") and first["parentId"] is None
    parts = [("from_page", (None, "blog")), ("reply_id", (None, str(first["intId"])))]
    parts += [("data[]", (None, json.dumps(b), "application/json")) for b in blocks.paragraph("A reply")]
    reply = http.post(url, files=parts, headers=bearer(fake_boosty, "owner")).json()
    assert (reply["parentId"], reply["replyId"]) == (first["intId"], first["intId"])
    assert blocks.plain_text(reply["data"]) == "A reply"
    listed = http.get(url, params={"reply_limit": 5}).json()["data"]
    assert [c["intId"] for c in listed] == [first["intId"]]
    assert listed[0]["replyCount"] == 1 and listed[0]["replies"]["data"][0]["intId"] == reply["intId"]
    bad = http.post(url, data={"data": "not json"}, headers=auth)
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_param"
    assert http.post(url, data={"data": "[]", "reply_id": "nope"}, headers=auth).status_code == 400


def test_dialog_create_and_message_send(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    auth = bearer(fake_boosty, "stranger")
    cook = fake_boosty.user_id("cook")
    missing = http.get("/v1/dialog", params={"user_id": cook}, headers=auth)
    assert missing.status_code == 201 and "id" not in missing.json()
    created = http.post("/v1/dialog/", data={"user_id": str(cook)}, headers=auth)
    assert created.status_code == 201
    dialog_id = created.json()["id"]
    sent = http.post(
        f"/v1/dialog/{dialog_id}/message", data={"data": json.dumps(blocks.paragraph("Hi!"))}, headers=auth
    )
    assert sent.status_code == 200
    messages = http.get(f"/v1/dialog/{dialog_id}/message/", headers=bearer(fake_boosty, "cook")).json()
    assert [m["id"] for m in messages["data"]] == [sent.json()["id"]]
    assert http.get("/v1/dialog", params={"user_id": cook}, headers=auth).json()["id"] == dialog_id
    outsider = bearer(fake_boosty, "follower")
    assert http.get(f"/v1/dialog/{dialog_id}/message/", headers=outsider).status_code == 404


def test_targets_write(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    auth = bearer(fake_boosty)
    form = {"blog_url": "demo", "description": "A new camera", "target_sum": "5000.5"}
    created = http.post("/v1/target/money", data=form, headers=auth).json()
    assert (created["type"], created["targetSum"], created["currentSum"]) == ("money", 5000.5, 0)
    updated = http.put(f"/v1/target/{created['id']}", data={"target_sum": "6000"}, headers=auth).json()
    assert updated["targetSum"] == 6000
    assert created["id"] in [t["id"] for t in http.get("/v1/target/demo/").json()["data"]]
    http.delete(f"/v1/target/{created['id']}", headers=auth)
    assert http.get(f"/v1/target/{created['id']}").status_code == 404


def test_admin_posts_and_comments(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    post = fake_boosty.add_post("demo", title="Admin post", text="line one\nline two", level="Basic")
    assert post["subscriptionLevel"]["name"] == "Basic" and post["hasAccess"] is True
    assert newest(http)["id"] == post["id"] and newest(http)["hasAccess"] is False
    updated = fake_boosty.update_post("demo", post["id"], title="Admin post, edited", level=None)
    assert updated["title"] == "Admin post, edited" and updated["subscriptionLevel"] is None
    assert newest(http)["hasAccess"] is True and blocks.plain_text(newest(http)["data"]) == "line one\nline two"
    comment = fake_boosty.add_comment("demo", post["id"], text="Nice", user="follower")
    reply = fake_boosty.add_comment("demo", post["id"], text="Thanks", user="owner", reply_to=comment["intId"])
    assert reply["replyId"] == comment["intId"]
    listed = http.get(f"/v1/blog/demo/post/{post['id']}/comment/", params={"reply_limit": 1}).json()["data"]
    assert listed[0]["id"] == comment["id"] and listed[0]["replies"]["data"][0]["id"] == reply["id"]
    with pytest.raises(WorldError):
        fake_boosty.add_post("no-such-blog", title="x")
    fake_boosty.delete_post("demo", post["id"])
    assert http.get(f"/v1/blog/demo/post/{post['id']}").status_code == 404


def test_admin_subscribers(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    auth = bearer(fake_boosty)

    def listed() -> dict[int, dict[str, Any]]:
        page = http.get("/v1/blog/demo/subscribers", params={"limit": 100}, headers=auth).json()
        return {s["id"]: s for s in page["data"]}

    before = listed()
    new = fake_boosty.add_subscriber("demo", name="Newcomer", level="Pro", price=351.75, email="new@example.com")
    now = listed()
    assert set(now) - set(before) == {new["id"]}
    assert (now[new["id"]]["price"], now[new["id"]]["level"]["name"]) == (351.75, "Pro")
    changed = fake_boosty.change_subscriber_level("demo", new["id"], "Patron")
    assert listed()[new["id"]]["level"]["name"] == "Patron" == changed["level"]["name"]
    gone = fake_boosty.remove_subscriber("demo", new["id"])
    assert gone["status"] == "inactive" and new["id"] not in listed()
    events = http.get("/v1/notification/standalone/event/", headers=auth).json()
    newest_event = events["data"]["notificationStandalone"]["events"][0]
    assert (newest_event["type"], newest_event["author"]["id"]) == ("subscriber_new", new["id"])


def test_admin_donations_and_messages(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    auth = bearer(fake_boosty)
    donation = fake_boosty.add_donation("demo", user="follower", amount=123.45, message="Keep going!")
    sales = http.get("/v1/blog/demo/sales/donation/", params={"limit": 1}, headers=auth).json()
    assert sales["data"]["donationsSales"][0]["id"] == donation["id"]
    assert donation["amount"] == 123.45 and donation["type"] == "dialog"
    dialogs = http.get("/v1/dialog/", headers=auth).json()["data"]
    top = dialogs[0]
    assert top["chatmate"]["id"] == fake_boosty.user_id("follower")
    assert top["lastMessage"]["donation"]["id"] == donation["id"]
    assert blocks.plain_text(top["lastMessage"]["data"]) == "Keep going!"
    message = fake_boosty.add_message("Are you there?", sender="musician", to="owner")
    dialogs = http.get("/v1/dialog/", headers=auth).json()["data"]
    assert dialogs[0]["id"] == message["dialogId"] and dialogs[0]["lastMessage"]["id"] == message["id"]
    assert dialogs[0]["unreadMsgCount"] == 1

"""``boosty comment`` and ``boosty message`` against the fake Boosty server over a real socket."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from boosty.testing import FakeBoosty, Fault

from ._cli import Run, make_runner, one_line_error


def runner(fake: FakeBoosty, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user: str) -> Run:
    token = str(fake.issue_tokens(user)["access_token"])
    return make_runner(tmp_path, monkeypatch, "--base-url", fake.base_url, "--token", token)


def free_post(fake: FakeBoosty, blog: str = "cooking") -> str:
    return next(str(p["id"]) for p in fake.posts(blog) if not p["subscriptionLevel"])


def test_comment_and_reply(fake_boosty: FakeBoosty, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    post_id = free_post(fake_boosty)
    run = runner(fake_boosty, tmp_path, monkeypatch, "follower")
    result = run("comment", "cooking", post_id, "2 * 3 = *six*", "--json")
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout)
    assert created["author"]["id"] == fake_boosty.user_id("follower")
    reply = run("comment", "cooking", post_id, "Thanks!", "--reply-to", str(created["intId"]))
    assert reply.exit_code == 0, reply.output
    assert f"https://boosty.to/cooking/posts/{post_id}?comment=" in reply.stdout
    sent = [r for r in fake_boosty.requests if r.method == "POST"]
    assert [r.path for r in sent] == [f"/v1/blog/cooking/post/{post_id}/comment/"] * 2
    replies = fake_boosty.world.post_comments(post_id)
    texts = {c.int_id: c.blocks for c in replies}
    assert json.loads(texts[created["intId"]][0]["content"])[0] == "2 * 3 = *six*"  # literal, not Markdown
    assert [c.reply_id for c in replies if c.int_id != created["intId"]][-1] == created["intId"]


def test_comment_errors_are_one_line(fake_boosty: FakeBoosty, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = runner(fake_boosty, tmp_path, monkeypatch, "follower")
    result = run("comment", "cooking", "no-such-post", "Hello")
    assert result.exit_code != 0
    assert "404" in one_line_error(result) or "not found" in one_line_error(result).lower()
    empty = run("comment", "cooking", free_post(fake_boosty), "  ")
    assert empty.exit_code == 2 and "must not be empty" in empty.stderr
    fake_boosty.inject(Fault.status(503), path="*/comment/", method="POST")
    flaky = run("--retries", "3", "comment", "cooking", free_post(fake_boosty), "Once")
    assert flaky.exit_code != 0 and "503" in one_line_error(flaky)
    assert len([r for r in fake_boosty.requests if r.fault]) == 1  # never repeated


def test_message_opens_the_dialog_once(
    fake_boosty: FakeBoosty, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = runner(fake_boosty, tmp_path, monkeypatch, "follower")
    cook = fake_boosty.user_id("cook")
    first = run("message", str(cook), "Hello, Carla", "--json")
    assert first.exit_code == 0, first.output
    message = json.loads(first.stdout)
    second = run("message", str(cook), "Me again")
    assert second.exit_code == 0, second.output
    assert "Me again" in second.stdout
    creates = [r for r in fake_boosty.requests if (r.method, r.path) == ("POST", "/v1/dialog/")]
    assert len(creates) == 1  # the second run found the dialog
    dialog = fake_boosty.world.dialog_between(fake_boosty.user_id("follower"), cook)
    assert dialog is not None and message["dialogId"] == dialog.id
    texts = [m.blocks for m in fake_boosty.world.dialog_messages(dialog.id)]
    assert len(texts) == 2
    unknown = run("message", "999999999", "Anyone?")
    assert unknown.exit_code != 0 and one_line_error(unknown)

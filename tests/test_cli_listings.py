"""The read commands against the fake Boosty server over a real socket (in-process runner)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from boosty.testing import FakeBoosty

from ._cli import Run, make_runner, one_line_error


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeBoosty]:
    with FakeBoosty(replay=True) as server:
        yield server


@pytest.fixture
def run(fake: FakeBoosty, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """``boosty`` pointed at the shared fake, signed in as the blog owner with a static token."""
    token = str(fake.issue_tokens("owner")["access_token"])
    return make_runner(tmp_path, monkeypatch, "--base-url", fake.base_url, "--token", token)


def test_posts_json_follow_the_blog(run: Run, fake: FakeBoosty) -> None:
    result = run("posts", "demo", "--limit", "25", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    expected = fake.posts("demo")[:25]  # newest first; 25 spans two API pages
    assert [p["id"] for p in items] == [p["id"] for p in expected]
    assert [p["title"] for p in items] == [p["title"] for p in expected]


def test_posts_table(run: Run, fake: FakeBoosty) -> None:
    result = run("posts", "demo", "--limit", "3")
    assert result.exit_code == 0, result.output
    for post in fake.posts("demo")[:3]:
        assert post["id"] in result.stdout and post["title"] in result.stdout


def test_post_as_markdown(run: Run, fake: FakeBoosty) -> None:
    created = fake.add_post("demo", title="Hello CLI", text="First line of the CLI post.")
    result = run("post", "demo", created["id"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Hello CLI\n")
    assert "First line of the CLI post." in result.stdout
    as_json = json.loads(run("post", "demo", created["id"], "--json").stdout)
    assert as_json["id"] == created["id"] and as_json["title"] == "Hello CLI"


def test_recorded_post_lists_its_media(run: Run) -> None:
    result = run("post", "recorded", "00000000-0000-4000-8000-000000000001")
    assert result.exit_code == 0, result.output
    assert "# Fixture post with every content type" in result.stdout
    assert "Hello from the fixture post!" in result.stdout
    assert "4 media:" in result.stderr and "fixture-archive.zip" in result.stderr


def test_comments(run: Run, fake: FakeBoosty) -> None:
    created = fake.add_post("demo", title="Discussed", text="Talk about it.")
    for n in range(3):
        fake.add_comment("demo", created["id"], text=f"comment number {n}")
    result = run("--json", "comments", "demo", created["id"])
    assert result.exit_code == 0, result.output
    texts = [c["data"] for c in json.loads(result.stdout)]
    assert len(texts) == 3
    table = run("comments", "demo", created["id"], "--limit", "2")
    assert table.stdout.count("comment number") == 2


def test_levels_targets_subscribers(run: Run, fake: FakeBoosty) -> None:
    levels = json.loads(run("levels", "demo", "--json").stdout)
    assert [lv["name"] for lv in levels] == ["Basic", "Pro", "Patron"]
    targets = run("targets", "demo")
    assert targets.exit_code == 0 and "New microphone" in targets.stdout
    fake.add_subscriber("demo", name="Newest Fan Of All")
    subs = json.loads(run("subscribers", "demo", "--limit", "5", "--json").stdout)
    assert len(subs) == 5
    assert any(s["name"] == "Newest Fan Of All" for s in subs)


def test_recorded_levels_and_targets_parse(run: Run) -> None:
    levels = run("levels", "recorded", "--json")
    targets = run("targets", "recorded", "--json")
    assert levels.exit_code == 0 and targets.exit_code == 0, levels.output + targets.output
    assert json.loads(levels.stdout) and json.loads(targets.stdout)


def test_unknown_blog(run: Run) -> None:
    result = run("posts", "no-such-blog")
    assert result.exit_code == 4
    assert "not found: blog 'no-such-blog'" in one_line_error(result)


def test_subscribers_of_someone_elses_blog_is_no_access(run: Run) -> None:
    result = run("subscribers", "cooking")
    assert result.exit_code == 6, result.output
    assert "no access to the subscribers of blog 'cooking'" in one_line_error(result)


def test_builtin_fake_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = make_runner(tmp_path, monkeypatch, "--fake")
    who = run("--json", "whoami")
    assert who.exit_code == 0, who.output
    assert json.loads(who.stdout)["name"]
    anonymous = run("--fake-user", "anonymous", "whoami")
    assert anonymous.exit_code == 3
    blog = run("blog", "demo", "--json")
    assert json.loads(blog.stdout)["blogUrl"] == "demo"

"""``boosty watch`` against the fake over a real socket: snapshot, then only what is new."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from boosty.events import default_state_path
from boosty.testing import FakeBoosty

from ._cli import Run, make_runner


@pytest.fixture
def fake() -> Iterator[FakeBoosty]:
    with FakeBoosty() as server:
        yield server


@pytest.fixture
def run(fake: FakeBoosty, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    token = str(fake.issue_tokens("owner")["access_token"])
    return make_runner(tmp_path, monkeypatch, "--base-url", fake.base_url, "--token", token)


def test_watch_once_prints_only_what_is_new(run: Run, fake: FakeBoosty, tmp_path: Path) -> None:
    state = str(tmp_path / "events.sqlite3")
    first = run("watch", "demo", "--once", "--state", state, "--events", "new_post,new_subscriber")
    assert first.exit_code == 0, first.output
    assert first.stdout == ""  # the first run only takes a snapshot, and says so on stderr
    assert re.fullmatch(
        r"first run: took a snapshot of demo; events after \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC"
        r" will be reported by the next run\n",
        first.stderr,
    )
    fake.add_post("demo", title="Fresh from the oven")
    fake.add_subscriber("demo", name="Newcomer")
    second = run("watch", "demo", "--once", "--state", state, "--events", "new_post,new_subscriber")
    assert second.exit_code == 0, second.output
    lines = second.stdout.splitlines()
    assert len(lines) == 2
    assert any("new_post" in line and "Fresh from the oven" in line for line in lines)
    assert any("new_subscriber" in line and "Newcomer" in line for line in lines)
    third = run("watch", "demo", "--once", "--state", state, "--events", "new_post,new_subscriber")
    assert third.exit_code == 0 and third.stdout == ""
    assert second.stderr == third.stderr == ""  # later runs: nothing but events


def test_watch_json_lines(run: Run, fake: FakeBoosty, tmp_path: Path) -> None:
    state = str(tmp_path / "events.sqlite3")
    assert run("watch", "demo", "--once", "--state", state, "--events", "new_post").exit_code == 0
    fake.add_post("demo", title="As JSON")
    result = run("watch", "demo", "--once", "--json", "--state", state, "--events", "new_post")
    assert result.exit_code == 0, result.output
    event = json.loads(result.stdout)
    assert event["type"] == "new_post" and event["post"]["title"] == "As JSON"


def test_watch_rejects_unknown_event_type(run: Run, tmp_path: Path) -> None:
    result = run("watch", "demo", "--once", "--events", "new_post,earthquake")
    assert result.exit_code == 2
    assert "earthquake" in result.stderr


def test_watch_interval_must_be_positive(run: Run, tmp_path: Path) -> None:
    result = run("watch", "demo", "--once", "--interval", "0", "--state", str(tmp_path / "events.sqlite3"))
    assert result.exit_code == 2
    assert "--interval" in result.stderr


def test_fake_watch_keeps_its_own_state_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    run = make_runner(tmp_path, monkeypatch, "--fake")
    result = run("watch", "demo", "--once", "--events", "new_post")
    assert result.exit_code == 0, result.output
    real = default_state_path()
    assert real.with_name("events-fake.sqlite3").is_file()
    assert not real.exists()  # the real blog `demo` of a later `boosty watch demo` starts clean


def test_watch_first_run_of_a_blog_in_a_shared_state_file_says_so(run: Run, tmp_path: Path) -> None:
    state = str(tmp_path / "events.sqlite3")
    assert run("watch", "music", "--once", "--state", state, "--events", "new_post").stderr.startswith("first run")
    first = run("watch", "demo", "--once", "--state", state, "--events", "new_post")
    assert first.exit_code == 0 and first.stderr.startswith("first run: took a snapshot of demo; ")
    again = run("watch", "demo", "--once", "--state", state, "--events", "new_post")
    assert again.exit_code == 0 and again.stderr == ""

"""The example bot of the docs (``docs/examples/greeter.py``) against the fake Boosty server."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from boosty.testing import FakeBoosty

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "greeter.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("greeter_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_greeter_greets_new_subscribers_and_answers_comments(fake_boosty: FakeBoosty, tmp_path: Path) -> None:
    greeter = load()
    state = tmp_path / "events.sqlite3"
    cook = fake_boosty.user_id("cook")
    with fake_boosty.client("cook") as client:
        greeter.install(client)
        assert client.poll_once("cooking", state=state) == []  # the first poll takes a snapshot
        newbie = fake_boosty.add_subscriber("cooking", name="Nina Newbie")
        post_id = next(p["id"] for p in fake_boosty.posts("cooking") if not p["subscriptionLevel"])
        question = fake_boosty.add_comment("cooking", post_id, text="How long to bake?", user="follower")
        events = client.poll_once("cooking", state=state)
        assert {e.type.value for e in events} >= {"new_subscriber", "new_comment"}

        dialog = fake_boosty.world.dialog_between(cook, newbie["id"])
        assert dialog is not None
        [greeting] = fake_boosty.world.dialog_messages(dialog.id)
        assert greeting.author_id == cook
        assert json.loads(greeting.blocks[0]["content"])[0] == greeter.GREETING.format(name="Nina Newbie")

        answers = [c for c in fake_boosty.world.post_comments(post_id) if c.reply_id == question["intId"]]
        assert [c.author_id for c in answers] == [cook]
        assert json.loads(answers[0].blocks[0]["content"])[0] == greeter.ANSWER.format(name="Fay Follower")

        # The bot's own answer is a new comment too: the next poll must not answer it.
        client.poll_once("cooking", state=state)
        assert len([c for c in fake_boosty.world.post_comments(post_id) if c.author_id == cook]) == 1

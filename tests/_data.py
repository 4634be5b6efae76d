"""Test helpers: the recorded Boosty responses and collecting sync/async iterators."""

from __future__ import annotations

import json
from typing import Any

from boosty.testing.replay import packaged_fixtures

FIXTURES = packaged_fixtures()


def fixture_json(name: str) -> Any:
    """The decoded JSON of a recorded response shipped in ``boosty/testing/fixtures/``."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


async def collect(iterable: Any) -> list[Any]:
    """All items of a sync iterator or an async iterator."""
    if hasattr(iterable, "__aiter__"):
        return [item async for item in iterable]
    return list(iterable)

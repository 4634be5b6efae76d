"""Test helpers: the recorded Boosty responses and collecting sync/async iterators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "boosty"


def fixture_json(name: str) -> Any:
    """The decoded JSON of a recorded response in ``shared/fixtures/boosty``."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


async def collect(iterable: Any) -> list[Any]:
    """All items of a sync iterator or an async iterator."""
    if hasattr(iterable, "__aiter__"):
        return [item async for item in iterable]
    return list(iterable)

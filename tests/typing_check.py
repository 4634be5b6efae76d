"""Static typing checks, run by ``mypy --strict boosty tests/typing_check.py`` (not collected by pytest).

One endpoint definition serves both clients: mypy must see precise sync and async types.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from typing_extensions import assert_type

from boosty import AsyncBoosty, Blog, Boosty


def sync_types(client: Boosty) -> None:
    assert_type(client.blog("x"), Blog)


async def async_types(client: AsyncBoosty) -> None:
    pending = assert_type(client.blog("x"), Coroutine[Any, Any, Blog])
    pending.close()
    assert_type(await client.blog("x"), Blog)

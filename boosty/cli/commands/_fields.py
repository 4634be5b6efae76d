"""Small getters for table columns: dotted attribute paths that tolerate missing parts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..output import Column

__all__ = ["ID_COLUMN", "attr"]


def attr(path: str, default: Any = None) -> Callable[[Any], Any]:
    """A getter for ``path`` (``"count.likes"``): the value, or ``default`` where a part is missing."""
    names = path.split(".")

    def get(obj: Any) -> Any:
        for name in names:
            obj = getattr(obj, name, None)
            if obj is None:
                return default
        return obj

    return get


ID_COLUMN = Column("id", attr("id"), justify="right", no_wrap=True)
"""The ``id`` column of a listing: right-aligned, never wrapped."""

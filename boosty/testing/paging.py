"""The API's paging schemes (``boosty-api.md`` §3), for lists already in page order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from ._ctx import invalid

if TYPE_CHECKING:
    from ._ctx import Ctx

__all__ = ["by_cursor", "by_index", "parse_cursor", "windowed"]

T = TypeVar("T")


def parse_cursor(raw: str | None, name: str = "offset") -> tuple[int, int] | None:
    """``"<sortOrder>:<intId>"`` (the ``:`` may arrive percent-decoded) → a pair; ``""``/missing → ``None``."""
    if not raw:
        return None
    first, sep, second = raw.partition(":")
    try:
        return (int(first), int(second)) if sep else (int(first), 2**63)
    except ValueError:
        raise invalid(name, "malformed cursor") from None


def by_cursor(
    items: Sequence[T], key: Callable[[T], tuple[int, int]], raw_offset: str | None, limit: int
) -> tuple[list[T], bool, str]:
    """A page of ``items`` (sorted by ``key`` descending) after the cursor.

    Returns ``(page, is_last, next_cursor)``; the cursor is ``"<sortOrder>:<intId>"`` of the
    page's last item (``""`` for an empty page).
    """
    cursor = parse_cursor(raw_offset)
    rest = [item for item in items if cursor is None or key(item) < cursor]
    page = rest[:limit]
    is_last = len(rest) <= limit
    if not page:
        return [], True, ""
    last = key(page[-1])
    return page, is_last, f"{last[0]}:{last[1]}"


def by_index(items: Sequence[T], offset: int, limit: int) -> tuple[list[T], bool, int]:
    """``items[offset:offset + limit]``, whether it is the last page, and the next offset."""
    page = list(items[offset : offset + limit])
    return page, offset + limit >= len(items), offset + len(page)


def windowed(ctx: Ctx, items: Sequence[T], default_limit: int = 20) -> tuple[list[T], bool, int]:
    """:func:`by_index` over the window the request asks for (:meth:`Ctx.window`: ``limit``,
    ``default_limit`` when absent, and ``offset``): the page, whether it is the last one,
    and the next offset. 400 ``invalid_param`` for a malformed window."""
    limit, offset = ctx.window(default_limit)
    return by_index(items, offset, limit)

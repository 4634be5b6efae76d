"""The API's paging schemes (``boosty-api.md`` §3): how a page reads its cursor and end flag.

* :data:`CURSOR` — ``extra.offset`` cursor and ``extra.isLast`` (posts, feed, media album,
  dialog messages, search, stat events, unsubscribe reasons, poll voters, showcase,
  bundle posts);
* :data:`COMMENTS` — next ``offset`` is the last item's ``intId``; the end is a page
  with ``isFirst && isLast``;
* :data:`INDEX` — top-level ``total``/``limit``/``offset`` integer index (subscribers,
  user subscriptions);
* :data:`TOTAL` — ``extra.offset`` and ``extra.total``; the end is an empty page or as many
  items as ``total`` (dialogs, sales, payouts: their cursor keeps coming past the end).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._sender._http import Request
from .page import Page

__all__ = [
    "COMMENTS",
    "CURSOR",
    "INDEX",
    "TOTAL",
    "CommentScheme",
    "CursorScheme",
    "IndexScheme",
    "Scheme",
    "TotalScheme",
]


def _dig(payload: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(payload, dict):
            return None
        payload = payload.get(key)
    return payload


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _with_param(request: Request, name: str, value: object) -> Request:
    params = (*((k, v) for k, v in request.params if k != name), (name, str(value)))
    return request.evolve(params=params)


class Scheme:
    """How one paging scheme reads a page and asks for the next one.

    Subclasses implement :meth:`read`; :meth:`next_request` puts the page's cursor into
    the query parameter ``param`` of the request that fetched it, unless the page is the
    last, empty, or its cursor is missing or equal to the one that fetched it.
    """

    param = "offset"

    def read(
        self, payload: Any, raw_items: Sequence[Any], request: Request | None, collected: int
    ) -> tuple[Any, bool, int | None]:
        """``(cursor, is_last, total)`` of a page; ``collected`` counts items so far, this page's included."""
        raise NotImplementedError

    def next_request(self, page: Page[Any]) -> Request | None:
        cursor = self._next_cursor(page)
        if cursor is None or page.request is None:
            return None
        return _with_param(page.request, self.param, cursor)

    def _next_cursor(self, page: Page[Any]) -> Any:
        """The cursor :meth:`next_request` would send, or ``None`` when no page follows."""
        request = page.request
        if request is None or page.is_last or page._received == 0:
            return None
        cursor = page.offset
        if cursor is None or cursor == "":
            return None
        current = dict(request.params).get(self.param)
        if current is not None and current == str(cursor):
            return None  # the cursor does not advance
        return cursor

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class CursorScheme(Scheme):
    """``extra.offset`` (an opaque cursor) and ``extra.isLast``; ``extra.total`` if sent."""

    def read(
        self, payload: Any, raw_items: Sequence[Any], request: Request | None, collected: int
    ) -> tuple[Any, bool, int | None]:
        extra = payload.get("extra") if isinstance(payload, dict) else None
        if not isinstance(extra, dict):
            return None, False, None
        return extra.get("offset"), extra.get("isLast") is True, _int_or_none(extra.get("total"))


class CommentScheme(Scheme):
    """Comments: the next ``offset`` is the last comment's ``intId``; ``extra`` carries
    only ``isFirst``/``isLast``, and the terminal page has both true (the flags are
    chronological, not directional)."""

    def read(
        self, payload: Any, raw_items: Sequence[Any], request: Request | None, collected: int
    ) -> tuple[Any, bool, int | None]:
        extra = _dig(payload, "extra")
        cursor = None
        if raw_items and isinstance(raw_items[-1], dict):
            cursor = raw_items[-1].get("intId", raw_items[-1].get("int_id"))
        is_last = _dig(extra, "isFirst") is True and _dig(extra, "isLast") is True
        return cursor, is_last, None


class IndexScheme(Scheme):
    """Top-level ``total``, ``limit`` and ``offset`` (an integer index).

    The answer's ``offset`` is where the next page starts (this page's start plus its
    items: a 2-item first page answers ``"offset": 2``), as recorded responses show. An
    answer whose ``offset`` is this page's start (an older shape) or is missing advances
    by the items received instead; one whose ``offset`` goes back ends the walk. The end is
    ``offset >= total``, an empty page, or an offset that does not advance.
    """

    def read(
        self, payload: Any, raw_items: Sequence[Any], request: Request | None, collected: int
    ) -> tuple[Any, bool, int | None]:
        total = _int_or_none(_dig(payload, "total"))
        given = dict(request.params).get(self.param, "0") if request is not None else "0"
        start = int(given) if given.isdigit() else 0
        answered = _int_or_none(_dig(payload, "offset"))
        # the answer's offset is the next start; none, or this page's own start (the older
        # shape), counts the items instead; one that goes back does not advance: the end
        cursor = start + len(raw_items) if answered is None or answered == start else answered
        is_last = cursor <= start or (total is not None and cursor >= total)
        return cursor, is_last, total


class TotalScheme(Scheme):
    """``extra.offset`` and ``extra.total``; the end is an empty page, ``extra.isLast``, or
    as many items collected as ``total`` (the cursor may keep coming past the last row)."""

    def read(
        self, payload: Any, raw_items: Sequence[Any], request: Request | None, collected: int
    ) -> tuple[Any, bool, int | None]:
        extra = _dig(payload, "extra")
        total = _int_or_none(_dig(extra, "total"))
        is_last = _dig(extra, "isLast") is True or (total is not None and collected >= total)
        return _dig(extra, "offset"), is_last, total


CURSOR = CursorScheme()
COMMENTS = CommentScheme()
INDEX = IndexScheme()
TOTAL = TotalScheme()

"""A page of a list endpoint: :class:`Page`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any, Generic, Protocol, TypeVar

import attrs

from .._sender._http import Request, Response

__all__ = ["Page", "PageScheme", "PagesParser", "page_factory"]

T = TypeVar("T")


class PageScheme(Protocol):
    """What a page needs of its paging scheme (:class:`boosty._client.schemes.Scheme`)."""

    param: str

    def next_request(self, page: Page[Any]) -> Request | None: ...


class PagesParser(Protocol[T]):
    """What a walk needs of a page's parser (:class:`boosty._client.page_parser.PageParser`)."""

    def bind(self, request: Request, previous: Page[T] | None = None) -> Callable[[Any, Response], Page[T]]: ...


@attrs.frozen(repr=False, eq=False)
class Page(Generic[T]):
    """One page of a list endpoint.

    ``items`` are the parsed items; ``is_last`` is true when no page follows (the API said
    so, the page was empty, or the cursor stopped advancing); ``total`` is the API's total
    count when it sends one; ``offset`` is the cursor of the next page as the API gave it
    (a string like ``"1706218263:5135881"``, an integer index, or ``None``). ``extra`` is
    the page's raw ``extra`` object (for the index scheme: the top-level fields but
    ``data``). ``skipped`` holds the raw JSON of items that could not be parsed (each
    reported as :class:`~boosty.ParseWarning`).

    A page remembers the request that fetched it: ``client.next(page)``,
    ``client.all_pages(page)`` and ``client.all_items(page)`` walk on from it. A page
    iterates over, indexes and counts its ``items``.
    """

    items: list[T]
    is_last: bool
    total: int | None = None
    offset: str | int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    skipped: list[Any] = attrs.field(factory=list)
    _request: Request | None = None
    _scheme: PageScheme | None = None
    _parser: PagesParser[T] | None = None
    _received: int = 0
    _collected: int = 0

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> T:
        return self.items[index]

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"Page(items={len(self.items)}, is_last={self.is_last}, total={self.total}, offset={self.offset!r})"

    @property
    def request(self) -> Request | None:
        """The request that fetched this page (as the endpoint built it, before auth)."""
        return self._request

    def next_request(self) -> Request | None:
        """The request for the page after this one, or ``None`` at the end."""
        if self._scheme is None or self._request is None:
            return None
        return self._scheme.next_request(self)


@functools.cache
def page_factory() -> Callable[..., Page[Any]]:
    """``Page(...)`` with every field given, without running ``__init__`` (generated code,
    made on the first page parsed, not at import)."""
    from .._model._fastgen import fast_init

    return fast_init(Page)

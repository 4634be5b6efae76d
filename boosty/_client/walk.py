"""Walking pages: ``client.next``, ``client.all_pages``, ``client.all_items`` and the
``iter_`` shortcuts, all from one walk written as a flow (:mod:`boosty._flow`).

Whatever the scheme, a walk stops on the end flag, on an empty page and on a cursor that
does not advance or comes back: it never loops and never asks past the end.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any, Protocol, TypeVar

from .._flow import Call, Emit, Flow, iterate_async, iterate_sync
from .._mode import ByMode
from .._sender._http import Request, Response
from .base import ClientBase
from .page import Page
from .page_parser import PageParser

__all__ = ["PagingAPI", "check_max", "iterate", "walk"]

T = TypeVar("T")


def check_max(max_items: object) -> None:
    """Raise :class:`ValueError` unless ``max_items`` is a non-negative int or ``None``."""
    if max_items is not None and (isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 0):
        raise ValueError(f"max_items must be a non-negative int or None, got {max_items!r}")


def _fetch_next(page: Page[T]) -> tuple[Request, Callable[[Any, Response], Page[T]]] | None:
    request = page.next_request()
    if request is None or page._parser is None:
        return None
    return request, page._parser.bind(request, page)


def _cursors_seen(page: Page[Any]) -> set[str]:
    """The cursors a walk from ``page`` has used: the one that fetched it, if any."""
    if page.request is None or page._scheme is None:
        return set()
    first = dict(page.request.params).get(page._scheme.param)
    return set() if first is None else {first}


def walk(
    client: ClientBase,
    start: Page[Any] | tuple[Request, PageParser[Any]],
    *,
    items: bool = False,
    max_items: int | None = None,
) -> Flow[None]:
    """Emit ``start`` (a page, or the first request and its parser) and every page after
    it; with ``items=True`` their items instead, at most ``max_items``. No request is
    made past the end or past ``max_items``."""
    if items and max_items == 0:
        return
    if isinstance(start, Page):
        page: Page[Any] = start
    else:
        request, parser = start
        page = yield Call(client._call, (request, parser.bind(request)))
    seen = _cursors_seen(page)  # a cursor that comes back ends the walk: no page twice
    count = 0
    while True:
        if not items:
            yield Emit(page)
        else:
            for item in page.items:
                yield Emit(item)
                count += 1
                if max_items is not None and count >= max_items:
                    return
        step = _fetch_next(page)
        if step is None or str(page.offset) in seen:
            return
        seen.add(str(page.offset))
        page = yield Call(client._call, step)


def iterate(client: ClientBase, flow: Flow[None]) -> Any:
    """What ``flow`` emits: an iterator, or an async iterator for an async client."""
    if client.is_async:
        return iterate_async(flow)
    return iterate_sync(flow)


# -- client methods ------------------------------------------------------------------------


class _NextSync(Protocol):
    def __call__(self, page: Page[T]) -> Page[T] | None: ...


class _NextAsync(Protocol):
    def __call__(self, page: Page[T]) -> Coroutine[Any, Any, Page[T] | None]: ...


class _PagesSync(Protocol):
    def __call__(self, page: Page[T]) -> Iterator[Page[T]]: ...


class _PagesAsync(Protocol):
    def __call__(self, page: Page[T]) -> AsyncIterator[Page[T]]: ...


class _ItemsSync(Protocol):
    def __call__(self, page: Page[T], max_items: int | None = None) -> Iterator[T]: ...


class _ItemsAsync(Protocol):
    def __call__(self, page: Page[T], max_items: int | None = None) -> AsyncIterator[T]: ...


async def _none() -> None:
    return None


def _next(client: ClientBase, page: Page[T]) -> Any:
    """The page after ``page``, or ``None`` past the end (no request is made then).

    A coroutine for an async client. Raises what the list endpoint raises.
    """
    step = _fetch_next(page)
    if step is None:
        return _none() if client.is_async else None
    return client._call(*step)


def _all_pages(client: ClientBase, page: Page[T]) -> Any:
    """``page`` and every page after it: an iterator, or an async iterator for an async
    client. Stops on the end flag, an empty page, or a cursor that does not advance."""
    return iterate(client, walk(client, page))


def _all_items(client: ClientBase, page: Page[T], max_items: int | None = None) -> Any:
    """The items of ``page`` and of every page after it, at most ``max_items``: an
    iterator, or an async iterator for an async client. No page is fetched past the end
    or past ``max_items``. Raises :class:`ValueError` for a negative ``max_items``."""
    check_max(max_items)
    return iterate(client, walk(client, page, items=True, max_items=max_items))


class PagingAPI(ClientBase):
    """``next``, ``all_pages`` and ``all_items``: walking any :class:`Page`."""

    next: ByMode[_NextSync, _NextAsync] = ByMode(_next)
    all_pages: ByMode[_PagesSync, _PagesAsync] = ByMode(_all_pages)
    all_items: ByMode[_ItemsSync, _ItemsAsync] = ByMode(_all_items)

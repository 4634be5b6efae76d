"""Paging: :class:`Page`, the API's paging schemes, list endpoints and their ``iter_`` shortcuts.

Boosty pages in several unrelated ways (``boosty-api.md`` §3); a :class:`Scheme` object
knows how one of them reads its cursor and end flag and builds the next request:

* :data:`CURSOR` — ``extra.offset`` cursor and ``extra.isLast`` (posts, feed, media album,
  dialog messages, search, stat events, unsubscribe reasons, poll voters, showcase,
  bundle posts);
* :data:`COMMENTS` — next ``offset`` is the last item's ``intId``; the end is a page
  with ``isFirst && isLast``;
* :data:`INDEX` — top-level ``total``/``limit``/``offset`` integer index (subscribers,
  user subscriptions);
* :data:`TOTAL` — ``extra.offset`` and ``extra.total``; the end is an empty page or as many
  items as ``total`` (dialogs, sales, payouts: their cursor keeps coming past the end).

Whatever the scheme, walking stops on the end flag, on an empty page and on a cursor
that does not advance or comes back: it never loops and never asks past the end.

Declaring a list endpoint and its ``iter_`` shortcut in an endpoint mixin::

    from ..paging import INDEX, list_endpoint

    class SubscribersAPI(ClientBase):
        @list_endpoint(Subscriber, INDEX)  # items under "data" (items_path=("data",))
        def subscribers(self, blog: str, *, limit: int | None = None, offset: int | None = None) -> Request:
            \"\"\"Subscribers of ``blog``: ``GET /v1/blog/{blog}/subscribers``. ... Returns
            ``Page[Subscriber]``.\"\"\"
            return self._request("GET", "/v1/blog/{}/subscribers", blog, params={"limit": limit, "offset": offset})

        @subscribers.iterator
        def iter_subscribers(
            self, blog: str, *, limit: int | None = None, offset: int | None = None, max_items: int | None = None
        ) -> None:
            \"\"\"Every subscriber of ``blog``, page after page (``limit`` is the page size).\"\"\"

The ``iter_`` function is only a signature and a docstring: its body never runs. It takes
the list endpoint's own parameters plus a keyword-only ``max_items``; a call builds the
first request with the list endpoint and walks from there. ``mypy`` sees
``Boosty().subscribers(...)`` as ``Page[Subscriber]``, ``Boosty().iter_subscribers(...)``
as ``Iterator[Subscriber]`` and the :class:`~boosty.AsyncBoosty` forms as
``Coroutine[Any, Any, Page[Subscriber]]`` and ``AsyncIterator[Subscriber]``.
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Coroutine, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar, cast, overload

import attrs

from .._errors import ParseError
from .._model._fastgen import fast_init
from .._model.converter import ParseWarning, fast_for, hook_for, structure
from .._sender._http import Request, Response
from .base import ClientBase

if TYPE_CHECKING:
    from .client import AsyncBoosty, Boosty

__all__ = [
    "COMMENTS",
    "CURSOR",
    "INDEX",
    "TOTAL",
    "CommentScheme",
    "CursorScheme",
    "IndexScheme",
    "IterEndpoint",
    "ListEndpoint",
    "Page",
    "PageParser",
    "PagingAPI",
    "Scheme",
    "TotalScheme",
    "list_endpoint",
    "paged",
]

T = TypeVar("T")
P = ParamSpec("P")
Q = ParamSpec("Q")


# -- pages -----------------------------------------------------------------------------


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
    _scheme: Scheme | None = None
    _parser: PageParser[T] | None = None
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


_make_page = fast_init(Page)  # Page(...) with every field given, without running __init__


# -- schemes ----------------------------------------------------------------------------


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


# -- parsing -----------------------------------------------------------------------------


class PageParser(Generic[T]):
    """Parses a list response into a :class:`Page` of ``item`` models.

    Items sit at ``items_path`` in the body (``("data",)``, ``("data", "posts")``, ...; a
    missing path is an empty page). Each item is parsed on its own: one that fails is
    reported as :class:`~boosty.ParseWarning` and kept raw in ``Page.skipped``, so a whole
    page never fails because of one odd item. A body that is not an object, or items that
    are not a list, raise :class:`~boosty.ParseError`.
    """

    def __init__(self, item: type[T], scheme: Scheme, items_path: Sequence[str] = ("data",)) -> None:
        self.item = item
        self.scheme = scheme
        self.items_path = tuple(items_path)
        self._where = ".".join(self.items_path)
        self._hook: Callable[[Any, Any], Any] | None = None
        self._fast: Callable[[Any], Any] | None = None

    def __call__(self, payload: Any, response: Response) -> Page[T]:
        return self.parse(payload, None)

    def bind(self, request: Request, previous: Page[T] | None = None) -> Callable[[Any, Response], Page[T]]:
        """A parser for the response to ``request`` (following ``previous``, if any)."""

        def parse(payload: Any, response: Response) -> Page[T]:
            return self.parse(payload, request, previous)

        return parse

    def parse(self, payload: Any, request: Request | None, previous: Page[T] | None = None) -> Page[T]:
        """The :class:`Page` in ``payload`` (decoded JSON) fetched by ``request``."""
        if not isinstance(payload, dict):
            raise ParseError(f"expected a JSON object with {self._where}, got {type(payload).__name__}")
        path = self.items_path
        raw = payload.get(path[0]) if len(path) == 1 else _dig(payload, *path)
        if raw is None:
            raw = []
        elif not isinstance(raw, list):
            raise ParseError(f"expected a list of items, got {type(raw).__name__}", path=self._where)
        skipped: list[Any] = []
        cls = self.item
        hook = self._hook
        if hook is None:
            fast = fast_for(cls)
            if fast is not None:
                hook = self._hook = lambda value, _: fast(value)
                self._fast = fast
            else:
                hook = self._hook = hook_for(cls)
        items: list[T] = []
        append = items.append
        fast = self._fast
        if fast is not None:
            try:  # the common case in one tight loop; from a failing item on, the careful loop
                for value in raw:
                    append(fast(value))
            except Exception:
                pass
        for index in range(len(items), len(raw)):
            value = raw[index]
            try:
                append(hook(value, cls))
            except Exception:
                try:  # again, for the error's path (or a value, if it was a fluke)
                    append(structure(value, cls))
                    continue
                except ParseError as exc:
                    where = f"{self._where}[{index}]" + (f".{exc.path}" if exc.path else "")
                    warnings.warn(f"skipped an item at {where}: {exc}", ParseWarning, stacklevel=2)
                skipped.append(value)
        collected = (previous._collected if previous is not None else 0) + len(raw)
        cursor, is_last, total = self.scheme.read(payload, raw, request, collected)
        if cursor == "":
            cursor = None
        if isinstance(payload.get("extra"), dict):
            extra: dict[str, Any] = payload["extra"]
        else:
            extra = {k: v for k, v in payload.items() if k != self.items_path[0]}
        page: Page[T] = _make_page(
            items=items,
            is_last=is_last or not raw,
            total=total,
            offset=cursor,
            extra=extra,
            skipped=skipped,
            request=request,
            scheme=self.scheme,
            parser=self,
            received=len(raw),
            collected=collected,
        )
        if not page.is_last and self.scheme._next_cursor(page) is None:
            object.__setattr__(page, "is_last", True)  # not yet seen by anyone: settle it here
        return page


def paged(item: type[T], scheme: Scheme, items_path: Sequence[str] = ("data",)) -> PageParser[T]:
    """A parser of pages of ``item`` found at ``items_path``, paged by ``scheme``."""
    return PageParser(item, scheme, items_path)


# -- walking (shared by the client methods and the iter_ shortcuts) ------------------------


def _check_max(max_items: int | None) -> None:
    if max_items is not None and (not isinstance(max_items, int) or max_items < 0):
        raise ValueError(f"max_items must be a non-negative int or None, got {max_items!r}")


def _fetch_next(client: ClientBase, page: Page[T]) -> tuple[Request, Callable[[Any, Response], Page[T]]] | None:
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


def _sync_pages(client: ClientBase, page: Page[T]) -> Iterator[Page[T]]:
    seen = _cursors_seen(page)  # a cursor that comes back ends the walk: no page twice
    current: Page[T] | None = page
    while current is not None:
        yield current
        step = _fetch_next(client, current)
        if step is None or str(current.offset) in seen:
            return
        seen.add(str(current.offset))
        current = cast("Page[T]", client._call(*step))


async def _async_pages(client: ClientBase, page: Page[T]) -> AsyncGenerator[Page[T], None]:
    seen = _cursors_seen(page)
    current: Page[T] | None = page
    while current is not None:
        yield current
        step = _fetch_next(client, current)
        if step is None or str(current.offset) in seen:
            return
        seen.add(str(current.offset))
        current = await cast("Coroutine[Any, Any, Page[T]]", client._call(*step))


def _sync_items(client: ClientBase, pages: Iterator[Page[T]], max_items: int | None) -> Iterator[T]:
    count = 0
    if max_items == 0:
        return
    for page in pages:
        for item in page.items:
            yield item
            count += 1
            if max_items is not None and count >= max_items:
                return


async def _async_items(
    client: ClientBase, pages: AsyncGenerator[Page[T], None], max_items: int | None
) -> AsyncGenerator[T, None]:
    count = 0
    if max_items == 0:
        return
    try:
        async for page in pages:
            for item in page.items:
                yield item
                count += 1
                if max_items is not None and count >= max_items:
                    return
    finally:
        await pages.aclose()


def _sync_first(client: ClientBase, request: Request, parser: PageParser[T]) -> Iterator[Page[T]]:
    yield from _sync_pages(client, cast("Page[T]", client._call(request, parser.bind(request))))


async def _async_first(client: ClientBase, request: Request, parser: PageParser[T]) -> AsyncGenerator[Page[T], None]:
    first = await cast("Coroutine[Any, Any, Page[T]]", client._call(request, parser.bind(request)))
    pages = _async_pages(client, first)
    try:
        async for page in pages:
            yield page
    finally:
        await pages.aclose()


def iterate_items(client: ClientBase, request: Request, parser: PageParser[T], max_items: int | None = None) -> Any:
    """Items of every page from ``request`` on: an iterator, or an async iterator for an
    async client. No request is made before the first item is asked for, and none past
    ``max_items``."""
    _check_max(max_items)
    if client.is_async:
        return _async_items(client, _async_first(client, request, parser), max_items)
    return _sync_items(client, _sync_first(client, request, parser), max_items)


# -- endpoint descriptors --------------------------------------------------------------------


class ListEndpoint(Generic[P, T]):
    """A list endpoint: ``build(client, *args) -> Request`` plus a :class:`PageParser`.

    Bound to :class:`~boosty.Boosty` it returns ``Page[T]``; to
    :class:`~boosty.AsyncBoosty` a coroutine of it. :meth:`iterator` declares the
    ``iter_`` shortcut.
    """

    def __init__(self, build: Callable[Concatenate[Any, P], Request], parser: PageParser[T]) -> None:
        self.build = build
        self.parser = parser
        functools.update_wrapper(self, build)  # type: ignore[arg-type]

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> ListEndpoint[P, T]: ...
    @overload
    def __get__(self, obj: AsyncBoosty, owner: type[Any]) -> Callable[P, Coroutine[Any, Any, Page[T]]]: ...
    @overload
    def __get__(self, obj: Boosty, owner: type[Any]) -> Callable[P, Page[T]]: ...
    @overload
    def __get__(self, obj: Any, owner: type[Any]) -> Callable[P, Any]: ...

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        build, parser = self.build, self.parser

        @functools.wraps(build)
        def bound(*args: Any, **kwargs: Any) -> Any:
            request = build(obj, *args, **kwargs)
            return obj._call(request, parser.bind(request))

        return bound

    def iterator(self, signature: Callable[Concatenate[Any, Q], None]) -> IterEndpoint[Q, T]:
        """Declare the ``iter_`` shortcut of this list endpoint (see the module docstring).

        ``signature`` must take this endpoint's parameters plus a keyword-only
        ``max_items``; its body never runs. Raises :class:`TypeError` otherwise.
        """
        return IterEndpoint(self, signature)


class IterEndpoint(Generic[P, T]):
    """The ``iter_`` shortcut of a :class:`ListEndpoint`: the items of every page.

    Bound to :class:`~boosty.Boosty` it returns ``Iterator[T]`` (a generator), to
    :class:`~boosty.AsyncBoosty` ``AsyncIterator[T]`` (an async generator). ``limit``
    stays the page size; ``max_items`` caps the items yielded (and the pages fetched).
    """

    def __init__(self, listing: ListEndpoint[Any, T], signature: Callable[Concatenate[Any, P], None]) -> None:
        parameter = inspect.signature(signature).parameters.get("max_items")
        if parameter is None or parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            raise TypeError(f"{signature.__qualname__} must take a keyword-only max_items parameter")
        self.listing = listing
        self.signature = signature
        functools.update_wrapper(self, signature)  # type: ignore[arg-type]

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> IterEndpoint[P, T]: ...
    @overload
    def __get__(self, obj: AsyncBoosty, owner: type[Any]) -> Callable[P, AsyncIterator[T]]: ...
    @overload
    def __get__(self, obj: Boosty, owner: type[Any]) -> Callable[P, Iterator[T]]: ...
    @overload
    def __get__(self, obj: Any, owner: type[Any]) -> Callable[P, Any]: ...

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        listing = self.listing

        @functools.wraps(self.signature)
        def bound(*args: Any, max_items: int | None = None, **kwargs: Any) -> Any:
            _check_max(max_items)
            request = listing.build(obj, *args, **kwargs)
            return iterate_items(obj, request, listing.parser, max_items)

        return bound


def list_endpoint(
    item: type[T], scheme: Scheme, items_path: Sequence[str] = ("data",)
) -> Callable[[Callable[Concatenate[Any, P], Request]], ListEndpoint[P, T]]:
    """Decorate a request builder as a list endpoint returning ``Page[item]``.

    ``scheme`` is the paging scheme (:data:`CURSOR`, :data:`COMMENTS`, :data:`INDEX`,
    :data:`TOTAL`); ``items_path`` is where the items sit in the body.
    """

    parser = PageParser(item, scheme, items_path)

    def wrap(build: Callable[Concatenate[Any, P], Request]) -> ListEndpoint[P, T]:
        return ListEndpoint(build, parser)

    return wrap


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


S = TypeVar("S")
A = TypeVar("A")


class _ByMode(Generic[S, A]):
    """A method typed ``S`` on :class:`~boosty.Boosty` and ``A`` on :class:`~boosty.AsyncBoosty`."""

    def __init__(self, impl: Callable[..., Any]) -> None:
        self.impl = impl
        functools.update_wrapper(self, impl)  # type: ignore[arg-type]

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> _ByMode[S, A]: ...
    @overload
    def __get__(self, obj: AsyncBoosty, owner: type[Any]) -> A: ...
    @overload
    def __get__(self, obj: Boosty, owner: type[Any]) -> S: ...
    @overload
    def __get__(self, obj: Any, owner: type[Any]) -> Any: ...

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        return functools.partial(self.impl, obj)


async def _none() -> None:
    return None


def _next(client: ClientBase, page: Page[T]) -> Any:
    """The page after ``page``, or ``None`` past the end (no request is made then).

    A coroutine for an async client. Raises what the list endpoint raises.
    """
    step = _fetch_next(client, page)
    if step is None:
        return _none() if client.is_async else None
    return client._call(*step)


def _all_pages(client: ClientBase, page: Page[T]) -> Any:
    """``page`` and every page after it: an iterator, or an async iterator for an async
    client. Stops on the end flag, an empty page, or a cursor that does not advance."""
    if client.is_async:
        return _async_pages(client, page)
    return _sync_pages(client, page)


def _all_items(client: ClientBase, page: Page[T], max_items: int | None = None) -> Any:
    """The items of ``page`` and of every page after it, at most ``max_items``: an
    iterator, or an async iterator for an async client. No page is fetched past the end
    or past ``max_items``. Raises :class:`ValueError` for a negative ``max_items``."""
    _check_max(max_items)
    if client.is_async:
        return _async_items(client, _async_pages(client, page), max_items)
    return _sync_items(client, _sync_pages(client, page), max_items)


class PagingAPI(ClientBase):
    """``next``, ``all_pages`` and ``all_items``: walking any :class:`Page`."""

    next: _ByMode[_NextSync, _NextAsync] = _ByMode(_next)
    all_pages: _ByMode[_PagesSync, _PagesAsync] = _ByMode(_all_pages)
    all_items: _ByMode[_ItemsSync, _ItemsAsync] = _ByMode(_all_items)

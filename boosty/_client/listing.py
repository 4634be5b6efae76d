"""List endpoints and their derived ``iter_`` shortcuts.

Declaring a list endpoint and its ``iter_`` shortcut in an endpoint mixin::

    from ..paging import INDEX, list_endpoint

    class SubscribersAPI(ClientBase):
        @list_endpoint(Subscriber, INDEX)  # items under "data" (items_path=("data",))
        def subscribers(self, blog: str, *, limit: int | None = None, offset: int | None = None) -> Request:
            \"\"\"Subscribers of ``blog``: ``GET /v1/blog/{blog}/subscribers``. ... Returns
            ``Page[Subscriber]``.\"\"\"
            return self._request("GET", "/v1/blog/{}/subscribers", blog, params={"limit": limit, "offset": offset})

        iter_subscribers = subscribers.iterator()

The ``iter_`` shortcut is derived: it takes the list endpoint's own parameters (``limit``
stays the page size) plus the keyword-only ``max_items``, ``timeout`` and
``extra_headers``. ``mypy`` sees ``Boosty().subscribers(...)`` as ``Page[Subscriber]``,
``Boosty().iter_subscribers(...)`` as ``Iterator[Subscriber]`` and the async forms as
``Coroutine[Any, Any, Page[Subscriber]]`` and ``AsyncIterator[Subscriber]``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Sequence
from typing import Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar, overload

from .._mode import Async, HasMode, Sync
from .._sender._http import HeaderInput, Request
from .endpoint import OPTIONS, Bound, Endpoint, signature_with, unbound
from .page import Page
from .page_parser import PageParser
from .schemes import Scheme
from .walk import check_max, iterate, walk

__all__ = ["BoundIter", "IterEndpoint", "ListEndpoint", "list_endpoint"]

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R", covariant=True)


class BoundIter(Protocol[P, R]):
    """An ``iter_`` shortcut: the list endpoint's parameters, plus the keyword-only
    ``max_items`` (caps the items yielded and the pages fetched), ``timeout`` (seconds) and
    ``extra_headers``. A call naming an option is checked for the options and the result."""

    @overload
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R: ...
    @overload
    def __call__(
        self,
        *args: Any,
        max_items: int | None,
        timeout: float | None = None,
        extra_headers: HeaderInput = None,
        **kwargs: Any,
    ) -> R: ...
    @overload
    def __call__(self, *args: Any, timeout: float | None, extra_headers: HeaderInput = None, **kwargs: Any) -> R: ...
    @overload
    def __call__(self, *args: Any, extra_headers: HeaderInput, **kwargs: Any) -> R: ...


class ListEndpoint(Endpoint[P, Page[T]]):
    """A list endpoint: ``build(client, *args) -> Request`` plus a :class:`PageParser`.

    Bound to a sync client it returns ``Page[T]``; to an async one a coroutine of it.
    :meth:`iterator` derives the ``iter_`` shortcut.
    """

    def __init__(self, build: Callable[Concatenate[Any, P], Request], parser: PageParser[T]) -> None:
        super().__init__(build, parser)
        self.parser = parser

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> ListEndpoint[P, T]: ...
    @overload
    def __get__(self, obj: HasMode[Async], owner: type[Any]) -> Bound[P, Coroutine[Any, Any, Page[T]]]: ...
    @overload
    def __get__(self, obj: HasMode[Sync], owner: type[Any]) -> Bound[P, Page[T]]: ...
    @overload
    def __get__(self, obj: Any, owner: type[Any]) -> Bound[P, Any]: ...

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        request, parser = self.request, self.parser

        @functools.wraps(self.build)
        def bound(*args: Any, **kwargs: Any) -> Any:
            first = request(obj, args, kwargs)
            return obj._call(first, parser.bind(first))

        bound.__signature__ = self._bound_signature  # type: ignore[attr-defined]
        return bound

    def iterator(self, signature: Callable[..., Any] | None = None) -> IterEndpoint[P, T]:
        """The ``iter_`` shortcut of this list endpoint: ``iter_posts = posts.iterator()``.

        ``signature`` (optional, the older decorator form) only lends its docstring; it
        must take a keyword-only ``max_items``, else :class:`TypeError`.
        """
        return IterEndpoint(self, signature)


class IterEndpoint(Generic[P, T]):
    """The ``iter_`` shortcut of a :class:`ListEndpoint`: the items of every page.

    Bound to a sync client it returns ``Iterator[T]`` (a generator), to an async one
    ``AsyncIterator[T]`` (an async generator). No request is made before the first item
    is asked for. Raises :class:`ValueError` for a negative ``max_items``.
    """

    def __init__(self, listing: ListEndpoint[P, T], signature: Callable[..., Any] | None = None) -> None:
        if signature is not None:
            parameter = inspect.signature(signature).parameters.get("max_items")
            if parameter is None or parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
                raise TypeError(f"{signature.__qualname__} must take a keyword-only max_items parameter")
        self.listing = listing
        functools.update_wrapper(self, listing.build)  # type: ignore[arg-type]
        name = listing.build.__name__
        self.__doc__ = (signature.__doc__ if signature is not None else None) or (
            f"Every item of :meth:`{name}`, page after page: its parameters (``limit`` is the page "
            "size) plus the keyword-only ``max_items`` (at most that many items), ``timeout`` "
            "(seconds) and ``extra_headers``. An iterator, or an async iterator for an async client."
        )
        self._rename(f"iter_{name}")

    @functools.cached_property
    def __signature__(self) -> inspect.Signature:
        """What the shortcut takes (made on first use, not at import): the list endpoint's
        parameters plus ``max_items`` and the per-call options."""
        return signature_with(self.listing.build, "max_items", *OPTIONS)

    @functools.cached_property
    def _bound_signature(self) -> inspect.Signature:
        return unbound(self.__signature__)

    def _rename(self, name: str) -> None:
        self.__name__ = name
        owner, dot, _ = str(getattr(self, "__qualname__", "")).rpartition(".")
        self.__qualname__ = f"{owner}{dot}{name}"

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._rename(name)

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> IterEndpoint[P, T]: ...
    @overload
    def __get__(self, obj: HasMode[Async], owner: type[Any]) -> BoundIter[P, AsyncIterator[T]]: ...
    @overload
    def __get__(self, obj: HasMode[Sync], owner: type[Any]) -> BoundIter[P, Iterator[T]]: ...
    @overload
    def __get__(self, obj: Any, owner: type[Any]) -> BoundIter[P, Any]: ...

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        listing = self.listing

        def bound(*args: Any, max_items: int | None = None, **kwargs: Any) -> Any:
            check_max(max_items)
            first = listing.request(obj, args, kwargs)
            return iterate(obj, walk(obj, (first, listing.parser), items=True, max_items=max_items))

        bound.__name__ = self.__name__
        bound.__doc__ = self.__doc__
        bound.__signature__ = self._bound_signature  # type: ignore[attr-defined]
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

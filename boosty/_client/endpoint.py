"""One endpoint definition serving sync and async clients.

An endpoint method only builds a :class:`~boosty.Request`; :func:`endpoint` names the
parser. The descriptor's ``__get__`` is overloaded on the client type, so type checkers
see ``Boosty().blog("x")`` as ``Blog`` and ``AsyncBoosty().blog("x")`` as
``Coroutine[Any, Any, Blog]``; at run time the client's sender decides.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from .._sender._http import Request, Response

if TYPE_CHECKING:
    from .client import AsyncBoosty, Boosty

__all__ = ["Endpoint", "Parser", "endpoint"]

P = ParamSpec("P")
T = TypeVar("T")

Parser = Callable[[Any, Response], T]
"""Turns the decoded JSON body (and the response it came in) into the endpoint's value."""


class Endpoint(Generic[P, T]):
    """A descriptor wrapping a request builder ``build(client, *args) -> Request`` and a parser."""

    def __init__(self, build: Callable[Concatenate[Any, P], Request], parse: Parser[T]) -> None:
        self.build = build
        self.parse = parse
        functools.update_wrapper(self, build)  # type: ignore[arg-type]

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Endpoint[P, T]: ...
    @overload
    def __get__(self, obj: AsyncBoosty, owner: type[Any]) -> Callable[P, Coroutine[Any, Any, T]]: ...
    @overload
    def __get__(self, obj: Boosty, owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(self, obj: Any, owner: type[Any]) -> Callable[P, Any]: ...

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        build, parse = self.build, self.parse

        @functools.wraps(build)
        def bound(*args: Any, **kwargs: Any) -> Any:
            return obj._call(build(obj, *args, **kwargs), parse)

        return bound


def endpoint(parse: Parser[T]) -> Callable[[Callable[Concatenate[Any, P], Request]], Endpoint[P, T]]:
    """Decorate a request builder as an endpoint whose response ``parse`` turns into ``T``."""

    def wrap(build: Callable[Concatenate[Any, P], Request]) -> Endpoint[P, T]:
        return Endpoint(build, parse)

    return wrap

"""Sync or async, as types: senders and clients are generic in their mode.

:class:`Sync` and :class:`Async` are markers that exist only for type checkers. A sender is
``Sender[Sync]`` or ``Sender[Async]``; a wrapper takes the mode of the sender it wraps; a
client is ``Boosty[Sync]`` or ``Boosty[Async]`` after its sender. Descriptors (endpoints,
paging and event methods) overload their ``__get__`` on :class:`HasMode`, so
``Boosty(sender=AsyncSender()).blog("x")`` is ``Coroutine[Any, Any, Blog]`` to mypy while
``Boosty().blog("x")`` is ``Blog``. At run time the sender's ``is_async`` decides.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

__all__ = ["M", "SM", "Async", "ByMode", "HasMode", "Sync", "by_mode_call", "by_mode_iterator"]


class Sync:
    """The mode of a blocking sender or client (a type marker, never instantiated)."""


class Async:
    """The mode of an asyncio sender or client (a type marker, never instantiated)."""


if TYPE_CHECKING:
    import typing_extensions

    M = typing_extensions.TypeVar("M", default=Any)
    """A mode; left open (a bare ``Sender`` or ``ExtendingSender`` subclass) it is ``Any``."""

    SM = typing_extensions.TypeVar("SM", default=Sync)
    """The mode of a wrapper that builds a :class:`boosty.SyncSender` when given no sender."""
else:  # the defaults serve type checkers only: typing_extensions (~2 % of ``import boosty``) stays unloaded
    M = TypeVar("M")
    SM = TypeVar("SM")


class HasMode(Generic[M]):
    """Base of the clients: carries the mode for the descriptors' overloads."""


S = TypeVar("S")
A = TypeVar("A")
P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


class ByMode(Generic[S, A]):
    """A method typed ``S`` on a sync client and ``A`` on an async one (``impl(client, ...)``)."""

    def __init__(self, impl: Callable[..., Any]) -> None:
        self.impl = impl
        functools.update_wrapper(self, impl)  # type: ignore[arg-type]

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> ByMode[S, A]: ...
    @overload
    def __get__(self, obj: HasMode[Async], owner: type[Any]) -> A: ...
    @overload
    def __get__(self, obj: HasMode[Sync], owner: type[Any]) -> S: ...
    @overload
    def __get__(self, obj: Any, owner: type[Any]) -> Any: ...

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        return functools.partial(self.impl, obj)


def by_mode_call(
    impl: Callable[Concatenate[Any, P], R | Coroutine[Any, Any, R]],
) -> ByMode[Callable[P, R], Callable[P, Coroutine[Any, Any, R]]]:
    """A method returning ``R`` on a sync client and a coroutine of ``R`` on an async one.

    ``impl(client, ...)`` is annotated ``-> R | Coroutine[Any, Any, R]``; its parameters
    after the client are the method's for both modes (one signature, no twin protocols).
    """
    return ByMode(impl)


def by_mode_iterator(
    impl: Callable[Concatenate[Any, P], Iterator[T] | AsyncIterator[T]],
) -> ByMode[Callable[P, Iterator[T]], Callable[P, AsyncIterator[T]]]:
    """A method returning ``Iterator[T]`` on a sync client and ``AsyncIterator[T]`` on an
    async one; ``impl(client, ...)`` is annotated ``-> Iterator[T] | AsyncIterator[T]``."""
    return ByMode(impl)

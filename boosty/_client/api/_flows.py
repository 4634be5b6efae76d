"""Client methods that take several requests, written once as a flow for both modes.

A flow is a generator yielding :func:`boosty.events.flow.call` steps (endpoint calls);
:func:`~boosty.events.flow.run_sync` or :func:`~boosty.events.flow.run_async` drives it,
as the client's sender decides. The descriptor's ``__get__`` is overloaded on the client
type like :class:`~boosty._client.endpoint.Endpoint`, so ``Boosty().post_create(...)`` is a
``Post`` and ``AsyncBoosty().post_create(...)`` a coroutine of one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

if TYPE_CHECKING:
    from ...events.flow import Flow
    from ..client import AsyncBoosty, Boosty

__all__ = ["FlowMethod", "flow_method"]

P = ParamSpec("P")
T = TypeVar("T")


class FlowMethod(Generic[P, T]):
    """A descriptor running the flow ``make(client, *args)`` to its value."""

    def __init__(self, make: Callable[Concatenate[Any, P], Flow[T]]) -> None:
        self.make = make
        functools.update_wrapper(self, make)  # type: ignore[arg-type]

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> FlowMethod[P, T]: ...
    @overload
    def __get__(self, obj: AsyncBoosty, owner: type[Any]) -> Callable[P, Coroutine[Any, Any, T]]: ...
    @overload
    def __get__(self, obj: Boosty, owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(self, obj: Any, owner: type[Any]) -> Callable[P, Any]: ...

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        make = self.make

        @functools.wraps(make)
        def bound(*args: Any, **kwargs: Any) -> Any:
            from ...events.dispatch import Dispatcher  # the flow runner, loaded on first use
            from ...events.flow import run_async, run_sync

            flow = make(obj, *args, **kwargs)
            if obj.is_async:
                return run_async(flow, Dispatcher())
            return run_sync(flow, Dispatcher(allow_async=False))

        return bound


def flow_method(make: Callable[Concatenate[Any, P], Flow[T]]) -> FlowMethod[P, T]:
    """Decorate a flow generator function as a client method serving both modes."""
    return FlowMethod(make)

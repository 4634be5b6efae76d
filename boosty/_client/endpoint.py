"""One endpoint definition serving sync and async clients.

An endpoint method only builds a :class:`~boosty.Request`; :func:`endpoint` names the
parser. The descriptor's ``__get__`` is overloaded on the client's mode
(:mod:`boosty._mode`), so type checkers see ``Boosty().blog("x")`` as ``Blog`` and
``AsyncBoosty().blog("x")`` or ``Boosty(sender=AsyncSender()).blog("x")`` as
``Coroutine[Any, Any, Blog]``; at run time the client's sender decides.

The descriptor also gives every endpoint method the keyword-only per-call options
``timeout=`` (seconds) and ``extra_headers=`` (sent with this request only), so no request
builder declares them.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from types import MethodType
from typing import Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar, overload

from .._checks import ArgumentChecker, check_headers
from .._mode import Async, HasMode, Sync
from .._sender._http import HeaderInput, Request
from .base import Parser
from .refs import real_parser

__all__ = ["OPTIONS", "Bound", "Endpoint", "Parser", "apply_options", "endpoint", "signature_with", "unbound"]

OPTIONS = ("timeout", "extra_headers")
"""The per-call options every endpoint method takes (keyword-only)."""

P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R", covariant=True)


class Bound(Protocol[P, R]):
    """An endpoint method: the request builder's parameters, plus the keyword-only
    ``timeout`` (seconds, ``None``: the client's) and ``extra_headers`` of one call.

    A call naming either option is checked for the options' types and the result type
    (Python's types cannot add keywords to a ``ParamSpec``; the other arguments are
    checked at run time then).
    """

    @overload
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R: ...
    @overload
    def __call__(self, *args: Any, timeout: float | None, extra_headers: HeaderInput = None, **kwargs: Any) -> R: ...
    @overload
    def __call__(self, *args: Any, extra_headers: HeaderInput, **kwargs: Any) -> R: ...


def _check_timeout(timeout: object) -> float | None:
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds or None, got {timeout!r}")
    return float(timeout)


def apply_options(request: Request, timeout: object = None, extra_headers: HeaderInput = None) -> Request:
    """``request`` with one call's ``timeout`` (seconds) and ``extra_headers`` applied.

    Raises :class:`ValueError` for a ``timeout`` that is not a positive number.
    """
    seconds = _check_timeout(timeout)
    check_headers(extra_headers, "extra_headers")
    if seconds is None and not extra_headers:
        return request
    changes: dict[str, Any] = {}
    if seconds is not None:
        changes["timeout"] = seconds
    if extra_headers:
        changes["headers"] = request.headers.merge(extra_headers)
    return request._copy(**changes)


def signature_with(build: Callable[..., Any], *names: str) -> inspect.Signature:
    """``build``'s signature plus keyword-only ``names`` (default ``None``): what the
    method takes (documentation and ``inspect.signature``)."""
    signature = inspect.signature(build)
    parameters = list(signature.parameters.values())
    kwargs = [p for p in parameters if p.kind is inspect.Parameter.VAR_KEYWORD]
    parameters = [p for p in parameters if p.kind is not inspect.Parameter.VAR_KEYWORD]
    parameters += [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=None) for n in names]
    return signature.replace(parameters=parameters + kwargs)


def unbound(signature: inspect.Signature) -> inspect.Signature:
    """``signature`` without its first parameter (``self``)."""
    return signature.replace(parameters=list(signature.parameters.values())[1:])


class Endpoint(Generic[P, T]):
    """A descriptor wrapping a request builder ``build(client, *args) -> Request`` and a parser."""

    def __init__(self, build: Callable[Concatenate[Any, P], Request], parse: Parser[T]) -> None:
        self.build = build
        self._parse_spec = parse
        functools.update_wrapper(self, build)  # type: ignore[arg-type]
        self._names = (build.__module__, build.__name__, build.__qualname__, build.__doc__)
        self.check = ArgumentChecker(build)

    # Resolved on first use, not at import: the model classes, the converter and the
    # signatures (~25 µs an endpoint, a few ms for the client) wait for the first call.

    @functools.cached_property
    def parse(self) -> Parser[T]:
        """The parser: a deferred one (:mod:`boosty._client.refs`: a model not imported
        yet) is built, importing its model, on the first call of the endpoint."""
        return real_parser(self._parse_spec)

    @functools.cached_property
    def __signature__(self) -> inspect.Signature:
        """What the method takes: the builder's parameters plus the per-call options."""
        return signature_with(self.build, *OPTIONS)

    @functools.cached_property
    def _bound_signature(self) -> inspect.Signature:
        return unbound(self.__signature__)  # once: a Signature costs ~50 µs a call

    @functools.cached_property
    def _method(self) -> Callable[..., Any]:
        """The endpoint as a function of the client, dressed once as the builder (name, doc,
        attributes, signature with the per-call options): a client's attribute is a bound
        method of it (:meth:`__get__`), made without copying anything per access."""
        request, endpoint = self.request, self

        def method(client: Any, /, *args: Any, **kwargs: Any) -> Any:
            return client._call(request(client, args, kwargs), endpoint.parse)

        method.__module__, method.__name__, method.__qualname__, method.__doc__ = self._names
        method.__dict__.update(vars(self.build))
        method.__wrapped__ = self.build  # type: ignore[attr-defined]
        method.__signature__ = self.__signature__  # type: ignore[attr-defined]
        return method

    def request(self, client: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Request:
        """The request of one call: the builder's, with the per-call options applied.

        Raises :class:`TypeError` naming the parameter for an argument whose type does not
        match the builder's annotation (``limit="5"``), :class:`ValueError` for one outside
        its ``Literal`` values.
        """
        if kwargs:
            timeout = kwargs.pop("timeout", None)
            extra_headers = kwargs.pop("extra_headers", None)
        else:
            timeout = extra_headers = None
        self.check(args, kwargs)
        request = self.build(client, *args, **kwargs)
        if timeout is None and extra_headers is None:
            return request
        return apply_options(request, timeout, extra_headers)

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Endpoint[P, T]: ...
    @overload
    def __get__(self, obj: HasMode[Async], owner: type[Any]) -> Bound[P, Coroutine[Any, Any, T]]: ...
    @overload
    def __get__(self, obj: HasMode[Sync], owner: type[Any]) -> Bound[P, T]: ...
    @overload
    def __get__(self, obj: Any, owner: type[Any]) -> Bound[P, Any]: ...

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        # inspect.signature of the bound method drops the client; name, doc and the
        # builder's attributes are the function's.
        return MethodType(self._method, obj)


def endpoint(parse: Parser[T]) -> Callable[[Callable[Concatenate[Any, P], Request]], Endpoint[P, T]]:
    """Decorate a request builder as an endpoint whose response ``parse`` turns into ``T``."""

    def wrap(build: Callable[Concatenate[Any, P], Request]) -> Endpoint[P, T]:
        return Endpoint(build, parse)

    return wrap

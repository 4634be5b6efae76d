"""Checks at the public boundary: endpoint arguments against their builder's annotations,
headers and cookies. One mechanism for every endpoint, no per-endpoint code."""

from __future__ import annotations

import collections.abc
import datetime as dt
import inspect
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal, Union

__all__ = ["ArgumentChecker", "check_cookies", "check_headers"]

_Check = Callable[[str, object], None]
_NONE = type(None)
_SCALARS = frozenset({str, int, float, bool, _NONE, dt.datetime, dt.date, Decimal})
"""The annotation members the checker enforces; a parameter naming anything else is left
to its builder."""


def _describe(options: tuple[type, ...]) -> str:
    names = [("None" if t is _NONE else t.__name__) for t in options]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _check_for(hint: Any, where: str) -> tuple[_Check, frozenset[type]] | None:
    """A check of one argument against ``hint`` and the exact classes it passes without a
    call (its ``isinstance`` classes; none for a ``Literal``), or ``None`` when ``hint`` is
    not checkable."""
    origin = typing.get_origin(hint)
    if origin is Literal:
        allowed = typing.get_args(hint)

        def literal(name: str, value: object) -> None:
            if value not in allowed:
                raise ValueError(f"{where}() argument {name!r} must be one of {list(allowed)!r}, got {value!r}")

        return literal, frozenset()
    members = typing.get_args(hint) if origin in (Union, types.UnionType) else (hint,)
    classes: list[type] = []
    literals: list[object] = []
    for member in members:
        if typing.get_origin(member) is Literal:
            literals.extend(typing.get_args(member))
            continue
        if member not in _SCALARS:
            # Models, file objects, iterables, ...: the builder knows what it takes (an id as
            # an int, an object with ``read``) better than its annotation says.
            return None
        classes.append(member)
    if float in classes:
        classes.append(int)  # PEP 484: an int is acceptable where a float is
    options = tuple(dict.fromkeys(classes))
    takes_bool = bool in options
    shown = _describe(options) + (f" or one of {literals!r}" if literals else "")

    def check(name: str, value: object) -> None:
        if literals and isinstance(value, (str, int)) and value in literals:
            return
        if isinstance(value, options) and (takes_bool or not isinstance(value, bool)):
            return
        raise TypeError(f"{where}() argument {name!r} must be {shown}, got {type(value).__name__}")

    return check, frozenset(options)


def _hints(build: Callable[..., Any]) -> dict[str, Any]:
    """``build``'s resolved annotations. An annotation naming what is imported for type
    checkers only (a model under ``if TYPE_CHECKING:``, not loaded until first needed) is
    left out: such a parameter takes no scalar anyway."""
    try:
        return typing.get_type_hints(build)
    except Exception:
        pass
    hints: dict[str, Any] = {}
    namespace = getattr(build, "__globals__", {})
    for name, annotation in getattr(build, "__annotations__", {}).items():
        try:
            hints[name] = typing.get_type_hints(_Annotated(annotation), namespace)
        except Exception:
            continue
    return {name: hint["value"] for name, hint in hints.items()}


class _Annotated:
    """One annotation alone, for :func:`typing.get_type_hints` to resolve."""

    def __init__(self, annotation: Any) -> None:
        self.__annotations__ = {"value": annotation}


class ArgumentChecker:
    """Checks the arguments of calls to the request builder ``build`` against its annotations
    where they name scalars only: ``str``, ``int``, ``float``, ``bool``, ``datetime``,
    ``date``, ``Decimal``, ``None``, unions of them and ``Literal`` values. ``bool`` is not
    taken for an ``int``; an ``int`` is for a ``float``. A parameter whose annotation names
    anything else (a model, a file object, an iterable) is left to its builder. Resolved on
    the first call; a builder whose annotations cannot be resolved is not checked.

    Raises :class:`TypeError` naming the parameter for a value of the wrong type and
    :class:`ValueError` for a value outside a ``Literal``.
    """

    __slots__ = ("_build", "_by_name", "_positional")

    def __init__(self, build: Callable[..., Any]) -> None:
        self._build = build
        self._by_name: dict[str, tuple[_Check, frozenset[type]]] = {}
        self._positional: tuple[tuple[str, _Check | None, frozenset[type]], ...] | None = None

    def _load(self) -> dict[str, tuple[_Check, frozenset[type]]]:
        build = self._build
        hints = _hints(build)
        parameters = list(inspect.signature(build).parameters.values())[1:]  # without self
        checks: dict[str, tuple[_Check, frozenset[type]]] = {}
        for parameter in parameters:
            hint = hints.get(parameter.name)
            if hint is None or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            check = _check_for(hint, build.__name__)
            if check is not None:
                checks[parameter.name] = check
        positional = [p.name for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        while positional and positional[-1] not in checks:
            positional.pop()  # by position: up to the last checked parameter
        self._by_name = checks
        self._positional = tuple((name, *checks.get(name, (None, frozenset()))) for name in positional)
        return checks

    def __call__(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
        positional = self._positional
        if positional is None:
            self._load()
            positional = self._positional or ()
        for (name, check, exact), value in zip(positional, args):
            if check is not None and type(value) not in exact:  # an exact class passes at once
                check(name, value)
        if kwargs:
            checks = self._by_name
            for name, value in kwargs.items():
                found = checks.get(name)
                if found is not None and type(value) not in found[1]:
                    found[0](name, value)


def _token_name(value: str) -> bool:
    """RFC 9110 token characters: what a header or cookie name may hold."""
    return bool(value) and all(33 <= ord(c) <= 126 and c not in '"(),/:;<=>?@[\\]{}' for c in value)


def check_headers(headers: object, parameter: str = "headers") -> None:
    """Refuse header input that httpx would send as something else: ``None`` or non-str
    values (:class:`TypeError`), names that are not tokens and values with CR, LF or NUL
    (:class:`ValueError`, header injection). Accepts a mapping, pairs or ``None``."""
    if headers is None:
        return
    from ._sender._http import Headers

    if isinstance(headers, Headers):
        pairs: Iterable[Any] = headers.items()
    elif isinstance(headers, Mapping):
        pairs = headers.items()
    elif isinstance(headers, (str, bytes)) or not isinstance(headers, collections.abc.Iterable):
        raise TypeError(f"{parameter} must be a mapping of str to str, got {type(headers).__name__}")
    else:
        pairs = headers
    for pair in pairs:
        name, value = pair
        if not isinstance(name, str) or not isinstance(value, str):
            shown = name if isinstance(name, str) else type(name).__name__
            raise TypeError(f"{parameter}: header {shown!r} must map a str to a str, got {type(value).__name__}")
        if not _token_name(name):
            raise ValueError(f"{parameter}: {name!r} is not a valid header name")
        if any(c in value for c in "\r\n\0"):
            raise ValueError(f"{parameter}: the value of {name!r} holds CR, LF or NUL")


def check_cookies(cookies: object, parameter: str = "cookies") -> None:
    """Refuse cookies that would inject others: a name that is not a token, a value with
    ``;``, ``,``, whitespace, quotes, a backslash or control characters (:class:`ValueError`),
    a non-str name or value (:class:`TypeError`)."""
    if cookies is None:
        return
    if not isinstance(cookies, Mapping):
        raise TypeError(f"{parameter} must be a mapping of str to str, got {type(cookies).__name__}")
    for name, value in cookies.items():
        if not isinstance(name, str) or not isinstance(value, str):
            shown = name if isinstance(name, str) else type(name).__name__
            raise TypeError(f"{parameter}: cookie {shown!r} must map a str to a str, got {type(value).__name__}")
        if not _token_name(name):
            raise ValueError(f"{parameter}: {name!r} is not a valid cookie name")
        if any(c in value for c in ';,"\\ \t\r\n\0') or any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise ValueError(f"{parameter}: the value of cookie {name!r} holds a separator or control character")


def check_count(value: object, parameter: str, minimum: int = 0) -> int:
    """``value`` if it is an ``int`` (not a ``bool``) of at least ``minimum``; else
    :class:`TypeError` (wrong type) or :class:`ValueError` (too small), naming ``parameter``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{parameter} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{parameter} must be {minimum} or more, got {value!r}")
    return value


def check_seconds(value: object, parameter: str, *, positive: bool = False, optional: bool = False) -> float | None:
    """``value`` as float seconds: a finite real number, at least 0 (above 0 with
    ``positive``), or ``None`` with ``optional``; else :class:`TypeError` /
    :class:`ValueError` naming ``parameter``."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{parameter} must be a number of seconds, got {type(value).__name__}")
    seconds = float(value)
    if not (seconds > 0 if positive else seconds >= 0) or seconds == float("inf"):
        raise ValueError(
            f"{parameter} must be a finite number of seconds {'above' if positive else 'of at least'} 0, got {value!r}"
        )
    return seconds

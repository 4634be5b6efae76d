"""Model classes named before they are imported, and parsers built on their first use.

Importing the client imports no model module, no cattrs and no generated code: an endpoint
mixin names its models through :mod:`boosty._client.api._models` (a :class:`ModelRef` for
each name at run time; the real class for type checkers, under ``if TYPE_CHECKING:``), and
its parser factory returns a :class:`Deferred` parser. The model's module, the converter and
the parser are imported and built when an endpoint is first called
(:class:`~boosty._client.endpoint.Endpoint` swaps the deferred parser for the real one
then, so later calls pay nothing).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

if TYPE_CHECKING:
    from .._sender._http import Response

__all__ = ["Deferred", "ModelRef", "deferred", "real_parser", "resolve", "structure"]

T = TypeVar("T")


class ModelRef:
    """A model class of :mod:`boosty.models` by name, imported on first :meth:`resolve`
    (which raises :class:`AttributeError` for a name :mod:`boosty.models` lacks; type
    checkers see the real import beside each use, so a typo fails ``mypy`` first)."""

    __slots__ = ("_cls", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self._cls: type[Any] | None = None

    def resolve(self) -> type[Any]:
        """The class, importing its module (only it and what it needs) on first use."""
        cls = self._cls
        if cls is None:
            from .. import models

            cls = self._cls = getattr(models, self.name)
        return cls

    @property
    def __name__(self) -> str:
        """The model's class name (what documentation shows for it)."""
        return self.name

    def __repr__(self) -> str:
        return f"<model {self.name} (not imported yet)>" if self._cls is None else repr(self._cls)


def resolve(cls: T) -> T:
    """``cls`` itself, or the class a :class:`ModelRef` names (imported now)."""
    return cast(T, cls.resolve()) if isinstance(cls, ModelRef) else cls


def structure(data: Any, cls: type[T], *, path: str = "") -> T:
    """:func:`boosty._model.converter.structure` of ``data`` into ``cls`` (a class or a
    :class:`ModelRef`), importing the converter on first use. Raises
    :class:`~boosty.ParseError` naming the bad field."""
    from .._model.converter import structure as real

    return real(data, resolve(cls), path=path)


class Deferred(Generic[T]):
    """A parser ``build(*args)`` made on its first use, every :class:`ModelRef` in ``args``
    resolved first. Calling it parses (building it first, once, thread-safely);
    :func:`real_parser` gives the built parser itself."""

    __slots__ = ("_args", "_build", "_lock", "_parser")

    def __init__(self, build: Callable[..., Callable[[Any, Response], T]], *args: Any) -> None:
        self._build = build
        self._args = args
        self._parser: Callable[[Any, Response], T] | None = None
        self._lock = threading.Lock()

    def parser(self) -> Callable[[Any, Response], T]:
        """The parser, built now if it is not yet."""
        parser = self._parser
        if parser is None:
            with self._lock:
                parser = self._parser
                if parser is None:
                    parser = self._parser = self._build(*(resolve(arg) for arg in self._args))
        return parser

    def __call__(self, payload: Any, response: Response) -> T:
        return self.parser()(payload, response)

    def __repr__(self) -> str:
        return f"<deferred {getattr(self._build, '__name__', 'parser')}{self._args!r}>"


def deferred(build: Callable[..., Callable[[Any, Response], T]], *args: Any) -> Callable[[Any, Response], T]:
    """A :class:`Deferred` parser ``build(*args)``, typed as the parser it becomes."""
    return Deferred(build, *args)


def real_parser(parse: Callable[[Any, Response], T]) -> Callable[[Any, Response], T]:
    """``parse``, or the parser a :class:`Deferred` builds (built now)."""
    return parse.parser() if isinstance(parse, Deferred) else parse

"""Sphinx glue: let autodoc document the client's endpoint descriptors as methods.

``Boosty.blog``, ``Boosty.posts``, ``Boosty.iter_posts`` and ``Boosty.next`` are
descriptors (one definition serves the sync and the async client). Read from the class
they are the descriptor objects, which autodoc already classifies as methods but cannot
take a signature from, because they are not callable. In the documentation build only,
each descriptor class gets a ``__call__`` that refuses to run, so ``inspect.signature``
follows ``__wrapped__`` to the function the endpoint was written as. The return
annotation of that function (``Request``, the value the endpoint *builds*) is replaced
by what a sync client returns: ``Page[Item]`` for a list endpoint, ``Iterator[Item]`` for
its ``iter_`` shortcut, and nothing for the others (their docstrings say what they
return; an async client returns a coroutine or async iterator of the same).

:class:`boosty.Boosty` takes its arguments through a cooperative ``__init__(*args,
**kwargs)`` of a mixin; its documented signature is the one of the client core it passes
them to. An attrs class's field with a factory default shows that factory's call
(``= list()``), not attrs's ``NOTHING`` sentinel. The union of content blocks is shown as
its public alias, ``Block``.
"""

from __future__ import annotations

import inspect
import re
import typing
from typing import Any

import attrs
from sphinx.application import Sphinx
from sphinx.util.inspect import signature as _signature
from sphinx.util.inspect import stringify_signature

import boosty
from boosty._client.api._flows import FlowMethod
from boosty._client.base import ClientBase
from boosty._client.endpoint import Endpoint
from boosty._client.paging import IterEndpoint, ListEndpoint
from boosty._mode import ByMode as _ByMode

_DESCRIPTORS: tuple[type[Any], ...] = (Endpoint, ListEndpoint, IterEndpoint, _ByMode, FlowMethod)


def _not_on_the_class(self: Any, *args: Any, **kwargs: Any) -> Any:
    raise TypeError(f"{self.__name__}() is called on a client instance, not on the class")


def _item_name(parser: Any) -> str:
    item = getattr(parser, "item", None)
    return getattr(item, "__name__", "Any")


def _returns(obj: Any, return_annotation: str | None) -> str | None:
    if isinstance(obj, ListEndpoint):
        return f"Page[{_item_name(obj.parser)}]"
    if isinstance(obj, IterEndpoint):
        return f"Iterator[{_item_name(obj.listing.parser)}]"
    if isinstance(obj, (Endpoint, _ByMode, FlowMethod)):
        return ""
    return return_annotation


class _Shown:
    """A default value shown as the given source text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _attrs_signature(cls: type[Any]) -> str:
    """``cls(...)``'s signature, a factory default shown as its call (``list()``, ``BlogCount()``).

    attrs's generated ``__init__`` has the sentinel ``NOTHING`` as the default of a field
    built by a factory; show what the field gets instead.
    """
    signature = _signature(cls.__init__, bound_method=True)
    factories = {}
    for field in attrs.fields(cls):
        if isinstance(field.default, attrs.Factory):
            made = getattr(field.default.factory, "__name__", "factory")
            factories[field.alias or field.name.lstrip("_")] = _Shown(f"{made}()")
    parameters = [
        p.replace(default=factories[p.name]) if p.name in factories else p for p in signature.parameters.values()
    ]
    return stringify_signature(
        signature.replace(parameters=parameters), show_return_annotation=False, unqualified_typehints=True
    )


def _passes_through(cls: type[Any]) -> bool:
    """``True`` if ``cls(...)`` is documented as ``(*args, **kwargs)``."""
    kinds = {p.kind for p in _signature(cls.__init__, bound_method=True).parameters.values()}
    return kinds <= {inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD}


# The content-block union as signatures print it (``~boosty._model.content.TextBlock | ...``
# or bare names), and the documented alias it stands for.
_BLOCK_UNION = re.compile(r" \| ".join(rf"(?:~?[\w.]+\.)?{t.__name__}" for t in typing.get_args(boosty.models.Block)))


def _short(text: str | None) -> str | None:
    return _BLOCK_UNION.sub("~boosty.models.Block", text) if text else text


def _process_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None] | None:
    result = _rewrite(what, obj, signature, return_annotation)
    signature, return_annotation = result if result is not None else (signature, return_annotation)
    return _short(signature), _short(return_annotation)


def _rewrite(
    what: str, obj: Any, signature: str | None, return_annotation: str | None
) -> tuple[str | None, str | None] | None:
    if what == "class" and isinstance(obj, type) and issubclass(obj, ClientBase) and _passes_through(obj):
        core = _signature(ClientBase.__init__, bound_method=True)
        return stringify_signature(core, show_return_annotation=False, unqualified_typehints=True), return_annotation
    if what in ("class", "exception") and isinstance(obj, type) and attrs.has(obj):
        return _attrs_signature(obj), return_annotation
    if not isinstance(obj, _DESCRIPTORS):
        return None
    return signature, _returns(obj, return_annotation)


def setup(app: Sphinx) -> dict[str, Any]:
    for cls in _DESCRIPTORS:
        if "__call__" not in vars(cls):
            cls.__call__ = _not_on_the_class
    app.connect("autodoc-process-signature", _process_signature)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

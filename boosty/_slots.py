"""Building instances of frozen, slotted attrs classes without their ``__init__``.

A frozen class refuses ``o.field = value``; storing through each slot's descriptor
(``member.__set__(o, value)``) works but is a call per field. :func:`slot_builder` makes a
private subclass whose fields are plain slots with ordinary assignment: an instance of it
takes ``o.field = value`` as one specialised store, then becomes an instance of the class
itself by ``o.__class__ = cls`` (same layout). The model fast path
(:mod:`boosty._model._fastgen`) and the request and response constructors of the senders'
hot path (:func:`boosty._sender._http.new_request`) use it, the latter two through
:func:`field_constructor`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

__all__ = ["field_constructor", "slot_builder", "slot_constructor"]


def slot_builder(cls: type, members: Mapping[str, Any]) -> type:
    """A private subclass of ``cls`` (no slots of its own) where each name of ``members``
    is the given slot (member) descriptor of ``cls`` and assignment is ``object``'s.

    ``Builder()`` is a bare instance: set every field, then ``o.__class__ = cls``. Raises
    :class:`TypeError` when the interpreter refuses that assignment (tried here, once).
    """
    body: dict[str, Any] = {
        "__slots__": (),
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
        "__init__": object.__init__,  # ``Builder()`` is a bare, empty instance
        "__module__": cls.__module__,
        "__qualname__": f"{cls.__qualname__}._Builder",
        **members,
    }
    builder = type(f"{cls.__name__}_Builder", (cls,), body)
    probe = builder()
    probe.__class__ = cls
    return builder


def slot_constructor(cls: type, builder: type, parameters: Mapping[str, str]) -> Callable[..., Any]:
    """A function ``build(p1, p2, ...)`` returning a ``cls`` with each parameter stored in
    its field: ``parameters`` maps each parameter name, in order (all required, by position
    or keyword), to the field it fills; ``builder`` is ``cls``'s :func:`slot_builder`.

    Straight-line generated code, no ``__init__``: no converters, validators or copies run,
    so the values must already be in the fields' normal form.
    """
    lines = [f"def build({', '.join(parameters)}):", "    o = _B()"]
    lines += [f"    o.{field} = {name}" for name, field in parameters.items()]
    lines += ["    o.__class__ = _C", "    return o"]
    namespace: dict[str, Any] = {"_B": builder, "_C": cls}
    exec(compile("\n".join(lines) + "\n", f"<boosty slot constructor {cls.__qualname__}>", "exec"), namespace)
    build: Callable[..., Any] = namespace["build"]
    return build


def field_constructor(cls: type) -> Callable[..., Any]:
    """:func:`slot_constructor` of the slotted attrs class ``cls``: one parameter a field, in
    field order and named as the field, each stored in the slot ``cls`` defines for it."""
    names = [field.name for field in attrs.fields(cls)]
    builder = slot_builder(cls, {name: cls.__dict__[name] for name in names})
    return slot_constructor(cls, builder, {name: name for name in names})

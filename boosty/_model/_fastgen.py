"""Fast structure functions for models: straight-line generated code, no per-field dispatch.

The converter tries these first; when one raises (a malformed value), it re-runs cattrs'
own detailed function on the same input, which either succeeds or raises the validation
error naming the field (so :class:`boosty.ParseError` keeps its path). The fast code
follows the converter's rules: ``str`` ``null`` → ``""``, ``Decimal``/``datetime`` through
the converter's hooks (whole numbers inline), ``X | None`` keeps ``None``, a ``null`` list
or mapping becomes empty. ``tests/test_models_fastpath.py`` holds every model to cattrs'
result.

What makes it fast (each measured with ``bench/parse.py``):

* helpers are globals of the function's own namespace (keyword-only defaults, which
  CPython copies on every call, cost ~0.5 µs a call for a 30-name function);
* the instance is filled without ``__init__``: a private builder subclass of the model,
  with plain ``__setattr__``, takes one specialised slot store per field, then becomes the
  model by ``__class__`` assignment (about 3x cheaper than attrs' frozen ``__init__``,
  which goes through ``object.__setattr__`` per field);
* a field whose default its conversion keeps (``""``, ``False``, ``None``) reads
  ``d.get(key, default)`` with no missing-key branch; empty lists skip ``map``; a
  collection of exact ``str``/``int``/``bool``/``float`` items is copied in C;
* fields a model names in ``_lazy_fields`` keep their raw JSON list until first read
  (:class:`LazyField`).
"""

from __future__ import annotations

import functools
import sys
import threading
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from .._slots import slot_builder, slot_constructor
from ._fastexpr import _MISSING, _TIMES, _TS_END, Gen
from ._fastsig import MIN_FIELDS, KeyOrders

__all__ = ["LazyField", "fast_init", "make_fast_structure", "resolve_types"]

T = TypeVar("T")


def resolve_types(cls: type) -> bool:
    """Resolve the string annotations of the attrs class ``cls`` in place; ``False`` if not."""
    try:  # each class's annotations in its own module's namespace (inherited fields too)
        attrs.resolve_types(cls)
    except Exception:
        try:
            attrs.resolve_types(cls, globalns=sys.modules[cls.__module__].__dict__)
        except Exception:
            return False
    return True


def _not_a_dict(value: Any, cls: type) -> Any:
    if isinstance(value, dict):
        return value
    raise TypeError(f"expected a JSON object for {cls.__name__}, got {type(value).__name__}")


class _Pending:
    """A lazy field's raw JSON list, kept in the slot until the field is first read."""

    __slots__ = ("raw",)

    def __init__(self, raw: list[Any]) -> None:
        self.raw = raw


_lazy_lock = threading.RLock()


class LazyField(property):
    """A property over a slot that may hold a :class:`_Pending` raw list: the first read
    converts it (``convert(raw)``), stores the result in the slot and returns it; later
    reads return the stored value. Values set any other way are returned untouched.

    When ``convert`` (the generated fast expression) raises, ``fallback(raw)`` (the
    converter's own function, raising :class:`boosty.ParseError`) gives the value, so a lazy
    read returns what an eager parse would have made.

    Everything attrs generates (``__eq__``, ``__repr__``, ``__getstate__``, ``evolve``) and
    cattrs' unstructuring read attributes, so they all see the converted value. A
    ``property`` (its getter called from C) rather than a class with ``__get__``: a read of
    a settled value costs about a fifth less (``Post.data`` and ``.teaser``, read per post).
    """

    def __init__(
        self, member: Any, convert: Callable[[Any], Any], fallback: Callable[[Any], Any], alias: str = ""
    ) -> None:
        get, put = member.__get__, member.__set__

        def settle(obj: Any) -> Any:
            with _lazy_lock:  # one conversion (and one set of warnings) per field
                value = get(obj)
                if value.__class__ is _Pending:
                    try:
                        converted = convert(value.raw)
                    except Exception:
                        converted = fallback(value.raw)
                    put(obj, converted)
                    value = converted
            return value

        def read(obj: Any) -> Any:
            value = get(obj)
            return settle(obj) if value.__class__ is _Pending else value

        if alias.isidentifier():  # the slot under a second class attribute: one specialised load
            ns: dict[str, Any] = {"_Pending": _Pending, "settle": settle}
            source = f"def read(obj):\n    value = obj.{alias}\n"
            source += "    return settle(obj) if value.__class__ is _Pending else value\n"
            exec(compile(source, f"<boosty lazy read {alias}>", "exec"), ns)  # generated code only
            read = ns["read"]

        super().__init__(read, put, member.__delete__)
        self.member = member
        self.convert = convert
        self.fallback = fallback


def _keeps(tp: Any, default: Any) -> bool:
    """Whether converting ``default`` to ``tp`` gives ``default`` itself (a constant)."""
    if default is None:
        args = typing.get_args(tp)
        is_optional = typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in args
        return tp is Any or is_optional
    if default.__class__ is bool:
        return tp is bool
    if default.__class__ is int:
        return tp is int
    if default.__class__ is str:
        return tp is str
    return False


def _member(cls: type, name: str) -> Any:
    """The slot (member) descriptor behind ``cls.name`` (under a :class:`LazyField` if one is
    installed), or ``None`` when the attribute is not a plain slot."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            desc = klass.__dict__[name]
            if isinstance(desc, LazyField):
                desc = desc.member
            return desc if isinstance(desc, types.MemberDescriptorType) else None
    return None


def _direct_build(cls: type) -> bool:
    """Whether instances of ``cls`` may be built without ``__init__`` (storing the values
    in the slots directly): an attrs-generated ``__init__`` with no validators, converters
    or pre/post-init hooks, and every field a slot."""
    code = getattr(getattr(getattr(cls, "__init__", None), "__code__", None), "co_filename", "")
    if not code.startswith("<attrs generated"):
        return False
    if any(hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__")):
        return False
    if getattr(cls, "__new__", None) is not object.__new__:
        return False
    fields = attrs.fields(cls)
    if any(f.validator is not None or f.converter is not None for f in fields):
        return False
    return all(_member(cls, f.name) is not None for f in fields)


def _builder(cls: type) -> type | None:
    """A private subclass of ``cls`` (no slots of its own) whose attributes are plain slots
    with ordinary assignment, so ``o.field = value`` is a single specialised store; an
    instance becomes a ``cls`` by ``o.__class__ = cls`` (same layout, :func:`slot_builder`).
    ``None`` when the interpreter refuses that assignment (checked here, once)."""
    members = {field.name: _member(cls, field.name) for field in attrs.fields(cls)}  # shadows a LazyField
    try:
        return slot_builder(cls, members)
    except TypeError:
        return None


def make_fast_structure(
    cls: type,
    converter: Any,
    api_names: dict[str, str],
    hooks: dict[type, Callable[[Any, Any], Any]],
    fast_for: Callable[..., Callable[[Any], Any] | None],
    known: frozenset[str],
    report: Callable[[type, set[str]], None],
    aliases: dict[str, str],
    lazy: frozenset[str] = frozenset(),
    structure: Callable[..., Any] | None = None,
) -> Callable[[Any], Any] | None:
    """``fn(mapping) -> cls`` reading each field from its API name; ``None`` when ``cls``
    has a shape the generator does not handle (the caller keeps cattrs' function).

    The function checks the input is an object, reports keys outside ``known`` with
    ``report(cls, keys)``, reads ``aliases`` (second spellings) and calls the fast functions
    of nested models (``fast_for(type)``) directly. When ``__init__`` would only store the
    values (:func:`_direct_build`), the instance is filled without it: through a private
    builder subclass and a ``__class__`` assignment (:func:`_builder`), else through the
    slot setters. The result is the same object ``cls(...)`` would make.

    Fields named in ``lazy`` (list-typed, on a slotted class) keep a non-empty raw JSON list
    as it is and convert it on first read (a :class:`LazyField` is installed on ``cls``);
    any other value (missing, ``null``, empty, not a list) is converted at once as usual.
    ``structure(raw, type, path=api_name)`` is the lazy read's fallback when the fast
    expression raises (the converter's own ``structure``; lazy fields need it).
    """
    if not resolve_types(cls):
        return None
    fields = attrs.fields(cls)
    if any(not f.init for f in fields):
        return None
    gen = Gen(converter, hooks, fast_for)
    cname = gen.name(cls, "C")
    gen.ns.update(_K=known, _R=report, _not_a_dict=_not_a_dict, _P=_Pending, _new=object.__new__)
    direct = _direct_build(cls)
    builder = _builder(cls) if direct else None
    lines = [f"    if not _K.issuperset(d): _R({cname}, d.keys() - _K)"]
    for other, main in aliases.items():
        lines.append(f"    if {other!r} in d and {main!r} not in d: d = {{**d, {main!r}: d[{other!r}]}}")
    keys: list[str] = []
    missing: list[Any] = []  # what d.get returns for an absent key
    values: list[str] = []  # the expression of each field's value
    present_values: list[str] = []  # the same for a key known to be there (never _MISSING)
    absent_values: list[str | None] = []  # each field's value when its key is absent (None: required)
    checks: list[str] = []
    lazy_fields: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {}
    first_time: tuple[str, str] | None = None  # (variable, field) of the first datetime field
    for index, field in enumerate(fields):
        var = f"v{index}"
        template = gen.expr(field.type)
        expr = template.replace("{v}", var)
        if builder is not None and field.type in _TIMES:
            if first_time is None:
                first_time = (var, field.name)
            else:  # the same unix seconds as the first time field (a post's createdAt and
                # publishTime, mostly): the datetime made for it (immutable) is the value
                prev, name = first_time
                same = f"{var}.__class__ is int and {var} == {prev} and {prev}.__class__ is int"
                same += f" and 0 <= {var} < {_TS_END}"
                expr = f"(o.{name} if {same} else {expr})"
        is_lazy = field.name in lazy and direct and structure is not None and typing.get_origin(field.type) is list
        if is_lazy and structure is not None:  # else (not a slotted list field): read at once
            convert = _compile_lambda(template.replace("{v}", "v"), gen.ns)
            slow = functools.partial(_slow_read, structure, field.type, api_names[field.name])
            lazy_fields[field.name] = (convert, slow)
            expr = f"((_P({var}) if {var} else []) if {var}.__class__ is list else {expr})"
        key = api_names[field.name]
        keys.append(key)
        if field.default is attrs.NOTHING:
            missing.append(_MISSING)
            checks.append(f"    if {var} is _MISSING or {var} is None: raise KeyError({key!r})")
            values.append(expr)
            present_values.append(expr)
            absent_values.append(None)
            continue
        factory = getattr(field.default, "factory", None)
        if callable(factory) and hasattr(field.default, "takes_self"):  # attrs.Factory
            if field.default.takes_self:
                return None
            literal = {dict: "{}", list: "[]"}.get(factory)  # a new empty one, without a call
            default = literal or f"{gen.name(factory, 'D')}()"
        elif field.default is None or isinstance(field.default, (bool, int, str)):
            default = repr(field.default)
        else:
            default = gen.name(field.default, "V")
        if not is_lazy and _keeps(field.type, field.default):
            # the conversion returns this default unchanged: it stands for an absent key
            missing.append(field.default)
            values.append(expr)
        else:
            missing.append(_MISSING)
            values.append(f"({default} if {var} is _MISSING else {expr})")
        present_values.append(expr)
        absent_values.append(default)
    # one d.get call per field: measured faster than a C-level ``map(d.get, keys)`` unpack, and
    # than calls of a bound ``g = d.get`` (~20-70 ns less a small model)
    absent_text = [repr(a) if a is None or a.__class__ in (bool, int, str) else gen.name(a, "M") for a in missing]
    lines.extend(f"    v{index} = d.get({key!r}, {text})" for index, (key, text) in enumerate(zip(keys, absent_text)))
    make = gen.name(builder, "B") if builder is not None else ""
    setters = [gen.name(_member(cls, f.name).__set__, "S") for f in fields] if direct and not make else []

    def body(absent: set[int] | None) -> list[str]:
        """The checks, conversions and build; with ``absent`` (field indexes: the others'
        keys are there), those fields take their default as it is."""
        if absent is None:
            vals = values
        else:
            vals = [absent_values[i] or v if i in absent else v for i, v in enumerate(present_values)]
        if make:
            stores = [f"    o.{field.name} = {value}" for field, value in zip(fields, vals)]
            return [*checks, f"    o = {make}()", *stores, f"    o.__class__ = {cname}", "    return o"]
        if direct:
            stores = [f"    {setter}(o, {value})" for setter, value in zip(setters, vals)]
            return [*checks, f"    o = _new({cname})", *stores, "    return o"]
        args = [v for f, v in zip(fields, vals) if not f.kw_only]  # positional first, in field order
        args += [f"{f.alias}={v}" for f, v in zip(fields, vals) if f.kw_only]
        return [*checks, f"    return {cname}({', '.join(args)})"]

    head = ["def structure(d):", f"    if d.__class__ is not dict: d = _not_a_dict(d, {cname})"]
    if len(fields) >= MIN_FIELDS:  # objects of a key order seen before: read by position
        orders = KeyOrders(gen.ns, cls.__qualname__, keys, absent_text, aliases, known, body)
        head += orders.header()
    # every helper is a global of the function's own namespace: specialised global loads
    # cost about what a local does, and unlike keyword defaults nothing is copied per call
    source = "\n".join(head + lines + body(None)) + "\n"
    code = compile(source, f"<boosty fast structure {cls.__qualname__}>", "exec")
    exec(code, gen.ns)
    fn: Callable[[dict[str, Any]], Any] = gen.ns["structure"]
    for name, (convert, fallback) in lazy_fields.items():
        if not isinstance(cls.__dict__.get(name), LazyField):
            member = _member(cls, name)
            setattr(cls, f"_lazy_{name}", member)  # the same slot, read without the property
            setattr(cls, name, LazyField(member, convert, fallback, f"_lazy_{name}"))
    return fn


def _slow_read(structure: Callable[..., Any], tp: Any, path: str, raw: Any) -> Any:
    return structure(raw, tp, path=path)


def _compile_lambda(expr: str, ns: dict[str, Any]) -> Callable[[Any], Any]:
    """``lambda v: expr`` in the generator's namespace (its lazily bound names included)."""
    fn: Callable[[Any], Any] = eval(f"lambda v: {expr}", ns)  # generated code only
    return fn


def fast_init(cls: type[T]) -> Callable[..., T]:
    """A constructor taking every field of the attrs class ``cls`` by its ``__init__``
    keyword (the attrs alias) or by position in field order, all required: the same object
    ``cls(**values)`` makes, built without running ``__init__`` (through the private builder
    subclass, see :func:`_builder`). ``cls`` itself when it does not qualify (:func:`_direct_build`)."""
    builder = _builder(cls) if _direct_build(cls) else None
    if builder is None:
        return cls
    parameters = {f.alias: f.name for f in attrs.fields(typing.cast(Any, cls))}
    build: Callable[..., T] = slot_constructor(cls, builder, parameters)
    return build

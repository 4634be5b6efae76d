"""Fast structure functions for models: straight-line generated code, no per-field dispatch.

The converter tries these first; when one raises (a malformed value), it re-runs cattrs'
own detailed function on the same input, which either succeeds or raises the validation
error naming the field (so :class:`boosty.ParseError` keeps its path). The fast code
follows the converter's rules: ``str`` ``null`` → ``""``, ``Decimal``/``datetime`` through
the converter's hooks, ``X | None`` keeps ``None``, a ``null`` list or mapping becomes empty.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

__all__ = ["make_fast_structure"]

_MISSING = object()


def _as_list(value: Any) -> Any:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return value
    raise TypeError(f"expected a list, got {type(value).__name__}")


def _as_items(value: Any) -> Any:
    if value is None:
        return ()
    if isinstance(value, dict):
        return value.items()
    raise TypeError(f"expected an object, got {type(value).__name__}")


def _int(value: Any) -> int:
    if isinstance(value, (bool, dict, list)) or value is None:
        raise TypeError(f"expected an integer, got {value!r}")
    return int(value)


def _float(value: Any) -> float:
    if isinstance(value, (bool, dict, list)) or value is None:
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


class _Gen:
    def __init__(
        self,
        converter: Any,
        hooks: dict[type, Callable[[Any, Any], Any]],
        fast_for: Callable[[Any], Callable[[Any], Any] | None],
    ) -> None:
        self.converter = converter
        self.hooks = hooks
        self.fast_for = fast_for
        self.ns: dict[str, Any] = {
            "_as_list": _as_list,
            "_as_items": _as_items,
            "_int": _int,
            "_float": _float,
            "_MISSING": _MISSING,
            "_fromts": dt.datetime.fromtimestamp,
            "_UTC": dt.timezone.utc,
        }
        self.counter = 0
        self.lazy: set[str] = set()  # globals rebound on first call

    def name(self, value: Any, prefix: str) -> str:
        self.counter += 1
        key = f"{prefix}{self.counter}"
        self.ns[key] = value
        return key

    def lazy_hook(self, tp: Any) -> str:
        """A global name for ``tp``'s converter hook, looked up on first call (recursion-safe)."""
        tname = self.name(tp, "t")
        hname = f"h{self.counter}"
        ns, converter = self.ns, self.converter

        def first_call(value: Any, t: Any) -> Any:
            real = converter._structure_func.dispatch(tp)
            ns[hname] = real
            return real(value, t)

        ns[hname] = first_call
        self.lazy.add(hname)
        return f"{hname}({{v}}, {tname})"

    def lazy_fast(self, tp: Any) -> str:
        """A global name for ``tp``'s fast function, looked up on first call (recursion-safe)."""
        fname = self.name(None, "F")
        ns, fast_for = self.ns, self.fast_for

        def first_call(value: Any) -> Any:
            real = fast_for(tp)
            assert real is not None
            ns[fname] = real
            return real(value)

        ns[fname] = first_call
        self.lazy.add(fname)
        return f"{fname}({{v}})"

    def expr(self, tp: Any) -> str:
        """A Python expression converting the value ``{v}`` to ``tp``."""
        if tp is Any:
            return "{v}"
        if tp is str:
            name = self.name(self.hooks[str], "f")
            return f"({{v}} if {{v}}.__class__ is str else {name}({{v}}, None))"
        if tp is bool:
            return "({v} if {v}.__class__ is bool else bool({v}))"
        if tp is int:
            return "({v} if {v}.__class__ is int else _int({v}))"
        if tp is float:
            return "({v} if {v}.__class__ is float else _float({v}))"
        if tp is dt.datetime:
            hook = self.name(self.hooks[tp], "f")
            # the common case inline: whole unix seconds
            fast = "_fromts({v}, _UTC) if {v}.__class__ is int and 0 <= {v} < 100000000000"
            return f"({fast} else {hook}({{v}}, None))"
        if tp is Decimal:
            return f"{self.name(self.hooks[tp], 'f')}({{v}}, None)"
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
            inner = args[0] if args[1] is type(None) else args[1]
            if inner is Any:
                return "{v}"
            return f"(None if {{v}} is None else {self.expr(inner)})"
        if origin is list and len(args) == 1:
            item = self.expr(args[0]).replace("{v}", "x")
            return f"[{item} for x in ({{v}} if {{v}}.__class__ is list else _as_list({{v}}))]"
        if origin is dict and len(args) == 2 and args[0] is str:
            item = self.expr(args[1]).replace("{v}", "x")
            return f"{{k: {item} for k, x in ({{v}}.items() if {{v}}.__class__ is dict else _as_items({{v}}))}}"
        if self.fast_for(tp, probe=True) is not None:  # type: ignore[call-arg]
            return self.lazy_fast(tp)
        return self.lazy_hook(tp)


def _not_a_dict(value: Any, cls: type) -> Any:
    if isinstance(value, dict):
        return value
    raise TypeError(f"expected a JSON object for {cls.__name__}, got {type(value).__name__}")


def make_fast_structure(
    cls: type,
    converter: Any,
    api_names: dict[str, str],
    hooks: dict[type, Callable[[Any, Any], Any]],
    fast_for: Callable[..., Callable[[Any], Any] | None],
    known: frozenset[str],
    report: Callable[[type, set[str]], None],
    aliases: dict[str, str],
) -> Callable[[Any], Any] | None:
    """``fn(mapping) -> cls`` reading each field from its API name; ``None`` when ``cls``
    has a shape the generator does not handle (the caller keeps cattrs' function).

    The function checks the input is an object, reports keys outside ``known`` with
    ``report(cls, keys)``, reads ``aliases`` (second spellings) and calls the fast functions
    of nested models (``fast_for(type)``) directly.
    """
    try:
        module = sys.modules[cls.__module__].__dict__
        attrs.resolve_types(cls, globalns=module)
    except Exception:
        return None
    gen = _Gen(converter, hooks, fast_for)
    cname = gen.name(cls, "C")
    gen.ns.update(_K=known, _R=report, _not_a_dict=_not_a_dict)
    lines = [
        "def structure(d):",
        f"    if d.__class__ is not dict: d = _not_a_dict(d, {cname})",
        f"    if not _K.issuperset(d): _R({cname}, d.keys() - _K)",
    ]
    for other, main in aliases.items():
        lines.append(f"    if {other!r} in d and {main!r} not in d: d = {{**d, {main!r}: d[{other!r}]}}")
    lines.append("    g = d.get")
    args = []
    for index, field in enumerate(attrs.fields(cls)):
        if not field.init or field.kw_only:
            return None
        var = f"a{index}"
        expr = gen.expr(field.type).replace("{v}", "v")
        key = api_names[field.name]
        if field.default is attrs.NOTHING:
            lines.append(f"    v = d[{key!r}]")
            lines.append(f"    {var} = {expr}")
        else:
            factory = getattr(field.default, "factory", None)
            if callable(factory) and hasattr(field.default, "takes_self"):  # attrs.Factory
                if field.default.takes_self:
                    return None
                default = f"{gen.name(factory, 'D')}()"
            elif field.default is None or isinstance(field.default, (bool, int, str)):
                default = repr(field.default)
            else:
                default = gen.name(field.default, "V")
            lines.append(f"    v = g({key!r}, _MISSING)")
            lines.append(f"    {var} = {default} if v is _MISSING else {expr}")
        args.append(var)
    lines.append(f"    return {cname}({', '.join(args)})")
    # constants become keyword defaults (fast locals); lazily rebound hooks stay globals
    constants = sorted(name for name in gen.ns if name not in gen.lazy and not name.startswith("__"))
    lines[0] = f"def structure(d, *, {', '.join(f'{n}={n}' for n in constants)}):"
    source = "\n".join(lines) + "\n"
    code = compile(source, f"<boosty fast structure {cls.__qualname__}>", "exec")
    exec(code, gen.ns)
    fn: Callable[[dict[str, Any]], Any] = gen.ns["structure"]
    return fn

"""The one cattrs converter: API camelCase JSON <-> snake_case attrs models.

A tolerant reader: unknown keys never fail a parse, they are reported once per
(model, field) as :class:`boosty.UnknownFieldWarning`; a ``null`` where a string or number was
expected becomes the empty value (``""``, ``0`` for money) or ``None``, where a list or mapping
was expected the empty one; a ``null`` for a number or a nested model field that has a default
(a count, ``post.count``) reads as that default, while a ``null`` required field (an ``id``)
fails; timestamps (unix seconds) become aware UTC ``datetime``; money becomes ``Decimal``.

Models are read by generated code first (:mod:`boosty._model._fastgen`); cattrs' own
functions run when that fails, for the error's path.
"""

from __future__ import annotations

import datetime as dt
import threading
import typing
import warnings
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar, cast

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .._errors import ParseError, UnknownFieldWarning
from ._fastgen import make_fast_structure, resolve_types

__all__ = ["Model", "ParseWarning", "converter", "structure", "to_dict"]

T = TypeVar("T")

converter = cattrs.Converter(forbid_extra_keys=False)

_reported: set[tuple[str, str]] = set()
_reported_lock = threading.Lock()


class ParseWarning(UserWarning):
    """Part of a response could not be read into its model and was set aside, not lost.

    A list item that fails to parse is left out of ``Page.items`` and kept raw in
    ``Page.skipped``; a content block of a known type with a malformed shape becomes an
    :class:`~boosty.models.UnknownBlock` holding the raw JSON. The message names the path and the cause.
    """


def camel(name: str) -> str:
    """``int_id`` -> ``intId``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class Model:
    """Base of every API model (attrs, frozen, slots). ``repr`` shows identity fields only.

    Class attributes a model may set: ``_repr_fields`` (what ``repr`` shows),
    ``_ignored_fields`` (API keys accepted silently and dropped), ``_aliases``
    (``{"other_api_name": "api_name"}``: a second spelling of a field the API also uses,
    e.g. ``intId`` beside ``int_id``; read when the main spelling is absent) and
    ``_lazy_fields`` (names of ``list[Block]`` fields whose blocks are structured on first
    read rather than during the parse; the model's docstring must say so).
    """

    __slots__ = ()
    _repr_fields: tuple[str, ...] = ("id",)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._repr_fields if hasattr(self, name))
        return f"{type(self).__name__}({shown})"


def _api_name(field: attrs.Attribute[Any]) -> str:
    return str(field.metadata.get("api", camel(field.name)))


def _report_unknown(cls: type, keys: set[str]) -> None:
    for key in sorted(keys):
        marker = (cls.__qualname__, key)
        if marker in _reported:  # already reported: no lock, no warnings machinery
            continue
        with _reported_lock:
            if marker in _reported:
                continue
            _reported.add(marker)
        warnings.warn(
            f"{cls.__name__} got an unknown field {key!r}; it is ignored",
            UnknownFieldWarning,
            stacklevel=2,
        )


_fast: dict[Any, Callable[[Any], Any] | None] = {}


def register_fast(tp: Any, fn: Callable[[Any], Any]) -> None:
    """Let generated model code call ``fn(value)`` directly for fields of type ``tp``
    (e.g. the content block union). ``fn`` may raise; the caller falls back to the hooks."""
    _fast[tp] = fn


def fast_for(tp: Any, probe: bool = False) -> Callable[[Any], Any] | None:
    """The fast function for ``tp`` (a model class or a registered type), or ``None``.

    With ``probe=True`` only says whether there will be one (``...`` placeholder), without
    generating it: model generation stays lazy and recursion-safe.
    """
    if tp in _fast:
        return _fast[tp]
    if not _is_model(tp):
        return None
    if probe:
        return _probe
    _fast[tp] = None  # recursion guard while generating
    fn = _generate(tp)
    _fast[tp] = fn
    return fn


def _generate(tp: type) -> Callable[[Any], Any] | None:
    """A new fast function for the model ``tp`` (``fast_for`` keeps one per model)."""
    fields = attrs.fields(tp)
    names = {f.name: _api_name(f) for f in fields}
    aliases: dict[str, str] = dict(getattr(tp, "_aliases", {}))
    known = frozenset(names.values()) | set(getattr(tp, "_ignored_fields", ())) | set(aliases)
    hooks: dict[type, Callable[[Any, Any], Any]] = {str: _to_str, Decimal: _to_decimal, dt.datetime: _to_datetime}
    lazy = frozenset(getattr(tp, "_lazy_fields", ()))
    return make_fast_structure(tp, converter, names, hooks, fast_for, known, _report_unknown, aliases, lazy, structure)


def _probe(value: Any) -> Any:  # pragma: no cover - a marker, never called
    raise AssertionError


_detailed: dict[type, Callable[[Any], Any]] = {}
"""cattrs' own (detailed) structure function of each model whose hook was made: the
reference the generated fast functions must agree with."""


def _null_is_default(field: attrs.Attribute[Any]) -> bool:
    """Whether a ``null`` for ``field`` reads as its default: an ``int``, ``float`` or nested
    model field that has one (other types' hooks turn ``null`` into their empty value)."""
    return field.default is not attrs.NOTHING and (field.type in (int, float) or _is_model(field.type))


def _structure_factory(cls: type) -> Callable[[Any, type], Any]:
    resolve_types(cls)
    fields = attrs.fields(cls)
    names = {f.name: _api_name(f) for f in fields}
    overrides: dict[str, Any] = {f.name: override(rename=names[f.name]) for f in fields}
    # cattrs' detailed function: the reference semantics, and the error paths
    detailed: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, converter, **overrides)
    aliases: dict[str, str] = dict(getattr(cls, "_aliases", {}))
    known = frozenset(names.values()) | set(getattr(cls, "_ignored_fields", ())) | set(aliases)
    nulls = frozenset(names[f.name] for f in fields if _null_is_default(f))
    # a null required field (an identity: ``id``, ``blogUrl``) is as absent: the error names it
    nulls |= frozenset(names[f.name] for f in fields if f.default is attrs.NOTHING)

    def structure_detailed(value: Any) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"expected a JSON object for {cls.__name__}, got {type(value).__name__}")
        if not known.issuperset(value):
            _report_unknown(cls, value.keys() - known)
        for other, main in aliases.items():
            if other in value and main not in value:
                value = {**value, main: value[other]}
        if any(value.get(key, 0) is None for key in nulls):  # the generated code raises on these
            value = {k: v for k, v in value.items() if v is not None or k not in nulls}
        return detailed(value, cls)

    _detailed[cls] = structure_detailed

    def structure_model(value: Any, _: type) -> Any:
        fast = fast_for(cls)
        if fast is not None:
            try:
                return fast(value)
            except Exception:  # re-run the detailed way: same result, or an error with a path
                pass
        return structure_detailed(value)

    return structure_model


def hook_for(cls: Any) -> Callable[[Any, Any], Any]:
    """The converter's structure hook for ``cls`` (``hook(value, cls)``), resolved once."""
    get = getattr(converter, "get_structure_hook", None)  # cattrs >= 24.1
    if get is not None:
        return get(cls)  # type: ignore[no-any-return]
    return cast(Any, converter)._structure_func.dispatch(cls)  # type: ignore[no-any-return]


def _unstructure_factory(cls: type) -> Callable[[Any], Any]:
    overrides: dict[str, Any] = {f.name: override(rename=_api_name(f)) for f in attrs.fields(cls)}
    fn: Callable[[Any], Any] = make_dict_unstructure_fn(cls, converter, **overrides)
    return fn


def _is_model(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Model) and attrs.has(cls)


converter.register_structure_hook_factory(_is_model, _structure_factory)
converter.register_unstructure_hook_factory(_is_model, _unstructure_factory)


def _to_str(value: Any, _: type) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return str(value)


def _to_decimal(value: Any, _: type) -> Decimal:
    if value is None:
        # a null amount where the model wants a number (a post's ``price``): zero. Fields
        # typed ``Decimal | None`` keep ``None``.
        return Decimal(0)
    if isinstance(value, (bool, dict, list)):
        raise TypeError(f"expected a number, got {value!r}")
    # via str: 300.5 becomes Decimal("300.5"), not its binary float expansion
    return Decimal(str(value))


def _to_datetime(value: Any, _: type) -> dt.datetime:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"expected unix seconds, got {value!r}")
    seconds = float(value)
    if seconds > 1e12:  # milliseconds
        seconds /= 1000.0
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)


def _collections() -> None:
    """``list[X]`` / ``dict[str, X]`` hooks as cattrs makes them, plus the tolerant reader's
    rules the generated code also follows: ``null`` is the empty collection, and a string
    (or an object) where a list belongs is an error, not a list of its characters."""
    try:
        from cattrs.cols import list_structure_factory, mapping_structure_factory
    except ImportError:  # pragma: no cover - cattrs < 24.1 keeps its plain behaviour
        return

    def list_factory(tp: Any) -> Callable[[Any, Any], Any]:
        inner = list_structure_factory(tp, converter)

        def structure_list(value: Any, _: Any) -> Any:
            if value is None:
                return []
            if isinstance(value, (str, bytes, dict)):
                raise TypeError(f"expected a list, got {type(value).__name__}")
            return inner(value, tp)

        return structure_list

    def mapping_factory(tp: Any) -> Callable[[Any, Any], Any]:
        inner = mapping_structure_factory(tp, converter)

        def structure_mapping(value: Any, _: Any) -> Any:
            if value is None:
                return {}
            if not isinstance(value, dict):
                raise TypeError(f"expected an object, got {type(value).__name__}")
            return inner(value, tp)

        return structure_mapping

    def is_list(tp: Any) -> bool:
        return typing.get_origin(tp) is list

    def is_mapping(tp: Any) -> bool:
        return typing.get_origin(tp) is dict and typing.get_args(tp)[:1] == (str,)

    converter.register_structure_hook_factory(is_list, list_factory)
    converter.register_structure_hook_factory(is_mapping, mapping_factory)


_collections()
converter.register_structure_hook(str, _to_str)
converter.register_structure_hook(Decimal, _to_decimal)
converter.register_structure_hook(dt.datetime, _to_datetime)
converter.register_unstructure_hook(Decimal, lambda d: int(d) if d == d.to_integral_value() else float(d))
converter.register_unstructure_hook(dt.datetime, lambda d: int(d.timestamp()) if d.microsecond == 0 else d.timestamp())


def _error_path(exc: BaseException, prefix: str = "") -> str:
    notes = getattr(exc, "__notes__", None) or []
    for note in notes:
        # cattrs notes read "Structuring class Blog @ attribute owner" / "@ index 3"
        if "@ attribute " in note:
            return prefix + "." + str(note).rsplit("@ attribute ", 1)[1]
        if "@ index " in note:
            return prefix + "[" + str(note).rsplit("@ index ", 1)[1] + "]"
    return prefix


def _describe(exc: BaseException, path: str = "") -> tuple[str, str]:
    if isinstance(exc, cattrs.BaseValidationError) and exc.exceptions:
        first = exc.exceptions[0]
        return _describe(first, _error_path(first, path))
    return path.lstrip("."), f"{type(exc).__name__}: {exc}"


def structure(data: Any, cls: type[T], *, path: str = "") -> T:
    """Turn decoded JSON into ``cls``; raises :class:`boosty.ParseError` naming the bad field."""
    try:
        fast = _fast.get(cls) if cls in _detailed else None  # a model whose hook structure_model is
        if fast is not None:  # the converter's own first try, without its dispatch
            try:
                return fast(data)  # type: ignore[no-any-return]
            except Exception:
                pass  # the converter re-runs it, then the detailed way: same result or a path
        return converter.structure(data, cls)
    except Exception as exc:  # cattrs wraps everything in (nested) validation groups
        where, what = _describe(exc, path)
        raise ParseError(f"cannot read {getattr(cls, '__name__', cls)}: {what}", path=where or path) from exc


def to_dict(model: Any) -> Any:
    """A model (or list of models) as plain JSON-ready data in the API's own shape.

    ``structure(to_dict(m), type(m)) == m``: it round-trips. Timestamps become unix
    seconds, ``Decimal`` an int or float.
    """
    return converter.unstructure(model)

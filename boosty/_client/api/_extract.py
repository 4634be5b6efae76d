"""Parsers that dig a model or a list of models out of a wrapped response body."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from ..._errors import ParseError
from ..refs import deferred

if TYPE_CHECKING:
    from ..._sender._http import Response
    from ..endpoint import Parser

__all__ = ["dig", "listed", "nested", "optional", "unwrapped"]

# Each parser factory takes a class or a model named by :mod:`._models` and returns a
# :func:`~boosty._client.refs.deferred` parser: the model and the converter are imported,
# and the parser built, on its first use.

T = TypeVar("T")


def dig(payload: Any, keys: tuple[str, ...], response: Response | None = None) -> Any:
    """``payload[k1][k2]...``; raises :class:`~boosty.ParseError` naming the missing key."""
    value = payload
    path = ""
    for key in keys:
        path = f"{path}.{key}" if path else key
        if not isinstance(value, dict) or key not in value:
            raise ParseError("response lacks a field", path=path, response=response)
        value = value[key]
    return value


def _unwrap(payload: Any) -> Any:
    if isinstance(payload, dict) and len(payload) == 1 and isinstance(payload.get("data"), dict):
        return payload["data"]
    return payload


def nested(cls: type[T], *keys: str) -> Parser[T]:
    """A parser reading ``cls`` from ``payload[keys...]`` (``nested(X, "data")``)."""
    return deferred(_nested, cls, *keys)


def _nested(cls: type[T], *keys: str) -> Parser[T]:
    from ..._model.converter import structure

    path = ".".join(keys)

    def parse(payload: Any, response: Response) -> T:
        return structure(dig(payload, keys, response), cls, path=path)

    return parse


def listed(cls: type[T], *keys: str) -> Parser[list[T]]:
    """A parser reading a list of ``cls`` from ``payload[keys...]`` (``null`` → ``[]``).

    A body that is a bare list is taken as the list itself.
    """
    return deferred(_listed, cls, *keys)


def _listed(cls: type[T], *keys: str) -> Parser[list[T]]:
    from ..._model.converter import structure

    path = ".".join(keys)

    def parse(payload: Any, response: Response) -> list[T]:
        if keys and keys[0] != "data":
            payload = _unwrap(payload)
        items = payload if isinstance(payload, list) else dig(payload, keys, response)
        if items is None:
            return []
        if not isinstance(items, list):
            raise ParseError("expected a list", path=path or "(top level)", response=response)
        return [structure(item, cls, path=f"{path}[{i}]") for i, item in enumerate(items)]

    return parse


def unwrapped(cls: type[T]) -> Parser[T]:
    """A parser reading ``cls`` from the body, or from ``data`` when that is all the body has.

    For endpoints whose sources disagree on whether the object comes bare or in
    ``{"data": {...}}``.
    """
    return deferred(_unwrapped, cls)


def _unwrapped(cls: type[T]) -> Parser[T]:
    from ..._model.converter import structure

    def parse(payload: Any, response: Response) -> T:
        return structure(_unwrap(payload), cls)

    return parse


def optional(cls: type[T]) -> Parser[T | None]:
    """Like :func:`unwrapped`, but an empty body (204), ``null`` or ``{}`` gives ``None``."""
    return deferred(_optional, cls)


def _optional(cls: type[T]) -> Parser[T | None]:
    from ..._model.converter import structure

    def parse(payload: Any, response: Response) -> T | None:
        payload = _unwrap(payload)
        if response.status_code == 204 or payload is None or payload == {}:
            return None
        return structure(payload, cls)

    return parse

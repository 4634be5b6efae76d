"""Parsers for answers the library keeps as plain JSON (fields no source documents)."""

from __future__ import annotations

from typing import Any

from ..._errors import ParseError
from ..._sender._http import Response
from ..endpoint import Parser
from ._extract import dig

__all__ = ["plain_list", "plain_object"]


def plain_list(*keys: str) -> Parser[list[dict[str, Any]]]:
    """A parser returning the list of JSON objects at ``payload[keys...]`` (``null`` → ``[]``).

    Raises :class:`~boosty.ParseError` when the value is not a list of objects.
    """
    path = ".".join(keys)

    def parse(payload: Any, response: Response) -> list[dict[str, Any]]:
        items = dig(payload, keys, response)
        if items is None:
            return []
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise ParseError("expected a list of objects", path=path, response=response)
        return items

    return parse


def plain_object(payload: Any, response: Response) -> dict[str, Any]:
    """The JSON object of the body, as sent (unwrapped from ``{"data": {...}}`` when that is
    all the body has). Raises :class:`~boosty.ParseError` for anything but an object."""
    if isinstance(payload, dict) and len(payload) == 1 and isinstance(payload.get("data"), dict):
        payload = payload["data"]
    if not isinstance(payload, dict):
        raise ParseError(f"expected a JSON object, got {type(payload).__name__}", response=response)
    return payload

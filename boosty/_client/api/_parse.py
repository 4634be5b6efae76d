"""Parsers shared by the endpoint mixins."""

from __future__ import annotations

from typing import Any, TypeVar

from ..._model.converter import structure
from ..._sender._http import Response
from ..endpoint import Parser

T = TypeVar("T")


def model(cls: type[T]) -> Parser[T]:
    """A parser turning the whole JSON body into ``cls``."""

    def parse(payload: Any, response: Response) -> T:
        return structure(payload, cls)

    return parse

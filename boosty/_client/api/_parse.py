"""Parsers shared by the endpoint mixins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from ..refs import deferred

if TYPE_CHECKING:
    from ..._sender._http import Response
    from ..endpoint import Parser

T = TypeVar("T")


def model(cls: type[T]) -> Parser[T]:
    """A parser turning the whole JSON body into ``cls`` (a class, or a model named by
    :mod:`._models`: built on its first use)."""
    return deferred(_model, cls)


def _model(cls: type[T]) -> Parser[T]:
    from ..._model.converter import structure

    def parse(payload: Any, response: Response) -> T:
        return structure(payload, cls)

    return parse

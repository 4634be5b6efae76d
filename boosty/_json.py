"""JSON from the network and from disk, decoded defensively: one function for every place
boosty reads JSON it did not write itself."""

from __future__ import annotations

import json
import math
import warnings
from typing import Any

__all__ = ["loads"]


def _non_finite(what: str) -> None:
    from ._model.converter import ParseWarning

    warnings.warn(f"non-finite number {what} in JSON kept as None", ParseWarning, stacklevel=4)


def _constant(name: str) -> None:
    _non_finite(name)  # NaN, Infinity, -Infinity: not JSON, but Python's decoder accepts them


def _float(text: str) -> float | None:
    value = float(text)
    if math.isfinite(value):
        return value
    _non_finite(text)  # 1e999 overflows to inf
    return None


def loads(data: str | bytes | bytearray) -> Any:
    """Decode ``data`` like :func:`json.loads`, except that a non-finite number (``NaN``,
    ``Infinity``, ``1e999``) becomes ``None`` with a :class:`boosty.ParseWarning`, and a document
    nested too deeply for the decoder raises :class:`ValueError` instead of :class:`RecursionError`.

    Raises :class:`ValueError` (``json.JSONDecodeError`` is one) for anything that is not JSON.
    """
    try:
        return json.loads(data, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise ValueError("JSON nested too deeply to decode") from None

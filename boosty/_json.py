"""JSON from the network and from disk, decoded defensively: one function for every place
boosty reads JSON it did not write itself.

Two decoders give the same results: the standard library's (always there) and, where it is
installed (extra ``[speed]``), orjson, about three times faster on API responses. orjson
refuses everything the defensive rules below are about (``NaN``, ``Infinity``, ``1e999``,
nesting past its limit, a UTF-8 BOM, lone surrogates, invalid UTF-8), and reads an integer
beyond 64 bits as a float; so it only sees documents without 19 digits in a row, and anything
it refuses goes to the standard decoder, which decides as it would alone.
"""

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


_DECODER = json.JSONDecoder(parse_float=_float, parse_constant=_constant)
"""Made once: ``json.loads`` with hooks builds a decoder (and its scanner) on every call."""


def loads_stdlib(data: object) -> Any:
    """:func:`loads` with the standard library's decoder only (same results, same errors)."""
    if isinstance(data, (bytes, bytearray)):
        data = data.decode(json.detect_encoding(data), "surrogatepass")  # as json.loads does
    elif not isinstance(data, str):
        raise TypeError(f"the JSON object must be str, bytes or bytearray, not {type(data).__name__}")
    elif data.startswith("\ufeff"):
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", data, 0)
    try:
        return _DECODER.decode(data)
    except RecursionError:
        raise ValueError("JSON nested too deeply to decode") from None


_orjson: Any
try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - the test extra installs it; the stdlib path is tested alone
    _orjson = None

_BYTE_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_TEXT_DIGITS = str.maketrans("123456789", "000000000")
_LONG_BYTES, _LONG_TEXT = b"0" * 19, "0" * 19
"""19 digits in a row may be an integer orjson would read as a float (beyond 64 bits): such a
document (rare: a long number in a string counts too) goes to the standard decoder."""
_SAMPLED_BYTES, _SAMPLED_TEXT = b"000", "000"
_STRIDE = 6
"""Looking for 19 digits in every character costs a tenth of a small page's decode, so every
sixth character is read first: 19 positions in a row hold at least three multiples of 6, one
after another in the sample, so a run of 19 digits always shows as 3 digits in a row there.
Only then is every character read: a sample of 3 digits in a row spans 13 characters, so a
lone 10-digit timestamp never causes it, a run of 13 or more digits or numbers close
together (``[1700000000,1700000000]``) may."""


def _plain_bytes(data: bytes | bytearray) -> bool:
    """``data`` has no 19 digits in a row (see :data:`_STRIDE`)."""
    if _SAMPLED_BYTES not in data[::_STRIDE].translate(_BYTE_DIGITS):
        return True
    return _LONG_BYTES not in data.translate(_BYTE_DIGITS)


def _plain_text(data: str) -> bool:
    """``data`` has no 19 digits in a row (see :data:`_STRIDE`)."""
    if _SAMPLED_TEXT not in data[::_STRIDE].translate(_TEXT_DIGITS):
        return True
    return _LONG_TEXT not in data.translate(_TEXT_DIGITS)


def loads_orjson(data: object) -> Any:
    """:func:`loads` through orjson, falling back to :func:`loads_stdlib` for what it refuses."""
    if _orjson is None:
        raise RuntimeError("orjson is not installed: pip install 'boosty-client[speed]'")
    if isinstance(data, str):
        plain = _plain_text(data)
    elif isinstance(data, (bytes, bytearray)):
        plain = _plain_bytes(data)
    else:
        plain = False  # the standard path raises its TypeError
    if plain:
        try:
            return _orjson.loads(data)
        except _orjson.JSONDecodeError:
            pass  # not JSON to orjson: the standard decoder decides (a value, a warning, or the error)
    return loads_stdlib(data)


def loads(data: str | bytes | bytearray) -> Any:
    """Decode ``data`` like :func:`json.loads`, except that a non-finite number (``NaN``,
    ``Infinity``, ``1e999``) becomes ``None`` with a :class:`boosty.ParseWarning`, and a document
    nested too deeply for the decoder raises :class:`ValueError` instead of :class:`RecursionError`.
    Uses orjson where it is installed (extra ``[speed]``), with the same results.

    Raises :class:`ValueError` (``json.JSONDecodeError`` is one) for anything that is not JSON,
    :class:`TypeError` for ``data`` that is not ``str``, ``bytes`` or ``bytearray``.
    """
    return _loads(data)


_loads = loads_orjson if _orjson is not None else loads_stdlib

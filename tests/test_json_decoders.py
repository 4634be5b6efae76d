"""The two JSON decoders behind ``boosty._json.loads`` (the standard library's, and orjson's
where installed) give the same values, warnings and errors on the same inputs, hostile ones
included; a client reads the same models through either."""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import respx
from hypothesis import given, settings
from hypothesis import strategies as st

import boosty
from boosty import AsyncBoosty, Boosty
from boosty import _json as decoding

from .conftest import API, resolve

pytestmark = pytest.mark.anyio

Loads = Callable[[Any], Any]


def _orjson_or_skip() -> None:
    if decoding._orjson is None and not os.environ.get("CI"):
        pytest.skip("orjson is not installed (pip install 'boosty-client[speed]')")  # CI installs it


@pytest.fixture(params=["stdlib", "orjson"])
def loads(request: pytest.FixtureRequest) -> Loads:
    if request.param == "orjson":
        _orjson_or_skip()
        return decoding.loads_orjson
    return decoding.loads_stdlib


def _outcome(fn: Loads, data: Any) -> tuple[str, Any, list[str]]:
    """What decoding ``data`` gives: ``("value", repr, warnings)`` or ``("error", type, warnings)``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = fn(data)
        except Exception as exc:
            return "error", type(exc), [str(w.message) for w in caught]
    return "value", repr(value), [str(w.message) for w in caught]  # repr: 1, 1.0 and True differ


HOSTILE: list[Any] = [
    b'{"a": 1, "b": [true, false, null], "c": "\\u00e9\\ud83d\\ude00", "d": -0.0, "e": 1.5e-7}',
    b'{"id": 123456789012345678901234567890}',  # beyond 64 bits: stays an int
    b"[18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809]",
    b'{"text": "1234567890123456789012 in a string"}',
    b'{"a": 1, "a": 2}',  # duplicate keys: the last wins
    b"[1e308, 5e-324, 4.9e-325, 0.1, 1.7976931348623157e308]",
    b'{"posts": NaN, "n": Infinity, "m": -Infinity}',  # not JSON: None with a warning each
    b"[1e999, -1e999, 1E400]",  # overflow to inf: None with a warning each
    b"\xef\xbb\xbf{}",  # a UTF-8 BOM in bytes is skipped
    "\ufeff{}",  # in a str it is an error
    b'"\\ud800"',  # an escaped lone surrogate
    b'"\xed\xa0\x80"',  # an encoded lone surrogate (accepted as json.loads does)
    '{"a": "é"}'.encode("utf-16-le"),  # json.loads detects UTF-16 and UTF-32
    '{"a": "é"}'.encode("utf-32"),
    b'"\xff"',  # invalid UTF-8
    b"[" * 100_000,  # too deep for any decoder
    b"[" * 1100 + b"]" * 1100,  # past orjson's depth limit
    b"[" * 300 + b"]" * 300,  # within both
    b"",
    b"{",
    b"[1,]",
    b"01",
    b'"a\x01b"',  # a control character in a string
    b"nul",
    b"{} x",
    b"  \n{}\t ",
    '{"a": [1, 2.5, "x"]}',
    bytearray(b'{"a": 1}'),
    123,
    None,
]


@pytest.mark.parametrize("data", HOSTILE, ids=range(len(HOSTILE)))
def test_both_decoders_agree_with_the_standard_one(data: Any) -> None:
    _orjson_or_skip()
    assert _outcome(decoding.loads_orjson, data) == _outcome(decoding.loads_stdlib, data)


def test_non_finite_numbers_become_none_with_a_warning(loads: Loads) -> None:
    with pytest.warns(boosty.ParseWarning) as caught:
        value = loads(b'{"a": NaN, "b": [Infinity, -Infinity, 1e999], "c": 2.5}')
    assert value == {"a": None, "b": [None, None, None], "c": 2.5}
    assert [str(w.message).split()[2] for w in caught] == ["NaN", "Infinity", "-Infinity", "1e999"]


def test_big_integers_stay_exact(loads: Loads) -> None:
    value = loads(b"[123456789012345678901234567890, 9223372036854775807, -9223372036854775809]")
    assert value == [123456789012345678901234567890, 9223372036854775807, -9223372036854775809]
    assert all(type(v) is int for v in value)


@pytest.mark.parametrize("kind", [bytes, bytearray, str])
def test_a_long_integer_is_exact_at_every_offset(kind: type) -> None:
    """orjson first reads every sixth character: a 19-digit run is found wherever it starts,
    whatever the digits around it (a 10 to 18 digit neighbour must not hide it either)."""
    _orjson_or_skip()
    numbers = ["-9223372036854775809", "-9999999999999999999", "18446744073709551616", "1" + "0" * 24]
    for number in numbers:
        for pad in range(13):
            for neighbour in ("", "1234567890", "123456789012345678"):
                text = f'[{"x" * pad!r}, {neighbour or 0}, {number}, "{neighbour}"]'.replace("'", '"')
                data = kind(text.encode()) if kind is not str else text
                value = decoding.loads_orjson(data)
                assert value[2] == int(number) and type(value[2]) is int, (number, pad, neighbour)
    for pad in range(13):  # runs of 10 to 18 digits are read by orjson as they are
        text = f'["{"x" * pad}", 1234567890, 123456789012345678, -123456789012345678]'
        assert decoding.loads_orjson(text)[1:] == [1234567890, 123456789012345678, -123456789012345678]


def test_a_document_without_long_digit_runs_goes_to_orjson_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a document with 19 digits in a row is handed to the standard decoder."""
    _orjson_or_skip()
    seen: list[Any] = []
    monkeypatch.setattr(decoding, "loads_stdlib", lambda data: seen.append(data) or json.loads(data))
    for pad in range(13):
        short = f'["{"x" * pad}", 1700000000, 123456789012345678, "1234567890123"]'.encode()
        long = f'["{"x" * pad}", 1, "1234567890123456789"]'.encode()
        assert decoding.loads_orjson(short)[1] == 1700000000
        assert decoding.loads_orjson(long)[2] == "1234567890123456789"
    assert seen == [f'["{"x" * pad}", 1, "1234567890123456789"]'.encode() for pad in range(13)]


@pytest.mark.parametrize("depth", [100_000, 1100])
def test_deep_nesting_is_a_value_error(loads: Loads, depth: int) -> None:
    with pytest.raises(ValueError, match="nested too deeply"):
        loads(b"[" * depth + b"]" * depth)


@pytest.mark.parametrize("data", [b'"\xff"', b"[1,]", b"", "\ufeff{}"])
def test_not_json_is_a_value_error(loads: Loads, data: Any) -> None:
    with pytest.raises(ValueError):
        loads(data)


def test_not_text_is_a_type_error(loads: Loads) -> None:
    with pytest.raises(TypeError, match="must be str, bytes or bytearray"):
        loads(123)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(value=_json_values, ascii_only=st.booleans())
def test_any_document_decodes_the_same_both_ways(value: Any, ascii_only: bool) -> None:
    _orjson_or_skip()
    text = json.dumps(value, ensure_ascii=ascii_only)
    for data in (text, text.encode("utf-8")):
        assert _outcome(decoding.loads_orjson, data) == _outcome(decoding.loads_stdlib, data)


@pytest.fixture(params=["stdlib", "orjson"])
def decoder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The client's decoder switched to each one in turn."""
    if request.param == "orjson":
        _orjson_or_skip()
        monkeypatch.setattr(decoding, "_loads", decoding.loads_orjson)
    else:
        monkeypatch.setattr(decoding, "_loads", decoding.loads_stdlib)
    yield str(request.param)


async def test_a_client_reads_the_same_model_either_way(client: Boosty | AsyncBoosty, decoder: str) -> None:
    body = (
        b'{"blogUrl": "b", "title": "T", "owner": {"id": 12345678901234567890123, "name": "N"},'
        b' "count": {"posts": 3, "subscribers": Infinity}, "description": []}'
    )
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").respond(200, content=body, headers={"Content-Type": "application/json"})
        with pytest.warns(boosty.ParseWarning, match="non-finite number Infinity"):
            blog = await resolve(client.blog("b"))
    assert (blog.blog_url, blog.owner.id) == ("b", 12345678901234567890123)
    assert (blog.count.posts, blog.count.subscribers) == (3, 0)


def test_the_client_uses_orjson_where_installed() -> None:
    _orjson_or_skip()
    assert decoding._loads is decoding.loads_orjson

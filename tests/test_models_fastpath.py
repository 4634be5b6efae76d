"""The generated fast structuring path agrees with cattrs' detailed one; lazy post content.

Every model is parsed from generated inputs (typical values, nulls, absent keys, odd but
readable spellings, wrong shapes) both ways: whenever the fast function returns, its
result must equal what cattrs' own function returns for the same input (same class, same
values, same ``repr`` and ``to_dict``); when it raises, the converter falls back to cattrs,
so any outcome is the detailed one.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import threading
import types
import typing
import warnings
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
import respx

from boosty import AsyncBoosty, Boosty, Comment, ParseError, ParseWarning, Post, to_dict
from boosty._client.paging import COMMENTS, CURSOR, Page, PageParser
from boosty._model._fastgen import LazyField, fast_init
from boosty._model.converter import Model, _detailed, fast_for, hook_for, structure
from boosty.models import Block, ImageBlock, TextBlock, UnknownBlock

from ._data import fixture_json
from .conftest import API, resolve


def _models() -> list[type[Any]]:
    import boosty.models

    for name in boosty.models.__all__:  # the namespace imports its modules lazily: all of them
        getattr(boosty.models, name)
    found: list[type[Any]] = []

    def walk(cls: type[Any]) -> None:
        for sub in cls.__subclasses__():
            if sub.__dict__.get("__attrs_attrs__") is not None:  # not a private builder
                found.append(sub)
            walk(sub)

    walk(Model)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


MODELS = _models()


def _api(field: attrs.Attribute[Any]) -> str:
    head, *rest = field.name.split("_")
    return str(field.metadata.get("api", head + "".join(p[:1].upper() + p[1:] for p in rest)))


def _sample(tp: Any, variant: str, depth: int) -> Any:
    """A JSON value for ``tp``: ``typical``, ``null`` or ``odd`` (another readable spelling)."""
    odd = variant == "odd"
    if tp is Any:
        return {"any": [1, None]}
    if tp == Block:
        image = {"type": "image", "url": {"bad": 1}} if odd else {"type": "image", "url": "https://i.example/1"}
        return {"type": "text", "content": '["hi","unstyled",[]]', "modificator": ""} if depth else image
    if tp is str:
        return 5 if odd else "text"
    if tp is bool:
        return 1 if odd else True
    if tp is int:
        return "7" if odd else 7
    if tp is float:
        return 2 if odd else 0.25
    if tp is Decimal:
        return 300.5 if odd else 300
    if tp is dt.datetime:
        return 1750000000123 if odd else 1750000000
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = next(a for a in args if a is not type(None))
        return None if variant == "null" else _sample(inner, variant, depth)
    if origin is list:
        return [_sample(args[0], variant, depth + 1), _sample(args[0], "typical", depth + 1)]
    if origin is dict:
        return {"a": _sample(args[1], variant, depth + 1), "b": _sample(args[1], "typical", depth + 1)}
    if attrs.has(tp):
        return _value(tp, variant, depth + 1)
    raise AssertionError(f"no sample for {tp!r}")


def _value(cls: type[Any], variant: str, depth: int = 0) -> dict[str, Any]:
    attrs.resolve_types(cls)
    out: dict[str, Any] = {}
    for field in attrs.fields(cls):
        required = field.default is attrs.NOTHING
        if depth > 2 and not required:
            continue
        if variant == "absent" and not required:
            continue
        if variant == "null" and not required:
            out[_api(field)] = None
            continue
        out[_api(field)] = _sample(field.type, "typical" if required and variant == "null" else variant, depth)
    return out


def _inputs(cls: type[Any]) -> Iterator[tuple[str, Any]]:
    for variant in ("typical", "null", "absent", "odd"):
        yield variant, _value(cls, variant)
    yield "empty", {}
    yield "not an object", ["x"]
    for field in attrs.fields(cls):  # each field once with a shape nothing accepts
        if field.type is not Any:
            yield f"{field.name} wrong", {**_value(cls, "typical"), _api(field): [{"x": [1]}]}


def _outcome(fn: Any, value: Any) -> tuple[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "ok", fn(value)
        except Exception as exc:
            return "error", exc


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__qualname__)
def test_fast_path_agrees_with_cattrs(cls: type[Any]) -> None:
    attrs.resolve_types(cls)
    hook_for(cls)  # makes the detailed function
    fast, detailed = fast_for(cls), _detailed[cls]
    assert fast is not None, "every model has a generated function"
    for label, value in _inputs(cls):
        got, want = _outcome(fast, json.loads(json.dumps(value))), _outcome(detailed, json.loads(json.dumps(value)))
        if got[0] == "error":
            continue  # the converter re-runs the detailed function: its outcome is the result
        assert want[0] == "ok", f"{label}: fast accepted what cattrs rejects: {want[1]!r}"
        a, b = got[1], want[1]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # lazily read blocks may warn now
            assert type(a) is cls and a == b, label
            assert repr(a) == repr(b) and to_dict(a) == to_dict(b), label


@pytest.mark.parametrize("direct", [True, False], ids=["slots", "constructor"])
def test_keyword_only_fields_are_read_by_both_builds(direct: bool) -> None:
    """A model whose shared fields are keyword-only (as ``Dialog``'s) gets a fast function
    that agrees with cattrs, whether it fills the slots or calls the class (a validator),
    through the general function and through a key-order reader (8+ fields, an order seen
    twice); a keyword-only field whose ``__init__`` name differs from its own is passed by
    that name."""

    @attrs.frozen(kw_only=True)
    class Shared(Model):
        count: int = 0
        title: str = attrs.field(default="", alias="heading")
        a: int = 0
        b: int = 0
        c: int = 0
        d: int = 0

    @attrs.frozen
    class Item(Shared):
        id: int = attrs.field(validator=None if direct else attrs.validators.instance_of(int))
        note: str = ""

    attrs.resolve_types(Item, globals(), {"Shared": Shared})
    hook_for(Item)
    fast = fast_for(Item)
    assert fast is not None
    values = [{"id": 7, "note": "n", "count": 2, "title": "t", "d": 4}, {"count": "3", "id": 8}, {"id": 9}]
    for value in values * 3:  # the third time round, each key order has its reader
        got = fast(dict(value))
        want = Item(
            value["id"], str(value.get("note", "")), count=int(value.get("count", 0)), heading=value.get("title", "")
        )
        assert got == _detailed[Item](dict(value)) == attrs.evolve(want, d=value.get("d", 0))
    with pytest.raises(KeyError):
        fast({"count": 1})


def test_models_build_exactly_their_class_and_stay_frozen() -> None:
    post = structure(fixture_json("post_single_with_media.json"), Post)
    assert type(post) is Post and type(post.user).__name__ == "User"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        post.title = "changed"  # type: ignore[misc]
    assert not any(t.__qualname__.endswith("_Builder") for t in map(type, (post, post.user, post.count)))


def test_fast_init_builds_the_same_page() -> None:
    parser = PageParser(Post, CURSOR)
    names = ("items", "is_last", "total", "offset", "extra", "skipped", "request", "scheme", "parser")
    values = dict(zip(names, ([1], False, 3, "x:1", {"a": 1}, [], None, CURSOR, parser)), received=1, collected=1)
    fast, slow = fast_init(Page)(**values), Page(**values)
    assert type(fast) is Page
    assert [getattr(fast, f.name) for f in attrs.fields(Page)] == [getattr(slow, f.name) for f in attrs.fields(Page)]


@pytest.mark.parametrize(
    ("created", "updated", "published"),
    [
        (1710000001, 1710000002, 1710000001),  # publishTime equal to createdAt: one datetime, shared
        (1710000001, 1710000001, 1710000001),
        (1710000001, None, 1710000001.0),  # a float equal to it is not reused
        (1710000001123, 1710000001123, 1710000001123),  # milliseconds: the converter's hook each time
        (None, 1710000002, None),
        (True, 1, 1),
    ],
)
@pytest.mark.parametrize("price", [0, 100, 101, -1, 300.5, None])
def test_post_times_and_prices_agree_with_cattrs(created: Any, updated: Any, published: Any, price: Any) -> None:
    body = {**fixture_json("posts_page.json")["data"][0], "createdAt": created, "updatedAt": updated}
    body |= {"publishTime": published, "price": price, "currencyPrices": {"rub": price, "usd": 0}}
    hook_for(Post)
    got, want = _outcome(fast_for(Post), body), _outcome(_detailed[Post], body)
    assert got[0] == want[0] or got[0] == "error", (got, want)
    if got[0] == "ok":
        a, b = got[1], want[1]
        times = ("created_at", "updated_at", "publish_time")
        assert [getattr(a, n) for n in times] == [getattr(b, n) for n in times]
        assert (a.price, a.currency_prices) == (b.price, b.currency_prices) and a == b
        assert all(type(getattr(a, n)) is type(getattr(b, n)) for n in (*times, "price"))


def test_fast_init_takes_the_fields_by_position_too() -> None:
    parser = PageParser(Post, CURSOR)
    values = ([1], False, 3, "x:1", {"a": 1}, [], None, CURSOR, parser, 1, 1)
    fast, slow = fast_init(Page)(*values), Page(*values)
    assert [getattr(fast, f.name) for f in attrs.fields(Page)] == [getattr(slow, f.name) for f in attrs.fields(Page)]


# -- lazy post content ---------------------------------------------------------------------


def _post_with_bad_block() -> dict[str, Any]:
    body = fixture_json("post_single_with_media.json")
    body["data"] = [*body["data"], {"type": "image", "url": ["not", "a", "string"]}]
    return body


def test_post_blocks_are_read_on_first_access_with_their_warning() -> None:
    body = _post_with_bad_block()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the parse itself reads no block: nothing to warn about
        post = structure(body, Post)
    with pytest.warns(ParseWarning, match=r"'image' block could not be read \(url"):
        blocks = post.data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert post.data is blocks  # kept: read once, warned once
    assert isinstance(blocks[-1], UnknownBlock) and blocks[-1].raw == {"type": "image", "url": ["not", "a", "string"]}
    with pytest.warns(ParseWarning):
        eager = structure(body["data"], list[Block])
    assert blocks == eager and post.text == "Hello from the fixture post!"


def test_unread_posts_compare_copy_pickle_and_round_trip() -> None:
    body = fixture_json("post_single_with_media.json")
    one, two = structure(body, Post), structure(body, Post)
    assert one == two  # reads both
    fresh = structure(body, Post)
    assert to_dict(fresh)["data"] == to_dict(one)["data"] and structure(to_dict(fresh), Post) == one
    assert pickle.loads(pickle.dumps(structure(body, Post))) == one
    evolved = attrs.evolve(structure(body, Post), title="other")
    assert evolved.data == one.data and evolved.title == "other"
    assert structure(body, Post) != attrs.evolve(one, data=one.data[:-1])


def test_teaser_and_empty_lists_and_plain_construction() -> None:
    post = structure(
        {"id": "p", "intId": 1, "data": [], "teaser": [{"type": "text", "content": '["t","unstyled",[]]'}]}, Post
    )
    assert post.data == [] and post.teaser_text == "t"
    assert structure({"id": "p", "intId": 1, "data": None}, Post).data == []
    made = Post(id="x", int_id=1, data=[TextBlock.of("hello")])
    assert made.text == "hello" and made.data[0] == TextBlock.of("hello")


def test_first_access_from_many_threads_reads_once() -> None:
    post = structure(fixture_json("post_single_with_media.json"), Post)
    seen: list[Any] = []
    start = threading.Barrier(8)

    def read() -> None:
        start.wait()
        seen.append(post.data)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8 and all(blocks is seen[0] for blocks in seen)


def test_lazy_field_returns_a_value_set_past_the_frozen_guard_untouched() -> None:
    post = structure(fixture_json("post_single_with_media.json"), Post)
    assert isinstance(Post.__dict__["data"], LazyField) and Post.data is Post.__dict__["data"]
    object.__setattr__(post, "data", ["kept as set"])  # before the first read: the raw list is gone
    assert post.data == ["kept as set"] and post.data is post.data
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        post.data = []  # type: ignore[misc]


def test_bad_block_list_still_fails_the_parse_with_its_path() -> None:
    with pytest.raises(ParseError) as info:
        structure({"id": "p", "intId": 1, "data": "not a list"}, Post)
    assert info.value.path == "data"


@pytest.mark.anyio
async def test_post_page_warns_for_a_bad_block_when_it_is_read(client: Boosty | AsyncBoosty) -> None:
    body = fixture_json("posts_page.json")
    body["data"][1]["data"] = [{"type": "image", "url": {"no": 1}}, {"type": "text", "content": '["x","unstyled",[]]'}]
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/testblog/post/").respond(json=body)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            page = await resolve(client.posts("testblog"))
    first, second = page.items
    assert first.data == [] and len(page.skipped) == 0
    with pytest.warns(ParseWarning, match="'image' block could not be read"):
        assert [type(b) for b in second.data] == [UnknownBlock, TextBlock] and second.text == "x"


@pytest.mark.anyio
async def test_post_block_with_a_list_or_object_type_reads_as_unknown(client: Boosty | AsyncBoosty) -> None:
    odd = [{"type": ["text"]}, {"type": {"t": 1}}, {"type": "text", "content": '["kept","unstyled",[]]'}]
    body = fixture_json("posts_page.json")
    body["data"][0]["data"] = odd
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/testblog/post/").respond(json=body)
        page = await resolve(client.posts("testblog"))
    post = page.items[0]
    assert post.data == structure(odd, list[Block])  # what the eager parse makes
    assert [type(b) for b in post.data] == [UnknownBlock, UnknownBlock, TextBlock] and post.text == "kept"
    assert to_dict(post)["data"][:2] == odd[:2]  # unknown blocks give back their JSON


def test_lazy_read_falls_back_to_the_converter() -> None:
    @attrs.frozen(repr=False)
    class Numbers(Model):
        id: str = ""
        values: list[int] = attrs.field(factory=list)
        _lazy_fields: typing.ClassVar[tuple[str, ...]] = ("values",)

    read = structure({"id": "n", "values": [True, "2"]}, Numbers)  # the fast expression refuses a bool
    assert read.values == [1, 2] and read.values is read.values
    bad = structure({"id": "m", "values": [[1], 2]}, Numbers)  # the parse defers the list...
    with pytest.raises(ParseError) as info:  # ...and its error comes typed, with its path
        _ = bad.values
    assert info.value.path == "values[0]"


# -- page parsing --------------------------------------------------------------------------


def test_items_before_a_bad_one_are_read_once() -> None:
    good = {"id": "c1", "intId": 1, "data": [{"type": "image", "url": {"no": 1}}]}  # comments read blocks eagerly
    bad = {"id": {"not": "a string"}, "intId": 2}
    last = {"id": "c3", "intId": 3, "data": [{"type": "image", "url": "https://i.example/3"}]}
    with pytest.warns(ParseWarning) as record:
        page = PageParser(Comment, COMMENTS).parse({"data": [good, bad, last], "extra": {}}, None)
    messages = [str(w.message) for w in record]
    assert len(messages) == 2, messages  # the first item's block once, the skipped item once
    assert "'image' block could not be read" in messages[0] and "skipped an item at data[1].id" in messages[1]
    assert [c.id for c in page.items] == ["c1", "c3"] and page.skipped == [bad]
    assert isinstance(page.items[0].data[0], UnknownBlock) and isinstance(page.items[1].data[0], ImageBlock)

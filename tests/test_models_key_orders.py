"""Key-order readers (:mod:`boosty._model._fastsig`): once a model's objects come twice with
the same keys in the same order, they are read by position; the result stays exactly the
general function's (and cattrs'), unknown keys are still reported, aliases still apply."""

from __future__ import annotations

import copy
import itertools
import json
import threading
import uuid
import warnings
from collections.abc import Callable
from typing import Any, ClassVar

import attrs
import pytest
import respx

from boosty import AsyncBoosty, Boosty, Post, UnknownFieldWarning, User, to_dict
from boosty._model import _fastsig
from boosty._model.converter import _detailed, _generate, hook_for

from ._data import fixture_json
from .conftest import API, resolve
from .test_models_fastpath import MODELS, _inputs, _outcome

BIG = [cls for cls in MODELS if len(attrs.fields(cls)) >= _fastsig.MIN_FIELDS]


def _fresh(cls: type[Any]) -> Callable[[Any], Any]:
    """A new generated function for ``cls``: its own key orders, nothing learnt yet."""
    fn = _generate(cls)
    assert fn is not None
    return fn


def _orders(fn: Callable[[Any], Any]) -> _fastsig.KeyOrders:
    orders = fn.__globals__["_learn"].__self__
    assert isinstance(orders, _fastsig.KeyOrders)
    return orders


def _same(a: Any, b: Any, cls: type[Any]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lazily read blocks may warn now
        assert type(a) is cls and a == b
        assert repr(a) == repr(b) and to_dict(a) == to_dict(b)


def test_the_big_models_are_many() -> None:
    assert Post in BIG and User in BIG and len(BIG) > 10


@pytest.mark.parametrize("cls", BIG, ids=lambda c: c.__qualname__)
def test_a_known_key_order_reads_as_the_general_function_and_cattrs(cls: type[Any]) -> None:
    hook_for(cls)
    fast, detailed = _fresh(cls), _detailed[cls]
    for _ in range(3):  # the second sighting of an order makes its reader, the third uses it
        for label, value in _inputs(cls):
            got, want = _outcome(fast, json.loads(json.dumps(value))), _outcome(detailed, json.loads(json.dumps(value)))
            if got[0] == "error":
                continue  # the converter re-runs the detailed function
            assert want[0] == "ok", f"{label}: fast accepted what cattrs rejects: {want[1]!r}"
            _same(got[1], want[1], cls)
    orders = _orders(fast)
    typical = dict(_inputs(cls))["typical"]
    assert tuple(typical) in orders.readers  # the reader really ran
    checked = 0
    for label, value in _inputs(cls):  # each reader alone, against the general path
        reader = orders.readers.get(tuple(value)) if isinstance(value, dict) else None
        if reader is None:
            continue
        got = _outcome(reader, json.loads(json.dumps(value)))
        general = _outcome(_fresh(cls), json.loads(json.dumps(value)))  # a first sighting: no reader
        assert got[0] == general[0], f"{label}: the reader gave {got[1]!r}, the general path {general[1]!r}"
        if got[0] == "ok":
            _same(got[1], general[1], cls)
        else:
            assert type(got[1]) is type(general[1]) and str(got[1]) == str(general[1]), label
        checked += 1
    assert checked >= 2  # the typical object and at least one more shape


def _post() -> dict[str, Any]:
    post: dict[str, Any] = fixture_json("post_single_with_media.json")
    return post


def test_an_order_with_an_unknown_key_gets_no_reader_and_each_new_key_is_reported() -> None:
    fast = _fresh(Post)
    first, second = f"k{uuid.uuid4().hex}", f"k{uuid.uuid4().hex}"
    for key in (first, second):
        with pytest.warns(UnknownFieldWarning) as record:
            for _ in range(3):
                fast({**_post(), key: 1})
        assert [str(w.message) for w in record] == [f"Post got an unknown field {key!r}; it is ignored"]
    assert not _orders(fast).readers
    fast(_post()), fast(_post())
    with pytest.warns(UnknownFieldWarning, match="an unknown field 'k"):  # the known order's reader does not hide it
        fast({**_post(), f"k{uuid.uuid4().hex}": 1})


@pytest.mark.parametrize(
    ("keys", "want"),
    [({"intId": 7}, 7), ({"int_id": 8}, 8), ({"int_id": 8, "intId": 7}, 8), ({"intId": 7, "int_id": 8}, 8)],
)
def test_aliases_read_as_before_in_a_known_order(keys: dict[str, int], want: int) -> None:
    fast = _fresh(Post)
    body = {k: v for k, v in _post().items() if k not in ("int_id", "intId")}
    posts = [fast({**copy.deepcopy(body), **keys}) for _ in range(3)]
    assert [p.int_id for p in posts] == [want] * 3 and len(_orders(fast).readers) == 1


def test_absent_fields_take_their_defaults_in_a_known_order() -> None:
    fast = _fresh(Post)
    body = {"id": "p", "int_id": 1, "title": "t"}  # 43 fields absent
    posts = [fast(dict(body)) for _ in range(3)]
    assert posts[0] == posts[2] == Post(id="p", int_id=1, title="t") and len(_orders(fast).readers) == 1
    assert posts[2].data == [] and posts[2].currency_prices == {}
    assert posts[2].currency_prices is not posts[1].currency_prices  # a new dict each time


def test_a_bad_value_in_a_known_order_still_fails_with_its_path() -> None:
    from boosty import ParseError
    from boosty._model.converter import structure

    for _ in range(3):
        structure(_post(), Post)
    with pytest.raises(ParseError) as info:
        structure({**_post(), "count": "many"}, Post)
    assert info.value.path == "count"


def test_too_many_orders_switch_the_lookup_off_and_results_stay_right() -> None:
    fast = _fresh(User)
    keys = ["id", "name", "blogUrl", "hasAvatar", "avatarUrl"]
    values = {"id": 5, "name": "N", "blogUrl": "b", "hasAvatar": True, "avatarUrl": "u"}
    seen = 0
    for order in itertools.islice(itertools.permutations(keys), _fastsig.ORDERS + 2):
        for _ in range(2):
            user = fast({k: values[k] for k in order})
            assert (user.id, user.name, user.blog_url, user.has_avatar, user.avatar_url) == (5, "N", "b", True, "u")
        seen += 1
    assert fast.__globals__["_ON"] is False and seen == _fastsig.ORDERS + 2
    assert len(_orders(fast).readers) == _fastsig.READERS  # no more than that were made
    assert fast({k: values[k] for k in keys}).id == 5  # the general path from now on


def test_threads_meeting_one_order_make_one_reader() -> None:
    fast = _fresh(Post)
    start = threading.Barrier(8)
    got: list[Any] = []

    def parse() -> None:
        start.wait()
        got.extend(fast(_post()) for _ in range(5))

    threads = [threading.Thread(target=parse) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    orders = _orders(fast)
    assert len(got) == 40 and all(post == got[0] for post in got)
    assert len(orders.readers) == 1 and len(orders.pairs) == 1


@pytest.mark.anyio
async def test_a_page_of_posts_in_one_order_reads_as_cattrs(client: Boosty | AsyncBoosty) -> None:
    post = _post()
    posts = []
    for i in range(12):
        item = copy.deepcopy(post)
        item["id"], item["int_id"], item["title"] = f"p{i}", i, f"post {i}"
        posts.append(item)
    body = {"data": posts, "extra": {"isLast": True, "offset": ""}}
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/testblog/post/").respond(json=body)
        page = await resolve(client.posts("testblog"))
    hook_for(Post)
    want = [_detailed[Post](copy.deepcopy(p)) for p in posts]
    assert len(page.items) == 12 and not page.skipped
    for got, expected in zip(page.items, want):
        _same(got, expected, Post)


@attrs.frozen
class _Shared:
    """A model whose second spelling of ``b`` is ``a``, itself a field: one key, two fields."""

    a: int = 0
    b: int = 0
    c: int = 0
    d: int = 0
    e: int = 0
    f: int = 0
    g: int = 0
    h: int = 0
    _aliases: ClassVar[dict[str, str]] = {"a": "b"}


def test_a_key_that_two_fields_read_fills_both_in_the_reader() -> None:
    fast = _fresh(_Shared)
    for _ in range(3):
        assert fast({"a": 1, "c": 3}) == _Shared(a=1, b=1, c=3)
    reader = _orders(fast).readers[("a", "c")]
    assert reader({"a": 5, "c": 6}) == _Shared(a=5, b=5, c=6)

"""Paging: every scheme walks page after page, stops where it must, never asks past the end."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import attrs
import httpx
import pytest
import respx

from boosty import AsyncBoosty, Boosty, ParseWarning
from boosty._client.base import ClientBase
from boosty._client.paging import COMMENTS, CURSOR, INDEX, TOTAL, IterEndpoint, Page, list_endpoint
from boosty._model.converter import Model
from boosty._sender._http import Request

from ._data import collect
from .conftest import API, resolve

pytestmark = pytest.mark.anyio


@attrs.frozen(repr=False)
class Thing(Model):
    id: int
    int_id: int | None = attrs.field(default=None, metadata={"api": "intId"})


class ThingsAPI(ClientBase):
    """List endpoints of each paging scheme, declared as the library's own are."""

    @list_endpoint(Thing, CURSOR)
    def cursor_things(self, *, limit: int | None = None, offset: str | None = None) -> Request:
        return self._request("GET", "/v1/cursor/", params={"limit": limit, "offset": offset})

    @cursor_things.iterator
    def iter_cursor_things(
        self, *, limit: int | None = None, offset: str | None = None, max_items: int | None = None
    ) -> None: ...

    @list_endpoint(Thing, COMMENTS)
    def comment_things(self, *, limit: int | None = None, offset: int | None = None) -> Request:
        return self._request("GET", "/v1/comments/", params={"limit": limit, "offset": offset})

    @list_endpoint(Thing, INDEX)
    def index_things(self, *, limit: int | None = None, offset: int | None = None) -> Request:
        return self._request("GET", "/v1/index", params={"limit": limit, "offset": offset})

    @list_endpoint(Thing, TOTAL, ("data", "rows"))
    def total_things(self, *, limit: int | None = None, offset: str | None = None) -> Request:
        return self._request("GET", "/v1/total/", params={"limit": limit, "offset": offset})


class SyncThings(ThingsAPI, Boosty):
    pass


class AsyncThings(ThingsAPI, AsyncBoosty):
    pass


@pytest.fixture
async def things(mode: str) -> AsyncIterator[SyncThings | AsyncThings]:
    c: SyncThings | AsyncThings = AsyncThings() if mode == "async" else SyncThings()
    async with c:
        yield c


Handler = Callable[[httpx.Request], httpx.Response]


def params(request: httpx.Request) -> dict[str, str]:
    return dict(request.url.params)


def cursor_server(n: int, *, last_flag: bool = True) -> Handler:
    """``n`` things, newest first; cursor ``"<sortOrder>:<id>"``; ``isLast`` on the final page."""
    ids = list(range(n, 0, -1))

    def handle(request: httpx.Request) -> httpx.Response:
        q = params(request)
        limit = int(q.get("limit", "10"))
        start = 0
        if "offset" in q:
            start = ids.index(int(q["offset"].split(":")[1])) + 1
        chunk = ids[start : start + limit]
        done = start + limit >= len(ids)
        extra: dict[str, Any] = {"offset": f"{1700000000 + chunk[-1]}:{chunk[-1]}" if chunk else ""}
        if last_flag:
            extra["isLast"] = done
        else:
            extra["isLast"] = False
        return httpx.Response(200, json={"data": [{"id": i} for i in chunk], "extra": extra})

    return handle


async def test_cursor_scheme_walks_every_page(things: SyncThings | AsyncThings) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/cursor/").mock(side_effect=cursor_server(25))
        first: Page[Thing] = await resolve(things.cursor_things(limit=10))
        assert [t.id for t in first] == list(range(25, 15, -1))
        assert first.offset == "1700000016:16" and not first.is_last and len(first) == 10
        pages = await collect(things.all_pages(first))
        assert [len(p) for p in pages] == [10, 10, 5]
        assert pages[-1].is_last and pages[-1].offset == "1700000001:1"  # as sent, yet not followed
        assert route.call_count == 3
        assert await resolve(things.next(pages[-1])) is None
        assert route.call_count == 3  # never past the end
        sent = [dict(call.request.url.params) for call in route.calls]
        assert sent[1] == {"limit": "10", "offset": "1700000016:16"}


async def test_all_items_and_max_items_fetch_no_more_pages(things: SyncThings | AsyncThings) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/cursor/").mock(side_effect=cursor_server(25))
        first = await resolve(things.cursor_things(limit=10))
        items = await collect(things.all_items(first))
        assert [t.id for t in items] == list(range(25, 0, -1))
        assert route.call_count == 3
        capped = await collect(things.all_items(first, max_items=12))
        assert [t.id for t in capped] == list(range(25, 13, -1))
        assert route.call_count == 4  # one more page, not two
        assert await collect(things.all_items(first, max_items=10)) == first.items
        assert route.call_count == 4
        with pytest.raises(ValueError, match="max_items"):
            things.all_items(first, max_items=-1)


async def test_iter_shortcut_is_lazy_and_capped(things: SyncThings | AsyncThings) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/cursor/").mock(side_effect=cursor_server(25))
        walker = things.iter_cursor_things(limit=10, max_items=15)
        assert route.call_count == 0  # nothing asked yet
        items = await collect(walker)
        assert [t.id for t in items] == list(range(25, 10, -1))
        assert route.call_count == 2
        assert await collect(things.iter_cursor_things(limit=10, max_items=0)) == []
        assert route.call_count == 2


async def test_empty_page_ends_the_walk(things: SyncThings | AsyncThings) -> None:
    # isLast never true: the walk ends on the empty page after the data runs out
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/cursor/").mock(side_effect=cursor_server(20, last_flag=False))
        items = await collect(things.iter_cursor_things(limit=10))
        assert len(items) == 20
        assert route.call_count == 3


async def test_non_advancing_cursor_stops(things: SyncThings | AsyncThings) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/cursor/").respond(json={"data": [{"id": 1}], "extra": {"offset": "9:9", "isLast": False}})
        first = await resolve(things.cursor_things())
        assert not first.is_last
        pages = await collect(things.all_pages(first))
        assert len(pages) == 2 and pages[-1].is_last
        assert route.call_count == 2  # the second answer repeats its cursor: no third request


async def test_cursor_cycle_stops(things: SyncThings | AsyncThings) -> None:
    answers = {None: "A", "A": "B", "B": "A"}

    def handle(request: httpx.Request) -> httpx.Response:
        nxt = answers[params(request).get("offset")]
        return httpx.Response(200, json={"data": [{"id": len(nxt)}], "extra": {"offset": nxt, "isLast": False}})

    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/cursor/").mock(side_effect=handle)
        items = await collect(things.iter_cursor_things())
        assert len(items) == 3
        assert route.call_count == 3


async def test_cursor_cycle_back_to_the_first_request_stops(things: SyncThings | AsyncThings) -> None:
    answers = {"A": "B", "B": "A"}  # the walk starts at A (a cursor kept from an earlier run)

    def handle(request: httpx.Request) -> httpx.Response:
        nxt = answers[params(request)["offset"]]
        return httpx.Response(200, json={"data": [{"id": len(nxt)}], "extra": {"offset": nxt, "isLast": False}})

    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/cursor/").mock(side_effect=handle)
        items = await collect(things.iter_cursor_things(offset="A"))
        assert len(items) == 2 and route.call_count == 2  # page A is never fetched twice
        first = await resolve(things.cursor_things(offset="A"))
        assert len(await collect(things.all_pages(first))) == 2 and route.call_count == 4


def comment_server(n: int) -> Handler:
    """Comments 1..n oldest first; offset = last intId; flags as the live API sends them."""

    def handle(request: httpx.Request) -> httpx.Response:
        q = params(request)
        limit = int(q.get("limit", "20"))
        start = int(q.get("offset", "0"))
        chunk = list(range(start + 1, min(start + limit, n) + 1))
        extra = {"isFirst": True, "isLast": start + limit >= n}
        return httpx.Response(200, json={"data": [{"id": i, "intId": 1000 + i} for i in chunk], "extra": extra})

    return lambda request: handle_shift(request, handle)


def handle_shift(request: httpx.Request, handle: Handler) -> httpx.Response:
    # the client sends the last intId (1000 + i); the server indexes by i
    q = dict(request.url.params)
    if "offset" in q:
        q["offset"] = str(int(q["offset"]) - 1000)
    return handle(httpx.Request("GET", request.url.copy_with(params=q)))


async def test_comment_scheme_uses_last_int_id(things: SyncThings | AsyncThings) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/comments/").mock(side_effect=comment_server(5))
        first = await resolve(things.comment_things(limit=2))
        assert first.offset == 1002 and not first.is_last  # isFirst true, isLast false: more
        items = await collect(things.all_items(first))
        assert [t.id for t in items] == [1, 2, 3, 4, 5]
        assert route.call_count == 3
        assert [call.request.url.params.get("offset") for call in route.calls] == [None, "1002", "1004"]


async def test_comment_scheme_stops_when_the_last_id_repeats(things: SyncThings | AsyncThings) -> None:
    with respx.mock(base_url=API) as mock:
        body = {"data": [{"id": 1, "intId": 77}], "extra": {"isFirst": True, "isLast": False}}
        route = mock.get("/v1/comments/").respond(json=body)
        items = await collect(things.all_items(await resolve(things.comment_things())))
        assert len(items) == 2 and route.call_count == 2


def index_server(n: int) -> Handler:
    def handle(request: httpx.Request) -> httpx.Response:
        q = params(request)
        limit, offset = int(q.get("limit", "2")), int(q.get("offset", "0"))
        rows = [{"id": i} for i in range(offset, min(offset + limit, n))]
        return httpx.Response(200, json={"data": rows, "total": n, "limit": limit, "offset": offset})

    return handle


async def test_index_scheme(things: SyncThings | AsyncThings) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/index").mock(side_effect=index_server(5))
        first = await resolve(things.index_things(limit=2))
        assert (first.total, first.offset, first.is_last) == (5, 2, False)
        assert first.extra == {"total": 5, "limit": 2, "offset": 0}
        pages = await collect(things.all_pages(first))
        assert [[t.id for t in p] for p in pages] == [[0, 1], [2, 3], [4]]
        assert pages[-1].is_last and route.call_count == 3
        assert await resolve(things.next(pages[-1])) is None and route.call_count == 3


async def test_index_scheme_exact_multiple_needs_no_empty_page(things: SyncThings | AsyncThings) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/index").mock(side_effect=index_server(4))
        items = await collect(things.all_items(await resolve(things.index_things(limit=2))))
        assert len(items) == 4 and route.call_count == 2


def total_server(n: int, *, cursor: str = "int") -> Handler:
    """Rows under data.rows; extra.total; the string cursor keeps coming past the last row."""

    def handle(request: httpx.Request) -> httpx.Response:
        q = params(request)
        limit = int(q.get("limit", "2"))
        raw = q.get("offset", "0" if cursor == "int" else "c0")
        start = int(raw.lstrip("c"))
        rows = [{"id": i} for i in range(start, min(start + limit, n))]
        nxt: Any = start + limit if cursor == "int" else f"c{start + limit}"
        return httpx.Response(200, json={"data": {"rows": rows}, "extra": {"offset": nxt, "total": n}})

    return handle


@pytest.mark.parametrize("cursor", ["int", "str"])
async def test_total_scheme_stops_at_total(things: SyncThings | AsyncThings, cursor: str) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/total/").mock(side_effect=total_server(5, cursor=cursor))
        first = await resolve(things.total_things(limit=2))
        assert first.total == 5 and not first.is_last
        items = await collect(things.all_items(first))
        assert [t.id for t in items] == [0, 1, 2, 3, 4]
        assert route.call_count == 3


async def test_total_scheme_stops_on_empty_page_before_total(things: SyncThings | AsyncThings) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        start = int(params(request).get("offset", "0"))
        rows = [{"id": start}] if start < 2 else []
        return httpx.Response(200, json={"data": {"rows": rows}, "extra": {"offset": start + 1, "total": 50}})

    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/total/").mock(side_effect=handle)
        items = await collect(things.all_items(await resolve(things.total_things(limit=1))))
        assert len(items) == 2 and route.call_count == 3


async def test_one_bad_item_never_fails_the_page(things: SyncThings | AsyncThings) -> None:
    body = {"data": [{"id": 1}, {"id": "not-a-number"}, {"id": 3}], "extra": {"isLast": True}}
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/cursor/").respond(json=body)
        with pytest.warns(ParseWarning, match=r"skipped an item at data\[1\]\.id"):
            page = await resolve(things.cursor_things())
    assert [t.id for t in page] == [1, 3]
    assert page.skipped == [{"id": "not-a-number"}]


async def test_missing_items_is_an_empty_last_page(things: SyncThings | AsyncThings) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/total/").respond(json={"data": {}, "extra": {"offset": 9, "total": 9}})
        page = await resolve(things.total_things())
        assert page.items == [] and page.is_last
        assert await collect(things.all_items(page)) == [] and route.call_count == 1


async def test_page_request_is_the_endpoint_request_without_credentials(mode: str) -> None:
    c: SyncThings | AsyncThings = AsyncThings(token="SECRET") if mode == "async" else SyncThings(token="SECRET")
    async with c:
        with respx.mock(base_url=API) as mock:
            route = mock.get("/v1/cursor/").mock(side_effect=cursor_server(3))
            page = await resolve(c.cursor_things(limit=2))
            assert page.request is not None and "Authorization" not in page.request.headers
            nxt = await resolve(c.next(page))
            assert nxt is not None and [t.id for t in nxt] == [1]
            assert all(call.request.headers["Authorization"] == "Bearer SECRET" for call in route.calls)
    assert "SECRET" not in repr(page)


def test_iterator_declaration_needs_keyword_only_max_items() -> None:
    listing = ThingsAPI.__dict__["cursor_things"]

    def no_max(self: Any, *, limit: int | None = None) -> None: ...

    def positional(self: Any, max_items: int | None = None) -> None: ...

    for bad in (no_max, positional):
        with pytest.raises(TypeError, match="max_items"):
            listing.iterator(bad)
    assert isinstance(ThingsAPI.__dict__["iter_cursor_things"], IterEndpoint)

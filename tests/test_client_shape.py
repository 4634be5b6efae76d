"""The client's shape: tekore's constructor, per-call options, derived ``iter_`` shortcuts."""

from __future__ import annotations

import inspect
import warnings

import pytest
import respx

from boosty import AsyncBoosty, AsyncSender, Blog, Boosty, Request, RetryingSender, SenderConflictWarning, SyncSender
from boosty._auth.base import BearerAuth

from .conftest import API, concrete, resolve

pytestmark = pytest.mark.anyio

BLOG = {"blogUrl": "b", "title": "T"}
POSTS = {"data": [{"id": "p1", "intId": 1, "title": "one"}], "extra": {"isLast": True, "offset": ""}}


async def test_asynchronous_true_builds_an_async_chain() -> None:
    async with Boosty(asynchronous=True) as client:
        assert client.is_async and isinstance(client.sender, AsyncSender)
        with respx.mock(base_url=API) as mock:
            mock.get("/v1/blog/b").respond(json=BLOG)
            pending = client.blog("b")
            assert inspect.iscoroutine(pending)
            assert isinstance(await pending, Blog)


def test_asynchronous_false_and_none_build_a_sync_chain() -> None:
    for flag in (False, None):
        with Boosty(asynchronous=flag) as client:
            assert not client.is_async and isinstance(client.sender, SyncSender)


@pytest.mark.parametrize("wanted", [True, False])
async def test_conflicting_sender_warns_and_a_sender_of_the_requested_mode_is_built(wanted: bool) -> None:
    given = SyncSender() if wanted else AsyncSender()
    with pytest.warns(SenderConflictWarning, match="not used") as caught:
        client = Boosty(sender=given, asynchronous=wanted)
    assert caught[0].filename == __file__  # points at the caller's line
    assert issubclass(SenderConflictWarning, RuntimeWarning)
    assert client.sender is not given and client.is_async is wanted
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").respond(json=BLOG)
        assert (await resolve(client.blog("b"))).blog_url == "b"
    await client.aclose()
    await given.aclose()  # the given sender was left to its owner


async def test_a_sender_of_the_requested_mode_is_kept_without_a_warning() -> None:
    sender = RetryingSender(retries=1, sender=AsyncSender())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client = Boosty(sender=sender, asynchronous=True)
    assert client.sender is sender
    await client.aclose()


def test_asynchronous_must_be_a_bool() -> None:
    with pytest.raises(TypeError, match="asynchronous"):
        Boosty(asynchronous="yes")  # type: ignore[call-overload]


def test_async_client_refuses_a_sync_chain_behind_a_wrapper() -> None:
    with RetryingSender(retries=1) as sender, pytest.raises(TypeError, match="async sender"):
        AsyncBoosty(sender=sender)  # type: ignore[arg-type]


async def test_per_call_timeout_and_headers_reach_the_transport(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(json=BLOG)
        await resolve(client.blog("b", timeout=2.5, extra_headers={"X-Trace": "t1"}))
        await resolve(client.blog("b"))
    first, second = route.calls[0].request, route.calls[1].request
    assert first.headers["X-Trace"] == "t1" and first.extensions["timeout"]["read"] == 2.5
    assert "X-Trace" not in second.headers and second.extensions["timeout"]["read"] != 2.5


async def test_per_call_options_on_list_endpoints_and_iterators(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b/post/").respond(json=POSTS)
        page = await resolve(client.posts("b", extra_headers={"X-Trace": "page"}))
        items = client.iter_posts("b", limit=5, max_items=1, timeout=3.0, extra_headers={"X-Trace": "iter"})
        found = [p async for p in items] if client.is_async else list(items)
    assert [p.id for p in page] == ["p1"] and [p.id for p in found] == ["p1"]
    assert route.calls[0].request.headers["X-Trace"] == "page"
    walked = route.calls[1].request
    assert walked.headers["X-Trace"] == "iter" and walked.extensions["timeout"]["read"] == 3.0
    assert walked.url.params["limit"] == "5"


@pytest.mark.parametrize("timeout", [0, -1, "soon", True])
async def test_a_bad_per_call_timeout_is_a_value_error_before_any_request(
    client: Boosty | AsyncBoosty, timeout: object
) -> None:
    with respx.mock(base_url=API, assert_all_called=False) as mock:
        route = mock.get("/v1/blog/b").respond(json=BLOG)
        with pytest.raises(ValueError, match="timeout"):
            client.blog("b", timeout=timeout)
    assert not route.called


def test_derived_iterators_document_their_list_endpoint_parameters() -> None:
    client = Boosty()
    signature = inspect.signature(client.iter_posts)
    listing = inspect.signature(client.posts)
    assert list(signature.parameters)[: len(listing.parameters) - 2] == list(listing.parameters)[:-2]
    assert list(signature.parameters)[-3:] == ["max_items", "timeout", "extra_headers"]
    assert all(signature.parameters[n].kind is inspect.Parameter.KEYWORD_ONLY for n in ("max_items", "timeout"))
    assert client.iter_posts.__name__ == "iter_posts" and "posts" in (client.iter_posts.__doc__ or "")
    assert type(client).iter_subscribers.__qualname__.endswith(".iter_subscribers")
    client.close()


def test_every_endpoint_method_takes_the_per_call_options() -> None:
    with Boosty() as client:
        for name in ("blog", "posts", "comments", "current_user", "subscribers"):
            parameters = inspect.signature(getattr(client, name)).parameters
            assert parameters["timeout"].kind is inspect.Parameter.KEYWORD_ONLY, name
            assert parameters["extra_headers"].kind is inspect.Parameter.KEYWORD_ONLY, name


async def test_auth_is_a_layer_of_the_chain(mode: str) -> None:
    inner = concrete(mode)
    auth = BearerAuth(("https", "api.boosty.to"), "T9")
    auth.wrap(inner)
    assert auth.is_async is inner.is_async
    with respx.mock() as mock:
        api = mock.get(f"{API}/v1/blog/b").respond(json=BLOG)
        cdn = mock.get("https://cdn.example/x").respond(content=b"x")
        assert (await resolve(auth.send(Request("GET", f"{API}/v1/blog/b")))).status_code == 200
        assert (await resolve(auth.send(Request("GET", "https://cdn.example/x")))).content == b"x"
    assert api.calls.last.request.headers["Authorization"] == "Bearer T9"
    assert "Authorization" not in cdn.calls.last.request.headers
    await auth.aclose()  # the auth owns nothing: the chain stays open for its owner
    await inner.aclose()

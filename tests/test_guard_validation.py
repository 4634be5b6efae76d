"""Nonsense is refused at the public boundary with the parameter's name (issue #15 item 11):
endpoint arguments (checked against the builders' annotations, one mechanism for all),
headers, cookies, timeouts and RetryingSender's numbers. Nothing reaches the server."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal

import pytest

from boosty import AsyncBoosty, Boosty, RetryingSender
from boosty._checks import ArgumentChecker
from boosty._client.endpoint import Endpoint
from boosty.testing import FakeBoosty

from .conftest import concrete, resolve

pytestmark = pytest.mark.anyio


@pytest.fixture
async def fake_client(mode: str, fake_boosty: FakeBoosty) -> Any:
    sender = concrete(mode)
    kind = AsyncBoosty if sender.is_async else Boosty
    async with kind(base_url=fake_boosty.base_url, sender=sender) as client:
        yield client


@pytest.mark.parametrize(
    ("call", "name", "error"),
    [
        (lambda c: c.posts("demo", limit="5"), "limit", TypeError),
        (lambda c: c.posts("demo", limit=True), "limit", TypeError),
        (lambda c: c.posts("demo", limit=5.0), "limit", TypeError),
        (lambda c: c.posts(None), "blog", TypeError),
        (lambda c: c.posts(["demo"]), "blog", TypeError),
        (lambda c: c.posts("demo", from_ts="yesterday"), "from_ts", TypeError),
        (lambda c: c.post("demo", 5), "post_id", TypeError),
        (lambda c: c.comments("demo", "p", limit="10"), "limit", TypeError),
        (lambda c: c.iter_posts("demo", limit="5"), "limit", TypeError),
        (lambda c: c.posts("demo", extra_headers={"X": None}), "extra_headers", TypeError),
        (lambda c: c.posts("demo", extra_headers={"X": "a\r\nInjected: 1"}), "extra_headers", ValueError),
    ],
)
async def test_bad_endpoint_arguments_are_refused(
    fake_client: Any, fake_boosty: FakeBoosty, call: Any, name: str, error: type[Exception]
) -> None:
    with pytest.raises(error, match=name):
        result = call(fake_client)
        if hasattr(result, "__anext__"):
            await result.__anext__()
        elif hasattr(result, "__next__"):
            next(result)
        else:
            await resolve(result)
    assert fake_boosty.requests == []


async def test_good_arguments_still_pass(fake_client: Any) -> None:
    page = await resolve(fake_client.posts("demo", limit=2, from_ts=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)))
    assert len(page.items) == 2
    first = page.items[0]
    post = await resolve(fake_client.post("demo", first.id, timeout=10, extra_headers={"X-Trace": "1"}))
    assert post.id == first.id


def test_nearly_every_endpoint_checks_its_scalar_arguments() -> None:
    endpoints = [attr for klass in Boosty.__mro__ for attr in vars(klass).values() if isinstance(attr, Endpoint)]
    taking = [e for e in endpoints if e.build.__code__.co_argcount > 1 or e.build.__code__.co_kwonlyargcount]
    checked = [e for e in taking if e.check._load()]
    assert len(taking) > 80
    assert len(checked) >= len(taking) - 5  # the rest take only models, mappings or iterables


@pytest.mark.parametrize(
    ("options", "error", "name"),
    [
        ({"headers": {"X": None}}, TypeError, "headers"),
        ({"headers": {"X": 5}}, TypeError, "headers"),
        ({"headers": {"X": "a\nb"}}, ValueError, "headers"),
        ({"headers": {"Bad Name": "v"}}, ValueError, "headers"),
        ({"headers": [("X", "a\rb")]}, ValueError, "headers"),
        ({"headers": "X: y"}, TypeError, "headers"),
        ({"cookies": {"a;b": "c=d; auth=x"}}, ValueError, "cookies"),
        ({"cookies": {"a": "c=d; auth=x"}}, ValueError, "cookies"),
        ({"cookies": {"a": None}}, TypeError, "cookies"),
        ({"cookies": "a=b"}, TypeError, "cookies"),
        ({"timeout": "5"}, TypeError, "timeout"),
        ({"timeout": -1.0}, ValueError, "timeout"),
        ({"timeout": math.nan}, ValueError, "timeout"),
        ({"params": "a=b"}, TypeError, "params"),
    ],
)
def test_bad_client_options_are_refused(options: dict[str, Any], error: type[Exception], name: str) -> None:
    with pytest.raises(error, match=name):
        Boosty(**options)
    with Boosty() as client:
        derive = {"headers": client.with_headers, "cookies": client.with_cookies, "timeout": client.with_timeout}
        if name in derive:
            with pytest.raises(error, match=name):
                derive[name](options[name])


async def test_bad_request_headers_are_refused(fake_client: Any, fake_boosty: FakeBoosty) -> None:
    with pytest.raises(TypeError, match="headers"):
        await resolve(fake_client.request("GET", "/v1/blog/demo", headers={"X": None}))
    with pytest.raises(ValueError, match="headers"):
        await resolve(fake_client.request("GET", "/v1/blog/demo", headers={"X": "1\r\nHost: evil"}))
    with pytest.raises(TypeError, match="timeout"):
        await resolve(fake_client.request("GET", "/v1/blog/demo", timeout="1"))
    assert fake_boosty.requests == []


async def test_good_cookies_and_headers_are_sent(mode: str, fake_boosty: FakeBoosty) -> None:
    sender = concrete(mode)
    kind = AsyncBoosty if sender.is_async else Boosty
    async with kind(
        base_url=fake_boosty.base_url, sender=sender, headers={"X-Trace": "abc"}, cookies={"a": "b", "_c-d": "e.f"}
    ) as client:
        await resolve(client.blog("demo"))
    assert fake_boosty.requests[-1].headers["x-trace"] == "abc"


@pytest.mark.parametrize(
    ("options", "error", "name"),
    [
        ({"retries": 2.5}, TypeError, "retries"),
        ({"retries": "3"}, TypeError, "retries"),
        ({"retries": True}, TypeError, "retries"),
        ({"retries": -1}, ValueError, "retries"),
        ({"backoff_base": "1"}, TypeError, "backoff_base"),
        ({"backoff_cap": math.inf}, ValueError, "backoff_cap"),
        ({"retry_after_cap": math.nan}, ValueError, "retry_after_cap"),
        ({"max_429_attempts": 0}, ValueError, "max_429_attempts"),
        ({"max_429_attempts": 2.0}, TypeError, "max_429_attempts"),
        ({"retry_statuses": [503, "500"]}, ValueError, "retry_statuses"),
        ({"retry_methods": [1]}, TypeError, "retry_methods"),
    ],
)
def test_retrying_sender_numbers_are_checked(options: dict[str, Any], error: type[Exception], name: str) -> None:
    with pytest.raises(error, match=name):
        RetryingSender(**options)


def _builder(
    self: object, kind: Literal["a", "b"], size: float | Literal["auto"] = "auto", *rest: int, **more: Any
) -> None:
    """A request builder's shape the endpoint checker supports beyond the library's own."""


def test_checker_handles_literals_floats_and_variadics() -> None:
    check = ArgumentChecker(_builder)
    check(("a",), {"size": 2})  # an int is a float
    check(("b", "auto", "not checked"), {"other": object()})
    with pytest.raises(ValueError, match="'kind' must be one of"):
        check(("c",), {})
    with pytest.raises(TypeError, match="'size' must be float or int or one of"):
        check(("a",), {"size": "big"})
    with pytest.raises(TypeError, match="'size'"):
        check(("a", True), {})

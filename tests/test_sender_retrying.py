"""RetryingSender over a real httpx transport (respx or httpx.MockTransport), sync and async."""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest
import respx

from boosty import (
    AsyncBoosty,
    AsyncSender,
    Blog,
    Boosty,
    CachingSender,
    ExtendingSender,
    InternalServerError,
    NetworkError,
    Request,
    RequestTimeout,
    Response,
    RetryingSender,
    Sender,
    ServiceUnavailable,
    SyncSender,
    TooManyRequests,
)
from boosty._sender import Sleep
from boosty._sender.base import Flow

from .conftest import API, concrete, resolve

pytestmark = pytest.mark.anyio

URL = f"{API}/v1/blog/b"
FAST = {"backoff_base": 0.001, "backoff_cap": 0.002, "retry_after_cap": 0.002}

S = TypeVar("S", bound=ExtendingSender)


# -- helpers shared with the other sender tests -------------------------------------------


def _recorded(flow: Flow, sleeps: list[float]) -> Flow:
    """Forward ``flow`` step by step, noting each Sleep and skipping its wait."""
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = flow.send(value) if error is None else flow.throw(error)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        value, error = None, None
        if isinstance(step, Sleep):
            sleeps.append(step.seconds)
            yield Sleep(0.0)
            continue
        try:
            value = yield step
        except Exception as exc:
            error = exc


def recording(cls: type[S]) -> type[S]:
    """A subclass of the sender ``cls`` whose ``sleeps`` lists the waits its flow asked for."""

    class Recording(cls):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.sleeps: list[float] = []

        def flow(self, request: Request) -> Flow:
            return _recorded(super().flow(request), self.sleeps)

    return Recording  # type: ignore[return-value]


def mock_sender(mode: str, handler: Callable[[httpx.Request], httpx.Response]) -> Sender:
    """A concrete sender of ``mode`` over an in-process httpx.MockTransport."""
    transport = httpx.MockTransport(handler)
    return AsyncSender(transport=transport) if mode == "async" else SyncSender(transport=transport)


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that records whether it was closed."""

    def __init__(self, data: bytes = b"payload") -> None:
        self.data = data
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield self.data

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.data

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


Retrying = recording(RetryingSender)


# -- what is retried ----------------------------------------------------------------------


async def test_5xx_then_success(mode: str) -> None:
    sender = Retrying(3, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=[httpx.Response(500), httpx.Response(502), httpx.Response(504), httpx.Response(200, json={})]
        )
        response = await resolve(sender.send(Request("GET", URL)))
    assert response.status_code == 200
    assert route.call_count == 4
    assert len(sender.sleeps) == 3


@pytest.mark.parametrize("error", [httpx.ConnectError, httpx.ReadTimeout, httpx.RemoteProtocolError])
async def test_transport_errors_are_retried(mode: str, error: type[Exception]) -> None:
    sender = RetryingSender(2, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(side_effect=[error("boom"), httpx.Response(200, json={"ok": 1})])
        response = await resolve(sender.send(Request("GET", URL)))
    assert response.json() == {"ok": 1}
    assert route.call_count == 2


async def test_transport_error_exhausted_is_reraised(mode: str) -> None:
    sender = RetryingSender(2, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(side_effect=httpx.ReadTimeout("slow"))
        with pytest.raises(RequestTimeout) as info:
            await resolve(sender.send(Request("GET", URL)))
    assert route.call_count == 3
    assert isinstance(info.value, NetworkError)
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)


async def test_5xx_exhausted_raises_the_http_error(mode: str) -> None:
    sender = RetryingSender(2, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(500, json={"error": "internal", "error_description": "down"})
        with pytest.raises(InternalServerError) as info:
            await resolve(sender.send(Request("GET", URL)))
    assert route.call_count == 3
    assert info.value.error_description == "down"


@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_unsafe_methods_are_not_retried(mode: str, method: str) -> None:
    sender = RetryingSender(3, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.route(method=method, path="/v1/blog/b").respond(503)
        response = await resolve(sender.send(Request(method, URL)))
        assert response.status_code == 503  # handed back as is: not a retry case
        assert route.call_count == 1
        route.mock(side_effect=httpx.ConnectError("refused"))
        with pytest.raises(NetworkError):
            await resolve(sender.send(Request(method, URL)))
        assert route.call_count == 2


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
async def test_methods_idempotent_by_http_are_retried(mode: str, method: str) -> None:
    sender = RetryingSender(2, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.route(method=method, path="/v1/blog/b")
        route.mock(side_effect=[httpx.Response(503), httpx.ConnectError("refused"), httpx.Response(200)])
        response = await resolve(sender.send(Request(method, URL, data={"a": "1"})))
    assert response.status_code == 200
    assert route.call_count == 3
    assert [call.request.content for call in route.calls] == [b"a=1"] * 3


async def test_post_meeting_503_is_sent_exactly_once(mode: str) -> None:
    sender = RetryingSender(5, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.post("/v1/blog/b").respond(503, headers={"Retry-After": "0"})
        response = await resolve(sender.send(Request("POST", URL, data={"a": "1"})))
    assert response.status_code == 503
    assert route.call_count == 1


@pytest.mark.parametrize(("method", "idempotent", "calls"), [("POST", True, 2), ("PUT", False, 1), ("GET", False, 1)])
async def test_idempotent_extension_overrides_the_method(mode: str, method: str, idempotent: bool, calls: int) -> None:
    sender = RetryingSender(3, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.route(method=method, path="/v1/blog/b")
        route.mock(side_effect=[httpx.Response(502), httpx.Response(200)])
        request = Request(method, URL, extensions={"idempotent": idempotent})
        response = await resolve(sender.send(request))
    assert route.call_count == calls
    assert response.status_code == (200 if calls == 2 else 502)


async def test_429_without_retry_after_is_not_retried_for_post(mode: str) -> None:
    sender = RetryingSender(3, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.post("/v1/blog/b").respond(429)
        response = await resolve(sender.send(Request("POST", URL)))
    assert response.status_code == 429 and route.call_count == 1


async def test_unsafe_method_retried_when_allowed(mode: str) -> None:
    sender = RetryingSender(2, concrete(mode), retry_methods={"GET", "POST"}, **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.post("/v1/blog/b").mock(side_effect=[httpx.Response(503), httpx.Response(201)])
        response = await resolve(sender.send(Request("POST", URL, json={"a": 1})))
    assert response.status_code == 201
    assert route.call_count == 2
    assert route.calls[1].request.content == b'{"a":1}'


async def test_other_statuses_are_returned_at_once(mode: str) -> None:
    sender = RetryingSender(3, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(404)
        response = await resolve(sender.send(Request("GET", URL)))
    assert response.status_code == 404
    assert route.call_count == 1


async def test_custom_retry_statuses(mode: str) -> None:
    sender = RetryingSender(1, concrete(mode), retry_statuses={408}, **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(side_effect=[httpx.Response(408), httpx.Response(500)])
        response = await resolve(sender.send(Request("GET", URL)))
    assert response.status_code == 500  # 500 is no longer in the set
    assert route.call_count == 2


async def test_retries_zero_never_repeats(mode: str) -> None:
    sender = RetryingSender(0, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(503)
        with pytest.raises(ServiceUnavailable):
            await resolve(sender.send(Request("GET", URL)))
    assert route.call_count == 1


# -- 429 and Retry-After -------------------------------------------------------------------


async def test_429_is_retried_even_for_post(mode: str) -> None:
    sender = Retrying(2, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.post("/v1/blog/b").mock(
            side_effect=[httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(200)]
        )
        response = await resolve(sender.send(Request("POST", URL)))
    assert response.status_code == 200
    assert route.call_count == 2
    assert sender.sleeps == [0.0]


async def test_429_storm_ends_with_too_many_requests(mode: str) -> None:
    sender = RetryingSender(50, concrete(mode), max_429_attempts=4, **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(429, headers={"Retry-After": "7"})
        with pytest.raises(TooManyRequests) as info:
            await resolve(sender.send(Request("GET", URL)))
    assert route.call_count == 4
    assert info.value.retry_after == 7.0
    assert info.value.status_code == 429


async def test_429_storm_bounded_by_retries(mode: str) -> None:
    sender = RetryingSender(1, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(429)
        with pytest.raises(TooManyRequests):
            await resolve(sender.send(Request("GET", URL)))
    assert route.call_count == 2


def _http_date(offset: float) -> str:
    return email.utils.formatdate(time.time() + offset, usegmt=True)


@pytest.mark.parametrize(
    ("status", "value", "low", "high"),
    [
        (429, "3", 3.0, 3.0),
        (503, "2.5", 2.5, 2.5),
        (429, "1000", 60.0, 60.0),  # capped at retry_after_cap
        (503, "-5", 0.0, 0.0),  # negative: no wait
        (429, 40.0, 30.0, 40.0),  # HTTP-date in the future (a number here: seconds from now)
        (503, -3600.0, 0.0, 0.0),  # HTTP-date in the past
        (429, 7200.0, 60.0, 60.0),  # far date: capped
        (429, "soon", 0.0, 0.5),  # garbage: the backoff (base 0.5 for retry 0)
        (503, "", 0.0, 0.5),
    ],
)
async def test_retry_after(mode: str, status: int, value: str | float, low: float, high: float) -> None:
    if isinstance(value, float):
        value = _http_date(value)
    sender = Retrying(1, concrete(mode), backoff_base=0.5)
    async with sender, respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").mock(
            side_effect=[httpx.Response(status, headers={"Retry-After": value}), httpx.Response(200)]
        )
        response = await resolve(sender.send(Request("GET", URL)))
    assert response.status_code == 200
    assert len(sender.sleeps) == 1
    assert low <= sender.sleeps[0] <= high


async def test_retry_after_ignored_on_500(mode: str) -> None:
    sender = Retrying(1, concrete(mode), backoff_base=0.25, backoff_cap=0.25)
    async with sender, respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").mock(
            side_effect=[httpx.Response(500, headers={"Retry-After": "50"}), httpx.Response(200)]
        )
        await resolve(sender.send(Request("GET", URL)))
    assert 0.0 <= sender.sleeps[0] <= 0.25


async def test_backoff_is_capped_exponential_with_jitter(mode: str) -> None:
    sender = Retrying(6, concrete(mode), backoff_base=1.0, backoff_cap=5.0)
    async with sender, respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").mock(side_effect=[httpx.ConnectError("x")] * 6 + [httpx.Response(200)])
        await resolve(sender.send(Request("GET", URL)))
    ceilings = [1.0, 2.0, 4.0, 5.0, 5.0, 5.0]
    assert len(sender.sleeps) == 6
    assert all(0.0 <= s <= c for s, c in zip(sender.sleeps, ceilings))
    draws = [sender.backoff(10) for _ in range(200)]
    assert max(draws) <= 5.0 and len(set(draws)) > 100  # jittered, capped, never overflowing
    assert 0.0 <= sender.backoff(10_000) <= 5.0


# -- composition ---------------------------------------------------------------------------


async def test_retry_layers_never_multiply(mode: str) -> None:
    inner = Retrying(3, concrete(mode), **FAST)
    outer = Retrying(2, inner, **FAST)
    async with outer, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(503)
        with pytest.raises(ServiceUnavailable):
            await resolve(outer.send(Request("GET", URL)))
    assert route.call_count == 3  # outer's 1 + 2, not (1 + 2) * (1 + 3)
    assert len(outer.sleeps) == 2
    assert inner.sleeps == []


async def test_request_taken_from_a_response_is_retried_again(mode: str) -> None:
    sender = RetryingSender(1, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=[httpx.Response(200), httpx.Response(502), httpx.Response(200, text="again")]
        )
        first = await resolve(sender.send(Request("GET", URL)))
        again = await resolve(sender.send(first.request))  # carries the first call's spent mark
    assert again.text == "again"
    assert route.call_count == 3


async def test_nested_under_other_wrappers(mode: str) -> None:
    """A retry layer below a cache and above another retry layer still retries once."""
    chain = CachingSender(8, RetryingSender(2, RetryingSender(5, concrete(mode), **FAST), **FAST), default_ttl=60)
    async with chain, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(side_effect=[httpx.Response(502), httpx.Response(200, json={"n": 1})])
        first = await resolve(chain.send(Request("GET", URL)))
        second = await resolve(chain.send(Request("GET", URL)))
    assert first.json() == second.json() == {"n": 1}
    assert route.call_count == 2


async def test_under_client(mode: str) -> None:
    sender = RetryingSender(3, concrete(mode), **FAST)
    client: Boosty | AsyncBoosty = AsyncBoosty(sender=sender) if mode == "async" else Boosty(sender=sender)
    async with client:
        assert client.is_async is (mode == "async")
        with respx.mock(base_url=API) as mock:
            route = mock.get("/v1/blog/b").mock(
                side_effect=[
                    httpx.ConnectError("reset"),
                    httpx.Response(502),
                    httpx.Response(200, json={"blogUrl": "b"}),
                ]
            )
            blog = await resolve(client.blog("b"))
    assert isinstance(blog, Blog) and blog.blog_url == "b"
    assert route.call_count == 3


async def test_boosty_with_async_chain_is_async() -> None:
    client = Boosty(sender=CachingSender(max_size=256, sender=RetryingSender(retries=3, sender=AsyncSender())))
    async with client:
        assert client.is_async
        with respx.mock(base_url=API) as mock:
            mock.get("/v1/blog/b").respond(200, json={"blogUrl": "b"}, headers={"Cache-Control": "max-age=60"})
            pending = client.blog("b")
            assert not isinstance(pending, Blog)
            blog = await resolve(pending)
    assert blog.blog_url == "b"


# -- streams and logging ---------------------------------------------------------------------


async def test_streamed_request_discards_and_closes_failed_attempts(mode: str) -> None:
    bodies = [Body(b"busy"), Body(b"busy"), Body(b"the body")]
    statuses = iter([503, 500, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        index = 3 - len(remaining)
        remaining.pop()
        return httpx.Response(next(statuses), stream=bodies[index])

    remaining = [0, 1, 2]
    sender = RetryingSender(3, mock_sender(mode, handler), **FAST)
    async with sender:
        response = await resolve(sender.send(Request("GET", URL, stream=True)))
        assert response.status_code == 200 and response.content == b""
        if mode == "async":
            chunks = [chunk async for chunk in response.aiter_bytes()]
            await response.aclose()
        else:
            chunks = list(response.iter_bytes())
            response.close()
    assert b"".join(chunks) == b"the body"
    assert bodies[0].closed and bodies[1].closed and bodies[2].closed


async def test_streamed_request_gives_up_and_closes(mode: str) -> None:
    body = Body(b"down")
    sender = RetryingSender(0, mock_sender(mode, lambda request: httpx.Response(503, stream=body)), **FAST)
    async with sender:
        with pytest.raises(ServiceUnavailable):
            await resolve(sender.send(Request("GET", URL, stream=True)))
    assert body.closed


async def test_each_retry_logged_without_secrets(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    sender = RetryingSender(2, concrete(mode), **FAST)
    request = Request("GET", URL, params={"sig": "signed-secret"}, headers={"Authorization": "Bearer tok-secret"})
    async with sender, respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").mock(side_effect=[httpx.ConnectError("x"), httpx.Response(503), httpx.Response(200)])
        with caplog.at_level(logging.DEBUG, logger="boosty.retry"):
            await resolve(sender.send(request))
    records = [r for r in caplog.records if r.name == "boosty.retry"]
    assert [r.levelno for r in records] == [logging.DEBUG, logging.DEBUG]
    text = "\n".join(r.getMessage() for r in records)
    assert "retry 1 of 2" in text and "ConnectError" in text and "retry 2 of 2" in text and "503" in text
    assert "/v1/blog/b" in text
    assert "tok-secret" not in text and "signed-secret" not in text


def test_bad_arguments() -> None:
    with SyncSender() as inner:
        for kwargs in ({"retries": -1}, {"backoff_base": -1.0}, {"max_429_attempts": 0}):
            with pytest.raises(ValueError):
                RetryingSender(sender=inner, **kwargs)  # type: ignore[arg-type]


async def test_default_inner_sender_is_sync() -> None:
    with RetryingSender(1) as sender:
        assert not sender.is_async
        assert isinstance(sender.sender, SyncSender)


async def test_response_from_inner_is_unchanged(mode: str) -> None:
    sender = RetryingSender(1, concrete(mode), **FAST)
    async with sender, respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").respond(200, headers={"X-Id": "7"}, content=b"raw")
        response = await resolve(sender.send(Request("GET", URL)))
    assert isinstance(response, Response)
    assert response.headers["x-id"] == "7" and response.content == b"raw"

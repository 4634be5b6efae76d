"""Errors raised from real status codes, bodies and transport failures, in both modes."""

from __future__ import annotations

import httpx
import pytest
import respx

import boosty
from boosty import AsyncBoosty, Boosty

from .conftest import API, resolve

pytestmark = pytest.mark.anyio

SECRET = "tok_" + "s3cr3t" * 8

STATUS_CLASSES = [
    (400, boosty.BadRequest),
    (401, boosty.Unauthorised),
    (403, boosty.Forbidden),
    (404, boosty.NotFound),
    (405, boosty.MethodNotAllowed),
    (415, boosty.UnsupportedMediaType),
    (429, boosty.TooManyRequests),
    (500, boosty.InternalServerError),
    (502, boosty.BadGateway),
    (503, boosty.ServiceUnavailable),
    (504, boosty.GatewayTimeout),
    (418, boosty.ClientError),
    (599, boosty.ServerError),
]


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
async def test_status_maps_to_class(client: Boosty | AsyncBoosty, status: int, cls: type[boosty.HTTPError]) -> None:
    body = {"error": "invalid_param", "error_description": "Bad limit"}
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").respond(status, json=body)
        with pytest.raises(cls) as info:
            await resolve(client.blog("b"))
    err = info.value
    assert type(err) is cls
    assert isinstance(err, boosty.ClientError if status < 500 else boosty.ServerError)
    assert err.status_code == status
    assert (err.error, err.error_description) == ("invalid_param", "Bad limit")
    assert str(err) == f"{status} GET {API}/v1/blog/b: invalid_param: Bad limit"
    assert err.response.status_code == status and err.request.method == "GET"


async def test_nginx_html_page_kept_as_text(client: Boosty | AsyncBoosty) -> None:
    page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>\r\n"
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").respond(502, text=page, headers={"Content-Type": "text/html"})
        with pytest.raises(boosty.BadGateway) as info:
            await resolve(client.blog("b"))
    assert info.value.body == page
    assert info.value.error is None
    assert str(info.value).endswith(": 502 Bad Gateway")


@pytest.mark.parametrize("header", ["7", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", None])
async def test_retry_after_parsed_on_429(client: Boosty | AsyncBoosty, header: str | None) -> None:
    headers = {"Retry-After": header} if header is not None else {}
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").respond(429, headers=headers)
        with pytest.raises(boosty.TooManyRequests) as info:
            await resolve(client.blog("b"))
    expected = {"7": 7.0, "Wed, 21 Oct 2015 07:28:00 GMT": 0.0}.get(header or "")
    assert info.value.retry_after == expected


@pytest.mark.parametrize(
    ("raised", "cls"),
    [
        (httpx.ConnectError("connection refused"), boosty.NetworkError),
        (httpx.RemoteProtocolError("peer closed"), boosty.NetworkError),
        (httpx.ReadTimeout("timed out"), boosty.RequestTimeout),
        (httpx.ConnectTimeout("timed out"), boosty.RequestTimeout),
    ],
)
async def test_transport_errors_wrapped(client: Boosty | AsyncBoosty, raised: Exception, cls: type[Exception]) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").mock(side_effect=raised)
        with pytest.raises(cls) as info:
            await resolve(client.blog("b"))
    assert isinstance(info.value, boosty.BoostyError)
    assert isinstance(info.value.__cause__, type(raised))


async def test_invalid_json_is_parse_error(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").respond(200, text='{"blogUrl": "b", "title": ')
        with pytest.raises(boosty.ParseError, match="not JSON"):
            await resolve(client.blog("b"))


async def test_wrong_shape_names_the_field(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").respond(200, json={"blogUrl": "b", "count": {"posts": "many"}})
        with pytest.raises(boosty.ParseError) as info:
            await resolve(client.blog("b"))
    assert info.value.path == "count.posts"


async def test_no_token_in_messages_or_reprs(mode: str) -> None:
    c: Boosty | AsyncBoosty = AsyncBoosty(token=SECRET) if mode == "async" else Boosty(token=SECRET)
    async with c:
        with respx.mock(base_url=API) as mock:
            route = mock.get("/v1/blog/b").respond(401, json={"error": "invalid_token", "error_description": "expired"})
            with pytest.raises(boosty.Unauthorised) as info:
                await resolve(c.blog("b"))
        sent = route.calls.last.request
        assert sent.headers["Authorization"] == f"Bearer {SECRET}"
        err = info.value
        texts = [str(err), repr(err), repr(err.request), repr(err.response), repr(err.request.headers), repr(c)]
        texts.append(repr(c._auth))
        for text in texts:
            assert SECRET not in text
        assert "***" in repr(err.request.headers) or "Authorization" not in err.request.headers


async def test_no_user_info_of_a_url_in_messages_or_reprs(mode: str) -> None:
    base = f"https://user:{SECRET}@api.boosty.to"
    c: Boosty | AsyncBoosty = AsyncBoosty(base_url=base) if mode == "async" else Boosty(base_url=base)
    async with c:
        with respx.mock(base_url=API) as mock:
            mock.get("/v1/blog/b").respond(404, json={"error": "blog_not_found"})
            with pytest.raises(boosty.NotFound) as info:
                await resolve(c.blog("b"))
            mock.get("/v1/blog/down").mock(side_effect=httpx.ConnectError("refused"))
            with pytest.raises(boosty.NetworkError) as down:
                await resolve(c.blog("down"))
    err = info.value
    texts = [str(err), repr(err), repr(err.request), repr(err.response), repr(c), str(down.value), repr(down.value)]
    for text in texts:
        assert SECRET not in text
    assert "https://api.boosty.to/v1/blog/b" in str(err) and "https://api.boosty.to/v1/blog/b" in repr(err.request)

"""Hostile JSON from the network or disk: nesting too deep for the decoder, and non-finite
numbers (``Infinity``, ``NaN``, ``1e999``). Each becomes a typed error or ``None`` with a
warning, never a ``RecursionError`` or an ``OverflowError``."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import respx

import boosty
from boosty import AsyncBoosty, Boosty, Credentials, ExtendingSender, FileTokenStorage, Response, RetryingSender
from boosty.download import AsyncDownloader, Downloader
from boosty.testing import FakeBoosty

from .conftest import API, concrete, resolve

pytestmark = pytest.mark.anyio

DEEP = b"[" * 100_000


async def test_deep_200_answer_is_a_parse_error(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").respond(200, content=DEEP, headers={"Content-Type": "application/json"})
        with pytest.raises(boosty.ParseError, match="nested too deeply"):
            await resolve(client.blog("b"))


@pytest.mark.parametrize(
    ("status", "error"),
    [(500, boosty.InternalServerError), (404, boosty.NotFound), (429, boosty.TooManyRequests)],
)
async def test_deep_error_bodies_keep_the_status_error(mode: str, status: int, error: type[Exception]) -> None:
    sender = RetryingSender(retries=1, sender=concrete(mode), backoff_base=0, backoff_cap=0)
    cls = AsyncBoosty if mode == "async" else Boosty
    async with cls(sender=sender) as client:
        with respx.mock(base_url=API) as mock:
            route = mock.get("/v1/blog/b").respond(status, content=DEEP, headers={"Retry-After": "0"})
            with pytest.raises(error):
                await resolve(client.blog("b"))
    # A 429 with Retry-After is waited out beyond ``retries``, up to ``max_429_attempts`` (5).
    assert route.call_count == {404: 1, 429: 5}.get(status, 2)


async def test_deep_refresh_answer_is_an_auth_error(mode: str) -> None:
    expired = Credentials("a" * 40, "r" * 40, "device", expires_at=time.time() - 10)
    cls = AsyncBoosty if mode == "async" else Boosty
    async with cls(credentials=expired, sender=concrete(mode)) as client:
        with respx.mock(base_url=API) as mock:
            mock.post("/oauth/token/").respond(200, content=DEEP)
            with pytest.raises(boosty.AuthError, match="without an access_token"):
                await resolve(client.current_user())


def test_deep_credentials_file_is_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "credentials.json"
    path.write_bytes(DEEP)
    with pytest.raises(boosty.TokenStorageError, match="corrupt"):
        FileTokenStorage(path).load()


async def test_non_finite_numbers_become_none_with_a_warning(client: Boosty | AsyncBoosty) -> None:
    body = b'{"blogUrl": "b", "title": "T", "count": {"posts": Infinity, "subscribers": 1e999}}'
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").respond(200, content=body)
        with pytest.warns(boosty.ParseWarning, match="non-finite number") as caught:
            blog = await resolve(client.blog("b"))
    assert blog.blog_url == "b"
    assert {str(w.message).split()[2] for w in caught} == {"Infinity", "1e999"}


class _InfinitePrices(ExtendingSender):
    """Rewrites the fake's post lists the way a broken API would: every price ``Infinity``."""

    def on_response(self, response: Response) -> Response:
        if "/post/" not in response.url or not response.content.startswith(b"{"):
            return response
        data = json.loads(response.content)
        for post in data["data"] if isinstance(data.get("data"), list) else [data]:
            post["price"] = "@INF@"
        return response.evolve(content=json.dumps(data).replace('"@INF@"', "Infinity").encode())


async def test_infinite_price_does_not_stop_a_download(fake_boosty: FakeBoosty, mode: str, tmp_path: Path) -> None:
    token = fake_boosty.issue_tokens("owner")["access_token"]
    sender = _InfinitePrices(concrete(mode))
    cls: Any = AsyncBoosty if mode == "async" else Boosty
    async with cls(token, base_url=fake_boosty.base_url, sender=sender) as client:
        with pytest.warns(boosty.ParseWarning, match="non-finite number Infinity"):
            if mode == "async":
                report = await AsyncDownloader(client, tmp_path, limit=2).run("demo")
            else:
                report = Downloader(client, tmp_path, limit=2).run("demo")
    assert report.ok and report.posts_new == 2
    saved = [json.loads(p.read_bytes()) for p in sorted(tmp_path.rglob("post.json"))]  # noqa: ASYNC240
    # Infinity decodes to None, which Post reads as its documented null price, 0.
    assert len(saved) == 2 and all(post["price"] == 0 for post in saved)

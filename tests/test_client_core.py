from __future__ import annotations

import pytest
import respx

from boosty import AsyncBoosty, Blog, Boosty, NotFound, SyncSender

from .conftest import API, resolve

pytestmark = pytest.mark.anyio


async def test_blog_end_to_end(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        mock.get("/v1/blog/some_blog").respond(json={"blogUrl": "some_blog", "title": "T", "count": {"posts": 3}})
        blog = await resolve(client.blog("some_blog"))
    assert isinstance(blog, Blog)
    assert blog.blog_url == "some_blog" and blog.count.posts == 3


async def test_not_found(client: Boosty | AsyncBoosty) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/nope").respond(404, json={"error": "not_found", "error_description": "Blog not found"})
        with pytest.raises(NotFound) as info:
            await resolve(client.blog("nope"))
    assert info.value.error == "not_found"
    assert "Blog not found" in str(info.value)


def test_async_client_refuses_sync_sender() -> None:
    with SyncSender() as sender, pytest.raises(TypeError):
        AsyncBoosty(sender=sender)

"""Blogs: profile."""

from __future__ import annotations

from ..._model.blog import Blog
from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ._parse import model


class BlogsAPI(ClientBase):
    """Blog endpoints."""

    @endpoint(model(Blog))
    def blog(self, blog: str) -> Request:
        """A blog's profile: ``GET /v1/blog/{blog}``.

        Auth: optional (a token adds ``is_subscribed`` and the viewer's access).
        Returns :class:`~boosty.Blog`. Raises :class:`~boosty.NotFound` for an unknown blog.
        """
        return self._request("GET", "/v1/blog/{}", blog)

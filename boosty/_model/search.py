"""Search results (``GET /v1/search/...``)."""

from __future__ import annotations

import attrs

from .blog import Blog
from .common import Tag
from .converter import Model
from .post import Post

__all__ = ["SearchBlogHit", "SearchHeadline", "SearchPostHit", "SearchTagHit"]


@attrs.frozen(repr=False)
class SearchHeadline(Model):
    """Where a post matched: ``title``, ``teaser``, ``data`` and ``tags`` excerpts with
    the API's highlight markup around the match."""

    title: str = ""
    teaser: str = ""
    data: str = ""
    tags: str = ""
    _repr_fields = ("title",)


@attrs.frozen(repr=False)
class SearchPostHit(Model):
    """A post found by a search: the ``post``, its ``blog``, the ``rank`` (relevance) and
    the matched ``headline``."""

    post: Post
    blog: Blog | None = None
    rank: float | None = None
    headline: SearchHeadline | None = None
    _repr_fields = ("post", "rank")


@attrs.frozen(repr=False)
class SearchBlogHit(Model):
    """A blog found by a search, with its ``rank``."""

    blog: Blog | None = None
    rank: float | None = None
    _repr_fields = ("blog", "rank")


@attrs.frozen(repr=False)
class SearchTagHit(Model):
    """A tag found by a search, with its ``rank``."""

    tag: Tag = attrs.field(factory=Tag)
    rank: float | None = None
    _repr_fields = ("tag", "rank")

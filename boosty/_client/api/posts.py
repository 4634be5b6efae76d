"""Posts: a blog's posts, one post, the personal feed, the media album, deferred access."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ..paging import CURSOR, list_endpoint
from ._extract import nested
from ._params import TimeInput, comma, unix_seconds
from ._parse import model

if TYPE_CHECKING:
    from ...models import DeferredAccess, MediaAlbumItem, Post
else:
    from ._models import DeferredAccess, MediaAlbumItem, Post

MEDIA_TYPES = ("all", "image", "video", "audio")


class PostsAPI(ClientBase):
    """Post reading endpoints."""

    @list_endpoint(Post, CURSOR)
    def posts(
        self,
        blog: str,
        *,
        limit: int | None = None,
        offset: str | None = None,
        from_ts: TimeInput = None,
        to_ts: TimeInput = None,
        level_id: int | None = None,
        tags_ids: Iterable[int] | int | str | None = None,
        is_only_allowed: bool | None = None,
        comments_limit: int | None = None,
        reply_limit: int | None = None,
    ) -> Request:
        """A page of a blog's posts, newest first: ``GET /v1/blog/{blog}/post/``. Auth: optional
        (a token unlocks paid posts the viewer has access to).

        ``limit`` is the page size (the API serves at most 100); ``offset`` the cursor of a
        previous page (``page.offset``); ``from_ts``/``to_ts`` bound the publish time
        (``datetime`` or unix seconds); ``level_id`` and ``tags_ids`` filter;
        ``is_only_allowed=True`` keeps only posts the viewer can open;
        ``comments_limit``/``reply_limit`` embed that many comments and replies per post.
        Returns ``Page[`` :class:`~boosty.Post` ``]`` (``extra.offset`` + ``extra.isLast``
        paging). Raises :class:`~boosty.NotFound` for an unknown blog,
        :class:`~boosty.BadRequest` for a malformed name.
        """
        params = {
            "limit": limit,
            "offset": offset,
            "from_ts": unix_seconds(from_ts),
            "to_ts": unix_seconds(to_ts),
            "level_id": level_id,
            "tags_ids": comma(tags_ids),
            "is_only_allowed": is_only_allowed,
            "comments_limit": comments_limit,
            "reply_limit": reply_limit,
        }
        return self._request("GET", "/v1/blog/{}/post/", blog, params=params)

    iter_posts = posts.iterator()

    @endpoint(model(Post))
    def post(
        self, blog: str, post_id: str, *, comments_limit: int | None = None, reply_limit: int | None = None
    ) -> Request:
        """One post: ``GET /v1/blog/{blog}/post/{post_id}``. Auth: optional.

        ``post_id`` is the post's UUID ``id``. A fresh fetch renews the media links
        (``signed_query``). Returns :class:`~boosty.Post`. Raises :class:`~boosty.NotFound`
        when the post is not in that blog.
        """
        params = {"comments_limit": comments_limit, "reply_limit": reply_limit}
        return self._request("GET", "/v1/blog/{}/post/{}", blog, post_id, params=params)

    @list_endpoint(Post, CURSOR, ("data", "posts"))
    def feed(self, *, limit: int | None = None, offset: str | None = None, only_allowed: bool | None = None) -> Request:
        """A page of the user's personal feed: ``GET /v1/feed/post/``. Auth: user.

        ``limit`` is the page size, ``offset`` a previous page's cursor, ``only_allowed=True``
        keeps only posts the user can open. Returns ``Page[`` :class:`~boosty.Post` ``]``.
        Raises :class:`~boosty.Unauthorised` without a valid token.
        """
        params = {"limit": limit, "offset": offset, "only_allowed": only_allowed}
        return self._request("GET", "/v1/feed/post/", params=params)

    iter_feed = feed.iterator()

    @list_endpoint(MediaAlbumItem, CURSOR, ("data", "mediaPosts"))
    def media_album(
        self,
        blog: str,
        type: str = "all",  # noqa: A002  (the API's name)
        *,
        limit: int | None = None,
        offset: str | None = None,
        only_allowed: bool | None = None,
        from_ts: TimeInput = None,
        to_ts: TimeInput = None,
    ) -> Request:
        """A page of a blog's media album: ``GET /v1/blog/{blog}/media_album/``. Auth: optional.

        ``type`` is ``"all"``, ``"image"``, ``"video"`` or ``"audio"``; media are counted
        per item (``limit_by=media``). Returns ``Page[`` :class:`~boosty.MediaAlbumItem`
        ``]``: each item is a reduced post and its media blocks
        (``item.media_for(quality)`` gives signed download URLs). Raises
        :class:`ValueError` for another ``type``, :class:`~boosty.NotFound` for an unknown
        blog.
        """
        if type not in MEDIA_TYPES:
            raise ValueError(f"type must be one of {MEDIA_TYPES}, got {type!r}")
        params = {
            "type": type,
            "limit_by": "media",
            "limit": limit,
            "offset": offset,
            "only_allowed": only_allowed,
            "from_ts": unix_seconds(from_ts),
            "to_ts": unix_seconds(to_ts),
        }
        return self._request("GET", "/v1/blog/{}/media_album/", blog, params=params)

    iter_media_album = media_album.iterator()

    @endpoint(nested(DeferredAccess, "data"))
    def post_deferred_access(self, blog: str, post_id: str) -> Request:
        """A post's scheduled price change: ``GET /v1/blog/{blog}/post/{post_id}/deferred_access``.

        Auth: owner. Returns :class:`~boosty.DeferredAccess`. Raises
        :class:`~boosty.Unauthorised` / :class:`~boosty.Forbidden` for others,
        :class:`~boosty.NotFound` for an unknown post.
        """
        return self._request("GET", "/v1/blog/{}/post/{}/deferred_access", blog, post_id)

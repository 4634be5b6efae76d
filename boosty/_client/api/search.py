"""Search: posts (in the feed or in one blog), blogs, tags."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..paging import CURSOR, list_endpoint
from ._params import TimeInput, comma, unix_seconds

if TYPE_CHECKING:
    from ...models import SearchBlogHit, SearchPostHit, SearchTagHit
else:
    from ._models import SearchBlogHit, SearchPostHit, SearchTagHit


class SearchAPI(ClientBase):
    """Search endpoints."""

    @list_endpoint(SearchPostHit, CURSOR, ("data", "searchPosts"))
    def search_posts(
        self,
        query: str,
        *,
        blog: str | None = None,
        limit: int = 20,
        offset: str | None = None,
        only_allowed: bool | None = None,
        only_bought: bool | None = None,
        from_ts: TimeInput = None,
        to_ts: TimeInput = None,
        tags_ids: Iterable[int] | int | str | None = None,
        subscription_level: Iterable[int] | int | str | None = None,
        has_image: bool | None = None,
        has_audio_file: bool | None = None,
        has_audio: bool | None = None,
        has_ok_video: bool | None = None,
        has_video: bool | None = None,
        has_file: bool | None = None,
    ) -> Request:
        """A page of posts matching ``query``.

        Without ``blog``: ``GET /v1/search/feed/post/`` over the user's feed (auth: user;
        ``only_bought`` and ``tags_ids`` apply). With ``blog``: ``GET /v1/search/blog/post/``
        inside that blog (auth: optional; ``subscription_level`` ids and the ``has_*``
        content filters apply, passed as the API names them: ``has_ok_video`` is Boosty video,
        ``has_video`` external video, ``has_audio_file`` uploaded audio).
        ``limit`` is the page size (the API requires one). Returns ``Page[``
        :class:`~boosty.SearchPostHit` ``]``. Raises :class:`~boosty.Unauthorised` for a
        feed search without a token, :class:`~boosty.BadRequest` for bad parameters.
        """
        params = {
            "search_query": query,
            "limit": limit,
            "offset": offset,
            "only_allowed": only_allowed,
            "from_ts": unix_seconds(from_ts),
            "to_ts": unix_seconds(to_ts),
        }
        if blog is None:
            params.update(only_bought=only_bought, tags_ids=comma(tags_ids))
            return self._request("GET", "/v1/search/feed/post/", params=params)
        params.update(
            blog_url=blog,
            subscription_level=comma(subscription_level),
            has_image=has_image,
            has_audio_file=has_audio_file,
            has_audio=has_audio,
            has_ok_video=has_ok_video,
            has_video=has_video,
            has_file=has_file,
        )
        return self._request("GET", "/v1/search/blog/post/", params=params)

    iter_search_posts = search_posts.iterator()

    @list_endpoint(SearchBlogHit, CURSOR, ("data", "searchBlogs"))
    def search_blogs(self, query: str, *, limit: int = 20, offset: str | None = None) -> Request:
        """A page of blogs matching ``query``: ``GET /v1/search/blog/``. Auth: user.

        Returns ``Page[`` :class:`~boosty.SearchBlogHit` ``]``. Raises
        :class:`~boosty.Unauthorised` without a token.
        """
        params = {"search_query": query, "limit": limit, "offset": offset}
        return self._request("GET", "/v1/search/blog/", params=params)

    iter_search_blogs = search_blogs.iterator()

    @list_endpoint(SearchTagHit, CURSOR, ("data", "searchTags"))
    def search_tags(self, query: str, *, limit: int = 20, offset: str | None = None) -> Request:
        """A page of tags matching ``query``: ``GET /v1/search/feed/tag/``. Auth: optional.

        Returns ``Page[`` :class:`~boosty.SearchTagHit` ``]``.
        """
        params = {"search_query": query, "limit": limit, "offset": offset}
        return self._request("GET", "/v1/search/feed/tag/", params=params)

    iter_search_tags = search_tags.iterator()

    @list_endpoint(SearchBlogHit, CURSOR, ("data", "searchBlogs"))
    def blog_suggest(self, query: str, *, limit: int = 20, offset: str | None = None) -> Request:
        """Blog suggestions for a search box: ``GET /v1/search/blog/suggest/``. Auth: optional.

        ``query`` is the text typed so far; ``limit`` the page size, ``offset`` the API's
        cursor. Returns ``Page[`` :class:`~boosty.models.SearchBlogHit` ``]`` (the shape of
        :meth:`search_blogs`, which needs a user; this works anonymously).
        """
        params = {"search_query": query, "limit": limit, "offset": offset}
        return self._request("GET", "/v1/search/blog/suggest/", params=params)

    iter_blog_suggest = blog_suggest.iterator()

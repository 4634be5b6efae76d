"""Blogs: profile, blacklist, unsubscribe survey, polls, live stream."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ..paging import CURSOR, list_endpoint
from ._extract import listed, optional, unwrapped
from ._params import TimeInput, comma, unix_seconds
from ._parse import model

if TYPE_CHECKING:
    from ...models import BlacklistedUser, Blog, Poll, UnsubscribeAnswer, User, VideoStream
else:
    from ._models import BlacklistedUser, Blog, Poll, UnsubscribeAnswer, User, VideoStream


class BlogsAPI(ClientBase):
    """Blog endpoints."""

    @endpoint(model(Blog))
    def blog(self, blog: str) -> Request:
        """A blog's profile: ``GET /v1/blog/{blog}``.

        Auth: optional (a token adds ``is_subscribed`` and the viewer's access).
        Returns :class:`~boosty.Blog`. Raises :class:`~boosty.NotFound` for an unknown blog.
        """
        return self._request("GET", "/v1/blog/{}", blog)

    @endpoint(listed(BlacklistedUser, "data"))
    def blacklist(self, blog: str) -> Request:
        """Users on the owner's blacklist: ``GET /v1/blacklist/?blog_url={blog}``. Auth: owner.

        Returns ``list[`` :class:`~boosty.BlacklistedUser` ``]`` (not paged). Raises
        :class:`~boosty.Unauthorised` without a token, :class:`~boosty.Forbidden` for
        someone else's blog.
        """
        return self._request("GET", "/v1/blacklist/", params={"blog_url": blog})

    @list_endpoint(UnsubscribeAnswer, CURSOR, ("data", "unsubscribeAnswers"))
    def unsubscribe_reasons(
        self,
        blog: str,
        *,
        limit: int | None = None,
        offset: str | None = None,
        sort_by: str | None = None,
        order: str | None = None,
        level_ids: Iterable[int] | int | None = None,
        answers: Iterable[int] | int | None = None,
        from_ts: TimeInput = None,
        to_ts: TimeInput = None,
    ) -> Request:
        """Answers of the unsubscribe survey: ``GET /v1/blog/{blog}/unsubscribe_reasons/``. Auth: owner.

        ``limit`` is the page size, ``offset`` the API's cursor; ``level_ids`` / ``answers``
        filter by level and by reason id; ``from_ts`` / ``to_ts`` bound the time (a
        ``datetime``, naive = UTC, or unix seconds; sent as ``from`` / ``to``). Returns
        ``Page[`` :class:`~boosty.UnsubscribeAnswer` ``]``. Raises
        :class:`~boosty.Unauthorised` / :class:`~boosty.Forbidden`.
        """
        params = {
            "limit": limit,
            "offset": offset,
            "sort_by": sort_by,
            "order": order,
            "level_ids": comma(level_ids),
            "answers": comma(answers),
            "from": unix_seconds(from_ts),
            "to": unix_seconds(to_ts),
        }
        return self._request("GET", "/v1/blog/{}/unsubscribe_reasons/", blog, params=params)

    iter_unsubscribe_reasons = unsubscribe_reasons.iterator()

    @endpoint(unwrapped(Poll))
    def poll(self, blog: str, poll_id: int, *, voters_limit: int | None = None) -> Request:
        """A poll of a post: ``GET /v1/blog/{blog}/poll/{poll_id}``. Auth: optional.

        ``voters_limit`` is how many voters each option embeds. Returns
        :class:`~boosty.Poll`. Raises :class:`~boosty.NotFound` for an unknown poll.
        """
        return self._request("GET", "/v1/blog/{}/poll/{}", blog, poll_id, params={"voters_limit": voters_limit})

    @list_endpoint(User, CURSOR, ("data", "voters"))
    def poll_voters(
        self,
        blog: str,
        poll_id: int,
        *,
        option: int | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> Request:
        """Voters of a poll: ``GET /v1/blog/{blog}/poll/{poll_id}/vote/``. Auth: optional.

        ``option`` picks one option's voters; ``limit`` is the page size, ``offset`` an
        index. Returns ``Page[`` :class:`~boosty.User` ``]``. Raises
        :class:`~boosty.NotFound` for an unknown poll.
        """
        params = {"option": option, "limit": limit, "offset": offset}
        return self._request("GET", "/v1/blog/{}/poll/{}/vote/", blog, poll_id, params=params)

    iter_poll_voters = poll_voters.iterator()

    @endpoint(optional(VideoStream))
    def video_stream(self, blog: str) -> Request:
        """The blog's live stream: ``GET /v1/blog/{blog}/video_stream``. Auth: optional.

        Returns :class:`~boosty.VideoStream`, or ``None`` when the API has no stream (an
        empty 204 answer, ``null`` or ``{}``); a stream object may still be offline, see
        its ``is_online``. Raises :class:`~boosty.NotFound` for an unknown blog.
        """
        return self._request("GET", "/v1/blog/{}/video_stream", blog)

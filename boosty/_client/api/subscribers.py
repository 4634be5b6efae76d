"""Subscribers of the owner's blog."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..paging import INDEX, list_endpoint
from ._params import comma

if TYPE_CHECKING:
    from ...models import Subscriber
else:
    from ._models import Subscriber


class SubscribersAPI(ClientBase):
    """Subscriber endpoints (owner)."""

    @list_endpoint(Subscriber, INDEX)
    def subscribers(
        self,
        blog: str,
        *,
        limit: int | None = None,
        offset: int | None = None,
        sort_by: str | None = None,
        order: str | None = None,
        level_ids: Iterable[int] | int | None = None,
        with_follow: bool | None = None,
    ) -> Request:
        """Subscribers of the owner's blog: ``GET /v1/blog/{blog}/subscribers`` (no trailing slash).

        Auth: owner (own blog only). ``limit`` is the page size, ``offset`` an integer index;
        ``sort_by="on_time"`` with ``order="gt"`` (newest first) or ``"lt"``; ``level_ids``
        keeps subscribers of those levels; ``with_follow=True`` adds free followers.
        Returns ``Page[`` :class:`~boosty.Subscriber` ``]`` (top-level ``total``/``offset``
        paging). Raises :class:`~boosty.Unauthorised` without a token and
        :class:`~boosty.NotFound` / :class:`~boosty.Forbidden` for someone else's blog or
        an account without a blog.
        """
        params = {
            "limit": limit,
            "offset": offset,
            "sort_by": sort_by,
            "order": order,
            "level_ids": comma(level_ids),
            "with_follow": with_follow,
        }
        return self._request("GET", "/v1/blog/{}/subscribers", blog, params=params)

    iter_subscribers = subscribers.iterator()

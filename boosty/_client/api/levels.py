"""Subscription levels of a blog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ._extract import listed, unwrapped

if TYPE_CHECKING:
    from ...models import SubscriptionLevel
else:
    from ._models import SubscriptionLevel


class LevelsAPI(ClientBase):
    """Subscription level endpoints."""

    @endpoint(listed(SubscriptionLevel, "data"))
    def subscription_levels(self, blog: str, *, show_free_level: bool | None = None) -> Request:
        """A blog's subscription levels: ``GET /v1/blog/{blog}/subscription_level/``. Auth: public.

        ``show_free_level=True`` includes the free "follower" level (price 0). Returns
        ``list[`` :class:`~boosty.SubscriptionLevel` ``]`` (prices are ``Decimal``).
        Raises :class:`~boosty.NotFound` for an unknown blog.
        """
        return self._request(
            "GET", "/v1/blog/{}/subscription_level/", blog, params={"show_free_level": show_free_level}
        )

    @endpoint(unwrapped(SubscriptionLevel))
    def subscription_level(self, blog: str, level_id: int, *, with_content_counters: bool | None = None) -> Request:
        """One level: ``GET /v1/blog/{blog}/subscription/level/{level_id}``. Auth: owner.

        ``with_content_counters=True`` fills ``count`` with the level's content counts.
        Returns :class:`~boosty.SubscriptionLevel`. Raises :class:`~boosty.Unauthorised`
        without a token, :class:`~boosty.Forbidden` / :class:`~boosty.NotFound` otherwise.
        """
        return self._request(
            "GET",
            "/v1/blog/{}/subscription/level/{}",
            blog,
            level_id,
            params={"with_content_counters": with_content_counters},
        )

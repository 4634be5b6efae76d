"""The owner's blog statistics: summary, metrics, events, visits, referrals."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec

import attrs

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ..paging import CURSOR, ListEndpoint, Page, PageParser, list_endpoint
from ..refs import structure
from ._extract import unwrapped
from ._params import TimeInput, comma, unix_seconds

if TYPE_CHECKING:
    from ...models import BlogMetrics, BlogStats, ReferralStats, StatEvent, VisitSource
else:
    from ._models import BlogMetrics, BlogStats, ReferralStats, StatEvent, VisitSource

P = ParamSpec("P")


class _VisitsParser(PageParser["VisitSource"]):
    """Pages of ``data.visits``; the overall ``data.all`` goes to ``page.extra["all"]``."""

    def parse(
        self, payload: Any, request: Request | None, previous: Page[VisitSource] | None = None
    ) -> Page[VisitSource]:
        page = super().parse(payload, request, previous)
        summary = payload.get("data", {}).get("all") if isinstance(payload.get("data"), dict) else None
        if isinstance(summary, dict):
            page = attrs.evolve(page, extra={**page.extra, "all": structure(summary, VisitSource, path="data.all")})
        return page


def _visits_endpoint(build: Callable[Concatenate[Any, P], Request]) -> ListEndpoint[P, VisitSource]:
    items_path: Sequence[str] = ("data", "visits")
    return ListEndpoint(build, _VisitsParser(VisitSource, CURSOR, items_path))


class StatsAPI(ClientBase):
    """Blog statistics endpoints (owner)."""

    @endpoint(unwrapped(BlogStats))
    def blog_stats(self, blog: str) -> Request:
        """The blog's money summary: ``GET /v1/blog/stat/{blog}/current``. Auth: owner.

        Returns :class:`~boosty.BlogStats` (balance, hold, income, payouts; ``Decimal`` in
        the blog currency). Raises :class:`~boosty.Unauthorised`, :class:`~boosty.Forbidden`.
        """
        return self._request("GET", "/v1/blog/stat/{}/current", blog)

    @endpoint(unwrapped(BlogMetrics))
    def blog_stat_metrics(self, blog: str, from_ts: TimeInput, to_ts: TimeInput = None) -> Request:
        """Totals for a period: ``GET /v1/blog/stat/{blog}/metrics?from=&to=``. Auth: owner.

        ``from_ts`` (required) and ``to_ts`` are a ``datetime`` (naive = UTC) or unix
        seconds. Returns :class:`~boosty.BlogMetrics`. Raises :class:`ValueError` without
        ``from_ts``, :class:`~boosty.Unauthorised`, :class:`~boosty.Forbidden`.
        """
        start = unix_seconds(from_ts)
        if start is None:
            raise ValueError("blog_stat_metrics needs from_ts (the API rejects a request without it)")
        return self._request("GET", "/v1/blog/stat/{}/metrics", blog, params={"from": start, "to": unix_seconds(to_ts)})

    @list_endpoint(StatEvent, CURSOR)
    def blog_stat_events(
        self,
        blog: str,
        *,
        from_ts: TimeInput = None,
        to_ts: TimeInput = None,
        event_types: Iterable[str] | str | None = None,
        user_ids: Iterable[int] | int | None = None,
        limit: int | None = None,
        offset: str | None = None,
    ) -> Request:
        """Money and subscription events: ``GET /v1/blog/stat/{blog}/events``. Auth: owner.

        ``from_ts`` / ``to_ts``: a ``datetime`` (naive = UTC) or unix seconds (sent as
        ``from`` / ``to``); ``event_types`` e.g. ``["subscribe", "unsubscribe",
        "recurrent", "buy_post", "donation_target", "payout"]``; ``user_ids`` keeps some
        users. ``limit`` is the page size, ``offset`` the API's cursor. Returns ``Page[``
        :class:`~boosty.StatEvent` ``]``. Raises :class:`~boosty.Unauthorised`,
        :class:`~boosty.Forbidden`.
        """
        params = {
            "from": unix_seconds(from_ts),
            "to": unix_seconds(to_ts),
            "event_types": comma(event_types),
            "user_ids": comma(user_ids),
            "limit": limit,
            "offset": offset,
        }
        return self._request("GET", "/v1/blog/stat/{}/events", blog, params=params)

    iter_blog_stat_events = blog_stat_events.iterator()

    @_visits_endpoint
    def blog_stat_visits(
        self,
        blog: str,
        *,
        type: str = "referer",  # noqa: A002  (the API\'s name)
        period: str = "month",
        order: str = "gt",
        sort_by: str | None = None,
        limit: int | None = None,
        offset: str | None = None,
        timestamp: TimeInput = None,
    ) -> Request:
        """Views by source: ``GET /v1/blog/stat/{blog}/visits``. Auth: owner.

        ``type`` is ``"referer"`` or ``"utm"``; ``period`` ``"day"``, ``"week"`` or
        ``"month"``; ``order`` (required by the API) ``"gt"`` / ``"lt"``; ``sort_by``
        ``"view_count"`` / ``"view_uniq_count"``; ``timestamp`` (``datetime``, naive = UTC,
        or unix seconds) picks the period. Returns ``Page[`` :class:`~boosty.VisitSource`
        ``]``; ``page.extra["all"]`` is the overall :class:`~boosty.VisitSource`. Raises
        :class:`~boosty.BadRequest` for a rejected value, :class:`~boosty.Unauthorised`,
        :class:`~boosty.Forbidden`.
        """
        params = {
            "type": type,
            "period": period,
            "order": order,
            "sort_by": sort_by,
            "limit": limit,
            "offset": offset,
            "timestamp": unix_seconds(timestamp),
        }
        return self._request("GET", "/v1/blog/stat/{}/visits", blog, params=params)

    iter_blog_stat_visits = blog_stat_visits.iterator()

    @endpoint(unwrapped(ReferralStats))
    def referral_stats(self, blog: str) -> Request:
        """Referral programme totals: ``GET /v1/blog/referral/{blog}/stat/``. Auth: owner.

        Returns :class:`~boosty.ReferralStats`. Raises :class:`~boosty.Unauthorised`,
        :class:`~boosty.Forbidden`.
        """
        return self._request("GET", "/v1/blog/referral/{}/stat/", blog)

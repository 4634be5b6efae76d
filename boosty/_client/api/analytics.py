"""The owner's statistics in detail: daily series, payment sources, referrals, subscriber
search, post statistics and CSV reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..._errors import ParseError
from ..._sender._http import Request, Response
from ..base import ClientBase
from ..endpoint import endpoint
from ..paging import CURSOR, list_endpoint
from ..refs import structure
from ._extract import dig
from ._params import TimeInput, unix_seconds
from ._plain import plain_list, plain_object

if TYPE_CHECKING:
    from ...models import ChartPoint, StatReport
else:
    from ._models import ChartPoint, StatReport


def _series(payload: Any, response: Response) -> dict[str, list[ChartPoint]]:
    body = plain_object(payload, response)
    return {
        name: [structure(point, ChartPoint, path=f"{name}[{i}]") for i, point in enumerate(points)]
        for name, points in body.items()
        if isinstance(points, list)
    }


def _report(payload: Any, response: Response) -> StatReport | None:
    report = dig(payload, ("data", "report"), response)
    if report is None:
        return None
    if not isinstance(report, dict):
        raise ParseError("expected a report object", path="data.report", response=response)
    return structure(report, StatReport, path="data.report")


def _report_or_fail(payload: Any, response: Response) -> StatReport:
    report = _report(payload, response)
    if report is None:
        raise ParseError("the API built no report", path="data.report", response=response)
    return report


class AnalyticsAPI(ClientBase):
    """Detailed statistics endpoints (owner)."""

    @endpoint(_series)
    def blog_stat_data(self, blog: str, *, last_time: TimeInput = None, limit: int | None = None) -> Request:
        """Daily series of the blog's metrics: ``GET /v1/blog/{blog}/stat/data``. Auth: owner.

        ``last_time`` (a ``datetime``, naive = UTC, or unix seconds) is the newest day to
        include; ``limit`` the number of days. Returns a ``dict`` of metric name (the API's
        camelCase, e.g. ``"incSubscribers"``, ``"donations"``) → ``list`` of
        :class:`~boosty.ChartPoint`, newest first. Raises
        :class:`~boosty.Unauthorised`, :class:`~boosty.Forbidden`.
        """
        params = {"last_time": unix_seconds(last_time), "limit": limit}
        return self._request("GET", "/v1/blog/{}/stat/data", blog, params=params)

    @list_endpoint(dict, CURSOR, ("data", "payments"))
    def payments_analytics(
        self,
        blog: str,
        *,
        type: str = "referer",  # noqa: A002  (the API's name)
        period: str = "month",
        order: str = "gt",
        sort_by: str | None = None,
        limit: int | None = None,
        offset: str | None = None,
        timestamp: TimeInput = None,
    ) -> Request:
        """Payments by source: ``GET /v1/blog/stat/{blog}/payments/analytics``. Auth: owner.

        Parameters as :meth:`blog_stat_visits` (``type`` ``"referer"`` / ``"utm"``,
        ``period`` ``"day"`` / ``"week"`` / ``"month"``, ``order`` ``"gt"`` / ``"lt"``,
        ``timestamp`` a ``datetime`` or unix seconds). Returns ``Page[dict]``: no source
        documents the rows' fields, so each is the API's JSON object. Raises
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
        return self._request("GET", "/v1/blog/stat/{}/payments/analytics", blog, params=params)

    iter_payments_analytics = payments_analytics.iterator()

    @list_endpoint(dict, CURSOR, ("data", "referrals"))
    def referral_users(
        self, blog: str, *, limit: int | None = None, offset: int | None = None, only_bloggers: bool | None = None
    ) -> Request:
        """Users the referral programme brought: ``GET /v1/blog/referral/{blog}/user/``. Auth: owner.

        ``limit`` is the page size, ``offset`` the integer cursor of ``extra.offset``;
        ``only_bloggers=True`` keeps those who run a blog. Returns ``Page[dict]`` (the rows'
        fields are not documented). Raises :class:`~boosty.Unauthorised`,
        :class:`~boosty.Forbidden`.
        """
        params = {"limit": limit, "offset": offset, "only_bloggers": only_bloggers}
        return self._request("GET", "/v1/blog/referral/{}/user/", blog, params=params)

    iter_referral_users = referral_users.iterator()

    @endpoint(plain_list("data"))
    def subscriber_search(self, blog: str, chunk: str, *, limit: int | None = None) -> Request:
        """Subscribers matching a name or e-mail fragment: ``GET /v1/blog/stat/{blog}/search?chunk=``.

        Auth: owner. ``chunk`` needs at least 3 characters; ``limit`` caps the matches.
        Returns a ``list`` of the API's row objects as plain ``dict``\\ s (fields not
        documented; they carry e-mails). Raises :class:`TypeError` / :class:`ValueError` for
        a ``chunk`` that is not a string of 3+ characters, :class:`~boosty.Unauthorised`,
        :class:`~boosty.Forbidden`.
        """
        if not isinstance(chunk, str):
            raise TypeError(f"chunk must be a str, not {type(chunk).__name__}")
        if len(chunk) < 3:
            raise ValueError(f"chunk needs at least 3 characters (the API rejects shorter ones), got {chunk!r}")
        return self._request("GET", "/v1/blog/stat/{}/search", blog, params={"chunk": chunk, "limit": limit})

    @endpoint(plain_object)
    def post_stat(self, blog: str, post_id: str) -> Request:
        """Statistics of one post: ``GET /v1/blog/stat/{blog}/post/{post_id}``. Auth: owner.

        Returns the API's JSON object as a plain ``dict`` (no source documents its fields).
        Raises :class:`~boosty.NotFound` for a post not in ``blog``,
        :class:`~boosty.Unauthorised`, :class:`~boosty.Forbidden`.
        """
        return self._request("GET", "/v1/blog/stat/{}/post/{}", blog, post_id)

    @endpoint(_report_or_fail)
    def stat_report(
        self,
        blog: str,
        report_type: str,
        *,
        separator: str | None = None,
        from_ts: TimeInput = None,
        to_ts: TimeInput = None,
        period: str | None = None,
    ) -> Request:
        """Build a CSV report: ``GET /v1/blog/stat/{blog}/csv/{report_type}``. Auth: owner.

        ``report_type`` is ``"donations"``, ``"subscriptions"``, ``"holds"`` or
        ``"payouts"``; ``separator`` the CSV field separator; ``from_ts`` / ``to_ts`` a
        ``datetime`` (naive = UTC) or unix seconds; ``period`` as the web client names it.
        Each call builds a new report. Returns :class:`~boosty.StatReport` (download
        ``url`` once ``status`` is ready). Raises :class:`~boosty.BadRequest` for another
        type, :class:`~boosty.Unauthorised`, :class:`~boosty.Forbidden`.
        """
        params = {"separator": separator, "from": unix_seconds(from_ts), "to": unix_seconds(to_ts), "period": period}
        return self._request("GET", "/v1/blog/stat/{}/csv/{}", blog, report_type, params=params)

    @endpoint(_report)
    def stat_report_info(self, blog: str, report_type: str) -> Request:
        """The last CSV report built: ``GET /v1/blog/stat/{blog}/csv/{report_type}/info``. Auth: owner.

        Returns :class:`~boosty.StatReport`, or ``None`` when none was built yet.
        Raises :class:`~boosty.BadRequest` for an unknown type,
        :class:`~boosty.Unauthorised`, :class:`~boosty.Forbidden`.
        """
        return self._request("GET", "/v1/blog/stat/{}/csv/{}/info", blog, report_type)

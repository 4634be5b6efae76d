"""The owner's paid content sales: broadcast messages, paid posts and bundles by date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ..paging import TOTAL, list_endpoint
from ._params import TimeInput, unix_seconds
from ._plain import plain_list

if TYPE_CHECKING:
    from ...models import BroadcastMessageStat
else:
    from ._models import BroadcastMessageStat


def _span(method: str, from_ts: TimeInput, to_ts: TimeInput) -> dict[str, int]:
    start, end = unix_seconds(from_ts), unix_seconds(to_ts)
    if start is None or end is None:
        missing = "from_ts" if start is None else "to_ts"
        raise ValueError(f"{method} needs {missing} (the API rejects a request without it)")
    return {"from": start, "to": end}


def _day(method: str, date: TimeInput) -> dict[str, int]:
    when = unix_seconds(date)
    if when is None:
        raise ValueError(f"{method} needs date (a datetime or unix seconds inside the month)")
    return {"date": when}


class IncomeAPI(ClientBase):
    """Paid content sales endpoints (owner)."""

    @list_endpoint(BroadcastMessageStat, TOTAL, ("data", "dialogBroadcastMessagesStat"))
    def broadcast_message_sales(self, blog: str, *, limit: int | None = None, offset: str | None = None) -> Request:
        """Sales of paid broadcast messages: ``GET /v1/blog/{blog}/sales/dialog_broadcast_message/``.

        Auth: owner. ``limit`` is the page size, ``offset`` the API's string cursor (it keeps
        coming past the last row; walking stops at ``extra.total``). Returns ``Page[``
        :class:`~boosty.BroadcastMessageStat` ``]``. Raises
        :class:`~boosty.Unauthorised`, :class:`~boosty.Forbidden`.
        """
        params = {"limit": limit, "offset": offset}
        return self._request("GET", "/v1/blog/{}/sales/dialog_broadcast_message/", blog, params=params)

    iter_broadcast_message_sales = broadcast_message_sales.iterator()

    @endpoint(plain_list("data"))
    def paid_posts_by_date(self, blog: str, from_ts: TimeInput, to_ts: TimeInput) -> Request:
        """Paid post sales in a period: ``GET /v1/blog/{blog}/post/paid/by_date?from=&to=``.

        Auth: owner. ``from_ts`` and ``to_ts`` (both required) are a ``datetime`` (naive =
        UTC) or unix seconds. Returns a ``list`` of the API's row objects as plain ``dict``\\ s
        (no source documents their fields). Raises :class:`ValueError` without a bound,
        :class:`~boosty.Unauthorised`, :class:`~boosty.Forbidden`.
        """
        span = _span("paid_posts_by_date", from_ts, to_ts)
        return self._request("GET", "/v1/blog/{}/post/paid/by_date", blog, params=span)

    @endpoint(plain_list("data"))
    def paid_post_days(self, blog: str, date: TimeInput) -> Request:
        """Days of one month with paid post sales: ``GET /v1/blog/{blog}/post/paid/days?date=``.

        Auth: owner. ``date`` (required) is any moment inside the month, a ``datetime``
        (naive = UTC) or unix seconds (sent as whole seconds: the API rejects ISO dates and
        fails on milliseconds). Returns a ``list`` of plain ``dict`` rows (fields not
        documented). Raises :class:`ValueError` without ``date``,
        :class:`~boosty.Unauthorised`, :class:`~boosty.Forbidden`.
        """
        return self._request("GET", "/v1/blog/{}/post/paid/days", blog, params=_day("paid_post_days", date))

    @endpoint(plain_list("data"))
    def paid_bundles_by_date(self, blog: str, from_ts: TimeInput, to_ts: TimeInput) -> Request:
        """Paid bundle sales in a period: ``GET /v1/blog/{blog}/bundle/paid/by_date?from=&to=``.

        Auth: owner. Arguments, return value and errors as :meth:`paid_posts_by_date`.
        """
        span = _span("paid_bundles_by_date", from_ts, to_ts)
        return self._request("GET", "/v1/blog/{}/bundle/paid/by_date", blog, params=span)

    @endpoint(plain_list("data"))
    def paid_bundle_days(self, blog: str, date: TimeInput) -> Request:
        """Days of one month with paid bundle sales: ``GET /v1/blog/{blog}/bundle/paid/days?date=``.

        Auth: owner. Arguments, return value and errors as :meth:`paid_post_days`.
        """
        return self._request("GET", "/v1/blog/{}/bundle/paid/days", blog, params=_day("paid_bundle_days", date))

"""The owner's money: donations and sales, holds, payout methods and payouts.

Sales lists page with a string cursor in ``extra.offset`` plus ``extra.total``; the cursor
keeps coming past the last row, so walking stops on an empty page or once ``total`` items
came (the :data:`~boosty._client.paging.TOTAL` scheme).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..._sender._http import Request
from ..._sender.retrying import IDEMPOTENT
from ..base import ClientBase
from ..endpoint import endpoint
from ..paging import TOTAL, list_endpoint
from ._extract import listed
from ._params import comma
from ._plain import plain_object

if TYPE_CHECKING:
    from ...models import Donation, Payout, PayoutDestination, PayoutMethod
else:
    from ._models import Donation, Payout, PayoutDestination, PayoutMethod

STAT_SALES_TYPES = ("subscription", "donation", "purchase", "single", "all")
"""The ``type`` values ``POST /v1/stat/sales/`` takes (BK)."""


def _count(value: object, name: str, minimum: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name}: must be at least {minimum}, got {value}")
    return str(value)


class SalesAPI(ClientBase):
    """Sales and payout endpoints (owner)."""

    @list_endpoint(Donation, TOTAL, ("data", "donationsSales"))
    def sales_donations(
        self,
        blog: str,
        *,
        limit: int | None = None,
        offset: str | None = None,
        sort_by: str | None = None,
        order: str | None = None,
        type: str | None = None,  # noqa: A002  (the API\'s name)
        target_id: int | None = None,
    ) -> Request:
        """Donations to the owner's blog: ``GET /v1/blog/{blog}/sales/donation/``. Auth: owner.

        ``limit`` is the page size, ``offset`` the API's string cursor; ``sort_by`` is
        ``"time"`` or ``"amount"``, ``order`` ``"gt"`` / ``"lt"``; ``type`` is ``"post"`` or
        ``"dialog"`` (others: 400); ``target_id`` keeps donations to one goal. Returns
        ``Page[`` :class:`~boosty.Donation` ``]``. Raises :class:`~boosty.Unauthorised`,
        :class:`~boosty.Forbidden`, :class:`~boosty.BadRequest` for a bad parameter.
        """
        params = {
            "limit": limit,
            "offset": offset,
            "sort_by": sort_by,
            "order": order,
            "type": type,
            "target_id": target_id,
        }
        return self._request("GET", "/v1/blog/{}/sales/donation/", blog, params=params)

    iter_sales_donations = sales_donations.iterator()

    @list_endpoint(dict, TOTAL, ("data", "postsSales"))
    def sales_posts(
        self,
        blog: str,
        *,
        limit: int | None = None,
        offset: str | None = None,
        sort_by: str | None = None,
        order: str | None = None,
        post_ids: Iterable[str] | str | None = None,
    ) -> Request:
        """Sales of paid posts: ``GET /v1/blog/{blog}/sales/post/``. Auth: owner.

        Parameters as :meth:`sales_donations`, plus ``post_ids``. Returns ``Page[dict]``:
        the rows' fields are not documented yet, so each row is the API's JSON object.
        Raises :class:`~boosty.Unauthorised`, :class:`~boosty.Forbidden`.
        """
        params = {"limit": limit, "offset": offset, "sort_by": sort_by, "order": order, "post_ids": comma(post_ids)}
        return self._request("GET", "/v1/blog/{}/sales/post/", blog, params=params)

    iter_sales_posts = sales_posts.iterator()

    @list_endpoint(dict, TOTAL, ("data", "bundlesSales"))
    def sales_bundles(
        self,
        blog: str,
        *,
        limit: int | None = None,
        offset: str | None = None,
        sort_by: str | None = None,
        order: str | None = None,
        bundle_ids: Iterable[str] | str | None = None,
    ) -> Request:
        """Sales of bundles: ``GET /v1/blog/{blog}/sales/bundle/``. Auth: owner.

        Parameters as :meth:`sales_donations`, plus ``bundle_ids``. Returns ``Page[dict]``
        (row fields not documented yet). Raises :class:`~boosty.Unauthorised`,
        :class:`~boosty.Forbidden`.
        """
        params = {
            "limit": limit,
            "offset": offset,
            "sort_by": sort_by,
            "order": order,
            "bundle_ids": comma(bundle_ids),
        }
        return self._request("GET", "/v1/blog/{}/sales/bundle/", blog, params=params)

    iter_sales_bundles = sales_bundles.iterator()

    @list_endpoint(dict, TOTAL, ("data", "holds"))
    def holds(self, blog: str, *, limit: int | None = None, offset: str | None = None) -> Request:
        """Payments on hold: ``GET /v1/blog/{blog}/sales/hold/``. Auth: owner.

        Returns ``Page[dict]`` (row fields not documented yet). Raises
        :class:`~boosty.Unauthorised`, :class:`~boosty.Forbidden`.
        """
        return self._request("GET", "/v1/blog/{}/sales/hold/", blog, params={"limit": limit, "offset": offset})

    iter_holds = holds.iterator()

    @endpoint(listed(PayoutMethod, "payoutMethods"))
    def payout_methods(self) -> Request:
        """Payout systems the platform pays out through: ``GET /v1/payout/methods``. Auth: owner.

        Returns ``list[`` :class:`~boosty.PayoutMethod` ``]``. Raises
        :class:`~boosty.Unauthorised`.
        """
        return self._request("GET", "/v1/payout/methods")

    @endpoint(listed(PayoutDestination, "data"))
    def payouts(self, blog: str) -> Request:
        """Payout destinations bound to the blog: ``GET /v1/blog/{blog}/payout/``. Auth: owner.

        Returns ``list[`` :class:`~boosty.PayoutDestination` ``]``. Raises
        :class:`~boosty.Unauthorised`, :class:`~boosty.Forbidden`.
        """
        return self._request("GET", "/v1/blog/{}/payout/", blog)

    @list_endpoint(Payout, TOTAL)
    def payout_history(self, blog: str, *, limit: int | None = None, offset: str | None = None) -> Request:
        """Past and pending payouts: ``GET /v1/blog/{blog}/payout/history/``. Auth: owner.

        Returns ``Page[`` :class:`~boosty.Payout` ``]``. Raises
        :class:`~boosty.Unauthorised`, :class:`~boosty.Forbidden`.
        """
        return self._request("GET", "/v1/blog/{}/payout/history/", blog, params={"limit": limit, "offset": offset})

    iter_payout_history = payout_history.iterator()

    @endpoint(plain_object)
    def stat_sales(
        self,
        type: str = "all",  # noqa: A002  (the API's name)
        *,
        limit: int | None = None,
        offset: int | None = None,
        period: str | None = None,
    ) -> Request:
        """The deprecated sales summary: ``POST /v1/stat/sales/``, a read sent as a form. Auth: owner.

        Form ``type`` (one of :data:`STAT_SALES_TYPES`: ``"subscription"``, ``"donation"``,
        ``"purchase"``, ``"single"``, ``"all"``), and ``limit``, ``offset``, ``period`` when
        given (a JSON body answers 415). The web client no longer uses it (BK marks it
        deprecated); prefer :meth:`sales_donations` and the other sales lists. Returns the
        answer's JSON object (``dict``; no source documents its fields). It changes nothing,
        so it may be retried. Raises :class:`ValueError` / :class:`TypeError` for an unknown
        type or a bad count (before any request); :class:`~boosty.NotFound` with
        ``"Category disabled"`` when the blog's monetisation statistics are off (what the
        fake always answers); :class:`~boosty.Unauthorised`. Source: BK ``income.sales``.
        """
        if type not in STAT_SALES_TYPES:
            raise ValueError(f"type: must be one of {', '.join(STAT_SALES_TYPES)}, got {type!r}")
        if period is not None and (not isinstance(period, str) or not period.strip()):
            raise ValueError(f"period: expected a non-empty str, got {period!r}")
        form: dict[str, Any] = {
            "type": type,
            "limit": _count(limit, "limit", 1),
            "offset": _count(offset, "offset", 0),
            "period": period,
        }
        data = {k: v for k, v in form.items() if v is not None}
        return self._request("POST", "/v1/stat/sales/", data=data, extensions={IDEMPOTENT: True})

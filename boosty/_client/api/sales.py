"""The owner's money: donations and sales, holds, payout methods and payouts.

Sales lists page with a string cursor in ``extra.offset`` plus ``extra.total``; the cursor
keeps coming past the last row, so walking stops on an empty page or once ``total`` items
came (the :data:`~boosty._client.paging.TOTAL` scheme).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..._model.sales import Donation, Payout, PayoutDestination, PayoutMethod
from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ..paging import TOTAL, list_endpoint
from ._extract import listed
from ._params import comma


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

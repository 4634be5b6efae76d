"""Bundles: a blog's list, one bundle, a bundle's posts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ..paging import CURSOR, list_endpoint
from ._extract import listed, unwrapped

if TYPE_CHECKING:
    from ...models import Bundle, BundleItem
else:
    from ._models import Bundle, BundleItem


class BundlesAPI(ClientBase):
    """Bundle endpoints."""

    @endpoint(listed(Bundle, "data", "bundles"))
    def bundles(self, blog: str) -> Request:
        """A blog's bundles: ``GET /v1/blog/{blog}/bundle/``. Auth: optional.

        Returns ``list[`` :class:`~boosty.Bundle` ``]`` (not paged). Raises
        :class:`~boosty.NotFound` for an unknown blog.
        """
        return self._request("GET", "/v1/blog/{}/bundle/", blog)

    @endpoint(unwrapped(Bundle))
    def bundle(self, blog: str, bundle_id: str) -> Request:
        """One bundle: ``GET /v1/blog/{blog}/bundle/{bundle_id}``. Auth: optional.

        Returns :class:`~boosty.Bundle`. Raises :class:`~boosty.NotFound` for an unknown
        bundle.
        """
        return self._request("GET", "/v1/blog/{}/bundle/{}", blog, bundle_id)

    @list_endpoint(BundleItem, CURSOR, ("data", "bundleItems"))
    def bundle_posts(
        self,
        blog: str,
        bundle_id: str,
        *,
        limit: int | None = None,
        offset: int | None = None,
        full_data: bool | None = None,
        for_owner: bool | None = None,
        comments_limit: int | None = None,
        reply_limit: int | None = None,
    ) -> Request:
        """Posts of a bundle: ``GET /v1/blog/{blog}/bundle/{bundle_id}/post/``. Auth: optional.

        ``limit`` is the page size, ``offset`` an integer index; ``full_data=True`` sends
        the whole post bodies; ``for_owner``, ``comments_limit`` and ``reply_limit`` as on
        the posts list. Returns ``Page[`` :class:`~boosty.BundleItem` ``]`` (posts with
        their ``position`` in the bundle). Raises :class:`~boosty.NotFound` for an unknown
        bundle.
        """
        params = {
            "limit": limit,
            "offset": offset,
            "full_data": full_data,
            "for_owner": for_owner,
            "comments_limit": comments_limit,
            "reply_limit": reply_limit,
        }
        return self._request("GET", "/v1/blog/{}/bundle/{}/post/", blog, bundle_id, params=params)

    iter_bundle_posts = bundle_posts.iterator()

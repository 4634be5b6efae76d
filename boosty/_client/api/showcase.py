"""A blog's showcase."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..paging import CURSOR, list_endpoint

if TYPE_CHECKING:
    from ...models import ShowcaseItem
else:
    from ._models import ShowcaseItem


class ShowcaseAPI(ClientBase):
    """Showcase endpoints."""

    @list_endpoint(ShowcaseItem, CURSOR, ("data", "showcaseItems"))
    def showcase(
        self, blog: str, *, limit: int | None = None, offset: int | None = None, only_visible: bool | None = None
    ) -> Request:
        """A blog's showcase: ``GET /v1/blog/{blog}/showcase/``. Auth: optional.

        ``limit`` is the page size, ``offset`` an integer index; ``only_visible=True``
        leaves out hidden items. Returns ``Page[`` :class:`~boosty.ShowcaseItem` ``]``;
        ``page.extra`` has the API's ``isEnabled``, ``blogId`` and ``counters``
        (``visibleTotal``, ``visiblePostsCount``, ``visibleBundlesCount``). Raises
        :class:`~boosty.NotFound` for an unknown blog.
        """
        params = {"limit": limit, "offset": offset, "only_visible": only_visible}
        return self._request("GET", "/v1/blog/{}/showcase/", blog, params=params)

    iter_showcase = showcase.iterator()

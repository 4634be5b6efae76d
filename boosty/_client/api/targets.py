"""Targets (goals): a blog's list and one target."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ._extract import listed, unwrapped

if TYPE_CHECKING:
    from ...models import Target
else:
    from ._models import Target


class TargetsAPI(ClientBase):
    """Target endpoints."""

    @endpoint(listed(Target, "data"))
    def targets(
        self,
        blog: str,
        *,
        type: str | None = None,  # noqa: A002  (the API's name)
        show_deleted: bool | None = None,
    ) -> Request:
        """A blog's goals: ``GET /v1/target/{blog}/`` (trailing slash). Auth: public.

        ``type`` filters by ``"money"`` or ``"subscribers"``; ``show_deleted`` includes
        deleted goals. Returns ``list[`` :class:`~boosty.Target` ``]``. Raises
        :class:`~boosty.NotFound` for an unknown blog.
        """
        return self._request("GET", "/v1/target/{}/", blog, params={"type": type, "show_deleted": show_deleted})

    @endpoint(unwrapped(Target))
    def target(self, target_id: int, *, currency: str | None = None) -> Request:
        """One goal: ``GET /v1/target/{target_id}`` (no trailing slash). Auth: public.

        ``currency`` (e.g. ``"USD"``) asks for sums in that currency. Returns
        :class:`~boosty.Target`. Raises :class:`~boosty.NotFound` for an unknown id.
        """
        return self._request("GET", "/v1/target/{}", target_id, params={"currency": currency})

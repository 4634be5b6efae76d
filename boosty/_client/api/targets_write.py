"""Creating, changing and deleting goals (``boosty-api.md`` §2.10)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ._extract import unwrapped
from ._write import amount, nothing, positive_int, text

if TYPE_CHECKING:
    from ...models import Target
else:
    from ._models import Target

TARGET_KINDS = ("money", "subscribers")
"""Kinds of goal: a sum of money, or a number of subscribers."""


class TargetsWriteAPI(ClientBase):
    """Target (goal) writing endpoints (blog owner)."""

    @endpoint(unwrapped(Target))
    def target_create(self, blog: str, kind: str, target_sum: int | float | Decimal, description: str) -> Request:
        """Add a goal: ``POST /v1/target/{kind}`` (``/v1/target/money`` or ``/v1/target/subscribers``).

        Auth: the blog owner. Form ``blog_url`` (``blog``), ``description``, ``target_sum``
        (a number above 0: money in the blog's currency, or a count of subscribers).
        Returns the new :class:`~boosty.Target`. Raises :class:`ValueError` /
        :class:`TypeError` for another ``kind``, a sum that is not a positive number or an
        empty description (before any request); :class:`~boosty.Forbidden` for anyone but
        the owner. Sources: BL, RS/RSP/AJ, BK.
        """
        if kind not in TARGET_KINDS:
            raise ValueError(f"kind: must be 'money' or 'subscribers', got {kind!r}")
        data = {
            "blog_url": text(blog, "blog"),
            "description": text(description, "description"),
            "target_sum": amount(target_sum, "target_sum", positive=True),
        }
        return self._request("POST", "/v1/target/{}", kind, data=data)

    @endpoint(unwrapped(Target))
    def target_update(self, target_id: int, *, target_sum: int | float | Decimal, description: str) -> Request:
        """Change a goal: ``PUT /v1/target/{target_id}`` (no trailing slash). Auth: the owner.

        Form ``target_id``, ``description``, ``target_sum``: both values are required, as BK
        warns that a ``PUT`` without one may reset it. Returns the updated
        :class:`~boosty.Target`. Raises :class:`ValueError` / :class:`TypeError` for bad
        values (before any request), :class:`~boosty.Forbidden` for anyone but the owner,
        :class:`~boosty.NotFound` for an unknown goal. Sources: BL, RS/RSP/AJ, BK.
        """
        ident = positive_int(target_id, "target_id")
        data = {
            "target_id": str(ident),
            "description": text(description, "description"),
            "target_sum": amount(target_sum, "target_sum", positive=True),
        }
        return self._request("PUT", "/v1/target/{}", ident, data=data)

    @endpoint(nothing)
    def target_delete(self, target_id: int) -> Request:
        """Delete a goal: ``DELETE /v1/target/{target_id}``. Auth: the blog owner.

        Returns ``None``. Raises :class:`~boosty.Forbidden` for anyone but the owner,
        :class:`~boosty.NotFound` for an unknown goal. Sources: BL, RS/RSP/AJ, BK.
        """
        return self._request("DELETE", "/v1/target/{}", positive_int(target_id, "target_id"))

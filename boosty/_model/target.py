"""Targets (fundraising and subscriber goals): ``GET /v1/target/{blog}/``, ``/v1/target/{id}``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from .converter import Model

__all__ = ["Target"]


@attrs.frozen(repr=False)
class Target(Model):
    """A blog's goal.

    ``type`` is ``"money"`` (sums in the blog currency) or ``"subscribers"`` (sums are
    subscriber counts); other values are kept. Sums are ``Decimal`` and may be fractional,
    ``null`` reads as 0. ``finish_time`` is ``None`` while the goal is open.
    Times are UTC.
    """

    id: int
    type: str = ""
    description: str = ""
    target_sum: Decimal = Decimal(0)
    current_sum: Decimal = Decimal(0)
    blogger_id: int | None = None
    blogger_url: str = ""
    blogger_currency: str = ""
    priority: int = 0
    created_at: dt.datetime | None = None
    finish_time: dt.datetime | None = None
    currency_target_sums: dict[str, Decimal] = attrs.field(factory=dict)
    currency_current_sums: dict[str, Decimal] = attrs.field(factory=dict)
    _repr_fields = ("id", "type", "target_sum")

    @property
    def progress(self) -> float | None:
        """``current_sum / target_sum`` (0.0 to 1.0 or more), ``None`` without a target sum."""
        if not self.target_sum:
            return None
        return float(self.current_sum / self.target_sum)

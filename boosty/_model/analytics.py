"""Owner statistics beyond the summaries: daily series, broadcast sales, CSV reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from .content import Block
from .converter import Model
from .markdown import blocks_to_text

__all__ = ["BroadcastMessageStat", "ChartPoint", "StatReport"]


@attrs.frozen(repr=False)
class ChartPoint(Model):
    """One day of a statistics series (``GET /v1/blog/{blog}/stat/data``): ``count`` on
    the calendar day ``year``-``month``-``day`` (see :attr:`date`)."""

    year: int = 0
    month: int = 0
    day: int = 0
    count: int = 0
    _repr_fields = ("year", "month", "day", "count")

    @property
    def date(self) -> dt.date:
        """The day as a :class:`datetime.date`; raises :class:`ValueError` for an impossible day."""
        return dt.date(self.year, self.month, self.day)


@attrs.frozen(repr=False)
class BroadcastMessageStat(Model):
    """Sales of one paid broadcast message (``GET /v1/blog/{blog}/sales/dialog_broadcast_message/``).

    ``price`` and ``total_amount`` are ``Decimal`` in the blog currency; ``sent_count``,
    ``views_count`` and ``sales_count`` are counts; ``data`` the message's content blocks
    (:attr:`text`); ``created_at`` UTC.
    """

    id: int
    price: Decimal = Decimal(0)
    sent_count: int = 0
    views_count: int = 0
    sales_count: int = 0
    total_amount: Decimal = Decimal(0)
    created_at: dt.datetime | None = None
    data: list[Block] = attrs.field(factory=list)
    _repr_fields = ("id", "price", "sales_count")

    @property
    def text(self) -> str:
        """The message as plain text."""
        return blocks_to_text(self.data)


@attrs.frozen(repr=False)
class StatReport(Model):
    """A CSV report of the blog's money (``GET /v1/blog/stat/{blog}/csv/{type}``).

    ``type`` is ``"donations"``, ``"subscriptions"``, ``"holds"`` or ``"payouts"``;
    ``status`` the build state (``"ready"`` when ``url`` can be downloaded; other values
    kept); ``web_url`` the page on boosty.to; ``period`` as asked; ``created_at``,
    ``start_date`` and ``end_date`` are UTC.
    """

    type: str = ""
    status: str = ""
    url: str = ""
    web_url: str = ""
    created_at: dt.datetime | None = None
    period: str = ""
    start_date: dt.datetime | None = None
    end_date: dt.datetime | None = None
    _repr_fields = ("type", "status", "created_at")

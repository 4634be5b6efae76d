"""A blog's subscribers, as its owner sees them (``GET /v1/blog/{blog}/subscribers``), and
the answers of its "why did you unsubscribe" survey."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from .converter import Model
from .level import Promo, SubscriptionLevel
from .user import AccountFields, User

__all__ = ["Subscriber", "UnsubscribeAnswer"]


@attrs.frozen(repr=False)
class Subscriber(AccountFields):
    """One subscriber (or follower) of the owner's blog.

    ``status`` (``"active"`` / ``"inactive"``, other values kept) is the authoritative signal
    of a live subscription when the API sends it; recorded answers often carry only
    ``subscribed``. See :attr:`is_active`. ``price`` is what the subscriber pays per
    period and ``payments`` what they paid in total, in the blog currency (``Decimal``, may be
    fractional). ``email`` may be ``""``; it is personal data and not shown in ``repr``.
    Times (``on_time`` subscribed, ``off_time`` ended, ``next_pay_time``) are UTC.
    """

    is_black_listed: bool = False
    is_fee_paid: bool = False
    can_write: bool = False
    subscribed: bool = False
    status: str = ""
    on_time: dt.datetime | None = None
    off_time: dt.datetime | None = None
    next_pay_time: dt.datetime | None = None
    price: Decimal = Decimal(0)
    payments: Decimal = Decimal(0)
    level_id: int | None = None
    level: SubscriptionLevel | None = None
    promo: Promo | None = None
    _repr_fields = ("id", "name", "status")

    @property
    def is_active(self) -> bool:
        """Whether the subscription is live: ``status == "active"`` when the API sent a
        ``status``, else ``subscribed`` (rows without ``status`` carry only that flag)."""
        if self.status:
            return self.status == "active"
        return self.subscribed


@attrs.frozen(repr=False)
class UnsubscribeAnswer(Model):
    """One answer of the "why did you unsubscribe" survey.

    ``answer_ids`` are the chosen reasons, ``other`` the free text. ``is_anonymous`` is
    read from the API's ``isAnonimous``. ``price`` / ``payments`` (lifetime) are ``Decimal``
    in the blog currency. Times are UTC.
    """

    user: User | None = None
    level_id: int | None = None
    price: Decimal = Decimal(0)
    payments: Decimal = Decimal(0)
    answer_ids: list[int] = attrs.field(factory=list)
    other: str = ""
    is_anonymous: bool = attrs.field(default=False, metadata={"api": "isAnonimous"})
    on_time: dt.datetime | None = None
    off_time: dt.datetime | None = None
    created_at: dt.datetime | None = None
    _repr_fields = ("user", "answer_ids")

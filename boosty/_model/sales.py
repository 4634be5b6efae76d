"""The owner's money: donations and sales lists, payout methods, payouts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from .converter import Model
from .user import User

__all__ = [
    "Donation",
    "LastPayout",
    "Payout",
    "PayoutDestination",
    "PayoutMethod",
]


@attrs.frozen(repr=False)
class Donation(Model):
    """A donation: a sales row (``GET /v1/blog/{blog}/sales/donation/``) or a message's gift.

    ``amount`` is in the blog currency (``Decimal``); ``currency_amounts`` per currency
    when given. ``type`` is what it was attached to (``"post"``, ``"dialog"``, others kept);
    ``target_id`` the goal it counts towards. ``created_at`` is UTC. ``user`` is the donor
    (with ``email`` and ``can_write`` in the owner's views).
    """

    id: int | None = None
    amount: Decimal = Decimal(0)
    type: str = ""
    target_id: int | None = None
    blogger_id: int | None = None
    created_at: dt.datetime | None = None
    is_fee_paid: bool = False
    currency_amounts: dict[str, Decimal] = attrs.field(factory=dict)
    user: User | None = None
    _repr_fields = ("id", "amount", "type")


@attrs.frozen(repr=False)
class PayoutMethod(Model):
    """A payout system the platform pays out through (``GET /v1/payout/methods``).

    The API sends the system twice (``paySystem`` and ``pay_system``); both land in
    ``pay_system``.
    """

    pay_system: str = attrs.field(default="", metadata={"api": "paySystem"})
    currency: str = ""
    _ignored_fields = ("pay_system",)
    _repr_fields = ("pay_system", "currency")


@attrs.frozen(repr=False)
class LastPayout(Model):
    """The outcome of the latest payout to a destination (``date`` UTC)."""

    date: dt.datetime | None = None
    status: str = ""
    _repr_fields = ("date", "status")


@attrs.frozen(repr=False)
class PayoutDestination(Model):
    """A payout destination bound to the blog (``GET /v1/blog/{blog}/payout/``).

    ``destination`` (card or account number, masked by the API) is private: not in ``repr``.
    """

    id: int
    pay_system: str = ""
    system_id: str = ""
    pay_type: str = ""
    currency: str = ""
    destination: str = ""
    priority: int | None = None
    is_active: bool = False
    last_payout: LastPayout | None = None
    _repr_fields = ("id", "pay_system", "is_active")


@attrs.frozen(repr=False)
class Payout(Model):
    """One payout (``GET /v1/blog/{blog}/payout/history/``).

    ``amount`` and ``amount_wo_fee`` (without the fee) are ``Decimal`` in ``currency``;
    ``updated_at`` is UTC. ``destination`` is private: not in ``repr``.
    """

    id: int
    amount: Decimal = Decimal(0)
    amount_wo_fee: Decimal = Decimal(0)
    currency: str = ""
    status: str = ""
    pay_system: str = ""
    system_id: str = ""
    destination: str = ""
    updated_at: dt.datetime | None = None
    _repr_fields = ("id", "amount", "currency", "status")

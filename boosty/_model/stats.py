"""The owner's blog statistics (``/v1/blog/stat/{blog}/...``, ``/v1/blog/referral/{blog}/stat/``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from .converter import Model
from .user import User

__all__ = [
    "BlogMetrics",
    "BlogStats",
    "ReferralStats",
    "ReferralTariff",
    "StatEvent",
    "VisitSource",
]


@attrs.frozen(repr=False)
class BlogStats(Model):
    """The blog's money summary (``GET /v1/blog/stat/{blog}/current``), in the blog currency.

    Money is ``Decimal`` (``null`` reads as 0); ``commission_fee`` is the
    platform's commission in percent.
    """

    balance: Decimal = Decimal(0)
    hold: Decimal = Decimal(0)
    income: Decimal = Decimal(0)
    payout_sum: Decimal = Decimal(0)
    paid_count: int = 0
    followers_count: int = 0
    commission_fee: Decimal = Decimal(0)
    has_referral_discount: bool = False
    _repr_fields = ("balance", "income", "paid_count", "followers_count")


@attrs.frozen(repr=False)
class BlogMetrics(Model):
    """Totals for a period (``GET /v1/blog/stat/{blog}/metrics``): counts and money by source.

    Counts are ``int``; ``*_money`` fields are ``Decimal`` in the blog currency. Names follow
    the API (``referal`` is its spelling).
    """

    total_money: Decimal = Decimal(0)
    inc_subscribers: int = 0
    inc_subscribers_money: Decimal = Decimal(0)
    up_subscribers: int = 0
    up_subscribers_money: Decimal = Decimal(0)
    dec_subscribers: int = 0
    inc_followers: int = 0
    dec_followers: int = 0
    recurrents: int = 0
    recurrents_money: Decimal = Decimal(0)
    posts_sale: int = 0
    post_sale_money: Decimal = Decimal(0)
    messages_sale: int = 0
    messages_sale_money: Decimal = Decimal(0)
    bundles_sale: int = 0
    bundle_sale_money: Decimal = Decimal(0)
    gifts_sale: int = 0
    gifts_sale_money: Decimal = Decimal(0)
    donations: int = 0
    donations_money: Decimal = Decimal(0)
    holds: Decimal = Decimal(0)
    referal: int = 0
    referal_money: Decimal = Decimal(0)
    referal_money_out: Decimal = Decimal(0)
    _repr_fields = ("total_money", "inc_subscribers", "donations")


@attrs.frozen(repr=False)
class StatEvent(Model):
    """A money or subscription event (``GET /v1/blog/stat/{blog}/events``).

    ``event_type``: ``"subscribe"``, ``"unsubscribe"``, ``"recurrent"``, ``"buy_post"``,
    ``"donation_target"``, ``"payout"``, ... (unknown values kept). ``amount`` is ``Decimal``
    in the blog currency; ``created_at`` UTC. ``user`` carries the subscriber's e-mail.
    """

    event_type: str = ""
    switch_type: str = ""
    amount: Decimal = Decimal(0)
    created_at: dt.datetime | None = None
    blogger_id: int | None = None
    is_fee_paid: bool = False
    level_id: int | None = None
    period: int | None = None
    user: User | None = None
    _repr_fields = ("event_type", "amount", "created_at")


@attrs.frozen(repr=False)
class VisitSource(Model):
    """Views from one source (a referer host or a UTM tag; ``""`` for the overall total)."""

    source: str = ""
    view_count: int = 0
    view_uniq_count: int = 0
    _repr_fields = ("source", "view_count", "view_uniq_count")


@attrs.frozen(repr=False)
class ReferralTariff(Model):
    """The referral programme's current terms, in percent."""

    referral_bounty_percent: Decimal | None = None
    discount_commission: Decimal | None = None
    commission: Decimal | None = None
    _repr_fields = ("referral_bounty_percent", "commission")


@attrs.frozen(repr=False)
class ReferralStats(Model):
    """Referral programme totals (``GET /v1/blog/referral/{blog}/stat/``).

    ``referral`` / ``regs`` are counts; ``balance`` / ``referral_money`` ``Decimal`` money.
    """

    balance: Decimal = Decimal(0)
    referral: int = 0
    regs: int = 0
    referral_money: Decimal = Decimal(0)
    actual_tariff: ReferralTariff | None = None
    _repr_fields = ("balance", "referral", "regs")

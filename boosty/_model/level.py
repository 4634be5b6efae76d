"""Subscription levels (``GET /v1/blog/{blog}/subscription_level/``) and their promos."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from .content import Block, blocks_to_markdown, blocks_to_text
from .converter import Model

__all__ = [
    "DiscordApp",
    "ExternalApps",
    "LevelFlags",
    "Promo",
    "PromoAccess",
    "PromoCount",
    "PromoDiscount",
    "SubscriptionLevel",
    "TelegramApp",
]


@attrs.frozen(repr=False)
class LevelFlags(Model):
    """A level's visibility flags (they repeat ``is_hidden`` / ``is_limited`` / ``is_archived``)."""

    is_hidden: bool = False
    is_limited: bool = False
    is_archived: bool = False
    _repr_fields = ("is_hidden", "is_limited", "is_archived")


@attrs.frozen(repr=False)
class PromoAccess(Model):
    """Who may use a promo."""

    new_subscriber: bool = False
    old_paid_subscriber: bool = False
    access_other_level_subscriber: bool = False
    _repr_fields = ("new_subscriber", "old_paid_subscriber", "access_other_level_subscriber")


@attrs.frozen(repr=False)
class PromoCount(Model):
    """How often a promo was used; ``max_activation`` is ``None`` when unlimited."""

    activation: int = 0
    max_activation: int | None = None
    _repr_fields = ("activation", "max_activation")


@attrs.frozen(repr=False)
class PromoDiscount(Model):
    """A promo's discounted price (in the blog currency) and percentage."""

    price: Decimal = Decimal(0)
    percent: Decimal | None = None
    currency_prices: dict[str, Decimal] = attrs.field(factory=dict)
    _repr_fields = ("price", "percent")


@attrs.frozen(repr=False)
class Promo(Model):
    """A level promo (discount). ``end_time`` is ``None`` for open-ended promos. Times are UTC."""

    id: int
    type: str = ""
    description: str = ""
    start_time: dt.datetime | None = None
    end_time: dt.datetime | None = None
    is_finished: bool = False
    access: PromoAccess | None = None
    count: PromoCount | None = None
    discount: PromoDiscount | None = None
    _repr_fields = ("id", "type")


@attrs.frozen(repr=False)
class DiscordApp(Model):
    """The level's Discord integration; ``data`` holds the role (``{"role": {"id", "name"}}``)."""

    is_configured: bool = False
    data: dict[str, Any] = attrs.field(factory=dict)
    _repr_fields = ("is_configured",)


@attrs.frozen(repr=False)
class TelegramApp(Model):
    """The level's Telegram integration."""

    is_configured: bool = False
    groups: list[Any] = attrs.field(factory=list)
    _repr_fields = ("is_configured",)


@attrs.frozen(repr=False)
class ExternalApps(Model):
    """Integrations of a level."""

    discord: DiscordApp | None = None
    telegram: TelegramApp | None = None
    _repr_fields = ("discord", "telegram")


@attrs.frozen(repr=False)
class SubscriptionLevel(Model):
    """A paid (or, price 0, free "follower") subscription level of a blog.

    ``price`` is in the blog currency and may be fractional (``Decimal``; ``null`` reads
    as 0). ``currency_prices`` maps currency codes (as the API spells them, e.g. ``"RUB"``)
    to prices. ``data`` is the level description as content blocks; ``text`` and
    ``to_markdown()`` render it. ``count`` is filled only by ``with_content_counters=True``.
    Times are UTC.
    """

    id: int
    name: str = ""
    price: Decimal = Decimal(0)
    change_price: Decimal | None = None
    currency_prices: dict[str, Decimal] = attrs.field(factory=dict)
    created_at: dt.datetime | None = None
    owner_id: int | None = None
    deleted: bool = False
    is_archived: bool = False
    is_hidden: bool = False
    is_limited: bool = False
    flags: LevelFlags | None = None
    archived_at: dt.datetime | None = None
    parent_id: int | None = None
    parent: dict[str, Any] | None = None
    badges: list[Any] = attrs.field(factory=list)
    data: list[Block] = attrs.field(factory=list)
    promos: list[Promo] = attrs.field(factory=list)
    external_apps: ExternalApps | None = None
    subscribers_limit: int | None = None
    count: dict[str, Any] | None = None
    _repr_fields = ("id", "name", "price")

    @property
    def text(self) -> str:
        """The level description as plain text."""
        return blocks_to_text(self.data)

    def to_markdown(self) -> str:
        """The level description as Markdown."""
        return blocks_to_markdown(self.data)

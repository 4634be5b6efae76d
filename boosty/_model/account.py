"""The logged-in account: current user, own subscriptions, notification settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

import attrs

from .blog import Blog
from .converter import Model
from .level import Promo, SubscriptionLevel
from .user import AccountFields

__all__ = [
    "CurrentUser",
    "DialogSettings",
    "NotificationSettings",
    "UserBlogRef",
    "UserSubscription",
]


@attrs.frozen(repr=False)
class DialogSettings(Model):
    """Who may start a conversation with the user.

    ``can_send_payers`` is read from the API's misspelt ``candSendPayers``.
    """

    send_msg_level_id: int | None = None
    can_send_all: bool = False
    can_send_donation: bool = False
    can_send_my_authors: bool = False
    can_send_paid_subscribers: bool = False
    can_send_subscribers: bool = False
    can_send_payers: bool = attrs.field(default=False, metadata={"api": "candSendPayers"})
    _aliases: ClassVar[dict[str, str]] = {"canSendPayers": "candSendPayers"}
    _repr_fields = ("can_send_all", "send_msg_level_id")


@attrs.frozen(repr=False)
class UserBlogRef(Model):
    """A reference to the user's own blog (``url`` is its slug)."""

    url: str = ""
    _repr_fields = ("url",)


@attrs.frozen(repr=False)
class CurrentUser(AccountFields):
    """The logged-in user (``GET /v1/user/current``).

    ``blog_url`` is the slug of the account's own blog (``""`` when it has none).
    ``timezone`` is the UTC offset in hours. ``email`` is personal data: not in ``repr``.
    """

    is_verified_streamer: bool = False
    blog_url: str = ""
    is_blogger: bool = False
    blog: UserBlogRef | None = None
    locale: str = ""
    timezone: float | None = None
    dialog_settings: DialogSettings | None = None
    _repr_fields = ("id", "name", "blog_url")


@attrs.frozen(repr=False)
class UserSubscription(Model):
    """One of the user's own subscriptions (``GET /v1/user/subscriptions``).

    ``price`` / ``custom_price`` are in the blog currency (``Decimal``), ``period`` in
    months. ``blog`` is the subscribed blog (a partial :class:`~boosty.models.Blog`).
    ``off_time`` / ``next_pay_time`` are ``None`` for free follows. Times are UTC.
    """

    id: int
    level_id: int | None = None
    parent_id: int | None = None
    name: str = ""
    price: Decimal = Decimal(0)
    custom_price: Decimal = Decimal(0)
    period: int | None = None
    on_time: dt.datetime | None = None
    off_time: dt.datetime | None = None
    next_pay_time: dt.datetime | None = None
    is_pause: bool = False
    is_suspended: bool = False
    is_archived: bool = False
    is_apple_payed: bool = False
    is_fee_paid: bool = False
    owner_id: int | None = None
    subscription_level: SubscriptionLevel | None = None
    blog: Blog | None = None
    recommended_promo: Promo | None = None
    _repr_fields = ("id", "name", "blog_url")

    @property
    def blog_url(self) -> str:
        """The subscribed blog's slug (``""`` if the API sent no blog)."""
        return self.blog.blog_url if self.blog is not None else ""


@attrs.frozen(repr=False)
class NotificationSettings(Model):
    """Notification switches per transport (``GET /v1/notification/settings/``).

    ``settings`` maps a transport (``"standalone"``, ``"mobile_push"``, ``"telegram"``,
    ``"mail"``) to its switches in the API's camelCase (``{"newComment": True, ...}``).
    """

    settings: dict[str, dict[str, bool]] = attrs.field(factory=dict)
    _repr_fields = ("settings",)

    def enabled(self, transport: str, switch: str) -> bool | None:
        """Whether ``switch`` (camelCase, e.g. ``"newComment"``) is on for ``transport``.

        ``None`` when the transport or switch was not in the response.
        """
        return self.settings.get(transport, {}).get(switch)

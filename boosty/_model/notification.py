"""The notification feed (``GET /v1/notification/standalone/event/``)."""

from __future__ import annotations

import datetime as dt

import attrs

from .converter import Model
from .level import SubscriptionLevel
from .user import User

__all__ = [
    "NotificationAggregation",
    "NotificationCount",
    "NotificationEvent",
    "NotificationTypeCount",
    "Notifications",
]


@attrs.frozen(repr=False)
class NotificationAggregation(Model):
    """The group an event is folded into."""

    id: int | None = None
    type: str = ""
    _repr_fields = ("id", "type")


@attrs.frozen(repr=False)
class NotificationEvent(Model):
    """One event of the feed. ``type`` e.g. ``"subscriber_new"`` (unknown values kept).

    ``author`` is who caused it; ``subscription_level`` is set on subscription events.
    ``event_time`` is UTC.
    """

    id: int
    type: str = ""
    event_time: dt.datetime | None = None
    is_read: bool = False
    is_fee_paid: bool = False
    author: User | None = None
    aggregation: NotificationAggregation | None = None
    subscription_level: SubscriptionLevel | None = None
    _repr_fields = ("id", "type", "event_time")


@attrs.frozen(repr=False)
class NotificationTypeCount(Model):
    """Event counts of one type."""

    type: str = ""
    total: int = 0
    unread: int = 0
    _repr_fields = ("type", "total", "unread")


@attrs.frozen(repr=False)
class NotificationCount(Model):
    """Event counts, overall and by type."""

    total: int = 0
    unread: int = 0
    by_event_type: list[NotificationTypeCount] = attrs.field(factory=list)
    _repr_fields = ("total", "unread")


@attrs.frozen(repr=False)
class Notifications(Model):
    """The notification feed: its events (newest first), counts and ``update_time`` (UTC)."""

    events: list[NotificationEvent] = attrs.field(factory=list)
    count: NotificationCount = attrs.field(factory=NotificationCount)
    update_time: dt.datetime | None = None
    _repr_fields = ("count",)

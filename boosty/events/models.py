"""Event objects: frozen attrs classes carrying the typed API object they are about.

Every event has ``type`` (:class:`EventType`), ``blog`` (the slug polled) and
``detected_at`` (aware UTC ``datetime`` of the poll that noticed it). Times of the thing
itself are on the object (``post.publish_time``, ``comment.created_at``, ...).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from .._model.comment import Comment
from .._model.dialog import Dialog, Message
from .._model.post import Post
from .._model.sales import Donation
from .._model.subscriber import Subscriber
from .types import EventType

__all__ = [
    "CommentEvent",
    "DonationEvent",
    "Event",
    "MessageEvent",
    "PostEvent",
    "SubscriberEvent",
]


@attrs.frozen(kw_only=True)
class Event:
    """Base of every event."""

    type: EventType
    blog: str
    detected_at: dt.datetime


@attrs.frozen(kw_only=True)
class PostEvent(Event):
    """:attr:`EventType.NEW_POST` or :attr:`EventType.POST_UPDATED` (its ``updated_at`` moved)."""

    post: Post


@attrs.frozen(kw_only=True)
class CommentEvent(Event):
    """:attr:`EventType.NEW_COMMENT`: ``comment`` (a top-level comment or a reply) on ``post``."""

    post: Post
    comment: Comment


@attrs.frozen(kw_only=True)
class SubscriberEvent(Event):
    """:attr:`EventType.NEW_SUBSCRIBER`, :attr:`EventType.SUBSCRIPTION_CANCELLED` or
    :attr:`EventType.SUBSCRIPTION_LEVEL_CHANGED`.

    ``subscriber`` is the subscriber as the list shows it now; for a cancellation where the
    subscriber left the list, as it was last seen. ``previous_level_id`` is the level before
    a level change (``None`` for the other types).
    """

    subscriber: Subscriber
    previous_level_id: int | None = None


@attrs.frozen(kw_only=True)
class DonationEvent(Event):
    """:attr:`EventType.NEW_DONATION`.

    For the blog owner, from the donation sales list: ``donation`` is the sale row
    (``donation.user`` the donor, ``donation.type`` ``"post"`` or ``"dialog"``) and
    ``amount`` its amount. For anyone else, from a post's public donation counter:
    ``donation`` is ``None``, ``post`` the post and ``amount`` how much the counter grew
    (``Decimal``, blog currency; may add up several donations made between two polls).
    """

    amount: Decimal
    donation: Donation | None = None
    post: Post | None = None


@attrs.frozen(kw_only=True)
class MessageEvent(Event):
    """:attr:`EventType.NEW_MESSAGE`: ``message`` arrived in ``dialog`` from its chatmate."""

    dialog: Dialog
    message: Message

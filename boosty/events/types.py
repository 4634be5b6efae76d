"""The kinds of event the poller reports."""

from __future__ import annotations

import enum

__all__ = ["EventType"]


class EventType(str, enum.Enum):
    """What happened. The value is a stable lower-case name (``"new_post"``), safe to store.

    Which client can see which type:

    * anyone, even anonymous: :attr:`NEW_POST`, :attr:`POST_UPDATED`, :attr:`NEW_COMMENT`,
      :attr:`NEW_DONATION` (from the posts' public donation counters);
    * a logged-in user: :attr:`NEW_MESSAGE` (the user's own dialogs);
    * the blog's owner: :attr:`NEW_SUBSCRIBER`, :attr:`SUBSCRIPTION_CANCELLED`,
      :attr:`SUBSCRIPTION_LEVEL_CHANGED`, and :attr:`NEW_DONATION` from the donation sales list.
    """

    NEW_POST = "new_post"
    POST_UPDATED = "post_updated"
    NEW_COMMENT = "new_comment"
    NEW_SUBSCRIBER = "new_subscriber"
    SUBSCRIPTION_CANCELLED = "subscription_cancelled"
    SUBSCRIPTION_LEVEL_CHANGED = "subscription_level_changed"
    NEW_DONATION = "new_donation"
    NEW_MESSAGE = "new_message"

    def __str__(self) -> str:
        return self.value


PUBLIC_TYPES = frozenset({EventType.NEW_POST, EventType.POST_UPDATED, EventType.NEW_COMMENT, EventType.NEW_DONATION})
"""What an anonymous client can watch."""

USER_TYPES = PUBLIC_TYPES | {EventType.NEW_MESSAGE}
"""What a logged-in user who does not own the blog can watch."""

OWNER_TYPES = frozenset(EventType)
"""What the blog's owner can watch: everything."""

SUBSCRIBER_TYPES = frozenset(
    {EventType.NEW_SUBSCRIBER, EventType.SUBSCRIPTION_CANCELLED, EventType.SUBSCRIPTION_LEVEL_CHANGED}
)

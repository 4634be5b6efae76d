"""Events: react to new posts, comments, subscribers, donations and messages by polling.

``client.on(EventType.NEW_POST)`` registers a handler; ``client.poll_once(blog)``,
``client.start_polling(blog)`` and ``client.watch(blog)`` poll, diff against the state kept
in a small SQLite file, and deliver each change once. See :class:`EventType` for what each
kind of client may watch.
"""

from __future__ import annotations

from .dispatch import Backoff, Dispatcher
from .errors import EventsError, EventStateError
from .models import CommentEvent, DonationEvent, Event, MessageEvent, PostEvent, SubscriberEvent
from .poller import TRANSIENT_ERRORS, Poller
from .redis_state import RedisStateStore, RedisStateUnavailable
from .state import StateStore, default_state_path
from .types import EventType

__all__ = [
    "Backoff",
    "CommentEvent",
    "Dispatcher",
    "DonationEvent",
    "Event",
    "EventStateError",
    "EventType",
    "EventsError",
    "MessageEvent",
    "Poller",
    "PostEvent",
    "RedisStateStore",
    "RedisStateUnavailable",
    "StateStore",
    "SubscriberEvent",
    "TRANSIENT_ERRORS",
    "default_state_path",
]

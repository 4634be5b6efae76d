"""Events: react to new posts, comments, subscribers, donations and messages by polling.

``client.on(EventType.NEW_POST)`` registers a handler; ``client.poll_once(blog)``,
``client.start_polling(blog)`` and ``client.watch(blog)`` poll, diff against the state kept
in a small SQLite file, and deliver each change once. See :class:`EventType` for what each
kind of client may watch.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dispatch import Backoff, Dispatcher
    from .errors import EventsError, EventStateError
    from .models import CommentEvent, DonationEvent, Event, MessageEvent, PostEvent, SubscriberEvent
    from .poller import TRANSIENT_ERRORS, Poller
    from .redis_state import RedisStateStore, RedisStateUnavailable
    from .state import StateStore, default_state_path
    from .types import EventType

# Each name's submodule: importing a client (whose mixin lives in this package) loads none of
# the polling machinery (SQLite state, Redis state, the poller) until it is used.
_WHERE = {
    "Backoff": "dispatch",
    "Dispatcher": "dispatch",
    "EventsError": "errors",
    "EventStateError": "errors",
    "CommentEvent": "models",
    "DonationEvent": "models",
    "Event": "models",
    "MessageEvent": "models",
    "PostEvent": "models",
    "SubscriberEvent": "models",
    "TRANSIENT_ERRORS": "poller",
    "Poller": "poller",
    "RedisStateStore": "redis_state",
    "RedisStateUnavailable": "redis_state",
    "StateStore": "state",
    "default_state_path": "state",
    "EventType": "types",
}

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


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """The public name ``name``, importing its submodule on first use."""
        where = _WHERE.get(name)
        if where is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{where}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})

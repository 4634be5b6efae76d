"""Events: react to new posts, comments, subscribers, donations and messages by polling.

``client.on(EventType.NEW_POST)`` registers a handler; ``client.poll_once(blog)``,
``client.start_polling(blog)`` and ``client.watch(blog)`` poll, diff against the state kept
in a small SQLite file, and deliver each change once. See :class:`EventType` for what each
kind of client may watch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:  # the names, re-exported for type checkers; at run time :data:`_WHERE`
    from .dispatch import Backoff as Backoff
    from .dispatch import Dispatcher as Dispatcher
    from .errors import EventsError as EventsError
    from .errors import EventStateError as EventStateError
    from .models import CommentEvent as CommentEvent
    from .models import DonationEvent as DonationEvent
    from .models import Event as Event
    from .models import MessageEvent as MessageEvent
    from .models import PostEvent as PostEvent
    from .models import SubscriberEvent as SubscriberEvent
    from .poller import TRANSIENT_ERRORS as TRANSIENT_ERRORS
    from .poller import Poller as Poller
    from .redis_state import RedisStateStore as RedisStateStore
    from .redis_state import RedisStateUnavailable as RedisStateUnavailable
    from .state import StateStore as StateStore
    from .state import default_state_path as default_state_path
    from .types import EventType as EventType

# Each name's submodule: importing a client (whose mixin lives in this package) loads none of
# the polling machinery (SQLite state, Redis state, the poller) until it is used.
_WHERE = {
    **dict.fromkeys(("Backoff", "Dispatcher"), "dispatch"),
    **dict.fromkeys(("EventsError", "EventStateError"), "errors"),
    **dict.fromkeys(
        ("CommentEvent", "DonationEvent", "Event", "MessageEvent", "PostEvent", "SubscriberEvent"), "models"
    ),
    **dict.fromkeys(("TRANSIENT_ERRORS", "Poller"), "poller"),
    **dict.fromkeys(("RedisStateStore", "RedisStateUnavailable"), "redis_state"),
    **dict.fromkeys(("StateStore", "default_state_path"), "state"),
    "EventType": "types",
}

if not TYPE_CHECKING:
    __all__ = sorted(_WHERE)
    __getattr__, __dir__ = lazy_names(__name__, _WHERE, __all__)

"""boosty: a sync and async client for the Boosty.to API, over a pluggable chain of senders."""

from __future__ import annotations

from . import _auth, _errors, _model, _sender
from ._auth import *  # noqa: F403
from ._client.client import AsyncBoosty, Boosty, SenderConflictWarning
from ._client.paging import Page
from ._errors import *  # noqa: F403
from ._model import *  # noqa: F403
from ._sender import *  # noqa: F403
from ._version import __version__
from .events import (
    Backoff,
    CommentEvent,
    DonationEvent,
    Event,
    EventsError,
    EventStateError,
    EventType,
    MessageEvent,
    PostEvent,
    SubscriberEvent,
)

__all__ = [
    "AsyncBoosty",
    "Boosty",
    "Backoff",
    "CommentEvent",
    "DonationEvent",
    "Event",
    "EventsError",
    "EventStateError",
    "EventType",
    "MessageEvent",
    "Page",
    "PostEvent",
    "SenderConflictWarning",
    "SubscriberEvent",
    "__version__",
    *_auth.__all__,
    *_errors.__all__,
    *_model.__all__,
    *_sender.__all__,
]

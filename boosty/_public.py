"""The public names of :mod:`boosty`, loaded on first use of any of them.

``boosty/__init__.py`` imports nothing but the version, so that importing a light
submodule (the pytest plugin every pytest run loads, ``boosty.testing``) costs no client,
httpx or model code; the first ``boosty.Boosty`` (or any name below) imports this module.
"""

from __future__ import annotations

from . import _auth, _errors, _model, _sender
from ._auth import *  # noqa: F403
from ._client.client import AsyncBoosty, Boosty
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
    "SubscriberEvent",
    "__version__",
]
# One statement a module: the forms mypy follows for a star import of this module.
__all__ += _auth.__all__
__all__ += _errors.__all__
__all__ += _model.__all__
__all__ += _sender.__all__

"""The public names of :mod:`boosty`, loaded on the first use of any of them.

The package root holds the clients, senders, errors, auth, paging, event types and the
models named most often; every API model is in :mod:`boosty.models`. ``boosty/__init__.py``
imports nothing but the version, so importing a light submodule (the pytest plugin every
pytest run loads) costs no client, httpx or model code.
"""

from __future__ import annotations

import warnings
from typing import Any

from . import _auth, _errors, models
from ._auth import *  # noqa: F403  (every auth name is public)
from ._client.client import AsyncBoosty, Boosty, SenderConflictWarning
from ._client.paging import Page
from ._config.settings import Settings, SettingsError
from ._errors import *  # noqa: F403  (every error is public)
from ._errors import RequestTimeout
from ._model.compose import Content
from ._redis import SharedStateError
from ._sender import (
    AsyncSender,
    ByteStream,
    CachingSender,
    ExtendingSender,
    Headers,
    RateLimitingSender,
    Request,
    Response,
    RetryingSender,
    Sender,
    SyncSender,
)
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
from .models import (
    Blog,
    Comment,
    CurrentUser,
    Dialog,
    Message,
    ParseWarning,
    Post,
    Subscriber,
    SubscriptionLevel,
    User,
    to_dict,
)

__all__ = [
    "AsyncBoosty",
    "Boosty",
    "Content",
    "Page",
    "SenderConflictWarning",
    "Settings",
    "SettingsError",
    "SharedStateError",
    "__version__",
]
__all__ += [  # senders
    "AsyncSender",
    "ByteStream",
    "CachingSender",
    "ExtendingSender",
    "Headers",
    "RateLimitingSender",
    "Request",
    "Response",
    "RetryingSender",
    "Sender",
    "SyncSender",
]
__all__ += [*_errors.__all__, "ParseWarning"]  # errors and warnings
__all__ += _auth.__all__
__all__ += [  # events
    "Backoff",
    "CommentEvent",
    "DonationEvent",
    "Event",
    "EventStateError",
    "EventType",
    "EventsError",
    "MessageEvent",
    "PostEvent",
    "SubscriberEvent",
]
__all__ += [  # the models named most often (all of them: boosty.models)
    "Blog",
    "Comment",
    "CurrentUser",
    "Dialog",
    "Message",
    "Post",
    "Subscriber",
    "SubscriptionLevel",
    "User",
    "to_dict",
]

_MOVED_TO_MODELS = frozenset(models.__all__) - frozenset(__all__)


def moved(name: str) -> Any:
    """Deprecated names, for one release: ``boosty.TimeoutError`` (now
    :class:`RequestTimeout`), the sender flow steps ``Sleep`` and ``Close``, and the models
    that moved to :mod:`boosty.models`. Each lookup warns :class:`DeprecationWarning`;
    anything else raises :class:`AttributeError`."""
    if name == "TimeoutError":
        warnings.warn(
            "boosty.TimeoutError is deprecated: use boosty.RequestTimeout (also a builtin TimeoutError)",
            DeprecationWarning,
            stacklevel=3,
        )
        return RequestTimeout
    if name in ("Sleep", "Close"):
        warnings.warn(
            f"boosty.{name} is no longer in the package root: import it from boosty._sender"
            " (only a sender's flow needs it)",
            DeprecationWarning,
            stacklevel=3,
        )
        from . import _sender

        return getattr(_sender, name)
    if name in _MOVED_TO_MODELS:
        warnings.warn(f"boosty.{name} moved: import it from boosty.models", DeprecationWarning, stacklevel=3)
        return getattr(models, name)
    raise AttributeError(f"module 'boosty' has no attribute {name!r}")

"""boosty: a sync and async client for the Boosty.to API, over a pluggable chain of senders.

The package root holds the clients, senders, errors, auth, paging, event types and the
models named most often. Every API model is in :mod:`boosty.models`.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from . import _auth, _errors, models
from ._auth import *  # noqa: F403  (every auth name is public)
from ._client.client import AsyncBoosty, Boosty
from ._client.paging import Page
from ._errors import *  # noqa: F403  (every error is public)
from ._errors import RequestTimeout
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

if TYPE_CHECKING:
    TimeoutError = RequestTimeout  # deprecated alias, see __getattr__

__all__ = ["AsyncBoosty", "Boosty", "Page", "__version__"]
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


if not TYPE_CHECKING:  # a type checker sees no fallback: a moved name is an error there

    def __getattr__(name: str) -> Any:
        """Deprecated names, for one release: ``boosty.TimeoutError`` (now
        :class:`RequestTimeout`), the sender flow steps ``Sleep`` and ``Close``, and the models
        that moved to :mod:`boosty.models`. Each lookup warns :class:`DeprecationWarning`;
        anything else raises :class:`AttributeError`."""
        if name == "TimeoutError":
            warnings.warn(
                "boosty.TimeoutError is deprecated: use boosty.RequestTimeout (also a builtin TimeoutError)",
                DeprecationWarning,
                stacklevel=2,
            )
            return RequestTimeout
        if name in ("Sleep", "Close"):
            warnings.warn(
                f"boosty.{name} is no longer in the package root: import it from boosty._sender"
                " (only a sender's flow needs it)",
                DeprecationWarning,
                stacklevel=2,
            )
            from . import _sender

            return getattr(_sender, name)
        if name in _MOVED_TO_MODELS:
            warnings.warn(
                f"boosty.{name} moved: import it from boosty.models",
                DeprecationWarning,
                stacklevel=2,
            )
            return getattr(models, name)
        raise AttributeError(f"module 'boosty' has no attribute {name!r}")

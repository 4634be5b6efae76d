"""The public names of :mod:`boosty`, each loaded on its first use.

The package root holds the clients, senders, errors, auth, paging, event types and the
models named most often; every API model is in :mod:`boosty.models`. ``boosty/__init__.py``
imports nothing but the version, so importing a light submodule (the pytest plugin every
pytest run loads) costs no client, httpx or model code; ``from boosty import Boosty`` loads
the client alone, not the polling machinery, settings, Markdown composer or Redis glue
(:data:`WHERE` names each name's module; :func:`load` imports it).
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

from . import _errors
from ._auth import __all__ as _auth_names
from ._version import __version__

if TYPE_CHECKING:  # what mypy sees; at run time :func:`load` imports each name's module
    from ._auth import *  # noqa: F403  (every auth name is public)
    from ._client.client import AsyncBoosty, Boosty, SenderConflictWarning
    from ._client.paging import Page
    from ._config.settings import Settings, SettingsError
    from ._errors import *  # noqa: F403  (every error is public)
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
__all__ += _auth_names
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

WHERE: dict[str, str] = {
    **dict.fromkeys(("AsyncBoosty", "Boosty", "SenderConflictWarning"), "._client.client"),
    "Page": "._client.paging",
    **dict.fromkeys(("Settings", "SettingsError"), "._config.settings"),
    "Content": "._model.compose",
    "SharedStateError": "._redis",
    **dict.fromkeys(__all__[__all__.index("AsyncSender") : __all__.index("SyncSender") + 1], "._sender"),
    **dict.fromkeys(_errors.__all__, "._errors"),
    "ParseWarning": ".models",
    **dict.fromkeys(_auth_names, "._auth"),
    **dict.fromkeys(__all__[__all__.index("Backoff") : __all__.index("SubscriberEvent") + 1], ".events"),
    **dict.fromkeys(__all__[__all__.index("Blog") :], ".models"),
}
"""The module each public name (but ``__version__``) is imported from."""


def load(name: str) -> Any:
    """The value of the public name ``name``, importing its module; a deprecated name warns
    (:func:`moved`); anything else raises :class:`AttributeError`."""
    if name == "__version__":
        return __version__
    where = WHERE.get(name)
    if where is None:
        return moved(name)
    return getattr(importlib.import_module(where, __package__), name)


def moved(name: str) -> Any:
    """Deprecated names, for one release: ``boosty.TimeoutError`` (now
    :class:`RequestTimeout`), the sender flow steps ``Sleep`` and ``Close``, and the models
    that moved to :mod:`boosty.models`. Each lookup warns :class:`DeprecationWarning`;
    anything else raises :class:`AttributeError`."""
    if name == "TimeoutError":
        warnings.warn(
            "boosty.TimeoutError is deprecated: use boosty.RequestTimeout (also a builtin TimeoutError)",
            DeprecationWarning,
            stacklevel=4,
        )
        return _errors.RequestTimeout
    if name in ("Sleep", "Close"):
        warnings.warn(
            f"boosty.{name} is no longer in the package root: import it from boosty._sender"
            " (only a sender's flow needs it)",
            DeprecationWarning,
            stacklevel=4,
        )
        from . import _sender

        return getattr(_sender, name)
    from . import models

    if name in models.WHERE.keys() - frozenset(__all__):
        warnings.warn(f"boosty.{name} moved: import it from boosty.models", DeprecationWarning, stacklevel=4)
        return getattr(models, name)
    raise AttributeError(f"module 'boosty' has no attribute {name!r}")

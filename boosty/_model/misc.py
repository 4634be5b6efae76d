"""Kept for imports of the old path: the models that lived here now live by meaning in
:mod:`.session`, :mod:`.user` (blacklist), :mod:`.subscriber` (unsubscribe survey),
:mod:`.poll`, :mod:`.stream` and :mod:`.post` (deferred access)."""

from __future__ import annotations

from .poll import Poll, PollOption, PollVoterList, PollVoterListData, PollVoterListExtra
from .post import DeferredAccess
from .session import DeviceInfo, Session, SessionFlags
from .stream import StreamChatSettings, StreamCount, StreamSource, VideoStream
from .subscriber import UnsubscribeAnswer
from .user import BlacklistedUser

__all__ = [
    "BlacklistedUser",
    "DeferredAccess",
    "DeviceInfo",
    "Poll",
    "PollOption",
    "PollVoterList",
    "PollVoterListData",
    "PollVoterListExtra",
    "Session",
    "SessionFlags",
    "StreamChatSettings",
    "StreamCount",
    "StreamSource",
    "UnsubscribeAnswer",
    "VideoStream",
]

"""Smaller objects: sessions, blacklist, unsubscribe survey, polls, live stream, deferred access."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from .content import Block, PlayerUrl, blocks_to_text
from .converter import Model
from .level import SubscriptionLevel
from .user import User

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


# -- sessions ---------------------------------------------------------------------


@attrs.frozen(repr=False)
class DeviceInfo(Model):
    """The device of a session, as its browser or app reported it."""

    model: str = ""
    brand: str = ""
    os: str = ""
    user_agent: str = ""
    _repr_fields = ("os", "brand", "model")


@attrs.frozen(repr=False)
class SessionFlags(Model):
    """``is_current``: the session making this request; ``is_online``: active right now."""

    is_online: bool = False
    is_current: bool = False
    _repr_fields = ("is_online", "is_current")


@attrs.frozen(repr=False)
class Session(Model):
    """A logged-in device of the account (``GET /v1/user/session/``).

    ``remote_addr`` (the last IP address) is personal data: not in ``repr``. Times are UTC.
    """

    id: str
    created_at: dt.datetime | None = None
    last_active_at: dt.datetime | None = None
    type: str = ""
    country: str = ""
    remote_addr: str = ""
    device_info: DeviceInfo | None = None
    flags: SessionFlags = attrs.field(factory=SessionFlags)
    _repr_fields = ("id", "type", "country")

    @property
    def is_current(self) -> bool:
        """``True`` for the session this client uses."""
        return self.flags.is_current


# -- blacklist and unsubscribe survey ---------------------------------------------


@attrs.frozen(repr=False)
class BlacklistedUser(User):
    """A user on the blog's blacklist (``GET /v1/blacklist/``); ``blacklisted_at`` is UTC."""

    blacklisted_at: dt.datetime | None = None


@attrs.frozen(repr=False)
class UnsubscribeAnswer(Model):
    """One answer of the "why did you unsubscribe" survey.

    ``answer_ids`` are the chosen reasons, ``other`` the free text. ``is_anonymous`` is
    read from the API's ``isAnonimous``. ``price`` / ``payments`` (lifetime) are ``Decimal``
    in the blog currency. Times are UTC.
    """

    user: User | None = None
    level_id: int | None = None
    price: Decimal = Decimal(0)
    payments: Decimal = Decimal(0)
    answer_ids: list[int] = attrs.field(factory=list)
    other: str = ""
    is_anonymous: bool = attrs.field(default=False, metadata={"api": "isAnonimous"})
    on_time: dt.datetime | None = None
    off_time: dt.datetime | None = None
    created_at: dt.datetime | None = None
    _repr_fields = ("user", "answer_ids")


# -- polls --------------------------------------------------------------------------


@attrs.frozen(repr=False)
class PollVoterListData(Model):
    """The ``data`` of a voter list."""

    voters: list[User] = attrs.field(factory=list)
    _repr_fields = ("voters",)


@attrs.frozen(repr=False)
class PollVoterListExtra(Model):
    """Paging flags of a voter list (``offset`` is an index)."""

    is_last: bool = False
    offset: int | None = None
    _repr_fields = ("is_last", "offset")


@attrs.frozen(repr=False)
class PollVoterList(Model):
    """The first voters of a poll option, embedded in the poll."""

    data: PollVoterListData = attrs.field(factory=PollVoterListData)
    extra: PollVoterListExtra = attrs.field(factory=PollVoterListExtra)
    _repr_fields = ("extra",)

    @property
    def voters(self) -> list[User]:
        """The voters on this page."""
        return self.data.voters


@attrs.frozen(repr=False)
class PollOption(Model):
    """A poll option: ``counter`` votes, ``fraction`` of all votes (0.0 to 1.0)."""

    id: int
    text: str = ""
    counter: int = 0
    fraction: float = 0.0
    voters: PollVoterList | None = None
    _repr_fields = ("id", "text", "counter")


@attrs.frozen(repr=False)
class Poll(Model):
    """A poll of a post (``GET /v1/blog/{blog}/poll/{poll_id}``).

    ``title`` is a list of strings (see :attr:`title_text`); ``answer`` lists the option ids
    the viewer chose. ``finish_time`` is UTC, ``None`` when the poll has no end.
    """

    id: int
    title: list[str] = attrs.field(factory=list)
    is_multiple: bool = False
    is_finished: bool = False
    finish_time: dt.datetime | None = None
    counter: int = 0
    default_lang: str = ""
    has_other: bool = False
    answer: list[int] = attrs.field(factory=list)
    other: str = ""
    options: list[PollOption] = attrs.field(factory=list)
    _repr_fields = ("id", "title_text", "counter")

    @property
    def title_text(self) -> str:
        """The title as one string."""
        return " ".join(part for part in self.title if part)


# -- live stream ---------------------------------------------------------------------


@attrs.frozen(repr=False)
class StreamSource(Model):
    """A video source of a live stream."""

    type: str = ""
    failover_host: str = ""
    title: str = ""
    vid: str = ""
    player_urls: list[PlayerUrl] = attrs.field(factory=list)
    _repr_fields = ("type", "vid")


@attrs.frozen(repr=False)
class StreamChatSettings(Model):
    """Chat throttling of a stream, in seconds."""

    same_message_timeout: int = 0
    any_message_timeout: int = 0
    _repr_fields = ("same_message_timeout", "any_message_timeout")


@attrs.frozen(repr=False)
class StreamCount(Model):
    """A stream's counters."""

    likes: int = 0
    viewers: int = 0
    _repr_fields = ("likes", "viewers")


@attrs.frozen(repr=False)
class VideoStream(Model):
    """A blog's live stream (``GET /v1/blog/{blog}/video_stream``).

    ``data`` are the video sources, ``description`` / ``teaser`` content blocks. The
    ``ws_*`` fields name the realtime channels. Times are UTC; ``price`` is ``Decimal``.
    """

    id: str
    int_id: int | None = attrs.field(default=None, metadata={"api": "int_id"})
    title: str = ""
    description: list[Block] = attrs.field(factory=list)
    data: list[StreamSource] = attrs.field(factory=list)
    is_online: bool = False
    is_deleted: bool = False
    is_template: bool = False
    is_liked: bool = False
    has_access: bool = False
    has_chat: bool = False
    is_chat_moderator: bool = False
    chat_settings: StreamChatSettings | None = None
    count: StreamCount = attrs.field(factory=StreamCount)
    price: Decimal = Decimal(0)
    subscription_level: SubscriptionLevel | None = None
    user: User | None = None
    sort_order: int | None = None
    da_nick: str = ""
    created_at: dt.datetime | None = None
    publish_time: dt.datetime | None = None
    start_time: dt.datetime | None = None
    signed_query: str = ""
    teaser: list[Block] = attrs.field(factory=list)
    ws_chat_channel: str = ""
    ws_chat_channel_private: str = ""
    ws_stream_channel: str = ""
    ws_stream_viewers_channel: str = ""
    _repr_fields = ("id", "title", "is_online")

    @property
    def text(self) -> str:
        """The stream description as plain text."""
        return blocks_to_text(self.description)


# -- deferred access ------------------------------------------------------------------


@attrs.frozen(repr=False)
class DeferredAccess(Model):
    """A post's scheduled price change (``GET .../post/{post_id}/deferred_access``).

    At ``apply_time`` (UTC) the post's ``price`` (``Decimal``) and comment setting change.
    ``post`` is ``{"id": ...}``.
    """

    is_comments_denied: bool = False
    price: Decimal = Decimal(0)
    apply_time: dt.datetime | None = None
    post: dict[str, Any] = attrs.field(factory=dict)
    _repr_fields = ("price", "apply_time")

    @property
    def post_id(self) -> str:
        """The post's id (``""`` if absent)."""
        return str(self.post.get("id", ""))

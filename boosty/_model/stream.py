"""A blog's live stream (``GET /v1/blog/{blog}/video_stream``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from .blocks import Block
from .converter import Model
from .level import SubscriptionLevel
from .markdown import blocks_to_text
from .user import User
from .video import PlayerUrl

__all__ = ["StreamChatSettings", "StreamCount", "StreamSource", "VideoStream"]


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

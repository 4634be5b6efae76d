"""Live stream chat (``GET /v1/blog/{blog}/video_stream/chat``) and realtime connection tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from .content import Block
from .converter import Model
from .markdown import blocks_to_text

__all__ = ["ChatAuthor", "ChatMessage"]


@attrs.frozen(repr=False)
class ChatAuthor(Model):
    """The author of a stream chat message: a user plus chat roles.

    ``is_owner`` marks the streamer, ``is_chat_moderator`` a moderator; ``badges`` are the
    API's badge objects as sent; ``created_at`` is UTC.
    """

    id: int | None = None
    name: str = ""
    has_avatar: bool = False
    avatar_url: str = ""
    badges: list[Any] = attrs.field(factory=list)
    created_at: dt.datetime | None = None
    is_owner: bool = False
    is_chat_moderator: bool = False
    _repr_fields = ("id", "name")


@attrs.frozen(repr=False)
class ChatMessage(Model):
    """One message of a live stream's chat.

    ``data`` is the text as content blocks (:attr:`text` gives it plain); ``is_private``
    marks a message only moderators see; ``styles`` are the API's style objects as sent;
    ``created_at`` is UTC.
    """

    id: int
    author: ChatAuthor | None = None
    data: list[Block] = attrs.field(factory=list)
    is_private: bool = False
    styles: list[Any] = attrs.field(factory=list)
    created_at: dt.datetime | None = None
    _repr_fields = ("id", "created_at")

    @property
    def text(self) -> str:
        """The message as plain text."""
        return blocks_to_text(self.data)

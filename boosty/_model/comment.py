"""Comments (``GET /v1/blog/{blog}/post/{post_id}/comment/``) and their replies."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import attrs

from .common import ListExtra, ReactionCounter
from .content import Block, MediaItem, blocks_to_markdown, blocks_to_media, blocks_to_text
from .converter import Model
from .user import User

__all__ = ["Comment", "CommentPostRef", "CommentReplies"]


@attrs.frozen(repr=False)
class CommentPostRef(Model):
    """The post a comment belongs to (``id`` only)."""

    id: str = ""


@attrs.frozen(repr=False)
class CommentReplies(Model):
    """Replies embedded in a comment (as many as ``reply_limit`` asked for); more with
    ``client.comment_replies(blog, post_id, comment.int_id)``."""

    data: list[Comment] = attrs.field(factory=list)
    extra: ListExtra = attrs.field(factory=ListExtra)
    _repr_fields = ("data",)


@attrs.frozen(repr=False)
class Comment(Model):
    """A comment on a post, or a reply to one.

    ``id`` is a UUID string, ``int_id`` the number used for paging and replying
    (``reply_id`` takes it); both are required (a listed comment without them is skipped
    with a :class:`~boosty.ParseWarning`). For a reply, ``parent_id`` is the thread's root comment and
    ``reply_id`` the comment answered (both ``int_id``\\ s), ``reply_to_user`` its author.
    ``data`` is the text as content blocks (:attr:`text`, :meth:`to_markdown`).
    ``reactions`` maps reaction names to counts. Times are UTC.
    """

    id: str
    int_id: int = attrs.field(metadata={"api": "intId"})
    post: CommentPostRef | None = None
    author: User | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    is_deleted: bool = False
    is_blocked: bool = False
    is_updated: bool = False
    reply_count: int = 0
    replies: CommentReplies | None = None
    data: list[Block] = attrs.field(factory=list)
    reactions: dict[str, int] = attrs.field(factory=dict)
    reaction_counters: list[ReactionCounter] = attrs.field(factory=list)
    reacted: Any = None
    parent_id: int | None = None
    reply_id: int | None = None
    reply_to_user: User | None = None
    _aliases: ClassVar[dict[str, str]] = {"int_id": "intId"}
    _repr_fields = ("int_id", "author")

    @property
    def text(self) -> str:
        """The comment as plain text."""
        return blocks_to_text(self.data)

    def to_markdown(self) -> str:
        """The comment as Markdown."""
        return blocks_to_markdown(self.data)

    @property
    def media(self) -> list[MediaItem]:
        """Images and other media in the comment (see :func:`boosty.models.blocks_to_media`)."""
        return blocks_to_media(self.data)

"""Direct messages: dialogs (``GET /v1/dialog/``) and their messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from .content import Block, blocks_to_markdown, blocks_to_text
from .converter import Model
from .sales import Donation
from .user import User

__all__ = [
    "AttachmentCount",
    "Chatmate",
    "Dialog",
    "DialogRelation",
    "DialogWithUser",
    "Message",
    "MessageAttachments",
    "MessageList",
    "MessageListExtra",
]


@attrs.frozen(repr=False)
class Chatmate(Model):
    """The other person of a dialog. ``url`` is their blog slug (or their id as a string)."""

    id: int
    url: str = ""
    name: str = ""
    currency: str = ""
    blog_currency: str = ""
    accepted_currencies: list[str] = attrs.field(factory=list)
    is_official: bool = False
    has_avatar: bool = False
    avatar_url: str = ""
    has_adult_content: bool = False
    is_blogger: bool = False
    is_verified_streamer: bool = False
    _repr_fields = ("id", "name")


@attrs.frozen(repr=False)
class DialogRelation(Model):
    """What each side of a dialog may do. ``can_write``: the user may write to the chatmate.

    ``start_at`` (UTC) is when the relation (e.g. the subscription) began.
    """

    type: str = ""
    can_write: bool = False
    can_write_me: bool = False
    need_donation: bool = False
    is_black_listed: bool = False
    is_chatmate_black_listed: bool = False
    chatmate_requires_verification_for_payments: bool = False
    start_at: dt.datetime | None = None
    _repr_fields = ("type", "can_write")


@attrs.frozen(repr=False)
class AttachmentCount(Model):
    """How many attachments of one kind a message has (``preview_url`` for images/videos)."""

    count: int = 0
    preview_url: str = ""
    _repr_fields = ("count",)


@attrs.frozen(repr=False)
class MessageAttachments(Model):
    """A message's attachment counters by kind."""

    text: AttachmentCount | None = None
    files: AttachmentCount | None = None
    audios: AttachmentCount | None = None
    images: AttachmentCount | None = None
    videos: AttachmentCount | None = None
    _repr_fields = ("text", "files", "audios", "images", "videos")


@attrs.frozen(repr=False)
class Message(Model):
    """One direct message. ``text`` / ``to_markdown()`` render its content blocks.

    ``donation`` is set when the message carries a donation. ``price`` (``Decimal``, blog
    currency) is non-zero for paid messages; ``pay_wall`` is ``True`` while locked for the
    reader. ``created_at`` is UTC.
    """

    id: int
    dialog_id: int | None = None
    created_at: dt.datetime | None = None
    author_id: int | None = None
    author: User | None = None
    is_read: bool = False
    is_paid: bool = False
    is_deleted: bool = False
    is_fee_paid: bool = False
    pay_wall: bool = False
    price: Decimal = Decimal(0)
    preview_type: str = ""
    currency_prices: dict[str, Decimal] = attrs.field(factory=dict)
    teaser: list[Block] = attrs.field(factory=list)
    data: list[Block] = attrs.field(factory=list)
    attachments: MessageAttachments | None = None
    donation: Donation | None = None
    _repr_fields = ("id", "dialog_id", "author_id")

    @property
    def text(self) -> str:
        """The message as plain text."""
        return blocks_to_text(self.data)

    def to_markdown(self) -> str:
        """The message as Markdown."""
        return blocks_to_markdown(self.data)


def _id_first(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """``id`` first in the field order (``to_dict``, JSON output), the inherited keyword-only
    fields after it; ``__init__`` is the same either way."""
    return sorted(fields, key=lambda field: field.name != "id")


@attrs.frozen(repr=False, kw_only=True)
class DialogFields(Model):
    """The fields a dialog has both in the inbox (:class:`~boosty.models.Dialog`) and in the
    answer about one user (:class:`~boosty.models.DialogWithUser`). A base class, not a model
    of its own; its fields are keyword-only, after each subclass's ``id``."""

    chat_id: int | None = None
    created_at: dt.datetime | None = None
    unread_msg_count: int = 0
    is_blocked: bool = False
    ws_channel: str = ""
    signed_query: str = ""
    chatmate: Chatmate | None = None
    relation: DialogRelation | None = None


@attrs.frozen(repr=False, field_transformer=_id_first)
class Dialog(DialogFields):
    """A conversation in the user's inbox. ``last_message`` is its newest message.

    ``ws_channel`` is the realtime channel of the dialog. ``created_at`` is UTC. All but
    ``id`` and ``last_message`` are keyword-only.
    """

    id: int
    last_message: Message | None = None
    _repr_fields = ("id", "chatmate", "unread_msg_count")


@attrs.frozen(repr=False)
class MessageListExtra(Model):
    """Paging flags of an embedded message list; ``offset`` is the last message's id."""

    is_first: bool = False
    is_last: bool = False
    offset: int | None = None
    _repr_fields = ("is_first", "is_last", "offset")


@attrs.frozen(repr=False)
class MessageList(Model):
    """Messages embedded in another object, with their paging flags."""

    data: list[Message] = attrs.field(factory=list)
    extra: MessageListExtra = attrs.field(factory=MessageListExtra)
    _repr_fields = ("extra",)


@attrs.frozen(repr=False, field_transformer=_id_first)
class DialogWithUser(DialogFields):
    """The answer to ``GET /v1/dialog?user_id=``: the dialog with one user, if any.

    ``id`` is ``None`` when no dialog exists yet (then ``messages`` is empty and the dialog
    must be created before writing). ``relation.can_write`` says whether the user may write.
    All but ``id`` and ``messages`` are keyword-only.
    """

    id: int | None = None
    messages: MessageList = attrs.field(factory=MessageList)
    _repr_fields = ("id", "chatmate")

    @property
    def exists(self) -> bool:
        """``True`` when the dialog exists (the API sent its ``id``)."""
        return self.id is not None

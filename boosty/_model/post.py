"""Posts (``GET /v1/blog/{blog}/post/``, ``/post/{id}``, the feed), their parts, and a post's
scheduled price change (``GET .../post/{post_id}/deferred_access``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from .comment import Comment
from .common import ContentCounter, ListExtra, ReactionCounter, Tag
from .content import Block, HeaderBlock, MediaItem, blocks_to_markdown, blocks_to_media, blocks_to_text
from .converter import Model
from .level import SubscriptionLevel
from .media import UrlFor
from .poll import Poll
from .sales import Donation
from .text import encode_content
from .user import User

__all__ = [
    "DeferredAccess",
    "Post",
    "PostComments",
    "PostCount",
    "PostDonators",
    "PostFrame",
    "PostFrameItem",
]


@attrs.frozen(repr=False)
class PostCount(Model):
    """A post's counters: ``likes``, ``comments``, ``views`` (when shown) and ``reactions``
    (reaction name → count)."""

    likes: int = 0
    comments: int = 0
    views: int | None = None
    reactions: dict[str, int] = attrs.field(factory=dict)
    _repr_fields = ("likes", "comments")


@attrs.frozen(repr=False)
class PostComments(Model):
    """The first comments embedded in a post (``comments_limit``); all of them with
    ``client.comments(blog, post.id)``."""

    data: list[Comment] = attrs.field(factory=list)
    extra: ListExtra = attrs.field(factory=ListExtra)
    _repr_fields = ("data",)


@attrs.frozen(repr=False)
class PostDonators(Model):
    """Donations embedded in a post."""

    data: list[Donation] = attrs.field(factory=list)
    extra: ListExtra = attrs.field(factory=ListExtra)
    _repr_fields = ("data",)


@attrs.frozen(repr=False)
class PostFrameItem(Model):
    """A neighbouring post: ``id``, ``title``, ``publish_time`` (UTC)."""

    id: str = ""
    title: str = ""
    publish_time: dt.datetime | None = None
    _repr_fields = ("id", "title")


@attrs.frozen(repr=False)
class PostFrame(Model):
    """The posts before and after a post (``None`` at either end)."""

    previous: PostFrameItem | None = None
    next: PostFrameItem | None = None
    _repr_fields = ("previous", "next")


@attrs.frozen(repr=False)
class Post(Model):
    """A blog post.

    ``id`` is a UUID string, ``int_id`` its number (the API spells it ``int_id`` and
    ``intId``; both are read). Both are required: a listed post without them is skipped
    with a :class:`~boosty.ParseWarning`, a single post without them raises
    :class:`~boosty.ParseError`. ``title`` is ``""`` when the API sends ``null``. ``data`` is
    the body as content blocks (empty or reduced without access; then ``teaser`` holds
    the preview). :attr:`text`, :meth:`to_markdown`, :attr:`media` and :meth:`media_for`
    render it. ``price`` and ``currency_prices`` are ``Decimal`` (``null`` price → 0),
    times are aware UTC ``datetime``. ``signed_query`` is appended to media URLs for
    protected posts and lives about 24 hours. ``subscription_level`` is the level a
    paid post needs. ``comments`` and ``donators`` hold the first few embedded.

    ``data`` and ``teaser`` are read from the response's JSON on first access (a listing
    that only wants titles never pays for the blocks); the value is then kept, and equality,
    ``repr``, ``to_dict``, pickling and ``attrs.evolve`` all see the blocks. So a
    :class:`~boosty.ParseWarning` for a malformed block, or an
    :class:`~boosty.UnknownFieldWarning` for a block's new field, comes at that first
    access, not at the request.
    """

    id: str
    int_id: int = attrs.field(metadata={"api": "int_id"})
    title: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    publish_time: dt.datetime | None = None
    sort_order: int | None = None
    data: list[Block] = attrs.field(factory=list)
    teaser: list[Block] = attrs.field(factory=list)
    has_access: bool = False
    price: Decimal = Decimal(0)
    currency_prices: dict[str, Decimal] = attrs.field(factory=dict)
    donations: Any = None
    currency_donations: dict[str, Decimal] = attrs.field(factory=dict)
    signed_query: str = ""
    user: User | None = None
    tags: list[Tag] = attrs.field(factory=list)
    subscription_level: SubscriptionLevel | None = None
    subscription_level_id: int | None = None
    count: PostCount = attrs.field(factory=PostCount)
    content_counters: list[ContentCounter] = attrs.field(factory=list)
    reaction_counters: list[ReactionCounter] = attrs.field(factory=list)
    reacted: Any = None
    is_liked: bool = False
    is_published: bool = False
    is_deleted: bool = False
    is_blocked: bool = False
    is_pinned: bool = False
    is_record: bool = False
    is_waiting_video: bool = False
    is_marketing: bool = False
    is_comments_denied: bool = False
    is_showcase_visible: bool = False
    showcase_status: Any = None
    reactions_disabled: bool = False
    show_views_counter: bool = False
    has_adult_content: bool = False
    has_ai_content: bool = attrs.field(default=False, metadata={"api": "hasAIContent"})
    forbidden_change_has_ai_content: bool = attrs.field(default=False, metadata={"api": "forbiddenChangeHasAIContent"})
    promo: Any = None
    advertiser_info: Any = None
    bundle_ids: list[Any] = attrs.field(factory=list)
    donators: PostDonators | None = None
    comments: PostComments | None = None
    poll: Poll | None = None
    frame: PostFrame | None = None
    _aliases: ClassVar[dict[str, str]] = {"intId": "int_id"}
    _lazy_fields: ClassVar[tuple[str, ...]] = ("data", "teaser")
    _repr_fields = ("id", "int_id", "title")

    @property
    def text(self) -> str:
        """The body (``data``) as plain text; ``""`` without access."""
        return blocks_to_text(self.data)

    @property
    def teaser_text(self) -> str:
        """The teaser (what shows without access) as plain text."""
        return blocks_to_text(self.teaser)

    def to_markdown(self, *, title: bool = False, quality: str = "highest", url_for: UrlFor | None = None) -> str:
        """The body as Markdown (see :func:`boosty.models.blocks_to_markdown`), media linked with
        this post's ``signed_query``; ``title=True`` puts ``# title`` first."""
        body = blocks_to_markdown(self.data, signed_query=self.signed_query, quality=quality, url_for=url_for)
        if title and self.title:
            heading = blocks_to_markdown([HeaderBlock(content=encode_content(self.title, "header-one"))])
            return f"{heading}\n\n{body}" if body else heading
        return body

    @property
    def media(self) -> list[MediaItem]:
        """Downloadable media of the body, URLs signed, Boosty video at the highest quality."""
        return blocks_to_media(self.data, self.signed_query)

    def media_for(self, quality: str = "highest") -> list[MediaItem]:
        """Like :attr:`media`, with Boosty video at or below ``quality`` (``"highest"``,
        ``"high"``, ``"medium"``, ``"low"``, ``"lowest"``, or a variant name such as
        ``"full_hd"``). Raises :class:`ValueError` for an unknown ``quality``."""
        return blocks_to_media(self.data, self.signed_query, quality=quality)

    @property
    def url(self) -> str:
        """The post's web page (``""`` when the author's blog is unknown)."""
        blog = self.user.blog_url if self.user is not None else ""
        return f"https://boosty.to/{blog}/posts/{self.id}" if blog and self.id else ""


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

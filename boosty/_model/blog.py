"""Blog profile models (``GET /v1/blog/{blog}``)."""

from __future__ import annotations

from typing import Any

import attrs

from .content import Block, blocks_to_markdown, blocks_to_text
from .converter import Model

__all__ = ["Blog", "BlogCount", "BlogOwner"]


@attrs.frozen(repr=False)
class BlogOwner(Model):
    """The user who owns a blog."""

    id: int
    name: str = ""
    has_avatar: bool = False
    avatar_url: str = ""
    _repr_fields = ("id", "name")


@attrs.frozen(repr=False)
class BlogCount(Model):
    """A blog's counters."""

    posts: int = 0
    subscribers: int = 0
    showcase: int = 0
    _repr_fields = ("posts", "subscribers")


@attrs.frozen(repr=False)
class Blog(Model):
    """A blog's profile. ``blog_url`` is the slug (``https://boosty.to/<blog_url>``)."""

    blog_url: str
    title: str = ""
    description: list[Block] = attrs.field(factory=list)
    cover_url: str = ""
    owner: BlogOwner | None = None
    count: BlogCount = attrs.field(factory=BlogCount)
    flags: dict[str, Any] = attrs.field(factory=dict)
    access_rights: dict[str, Any] = attrs.field(factory=dict)
    is_subscribed: bool = False
    subscription: Any = None
    subscription_kind: str = ""
    is_owner: bool = False
    is_black_listed: bool = False
    is_black_listed_by_user: bool = False
    is_read_only: bool = False
    is_total_baned: bool = False
    has_adult_content: bool = False
    signed_query: str = ""
    public_web_socket_channel: str = ""
    allowed_promo_types: list[Any] = attrs.field(factory=list)
    social_links: list[Any] = attrs.field(factory=list)
    currency: str = ""
    _repr_fields = ("blog_url", "title")

    @property
    def text(self) -> str:
        """The description as plain text."""
        return blocks_to_text(self.description)

    def to_markdown(self) -> str:
        """The description as Markdown."""
        return blocks_to_markdown(self.description, signed_query=self.signed_query)

"""The fake's records: users, blogs, posts, comments, subscriptions, dialogs...

Plain mutable ``attrs`` classes, one per kind of thing the fake Boosty keeps; ids are
``int`` (posts: a UUID ``str`` plus ``int_id``), times unix seconds (UTC), money in the
blog currency. :class:`boosty.testing.world.World` holds and changes them.
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = [
    "JSON",
    "Blog",
    "Bundle",
    "Comment",
    "Dialog",
    "Donation",
    "Level",
    "Message",
    "Notification",
    "Poll",
    "Post",
    "ShowcaseItem",
    "Subscription",
    "Target",
    "User",
    "WorldError",
]

JSON = dict[str, Any]


class WorldError(LookupError):
    """An admin call named something that does not exist (unknown blog, post, user...)."""


@attrs.define
class User:
    id: int
    name: str
    email: str = ""
    has_avatar: bool = False
    blog_url: str | None = None
    nick_color: int = 0
    currency: str = "RUB"


@attrs.define
class Level:
    id: int
    blog_url: str
    name: str
    price: float
    created_at: int
    owner_id: int
    description: list[JSON] = attrs.Factory(list)
    is_limited: bool = False
    is_hidden: bool = False
    deleted: bool = False


@attrs.define
class Blog:
    url: str
    title: str
    owner_id: int
    description: list[JSON] = attrs.Factory(list)
    created_at: int = 0
    social_links: list[JSON] = attrs.Factory(list)
    has_adult_content: bool = False
    showcase_enabled: bool = True
    blacklist: list[tuple[int, int]] = attrs.Factory(list)


@attrs.define
class Post:
    id: str
    int_id: int
    blog_url: str
    title: str
    blocks: list[JSON]
    publish_time: int
    teaser: list[JSON] = attrs.Factory(list)
    price: float = 0
    level_id: int | None = None
    created_at: int = 0
    updated_at: int = 0
    tags: list[tuple[int, str]] = attrs.Factory(list)
    is_pinned: bool = False
    deny_comments: bool = False
    likes: int = 0
    views: int = 0
    bundle_ids: list[str] = attrs.Factory(list)
    is_showcase_visible: bool = False
    deleted: bool = False
    poll_id: int | None = None


@attrs.define
class Comment:
    id: str
    int_id: int
    blog_url: str
    post_id: str
    author_id: int
    blocks: list[JSON]
    created_at: int
    parent_id: int | None = None
    reply_id: int | None = None
    reply_to_user_id: int | None = None
    deleted: bool = False
    likes: int = 0


@attrs.define
class Subscription:
    id: int
    user_id: int
    blog_url: str
    level_id: int
    price: float
    on_time: int
    status: str = "active"
    off_time: int | None = None
    next_pay_time: int | None = None
    payments: float = 0
    is_fee_paid: bool = False


@attrs.define
class Target:
    id: int
    blog_url: str
    type: str
    description: str
    target_sum: float
    current_sum: float
    priority: int
    created_at: int
    finish_time: int | None = None
    deleted: bool = False


@attrs.define
class Bundle:
    id: str
    blog_url: str
    title: str
    description: str
    price: float
    post_ids: list[str]
    created_at: int
    hidden: bool = False
    thumbnail_id: str = ""


@attrs.define
class ShowcaseItem:
    id: int
    blog_url: str
    post_id: str
    position: int
    is_visible: bool = True


@attrs.define
class Dialog:
    id: int
    user_a: int
    user_b: int
    created_at: int
    is_blocked: bool = False

    def other(self, user_id: int) -> int:
        return self.user_b if user_id == self.user_a else self.user_a


@attrs.define
class Message:
    id: int
    dialog_id: int
    author_id: int
    blocks: list[JSON]
    created_at: int
    is_read: bool = True
    donation_id: int | None = None


@attrs.define
class Donation:
    id: int
    blog_url: str
    user_id: int
    amount: float
    type: str
    created_at: int
    post_id: str | None = None
    target_id: int | None = None
    is_fee_paid: bool = False


@attrs.define
class Notification:
    id: int
    user_id: int
    type: str
    event_time: int
    author_id: int
    level_id: int | None = None
    is_read: bool = False


@attrs.define
class Poll:
    id: int
    blog_url: str
    title: str
    options: list[tuple[int, str, list[int]]]
    is_multiple: bool = False

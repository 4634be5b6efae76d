"""Users as other objects embed them (post authors, commenters, donators, voters) and as the
blog's blacklist lists them (``GET /v1/blacklist/``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from .converter import Model

__all__ = ["BlacklistedUser", "User", "UserFlags"]


@attrs.frozen(repr=False)
class UserFlags(Model):
    """Flags of a blog author embedded in a post."""

    show_post_donations: bool = False
    _repr_fields = ("show_post_donations",)


@attrs.frozen(repr=False)
class User(Model):
    """A user embedded in another object (``boosty-api.md`` §4.3).

    One model for every embedded variant; fields a variant lacks keep their empty value.
    ``id`` is required: an object embedding a user without one does not parse.
    Base: ``id``, ``name``, ``has_avatar``, ``avatar_url``, ``is_official``,
    ``is_verified_streamer``, ``currency``. A post's author adds ``blog_url`` and ``flags``;
    a commenter ``nick_color`` (0-15), ``display_name`` and ``vkplay_profile_link``; a
    donator or voter ``email`` (owner views only; ``""`` when hidden).
    """

    id: int
    name: str = ""
    has_avatar: bool = False
    avatar_url: str = ""
    is_official: bool | None = None
    is_verified_streamer: bool | None = None
    currency: str = ""
    blog_url: str = ""
    flags: UserFlags | None = None
    nick_color: int | None = None
    display_name: str = ""
    vkplay_profile_link: str = ""
    email: str = ""
    can_write: bool | None = None
    badges: list[Any] = attrs.field(factory=list)
    _repr_fields = ("id", "name")


@attrs.frozen(repr=False)
class AccountFields(Model):
    """The fields a user's account starts with wherever the API shows its e-mail: the
    logged-in user (:class:`~boosty.models.CurrentUser`) and a blog's subscribers
    (:class:`~boosty.models.Subscriber`). A base class, not a model of its own; its fields
    come first in its subclasses, in the API's order. ``email`` is not shown in ``repr``."""

    id: int
    name: str = ""
    email: str = ""
    has_avatar: bool = False
    avatar_url: str = ""
    is_official: bool = False


@attrs.frozen(repr=False)
class BlacklistedUser(User):
    """A user on the blog's blacklist (``GET /v1/blacklist/``); ``blacklisted_at`` is UTC."""

    blacklisted_at: dt.datetime | None = None

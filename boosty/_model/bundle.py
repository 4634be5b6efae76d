"""Bundles (paid post collections): ``GET /v1/blog/{blog}/bundle/`` and their posts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from .common import ContentCounter
from .converter import Model
from .post import Post

__all__ = ["Bundle", "BundleItem", "BundleThumbnail"]


@attrs.frozen(repr=False)
class BundleThumbnail(Model):
    """A bundle's cover image (``width`` / ``height`` in pixels, ``size`` in bytes)."""

    id: str = ""
    title: str = ""
    url: str = ""
    rendition: str = ""
    type: str = ""
    width: int | None = None
    height: int | None = None
    size: int | None = None
    _repr_fields = ("id", "url")


@attrs.frozen(repr=False)
class Bundle(Model):
    """A bundle: posts sold together.

    ``price`` is in the blog currency (``Decimal``; ``null`` reads as 0);
    ``currency_prices`` maps currency codes, as the API spells them, to prices. ``sorting``
    is ``"date_desc"`` / ``"date_asc"`` (others kept). Times are UTC; ``deleted_at`` is
    ``None`` unless deleted.
    """

    id: str
    title: str = ""
    description: str = ""
    price: Decimal = Decimal(0)
    currency_prices: dict[str, Decimal] = attrs.field(factory=dict)
    hidden: bool = False
    has_access: bool = False
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    published_at: dt.datetime | None = None
    deleted_at: dt.datetime | None = None
    blog_id: int | None = None
    published_posts_counter: int = 0
    accessible_posts_counter: int = 0
    sorting: str = ""
    content_counters: list[ContentCounter] = attrs.field(factory=list)
    thumbnail: BundleThumbnail | None = None
    _repr_fields = ("id", "title", "price")


@attrs.frozen(repr=False)
class BundleItem(Post):
    """A post of a bundle (``GET /v1/blog/{blog}/bundle/{bundle_id}/post/``).

    Everything of :class:`~boosty.models.Post`, plus its ``position`` in the bundle, the bundle
    (``bundle_id``) and all ``bundles`` it belongs to.
    """

    position: int | None = None
    bundle_id: str = ""
    post_id: str = ""
    change: str = ""
    is_draft: bool = False
    bundles: list[Bundle] = attrs.field(factory=list)

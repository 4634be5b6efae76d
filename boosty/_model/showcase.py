"""A blog's showcase (``GET /v1/blog/{blog}/showcase/``): pinned posts and bundles."""

from __future__ import annotations

import attrs

from .bundle import Bundle
from .converter import Model
from .post import Post

__all__ = ["ShowcaseCounters", "ShowcaseItem"]


@attrs.frozen(repr=False)
class ShowcaseCounters(Model):
    """How many showcase items are visible, overall and by kind."""

    visible_total: int = 0
    visible_posts_count: int = 0
    visible_bundles_count: int = 0
    _repr_fields = ("visible_total", "visible_posts_count", "visible_bundles_count")


@attrs.frozen(repr=False)
class ShowcaseItem(Model):
    """One showcase entry. ``item_type`` is ``"post"`` (then ``post`` is set) or ``"bundle"``
    (then ``bundle`` is set); other values are kept.
    """

    showcase_item_id: int
    item_type: str = ""
    is_visible: bool = False
    item_id: str = ""
    position: int | None = None
    post: Post | None = None
    bundle: Bundle | None = None
    _repr_fields = ("showcase_item_id", "item_type", "item_id")

"""A saved post draft (``PUT /v1/blog/{blog}/post_draft``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from .common import Tag
from .content import Block
from .converter import Model

__all__ = ["PostDraft"]


@attrs.frozen(repr=False)
class PostDraft(Model):
    """A blog's post draft, as saved: ``title``, the body ``data`` and ``teaser`` as
    content blocks, ``price`` (``Decimal``), ``tags``, ``updated_at`` (aware UTC). A blog
    has one draft; :meth:`~boosty.Boosty.draft_publish` publishes it."""

    id: str = ""
    title: str = ""
    data: list[Block] = attrs.field(factory=list)
    teaser: list[Block] = attrs.field(factory=list)
    price: Decimal = Decimal(0)
    tags: list[Tag] = attrs.field(factory=list)
    updated_at: dt.datetime | None = None
    _repr_fields = ("id", "title")

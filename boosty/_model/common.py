"""Small objects shared by posts, comments and other models."""

from __future__ import annotations

from typing import Any

import attrs

from .converter import Model

__all__ = ["ContentCounter", "ListExtra", "ReactionCounter", "Tag"]


@attrs.frozen(repr=False)
class Tag(Model):
    """A post tag: numeric ``id`` and ``title``."""

    id: int | None = None
    title: str = ""
    _repr_fields = ("id", "title")


@attrs.frozen(repr=False)
class ReactionCounter(Model):
    """How many reactions of one ``type`` (``like``, ``heart``, ``fire``, ...; new types are kept)."""

    type: str = ""
    count: int = 0
    _repr_fields = ("type", "count")


@attrs.frozen(repr=False)
class ContentCounter(Model):
    """How many blocks of one content ``type`` a post (or bundle) holds; ``size`` in bytes."""

    type: str = ""
    count: int = 0
    size: int | None = None
    _repr_fields = ("type", "count")


@attrs.frozen(repr=False)
class ListExtra(Model):
    """The ``extra`` of a list embedded in another object (a post's comments or donators,
    a comment's replies): ``is_first``/``is_last`` flags and, for some, an ``offset``."""

    is_first: bool | None = None
    is_last: bool | None = None
    offset: Any = None
    _repr_fields = ("is_first", "is_last")

"""The media album of a blog (``GET /v1/blog/{blog}/media_album/``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

import attrs

from .content import Block, MediaItem, blocks_to_media
from .converter import Model, camel
from .post import Post

__all__ = ["MediaAlbumItem", "MediaAlbumPost"]


@attrs.frozen(repr=False)
class MediaAlbumPost(Model):
    """The reduced post of a media album entry (``boosty-api.md`` §4.11): ``id`` (required),
    ``title``, ``has_access``, ``price`` (``Decimal``), ``publish_time`` (UTC),
    ``signed_query`` for its media, ``teaser`` blocks and ``subscription_level_id``.
    ``int_id`` is ``None`` unless the API sends it. Other post fields are accepted and
    dropped; the whole post is ``client.post(blog, id)``."""

    id: str
    int_id: int | None = attrs.field(default=None, metadata={"api": "int_id"})
    title: str = ""
    has_access: bool = False
    price: Decimal = Decimal(0)
    publish_time: dt.datetime | None = None
    signed_query: str = ""
    teaser: list[Block] = attrs.field(factory=list)
    subscription_level_id: int | None = None
    _aliases: ClassVar[dict[str, str]] = {"intId": "int_id"}
    _ignored_fields: ClassVar[frozenset[str]] = frozenset(
        str(f.metadata.get("api", camel(f.name))) for f in attrs.fields(Post)
    )
    _repr_fields = ("id", "title")


@attrs.frozen(repr=False)
class MediaAlbumItem(Model):
    """One post of the media album: a reduced ``post`` (:class:`MediaAlbumPost`) and its
    ``media`` blocks (images, Boosty videos, audio)."""

    post: MediaAlbumPost
    media: list[Block] = attrs.field(factory=list)
    _repr_fields = ("post", "media")

    def media_for(self, quality: str = "highest") -> list[MediaItem]:
        """The downloadable media, URLs signed with the post's ``signed_query``, Boosty
        video at or below ``quality`` (see :meth:`~boosty.models.Post.media_for`)."""
        return blocks_to_media(self.media, self.post.signed_query, quality=quality)

"""The media album of a blog (``GET /v1/blog/{blog}/media_album/``)."""

from __future__ import annotations

import attrs

from .content import Block, MediaItem, blocks_to_media
from .converter import Model
from .post import Post

__all__ = ["MediaAlbumItem"]


@attrs.frozen(repr=False)
class MediaAlbumItem(Model):
    """One post of the media album: a reduced ``post`` (id, title, access, price,
    ``signed_query``, ...) and its ``media`` blocks (images, Boosty videos, audio)."""

    post: Post = attrs.field(factory=Post)
    media: list[Block] = attrs.field(factory=list)
    _repr_fields = ("post", "media")

    def media_for(self, quality: str = "highest") -> list[MediaItem]:
        """The downloadable media, URLs signed with the post's ``signed_query``, Boosty
        video at or below ``quality`` (see :meth:`boosty.Post.media_for`)."""
        return blocks_to_media(self.media, self.post.signed_query, quality=quality)

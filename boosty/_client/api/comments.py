"""Comments of a post and replies of a comment (reading)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..paging import COMMENTS, list_endpoint

if TYPE_CHECKING:
    from ...models import Comment
else:
    from ._models import Comment


class CommentsAPI(ClientBase):
    """Comment reading endpoints."""

    @list_endpoint(Comment, COMMENTS)
    def comments(
        self,
        blog: str,
        post_id: str,
        *,
        limit: int | None = None,
        offset: int | None = None,
        reply_limit: int | None = None,
        order: str | None = None,
    ) -> Request:
        """A page of a post's comments: ``GET /v1/blog/{blog}/post/{post_id}/comment/``.

        Auth: optional (403 on posts without anonymous access). ``limit`` is the page size;
        ``offset`` the ``int_id`` of the last comment already read (``page.offset``);
        ``reply_limit`` embeds that many replies per comment; ``order`` is ``"top"`` or
        ``"bottom"`` (the API's default: ``top``). Returns ``Page[`` :class:`~boosty.Comment`
        ``]``. Raises :class:`~boosty.Forbidden` without access, :class:`~boosty.NotFound`
        for an unknown post.
        """
        params = {"limit": limit, "offset": offset, "reply_limit": reply_limit, "order": order}
        return self._request("GET", "/v1/blog/{}/post/{}/comment/", blog, post_id, params=params)

    iter_comments = comments.iterator()

    @list_endpoint(Comment, COMMENTS)
    def comment_replies(
        self,
        blog: str,
        post_id: str,
        parent_int_id: int,
        *,
        limit: int | None = None,
        offset: int | None = None,
    ) -> Request:
        """A page of the replies to one comment: ``GET .../post/{post_id}/comment/?parent_id=``.

        Auth: optional. ``parent_int_id`` is the comment's ``int_id`` (a UUID is refused
        by the API with 400). Returns ``Page[`` :class:`~boosty.Comment` ``]``. Raises
        :class:`~boosty.BadRequest` for a bad parent, :class:`~boosty.Forbidden` without
        access.
        """
        params = {"parent_id": parent_int_id, "limit": limit, "offset": offset}
        return self._request("GET", "/v1/blog/{}/post/{}/comment/", blog, post_id, params=params)

    iter_comment_replies = comment_replies.iterator()

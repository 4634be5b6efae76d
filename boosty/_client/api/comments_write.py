"""Writing comments: create (with replies), delete, react (``boosty-api.md`` §2.6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ._extract import unwrapped
from ._write import IDEMPOTENT_WRITE, comment_int_id, comment_ref, content_json, nothing, reaction_name

if TYPE_CHECKING:
    from ..._model.compose import ContentInput
    from ...models import Comment
else:
    from ._models import Comment

_FROM_BLOG = {"from_page": "blog"}


class CommentsWriteAPI(ClientBase):
    """Comment writing endpoints (user)."""

    @endpoint(unwrapped(Comment))
    def comment_create(
        self,
        blog: str,
        post_id: str,
        content: ContentInput,
        *,
        reply_to: Comment | int | None = None,
    ) -> Request:
        """Comment on a post: ``POST /v1/blog/{blog}/post/{post_id}/comment/?from_page=blog``.

        Auth: user. Form ``data``: ``content`` as a JSON array of blocks ending with
        BLOCK_END (a ``str`` is one literal paragraph); ``reply_id``: with ``reply_to`` (a
        :class:`~boosty.Comment` or its ``int_id``), the ``intId`` of the comment answered.
        Returns the created :class:`~boosty.Comment`.

        Raises :class:`ValueError` for empty content or a bad ``reply_to`` and
        :class:`TypeError` for content of another type (both before any request);
        :class:`~boosty.Unauthorised` anonymously, :class:`~boosty.Forbidden` where comments
        are closed or the post is out of reach, :class:`~boosty.NotFound` for an unknown post
        or parent. Sources disagree on the body (``boosty-api.md`` §9.2): this follows the
        urlencoded form of BL, whose end-to-end tests ran against the live API (RS/RSP send
        multipart ``data[]`` parts; BK adds ``reply_to_id``). Not retried on 5xx (a comment
        must not be posted twice).
        """
        data = {"data": content_json(content)}
        if reply_to is not None:
            data["reply_id"] = str(comment_int_id(reply_to, "reply_to"))
        return self._request("POST", "/v1/blog/{}/post/{}/comment/", blog, post_id, params=_FROM_BLOG, data=data)

    @endpoint(nothing)
    def comment_delete(self, blog: str, post_id: str, comment: Comment | str) -> Request:
        """Delete a comment: ``DELETE /v1/blog/{blog}/post/{post_id}/comment/{id}?from_page=blog``.

        Auth: the comment's author or the blog owner. ``comment`` is a
        :class:`~boosty.Comment` or its ``id`` (UUID, as BL sends it). Returns ``None``.
        Raises :class:`~boosty.Forbidden` for someone else's comment,
        :class:`~boosty.NotFound` for an unknown comment. Source: BL.
        """
        ref = comment_ref(comment, "comment")
        return self._request("DELETE", "/v1/blog/{}/post/{}/comment/{}", blog, post_id, ref, params=_FROM_BLOG)

    @endpoint(nothing)
    def comment_react(self, blog: str, post_id: str, comment: Comment | str, reaction: str) -> Request:
        """React to a comment: ``POST .../post/{post_id}/comment/{id}/reaction``, form ``reaction``.

        Auth: user. ``comment`` is a :class:`~boosty.Comment` or its ``id``; ``reaction`` a
        name of ``boosty-api.md`` §4.15. Returns ``None``. Raises :class:`ValueError` for an
        unknown reaction (before any request), :class:`~boosty.NotFound` for an unknown
        comment. Source: BK (from the web client).
        """
        ref = comment_ref(comment, "comment")
        data = {"reaction": reaction_name(reaction)}
        path = "/v1/blog/{}/post/{}/comment/{}/reaction"
        return self._request("POST", path, blog, post_id, ref, data=data, extensions=IDEMPOTENT_WRITE)

    @endpoint(nothing)
    def comment_unreact(self, blog: str, post_id: str, comment: Comment | str) -> Request:
        """Remove one's reaction: ``DELETE .../post/{post_id}/comment/{id}/reaction``. Auth: user.

        Returns ``None``. Raises :class:`~boosty.NotFound` for an unknown comment. Source: BK.
        """
        ref = comment_ref(comment, "comment")
        return self._request("DELETE", "/v1/blog/{}/post/{}/comment/{}/reaction", blog, post_id, ref)

"""Comments: list (``intId`` offsets, ``isFirst``/``isLast``), replies, create, delete, react.

Paging (``boosty-api.md`` §3): ``order=top`` (default; also ``asc``) reads oldest first and
``offset`` is the ``intId`` of the last comment seen; ``bottom`` (also ``desc``) reads newest
first. The flags are chronological: with ``top`` every page but the last says
``isFirst=true, isLast=false``; with ``bottom`` ``isFirst=false, isLast=true``; the final
page says both ``true``.
"""

from __future__ import annotations

from .._ctx import JSON, ApiError, Ctx, Routes, blocks_field, field, invalid
from ..records import Comment, Post
from . import blog_writes

__all__ = ["ROUTES"]

r = Routes()
ROUTES = r.routes


def _post(ctx: Ctx) -> Post:
    blog = ctx.blog()
    post = ctx.world.posts.get(ctx.path("post_id"))
    if post is None or post.blog_url != blog.url or post.deleted:
        raise ApiError(404, "not_found", "Post not found")
    if not ctx.world.can_view(post, ctx.viewer):
        raise ApiError(403, "forbidden", "No access to this post")
    return post


@r("/v1/blog/{blog}/post/{post_id}/comment/")
def comments(ctx: Ctx) -> JSON:
    """``GET .../comment/``: ``{data: [comment], extra: {isFirst, isLast}}``."""
    post = _post(ctx)
    limit = ctx.q_int("limit", 20, minimum=1, maximum=100)
    reply_limit = ctx.q_int("reply_limit", 0, minimum=0, maximum=100)
    order = (ctx.q("order") or "top").lower()
    if order not in ("top", "bottom", "asc", "desc"):
        raise invalid("order", "must be top or bottom")
    newest_first = order in ("bottom", "desc")
    parent = ctx.q_opt_int("parent_id")
    items = [c for c in ctx.world.post_comments(post.id) if c.parent_id == parent]
    if parent is not None and parent not in ctx.world.comments:
        raise ApiError(404, "not_found", "Comment not found")
    if newest_first:
        items.reverse()
    offset = ctx.q_opt_int("offset")
    if offset is not None:
        items = [c for c in items if (c.int_id < offset if newest_first else c.int_id > offset)]
    page = items[:limit]
    final = len(items) <= limit
    extra = {"isFirst": True, "isLast": True} if final else {"isFirst": not newest_first, "isLast": newest_first}
    view = ctx.view
    return {"data": [view.comment(c, reply_limit) for c in page], "extra": extra}


@r("/v1/blog/{blog}/post/{post_id}/comment/", "POST")
def comment_create(ctx: Ctx) -> JSON:
    """``POST .../comment/`` (user; form ``data`` JSON or multipart ``data[]``; ``reply_id``): the comment."""
    post = _post(ctx)
    user = ctx.user()
    if post.deny_comments:
        raise ApiError(403, "forbidden", "Comments are disabled")
    form = ctx.form()
    blocks = blocks_field(form, "data")
    if not blocks:
        raise invalid("data", "required")
    raw_reply = field(form, "reply_id") or field(form, "reply_to_id")
    try:
        reply_to = int(raw_reply) if raw_reply else None
    except ValueError:
        raise invalid("reply_id", "must be the intId of a comment") from None
    if reply_to is not None and reply_to not in ctx.world.comments:
        raise ApiError(404, "not_found", "Comment not found")
    comment = ctx.world.add_comment(post.blog_url, post.id, author_id=user, blocks=blocks, reply_to=reply_to)
    return ctx.view.comment(comment)


def _comment(ctx: Ctx, post: Post) -> Comment:
    ref = ctx.path("comment_id")
    for comment in ctx.world.post_comments(post.id):
        if comment.id == ref or str(comment.int_id) == ref:
            return comment
    raise ApiError(404, "not_found", "Comment not found")


@r("/v1/blog/{blog}/post/{post_id}/comment/{comment_id}", "DELETE")
def comment_delete(ctx: Ctx) -> JSON:
    """``DELETE .../comment/{id}`` (the author or the blog owner): ``{}``."""
    post = _post(ctx)
    user = ctx.user()
    comment = _comment(ctx, post)
    if user not in (comment.author_id, ctx.world.blogs[post.blog_url].owner_id):
        raise ApiError(403, "forbidden", "Not your comment")
    comment.deleted = True
    return {}


@r("/v1/blog/{blog}/post/{post_id}/comment/{comment_id}/reaction", "POST", "DELETE")
def comment_react(ctx: Ctx) -> JSON:
    """``POST``/``DELETE .../comment/{id}/reaction`` (user): ``{}``."""
    post = _post(ctx)
    user = ctx.user()
    comment = _comment(ctx, post)
    blog_writes.react(ctx, comment.id, user)
    return {}

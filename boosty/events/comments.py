"""The ``comments`` source: ``NEW_COMMENT`` for comments on posts whose comment counter moved.

A post's record (``records`` of the state, source ``comments``, key = post id) holds:

* ``n``: the comment counter when the post was last checked;
* ``m``: a comment ``int_id`` such that every comment at or below it was seen (``None``
  until the post's comments were read completely once);
* ``s``: ``int_id``\\ s above ``m`` already reported (a read that stopped early, once it had
  found as many new comments as the counter moved by, cannot vouch for the ids between).

New comments are those above ``m`` and not in ``s``, so a comment that lands between the
posts read and the comments read (the counter did not count it) is reported too and never
hides an older one the counter did count. Without ``m``, every comment of a post that
appeared after the snapshot is new, and of a post known since the snapshot, every comment
after its oldest ``n``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .._errors import Forbidden, NotFound
from .._model.comment import Comment
from .._model.post import Post
from .context import PAGE, PollContext, since_allows
from .dispatch import logger
from .flow import Flow, call
from .models import CommentEvent
from .types import EventType

__all__ = ["comments_source", "fetch_comments"]


def _thread(comment: Comment) -> list[Comment]:
    replies = comment.replies.data if comment.replies is not None else []
    return [comment, *replies]


def _walk(ctx: PollContext, page: Any, take: Callable[[list[Comment]], None], enough: Callable[[], bool]) -> Flow[bool]:
    """Hand the items of ``page`` and of each page after it to ``take``: ``True`` once the
    last page was read, ``False`` when it stopped early because ``enough()`` held."""
    while True:
        take(page.items)
        if enough():
            return False
        if page.is_last:
            return True
        following = yield call(ctx.client.next, page)
        if following is None:
            return True
        page = following


def fetch_comments(
    ctx: PollContext, post: Post, mark: int | None, seen: frozenset[int], need: int
) -> Flow[tuple[list[Comment], bool]]:
    """Comments of ``post`` (top-level and replies) and whether every one was read.

    Reads newest first with up to 100 replies embedded per comment, and stops as soon as
    ``need`` comments above ``mark`` and not in ``seen`` were found (the counter moved by
    ``need``); otherwise (or without a ``mark``) it walks every page and then the threads
    holding more replies than were embedded.
    """
    client, blog = ctx.client, ctx.blog
    found: list[Comment] = []

    def enough() -> bool:
        if mark is None or need <= 0:
            return False
        fresh = {c.int_id for c in found if c.int_id is not None and c.int_id > mark and c.int_id not in seen}
        return len(fresh) >= need

    def add_threads(items: list[Comment]) -> None:
        for comment in items:
            found.extend(_thread(comment))

    first = yield call(client.comments, blog, post.id, limit=PAGE, order="bottom", reply_limit=PAGE)
    if not (yield from _walk(ctx, first, add_threads, enough)):
        return found, False
    ids = {c.int_id for c in found}

    def add_unseen(items: list[Comment]) -> None:
        fresh = [c for c in items if c.int_id not in ids]
        ids.update(c.int_id for c in fresh)
        found.extend(fresh)

    for root in [c for c in found if c.parent_id is None]:
        embedded = len(root.replies.data) if root.replies is not None else 0
        if root.int_id is None or root.reply_count <= embedded:
            continue
        replies = yield call(client.comment_replies, blog, post.id, root.int_id, limit=PAGE)
        if not (yield from _walk(ctx, replies, add_unseen, enough)):
            return found, False
    return found, True


def _record(count: int, mark: int | None, seen: Iterable[int]) -> dict[str, Any]:
    """A post's record; only the ids of ``seen`` above ``mark`` are worth keeping."""
    return {"n": count, "m": mark, "s": sorted({i for i in seen if mark is None or i > mark})}


def comments_source(ctx: PollContext, posts: list[Post]) -> Flow[None]:
    """``NEW_COMMENT`` for comments on any post whose comment counter moved (see the module doc)."""
    source = "comments"
    initialised = ctx.initialised(source)
    known = ctx.items(source)
    for post in reversed(posts):
        count = post.count.comments
        record = known.get(post.id)
        since_mode = False
        seen: frozenset[int] = frozenset()
        if record is None:
            if initialised:
                old, mark = 0, None  # a post new to us: every comment on it is new
            elif count and ctx.since is not None:
                old, mark, since_mode = 0, None, True
            else:
                ctx.later(ctx.put(source, post.id, _record(count, None, ())))
                continue
        else:
            old, mark = int(record.get("n") or 0), record.get("m")
            seen = frozenset(int(i) for i in record.get("s") or ())
            if count == old:
                continue
        if count <= 0:
            ctx.later(ctx.put(source, post.id, _record(count, mark, seen)))
            continue
        try:
            comments, complete = yield from fetch_comments(ctx, post, mark, seen, count - old)
        except (Forbidden, NotFound):
            # no access to this post's comments (a paid post), or it vanished since the list
            logger.debug("comments of post %s of %r are not readable; skipped", post.id, ctx.blog)
            ctx.later(ctx.put(source, post.id, _record(count, mark, seen)))
            continue
        unique = {c.int_id: c for c in comments if c.int_id is not None}
        ordered = sorted(unique.values(), key=lambda c: c.int_id or 0)
        if mark is not None:
            new = [c for c in ordered if (c.int_id or 0) > mark and c.int_id not in seen]
        elif since_mode:
            new = [c for c in ordered if since_allows(ctx, c.created_at)]
        elif record is None:
            new = ordered  # the post appeared after the snapshot: all of it is news
        else:
            new = ordered[min(old, len(ordered)) :]  # everything after the oldest ``old``
        reported = set(seen)
        for comment in new:
            key = comment.int_id or 0
            reported.add(key)
            # delivered in ascending order: after a complete read, all up to this one was seen
            value = _record(old, key if complete else mark, reported)
            ctx.emit(
                CommentEvent(**ctx.base(EventType.NEW_COMMENT), post=post, comment=comment),
                ctx.put(source, post.id, value),
            )
        if complete:
            mark = max([mark or 0, *unique], default=0) or None
        ctx.later(ctx.put(source, post.id, _record(count, mark, reported)))
    if not initialised:
        ctx.later_initialise(source)

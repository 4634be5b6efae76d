"""Search (``boosty-api.md`` §2.5): ``limit`` is required; ``extra{isLast, offset (string)}``."""

from __future__ import annotations

from .._ctx import JSON, Ctx, Routes, invalid
from ..paging import by_index
from ..records import Post
from ..render import excerpt

__all__ = ["ROUTES"]

r = Routes()
ROUTES = r.routes

_HAS = {
    "has_image": "image",
    "has_audio_file": "audio_file",
    "has_audio": "audio_file",
    "has_ok_video": "ok_video",
    "has_video": "video",
    "has_file": "file",
}


def _paging(ctx: Ctx) -> tuple[str, int, int]:
    query = (ctx.q("search_query") or "").strip().lower()
    limit = ctx.q_int("limit", minimum=1, maximum=100)
    try:
        offset = int(ctx.q("offset") or 0)
    except ValueError:
        raise invalid("offset", "not an integer") from None
    return query, limit, offset


def _matches(post: Post, query: str) -> bool:
    return not query or query in post.title.lower() or query in excerpt(post).lower()


def _hits(ctx: Ctx, posts: list[Post], query: str, limit: int, offset: int) -> JSON:
    lo, hi = ctx.q_opt_int("from_ts"), ctx.q_opt_int("to_ts")
    found = [p for p in posts if _matches(p, query)]
    found = [p for p in found if (lo is None or p.publish_time >= lo) and (hi is None or p.publish_time <= hi)]
    if ctx.q_bool("only_allowed"):
        found = [p for p in found if ctx.world.can_view(p, ctx.viewer)]
    page, is_last, nxt = by_index(found, offset, limit)
    view = ctx.view
    hits = [
        {
            "post": view.post(p),
            "blog": view.blog(ctx.world.blogs[p.blog_url]),
            "rank": round(1 / (i + 1), 4),
            "headline": {
                "title": p.title.replace(query, f"<b>{query}</b>") if query else p.title,
                "teaser": "",
                "data": excerpt(p)[:80],
                "tags": "",
            },
        }
        for i, p in enumerate(page, start=offset)
    ]
    blogs = sorted({p.blog_url for p in page})
    return {
        "data": {"searchPosts": hits, "blogs": [view.blog(ctx.world.blogs[b]) for b in blogs]},
        "extra": {"isLast": is_last, "offset": str(nxt)},
    }


@r("/v1/search/feed/post/")
def search_feed(ctx: Ctx) -> JSON:
    """``GET /v1/search/feed/post/`` (user): posts of the viewer's blogs matching ``search_query``."""
    user = ctx.user()
    query, limit, offset = _paging(ctx)
    blogs = {s.blog_url for s in ctx.world.subscriptions if s.user_id == user}
    posts = sorted((p for b in blogs for p in ctx.world.blog_posts(b)), key=lambda p: p.publish_time, reverse=True)
    return _hits(ctx, posts, query, limit, offset)


@r("/v1/search/blog/post/")
def search_blog_posts(ctx: Ctx) -> JSON:
    """``GET /v1/search/blog/post/?blog_url=``: posts of one blog matching ``search_query`` and ``has_*``."""
    query, limit, offset = _paging(ctx)
    blog = ctx.blog(ctx.q("blog_url") or "")
    posts = ctx.world.blog_posts(blog.url)
    for name, kind in _HAS.items():
        if ctx.q_bool(name):
            posts = [p for p in posts if any(b.get("type") == kind for b in p.blocks)]
    levels = set(ctx.q_ids("subscription_level"))
    if levels:
        posts = [p for p in posts if p.level_id in levels]
    return _hits(ctx, posts, query, limit, offset)


def _blogs(ctx: Ctx) -> JSON:
    query, limit, offset = _paging(ctx)
    found = [
        b
        for b in sorted(ctx.world.blogs.values(), key=lambda b: b.url)
        if query in b.url.lower() or query in b.title.lower()
    ]
    page, is_last, nxt = by_index(found, offset, limit)
    view = ctx.view
    items = [{"rank": round(1 / (i + 1), 4), "blog": view.blog(b)} for i, b in enumerate(page, start=offset)]
    return {"data": {"searchBlogs": items}, "extra": {"isLast": is_last, "offset": str(nxt)}}


@r("/v1/search/blog/")
def search_blogs(ctx: Ctx) -> JSON:
    """``GET /v1/search/blog/`` (user): ``{data: {searchBlogs: [{rank, blog}]}, extra}``."""
    ctx.user()
    return _blogs(ctx)


@r("/v1/search/blog/suggest/")
def search_blog_suggest(ctx: Ctx) -> JSON:
    """``GET /v1/search/blog/suggest/``: like blog search, anonymous too."""
    return _blogs(ctx)


@r("/v1/search/feed/tag/")
def search_tags(ctx: Ctx) -> JSON:
    """``GET /v1/search/feed/tag/``: ``{data: {searchTags: [{rank, tag: {id, title}}]}, extra}``."""
    query, limit, offset = _paging(ctx)
    tags = sorted({t for p in ctx.world.posts.values() for t in p.tags if query in t[1].lower()}, key=lambda t: t[1])
    page, is_last, nxt = by_index(tags, offset, limit)
    items = [
        {"rank": round(1 / (i + 1), 4), "tag": {"id": tid, "title": title}}
        for i, (tid, title) in enumerate(page, start=offset)
    ]
    return {"data": {"searchTags": items}, "extra": {"isLast": is_last, "offset": str(nxt)}}

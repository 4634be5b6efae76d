"""Showcase and bundles (``boosty-api.md`` §2.11, §2.12)."""

from __future__ import annotations

from .._ctx import JSON, ApiError, Ctx, Routes
from ..paging import by_index, windowed
from ..records import Bundle

__all__ = ["ROUTES"]

r = Routes()
ROUTES = r.routes


@r("/v1/blog/{blog}/showcase/")
def showcase(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/showcase/``: ``{data: {showcaseItems}, extra: {offset (int), counters, isLast...}}``."""
    found = ctx.blog()
    limit, offset = ctx.window()
    owner = ctx.world.is_owner(ctx.viewer, found.url)
    only_visible = ctx.q_bool("only_visible", not owner)
    items = sorted((s for s in ctx.world.showcase if s.blog_url == found.url), key=lambda s: s.position)
    visible = [s for s in items if s.is_visible]
    if only_visible:
        items = visible
    page, is_last, nxt = by_index(items, offset, limit)
    view = ctx.view
    counters = {"visibleTotal": len(visible), "visiblePostsCount": len(visible), "visibleBundlesCount": 0}
    extra = {
        "offset": nxt,
        "blogId": found.owner_id,
        "counters": counters,
        "isEnabled": found.showcase_enabled,
        "isLast": is_last,
    }
    return {"data": {"showcaseItems": [view.showcase_item(s) for s in page]}, "extra": extra}


def _bundles(ctx: Ctx, blog_url: str) -> list[Bundle]:
    owner = ctx.world.is_owner(ctx.viewer, blog_url)
    found = [b for b in ctx.world.bundles.values() if b.blog_url == blog_url and (owner or not b.hidden)]
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def _bundle(ctx: Ctx) -> Bundle:
    found = ctx.blog()
    for bundle in _bundles(ctx, found.url):
        if bundle.id == ctx.path("bundle_id"):
            return bundle
    raise ApiError(404, "not_found", "Bundle not found")


@r("/v1/blog/{blog}/bundle/")
def bundles(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/bundle/``: ``{data: {bundles: [bundle]}}``."""
    found = ctx.blog()
    view = ctx.view
    return {"data": {"bundles": [view.bundle(b) for b in _bundles(ctx, found.url)]}}


@r("/v1/blog/{blog}/bundle/{bundle_id}")
def bundle(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/bundle/{id}``: one bundle."""
    return ctx.view.bundle(_bundle(ctx))


@r("/v1/blog/{blog}/bundle/{bundle_id}/post/")
def bundle_posts(ctx: Ctx) -> JSON:
    """``GET .../bundle/{id}/post/``: ``{data: {bundleItems}, extra: {isLast, offset (int)}}``."""
    found = _bundle(ctx)
    posts = [ctx.world.posts[pid] for pid in found.post_ids if pid in ctx.world.posts]
    page, is_last, nxt = windowed(ctx, list(enumerate(posts, start=1)), 12)
    view = ctx.view
    items = [view.bundle_item(found, p, pos) for pos, p in page]
    return {"data": {"bundleItems": items}, "extra": {"isLast": is_last, "offset": nxt}}

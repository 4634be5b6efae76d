"""Posts: list, single, feed, media album, deferred access, drafts, create/update/delete, likes."""

from __future__ import annotations

from typing import Any

from .._ctx import JSON, ApiError, Ctx, Routes, blocks_field, field, invalid
from ..blocks import block_end
from ..paging import by_cursor
from ..records import Post, WorldError
from ..seed import register_media
from ..world import World
from . import blog_writes

__all__ = ["ROUTES"]

r = Routes()
ROUTES = r.routes

_ALBUM_TYPES = {
    "all": ("image", "ok_video", "audio_file"),
    "image": ("image",),
    "video": ("ok_video",),
    "audio": ("audio_file",),
}


def _key(post: Post) -> tuple[int, int]:
    return post.publish_time, post.int_id


def _post(ctx: Ctx) -> Post:
    blog = ctx.blog()
    found = ctx.world.posts.get(ctx.path("post_id"))
    if found is None or found.blog_url != blog.url or found.deleted:
        raise ApiError(404, "not_found", "Post not found")
    if found.publish_time > ctx.world.now() and not ctx.world.is_owner(ctx.viewer, blog.url):
        raise ApiError(404, "not_found", "Post not found")
    return found


def _time_filter(ctx: Ctx, posts: list[Post], prefix: str = "") -> list[Post]:
    lo, hi = ctx.q_opt_int(f"{prefix}from_ts"), ctx.q_opt_int(f"{prefix}to_ts")
    return [p for p in posts if (lo is None or p.publish_time >= lo) and (hi is None or p.publish_time <= hi)]


@r("/v1/blog/{blog}/post/")
def posts(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/post/``: ``{data: [post], extra: {offset, isLast}}`` newest first."""
    blog = ctx.blog()
    limit = ctx.q_int("limit", 100, minimum=1, maximum=100)
    comments_limit = ctx.q_int("comments_limit", 0, minimum=0, maximum=50)
    reply_limit = ctx.q_int("reply_limit", 0, minimum=0, maximum=50)
    items = _time_filter(ctx, ctx.world.blog_posts(blog.url))
    level_id = ctx.q_opt_int("level_id")
    if level_id is not None:
        items = [p for p in items if p.level_id == level_id]
    tags = set(ctx.q_ids("tags_ids"))
    if tags:
        items = [p for p in items if tags & {tid for tid, _ in p.tags}]
    if ctx.q_bool("is_only_allowed"):
        items = [p for p in items if ctx.world.can_view(p, ctx.viewer)]
    page, is_last, offset = by_cursor(items, _key, ctx.q("offset"), limit)
    view = ctx.view
    data = [view.post(p, comments_limit=comments_limit, reply_limit=reply_limit) for p in page]
    return {"data": data, "extra": {"offset": offset, "isLast": is_last}}


@r("/v1/blog/{blog}/post/{post_id}")
def post(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/post/{id}``: the post itself (not wrapped), with ``frame``."""
    found = _post(ctx)
    comments_limit = ctx.q_int("comments_limit", 0, minimum=0, maximum=50)
    reply_limit = ctx.q_int("reply_limit", 0, minimum=0, maximum=50)
    return ctx.view.post(found, comments_limit=comments_limit, reply_limit=reply_limit, frame=True)


@r("/v1/feed/post/")
def feed(ctx: Ctx) -> JSON:
    """``GET /v1/feed/post/`` (user): posts of the blogs the viewer subscribes to."""
    user = ctx.user()
    limit = ctx.q_int("limit", 20, minimum=1, maximum=100)
    w = ctx.world
    blogs = {s.blog_url for s in w.subscriptions if s.user_id == user}
    items = sorted((p for url in blogs for p in w.blog_posts(url)), key=_key, reverse=True)
    if ctx.q_bool("only_allowed"):
        items = [p for p in items if w.can_view(p, user)]
    page, is_last, offset = by_cursor(items, _key, ctx.q("offset"), limit)
    view = ctx.view
    shown = sorted({p.blog_url for p in page})
    return {
        "data": {
            "posts": [view.post(p) for p in page],
            "blogs": [view.blog(w.blogs[b]) for b in shown],
            "counters": {"posts": len(items), "blogs": len(blogs)},
        },
        "extra": {"offset": offset, "isLast": is_last},
    }


@r("/v1/blog/{blog}/post/{post_id}/deferred_access")
def deferred_access(ctx: Ctx) -> JSON:
    """``GET .../deferred_access`` (owner)."""
    found = _post(ctx)
    ctx.owner(ctx.world.blogs[found.blog_url])
    data = {"isCommentsDenied": found.deny_comments, "price": found.price, "applyTime": found.publish_time + 86400 * 30}
    data = ctx.world.deferred_access.get(found.id, data)
    return {"data": {**data, "post": {"id": found.id}}}


@r("/v1/blog/{blog}/post/{post_id}/deferred_access", "PUT")
def deferred_access_update(ctx: Ctx) -> JSON:
    """``PUT .../deferred_access`` (owner, form ``price``, ``applyTime``, ``isCommentsDenied``)."""
    found = _post(ctx)
    ctx.owner(ctx.world.blogs[found.blog_url])
    form = ctx.form()
    price, apply_time = _number(form, "price", float), _number(form, "applyTime", int)
    if price is None or price < 0:
        raise invalid("price", "a number >= 0 is required")
    if apply_time is None:
        raise invalid("applyTime", "required")
    data = {"isCommentsDenied": _bool(field(form, "isCommentsDenied")), "price": price, "applyTime": apply_time}
    ctx.world.deferred_access[found.id] = data
    return {"data": {**data, "post": {"id": found.id}}}


@r("/v1/blog/{blog}/media_album/")
def media_album(ctx: Ctx) -> JSON:
    """``GET /v1/blog/{blog}/media_album/``: ``type`` and ``limit_by=media`` are required."""
    blog = ctx.blog()
    kind = ctx.q("type")
    if kind not in _ALBUM_TYPES:
        raise invalid("type", "must be one of all, image, video, audio")
    if ctx.q("limit_by") != "media":
        raise invalid("limit_by", "must be media")
    limit = ctx.q_int("limit", 15, minimum=1, maximum=100)
    wanted = _ALBUM_TYPES[kind]
    items = _time_filter(ctx, ctx.world.blog_posts(blog.url))
    if ctx.q_bool("only_allowed"):
        items = [p for p in items if ctx.world.can_view(p, ctx.viewer)]
    with_media = [(p, [b for b in p.blocks if b.get("type") in wanted]) for p in items]
    with_media = [(p, m) for p, m in with_media if m]
    page, _, _ = by_cursor(with_media, lambda pm: _key(pm[0]), ctx.q("offset"), len(with_media) or 1)
    taken: list[tuple[Post, list[JSON]]] = []
    count = 0
    for entry in page:
        if count >= limit:
            break
        taken.append(entry)
        count += len(entry[1])
    is_last = len(taken) == len(page)
    offset = f"{taken[-1][0].publish_time}:{taken[-1][0].int_id}" if taken else ""
    view = ctx.view
    return {
        "data": {"mediaPosts": [view.media_post(p, m) for p, m in taken]},
        "extra": {"offset": offset, "isLast": is_last},
    }


# -- writes --------------------------------------------------------------------------------


def _bool(value: str | None) -> bool:
    return (value or "").lower() in ("true", "1")


def _number(form: dict[str, list[str]], name: str, kind: type[int] | type[float]) -> Any:
    raw = field(form, name)
    try:
        return kind(raw) if raw else None
    except ValueError:
        raise invalid(name, "not a number") from None


def post_fields(ctx: Ctx, form: dict[str, list[str]]) -> JSON:
    """Post fields from a post/draft form (``title``, ``data``, ``price``, ``teaser_data``, ``tags``...).

    A malformed number or a level the blog does not have is a 400 ``invalid_param``.
    """
    blocks = blocks_field(form, "data")
    teaser = blocks_field(form, "teaser_data")
    level_field = "subscription_level_id" if field(form, "subscription_level_id") else "level_id"
    level = _number(form, level_field, int)
    if level is not None:
        try:
            ctx.world.level(ctx.blog().url, level)
        except WorldError:
            raise invalid(level_field, "no such level in this blog") from None
    tags = [t.strip() for t in (field(form, "tags") or "").split(",") if t.strip()]
    return {
        "title": field(form, "title") or "",
        "blocks": blocks,
        "teaser": teaser,
        "price": _number(form, "price", float) or 0.0,
        "tags": tags,
        "publish_time": _number(form, "publish_time", int),
        "level": level,
        "deny_comments": _bool(field(form, "deny_comments")),
    }


def create_post(world: World, blog_url: str, fields: JSON) -> Post:
    blocks = list(fields["blocks"])
    if blocks and blocks[-1].get("modificator") != "BLOCK_END" and blocks[-1].get("type") == "text":
        blocks.append(block_end())
    post = world.add_post(
        blog_url,
        title=fields["title"],
        blocks=blocks,
        price=fields["price"],
        level=fields["level"],
        teaser=fields["teaser"],
        publish_time=fields["publish_time"],
        tags=fields["tags"],
        deny_comments=fields["deny_comments"],
    )
    register_media(world, post)
    return post


@r("/v1/blog/{blog}/post/", "POST")
def post_create(ctx: Ctx) -> JSON:
    """``POST /v1/blog/{blog}/post/`` (owner, form): the created post."""
    blog = ctx.blog()
    ctx.owner(blog)
    return ctx.view.post(create_post(ctx.world, blog.url, post_fields(ctx, ctx.form())))


@r("/v1/blog/{blog}/post_draft", "PUT", "POST")
def draft_save(ctx: Ctx) -> JSON:
    """``PUT /v1/blog/{blog}/post_draft`` (owner, form): ``{data: {postDraft: {...}}}``."""
    blog = ctx.blog()
    ctx.owner(blog)
    fields = post_fields(ctx, ctx.form())
    ctx.world.drafts[blog.url] = fields
    draft = {
        "id": f"draft-{blog.url}",
        "title": fields["title"],
        "data": fields["blocks"],
        "teaser": fields["teaser"],
        "price": fields["price"],
        "tags": [{"title": t} for t in fields["tags"]],
        "updatedAt": ctx.world.now(),
    }
    return {"data": {"postDraft": draft}}


@r("/v1/blog/{blog}/post_draft/publish/", "POST")
def draft_publish(ctx: Ctx) -> JSON:
    """``POST /v1/blog/{blog}/post_draft/publish/`` (owner): ``{data: {post: {...}}}``; 404 without a draft."""
    blog = ctx.blog()
    ctx.owner(blog)
    fields = ctx.world.drafts.pop(blog.url, None)
    if fields is None:
        raise ApiError(404, "not_found", "No draft to publish")
    created = create_post(ctx.world, blog.url, fields)
    created.is_showcase_visible = _bool(next(iter(ctx.form().get("is_showcase_visible", [])), None))
    return {"data": {"post": ctx.view.post(created)}}


@r("/v1/blog/{blog}/post/{post_id}", "PUT")
def post_update(ctx: Ctx) -> JSON:
    """``PUT /v1/blog/{blog}/post/{id}`` (owner, form): the updated post."""
    found = _post(ctx)
    ctx.owner(ctx.world.blogs[found.blog_url])
    form = ctx.form()
    fields = post_fields(ctx, form)
    update_post(ctx.world, found, {k: v for k, v in fields.items() if _given(form, k)})
    return ctx.view.post(found)


def _given(form: dict[str, list[str]], key: str) -> bool:
    if key == "level":
        return "subscription_level_id" in form or "level_id" in form
    names = {"blocks": "data", "teaser": "teaser_data"}
    return names.get(key, key) in form


_PLAIN_FIELDS = ("title", "teaser", "price", "deny_comments", "is_pinned")


def update_post(world: World, post: Post, changes: JSON) -> None:
    """Apply ``changes`` (title, blocks, teaser, price, level, tags, publish_time, deny_comments).

    Raises (changing nothing) :class:`ValueError` for another field and
    :class:`~boosty.testing.WorldError` for a level the blog does not have.
    """
    unknown = set(changes) - {"level", "tags", "blocks", "publish_time", *_PLAIN_FIELDS}
    if unknown:
        raise ValueError(f"unknown post field: {', '.join(sorted(unknown))}")
    level = world.level(post.blog_url, changes["level"]) if "level" in changes else None
    for key, value in changes.items():
        if key == "level":
            post.level_id = level.id if level else None
            if "price" not in changes:
                post.price = level.price if level else 0
        elif key == "tags":
            post.tags = [(world.tag_id(t), t) for t in value]
        elif key == "blocks":
            post.blocks = list(value)
        elif key == "publish_time" and value is not None:
            post.publish_time = int(value)
        elif key in _PLAIN_FIELDS:
            setattr(post, key, value)
    post.updated_at = world.now()
    register_media(world, post)


@r("/v1/blog/{blog}/post/{post_id}", "DELETE")
def post_delete(ctx: Ctx) -> JSON:
    """``DELETE /v1/blog/{blog}/post/{id}`` (owner): ``{}``."""
    found = _post(ctx)
    ctx.owner(ctx.world.blogs[found.blog_url])
    found.deleted = True
    return {}


@r("/v1/blog/{blog}/post/{post_id}/like", "POST", "DELETE")
def post_like(ctx: Ctx) -> JSON:
    """``POST``/``DELETE .../like`` (user): ``{}``; a user likes a post at most once."""
    found = _post(ctx)
    key = (f"like:{found.id}", ctx.user())
    liked = key in ctx.world.reactions
    if ctx.request.method == "POST" and not liked:
        ctx.world.reactions[key] = "like"
        found.likes += 1
    elif ctx.request.method == "DELETE" and liked:
        del ctx.world.reactions[key]
        found.likes = max(0, found.likes - 1)
    return {}


@r("/v1/blog/{blog}/post/{post_id}/reaction", "POST", "DELETE")
def post_reaction(ctx: Ctx) -> JSON:
    """``POST``/``DELETE .../reaction`` (user, form ``reaction``, a known name): ``{}``."""
    found = _post(ctx)
    blog_writes.react(ctx, found.id, ctx.user())
    return {}

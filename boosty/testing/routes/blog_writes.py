"""Writes on a blog's showcase, bundles, stream chat and polls (``boosty-api.md`` §2.2, §2.4,
§2.11, §2.12), and the reaction bookkeeping of posts and comments (§4.15)."""

from __future__ import annotations

from ..._client.api._write import REACTIONS
from .._ctx import JSON, ApiError, Ctx, Routes, blocks_field, field, invalid
from ..records import Poll

__all__ = ["REACTIONS", "ROUTES", "react"]

r = Routes()
ROUTES = r.routes


def react(ctx: Ctx, target_id: str, user: int) -> None:
    """``POST`` (form ``reaction``, a known name) records the viewer's reaction; ``DELETE`` drops it."""
    if ctx.request.method == "DELETE":
        ctx.world.reactions.pop((target_id, user), None)
        return
    reaction = field(ctx.form(), "reaction")
    if reaction not in REACTIONS:
        raise invalid("reaction", "unknown reaction")
    ctx.world.reactions[(target_id, user)] = reaction


@r("/v1/blog/{blog}/showcase/status/", "PUT")
def showcase_status(ctx: Ctx) -> JSON:
    """``PUT /v1/blog/{blog}/showcase/status/`` (owner; form ``is_enabled``): ``{}``."""
    found = ctx.blog()
    ctx.owner(found)
    raw = (field(ctx.form(), "is_enabled") or "").lower()
    if raw not in ("true", "false"):
        raise invalid("is_enabled", "must be true or false")
    found.showcase_enabled = raw == "true"
    return {}


@r("/v1/blog/{blog}/bundle/{bundle_id}", "DELETE")
def bundle_delete(ctx: Ctx) -> JSON:
    """``DELETE /v1/blog/{blog}/bundle/{id}`` (owner): ``{}``; the bundle then answers 404."""
    found = ctx.blog()
    ctx.owner(found)
    bundle = ctx.world.bundles.get(ctx.path("bundle_id"))
    if bundle is None or bundle.blog_url != found.url:
        raise ApiError(404, "not_found", "Bundle not found")
    del ctx.world.bundles[bundle.id]
    return {}


@r("/v1/blog/{blog}/video_stream/chat", "POST")
def stream_chat_send(ctx: Ctx) -> JSON:
    """``POST /v1/blog/{blog}/video_stream/chat`` (user; form ``data``): ``{}``; shown in the chat read."""
    found = ctx.blog()
    user = ctx.user()
    if found.url != "demo":
        raise ApiError(404, "not_found", "No stream")
    blocks = blocks_field(ctx.form(), "data")
    if not blocks:
        raise invalid("data", "required")
    ctx.world.stream_chat.append((found.url, user, blocks, ctx.world.now()))
    return {}


def _poll(ctx: Ctx) -> Poll:
    try:
        found = ctx.world.polls.get(int(ctx.path("poll_id")))
    except ValueError:
        found = None
    if found is None:
        raise ApiError(404, "not_found", "Poll not found")
    return found


@r("/v1/poll/{poll_id}/vote", "POST", "DELETE")
def poll_vote(ctx: Ctx) -> JSON:
    """``POST /v1/poll/{id}/vote`` (user; form ``answer=1,2``, ``other``, ``is_anonymous``), ``DELETE``: ``{}``."""
    found = _poll(ctx)
    user = ctx.user()
    chosen: set[int] = set()
    if ctx.request.method == "POST":
        form = ctx.form()
        try:
            chosen = {int(x) for x in (field(form, "answer") or "").split(",") if x}
        except ValueError:
            raise invalid("answer", "comma-separated option ids") from None
        known = {oid for oid, _, _ in found.options}
        if not chosen or not chosen <= known:
            raise invalid("answer", "unknown option")
        if len(chosen) > 1 and not found.is_multiple:
            raise invalid("answer", "one option only")
    for oid, _, voters in found.options:
        if user in voters:
            voters.remove(user)
        if oid in chosen:
            voters.append(user)
    return {}

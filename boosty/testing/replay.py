"""Replay mode: recorded API responses (``fixtures/boosty/`` layout) served from the fake.

The recordings answer for the blog ``recorded`` (owned by the ``owner`` user), plus the
viewer's own ``/v1/user/subscriptions``, ``/v1/dialog/`` and the recorded dialog's messages:

============================== ==================================================
file                           answers
============================== ==================================================
posts_page.json                ``GET /v1/blog/recorded/post/``
post_single_*.json             ``GET /v1/blog/recorded/post/{id}`` (by the post's id)
comments_page.json             ``GET /v1/blog/recorded/post/{id}/comment/``
comment_created.json           ``POST /v1/blog/recorded/post/{id}/comment/`` (user)
subscription_levels.json       ``GET /v1/blog/recorded/subscription_level/``
subscribers.json               ``GET /v1/blog/recorded/subscribers`` (owner)
targets.json                   ``GET /v1/target/recorded/``
showcase.json                  ``GET /v1/blog/recorded/showcase/``
bundles.json                   ``GET /v1/blog/recorded/bundle/``
bundle_items.json              ``GET /v1/blog/recorded/bundle/{id}/post/``
subscriptions.json             ``GET /v1/user/subscriptions`` (user)
dialogs.json                   ``GET /v1/dialog/`` (user)
dialog_messages.json           ``GET /v1/dialog/{its dialogId}/message/`` (user)
============================== ==================================================

Bodies are served byte for byte, except that (with ``rewrite_media=True``) the media of
recorded posts (``image``, ``file``, ``audio_file``, ``ok_video`` player URLs) are moved to
the fake's media origin and a non-empty ``signedQuery`` is replaced by a fresh signature,
so downloads work offline with deterministic bytes.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from importlib import resources

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - Python 3.10
    from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ._ctx import ApiError, Ctx, error_response
from .blocks import paragraph
from .media import MediaItem
from .render import PROGRESSIVE
from .seed import OWNER_ID, video_sizes
from .state import FakeState
from .world import Blog, World

__all__ = ["BLOG", "Replay", "packaged_fixtures"]

JSON = dict[str, Any]
BLOG = "recorded"
"""The slug of the blog whose endpoints answer with recordings."""
_MEDIA_KINDS = {"image": "image", "file": "file", "audio_file": "audio"}


def packaged_fixtures() -> Traversable:
    """The recordings shipped inside the package (``boosty/testing/fixtures/``)."""
    return resources.files("boosty.testing") / "fixtures"


class Replay:
    """Recorded bodies from ``directory`` (a path or the packaged fixtures), mapped to routes."""

    def __init__(self, state: FakeState, directory: Path | Traversable | None = None, *, rewrite_media: bool = True):
        self.state = state
        self.rewrite_media = rewrite_media
        folder = directory if directory is not None else packaged_fixtures()
        self.files: dict[str, bytes] = {}
        for entry in folder.iterdir():
            if entry.name.endswith(".json"):
                self.files[entry.name] = entry.read_bytes()
        self.singles: dict[str, str] = {}
        for name, raw in self.files.items():
            if name.startswith("post_single"):
                self.singles[str(json.loads(raw).get("id"))] = name

    # -- world -----------------------------------------------------------------------------

    def install(self, world: World) -> None:
        """Add the ``recorded`` blog and the recorded posts' media to ``world``."""
        world.blogs[BLOG] = Blog(BLOG, "Recorded responses", OWNER_ID, paragraph("Served from recordings."))
        for post in self._recorded_posts():
            signed = bool(post.get("signedQuery"))
            scope = str(post.get("id")) if signed else None
            for block in post.get("data") or []:
                self._register(world, block, scope)

    def _recorded_posts(self) -> list[JSON]:
        posts: list[JSON] = []
        for name, raw in self.files.items():
            body = json.loads(raw)
            if name.startswith("post_single"):
                posts.append(body)
            elif name == "posts_page.json":
                posts += body.get("data") or []
        return posts

    @staticmethod
    def _register(world: World, block: JSON, scope: str | None) -> None:
        kind = block.get("type")
        media_id = str(block.get("id") or "")
        if not media_id or media_id in world.media:
            return
        if kind in _MEDIA_KINDS:
            size = int(block.get("size") or 50_000)
            world.media[media_id] = MediaItem(
                media_id, _MEDIA_KINDS[str(kind)], {"": size}, str(block.get("title") or ""), scope
            )
        elif kind == "ok_video":
            qualities = [
                p["type"] for p in block.get("playerUrls") or [] if p.get("url") and p.get("type") in PROGRESSIVE
            ]
            duration = int(block.get("duration") or 10)
            table = video_sizes(duration, 2160)
            sizes = {q: table[q] for q in qualities}
            if sizes:
                world.media[media_id] = MediaItem(
                    media_id, "video", sizes, f"{block.get('title') or media_id}.mp4", scope
                )

    # -- bodies ------------------------------------------------------------------------------

    def _rewrite_post(self, post: JSON) -> JSON:
        out = copy.deepcopy(post)
        signed = ""
        if post.get("signedQuery"):
            signed = self.state.signer.query(str(post.get("id")), self.state.media_lifetime)
            out["signedQuery"] = signed
        media = self.state.media_base
        for block in out.get("data") or []:
            kind = block.get("type")
            media_id = block.get("id")
            if not media_id or str(media_id) not in self.state.world.media:
                continue
            if kind in _MEDIA_KINDS:
                block["url"] = f"{media}/{_MEDIA_KINDS[str(kind)]}/{media_id}"
            elif kind == "ok_video":
                for player in block.get("playerUrls") or []:
                    quality = player.get("type")
                    if not player.get("url"):
                        continue
                    if quality in PROGRESSIVE:
                        player["url"] = f"{media}/video/{media_id}/{quality}.mp4{signed}"
                    elif quality == "hls":
                        player["url"] = f"{media}/video/{media_id}/master.m3u8{signed}"
                    elif quality == "dash":
                        player["url"] = f"{media}/video/{media_id}/manifest.mpd{signed}"
        return out

    def body(self, name: str) -> bytes:
        """The bytes served for recording ``name`` (media rewritten where it applies)."""
        raw = self.files[name]
        if not self.rewrite_media:
            return raw
        if name.startswith("post_single"):
            return json.dumps(self._rewrite_post(json.loads(raw)), ensure_ascii=False).encode()
        if name == "posts_page.json":
            page = json.loads(raw)
            page["data"] = [self._rewrite_post(p) for p in page.get("data") or []]
            return json.dumps(page, ensure_ascii=False).encode()
        return raw

    # -- routes ------------------------------------------------------------------------------

    def _endpoint(self, name: str, auth: str = "", status: int = 200) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            await request.body()
            ctx = Ctx(request)
            try:
                if auth == "user":
                    ctx.user()
                elif auth == "owner":
                    ctx.owner(ctx.world.blogs[BLOG])
                if name == "single":
                    found = self.singles.get(str(request.path_params["post_id"]))
                    if found is None:
                        raise ApiError(404, "not_found", "Post not found")
                    return Response(self.body(found), status, media_type="application/json")
            except ApiError as exc:
                return error_response(exc)
            return Response(self.body(name), status, media_type="application/json")

        return endpoint

    def routes(self) -> list[BaseRoute]:
        """Routes for the recordings present, to be matched before the world's."""
        blog = f"/v1/blog/{BLOG}"
        table: list[tuple[str, str, str, str]] = [
            ("posts_page.json", f"{blog}/post/", "GET", ""),
            ("comments_page.json", f"{blog}/post/{{post_id}}/comment/", "GET", ""),
            ("comment_created.json", f"{blog}/post/{{post_id}}/comment/", "POST", "user"),
            ("subscription_levels.json", f"{blog}/subscription_level/", "GET", ""),
            ("subscribers.json", f"{blog}/subscribers", "GET", "owner"),
            ("targets.json", f"/v1/target/{BLOG}/", "GET", ""),
            ("showcase.json", f"{blog}/showcase/", "GET", ""),
            ("bundles.json", f"{blog}/bundle/", "GET", ""),
            ("bundle_items.json", f"{blog}/bundle/{{bundle_id}}/post/", "GET", ""),
            ("subscriptions.json", "/v1/user/subscriptions", "GET", "user"),
            ("dialogs.json", "/v1/dialog/", "GET", "user"),
        ]
        routes: list[BaseRoute] = []
        for name, path, method, auth in table:
            if name in self.files:
                routes.append(Route(path, self._endpoint(name, auth), methods=[method]))
        if self.singles:
            routes.append(Route(f"{blog}/post/{{post_id}}", self._endpoint("single"), methods=["GET"]))
        if "dialog_messages.json" in self.files:
            messages = json.loads(self.files["dialog_messages.json"]).get("data") or []
            if messages:
                dialog_id = messages[0].get("dialogId")
                path = f"/v1/dialog/{dialog_id}/message/"
                routes.append(Route(path, self._endpoint("dialog_messages.json", "user"), methods=["GET"]))
        return routes

"""Replay mode: recorded API responses (``fixtures/boosty/`` layout) served from the fake.

The recordings answer for the blog ``recorded`` (owned by the ``owner`` user), plus the
viewer's own ``/v1/user/subscriptions``, ``/v1/dialog/`` and the recorded dialog's messages:

============================== ==================================================
file                           answers
============================== ==================================================
post_single_*.json             ``GET /v1/blog/recorded/post/{id}`` (by the post's id), and the
                               first page(s) of ``GET /v1/blog/recorded/post/`` (see below)
posts_page.json                ``GET /v1/blog/recorded/post/`` after the single posts
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

The post list of ``recorded`` holds the recorded single posts too, so that a client walking
it (``boosty --fake download recorded DIR``) meets the posts with media: the single posts,
newest first (by ``sortOrder``, then ``intId``), come first, ``limit`` at a time, with
``extra.offset`` the usual ``"<sortOrder>:<intId>"`` cursor of the page's last post and
``extra.isLast`` false while ``posts_page.json`` follows; a cursor past them (or one that
does not parse) gets the recording of ``posts_page.json``, unchanged. A post recorded both
singly and in ``posts_page.json`` (``post001`` of the packaged recordings) is listed twice,
as recorded.

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
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ._ctx import ApiError, Ctx, error_response
from .blocks import paragraph
from .media import MediaItem
from .paging import parse_cursor
from .records import Blog
from .render import PROGRESSIVE
from .seed import OWNER_ID, video_sizes
from .state import FakeState
from .world import World

__all__ = ["BLOG", "Replay", "packaged_fixtures"]

JSON = dict[str, Any]
BLOG = "recorded"
"""The slug of the blog whose endpoints answer with recordings."""
_MEDIA_KINDS = {"image": "image", "file": "file", "audio_file": "audio"}
_PAGE = "posts_page.json"
_PAST = (-1, -1)
"""A cursor older than any listed single post (every list key is >= (0, 0))."""


def _list_key(post: JSON) -> tuple[int, int]:
    """Where a recorded post sorts in a post list: ``(sortOrder, intId)``, 0 when absent."""

    def number(*names: str) -> int:
        for name in names:
            value = post.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return max(0, int(value))
        return 0

    return number("sortOrder", "publishTime", "createdAt"), number("intId", "int_id")


def _cursor(raw: str | None) -> tuple[int, int] | None:
    """The posts cursor of a request (``None``: the first page); one that does not parse is past the singles."""
    try:
        return parse_cursor(raw)
    except ApiError:
        return _PAST


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
        listed: list[tuple[tuple[int, int], str]] = []
        for name, raw in sorted(self.files.items()):
            if name.startswith("post_single"):
                post = json.loads(raw)
                self.singles[str(post.get("id"))] = name
                listed.append((_list_key(post), name))
        self.listed = sorted(listed, key=lambda entry: entry[0], reverse=True)
        """The single posts as the post list shows them: ``(sortOrder, intId)`` and file, newest first."""

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
            elif name == _PAGE:
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
        if name == _PAGE:
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

    def _post_list(self, request: Request) -> Response:
        """``GET /v1/blog/recorded/post/``: the single posts, ``limit`` at a time, then ``posts_page.json``."""
        try:
            limit = Ctx(request).q_int("limit", 100, minimum=1, maximum=100)
        except ApiError as exc:
            return error_response(exc)
        cursor = _cursor(request.query_params.get("offset"))
        rest = [(key, name) for key, name in self.listed if cursor is None or key < cursor]
        recorded = _PAGE in self.files
        if not rest and recorded:
            return Response(self.body(_PAGE), media_type="application/json")
        page = rest[:limit]
        offset = f"{page[-1][0][0]}:{page[-1][0][1]}" if page else ""
        data = [json.loads(self.body(name)) for _, name in page]
        return JSONResponse({"data": data, "extra": {"offset": offset, "isLast": not recorded and len(rest) <= limit}})

    def routes(self) -> list[BaseRoute]:
        """Routes for the recordings present, to be matched before the world's."""
        blog = f"/v1/blog/{BLOG}"
        table: list[tuple[str, str, str, str]] = [
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
        if self.listed:

            async def post_list(request: Request) -> Response:
                return self._post_list(request)

            routes.append(Route(f"{blog}/post/", post_list, methods=["GET"]))
        elif _PAGE in self.files:
            routes.append(Route(f"{blog}/post/", self._endpoint(_PAGE), methods=["GET"]))
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

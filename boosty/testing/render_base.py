"""Rendering shared by every API area of the fake: constants, prices, users and blocks.

The renderers build on one another: :class:`ViewBase` (users, blocks) <
:class:`~boosty.testing.render_blogs.BlogView` (blogs, levels, subscriptions, money) <
:class:`~boosty.testing.render_posts.PostView` (posts, polls, comments, bundles, showcase) <
:class:`~boosty.testing.render.View` (dialogs, messages, notifications).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from .media import Signer
from .records import User
from .world import World

__all__ = ["JSON", "PROGRESSIVE", "REACTIONS", "USD_RATE", "ViewBase", "money", "prices"]

JSON = dict[str, Any]

REACTIONS: Final = ("like", "dislike", "heart", "fire", "laught", "wonder", "sad", "angry")
"""The 8 keys of ``count.reactions`` / comment ``reactions``."""
PROGRESSIVE: Final = ("ultra_hd", "quad_hd", "full_hd", "high", "medium", "low", "lowest", "tiny")
"""The ``ok_video`` player URL types that are plain MP4 downloads."""
_STREAMS: Final = (
    "hls",
    "dash",
    "dash_uni",
    "live_hls",
    "live_dash",
    "live_playback_hls",
    "live_playback_dash",
    "live_ondemand_hls",
    "live_cmaf",
    "ondemand_hls",
    "ondemand_dash",
)
USD_RATE: Final = 90.0


def money(value: float) -> float | int:
    """A price as the API writes it: an int when whole, else a float."""
    return int(value) if float(value).is_integer() else round(float(value), 2)


def prices(value: float) -> JSON:
    """A price in roubles as the API's ``currencyPrices``: RUB, USD and EUR at fixed rates."""
    return {"RUB": money(value), "USD": money(round(value / USD_RATE, 2)), "EUR": money(round(value / 100, 2))}


class ViewBase:
    """The viewer, the media origin and the signer; users and content blocks as JSON."""

    def __init__(self, world: World, viewer: int | None, media_base: str, signer: Signer, lifetime: float) -> None:
        self.world = world
        self.viewer = viewer
        self.media = media_base
        self.signer = signer
        self.lifetime = lifetime

    # -- users -------------------------------------------------------------------------------

    def avatar(self, user: User) -> str:
        return f"{self.media}/user/{user.id}/avatar" if user.has_avatar else ""

    def user(self, user: User, *, email: bool = False) -> JSON:
        out: JSON = {"id": user.id, "name": user.name, "hasAvatar": user.has_avatar, "avatarUrl": self.avatar(user)}
        if email:
            out["email"] = user.email
        return out

    def author(self, user: User) -> JSON:
        return {
            **self.user(user),
            "isOfficial": False,
            "currency": user.currency,
            "blogUrl": user.blog_url or "",
            "flags": {"showPostDonations": True},
        }

    def commenter(self, user: User) -> JSON:
        return {**self.user(user), "displayName": user.name, "nickColor": user.nick_color, "vkplayProfileLink": ""}

    def current_user(self, user: User) -> JSON:
        return {
            **self.user(user, email=True),
            "isOfficial": False,
            "blogUrl": user.blog_url or "",
            "isBlogger": user.blog_url is not None,
            "blog": {"url": user.blog_url} if user.blog_url else None,
            "locale": "en",
            "timezone": 3,
            "dialogSettings": {
                "sendMsgLevelId": 0,
                "canSendAll": True,
                "canSendDonation": True,
                "canSendMyAuthors": True,
                "canSendPaidSubscribers": True,
                "canSendSubscribers": True,
                "candSendPayers": True,
            },
        }

    # -- blocks ------------------------------------------------------------------------------

    def blocks(self, blocks: Iterable[JSON], signed: str = "") -> list[JSON]:
        return [self.block(block, signed) for block in blocks]

    def block(self, block: JSON, signed: str = "") -> JSON:
        kind = block.get("type")
        out = dict(block)
        media_id = str(block.get("id", ""))
        if kind == "image" and "url" not in block:
            out["url"] = f"{self.media}/image/{media_id}"
        elif kind == "file" and "url" not in block:
            out["url"] = f"{self.media}/file/{media_id}"
        elif kind == "audio_file" and "url" not in block:
            out["url"] = f"{self.media}/audio/{media_id}"
        elif kind == "smile" and "smallUrl" not in block:
            for size in ("small", "medium", "large"):
                out[f"{size}Url"] = f"{self.media}/smile/{media_id}/{size}"
        elif kind == "list":
            out["items"] = [self._list_item(item, signed) for item in block.get("items") or []]
        elif kind == "ok_video" and "playerUrls" not in block:
            out.update(self.player(media_id, signed))
        return out

    def _list_item(self, item: JSON, signed: str) -> JSON:
        return {
            "data": self.blocks(item.get("data") or [], signed),
            "items": [self._list_item(i, signed) for i in item.get("items") or []],
        }

    def player(self, media_id: str, signed: str) -> JSON:
        item = self.world.media.get(media_id)
        sizes = item.sizes if item is not None and signed else {}
        base = f"{self.media}/video/{media_id}"
        urls = [{"type": q, "url": f"{base}/{q}.mp4{signed}" if q in sizes else ""} for q in PROGRESSIVE]
        for stream in _STREAMS:
            url = ""
            if sizes and stream == "hls":
                url = f"{base}/master.m3u8{signed}"
            elif sizes and stream == "dash":
                url = f"{base}/manifest.mpd{signed}"
            urls.append({"type": stream, "url": url})
        host = self.media.split("://", 1)[-1]
        preview = f"{self.media}/preview/{media_id}"
        return {"playerUrls": urls, "preview": preview, "defaultPreview": preview, "failoverHost": host}

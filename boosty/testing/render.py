"""World entities as the API's JSON (``boosty-api.md`` §4), as one viewer sees them.

A :class:`View` knows the viewer (a user id or ``None`` for anonymous), the fake's media
origin and the URL signer; its methods return JSON-ready dicts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from .blocks import plain_text
from .media import Signer
from .world import (
    Blog,
    Bundle,
    Comment,
    Dialog,
    Donation,
    Level,
    Message,
    Notification,
    Poll,
    Post,
    ShowcaseItem,
    Subscription,
    Target,
    User,
    World,
)

__all__ = ["PROGRESSIVE", "REACTIONS", "View", "money"]

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


def _prices(value: float) -> JSON:
    return {"RUB": money(value), "USD": money(round(value / USD_RATE, 2)), "EUR": money(round(value / 100, 2))}


class View:
    """Renders entities for ``viewer`` with media URLs on ``media_base`` signed by ``signer``."""

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

    # -- blogs and levels ------------------------------------------------------------------

    def cover(self, blog: Blog) -> str:
        return f"{self.media}/blog/{blog.owner_id}/cover"

    def blog(self, blog: Blog) -> JSON:
        w = self.world
        owner = w.users[blog.owner_id]
        is_owner = w.is_owner(self.viewer, blog.url)
        sub = w.subscription(self.viewer, blog.url)
        kind = "none" if sub is None else ("paid" if sub.price else "free")
        rights = {k: is_owner for k in ("canSetPayout", "canCreate", "canDeleteComments", "canEdit")}
        return {
            "blogUrl": blog.url,
            "title": blog.title,
            "description": self.blocks(blog.description),
            "coverUrl": self.cover(blog),
            "owner": self.user(owner),
            "count": {
                "posts": len(w.blog_posts(blog.url)),
                "subscribers": len(w.subscribers(blog.url)),
                "showcase": sum(1 for s in w.showcase if s.blog_url == blog.url),
            },
            "flags": {
                "hasTargets": any(t.blog_url == blog.url for t in w.targets.values()),
                "showPostDonations": True,
                "allowIndex": True,
                "hasSubscriptionLevels": True,
                "isRssFeedEnabled": False,
                "allowGoogleIndex": True,
                "acceptDonationMessages": True,
            },
            "accessRights": {**rights, "canView": True, "canCreateComments": self.viewer is not None},
            "isSubscribed": sub is not None,
            "subscription": self.subscription(sub) if sub else None,
            "subscriptionKind": kind,
            "isOwner": is_owner,
            "isBlackListed": False,
            "isBlackListedByUser": False,
            "isReadOnly": False,
            "isTotalBaned": False,
            "hasAdultContent": blog.has_adult_content,
            "signedQuery": self.signer.query(f"blog-{blog.url}", self.lifetime) if self.viewer else "",
            "publicWebSocketChannel": f"blogger:{blog.owner_id}",
            "allowedPromoTypes": [],
            "socialLinks": blog.social_links,
            "currency": "RUB",
        }

    def level(self, level: Level) -> JSON:
        flags = {"isHidden": level.is_hidden, "isLimited": level.is_limited, "isArchived": False}
        return {
            "id": level.id,
            "name": level.name,
            "price": money(level.price),
            "changePrice": None,
            "currencyPrices": _prices(level.price),
            "createdAt": level.created_at,
            "ownerId": level.owner_id,
            "deleted": level.deleted,
            **flags,
            "flags": flags,
            "archivedAt": None,
            "parentId": None,
            "parent": None,
            "badges": [],
            "data": self.blocks(level.description),
            "promos": [],
            "externalApps": {
                "discord": {"isConfigured": False, "data": {"role": {"id": "", "name": ""}}},
                "telegram": {"isConfigured": False, "groups": []},
            },
        }

    def subscriber(self, sub: Subscription) -> JSON:
        user = self.world.users[sub.user_id]
        black = any(uid == user.id for uid, _ in self.world.blogs[sub.blog_url].blacklist)
        return {
            **self.user(user, email=True),
            "isOfficial": False,
            "isBlackListed": black,
            "isFeePaid": sub.is_fee_paid,
            "canWrite": bool(sub.price),
            "subscribed": sub.status == "active",
            "status": sub.status,
            "onTime": sub.on_time,
            "offTime": sub.off_time,
            "nextPayTime": sub.next_pay_time,
            "price": money(sub.price),
            "payments": money(sub.payments),
            "levelId": sub.level_id,
            "promo": None,
            "level": self.level(self.world.levels[sub.level_id]),
        }

    def subscription(self, sub: Subscription) -> JSON:
        level = self.world.levels[sub.level_id]
        blog = self.world.blogs[sub.blog_url]
        owner = self.world.users[blog.owner_id]
        return {
            "id": sub.id,
            "levelId": level.id,
            "parentId": None,
            "name": level.name,
            "price": money(sub.price),
            "customPrice": money(sub.price),
            "period": 1,
            "onTime": sub.on_time,
            "offTime": sub.off_time,
            "nextPayTime": sub.next_pay_time,
            "isPause": False,
            "isSuspended": False,
            "isArchived": False,
            "isApplePayed": False,
            "isFeePaid": sub.is_fee_paid,
            "ownerId": owner.id,
            "subscriptionLevel": self.level(level),
            "blog": {
                "blogUrl": blog.url,
                "title": blog.title,
                "coverUrl": self.cover(blog),
                "hasAdultContent": blog.has_adult_content,
                "owner": self.user(owner),
                "flags": {
                    "showPostDonations": True,
                    "hasAdultContent": False,
                    "hasSubscriptionLevels": True,
                    "hasTargets": True,
                    "allowIndex": True,
                    "isRssFeedEnabled": False,
                },
            },
            "recommendedPromo": None,
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

    # -- posts -------------------------------------------------------------------------------

    def signed_query(self, post: Post) -> str:
        return self.signer.query(post.id, self.lifetime)

    def post(self, post: Post, *, comments_limit: int = 0, reply_limit: int = 0, frame: bool = False) -> JSON:
        w = self.world
        access = w.can_view(post, self.viewer)
        signed = self.signed_query(post) if access else ""
        level = w.levels.get(post.level_id) if post.level_id is not None else None
        comments = [c for c in w.post_comments(post.id) if c.parent_id is None]
        all_comments = w.post_comments(post.id)
        donations = [d for d in w.donations.values() if d.post_id == post.id]
        total = sum(d.amount for d in donations)
        reactions = {k: 0 for k in REACTIONS}
        reactions["like"] = post.likes
        shown = comments[-comments_limit:] if comments_limit > 0 else []
        out: JSON = {
            "id": post.id,
            "int_id": post.int_id,
            "intId": post.int_id,
            "title": post.title,
            "createdAt": post.created_at,
            "updatedAt": post.updated_at,
            "publishTime": post.publish_time,
            "sortOrder": post.publish_time,
            "isPublished": True,
            "isDeleted": False,
            "isBlocked": False,
            "isPinned": post.is_pinned,
            "isRecord": False,
            "isWaitingVideo": False,
            "isMarketing": False,
            "promo": None,
            "hasAccess": access,
            "hasAdultContent": False,
            "hasAIContent": False,
            "forbiddenChangeHasAIContent": False,
            "isCommentsDenied": post.deny_comments,
            "reactionsDisabled": False,
            "isLiked": False,
            "showViewsCounter": True,
            "isShowcaseVisible": post.is_showcase_visible,
            "showcaseStatus": None,
            "bundleIds": list(post.bundle_ids),
            "advertiserInfo": None,
            "price": money(post.price),
            "currencyPrices": _prices(post.price),
            "donations": money(total),
            "currencyDonations": _prices(total),
            "donators": {"data": [self.donation(d) for d in donations[:10]], "extra": {"isLast": len(donations) <= 10}},
            "signedQuery": signed,
            "user": self.author(w.users[w.blogs[post.blog_url].owner_id]),
            "tags": [{"id": tid, "title": title} for tid, title in post.tags],
            "subscriptionLevel": self.level(level) if level else None,
            "teaser": self.blocks(post.teaser),
            "contentCounters": _counters(post.blocks),
            "count": {"likes": post.likes, "comments": len(all_comments), "views": post.views, "reactions": reactions},
            "reactionCounters": [{"type": "like", "count": post.likes}] if post.likes else [],
            "reacted": None,
            "comments": {
                "data": [self.comment(c, reply_limit) for c in shown],
                "extra": {"isFirst": len(shown) == len(comments), "isLast": True},
            },
            "poll": self.poll(w.polls[post.poll_id]) if post.poll_id in w.polls else None,
            "data": self.blocks(post.blocks, signed) if access else [],
        }
        if frame:
            out["frame"] = self._frame(post)
        return out

    def _frame(self, post: Post) -> JSON:
        posts = self.world.blog_posts(post.blog_url)
        index = next((i for i, p in enumerate(posts) if p.id == post.id), None)

        def ref(i: int) -> JSON | None:
            if index is None or not 0 <= i < len(posts):
                return None
            return {"id": posts[i].id, "title": posts[i].title, "publishTime": posts[i].publish_time}

        return {"previous": ref(index + 1) if index is not None else None, "next": ref(index - 1) if index else None}

    def media_post(self, post: Post, media: list[JSON]) -> JSON:
        access = self.world.can_view(post, self.viewer)
        signed = self.signed_query(post) if access else ""
        return {
            "post": {
                "id": post.id,
                "title": post.title,
                "hasAccess": access,
                "price": money(post.price),
                "publishTime": post.publish_time,
                "signedQuery": signed,
                "teaser": self.blocks(post.teaser),
                "subscriptionLevelId": post.level_id,
            },
            "media": self.blocks(media, signed) if access else [],
        }

    def poll(self, poll: Poll) -> JSON:
        total = sum(len(v) for _, _, v in poll.options) or 1
        return {
            "id": poll.id,
            "title": [poll.title],
            "isMultiple": poll.is_multiple,
            "isFinished": False,
            "finishTime": None,
            "counter": sum(len(v) for _, _, v in poll.options),
            "defaultLang": "en",
            "hasOther": False,
            "answer": [],
            "other": "",
            "options": [
                {
                    "id": oid,
                    "text": text,
                    "counter": len(v),
                    "fraction": round(len(v) / total, 4),
                    "voters": {"data": {"voters": []}, "extra": {"isLast": True, "offset": 0}},
                }
                for oid, text, v in poll.options
            ],
        }

    # -- comments ----------------------------------------------------------------------------

    def comment(self, comment: Comment, reply_limit: int = 0) -> JSON:
        w = self.world
        replies = [c for c in w.post_comments(comment.post_id) if c.parent_id == comment.int_id]
        reactions = {k: 0 for k in REACTIONS}
        reactions["like"] = comment.likes
        reply_to = w.users.get(comment.reply_to_user_id or -1)
        out: JSON = {
            "id": comment.id,
            "intId": comment.int_id,
            "post": {"id": comment.post_id},
            "author": self.commenter(w.users[comment.author_id]),
            "createdAt": comment.created_at,
            "updatedAt": None,
            "isDeleted": False,
            "isBlocked": False,
            "isUpdated": False,
            "replyCount": len(replies),
            "data": self.blocks(comment.blocks),
            "reactions": reactions,
            "reactionCounters": [{"type": "like", "count": comment.likes}],
            "reacted": None,
            "parentId": comment.parent_id,
            "replyId": comment.reply_id,
            "replyToUser": self.user(reply_to) if reply_to else None,
            "replies": None,
        }
        if comment.parent_id is None:
            shown = replies[:reply_limit] if reply_limit > 0 else []
            out["replies"] = {
                "data": [self.comment(r) for r in shown],
                "extra": {"isFirst": True, "isLast": len(shown) >= len(replies)},
            }
        return out

    # -- money -------------------------------------------------------------------------------

    def donation(self, donation: Donation) -> JSON:
        user = self.world.users[donation.user_id]
        return {
            "id": donation.id,
            "bloggerId": self.world.blogs[donation.blog_url].owner_id,
            "targetId": donation.target_id,
            "createdAt": donation.created_at,
            "amount": money(donation.amount),
            "type": donation.type,
            "isFeePaid": donation.is_fee_paid,
            "currencyAmounts": _prices(donation.amount),
            "user": {**self.user(user, email=True), "currency": "RUB", "canWrite": True, "vkplayProfileLink": None},
        }

    def target(self, target: Target) -> JSON:
        owner = self.world.blogs[target.blog_url].owner_id
        return {
            "id": target.id,
            "type": target.type,
            "description": target.description,
            "targetSum": money(target.target_sum),
            "currentSum": money(target.current_sum),
            "bloggerId": owner,
            "bloggerUrl": target.blog_url,
            "bloggerCurrency": "RUB",
            "priority": target.priority,
            "createdAt": target.created_at,
            "finishTime": target.finish_time,
            "currencyTargetSums": _prices(target.target_sum),
            "currencyCurrentSums": _prices(target.current_sum),
        }

    # -- catalogue -------------------------------------------------------------------------

    def bundle(self, bundle: Bundle) -> JSON:
        w = self.world
        posts = [w.posts[pid] for pid in bundle.post_ids if pid in w.posts]
        access = all(w.can_view(p, self.viewer) for p in posts)
        blocks = [blk for p in posts for blk in p.blocks]
        return {
            "id": bundle.id,
            "title": bundle.title,
            "description": bundle.description,
            "price": money(bundle.price),
            "currencyPrices": _prices(bundle.price),
            "hidden": bundle.hidden,
            "hasAccess": access,
            "createdAt": bundle.created_at,
            "updatedAt": bundle.created_at,
            "publishedAt": bundle.created_at,
            "deletedAt": None,
            "blogId": w.blogs[bundle.blog_url].owner_id,
            "publishedPostsCounter": len(posts),
            "accessiblePostsCounter": sum(1 for p in posts if w.can_view(p, self.viewer)),
            "sorting": "date_desc",
            "contentCounters": _counters(blocks),
            "thumbnail": {
                "id": bundle.thumbnail_id,
                "title": bundle.title,
                "url": f"{self.media}/preview/{bundle.thumbnail_id}",
                "rendition": "original",
                "type": "image",
                "width": 800,
                "height": 600,
                "size": 0,
            },
        }

    def bundle_item(self, bundle: Bundle, post: Post, position: int) -> JSON:
        return {
            **self.post(post),
            "position": position,
            "bundleId": bundle.id,
            "postId": post.id,
            "change": "",
            "isDraft": False,
            "bundles": [self.bundle(self.world.bundles[b]) for b in post.bundle_ids],
        }

    def showcase_item(self, item: ShowcaseItem) -> JSON:
        return {
            "showcaseItemId": item.id,
            "itemType": "post",
            "isVisible": item.is_visible,
            "itemId": item.post_id,
            "position": item.position,
            "post": self.post(self.world.posts[item.post_id]),
        }

    # -- dialogs -----------------------------------------------------------------------------

    def chatmate(self, user: User) -> JSON:
        return {
            "id": user.id,
            "url": user.blog_url or "",
            "name": user.name,
            "currency": "RUB",
            "blogCurrency": "RUB",
            "acceptedCurrencies": ["RUB", "USD"],
            "isOfficial": False,
            "hasAvatar": user.has_avatar,
            "avatarUrl": self.avatar(user),
            "hasAdultContent": False,
            "isBlogger": user.blog_url is not None,
        }

    def relation(self, dialog: Dialog, viewer: int) -> JSON:
        return {
            "type": "subscriber",
            "canWrite": True,
            "canWriteMe": True,
            "needDonation": False,
            "isBlackListed": False,
            "isChatmateBlackListed": False,
            "chatmateRequiresVerificationForPayments": False,
            "startAt": dialog.created_at,
        }

    def dialog(self, dialog: Dialog, viewer: int) -> JSON:
        messages = self.world.dialog_messages(dialog.id)
        unread = sum(1 for m in messages if not m.is_read and m.author_id != viewer)
        return {
            "id": dialog.id,
            "chatId": dialog.id,
            "createdAt": dialog.created_at,
            "unreadMsgCount": unread,
            "isBlocked": dialog.is_blocked,
            "wsChannel": f"dialog:{dialog.id}",
            "signedQuery": "",
            "chatmate": self.chatmate(self.world.users[dialog.other(viewer)]),
            "relation": self.relation(dialog, viewer),
            "lastMessage": self.message(messages[0]) if messages else None,
        }

    def message(self, message: Message) -> JSON:
        donation = self.world.donations.get(message.donation_id or -1)
        images = sum(1 for blk in message.blocks if blk.get("type") == "image")
        text_count = sum(1 for blk in message.blocks if blk.get("type") in ("text", "link") and blk.get("content"))
        return {
            "id": message.id,
            "dialogId": message.dialog_id,
            "createdAt": message.created_at,
            "authorId": message.author_id,
            "isRead": message.is_read,
            "isPaid": False,
            "isDeleted": False,
            "isFeePaid": False,
            "payWall": False,
            "price": 0,
            "previewType": "text",
            "currencyPrices": {"RUB": 0, "USD": 0},
            "teaser": [],
            "data": self.blocks(message.blocks),
            "attachments": {
                "text": {"count": text_count},
                "files": {"count": 0},
                "audios": {"count": 0},
                "images": {"count": images, "previewUrl": ""},
                "videos": {"count": 0, "previewUrl": ""},
            },
            "donation": self.donation(donation) if donation else None,
        }

    def notification(self, note: Notification) -> JSON:
        level = self.world.levels.get(note.level_id or -1)
        return {
            "id": note.id,
            "type": note.type,
            "eventTime": note.event_time,
            "isRead": note.is_read,
            "isFeePaid": False,
            "author": self.user(self.world.users[note.author_id]),
            "aggregation": {"id": note.id, "type": note.type},
            "subscriptionLevel": {"id": level.id, "name": level.name, "price": money(level.price)} if level else None,
        }


def _counters(blocks: Iterable[JSON]) -> list[JSON]:
    counts: dict[str, list[int]] = {}
    for block in blocks:
        kind = str(block.get("type"))
        if kind == "text" and block.get("modificator") == "BLOCK_END":
            continue
        entry = counts.setdefault(kind, [0, 0])
        entry[0] += 1
        entry[1] += int(block.get("size") or 0)
    return [{"type": kind, "count": c, "size": s} for kind, (c, s) in counts.items()]


def excerpt(post: Post) -> str:
    """The visible text of a post (for search)."""
    return plain_text(post.blocks)

"""World entities as the API's JSON (``boosty-api.md`` §4), as one viewer sees them.

A :class:`View` knows the viewer (a user id or ``None`` for anonymous), the fake's media
origin and the URL signer; its methods return JSON-ready dicts. Each API area renders in a
module of its own (:mod:`.render_base`: users and blocks; :mod:`.render_blogs`: blogs,
levels, money; :mod:`.render_posts`: posts, comments, catalogue); this one adds dialogs,
messages and notifications and puts them together.
"""

from __future__ import annotations

from .records import Dialog, Message, Notification, User
from .render_base import JSON, PROGRESSIVE, REACTIONS, money
from .render_posts import PostView, excerpt

__all__ = ["PROGRESSIVE", "REACTIONS", "View", "excerpt", "money"]


class View(PostView):
    """Renders entities for ``viewer`` with media URLs on ``media_base`` signed by ``signer``."""

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

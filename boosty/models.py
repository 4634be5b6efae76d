"""The API models: frozen attrs classes read from Boosty's JSON by one cattrs converter.

Every object an endpoint returns is one of these (``from boosty.models import Poll``); the
ones named most often (:class:`Blog`, :class:`Post`, :class:`Comment`, :class:`User`, ...)
are also importable from :mod:`boosty` itself. Also here: :func:`to_dict` (a model back to
plain JSON-ready data), :class:`ParseWarning`, and the content helpers
:func:`blocks_to_text`, :func:`blocks_to_markdown` and :func:`blocks_to_media`.

Importing this module imports no model: each name loads its module (and what that needs,
cattrs among it) on first use, so ``from boosty.models import Target`` costs the targets'
module, not every model's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_names

if TYPE_CHECKING:  # what type checkers see; at run time each name loads its module on first use
    from ._model.account import CurrentUser, DialogSettings, NotificationSettings, UserBlogRef, UserSubscription
    from ._model.analytics import BroadcastMessageStat, ChartPoint, StatReport
    from ._model.blog import Blog, BlogCount, BlogOwner
    from ._model.bundle import Bundle, BundleItem, BundleThumbnail
    from ._model.comment import Comment, CommentPostRef, CommentReplies
    from ._model.common import ContentCounter, ListExtra, ReactionCounter, Tag
    from ._model.content import (
        VIDEO_QUALITIES,
        AudioBlock,
        Block,
        FileBlock,
        HeaderBlock,
        ImageBlock,
        LinkBlock,
        ListBlock,
        ListItem,
        MediaItem,
        OkVideoBlock,
        PlayerUrl,
        SmileBlock,
        StyleRange,
        TextBlock,
        UnknownBlock,
        VideoBlock,
        blocks_to_markdown,
        blocks_to_media,
        blocks_to_text,
    )
    from ._model.converter import ParseWarning, to_dict
    from ._model.dialog import (
        AttachmentCount,
        Chatmate,
        Dialog,
        DialogRelation,
        DialogWithUser,
        Message,
        MessageAttachments,
        MessageList,
        MessageListExtra,
    )
    from ._model.draft import PostDraft
    from ._model.level import (
        DiscordApp,
        ExternalApps,
        LevelFlags,
        Promo,
        PromoAccess,
        PromoCount,
        PromoDiscount,
        SubscriptionLevel,
        TelegramApp,
    )
    from ._model.media_album import MediaAlbumItem, MediaAlbumPost
    from ._model.notification import (
        NotificationAggregation,
        NotificationCount,
        NotificationEvent,
        Notifications,
        NotificationTypeCount,
    )
    from ._model.payment import PaymentBinds
    from ._model.poll import Poll, PollOption, PollVoterList, PollVoterListData, PollVoterListExtra
    from ._model.post import DeferredAccess, Post, PostComments, PostCount, PostDonators, PostFrame, PostFrameItem
    from ._model.realtime import ChatAuthor, ChatMessage
    from ._model.sales import Donation, LastPayout, Payout, PayoutDestination, PayoutMethod
    from ._model.search import SearchBlogHit, SearchHeadline, SearchPostHit, SearchTagHit
    from ._model.session import DeviceInfo, Session, SessionFlags
    from ._model.showcase import ShowcaseCounters, ShowcaseItem
    from ._model.stats import BlogMetrics, BlogStats, ReferralStats, ReferralTariff, StatEvent, VisitSource
    from ._model.stream import StreamChatSettings, StreamCount, StreamSource, VideoStream
    from ._model.subscriber import Subscriber, UnsubscribeAnswer
    from ._model.target import Target
    from ._model.user import BlacklistedUser, User, UserFlags

_MODULES: dict[str, tuple[str, ...]] = {
    "account": ("CurrentUser", "DialogSettings", "NotificationSettings", "UserBlogRef", "UserSubscription"),
    "analytics": ("BroadcastMessageStat", "ChartPoint", "StatReport"),
    "blog": ("Blog", "BlogCount", "BlogOwner"),
    "bundle": ("Bundle", "BundleItem", "BundleThumbnail"),
    "comment": ("Comment", "CommentPostRef", "CommentReplies"),
    "common": ("ContentCounter", "ListExtra", "ReactionCounter", "Tag"),
    "content": (
        "VIDEO_QUALITIES",
        "AudioBlock",
        "Block",
        "FileBlock",
        "HeaderBlock",
        "ImageBlock",
        "LinkBlock",
        "ListBlock",
        "ListItem",
        "MediaItem",
        "OkVideoBlock",
        "PlayerUrl",
        "SmileBlock",
        "StyleRange",
        "TextBlock",
        "UnknownBlock",
        "VideoBlock",
        "blocks_to_markdown",
        "blocks_to_media",
        "blocks_to_text",
    ),
    "converter": ("ParseWarning", "to_dict"),
    "dialog": (
        "AttachmentCount",
        "Chatmate",
        "Dialog",
        "DialogRelation",
        "DialogWithUser",
        "Message",
        "MessageAttachments",
        "MessageList",
        "MessageListExtra",
    ),
    "draft": ("PostDraft",),
    "level": (
        "DiscordApp",
        "ExternalApps",
        "LevelFlags",
        "Promo",
        "PromoAccess",
        "PromoCount",
        "PromoDiscount",
        "SubscriptionLevel",
        "TelegramApp",
    ),
    "media_album": ("MediaAlbumItem", "MediaAlbumPost"),
    "notification": (
        "NotificationAggregation",
        "NotificationCount",
        "NotificationEvent",
        "Notifications",
        "NotificationTypeCount",
    ),
    "payment": ("PaymentBinds",),
    "poll": ("Poll", "PollOption", "PollVoterList", "PollVoterListData", "PollVoterListExtra"),
    "post": ("DeferredAccess", "Post", "PostComments", "PostCount", "PostDonators", "PostFrame", "PostFrameItem"),
    "realtime": ("ChatAuthor", "ChatMessage"),
    "sales": ("Donation", "LastPayout", "Payout", "PayoutDestination", "PayoutMethod"),
    "search": ("SearchBlogHit", "SearchHeadline", "SearchPostHit", "SearchTagHit"),
    "session": ("DeviceInfo", "Session", "SessionFlags"),
    "showcase": ("ShowcaseCounters", "ShowcaseItem"),
    "stats": ("BlogMetrics", "BlogStats", "ReferralStats", "ReferralTariff", "StatEvent", "VisitSource"),
    "stream": ("StreamChatSettings", "StreamCount", "StreamSource", "VideoStream"),
    "subscriber": ("Subscriber", "UnsubscribeAnswer"),
    "target": ("Target",),
    "user": ("BlacklistedUser", "User", "UserFlags"),
}
"""Each model module of ``boosty._model`` and the public names it holds."""

WHERE: dict[str, str] = {name: module for module, names in _MODULES.items() for name in names}
"""The ``boosty._model`` module of each public name."""

__all__ = ["Blog", "BlogCount", "BlogOwner", "to_dict"]
__all__ += [  # content blocks, rendering, media; users
    "VIDEO_QUALITIES",
    "AudioBlock",
    "Block",
    "FileBlock",
    "HeaderBlock",
    "ImageBlock",
    "LinkBlock",
    "ListBlock",
    "ListItem",
    "MediaItem",
    "OkVideoBlock",
    "ParseWarning",
    "PlayerUrl",
    "SmileBlock",
    "StyleRange",
    "TextBlock",
    "UnknownBlock",
    "User",
    "UserFlags",
    "VideoBlock",
    "blocks_to_markdown",
    "blocks_to_media",
    "blocks_to_text",
]
__all__ += [  # posts, comments, media album, search
    "Comment",
    "CommentPostRef",
    "CommentReplies",
    "ContentCounter",
    "ListExtra",
    "MediaAlbumItem",
    "MediaAlbumPost",
    "Post",
    "PostComments",
    "PostCount",
    "PostDonators",
    "PostFrame",
    "PostFrameItem",
    "ReactionCounter",
    "SearchBlogHit",
    "SearchHeadline",
    "SearchPostHit",
    "SearchTagHit",
    "Tag",
]
__all__ += [  # account, levels, subscribers, targets, showcase, bundles, dialogs, notifications, money, stats
    "AttachmentCount",
    "BlacklistedUser",
    "BlogMetrics",
    "BlogStats",
    "Bundle",
    "BundleItem",
    "BundleThumbnail",
    "Chatmate",
    "CurrentUser",
    "DeferredAccess",
    "DeviceInfo",
    "Dialog",
    "DialogRelation",
    "DialogSettings",
    "DialogWithUser",
    "DiscordApp",
    "Donation",
    "ExternalApps",
    "LastPayout",
    "LevelFlags",
    "Message",
    "MessageAttachments",
    "MessageList",
    "MessageListExtra",
    "NotificationAggregation",
    "NotificationCount",
    "NotificationEvent",
    "NotificationSettings",
    "NotificationTypeCount",
    "Notifications",
    "Payout",
    "PayoutDestination",
    "PayoutMethod",
    "Poll",
    "PollOption",
    "PollVoterList",
    "PollVoterListData",
    "PollVoterListExtra",
    "Promo",
    "PromoAccess",
    "PromoCount",
    "PromoDiscount",
    "ReferralStats",
    "ReferralTariff",
    "Session",
    "SessionFlags",
    "ShowcaseCounters",
    "ShowcaseItem",
    "StatEvent",
    "StreamChatSettings",
    "StreamCount",
    "StreamSource",
    "Subscriber",
    "SubscriptionLevel",
    "Target",
    "TelegramApp",
    "UnsubscribeAnswer",
    "UserBlogRef",
    "UserSubscription",
    "VideoStream",
    "VisitSource",
]
__all__ += ["BroadcastMessageStat", "ChartPoint", "ChatAuthor", "ChatMessage", "PaymentBinds", "StatReport"]
__all__ += ["PostDraft"]


if not TYPE_CHECKING:  # each name imports its module (and what that needs) on first use
    __getattr__, __dir__ = lazy_names(__name__, WHERE, __all__, base="boosty._model")

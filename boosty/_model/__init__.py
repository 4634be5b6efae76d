"""API models: attrs classes converted from the API's JSON by one cattrs converter."""

from __future__ import annotations

from .account import CurrentUser, DialogSettings, NotificationSettings, UserBlogRef, UserSubscription
from .analytics import BroadcastMessageStat, ChartPoint, StatReport
from .blog import Blog, BlogCount, BlogOwner
from .bundle import Bundle, BundleItem, BundleThumbnail
from .comment import Comment, CommentPostRef, CommentReplies
from .common import ContentCounter, ListExtra, ReactionCounter, Tag
from .content import (
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
from .converter import ParseWarning, structure, to_dict
from .dialog import (
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
from .level import (
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
from .media_album import MediaAlbumItem
from .misc import (
    BlacklistedUser,
    DeferredAccess,
    DeviceInfo,
    Poll,
    PollOption,
    PollVoterList,
    PollVoterListData,
    PollVoterListExtra,
    Session,
    SessionFlags,
    StreamChatSettings,
    StreamCount,
    StreamSource,
    UnsubscribeAnswer,
    VideoStream,
)
from .notification import (
    NotificationAggregation,
    NotificationCount,
    NotificationEvent,
    Notifications,
    NotificationTypeCount,
)
from .payment import PaymentBinds
from .post import Post, PostComments, PostCount, PostDonators, PostFrame, PostFrameItem
from .realtime import ChatAuthor, ChatMessage
from .sales import Donation, LastPayout, Payout, PayoutDestination, PayoutMethod
from .search import SearchBlogHit, SearchHeadline, SearchPostHit, SearchTagHit
from .showcase import ShowcaseCounters, ShowcaseItem
from .stats import BlogMetrics, BlogStats, ReferralStats, ReferralTariff, StatEvent, VisitSource
from .subscriber import Subscriber
from .target import Target
from .user import User, UserFlags

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
_ = structure

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

if TYPE_CHECKING:  # what type checkers see: each area module's ``__all__``
    from ._model.account import *  # noqa: F403
    from ._model.analytics import *  # noqa: F403
    from ._model.blog import *  # noqa: F403
    from ._model.bundle import *  # noqa: F403
    from ._model.comment import *  # noqa: F403
    from ._model.common import *  # noqa: F403
    from ._model.content import *  # noqa: F403
    from ._model.converter import ParseWarning as ParseWarning  # not its internals
    from ._model.converter import to_dict as to_dict
    from ._model.dialog import *  # noqa: F403
    from ._model.draft import *  # noqa: F403
    from ._model.level import *  # noqa: F403
    from ._model.media_album import *  # noqa: F403
    from ._model.notification import *  # noqa: F403
    from ._model.payment import *  # noqa: F403
    from ._model.poll import *  # noqa: F403
    from ._model.post import *  # noqa: F403
    from ._model.realtime import *  # noqa: F403
    from ._model.sales import *  # noqa: F403
    from ._model.search import *  # noqa: F403
    from ._model.session import *  # noqa: F403
    from ._model.showcase import *  # noqa: F403
    from ._model.stats import *  # noqa: F403
    from ._model.stream import *  # noqa: F403
    from ._model.subscriber import *  # noqa: F403
    from ._model.target import *  # noqa: F403
    from ._model.user import *  # noqa: F403

_MODULES: dict[str, str] = {
    "account": "CurrentUser DialogSettings NotificationSettings UserBlogRef UserSubscription",
    "analytics": "BroadcastMessageStat ChartPoint StatReport",
    "blog": "Blog BlogCount BlogOwner",
    "bundle": "Bundle BundleItem BundleThumbnail",
    "comment": "Comment CommentPostRef CommentReplies",
    "common": "ContentCounter ListExtra ReactionCounter Tag",
    "content": (
        "VIDEO_QUALITIES AudioBlock Block FileBlock HeaderBlock ImageBlock LinkBlock ListBlock "
        "ListItem MediaItem OkVideoBlock PlayerUrl SmileBlock StyleRange TextBlock UnknownBlock "
        "VideoBlock blocks_to_markdown blocks_to_media blocks_to_text"
    ),
    "converter": "ParseWarning to_dict",
    "dialog": (
        "AttachmentCount Chatmate Dialog DialogRelation DialogWithUser Message MessageAttachments "
        "MessageList MessageListExtra"
    ),
    "draft": "PostDraft",
    "level": (
        "DiscordApp ExternalApps LevelFlags Promo PromoAccess PromoCount PromoDiscount SubscriptionLevel TelegramApp"
    ),
    "media_album": "MediaAlbumItem MediaAlbumPost",
    "notification": ("NotificationAggregation NotificationCount NotificationEvent Notifications NotificationTypeCount"),
    "payment": "PaymentBinds",
    "poll": "Poll PollOption PollVoterList PollVoterListData PollVoterListExtra",
    "post": "DeferredAccess Post PostComments PostCount PostDonators PostFrame PostFrameItem",
    "realtime": "ChatAuthor ChatMessage",
    "sales": "Donation LastPayout Payout PayoutDestination PayoutMethod",
    "search": "SearchBlogHit SearchHeadline SearchPostHit SearchTagHit",
    "session": "DeviceInfo Session SessionFlags",
    "showcase": "ShowcaseCounters ShowcaseItem",
    "stats": "BlogMetrics BlogStats ReferralStats ReferralTariff StatEvent VisitSource",
    "stream": "StreamChatSettings StreamCount StreamSource VideoStream",
    "subscriber": "Subscriber UnsubscribeAnswer",
    "target": "Target",
    "user": "BlacklistedUser User UserFlags",
}
"""Each model module of ``boosty._model`` and the public names it holds (its ``__all__``,
checked by ``tests/test_models_namespace.py``): the one list of :mod:`boosty.models`."""

WHERE: dict[str, str] = {name: module for module, names in _MODULES.items() for name in names.split()}
"""The ``boosty._model`` module of each public name."""

if not TYPE_CHECKING:  # each name imports its module (and what that needs) on first use
    __all__ = sorted(WHERE)
    __getattr__, __dir__ = lazy_names(__name__, WHERE, __all__, base="boosty._model")

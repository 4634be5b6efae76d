"""pydantic v2 models equivalent to boosty's post models, field for field, for ``bench/parse.py``.

They mirror :mod:`boosty.models` on purpose (camelCase aliases, the same defaults, every content
block typed through a discriminated union) so that the parse benchmark compares equal work.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import AliasChoices, BaseModel, ConfigDict, Discriminator, Field, Tag
from pydantic.alias_generators import to_camel


class _M(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True, extra="ignore")


class PText(_M):
    type: Literal["text"] = "text"
    content: str = ""
    modificator: str | None = ""


class PHeader(_M):
    type: Literal["header"] = "header"
    content: str = ""
    modificator: str | None = ""


class PLink(_M):
    type: Literal["link"] = "link"
    content: str = ""
    url: str = ""
    explicit: bool = False
    modificator: str | None = ""


class PSmile(_M):
    type: Literal["smile"] = "smile"
    id: str = ""
    name: str = ""
    small_url: str = ""
    medium_url: str = ""
    large_url: str = ""
    is_animated: bool | None = None


class PImage(_M):
    type: Literal["image"] = "image"
    id: str = ""
    url: str = ""
    width: int | None = None
    height: int | None = None
    size: int | None = None
    rendition: str = ""
    title: str = ""
    preview: str = ""
    preview_id: str = ""
    is_invalid: bool | None = None


class PFile(_M):
    type: Literal["file"] = "file"
    id: str = ""
    url: str = ""
    title: str = ""
    size: int | None = None
    complete: bool | None = None
    is_migrated: bool | None = None
    is_invalid: bool | None = None


class PAudio(_M):
    type: Literal["audio_file"] = "audio_file"
    id: str = ""
    url: str = ""
    title: str = ""
    size: int | None = None
    duration: int | None = None
    complete: bool | None = None
    upload_status: str | None = ""
    file_type: str = ""
    artist: str = ""
    album: str = ""
    track: str = ""
    time_code: int | None = None
    views_counter: int | None = None
    show_views_counter: bool | None = None
    is_migrated: bool | None = None
    is_invalid: bool | None = None


class PPlayerUrl(_M):
    type: str = ""
    url: str = ""


class _PVideo(_M):
    id: str = ""
    vid: str = ""
    title: str = ""
    url: str = ""
    duration: int | None = None
    width: int | None = None
    height: int | None = None
    complete: bool | None = None
    status: str = ""
    upload_status: str | None = ""
    is_invalid: bool | None = None
    time_code: int | None = None
    views_counter: int | None = None
    show_views_counter: bool | None = None
    preview: str = ""
    preview_id: str = ""
    default_preview: str = ""
    failover_host: str = ""
    player_urls: list[PPlayerUrl] = Field(default_factory=list)


class PVideo(_PVideo):
    type: Literal["video"] = "video"


class POkVideo(_PVideo):
    type: Literal["ok_video"] = "ok_video"


class PUnknown(_M):
    model_config = ConfigDict(extra="allow", frozen=True)
    type: str = ""


class PListItem(_M):
    data: list[PBlock] = Field(default_factory=list)
    items: list[PListItem] = Field(default_factory=list)


class PList(_M):
    type: Literal["list"] = "list"
    style: str | None = None
    items: list[PListItem] = Field(default_factory=list)


_KNOWN = {"text", "header", "link", "image", "video", "ok_video", "audio_file", "file", "smile", "list"}


def _block_tag(value: Any) -> str:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return kind if kind in _KNOWN else "unknown"


PBlock = Annotated[
    Union[
        Annotated[PText, Tag("text")],
        Annotated[PHeader, Tag("header")],
        Annotated[PLink, Tag("link")],
        Annotated[PImage, Tag("image")],
        Annotated[PVideo, Tag("video")],
        Annotated[POkVideo, Tag("ok_video")],
        Annotated[PAudio, Tag("audio_file")],
        Annotated[PFile, Tag("file")],
        Annotated[PSmile, Tag("smile")],
        Annotated[PList, Tag("list")],
        Annotated[PUnknown, Tag("unknown")],
    ],
    Discriminator(_block_tag),
]
PListItem.model_rebuild()


class PUserFlags(_M):
    show_post_donations: bool = False


class PUser(_M):
    id: int | None = None
    name: str = ""
    has_avatar: bool = False
    avatar_url: str = ""
    is_official: bool | None = None
    is_verified_streamer: bool | None = None
    currency: str = ""
    blog_url: str = ""
    flags: PUserFlags | None = None
    nick_color: int | None = None
    display_name: str = ""
    vkplay_profile_link: str = ""
    email: str = ""
    can_write: bool | None = None
    badges: list[Any] = Field(default_factory=list)


class PTag(_M):
    id: int | None = None
    title: str = ""


class PCounter(_M):
    type: str = ""
    count: int = 0
    size: int | None = None


class PReactionCounter(_M):
    type: str = ""
    count: int = 0


class PCount(_M):
    likes: int = 0
    comments: int = 0
    views: int | None = None
    reactions: dict[str, int] = Field(default_factory=dict)


class PListExtra(_M):
    is_first: bool | None = None
    is_last: bool | None = None
    offset: Any = None


class PCommentPostRef(_M):
    id: str = ""


class PComment(_M):
    id: str = ""
    int_id: int | None = Field(default=None, validation_alias=AliasChoices("intId", "int_id"))
    post: PCommentPostRef | None = None
    author: PUser | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    is_deleted: bool = False
    is_blocked: bool = False
    is_updated: bool = False
    reply_count: int = 0
    replies: PCommentReplies | None = None
    data: list[PBlock] = Field(default_factory=list)
    reactions: dict[str, int] = Field(default_factory=dict)
    reaction_counters: list[PReactionCounter] = Field(default_factory=list)
    reacted: Any = None
    parent_id: int | None = None
    reply_id: int | None = None
    reply_to_user: PUser | None = None


class PCommentReplies(_M):
    data: list[PComment] = Field(default_factory=list)
    extra: PListExtra = Field(default_factory=PListExtra)


PComment.model_rebuild()


class PDonation(_M):
    id: int | None = None
    amount: Decimal = Decimal(0)
    type: str = ""
    target_id: int | None = None
    blogger_id: int | None = None
    created_at: dt.datetime | None = None
    is_fee_paid: bool = False
    currency_amounts: dict[str, Decimal] = Field(default_factory=dict)
    user: PUser | None = None


class PPostComments(_M):
    data: list[PComment] = Field(default_factory=list)
    extra: PListExtra = Field(default_factory=PListExtra)


class PPostDonators(_M):
    data: list[PDonation] = Field(default_factory=list)
    extra: PListExtra = Field(default_factory=PListExtra)


class PFrameItem(_M):
    id: str = ""
    title: str = ""
    publish_time: dt.datetime | None = None


class PFrame(_M):
    previous: PFrameItem | None = None
    next: PFrameItem | None = None


class PLevelFlags(_M):
    is_hidden: bool = False
    is_limited: bool = False
    is_archived: bool = False


class PSubscriptionLevel(_M):  # in no case: top-level fields only
    id: int
    name: str = ""
    price: Decimal = Decimal(0)
    change_price: Decimal | None = None
    currency_prices: dict[str, Decimal] = Field(default_factory=dict)
    created_at: dt.datetime | None = None
    owner_id: int | None = None
    deleted: bool = False
    is_archived: bool = False
    is_hidden: bool = False
    is_limited: bool = False
    flags: PLevelFlags | None = None
    archived_at: dt.datetime | None = None
    parent_id: int | None = None
    parent: dict[str, Any] | None = None
    badges: list[Any] = Field(default_factory=list)
    data: list[PBlock] = Field(default_factory=list)
    promos: list[Any] = Field(default_factory=list)
    external_apps: Any = None
    subscribers_limit: int | None = None
    count: dict[str, Any] | None = None


class PPoll(_M):  # in no case: top-level fields only
    id: int
    title: list[str] = Field(default_factory=list)
    is_multiple: bool = False
    is_finished: bool = False
    finish_time: dt.datetime | None = None
    counter: int = 0
    default_lang: str = ""
    has_other: bool = False
    answer: list[int] = Field(default_factory=list)
    other: str = ""
    options: list[Any] = Field(default_factory=list)


class PPost(_M):
    id: str = ""
    int_id: int | None = Field(default=None, validation_alias=AliasChoices("int_id", "intId"))
    title: str | None = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    publish_time: dt.datetime | None = None
    sort_order: int | None = None
    data: list[PBlock] = Field(default_factory=list)
    teaser: list[PBlock] = Field(default_factory=list)
    has_access: bool = False
    price: Decimal | None = Decimal(0)
    currency_prices: dict[str, Decimal] = Field(default_factory=dict)
    donations: Any = None
    currency_donations: dict[str, Decimal] = Field(default_factory=dict)
    signed_query: str = ""
    user: PUser | None = None
    tags: list[PTag] = Field(default_factory=list)
    subscription_level: PSubscriptionLevel | None = None
    subscription_level_id: int | None = None
    count: PCount = Field(default_factory=PCount)
    content_counters: list[PCounter] = Field(default_factory=list)
    reaction_counters: list[PReactionCounter] = Field(default_factory=list)
    reacted: Any = None
    is_liked: bool = False
    is_published: bool = False
    is_deleted: bool = False
    is_blocked: bool = False
    is_pinned: bool = False
    is_record: bool = False
    is_waiting_video: bool = False
    is_marketing: bool = False
    is_comments_denied: bool = False
    is_showcase_visible: bool = False
    showcase_status: Any = None
    reactions_disabled: bool = False
    show_views_counter: bool = False
    has_adult_content: bool = False
    has_ai_content: bool = Field(default=False, alias="hasAIContent")
    forbidden_change_has_ai_content: bool = Field(default=False, alias="forbiddenChangeHasAIContent")
    promo: Any = None
    advertiser_info: Any = None
    bundle_ids: list[Any] = Field(default_factory=list)
    donators: PPostDonators | None = None
    comments: PPostComments | None = None
    poll: PPoll | None = None
    frame: PFrame | None = None


class PExtra(_M):
    is_last: bool = False
    offset: Any = None


class PPage(_M):
    data: list[PPost]
    extra: PExtra

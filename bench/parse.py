"""Parsing speed: recorded post responses into models, against ``json.loads`` and pydantic v2.

Usage: ``.venv/bin/python -m bench parse`` (or ``.venv/bin/python -m bench.parse``).

Each case is parsed from the response bytes: boosty as the client does it (``json.loads``
then the page parser / ``structure``), pydantic v2 by ``model_validate_json`` on equivalent
models written below (same fields, camelCase aliases, UTC datetimes, ``Decimal`` prices, a
content-block union dispatched on ``type`` with a fallback for unknown types). Figures are
ratios measured in the same run: ``boosty / pydantic`` (target <= 1.0) and
``boosty / json.loads``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
import timeit
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag
from pydantic.alias_generators import to_camel

from boosty import Post
from boosty._client.paging import CURSOR, PageParser
from boosty._model.converter import structure

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "boosty"

Row = tuple[str, float, str]


# -- equivalent pydantic v2 models -----------------------------------------------------------


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
    currency: str = ""
    blog_url: str = ""
    flags: PUserFlags | None = None
    nick_color: int | None = None
    display_name: str = ""
    vkplay_profile_link: str = ""
    email: str = ""


class PTag(_M):
    id: int | None = None
    title: str = ""


class PCounter(_M):
    type: str = ""
    count: int = 0
    size: int | None = None


class PCount(_M):
    likes: int = 0
    comments: int = 0
    views: int | None = None
    reactions: dict[str, int] = Field(default_factory=dict)


class PListExtra(_M):
    is_first: bool | None = None
    is_last: bool | None = None
    offset: Any = None


class PComment(_M):
    id: str = ""
    int_id: int | None = None
    author: PUser | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    is_deleted: bool = False
    reply_count: int = 0
    data: list[PBlock] = Field(default_factory=list)
    reactions: dict[str, int] = Field(default_factory=dict)
    reaction_counters: list[PCounter] = Field(default_factory=list)
    parent_id: int | None = None
    reply_id: int | None = None


class PEmbedded(_M):
    data: list[Any] = Field(default_factory=list)
    extra: PListExtra = Field(default_factory=PListExtra)


class PFrameItem(_M):
    id: str = ""
    title: str = ""
    publish_time: dt.datetime | None = None


class PFrame(_M):
    previous: PFrameItem | None = None
    next: PFrameItem | None = None


class PPost(_M):
    id: str = ""
    int_id: int | None = Field(default=None, validation_alias="int_id")
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
    count: PCount = Field(default_factory=PCount)
    content_counters: list[PCounter] = Field(default_factory=list)
    reaction_counters: list[PCounter] = Field(default_factory=list)
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
    reactions_disabled: bool = False
    show_views_counter: bool = False
    has_adult_content: bool = False
    promo: Any = None
    advertiser_info: Any = None
    bundle_ids: list[Any] = Field(default_factory=list)
    donators: PEmbedded | None = None
    comments: PEmbedded | None = None
    frame: PFrame | None = None


class PExtra(_M):
    is_last: bool = False
    offset: Any = None


class PPage(_M):
    data: list[PPost]
    extra: PExtra


# -- cases -------------------------------------------------------------------------------------


def _cases() -> list[tuple[str, bytes, Any, Any, Any, Any]]:
    page = (FIXTURES / "posts_page.json").read_bytes()
    single = (FIXTURES / "post_single_with_media.json").read_bytes()
    rich = json.loads(single)
    posts = []
    for i in range(50):
        post = copy.deepcopy(rich)
        post["id"], post["int_id"], post["intId"] = f"p{i}", i, i
        post["data"] = post["data"] * 3  # ~33 blocks a post
        posts.append(post)
    big = json.dumps({"data": posts, "extra": {"isLast": False, "offset": "1:1"}}).encode()
    parser = PageParser(Post, CURSOR)

    def boosty_page(raw: bytes) -> Any:
        return parser.parse(json.loads(raw), None)

    def boosty_post(raw: bytes) -> Any:
        return structure(json.loads(raw), Post)

    def page_from_dict(data: Any) -> Any:
        return parser.parse(data, None)

    def post_from_dict(data: Any) -> Any:
        return structure(data, Post)

    return [
        ("posts_page", page, boosty_page, PPage.model_validate_json, page_from_dict, PPage.model_validate),
        ("single_post", single, boosty_post, PPost.model_validate_json, post_from_dict, PPost.model_validate),
        ("page_50_rich_posts", big, boosty_page, PPage.model_validate_json, page_from_dict, PPage.model_validate),
    ]


def _best(fns: list[Any], raw: Any, number: int, rounds: int = 9) -> list[float]:
    """Best time per call of each of ``fns``, measured interleaved (round-robin) so that a
    load change on the machine hits every contender alike."""
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for k, fn in enumerate(fns):
            best[k] = min(best[k], timeit.timeit(lambda fn=fn: fn(raw), number=number) / number)
    return best


def run() -> list[Row]:
    """Ratios per case: boosty/pydantic (from bytes and from decoded JSON) and
    boosty/json.loads, plus boosty µs per parse."""
    rows: list[Row] = []
    for name, raw, ours, theirs, ours_dict, theirs_dict in _cases():
        data = json.loads(raw)
        ours(raw)  # warm up: hooks are generated on first use
        theirs(raw)
        number = max(3, int(4000 / max(1, len(raw) // 500)))
        t_ours, t_theirs, t_json = _best([ours, theirs, json.loads], raw, number)
        t_ours_d, t_theirs_d = _best([ours_dict, theirs_dict], data, number)
        rows.append((f"{name}.vs_pydantic", t_ours / t_theirs, "boosty / pydantic-v2, from bytes; target <= 1.0"))
        rows.append((f"{name}.vs_pydantic_dict", t_ours_d / t_theirs_d, "boosty / pydantic-v2, from decoded JSON"))
        rows.append((f"{name}.vs_json_loads", t_ours / t_json, "boosty / json.loads time"))
        rows.append((f"{name}.boosty_us", t_ours * 1e6, f"µs per parse ({len(raw)} bytes)"))
        print(f"bench.parse {name}: done", file=sys.stderr)
    return rows


if __name__ == "__main__":
    for label, value, note in run():
        print(f"{label:<34} {value:>10.3f}  {note}")

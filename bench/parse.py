"""Parsing speed: recorded post responses into models, against ``json.loads`` and pydantic v2.

Usage: ``.venv/bin/python -m bench parse`` (or ``.venv/bin/python -m bench.parse``).

The pydantic v2 models below mirror boosty's field for field: camelCase names (``int_id``
and ``intId`` both read), aware UTC ``datetime`` from unix seconds, ``Decimal`` prices,
the content-block union dispatched on ``type`` with a catch-all for unknown types, nested
embedded comments and donations as models, unknown keys ignored (boosty also reports them,
once per model and key). Neither side decodes the JSON-in-string text of text blocks while
parsing (boosty does it when ``.text`` is read). Models that no case contains (subscription
level, poll) are mirrored by their top-level fields only; absent keys cost the same.

Cases: ``posts_page`` and ``single_post`` (recorded responses) and ``page_50_rich_posts``
(50 copies of the single post with its blocks tripled, ~33 blocks each). Inputs are the
recorded JSON re-encoded compactly, as the API sends it (the published files are
pretty-printed). Figures are ratios measured in the same run, the contenders interleaved
round-robin and timed in process CPU time (other jobs on the machine then barely move them):

* ``vs_pydantic_dict``: boosty's page parser / ``structure`` against ``model_validate``,
  both from the decoded JSON: the model layer's own work. A post keeps its ``data`` and
  ``teaser`` blocks raw until first read (:class:`boosty.Post`), so this row skips the
  block structuring a caller that never reads the body does not need.
* ``vs_pydantic_dict_read``: the same, then every post's ``data`` and ``teaser`` read, so
  boosty structures every block too: strictly the work pydantic did. The headline (target
  <= 1.0): it holds whatever the caller reads.
* ``vs_pydantic``: from the response bytes, every block read: the client's decoder
  (``boosty._json.loads``: orjson where installed, extra ``[speed]``; the note names it)
  plus the parse, against ``model_validate_json`` (JSON parsed in Rust).
  ``vs_pydantic_stdlib_json``: the same with the standard library's decoder (what a client
  without orjson uses).
* ``vs_boosty_downloader``: the same from bytes, every block read, against the pydantic
  models of boosty-downloader 4.3.0 (``PostDTO``, ``Extra``: what a user would pick instead;
  they read fewer fields than ours, so this is a peer, not equal work). Skipped, with a
  note, where it is not installed: ``pip install --no-deps boosty-downloader==4.3.0`` (its
  models need pydantic only; its own dependencies are an application's).
* ``cattrs_vs_pydantic_dict_read`` / ``cattrs_fast_vs_pydantic_dict_read``: the headline
  ratio with :mod:`boosty._model._fastgen` switched off, each in a fresh interpreter: cattrs'
  generated functions with ``detailed_validation=True`` (what the converter falls back to),
  then with ``detailed_validation=False``. They say what the exec'd generator buys.
* ``vs_json_loads``: boosty from bytes against ``json.loads`` alone.
* ``boosty_us``: boosty from bytes, µs of CPU per parse.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import json
import os
import subprocess
import sys
import time
import timeit
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import AliasChoices, BaseModel, ConfigDict, Discriminator, Field, Tag, create_model
from pydantic.alias_generators import to_camel

from boosty import Post
from boosty import _json as decoding
from boosty._client.paging import CURSOR, PageParser
from boosty._model.converter import structure
from boosty.testing.replay import packaged_fixtures

FIXTURES = packaged_fixtures()
decode_json, loads_stdlib = decoding.loads, decoding.loads_stdlib
DECODER = "orjson" if decoding._orjson is not None else "stdlib json"
"""The decoder the client uses here (orjson where installed: extra ``[speed]``)."""

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


# -- cases -------------------------------------------------------------------------------------


def _compact(raw: bytes) -> bytes:
    return json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":")).encode()


def _posts(parsed: Any) -> list[Any]:
    """The posts of a parse result: a boosty ``Page``, a ``PPage``, or one post."""
    if isinstance(parsed, PPage):
        return list(parsed.data)
    if isinstance(parsed, (Post, PPost)):
        return [parsed]
    return list(parsed.items)


def _read_content(parsed: Any) -> Any:
    """Read every post's ``data`` and ``teaser`` (boosty structures them on first read)."""
    for post in _posts(parsed):
        post.data, post.teaser  # noqa: B018 - the read is the point
    return parsed


def _same(ours: Any, theirs: Any) -> None:
    """The two parses agree: same posts, times, prices, counters and block kinds (a guard
    that the pydantic models really do the same work)."""
    a, b = _posts(ours), _posts(theirs)
    assert len(a) == len(b), (len(a), len(b))
    for x, y in zip(a, b):
        assert (x.id, x.int_id, x.publish_time, x.price) == (y.id, y.int_id, y.publish_time, y.price)
        assert x.currency_prices == y.currency_prices and x.count.reactions == y.count.reactions
        kinds = [type(blk).__name__ for blk in y.data]
        assert ([blk.type for blk in x.data] == [blk.type for blk in y.data] and "PUnknown" in kinds) or not x.data


Case = tuple[str, bytes, Any, Any]


def _cases() -> list[Case]:
    page = _compact((FIXTURES / "posts_page.json").read_bytes())
    single = _compact((FIXTURES / "post_single_with_media.json").read_bytes())
    rich = json.loads(single)
    posts = []
    for i in range(50):
        post = copy.deepcopy(rich)
        post["id"], post["int_id"], post["intId"] = f"p{i}", i, i
        post["data"] = post["data"] * 3  # ~33 blocks a post
        posts.append(post)
    big = _compact(json.dumps({"data": posts, "extra": {"isLast": False, "offset": "1:1"}}).encode())
    parser = PageParser(Post, CURSOR)

    def page_from_dict(data: Any) -> Any:
        return parser.parse(data, None)

    def post_from_dict(data: Any) -> Any:
        return structure(data, Post)

    return [
        ("posts_page", page, page_from_dict, PPage),
        ("single_post", single, post_from_dict, PPost),
        ("page_50_rich_posts", big, page_from_dict, PPage),
    ]


def _best(fns: list[Any], arg: Any, number: int, rounds: int = 11) -> list[float]:
    """Best CPU time per call of each of ``fns``, measured interleaved (round-robin) so that
    a change on the machine hits every contender alike."""
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for k, fn in enumerate(fns):
            timer = timeit.Timer(lambda fn=fn: fn(arg), timer=time.process_time)
            best[k] = min(best[k], timer.timeit(number=number) / number)
    return best


def _downloader_page() -> tuple[Any, Any] | None:
    """boosty-downloader's page and post models, or ``None`` where it is not installed."""
    models = "boosty_downloader.infrastructure.boosty_api.models.post"
    try:
        Extra = importlib.import_module(f"{models}.extra").Extra
        PostDTO = importlib.import_module(f"{models}.post").PostDTO
    except ImportError:
        return None

    page = create_model("DownloaderPage", data=(list[PostDTO], ...), extra=(Extra, ...))  # type: ignore[valid-type]
    return page, PostDTO


def _switch_off_fastgen(detailed: bool) -> None:
    """Structure with cattrs' own generated functions only (this process: call first)."""
    from boosty._model import blocks, converter

    def no_fast(tp: Any, probe: bool = False) -> None:
        return None

    vars(converter)["fast_for"] = no_fast
    vars(blocks)["fast_for"] = no_fast  # imported there by name
    converter.converter.detailed_validation = detailed


def _headline(variant: str) -> dict[str, float]:
    """``vs_pydantic_dict_read`` per case in a fresh interpreter running ``variant``."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run(
        [sys.executable, "-m", "bench.parse", "--variant", variant],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def _variant_main(variant: str) -> None:
    _switch_off_fastgen(detailed=variant == "cattrs")
    found = {}
    for name, raw, ours, model in _cases():
        data = json.loads(raw)
        _same(_read_content(ours(json.loads(raw))), model.model_validate(json.loads(raw)))

        def ours_read(d: Any, ours: Any = ours) -> Any:
            return _read_content(ours(d))

        number = max(3, int(4000 / max(1, len(raw) // 400)))
        t_read, t_pyd = _best([ours_read, model.model_validate], data, number)
        found[name] = t_read / t_pyd
    print(json.dumps(found))


def run() -> list[Row]:
    """Ratios per case (see the module docstring) and boosty's µs per parse."""
    rows: list[Row] = []
    peer = _downloader_page()
    for name, raw, ours, model in _cases():
        data = json.loads(raw)
        _same(_read_content(ours(json.loads(raw))), model.model_validate_json(raw))  # also warms up
        _same(_read_content(ours(json.loads(raw))), model.model_validate(json.loads(raw)))

        def ours_read(d: Any, ours: Any = ours) -> Any:
            return _read_content(ours(d))

        def ours_bytes(b: bytes, ours: Any = ours) -> Any:
            return _read_content(ours(decode_json(b)))

        def ours_bytes_stdlib(b: bytes, ours: Any = ours) -> Any:
            return _read_content(ours(loads_stdlib(b)))

        number = max(3, int(4000 / max(1, len(raw) // 400)))
        t_dict, t_read, t_pyd = _best([ours, ours_read, model.model_validate], data, number)
        t_bytes, t_stdlib, t_pyd_json, t_json = _best(
            [ours_bytes, ours_bytes_stdlib, model.model_validate_json, json.loads], raw, number
        )
        if peer is not None:
            peer_model = peer[0] if model is PPage else peer[1]
            t_ours, t_peer = _best([ours_bytes, peer_model.model_validate_json], raw, number)
            rows.append(
                (
                    f"{name}.vs_boosty_downloader",
                    t_ours / t_peer,
                    "boosty from bytes, blocks read / boosty-downloader 4.3.0's pydantic models",
                )
            )
        else:
            rows.append((f"{name}.vs_boosty_downloader", float("nan"), "not installed (see bench/parse.py)"))
        rows += [
            (f"{name}.vs_pydantic_dict", t_dict / t_pyd, "boosty / pydantic-v2, from decoded JSON"),
            (f"{name}.vs_pydantic_dict_read", t_read / t_pyd, "... and every block read; headline, target <= 1.0"),
            (f"{name}.vs_pydantic", t_bytes / t_pyd_json, f"boosty ({DECODER}, blocks read) / pydantic-v2, from bytes"),
            (
                f"{name}.vs_pydantic_stdlib_json",
                t_stdlib / t_pyd_json,
                "the same with the stdlib decoder (no orjson installed)",
            ),
            (f"{name}.vs_json_loads", t_bytes / t_json, "boosty from bytes / json.loads alone"),
            (f"{name}.boosty_us", t_bytes * 1e6, f"µs CPU per parse from bytes ({len(raw)} bytes, {DECODER})"),
        ]
        print(f"bench.parse {name}: done", file=sys.stderr)
    for variant, label in (("cattrs", "detailed_validation=True"), ("cattrs_fast", "detailed_validation=False")):
        for name, ratio in _headline(variant).items():
            note = f"vs_pydantic_dict_read without _fastgen: cattrs {label}"
            rows.append((f"{name}.{variant}_vs_pydantic_dict_read", ratio, note))
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--variant"]:
        _variant_main(sys.argv[2])
        raise SystemExit(0)
    for label, value, note in run():
        print(f"{label:<40} {value:>8.3f}  {note}")

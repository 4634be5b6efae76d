"""Static typing checks, run by ``mypy --strict boosty tests/typing_check.py`` (not collected by pytest).

One endpoint definition serves both clients: mypy must see precise sync and async types.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from typing_extensions import assert_type

from boosty import AsyncBoosty, Blog, Boosty


def sync_types(client: Boosty) -> None:
    assert_type(client.blog("x"), Blog)


async def async_types(client: AsyncBoosty) -> None:
    pending = assert_type(client.blog("x"), Coroutine[Any, Any, Blog])
    pending.close()
    assert_type(await client.blog("x"), Blog)


# -- posts, comments, paging (list endpoints, iter_ shortcuts, next/all_pages/all_items) ------


def sync_paging_types(client: Boosty) -> None:
    from collections.abc import Iterator

    from boosty import Comment, Post
    from boosty._client.paging import Page
    from boosty.models import MediaAlbumItem, SearchPostHit

    page = assert_type(client.posts("x"), Page[Post])
    assert_type(client.post("x", "id"), Post)
    assert_type(client.iter_posts("x", limit=10, max_items=5), Iterator[Post])
    assert_type(client.next(page), Page[Post] | None)
    assert_type(client.all_pages(page), Iterator[Page[Post]])
    assert_type(client.all_items(page, max_items=3), Iterator[Post])
    assert_type(client.comments("x", "id"), Page[Comment])
    assert_type(client.iter_comments("x", "id"), Iterator[Comment])
    assert_type(client.iter_feed(), Iterator[Post])
    assert_type(client.iter_media_album("x", "image"), Iterator[MediaAlbumItem])
    assert_type(client.iter_search_posts("q", blog="x"), Iterator[SearchPostHit])
    assert_type(page.items, list[Post])


async def async_paging_types(client: AsyncBoosty) -> None:
    from collections.abc import AsyncIterator

    from boosty import Comment, Post
    from boosty._client.paging import Page

    pending = assert_type(client.posts("x"), Coroutine[Any, Any, Page[Post]])
    pending.close()
    page = assert_type(await client.posts("x"), Page[Post])
    assert_type(client.iter_posts("x"), AsyncIterator[Post])
    assert_type(await client.next(page), Page[Post] | None)
    assert_type(client.all_pages(page), AsyncIterator[Page[Post]])
    assert_type(client.all_items(page), AsyncIterator[Post])
    assert_type(client.iter_comment_replies("x", "id", 1), AsyncIterator[Comment])
    assert_type(await client.post("x", "id"), Post)


# -- account, levels, subscribers, dialogs, money and stats -----------------------------------


def sync_area_types(client: Boosty) -> None:
    from collections.abc import Iterator

    from boosty import CurrentUser, Dialog, Subscriber, SubscriptionLevel
    from boosty._client.paging import Page
    from boosty.models import DialogWithUser, Donation, VideoStream

    assert_type(client.current_user(), CurrentUser)
    assert_type(client.subscription_levels("x"), list[SubscriptionLevel])
    assert_type(client.subscribers("x", limit=100), Page[Subscriber])
    assert_type(client.iter_subscribers("x", limit=100, max_items=5), Iterator[Subscriber])
    assert_type(client.dialog_with_user(1), DialogWithUser)
    assert_type(client.iter_dialogs(), Iterator[Dialog])
    assert_type(client.iter_sales_donations("x"), Iterator[Donation])
    assert_type(client.video_stream("x"), VideoStream | None)


async def async_area_types(client: AsyncBoosty) -> None:
    from collections.abc import AsyncIterator

    from boosty import Message, Subscriber
    from boosty._client.paging import Page
    from boosty.models import Target

    pending = assert_type(client.subscribers("x"), Coroutine[Any, Any, Page[Subscriber]])
    pending.close()
    assert_type(await client.targets("x"), list[Target])
    assert_type(client.iter_dialog_messages(1, limit=50), AsyncIterator[Message])


# -- the reads wrapped last (issue #12) ---------------------------------------------------------


def sync_remaining_read_types(client: Boosty) -> None:
    from collections.abc import Iterator

    from boosty._client.paging import Page
    from boosty.models import BroadcastMessageStat, ChartPoint, ChatMessage, PaymentBinds, StatReport

    assert_type(client.default_currency(), str)
    assert_type(client.available_currencies(), list[str])
    assert_type(client.payment_binds(), PaymentBinds)
    assert_type(client.stream_chat("x"), Page[ChatMessage])
    assert_type(client.iter_stream_chat("x"), Iterator[ChatMessage])
    assert_type(client.ws_connect_token(), str)
    assert_type(client.iter_broadcast_message_sales("x"), Iterator[BroadcastMessageStat])
    assert_type(client.paid_post_days("x", 1), list[dict[str, Any]])
    assert_type(client.blog_stat_data("x"), dict[str, list[ChartPoint]])
    assert_type(client.post_stat("x", "id"), dict[str, Any])
    assert_type(client.stat_report("x", "holds"), StatReport)
    assert_type(client.stat_report_info("x", "holds"), StatReport | None)


async def async_remaining_read_types(client: AsyncBoosty) -> None:
    from collections.abc import AsyncIterator

    from boosty.models import ChartPoint, ChatMessage

    pending = assert_type(client.blog_stat_data("x"), Coroutine[Any, Any, dict[str, list[ChartPoint]]])
    pending.close()
    assert_type(await client.default_currency(), str)
    assert_type(client.iter_stream_chat("x"), AsyncIterator[ChatMessage])


# -- identity fields are required: no Optional to narrow in user code ---------------------


def identity_types(client: Boosty) -> None:
    from boosty import Comment, Post, User
    from boosty.models import MediaAlbumItem, MediaAlbumPost, SearchPostHit

    post = client.post("x", "uuid")
    assert_type(post.int_id + 1, int)
    assert_type(post.id, str)
    comment: Comment = client.comments("x", post.id).items[0]
    assert_type(comment.int_id + 1, int)
    assert_type(comment.id, str)
    assert_type(client.blog("x").blog_url, str)
    user: User | None = post.user
    if user is not None:
        assert_type(user.id + 1, int)
    assert_type(client.current_user().id, int)

    def hit_post(hit: SearchPostHit, item: MediaAlbumItem) -> tuple[Post, MediaAlbumPost]:
        assert_type(item.post.id, str)
        return assert_type(hit.post, Post), assert_type(item.post, MediaAlbumPost)


# -- the type follows the sender (issue #17 items 3-5) ------------------------------------------


def mode_follows_sender() -> None:
    from collections.abc import AsyncIterator, Iterator

    from boosty import AsyncSender, Post, RetryingSender, SyncSender
    from boosty._mode import Async, Sync

    # A sender's mode, through any wrapper.
    assert_type(RetryingSender(retries=3), RetryingSender[Sync])
    assert_type(RetryingSender(retries=3, sender=AsyncSender()), RetryingSender[Async])
    # The client's mode follows its sender, or asynchronous= (tekore's constructor).
    assert_type(Boosty(), Boosty[Sync])
    assert_type(Boosty(sender=SyncSender()), Boosty[Sync])
    assert_type(Boosty(sender=AsyncSender()), Boosty[Async])
    assert_type(Boosty(sender=RetryingSender(retries=3, sender=AsyncSender())), Boosty[Async])
    assert_type(Boosty(sender=RetryingSender(retries=3)), Boosty[Sync])
    assert_type(Boosty(asynchronous=True), Boosty[Async])
    assert_type(Boosty(asynchronous=False), Boosty[Sync])
    assert_type(Boosty(sender=SyncSender(), asynchronous=True), Boosty[Async])  # warns, builds async
    assert_type(Boosty(sender=AsyncSender(), asynchronous=False), Boosty[Sync])
    # Endpoint, paging and iter_ methods follow the mode.
    pending = assert_type(Boosty(sender=AsyncSender()).blog("x"), Coroutine[Any, Any, Blog])
    pending.close()
    pending = assert_type(
        Boosty(sender=RetryingSender(retries=3, sender=AsyncSender())).blog("x"), Coroutine[Any, Any, Blog]
    )
    pending.close()
    assert_type(Boosty(sender=RetryingSender(retries=3)).blog("x"), Blog)
    assert_type(Boosty(asynchronous=True).iter_posts("x"), AsyncIterator[Post])
    assert_type(Boosty(sender=SyncSender()).iter_posts("x"), Iterator[Post])
    # AsyncBoosty refuses a sync sender; an endpoint's own parameters stay checked.
    AsyncBoosty(sender=SyncSender())  # type: ignore[arg-type]
    Boosty().blog(1)  # type: ignore[call-overload]
    Boosty(asynchronous="yes")  # type: ignore[call-overload]


def per_call_options(client: Boosty, aclient: AsyncBoosty) -> None:
    from collections.abc import AsyncIterator, Iterator

    from boosty import Post

    assert_type(client.blog("x", timeout=2.5), Blog)
    assert_type(client.blog("x", extra_headers={"X-Trace": "1"}), Blog)
    assert_type(client.blog("x", timeout=None, extra_headers=[("X-Trace", "1")]), Blog)
    assert_type(client.iter_posts("x", max_items=3, timeout=5.0), Iterator[Post])
    assert_type(client.iter_posts("x", extra_headers={"X-Trace": "1"}), Iterator[Post])
    pending = assert_type(aclient.blog("x", timeout=1.0), Coroutine[Any, Any, Blog])
    pending.close()
    assert_type(aclient.iter_posts("x", max_items=1, extra_headers={}), AsyncIterator[Post])
    client.blog("x", timeout="soon")  # type: ignore[call-overload]
    client.iter_posts("x", max_items="all")  # type: ignore[call-overload]


# -- the last catalogue writes: SMS sign-in, session probe, realtime tokens, stat_sales ------


def sync_last_write_types(client: Boosty) -> None:
    from boosty import Credentials

    assert_type(client.phone_code_send("+79001234567", device_id="d"), dict[str, Any])
    assert_type(client.phone_code_confirm("+79001234567", "c", "1", device_id="d"), Credentials)
    assert_type(client.session_check(), bool)
    assert_type(client.ws_subscribe("c", ["a"]), dict[str, str])
    assert_type(client.stat_sales("all"), dict[str, Any])


async def async_last_write_types(client: AsyncBoosty) -> None:
    from boosty import Credentials

    assert_type(await client.phone_code_confirm("+79001234567", "c", "1", device_id="d"), Credentials)
    pending = assert_type(client.session_check(), Coroutine[Any, Any, bool])
    pending.close()
    assert_type(await client.ws_subscribe("c", ["a"]), dict[str, str])


# -- events: one signature serves both modes (boosty._mode.by_mode_call / by_mode_iterator) ------


def sync_event_types(client: Boosty) -> None:
    from collections.abc import Iterator

    from boosty.events import Event, EventType

    assert_type(client.poll_once("x", since=None), list[Event])
    assert_type(client.start_polling("x", interval=1.0), None)
    assert_type(client.watch("x", events=EventType.NEW_POST), Iterator[Event])


async def async_event_types(client: AsyncBoosty) -> None:
    from collections.abc import AsyncIterator

    from boosty.events import Event

    assert_type(await client.poll_once("x", full_walk_interval=0), list[Event])
    assert_type(await client.start_polling("x", backoff=None), None)
    assert_type(client.watch("x", interval=1.0), AsyncIterator[Event])

"""Every GET of the API catalogue (``docs/boosty-api.md`` §1.7, §2.1 to 2.17) is a client method.

The GET rows are read from the catalogue's tables; ``SERVED`` names the method that serves
each path and the arguments to call it with. The test fails when the catalogue has a GET
path missing from ``SERVED``, when ``SERVED`` names a path the catalogue lacks, and when a
method's request does not reach its path (exact, trailing slash included) on the wire.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import respx

from boosty import AsyncBoosty, Boosty, InternalServerError

from .conftest import API, resolve

pytestmark = pytest.mark.anyio

CATALOGUE = Path(__file__).resolve().parent.parent / "docs" / "boosty-api.md"

# catalogue path -> (method, positional arguments, the path it must request if not the same)
SERVED: dict[str, tuple[str, tuple[Any, ...], str | None]] = {
    "/v1/user/session/": ("sessions", (), None),
    "/v1/user/current": ("current_user", (), None),
    "/v1/user/subscriptions": ("user_subscriptions", (), None),
    "/v1/user/current/blog_currency/available/": ("available_currencies", (), None),
    "/v1/notification/settings/": ("notification_settings", (), None),
    "/v1/payment/bind/list": ("payment_binds", (), None),
    "/v1/payment/default_currency": ("default_currency", (), None),
    "/v1/blog/{blog}": ("blog", ("b",), None),
    "/v1/blacklist/": ("blacklist", ("b",), None),
    "/v1/blog/{blog}/unsubscribe_reasons/": ("unsubscribe_reasons", ("b",), None),
    "/v1/blog/{blog}/poll/{pollId}": ("poll", ("b", 7), None),
    "/v1/blog/{blog}/poll/{pollId}/vote/": ("poll_voters", ("b", 7), None),
    "/v1/blog/{blog}/video_stream": ("video_stream", ("b",), None),
    "/v1/blog/{blog}/video_stream/chat": ("stream_chat", ("b",), None),
    "/v1/blog/{blog}/post/": ("posts", ("b",), None),
    "/v1/blog/{blog}/post/{postId}": ("post", ("b", "p1"), None),
    "/v1/feed/post/": ("feed", (), None),
    "/v1/blog/{blog}/post/{postId}/deferred_access": ("post_deferred_access", ("b", "p1"), None),
    "/v1/blog/{blog}/media_album/": ("media_album", ("b",), None),
    "/v1/search/feed/post/": ("search_posts", ("q",), None),
    "/v1/search/blog/post/": ("search_posts", ("q",), None),  # with blog=: see the extra check below
    "/v1/search/blog/": ("search_blogs", ("q",), None),
    "/v1/search/blog/suggest/": ("blog_suggest", ("q",), None),
    "/v1/search/feed/tag/": ("search_tags", ("q",), None),
    "/v1/blog/{blog}/post/{postId}/comment/": ("comments", ("b", "p1"), None),
    "/v1/blog/{blog}/subscription_level/": ("subscription_levels", ("b",), None),
    "/v1/blog/{blog}/subscription/level/{levelId}": ("subscription_level", ("b", 5), None),
    "/v1/blog/{blog}/subscribers": ("subscribers", ("b",), None),
    "/v1/blog/{blog}/sales/donation/": ("sales_donations", ("b",), None),
    "/v1/blog/{blog}/sales/post/": ("sales_posts", ("b",), None),
    "/v1/blog/{blog}/sales/bundle/": ("sales_bundles", ("b",), None),
    "/v1/blog/{blog}/sales/hold/": ("holds", ("b",), None),
    "/v1/blog/{blog}/sales/dialog_broadcast_message/": ("broadcast_message_sales", ("b",), None),
    "/v1/blog/{blog}/post/paid/by_date": ("paid_posts_by_date", ("b", 1, 2), None),
    "/v1/blog/{blog}/post/paid/days": ("paid_post_days", ("b", 1), None),
    "/v1/blog/{blog}/bundle/paid/by_date": ("paid_bundles_by_date", ("b", 1, 2), None),
    "/v1/blog/{blog}/bundle/paid/days": ("paid_bundle_days", ("b", 1), None),
    "/v1/payout/methods": ("payout_methods", (), None),
    "/v1/blog/{blog}/payout/": ("payouts", ("b",), None),
    "/v1/blog/{blog}/payout/history/": ("payout_history", ("b",), None),
    "/v1/target/{blog}/": ("targets", ("b",), None),
    "/v1/target/{targetId}": ("target", (9,), None),
    "/v1/blog/{blog}/showcase/": ("showcase", ("b",), None),
    "/v1/blog/{blog}/bundle/": ("bundles", ("b",), None),
    "/v1/blog/{blog}/bundle/{bundleId}": ("bundle", ("b", "bu1"), None),
    "/v1/blog/{blog}/bundle/{bundleId}/post/": ("bundle_posts", ("b", "bu1"), None),
    "/v1/dialog/": ("dialogs", (), None),
    "/v1/dialog": ("dialog_with_user", (3,), None),
    "/v1/dialog/{dialogId}/message/": ("dialog_messages", (3,), None),
    "/v1/notification/standalone/event/": ("notifications", (), None),
    "/v1/blog/stat/{blog}/current": ("blog_stats", ("b",), None),
    "/v1/blog/stat/{blog}/metrics": ("blog_stat_metrics", ("b", 1), None),
    "/v1/blog/{blog}/stat/data": ("blog_stat_data", ("b",), None),
    "/v1/blog/{blog}/stat/data/": ("blog_stat_data", ("b",), "/v1/blog/{blog}/stat/data"),  # slash variant
    "/v1/blog/stat/{blog}/events": ("blog_stat_events", ("b",), None),
    "/v1/blog/stat/{blog}/visits": ("blog_stat_visits", ("b",), None),
    "/v1/blog/stat/{blog}/payments/analytics": ("payments_analytics", ("b",), None),
    "/v1/blog/referral/{blog}/stat/": ("referral_stats", ("b",), None),
    "/v1/blog/referral/{blog}/user/": ("referral_users", ("b",), None),
    "/v1/blog/stat/{blog}/search": ("subscriber_search", ("b", "abc"), None),
    "/v1/blog/stat/{blog}/post/{postId}": ("post_stat", ("b", "p1"), None),
    "/v1/blog/stat/{blog}/csv/{type}": ("stat_report", ("b", "holds"), None),
    "/v1/blog/stat/{blog}/csv/{type}/info": ("stat_report_info", ("b", "holds"), None),
    "/v1/ws/connect": ("ws_connect_token", (), None),
}

KEYWORDS: dict[str, dict[str, Any]] = {"/v1/search/blog/post/": {"blog": "b"}}
PLACEHOLDERS = {"blog": "b", "postId": "p1", "pollId": "7", "levelId": "5", "targetId": "9", "bundleId": "bu1"}
PLACEHOLDERS |= {"dialogId": "3", "type": "holds"}


def _wanted(section: str) -> bool:
    major, _, minor = section.partition(".")
    return section == "1.7" or (major == "2" and 1 <= int(minor) <= 17)


def catalogue_gets() -> list[tuple[str, str]]:
    """``(section, path)`` of each GET in the catalogue's tables; a path given relative to the
    row's first one (``/bundle/paid/days`` after ``/v1/blog/{blog}/bundle/paid/by_date``) is
    made whole."""
    found: list[tuple[str, str]] = []
    section = ""
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"#{2,4} (\d+\.\d+)\b", line)
        if heading:
            section = heading.group(1)
        if not section or not _wanted(section) or not re.match(r"\|\s*GET\s*\|", line):
            continue
        paths = re.findall(r"`([^`]+)`", line.split("|")[2])
        first = paths[0]
        for path in paths:
            if not path.startswith("/v1/"):
                head = "/" + path.strip("/").split("/")[0] + "/"
                path = first[: first.index(head)] + path
            found.append((section, path))
    return found


def test_the_catalogue_gets_are_all_served() -> None:
    gets = catalogue_gets()
    assert len(gets) >= 60  # the tables were read
    missing = sorted({f"§{section} GET {path}" for section, path in gets if path not in SERVED})
    assert not missing, f"catalogued GETs no client method serves: {missing}"
    stale = sorted(set(SERVED) - {path for _, path in gets})
    assert not stale, f"SERVED names paths the catalogue lacks: {stale}"


@pytest.mark.parametrize("path", sorted(SERVED))
async def test_each_method_requests_its_path(client: Boosty | AsyncBoosty, path: str) -> None:
    name, args, requested = SERVED[path]
    expected = (requested or path).format(**PLACEHOLDERS)
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.get(url__regex=r".*").respond(500, json={"error": "probe"})
        with pytest.raises(InternalServerError):
            await resolve(getattr(client, name)(*args, **KEYWORDS.get(path, {})))
    assert route.call_count == 1
    assert route.calls.last.request.url.path == expected

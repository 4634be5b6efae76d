"""CachingSender scenarios a user would notice (issue #15, mutation testing), sync and async.

A request's own ``Cache-Control``, ``Expires`` without ``Date``, ``Vary`` over several
headers: rules of RFC 9111 the older tests did not pin down.
"""

from __future__ import annotations

import email.utils
import itertools
import time

import httpx
import pytest
import redis
import respx

from boosty import CachingSender, Request

from ._sender_caching import Clock, cache, get
from .conftest import API, concrete, resolve

pytestmark = pytest.mark.anyio


def numbered(mock: respx.MockRouter, cache_control: str) -> respx.Route:
    """``GET /v1/blog/b`` answering ``0``, ``1``, ``2`` ... in turn, each with ``Cache-Control: cache_control``."""
    counter = itertools.count()
    return mock.get("/v1/blog/b").mock(
        side_effect=lambda _: httpx.Response(200, json=next(counter), headers={"Cache-Control": cache_control})
    )


async def test_request_max_age_zero_is_never_served_from_cache(mode: str) -> None:
    """``Cache-Control: max-age=0`` from the caller goes to the network even for a brand-new
    entry, and its answer replaces the stored one."""
    sender = cache(mode, Clock())
    async with sender, respx.mock(base_url=API) as mock:
        route = numbered(mock, "max-age=60")
        assert (await get(sender)).json() == 0
        assert (await get(sender, headers={"Cache-Control": "max-age=0"})).json() == 1
        assert (await get(sender)).json() == 1  # the fresh answer was stored
    assert route.call_count == 2


async def test_request_max_age_accepts_an_entry_exactly_that_old(mode: str) -> None:
    clock = Clock()
    sender = cache(mode, clock)
    async with sender, respx.mock(base_url=API) as mock:
        route = numbered(mock, "max-age=600")
        await get(sender)
        clock.now += 30
        assert (await get(sender, headers={"Cache-Control": "max-age=30"})).json() == 0
        assert (await get(sender, headers={"Cache-Control": "max-age=29"})).json() == 1
    assert route.call_count == 2


async def test_request_max_age_among_other_directives(mode: str) -> None:
    """``Cache-Control: max-stale=5, MAX-AGE="10"`` (any case, quoted) limits the age to 10 s."""
    clock = Clock()
    sender = cache(mode, clock)
    async with sender, respx.mock(base_url=API) as mock:
        route = numbered(mock, "max-age=600")
        await get(sender)
        control = {"Cache-Control": 'max-stale=5, MAX-AGE="10"'}
        clock.now += 5
        assert (await get(sender, headers=control)).json() == 0
        clock.now += 10
        assert (await get(sender, headers=control)).json() == 1
    assert route.call_count == 2


@pytest.mark.parametrize(
    ("cache_control", "fresh_for", "then"),
    [
        pytest.param('private, max-age="60"', 59, 2, id="quoted max-age is honoured"),
        pytest.param("max-age=1", 0.5, 0.5, id="one second of freshness is kept"),
    ],
)
async def test_response_max_age_keeps_the_answer_exactly_that_long(
    mode: str, cache_control: str, fresh_for: float, then: float
) -> None:
    clock = Clock()
    sender = cache(mode, clock)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(200, headers={"Cache-Control": cache_control})
        await get(sender)
        clock.now += fresh_for
        await get(sender)
        assert route.call_count == 1
        clock.now += then
        await get(sender)
    assert route.call_count == 2


@pytest.mark.parametrize(("offset", "calls"), [(3600, 1), (-3600, 2)])
async def test_expires_without_date_is_read_against_the_local_clock(mode: str, offset: int, calls: int) -> None:
    """No ``Date``: an ``Expires`` an hour ahead of now keeps the answer, an hour ago does not."""
    expires = email.utils.formatdate(time.time() + offset, usegmt=True)
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(200, headers={"Expires": expires})
        await get(sender)
        await get(sender)
    assert route.call_count == calls


async def test_expires_is_dated_by_the_response_date_not_the_local_clock(mode: str) -> None:
    """A server whose clock is a day behind: ``Expires`` = its ``Date`` + 60 s is fresh for 60 s here."""
    served = time.time() - 86400
    headers = {
        "Date": email.utils.formatdate(served, usegmt=True),
        "Expires": email.utils.formatdate(served + 60, usegmt=True),
    }
    clock = Clock()
    sender = cache(mode, clock)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(200, headers=headers)
        await get(sender)
        clock.now += 59
        await get(sender)
        assert route.call_count == 1
        clock.now += 2
        await get(sender)
    assert route.call_count == 2


async def test_vary_on_several_headers_needs_all_of_them_equal(mode: str) -> None:
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=lambda request: httpx.Response(
                200,
                json=[request.headers.get("Accept-Language"), request.headers.get("X-Locale")],
                headers={"Cache-Control": "max-age=60", "Vary": "accept-language,X-LOCALE"},
            )
        )
        ru_ru = {"Accept-Language": "ru", "X-Locale": "ru_RU"}
        ru_en = {"Accept-Language": "ru", "X-Locale": "en_US"}
        assert (await get(sender, headers=ru_ru)).json() == ["ru", "ru_RU"]
        assert (await get(sender, headers=ru_ru)).json() == ["ru", "ru_RU"]
        assert route.call_count == 1
        # Same first header, another second one: a miss, never the ru_RU body.
        assert (await get(sender, headers=ru_en)).json() == ["ru", "en_US"]
        assert (await get(sender, headers=ru_en)).json() == ["ru", "en_US"]
        assert route.call_count == 2
        assert (await get(sender, headers={"X-Locale": "en_US"})).json() == [None, "en_US"]
    assert route.call_count == 3


async def test_vary_star_among_other_names_is_never_stored(mode: str) -> None:
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(200, headers={"Cache-Control": "max-age=60", "Vary": "X-Locale, *"})
        await get(sender)
        await get(sender)
    assert route.call_count == 2 and len(sender) == 0


@pytest.mark.parametrize(("offset", "calls"), [(3600, 1), (-3600, 2)])
async def test_expires_in_minus_zero_form_is_utc_on_a_machine_that_is_not(
    mode: str, offset: int, calls: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Expires: ... -0000`` (RFC 5322's "UTC, source unknown") read on a machine nine hours
    east of UTC: an hour ahead is still an hour ahead."""
    monkeypatch.setenv("TZ", "JST-9")
    time.tzset()
    try:
        expires = email.utils.formatdate(time.time() + offset)  # "... -0000"
        assert expires.endswith("-0000")
        sender = cache(mode)
        async with sender, respx.mock(base_url=API) as mock:
            route = mock.get("/v1/blog/b").respond(200, headers={"Expires": expires})
            await get(sender)
            await get(sender)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert route.call_count == calls


async def test_content_location_of_a_write_drops_that_root_too(mode: str) -> None:
    sender = cache(mode, ttl={"*": 300})
    async with sender, respx.mock(base_url=API) as mock:
        user = mock.get("/v1/user/7/").respond(200, json={})
        mock.put("/v1/blog/demo/x").respond(200, headers={"Content-Location": f"{API}/v1/user/7/"}, json={})
        await get(sender, f"{API}/v1/user/7/")
        await resolve(sender.send(Request("PUT", f"{API}/v1/blog/demo/x")))
        await get(sender, f"{API}/v1/user/7/")
    assert user.call_count == 2


async def test_revalidated_answer_belongs_to_the_new_request_and_its_round_trip(mode: str) -> None:
    """After a 304 the caller gets its own request back, and ``elapsed`` of the revalidation."""
    answers = iter(
        [
            httpx.Response(200, json={"v": 1}, headers={"ETag": '"1"'}),
            httpx.Response(304, headers={"ETag": '"1"'}),
        ]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        answer = next(answers)
        if answer.status_code == 304:
            time.sleep(0.2)  # the revalidation takes at least 0.2 s, the first fetch no time
        return answer

    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").mock(side_effect=handler)
        first = await get(sender)
        again = Request("GET", f"{API}/v1/blog/b", headers={"X-Trace": "2"})
        revalidated = await resolve(sender.send(again))
    assert revalidated.status_code == 200 and revalidated.json() == {"v": 1}
    assert revalidated.request is again
    assert first.status_code == 200
    assert revalidated.elapsed >= 0.2


async def test_cookie_a_never_served_to_cookie_b(mode: str) -> None:
    """Sessions by cookie are identities too: one user's cached page never reaches another."""
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(
            side_effect=lambda request: httpx.Response(
                200, json={"cookie": request.headers.get("cookie")}, headers={"Cache-Control": "private, max-age=60"}
            )
        )
        assert (await get(sender, headers={"Cookie": "session=a"})).json() == {"cookie": "session=a"}
        assert (await get(sender, headers={"Cookie": "session=b"})).json() == {"cookie": "session=b"}
        assert (await get(sender, headers={"Cookie": "session=a"})).json() == {"cookie": "session=a"}
        assert (await get(sender)).json() == {"cookie": None}
    assert route.call_count == 3


async def test_cache_control_sent_as_two_header_lines(mode: str) -> None:
    """``Cache-Control: no-cache`` on a line of its own still skips the cache."""
    sender = cache(mode)
    async with sender, respx.mock(base_url=API) as mock:
        route = numbered(mock, "max-age=60")
        await get(sender)
        lines = [("Cache-Control", "no-cache"), ("Cache-Control", "max-age=600")]
        assert (await get(sender, headers=lines)).json() == 1
    assert route.call_count == 2


async def test_request_max_age_of_one_second_accepts_a_younger_entry(mode: str) -> None:
    clock = Clock()
    sender = cache(mode, clock)
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(200, headers={"Cache-Control": "max-age=60"})
        await get(sender)
        clock.now += 0.5
        await get(sender, headers={"Cache-Control": "max-age=1"})
    assert route.call_count == 1


async def test_a_single_entry_cache(mode: str) -> None:
    sender = cache(mode, max_size=1, default_ttl=60)
    async with sender, respx.mock(base_url=API) as mock:
        a = mock.get("/v1/blog/a").respond(200)
        b = mock.get("/v1/blog/b").respond(200)
        for url in ("a", "a", "b", "b", "a"):
            await get(sender, f"{API}/v1/blog/{url}")
    assert (a.call_count, b.call_count, len(sender)) == (2, 1, 1)


@pytest.mark.parametrize("size", [0, -3])
def test_max_size_below_one_is_refused(size: int) -> None:
    with pytest.raises(ValueError, match=rf"^max_size must be 1 or more, got {size}"):
        CachingSender(size)


class WallClock:
    """``time.time`` that a test can move forward (an NTP step, a suspended laptop)."""

    def __init__(self) -> None:
        self.real = time.time
        self.offset = 0.0

    def __call__(self) -> float:
        return self.real() + self.offset


async def test_memory_entries_ignore_a_wall_clock_jump(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    wall = WallClock()
    monkeypatch.setattr(time, "time", wall)
    sender = CachingSender(sender=concrete(mode))
    async with sender, respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(200, headers={"Cache-Control": "max-age=60"})
        await get(sender)
        wall.offset = 7200.0
        await get(sender)
    assert route.call_count == 1


async def test_redis_entries_are_dated_by_the_wall_clock_under_the_default_prefix(
    mode: str, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shared entries are dated by the wall clock (every process reads them) and kept under
    ``boosty:cache``: two hours later by the wall clock a 60 s answer is stale."""
    wall = WallClock()
    monkeypatch.setattr(time, "time", wall)
    raw = redis.Redis.from_url(redis_url)
    sender = CachingSender(sender=concrete(mode), redis=redis_url)
    try:
        async with sender, respx.mock(base_url=API) as mock:
            route = mock.get("/v1/blog/b").respond(200, headers={"Cache-Control": "max-age=60"})
            await get(sender)
            assert raw.keys("boosty:cache:*") != []
            await get(sender)
            assert route.call_count == 1
            wall.offset = 7200.0
            await get(sender)
        assert route.call_count == 2
    finally:
        raw.close()

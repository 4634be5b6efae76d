"""CachingSender scenarios a user would notice (issue #15, mutation testing), sync and async.

A request's own ``Cache-Control``, ``Expires`` without ``Date``, ``Vary`` over several
headers: rules of RFC 9111 the older tests did not pin down.
"""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest
import respx

from .conftest import API
from .test_sender_caching import Clock, cache, get

pytestmark = pytest.mark.anyio


async def test_request_max_age_zero_is_never_served_from_cache(mode: str) -> None:
    """``Cache-Control: max-age=0`` from the caller goes to the network even for a brand-new
    entry, and its answer replaces the stored one."""
    sender = cache(mode, Clock())
    async with sender, respx.mock(base_url=API) as mock:
        counter = iter(range(100))
        route = mock.get("/v1/blog/b").mock(
            side_effect=lambda _: httpx.Response(200, json=next(counter), headers={"Cache-Control": "max-age=60"})
        )
        assert (await get(sender)).json() == 0
        assert (await get(sender, headers={"Cache-Control": "max-age=0"})).json() == 1
        assert (await get(sender)).json() == 1  # the fresh answer was stored
    assert route.call_count == 2


async def test_request_max_age_accepts_an_entry_exactly_that_old(mode: str) -> None:
    clock = Clock()
    sender = cache(mode, clock)
    async with sender, respx.mock(base_url=API) as mock:
        counter = iter(range(100))
        route = mock.get("/v1/blog/b").mock(
            side_effect=lambda _: httpx.Response(200, json=next(counter), headers={"Cache-Control": "max-age=600"})
        )
        await get(sender)
        clock.now += 30
        assert (await get(sender, headers={"Cache-Control": "max-age=30"})).json() == 0
        assert (await get(sender, headers={"Cache-Control": "max-age=29"})).json() == 1
    assert route.call_count == 2


async def test_request_max_age_among_other_directives(mode: str) -> None:
    """``Cache-Control: max-stale=5, MAX-AGE="10"`` (any case, quoted) still limits the age."""
    clock = Clock()
    sender = cache(mode, clock)
    async with sender, respx.mock(base_url=API) as mock:
        counter = iter(range(100))
        route = mock.get("/v1/blog/b").mock(
            side_effect=lambda _: httpx.Response(200, json=next(counter), headers={"Cache-Control": "max-age=600"})
        )
        await get(sender)
        clock.now += 20
        assert (await get(sender, headers={"Cache-Control": 'max-stale=5, MAX-AGE="10"'})).json() == 1
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
                headers={"Cache-Control": "max-age=60", "Vary": "accept-language , X-LOCALE"},
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

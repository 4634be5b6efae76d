"""Shared by the ``test_sender_caching*`` files (and the caching scenarios): a hand-moved clock,
a CachingSender on a concrete sender, one GET."""

from __future__ import annotations

from boosty import CachingSender, Request, Response

from .conftest import API, concrete, resolve

URL = f"{API}/v1/blog/b"
DATE = "Sat, 01 Jun 2024 12:00:00 GMT"
LATER = "Sat, 01 Jun 2024 12:01:00 GMT"  # DATE + 60 s
EARLIER = "Sat, 01 Jun 2024 11:00:00 GMT"


class Clock:
    """A monotonic clock that tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def cache(mode: str, clock: Clock | None = None, **kwargs: object) -> CachingSender:
    return CachingSender(sender=concrete(mode), clock=clock or Clock(), **kwargs)  # type: ignore[arg-type]


async def get(sender: CachingSender, url: str = URL, **kwargs: object) -> Response:
    response = await resolve(sender.send(Request("GET", url, **kwargs)))  # type: ignore[arg-type]
    assert isinstance(response, Response)
    return response

"""What a client put on the wire: httpx request event hooks record every request as it leaves
httpx, with its form body and whether it carried a token (the write, upload and auth tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl

import attrs
import httpx

from boosty import AsyncBoosty, AsyncSender, Boosty, SyncSender
from boosty.testing import FakeBoosty

FORM = "application/x-www-form-urlencoded"


def _is_form(request: httpx.Request) -> bool:
    return request.headers.get("content-type", "").startswith(FORM)


@attrs.frozen
class Sent:
    """One request as sent: method, path (with its trailing slash), query, content type, form
    fields (single values, the last one of a name; ``{}`` unless the body is urlencoded) and
    whether it carried a token."""

    method: str
    path: str
    query: dict[str, str]
    content_type: str
    form: dict[str, str]
    authorised: bool

    @classmethod
    def of(cls, request: httpx.Request, body: bytes) -> Sent:
        """``request`` as sent; ``body`` is its urlencoded form body (``b""`` for none)."""
        return cls(
            request.method,
            request.url.path,
            dict(parse_qsl(request.url.query.decode(), keep_blank_values=True)),
            request.headers.get("content-type", ""),
            dict(parse_qsl(body.decode(), keep_blank_values=True)),
            "authorization" in request.headers,
        )


class Wire:
    """A recorder for a client's httpx request hooks (sync or async): ``requests`` holds the
    httpx requests, ``sent`` what each one was (a live list, filled as requests leave)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.sent: list[Sent] = []

    def _record(self, request: httpx.Request, body: bytes) -> None:
        self.requests.append(request)
        self.sent.append(Sent.of(request, body))

    def sender(self, mode: str) -> Any:
        """A concrete sender of ``mode`` (``"sync"`` or ``"async"``) whose requests this wire records."""
        if mode == "async":

            async def ahook(request: httpx.Request) -> None:
                self._record(request, await request.aread() if _is_form(request) else b"")

            return AsyncSender(event_hooks={"request": [ahook]})

        def hook(request: httpx.Request) -> None:
            self._record(request, request.read() if _is_form(request) else b"")

        return SyncSender(event_hooks={"request": [hook]})

    def client(self, fake: FakeBoosty, user: str | None, mode: str, **kwargs: Any) -> Boosty | AsyncBoosty:
        """A client of ``fake`` with ``user``'s token whose requests this wire records."""
        client: Boosty | AsyncBoosty = fake.client(
            user, asynchronous=mode == "async", sender=self.sender(mode), **kwargs
        )
        return client


async def wire_client(
    fake: FakeBoosty, mode: str, user: str | None = "owner"
) -> AsyncIterator[tuple[Boosty | AsyncBoosty, list[Sent]]]:
    """Yield a client of ``user`` in ``mode`` and the list its requests are recorded to; the
    client is closed after."""
    wire = Wire()
    client: Any = wire.client(fake, user, mode)
    if mode == "async":
        async with client:
            yield client, wire.sent
    else:
        with client:
            yield client, wire.sent

"""A client on the fake server whose requests are recorded as they leave httpx, with their form
bodies and whether they carried a token (the post-write and upload tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs

import attrs
import httpx

from boosty import AsyncBoosty, AsyncSender, Boosty, SyncSender
from boosty.testing import FakeBoosty

FORM = "application/x-www-form-urlencoded"


@attrs.frozen
class Sent:
    """One request as sent: method, path (with its trailing slash), query, content type, form
    fields (single values; urlencoded bodies only) and whether it carried a token."""

    method: str
    path: str
    query: dict[str, str]
    content_type: str
    form: dict[str, str] | None
    authorised: bool

    @classmethod
    def of(cls, request: httpx.Request, body: bytes | None) -> Sent:
        ctype = request.headers.get("content-type", "")
        form = None
        if body is not None:
            form = {k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        return cls(
            request.method,
            request.url.path,
            dict(request.url.params),
            ctype,
            form,
            "authorization" in request.headers,
        )


async def wire_client(
    fake: FakeBoosty, mode: str, user: str | None = "owner"
) -> AsyncIterator[tuple[Boosty | AsyncBoosty, list[Sent]]]:
    """Yield a client of ``user`` in ``mode`` and the list its requests are logged to."""
    log: list[Sent] = []

    def record(request: httpx.Request) -> None:
        form = request.headers.get("content-type", "").startswith(FORM)
        log.append(Sent.of(request, request.read() if form else None))

    async def arecord(request: httpx.Request) -> None:
        form = request.headers.get("content-type", "").startswith(FORM)
        log.append(Sent.of(request, await request.aread() if form else None))

    client: Any
    if mode == "async":
        client = fake.client(user, asynchronous=True, sender=AsyncSender(event_hooks={"request": [arecord]}))
        async with client:
            yield client, log
    else:
        with fake.client(user, sender=SyncSender(event_hooks={"request": [record]})) as client:
            yield client, log

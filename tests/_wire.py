"""What a client put on the wire: an httpx request event hook records every request sent."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import attrs
import httpx

from boosty import AsyncBoosty, AsyncSender, Boosty, SyncSender
from boosty.testing import FakeBoosty


@attrs.frozen
class Sent:
    """One request as it left the client: method, path, query pairs, form fields, content type."""

    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    content_type: str

    @classmethod
    def of(cls, request: httpx.Request) -> Sent:
        ctype = request.headers.get("content-type", "")
        body = request.content.decode() if ctype.startswith("application/x-www-form-urlencoded") else ""
        url = urlsplit(str(request.url))
        pairs = parse_qsl(url.query, keep_blank_values=True)
        return cls(request.method, url.path, dict(pairs), dict(parse_qsl(body, keep_blank_values=True)), ctype)


class Wire:
    """A recorder for the client's httpx event hooks (sync or async)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def sender(self, mode: str) -> Any:
        if mode == "async":

            async def ahook(request: httpx.Request) -> None:
                self.requests.append(request)

            return AsyncSender(event_hooks={"request": [ahook]})

        def hook(request: httpx.Request) -> None:
            self.requests.append(request)

        return SyncSender(event_hooks={"request": [hook]})

    @property
    def sent(self) -> list[Sent]:
        return [Sent.of(r) for r in self.requests]

    def client(self, fake: FakeBoosty, user: str | None, mode: str, **kwargs: Any) -> Boosty | AsyncBoosty:
        """A client of ``fake`` with ``user``'s token whose requests this wire records."""
        client: Boosty | AsyncBoosty = fake.client(
            user, asynchronous=mode == "async", sender=self.sender(mode), **kwargs
        )
        return client

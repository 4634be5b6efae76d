"""The public clients: :class:`Boosty` (sync by default) and :class:`AsyncBoosty`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._sender._http import HeaderInput
from .._sender.base import Sender
from .api.blogs import BlogsAPI
from .base import DEFAULT_BASE_URL

__all__ = ["AsyncBoosty", "Boosty"]


class _Endpoints(BlogsAPI):
    """Every endpoint mixin, in one place."""


class Boosty(_Endpoints):
    """The Boosty.to API client.

    Arguments:
        token: a static access token (``Authorization: Bearer``); never refreshed.
        credentials: a :class:`boosty.Credentials` pair that is refreshed and rotated.
        token_storage: where refreshed credentials are saved and resumed from.
        sender: the sender chain (default: a new :class:`boosty.SyncSender`). With an async
            chain (``sender=AsyncSender()``) every endpoint method returns a coroutine.
        base_url: the API origin, default ``https://api.boosty.to``.
        headers, cookies, params: sent with every request to the API origin.
        timeout: seconds per request (default: the sender's).

    Endpoint methods are named by resource: ``client.blog("slug")`` returns a
    :class:`boosty.Blog`. Errors are :class:`boosty.BoostyError` subclasses.
    Use as a context manager, or call :meth:`close` / :meth:`aclose`.
    """


class AsyncBoosty(_Endpoints):
    """The asyncio client: :class:`Boosty` with an :class:`boosty.AsyncSender` by default.

    Every endpoint method returns a coroutine. A sync sender is refused with
    :class:`TypeError`. Use ``async with AsyncBoosty() as client:`` or :meth:`aclose`.
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        credentials: Any = None,
        token_storage: Any = None,
        sender: Sender | None = None,
        base_url: str = DEFAULT_BASE_URL,
        headers: HeaderInput = None,
        cookies: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> None:
        if sender is not None and not sender.is_async:
            raise TypeError(f"AsyncBoosty needs an async sender chain, got sync {type(sender).__name__}")
        super().__init__(
            token,
            credentials=credentials,
            token_storage=token_storage,
            sender=sender,
            base_url=base_url,
            headers=headers,
            cookies=cookies,
            params=params,
            timeout=timeout,
        )

    def _default_sender(self) -> Sender:
        from .._sender.concrete import AsyncSender

        return AsyncSender()

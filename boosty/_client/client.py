"""The public clients: :class:`Boosty` (sync by default) and :class:`AsyncBoosty`."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypedDict, overload

from .._auth.credentials import Credentials
from .._auth.storage import TokenStorage
from .._mode import SM, Async, HasMode, Sync
from .._sender._http import HeaderInput
from .._sender.base import Sender
from ..events.mixin import EventsAPI
from .api.account import AccountAPI
from .api.account_write import AccountWriteAPI
from .api.analytics import AnalyticsAPI
from .api.auth_write import AuthWriteAPI
from .api.blogs import BlogsAPI
from .api.blogs_write import BlogsWriteAPI
from .api.bundles import BundlesAPI
from .api.comments import CommentsAPI
from .api.comments_write import CommentsWriteAPI
from .api.dialogs import DialogsAPI
from .api.dialogs_write import DialogsWriteAPI
from .api.income import IncomeAPI
from .api.levels import LevelsAPI
from .api.levels_write import LevelsWriteAPI
from .api.notifications import NotificationsAPI
from .api.notifications_write import NotificationsWriteAPI
from .api.payments import PaymentsAPI
from .api.post_social_write import PostSocialWriteAPI
from .api.posts import PostsAPI
from .api.posts_write import PostsWriteAPI
from .api.realtime import RealtimeAPI
from .api.realtime_write import RealtimeWriteAPI
from .api.sales import SalesAPI
from .api.search import SearchAPI
from .api.showcase import ShowcaseAPI
from .api.stats import StatsAPI
from .api.subscribers import SubscribersAPI
from .api.targets import TargetsAPI
from .api.targets_write import TargetsWriteAPI
from .api.uploads import UploadsAPI
from .walk import PagingAPI

if TYPE_CHECKING:  # annotations only: typing_extensions stays unloaded
    from typing_extensions import Unpack

__all__ = ["AsyncBoosty", "Boosty", "ClientOptions", "SenderConflictWarning"]


class SenderConflictWarning(RuntimeWarning):
    """``Boosty(sender=..., asynchronous=...)`` got a sender of the other mode: the sender is
    not used (nor closed) and one of the requested mode is built instead (tekore's rule)."""


class ClientOptions(TypedDict, total=False):
    """The keyword arguments every client takes besides ``token``, ``sender`` and
    ``asynchronous`` (see :class:`Boosty`)."""

    credentials: Credentials | None
    token_storage: TokenStorage | None
    base_url: str
    upload_base_url: str
    headers: HeaderInput
    cookies: Mapping[str, str] | None
    params: Mapping[str, Any] | None
    timeout: float | None
    refresh_margin: float
    backend: str | None


class _Endpoints(
    BlogsAPI,
    PostsAPI,
    PostsWriteAPI,
    UploadsAPI,
    CommentsAPI,
    SearchAPI,
    AccountAPI,
    LevelsAPI,
    SubscribersAPI,
    TargetsAPI,
    ShowcaseAPI,
    BundlesAPI,
    DialogsAPI,
    NotificationsAPI,
    SalesAPI,
    StatsAPI,
    PaymentsAPI,
    RealtimeAPI,
    RealtimeWriteAPI,
    IncomeAPI,
    AnalyticsAPI,
    PostSocialWriteAPI,
    CommentsWriteAPI,
    LevelsWriteAPI,
    TargetsWriteAPI,
    BlogsWriteAPI,
    DialogsWriteAPI,
    AccountWriteAPI,
    AuthWriteAPI,
    NotificationsWriteAPI,
    EventsAPI,
    PagingAPI,
):
    """Every endpoint mixin, in one place."""

    def _before_close(self) -> None:
        # close() ends a running start_polling / watch loop first: it returns instead of
        # polling a closed chain.
        self.stop_polling()


class Boosty(_Endpoints, HasMode[SM]):
    """The Boosty.to API client.

    Arguments:
        token: a static access token (``Authorization: Bearer``); never refreshed.
        credentials: a :class:`boosty.Credentials` pair that is refreshed and rotated.
        token_storage: where refreshed credentials are saved and resumed from.
        sender: the sender chain (default: a new :class:`boosty.SyncSender`, or
            :class:`boosty.AsyncSender` with ``asynchronous=True``). With an async chain
            (``sender=AsyncSender()``) every endpoint method returns a coroutine, and is
            typed so. The client closes the chain on :meth:`close` / :meth:`aclose`.
        asynchronous: ``True`` builds an async chain, ``False`` a sync one (tekore's
            ``Client(sender, asynchronous)``). A ``sender`` of the other mode warns
            :class:`boosty.SenderConflictWarning` and is replaced by a new sender of the
            requested mode (the given one is neither used nor closed). Not a bool or
            ``None``: :class:`TypeError`.
        base_url: the API origin, default ``https://api.boosty.to``.
        upload_base_url: the image upload host, default ``https://uploadimg.boosty.to``
            (it gets the client's credentials too; nothing else but ``base_url`` does).
        headers, cookies, params: sent with every request to the API origin.
        timeout: seconds per request (default: the sender's).
        refresh_margin: seconds before expiry at which refreshing credentials are renewed
            ahead of time (default 60; at most half a token's lifetime is used).
        backend: the transport of the async sender the client builds when no ``sender`` is
            given: ``"httpx"`` (default) or ``"aiohttp"`` (extra ``[aiohttp]``; the fastest
            for many concurrent requests). With ``sender`` or a sync client:
            :class:`ValueError`.

    Endpoint methods are named by resource: ``client.blog("slug")`` returns a
    :class:`boosty.Blog`. Errors are :class:`boosty.BoostyError` subclasses.
    Use as a context manager, or call :meth:`close` / :meth:`aclose`. Every endpoint method
    also takes the keyword-only ``timeout`` (seconds) and ``extra_headers`` of one call.
    """

    @overload
    def __init__(
        self: Boosty[Sync],
        token: str | None = None,
        *,
        sender: None = None,
        asynchronous: Literal[False] | None = None,
        **options: Unpack[ClientOptions],
    ) -> None: ...
    @overload
    def __init__(
        self: Boosty[Async],
        token: str | None = None,
        *,
        sender: Sender[Any] | None = None,
        asynchronous: Literal[True],
        **options: Unpack[ClientOptions],
    ) -> None: ...
    @overload
    def __init__(
        self: Boosty[Sync],
        token: str | None = None,
        *,
        sender: Sender[Any],
        asynchronous: Literal[False],
        **options: Unpack[ClientOptions],
    ) -> None: ...
    @overload
    def __init__(
        self,
        token: str | None = None,
        *,
        sender: Sender[SM],
        asynchronous: None = None,
        **options: Unpack[ClientOptions],
    ) -> None: ...
    @overload
    def __init__(
        self: Boosty[Any],
        token: str | None = None,
        *,
        sender: Sender[Any] | None = None,
        asynchronous: bool | None = None,
        **options: Unpack[ClientOptions],
    ) -> None: ...

    def __init__(
        self,
        token: str | None = None,
        *,
        sender: Sender[Any] | None = None,
        asynchronous: bool | None = None,
        **options: Any,
    ) -> None:
        if asynchronous is not None and not isinstance(asynchronous, bool):
            raise TypeError(f"asynchronous must be a bool or None, not {type(asynchronous).__name__}")
        if sender is not None and not isinstance(sender, Sender):
            raise TypeError(f"sender must be a boosty Sender (e.g. SyncSender()), got {type(sender).__name__}")
        if sender is not None and asynchronous is not None and sender.is_async is not asynchronous:
            have, want = ("async", "sync") if sender.is_async else ("sync", "async")
            warnings.warn(
                f"{type(self).__name__}(asynchronous={asynchronous}) got the {have} sender "
                f"{type(sender).__name__}; it is not used and a new {want} sender is built",
                SenderConflictWarning,
                stacklevel=2,
            )
            sender = None
        super().__init__(token, sender=sender, asynchronous=asynchronous, **options)


class AsyncBoosty(_Endpoints, HasMode[Async]):
    """The asyncio client: :class:`Boosty` with an :class:`boosty.AsyncSender` by default.

    Every endpoint method returns a coroutine. A sync sender is refused with
    :class:`TypeError`. Use ``async with AsyncBoosty() as client:`` or :meth:`aclose`.
    """

    _needs_async = True

    def __init__(
        self, token: str | None = None, *, sender: Sender[Async] | None = None, **options: Unpack[ClientOptions]
    ) -> None:
        super().__init__(token, sender=sender, **options)

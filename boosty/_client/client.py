"""The public clients: :class:`Boosty` (sync by default) and :class:`AsyncBoosty`."""

from __future__ import annotations

from .._sender.base import Sender
from ..events.mixin import EventsAPI
from .api.account import AccountAPI
from .api.blogs import BlogsAPI
from .api.bundles import BundlesAPI
from .api.comments import CommentsAPI
from .api.dialogs import DialogsAPI
from .api.levels import LevelsAPI
from .api.notifications import NotificationsAPI
from .api.posts import PostsAPI
from .api.posts_write import PostsWriteAPI
from .api.sales import SalesAPI
from .api.search import SearchAPI
from .api.showcase import ShowcaseAPI
from .api.stats import StatsAPI
from .api.subscribers import SubscribersAPI
from .api.targets import TargetsAPI
from .api.uploads import UploadsAPI
from .paging import PagingAPI

__all__ = ["AsyncBoosty", "Boosty"]


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
    EventsAPI,
    PagingAPI,
):
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
        upload_base_url: the image upload host, default ``https://uploadimg.boosty.to``
            (it gets the client's credentials too; nothing else but ``base_url`` does).
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

    _needs_async = True

    def _default_sender(self) -> Sender:
        from .._sender.concrete import AsyncSender

        return AsyncSender()

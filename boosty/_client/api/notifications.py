"""The notification feed."""

from __future__ import annotations

from ..._model.notification import Notifications
from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ._extract import nested


class NotificationsAPI(ClientBase):
    """Notification endpoints (user)."""

    @endpoint(nested(Notifications, "data", "notificationStandalone"))
    def notifications(self) -> Request:
        """The notification feed: ``GET /v1/notification/standalone/event/``. Auth: user.

        Takes no paging parameters. Returns :class:`~boosty.Notifications` (``events``,
        ``count`` of total / unread by type, ``update_time``). Raises
        :class:`~boosty.Unauthorised` without a valid token.
        """
        return self._request("GET", "/v1/notification/standalone/event/")

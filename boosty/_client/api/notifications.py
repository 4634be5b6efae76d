"""The notification feed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ._extract import nested

if TYPE_CHECKING:
    from ...models import Notifications
else:
    from ._models import Notifications


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

"""Marking and deleting notifications (``boosty-api.md`` §2.15)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ._extract import nested
from ._write import id_list, nothing, positive_int

if TYPE_CHECKING:
    from ...models import Notifications
else:
    from ._models import Notifications

_FEED = nested(Notifications, "data", "notificationStandalone")


class NotificationsWriteAPI(ClientBase):
    """Notification writing endpoints (user)."""

    @endpoint(_FEED)
    def notifications_mark_read(self, event_ids: Iterable[int] | int) -> Request:
        """Mark notifications read: ``PUT /v1/notification/standalone/read/``, form ``event_id=1,2``.

        Auth: user. ``event_ids``: one id or several (:attr:`~boosty.NotificationEvent.id`).
        Returns the updated :class:`~boosty.Notifications` feed. Raises :class:`ValueError` /
        :class:`TypeError` for no ids or ids that are not positive ints (before any request).
        Source: BK (from the web client).
        """
        data = {"event_id": id_list(event_ids, "event_ids")}
        return self._request("PUT", "/v1/notification/standalone/read/", data=data)

    @endpoint(nothing)
    def notification_delete(self, event_id: int) -> Request:
        """Delete one notification: ``DELETE /v1/notification/standalone/event/{event_id}``.

        Auth: user. Returns ``None``. Raises :class:`TypeError` / :class:`ValueError` for an
        id that is not a positive int (before any request). Source: BK.
        """
        return self._request("DELETE", "/v1/notification/standalone/event/{}", positive_int(event_id, "event_id"))

    @endpoint(_FEED)
    def notifications_delete(self, event_ids: Iterable[int] | int) -> Request:
        """Delete notifications: ``DELETE /v1/notification/standalone/event/``, form ``event_id=1,2``.

        Auth: user. Returns the updated :class:`~boosty.Notifications` feed. Raises
        :class:`ValueError` / :class:`TypeError` for no ids or bad ids (before any request).
        Source: BK.
        """
        data = {"event_id": id_list(event_ids, "event_ids")}
        return self._request("DELETE", "/v1/notification/standalone/event/", data=data)

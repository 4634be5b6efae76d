"""The logged-in account: current user, own subscriptions, sessions, notification settings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..._sender._http import Request, Response
from ..base import ClientBase
from ..endpoint import endpoint
from ..paging import INDEX, list_endpoint
from ..refs import structure
from ._extract import listed
from ._params import comma
from ._parse import model

if TYPE_CHECKING:
    from ...models import CurrentUser, NotificationSettings, Session, UserSubscription
else:
    from ._models import CurrentUser, NotificationSettings, Session, UserSubscription

NOTIFICATION_TRANSPORTS = ("standalone", "mobile_push", "telegram", "mail")
"""Every notification transport the API knows."""


def _notification_settings(payload: Any, response: Response) -> NotificationSettings:
    body = payload.get("data", payload) if isinstance(payload, dict) and "settings" not in payload else payload
    return structure(body, NotificationSettings)


class AccountAPI(ClientBase):
    """Endpoints of the logged-in account."""

    @endpoint(model(CurrentUser))
    def current_user(self) -> Request:
        """The logged-in user: ``GET /v1/user/current``. Auth: user.

        Returns :class:`~boosty.CurrentUser` (``blog_url`` is the account's own blog).
        Raises :class:`~boosty.Unauthorised` without a valid token.
        """
        return self._request("GET", "/v1/user/current")

    @list_endpoint(UserSubscription, INDEX)
    def user_subscriptions(
        self, *, limit: int | None = None, offset: int | None = None, with_follow: bool | None = None
    ) -> Request:
        """The user's own subscriptions: ``GET /v1/user/subscriptions``. Auth: user.

        ``limit`` is the page size, ``offset`` an integer index; ``with_follow=True`` also
        lists free follows. Returns ``Page[`` :class:`~boosty.UserSubscription` ``]``
        (top-level ``total``/``limit``/``offset`` paging). Raises
        :class:`~boosty.Unauthorised` without a valid token.
        """
        return self._request(
            "GET",
            "/v1/user/subscriptions",
            params={"limit": limit, "offset": offset, "with_follow": with_follow},
        )

    iter_user_subscriptions = user_subscriptions.iterator()

    @endpoint(listed(Session, "data", "sessions"))
    def sessions(self) -> Request:
        """The account's logged-in devices: ``GET /v1/user/session/``. Auth: user.

        Returns ``list[`` :class:`~boosty.Session` ``]``. Raises :class:`~boosty.Unauthorised`
        without a valid token.
        """
        return self._request("GET", "/v1/user/session/")

    @endpoint(_notification_settings)
    def notification_settings(self, transports: Iterable[str] | str = NOTIFICATION_TRANSPORTS) -> Request:
        """Notification switches: ``GET /v1/notification/settings/?transports=...``. Auth: user.

        ``transports`` are any of ``"standalone"``, ``"mobile_push"``, ``"telegram"``,
        ``"mail"`` (default: all; the API answers nothing without them). Returns
        :class:`~boosty.NotificationSettings`. Raises :class:`~boosty.Unauthorised`
        without a valid token.
        """
        return self._request("GET", "/v1/notification/settings/", params={"transports": comma(transports)})

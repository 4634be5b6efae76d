"""Direct messages: the inbox, one dialog, its messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ..paging import CURSOR, TOTAL, list_endpoint
from ._parse import model

if TYPE_CHECKING:
    from ...models import Dialog, DialogWithUser, Message
else:
    from ._models import Dialog, DialogWithUser, Message


class DialogsAPI(ClientBase):
    """Dialog endpoints (user)."""

    @list_endpoint(Dialog, TOTAL)
    def dialogs(self, *, limit: int | None = None, offset: int | None = None) -> Request:
        """The user's dialogs, newest first: ``GET /v1/dialog/``. Auth: user.

        ``limit`` is the page size, ``offset`` an integer index. Returns ``Page[``
        :class:`~boosty.Dialog` ``]`` (``extra.offset`` + ``extra.total`` paging; each
        dialog's ``last_message`` has ``.text``). Raises :class:`~boosty.Unauthorised`
        without a valid token.
        """
        return self._request("GET", "/v1/dialog/", params={"limit": limit, "offset": offset})

    iter_dialogs = dialogs.iterator()

    @endpoint(model(DialogWithUser))
    def dialog_with_user(self, user_id: int) -> Request:
        """The dialog with one user, if any: ``GET /v1/dialog?user_id=`` (no slash; answers 201).

        Auth: user. Returns :class:`~boosty.DialogWithUser`: its ``id`` is ``None`` when no
        dialog exists yet, ``relation.can_write`` says whether the user may write, and
        ``messages`` holds the latest messages. Raises :class:`~boosty.Unauthorised`
        without a valid token, :class:`~boosty.NotFound` for an unknown user.
        """
        return self._request("GET", "/v1/dialog", params={"user_id": user_id})

    @list_endpoint(Message, CURSOR)
    def dialog_messages(self, dialog_id: int, *, limit: int | None = None, offset: int | None = None) -> Request:
        """Messages of a dialog, newest first: ``GET /v1/dialog/{dialog_id}/message/``. Auth: user.

        ``limit`` is the page size; ``offset`` is the id of the last message already
        received (the API's ``extra.offset``). Returns ``Page[`` :class:`~boosty.Message`
        ``]``; each message has ``.text`` and ``.to_markdown()``. Raises
        :class:`~boosty.Unauthorised` / :class:`~boosty.Forbidden` /
        :class:`~boosty.NotFound`.
        """
        return self._request("GET", "/v1/dialog/{}/message/", dialog_id, params={"limit": limit, "offset": offset})

    iter_dialog_messages = dialog_messages.iterator()

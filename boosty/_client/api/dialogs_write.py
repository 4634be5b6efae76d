"""Direct messages: open a dialog, send a message (``boosty-api.md`` §2.14)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ._extract import unwrapped
from ._write import content_json, positive_int

if TYPE_CHECKING:
    from ..._model.compose import ContentInput
    from ...models import Dialog, Message
else:
    from ._models import Dialog, Message


class DialogsWriteAPI(ClientBase):
    """Dialog writing endpoints (user)."""

    @endpoint(unwrapped(Dialog))
    def dialog_create(self, user_id: int) -> Request:
        """Open a dialog with a user: ``POST /v1/dialog/`` (trailing slash), form ``user_id``.

        Auth: user. Boosty does not open dialogs on subscription, so a bot calls this before
        writing first; for a user one already talks to, the API answers the existing dialog.
        Answers ``201``; returns the :class:`~boosty.Dialog`. Raises :class:`TypeError` /
        :class:`ValueError` for an id that is not a positive int (before any request),
        :class:`~boosty.NotFound` for an unknown user, :class:`~boosty.BadRequest` for
        oneself. Sources: BK (live-verified, 201), MG.
        """
        return self._request("POST", "/v1/dialog/", data={"user_id": str(positive_int(user_id, "user_id"))})

    @endpoint(unwrapped(Message))
    def message_send(self, dialog_id: int, content: ContentInput) -> Request:
        """Send a message: ``POST /v1/dialog/{dialog_id}/message`` (no trailing slash), form ``data``.

        Auth: a member of the dialog. ``data`` is ``content`` as a JSON array of blocks (a
        ``str`` is one literal paragraph). Returns the sent :class:`~boosty.Message`.
        Raises :class:`ValueError` for empty content, :class:`TypeError` for content of
        another type (both before any request); :class:`~boosty.NotFound` for a dialog one
        is not in. Sources disagree (``boosty-api.md`` §9.3): this follows BK, live-verified
        (200; the slashed path answers 405), and MG; RSP's slashed multipart form is not
        used. Not retried on 5xx (a message must not arrive twice).
        """
        dialog = positive_int(dialog_id, "dialog_id")
        return self._request("POST", "/v1/dialog/{}/message", dialog, data={"data": content_json(content)})

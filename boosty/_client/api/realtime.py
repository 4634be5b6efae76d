"""Realtime: live stream chat history and the websocket (Centrifugo) connection token."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..._errors import ParseError
from ..._sender._http import Request, Response
from ..base import ClientBase
from ..endpoint import endpoint
from ..paging import CURSOR, list_endpoint
from ._plain import plain_object

if TYPE_CHECKING:
    from ...models import ChatMessage
else:
    from ._models import ChatMessage


def _token(payload: Any, response: Response) -> str:
    token = plain_object(payload, response).get("token")
    if not isinstance(token, str) or not token:
        raise ParseError("expected a connection token", path="token", response=response)
    return token


class RealtimeAPI(ClientBase):
    """Stream chat and websocket endpoints."""

    @list_endpoint(ChatMessage, CURSOR)
    def stream_chat(self, blog: str, *, limit: int | None = None, offset: int | str | None = None) -> Request:
        """Recent messages of ``blog``'s live stream chat: ``GET /v1/blog/{blog}/video_stream/chat``.

        Auth: optional. ``limit`` is the page size (the API's default is 10); ``offset`` the
        cursor of a previous page (``extra.offset``). Returns ``Page[``
        :class:`~boosty.ChatMessage` ``]``; ``page.extra["isBaned"]`` tells whether
        the viewer is banned from the chat. Raises :class:`~boosty.NotFound` for an unknown
        blog.
        """
        return self._request("GET", "/v1/blog/{}/video_stream/chat", blog, params={"limit": limit, "offset": offset})

    iter_stream_chat = stream_chat.iterator()

    @endpoint(_token)
    def ws_connect_token(self) -> Request:
        """A token to connect to Boosty's websocket (Centrifugo): ``GET /v1/ws/connect``.

        Auth: optional (the token is the viewer's). Returns the token (``str``) to pass as
        the connection token at ``wss://pubsub.boosty.to/connection/websocket``. Raises
        :class:`~boosty.ParseError` for an answer without ``token``.
        """
        return self._request("GET", "/v1/ws/connect")

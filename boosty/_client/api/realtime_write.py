"""Realtime subscription tokens: ``POST /v1/ws/subscribe`` (``boosty-api.md`` §2.17)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..._errors import ParseError
from ..._sender._http import Request, Response
from ..base import ClientBase
from ..endpoint import endpoint
from ._write import IDEMPOTENT_WRITE, text

__all__ = ["RealtimeWriteAPI"]


def _channels(value: object) -> list[str]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"channels: expected an iterable of channel names, got {type(value).__name__}")
    names = [text(name, "channels") for name in value]
    if not names:
        raise ValueError("channels: at least one channel is needed")
    return list(dict.fromkeys(names))


def _tokens(payload: Any, response: Response) -> dict[str, str]:
    if isinstance(payload, dict) and isinstance(payload.get("data"), dict) and "channels" not in payload:
        payload = payload["data"]
    rows = payload.get("channels") if isinstance(payload, dict) else None
    if not isinstance(rows, list):
        raise ParseError("expected a list of channels", path="channels", response=response)
    tokens: dict[str, str] = {}
    for row in rows:
        channel, token = (row.get("channel"), row.get("token")) if isinstance(row, dict) else (None, None)
        if not isinstance(channel, str) or not isinstance(token, str):
            raise ParseError("expected {channel, token} objects", path="channels", response=response)
        tokens[channel] = token
    return tokens


class RealtimeWriteAPI(ClientBase):
    """Websocket (Centrifugo) subscription tokens."""

    @endpoint(_tokens)
    def ws_subscribe(self, client_id: str, channels: Iterable[str]) -> Request:
        """Tokens to subscribe to private channels: ``POST /v1/ws/subscribe``.

        JSON body ``{"client": client_id, "channels": [...]}``: ``client_id`` is the client
        id the websocket (``wss://pubsub.boosty.to/connection/websocket``) gave on connect;
        ``channels`` are channel names from resources (a dialog's ``wsChannel``, a stream's
        ``wsChatChannelPrivate``, ...; repeats are sent once). Sent as
        ``application/json``: DR (the only source) builds this JSON body but labels it as a
        form through its HTTP helper; a form cannot carry the channel list in the
        documented shape, so the body's own type is sent (the fake accepts both). Auth:
        user. Returns ``dict[str, str]``, channel name → subscription token (the
        ``{channels: [{channel, token}]}`` answer). It only hands out tokens, so it may be
        retried. Raises :class:`TypeError` / :class:`ValueError` for an empty client id or
        channel list, or a bare ``str`` as ``channels`` (before any request);
        :class:`~boosty.Unauthorised` anonymously; :class:`~boosty.ParseError` for another
        answer shape. Source: DR (``FetchPrivateToken``), not live-verified.
        """
        body = {"client": text(client_id, "client_id"), "channels": _channels(channels)}
        return self._request("POST", "/v1/ws/subscribe", json=body, extensions=IDEMPOTENT_WRITE)

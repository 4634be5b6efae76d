"""Realtime: the websocket (Centrifugo) connection token (``boosty-api.md`` §2.17)."""

from __future__ import annotations

import json

from .._ctx import JSON, Ctx, Routes, invalid

__all__ = ["ROUTES"]

r = Routes()
ROUTES = r.routes


@r("/v1/ws/connect")
def ws_connect(ctx: Ctx) -> JSON:
    """``GET /v1/ws/connect``: ``{token}``, a connection token naming the viewer (``anonymous`` without one)."""
    who = "anonymous" if ctx.viewer is None else str(ctx.viewer)
    return {"token": f"fake-centrifugo.{who}.{int(ctx.world.now())}"}


@r("/v1/ws/subscribe", "POST")
def ws_subscribe(ctx: Ctx) -> JSON:
    """JSON ``{client, channels}`` → ``{channels: [{channel, token}]}`` (user).

    The body is read as JSON whatever its content type (DR labels it a form). A body that
    is not an object with a non-empty ``client`` and a list of channel names → 400
    ``invalid_param``.
    """
    viewer = ctx.user()
    try:
        body = json.loads(ctx.body or b"null")
    except ValueError:
        raise invalid("body", "not JSON") from None
    client = body.get("client") if isinstance(body, dict) else None
    channels = body.get("channels") if isinstance(body, dict) else None
    if not isinstance(client, str) or not client:
        raise invalid("client", "required")
    if not isinstance(channels, list) or not channels or not all(isinstance(c, str) and c for c in channels):
        raise invalid("channels", "expected a list of channel names")
    return {"channels": [{"channel": c, "token": f"fake-sub.{viewer}.{client}.{c}"} for c in channels]}

"""Realtime: the websocket (Centrifugo) connection token (``boosty-api.md`` §2.17)."""

from __future__ import annotations

from .._ctx import JSON, Ctx, Routes

__all__ = ["ROUTES"]

r = Routes()
ROUTES = r.routes


@r("/v1/ws/connect")
def ws_connect(ctx: Ctx) -> JSON:
    """``GET /v1/ws/connect``: ``{token}``, a connection token naming the viewer (``anonymous`` without one)."""
    who = "anonymous" if ctx.viewer is None else str(ctx.viewer)
    return {"token": f"fake-centrifugo.{who}.{int(ctx.world.now())}"}

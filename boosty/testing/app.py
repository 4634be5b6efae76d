"""The fake's ASGI application: starlette routes (replay first), JSON errors, the outer layer."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ._asgi import FakeASGI
from .routes import all_routes
from .state import FakeState

__all__ = ["build_app"]

_CODES = {404: "not_found", 405: "method_not_allowed", 400: "invalid_param", 415: "invalid_content_type"}


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
    body = {"error": _CODES.get(status, "error"), "error_description": str(getattr(exc, "detail", "")) or "error"}
    return JSONResponse(body, status, headers=headers)


def build_app(state: FakeState) -> Any:
    """The whole fake as one ASGI callable (API and media origins)."""
    routes = list(state.replay.routes()) if state.replay is not None else []
    api = Starlette(routes=routes + all_routes(), exception_handlers={HTTPException: _http_error})
    api.router.redirect_slashes = False
    api.state.fake = state
    return FakeASGI(state, api)

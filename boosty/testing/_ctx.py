"""Request helpers for the fake's routes: the viewer, query parsing, form bodies, API errors."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .records import Blog
from .render import View
from .state import FakeState
from .world import World

__all__ = ["ApiError", "Ctx", "Routes", "blocks_field", "error_response", "field", "invalid", "ok"]

JSON = dict[str, Any]
_BLOG_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")


class ApiError(Exception):
    """An API error answer: ``status`` with ``{"error": error, "error_description": description}``."""

    def __init__(self, status: int, error: str, description: str = "", headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {error}")
        self.status = status
        self.error = error
        self.description = description or error
        self.headers = headers or {}


def error_response(exc: ApiError) -> Response:
    body = {"error": exc.error, "error_description": exc.description}
    return JSONResponse(body, exc.status, headers=exc.headers)


def ok(payload: Any, status: int = 200) -> Response:
    """A JSON answer."""
    return JSONResponse(payload, status)


def invalid(name: str, why: str = "invalid value") -> ApiError:
    return ApiError(400, "invalid_param", f"{name}: {why}")


class Ctx:
    """One request as the routes see it."""

    def __init__(self, request: Request, body: bytes = b"") -> None:
        self.request = request
        self.body = body
        self.state: FakeState = request.app.state.fake
        self.world: World = self.state.world
        self.viewer: int | None = request.scope.get("boosty.viewer")

    @property
    def view(self) -> View:
        return self.state.view(self.viewer)

    def path(self, name: str) -> str:
        return str(self.request.path_params[name])

    # -- query -------------------------------------------------------------------------------

    def q(self, name: str) -> str | None:
        return self.request.query_params.get(name)

    def window(self, default_limit: int = 20) -> tuple[int, int]:
        """``(limit, offset)`` of an index-paged list: ``limit`` 1..100 (``default_limit``
        when absent), ``offset`` the index of the first item (≥ 0); 400 when malformed."""
        return self.q_int("limit", default_limit, minimum=1, maximum=100), self.q_int("offset", 0, minimum=0)

    def q_int(
        self, name: str, default: int | None = None, *, minimum: int | None = None, maximum: int | None = None
    ) -> int:
        """An integer query parameter; 400 ``invalid_param`` if missing (no default) or malformed."""
        raw = self.q(name)
        if raw is None or raw == "":
            if default is None:
                raise invalid(name, "required")
            return default
        try:
            value = int(raw)
        except ValueError:
            raise invalid(name, "not an integer") from None
        if minimum is not None and value < minimum:
            raise invalid(name, f"must be >= {minimum}")
        if maximum is not None and value > maximum:
            value = maximum
        return value

    def q_opt_int(self, name: str) -> int | None:
        raw = self.q(name)
        return None if raw in (None, "") else self.q_int(name)

    def q_bool(self, name: str, default: bool = False) -> bool:
        raw = self.q(name)
        if raw is None or raw == "":
            return default
        if raw.lower() in ("true", "1"):
            return True
        if raw.lower() in ("false", "0"):
            return False
        raise invalid(name, "not a boolean")

    def q_ids(self, name: str) -> list[int]:
        raw = self.q(name)
        if not raw:
            return []
        try:
            return [int(part) for part in raw.split(",") if part.strip()]
        except ValueError:
            raise invalid(name, "not a list of integers") from None

    # -- who -----------------------------------------------------------------------------------

    def blog(self, slug: str | None = None) -> Blog:
        """The blog ``slug`` (default: the ``{blog}`` path parameter): 400 if malformed, 404 if unknown."""
        if slug is None:
            slug = self.path("blog")
        if not _BLOG_NAME.match(slug):
            raise invalid("blog_url", "malformed blog name")
        blog = self.world.blogs.get(slug)
        if blog is None:
            raise ApiError(404, "not_found", "Blog not found")
        return blog

    def user(self) -> int:
        """The viewer's user id; 401 when anonymous."""
        if self.viewer is None:
            raise ApiError(401, "unauthorized", "Authorization required")
        return self.viewer

    def owner(self, blog: Blog) -> int:
        """The viewer, who must own ``blog``: 401 anonymous, 403 for anyone else."""
        user = self.user()
        if blog.owner_id != user:
            raise ApiError(403, "forbidden", "Only the blog owner may do this")
        return user

    # -- bodies ----------------------------------------------------------------------------------

    def form(self) -> dict[str, list[str]]:
        """The form body (urlencoded or multipart) as ``{name: [values]}``; 415 for JSON bodies."""
        ctype = self.request.headers.get("content-type", "")
        body = self.body
        kind = ctype.split(";")[0].strip().lower()
        fields: dict[str, list[str]] = {}
        if kind == "application/json":
            raise ApiError(415, "invalid_content_type", "Form data expected")
        if kind == "multipart/form-data":
            message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                payload = part.get_payload(decode=True)
                if isinstance(name, str) and isinstance(payload, bytes):
                    fields.setdefault(name, []).append(payload.decode("utf-8"))
            return fields
        if body and kind not in ("", "application/x-www-form-urlencoded", "text/plain"):
            raise ApiError(415, "invalid_content_type", f"Unsupported content type {kind}")
        for key, value in parse_qsl(body.decode("utf-8"), keep_blank_values=True):
            fields.setdefault(key, []).append(value)
        return fields


def field(form: dict[str, list[str]], name: str, default: str | None = None) -> str | None:
    values = form.get(name)
    return values[-1] if values else default


def blocks_field(form: dict[str, list[str]], name: str = "data") -> list[JSON]:
    """Content blocks from a form: ``data`` (a JSON array) or multipart ``data[]`` (one JSON object each)."""
    out: list[JSON] = []
    try:
        for raw in form.get(name, []):
            value = json.loads(raw) if raw else []
            out += value if isinstance(value, list) else [value]
        for raw in form.get(f"{name}[]", []):
            value = json.loads(raw)
            out += value if isinstance(value, list) else [value]
    except ValueError:
        raise invalid(name, "not JSON") from None
    if not all(isinstance(b, dict) and isinstance(b.get("type"), str) for b in out):
        raise invalid(name, "blocks must be objects with a type")
    return out


Handler = Callable[[Ctx], Any]
H = TypeVar("H", bound=Handler)


class Routes:
    """A list of starlette routes built from plain handlers ``handler(ctx) -> JSON | Response``.

    The body is read first, then the handler runs under the world's lock (so it never
    awaits while holding it); an :class:`ApiError` becomes its JSON error answer.
    """

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def __call__(self, path: str, *methods: str, status: int = 200) -> Callable[[H], H]:
        def register(handler: H) -> H:
            async def endpoint(request: Request) -> Response:
                body = b""
                if request.method not in ("GET", "HEAD"):
                    body = await request.body()
                    request.app.state.fake.dirty = True
                ctx = Ctx(request, body)
                try:
                    with ctx.world.lock:
                        result = handler(ctx)
                except ApiError as exc:
                    return error_response(exc)
                return result if isinstance(result, Response) else ok(result, status)

            self.routes.append(Route(path, endpoint, methods=list(methods or ("GET",)), name=handler.__name__))
            return handler

        return register

"""How a client puts credentials on requests: the :class:`Auth` interface and static tokens."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from .._sender._http import Request, Response

__all__ = ["Auth", "BearerAuth", "NoAuth"]


class Auth:
    """Puts credentials on requests bound for the API origin, and only there.

    The client calls :meth:`sync_send` or :meth:`async_send` with the request and the
    sender chain's ``send``; subclasses that refresh tokens override both.
    ``api_origin`` is ``(scheme, host[:port])`` of the client's ``base_url``.
    """

    def __init__(self, api_origin: tuple[str, str]) -> None:
        self.api_origin = api_origin
        self.extra_origins: frozenset[tuple[str, str]] = frozenset()
        """Other Boosty origins that get the credentials too (the upload host)."""

    def applies_to(self, request: Request) -> bool:
        """``True`` if ``request`` goes to the API origin or one of :attr:`extra_origins`
        (credentials go nowhere else)."""
        origin = request.origin
        return origin == self.api_origin or origin in self.extra_origins

    def authorise(self, request: Request) -> Request:
        """``request`` with credentials added (default: unchanged)."""
        return request

    def sync_send(self, request: Request, send: Callable[[Request], Response]) -> Response:
        """Send ``request`` with credentials through ``send`` (blocking)."""
        return send(self.authorise(request))

    async def async_send(self, request: Request, send: Callable[[Request], Awaitable[Response]]) -> Response:
        """Send ``request`` with credentials through ``send`` (async)."""
        return await send(self.authorise(request))

    def close(self) -> None:
        """Release what the auth holds (default: nothing)."""


class NoAuth(Auth):
    """Anonymous access: public endpoints only."""


class BearerAuth(Auth):
    """A static access token sent as ``Authorization: Bearer <token>``; never refreshed."""

    def __init__(self, api_origin: tuple[str, str], token: str) -> None:
        super().__init__(api_origin)
        self._header = f"Bearer {token}"

    def authorise(self, request: Request) -> Request:
        if not self.applies_to(request):
            return request
        return request.with_headers({"Authorization": self._header})

    def __repr__(self) -> str:
        return "BearerAuth(token=***)"

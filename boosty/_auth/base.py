"""How a client puts credentials on requests: the :class:`Auth` layer and static tokens."""

from __future__ import annotations

from typing import Any

from .._flow import Flow
from .._sender._http import Request, Response
from .._sender.base import ExtendingSender, Sender

__all__ = ["Auth", "BearerAuth", "NoAuth"]


class Auth(ExtendingSender[Any]):
    """The outermost layer of a client's chain: puts credentials on requests bound for the
    API origin, and only there (as httpx applies its ``Auth``).

    ``api_origin`` is ``(scheme, host[:port])`` of the client's ``base_url``. The client
    runs :meth:`flow` first on every request (``yield from``), with its own chain below;
    used on its own, :meth:`wrap` a sender and :meth:`send` returns a
    :class:`~boosty.Response`, or a coroutine of one for an async chain. Subclasses that
    refresh tokens override :meth:`flow`.
    """

    def __init__(self, api_origin: tuple[str, str]) -> None:
        self.api_origin = api_origin
        self.extra_origins: frozenset[tuple[str, str]] = frozenset()
        """Other Boosty origins that get the credentials too (the upload host)."""

    def wrap(self, sender: Sender[Any]) -> None:
        """Send through ``sender`` when used as a sender on its own (closing stays with the caller)."""
        self.sender = sender

    def applies_to(self, request: Request) -> bool:
        """``True`` if ``request`` goes to the API origin or one of :attr:`extra_origins`
        (credentials go nowhere else) and is not marked ``extensions={"anonymous": True}``
        (sent without credentials, for routes that refuse a session)."""
        origin = request.origin
        return (origin == self.api_origin or origin in self.extra_origins) and not request.extensions.get("anonymous")

    def authorise(self, request: Request) -> Request:
        """``request`` with credentials added (default: unchanged)."""
        return request

    def flow(self, request: Request) -> Flow[Response]:
        """One exchange with credentials added where they belong."""
        response: Response = yield self.authorise(request)
        return response

    def close(self) -> None:
        """Release what the auth holds (default: nothing; the chain is the client's)."""

    async def aclose(self) -> None:
        """Release what the auth holds (default: nothing; the chain is the client's)."""
        self.close()


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

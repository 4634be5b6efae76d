"""Authentication: static tokens, refreshing credentials, token storage."""

from __future__ import annotations

from .base import Auth, BearerAuth, NoAuth

__all__: list[str] = []


def make_auth(
    api_origin: tuple[str, str],
    token: str | None,
    credentials: object | None,
    token_storage: object | None,
) -> Auth:
    """The :class:`Auth` for a client's arguments (see :class:`boosty.Boosty`)."""
    if credentials is not None or token_storage is not None:
        raise NotImplementedError("credentials and token storage arrive with the auth issue")
    if token:
        return BearerAuth(api_origin, token)
    return NoAuth(api_origin)

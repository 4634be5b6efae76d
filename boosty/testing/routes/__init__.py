"""The fake's API routes, one module per API area (``boosty-api.md`` §2)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from . import account, blogs, catalog, comments, oauth, owner, posts, search, social, uploads

__all__ = ["all_routes"]


def all_routes() -> list[BaseRoute]:
    """Every route of the seeded world, in matching order."""
    routes: list[BaseRoute] = []
    for module in (oauth, account, owner, posts, comments, blogs, catalog, search, social, uploads):
        routes += module.ROUTES
    return routes

"""The fake's API routes, one module per API area (``boosty-api.md`` §2)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from . import (
    account,
    account_writes,
    auth_phone,
    blog_writes,
    blogs,
    catalog,
    comments,
    oauth,
    owner,
    payment,
    posts,
    realtime,
    search,
    social,
    stats,
    uploads,
)

__all__ = ["all_routes"]


def all_routes() -> list[BaseRoute]:
    """Every route of the seeded world, in matching order."""
    routes: list[BaseRoute] = []
    for module in (
        oauth,
        auth_phone,
        account,
        account_writes,
        owner,
        stats,
        posts,
        comments,
        blogs,
        blog_writes,
        catalog,
        search,
        social,
        payment,
        realtime,
        uploads,
    ):
        routes += module.ROUTES
    return routes

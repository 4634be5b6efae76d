"""``boosty blog``, ``levels``, ``targets``, ``subscribers``: a blog and what hangs off it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..app import State, blog_command, limit_option
from ..output import Column
from ._fields import ID_COLUMN, attr

__all__ = ["blog", "levels", "subscribers", "targets"]

_LEVELS = (
    ID_COLUMN,
    Column("name", attr("name"), max_width=40),
    Column("price", attr("price"), justify="right"),
    Column("hidden", attr("is_hidden")),
    Column("archived", attr("is_archived")),
)

_TARGETS = (
    ID_COLUMN,
    Column("type", attr("type")),
    Column("description", attr("description"), max_width=50),
    Column("current", attr("current_sum"), justify="right"),
    Column("target", attr("target_sum"), justify="right"),
)

_SUBSCRIBERS = (
    ID_COLUMN,
    Column("name", attr("name"), max_width=30),
    Column("level", attr("level.name"), max_width=30),
    Column("price", attr("price"), justify="right"),
    Column("since", attr("on_time")),
    Column("active", attr("is_active")),
)


@blog_command()
def blog(state: State, slug: str) -> None:
    """A blog's profile: SLUG is the name in https://boosty.to/SLUG."""
    info: Any = state.client().blog(slug)
    state.output.record(
        info,
        [
            ("blog", info.blog_url),
            ("title", info.title),
            ("url", f"https://boosty.to/{info.blog_url}"),
            ("owner", attr("owner.name")(info)),
            ("posts", attr("count.posts")(info)),
            ("subscribers", attr("count.subscribers")(info)),
            ("subscribed", info.is_subscribed),
            ("owner (you)", info.is_owner),
            ("adult content", info.has_adult_content),
        ],
    )


@blog_command()
def levels(state: State, slug: str) -> None:
    """A blog's subscription levels (price in the blog currency; 0 = free follow)."""
    items = state.client().subscription_levels(slug)
    _table(state, slug, list(items), "levels", _LEVELS)


@blog_command()
def targets(state: State, slug: str) -> None:
    """A blog's fundraising and subscriber goals, with progress."""
    items = state.client().targets(slug)
    _table(state, slug, list(items), "goals", _TARGETS)


@blog_command()
@limit_option("subscribers")
def subscribers(state: State, slug: str, max_items: int | None) -> None:
    """A blog's subscribers (the blog owner's login only)."""
    state.subject = f"the subscribers of blog {slug!r}"
    items = state.client().iter_subscribers(slug, max_items=max_items)
    _table(state, slug, items, "subscribers", _SUBSCRIBERS)


def _table(state: State, slug: str, items: Iterable[Any], what: str, columns: tuple[Column, ...]) -> None:
    """``items`` of blog ``slug`` as a listing titled "``what`` of ``slug``"."""
    state.output.listing(items, list(columns), title=f"{what} of {slug}", label=what)

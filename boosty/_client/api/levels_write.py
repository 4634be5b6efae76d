"""Creating and deleting subscription levels (``boosty-api.md`` §2.7)."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from ..._sender._http import Request
from ..base import ClientBase
from ..endpoint import endpoint
from ._extract import unwrapped
from ._write import amount, content_json, flag, nothing, positive_int, text

if TYPE_CHECKING:
    from ..._model.compose import ContentInput
    from ...models import SubscriptionLevel
else:
    from ._models import SubscriptionLevel


@functools.cache
def _no_description() -> str:
    """An empty paragraph and BLOCK_END: what BL sends for a level without a description (content
    written by a user must not be empty, so this one does not go through :func:`content_json`)."""
    from ..._model.compose import BLOCK_END

    return json.dumps(
        [{"type": "text", "content": json.dumps(["", "unstyled", []]), "modificator": ""}, dict(BLOCK_END)],
        separators=(",", ":"),
    )


class LevelsWriteAPI(ClientBase):
    """Subscription level writing endpoints (blog owner)."""

    @endpoint(unwrapped(SubscriptionLevel))
    def level_create(
        self,
        blog: str,
        name: str,
        price: int | float | Decimal,
        *,
        description: ContentInput | None = None,
        subscribers_limit: int = 0,
        is_thank_msg_enabled: bool = False,
        discord_role_id: str | None = None,
        tg_group_ids: Iterable[int] | None = None,
    ) -> Request:
        """Add a level: ``POST /v1/blog/{blog}/subscription/level``. Auth: the blog owner.

        Form ``name``; ``price`` (a number ≥ 0, in the blog's currency); ``data``: the
        ``description`` as JSON blocks ending with BLOCK_END (a ``str`` is one paragraph;
        none: an empty paragraph, as BL sends); ``subscribers_limit`` (``0``: unlimited); ``is_thank_msg_enabled``;
        and, when given, ``discord_role_id`` and ``tg_group_ids`` (comma-joined). Returns
        the new :class:`~boosty.SubscriptionLevel`.

        Raises :class:`ValueError` / :class:`TypeError` for an empty name, a negative or
        non-numeric price or limit (before any request); :class:`~boosty.Forbidden` for
        anyone but the owner. Source: BL (single source).
        """
        if isinstance(subscribers_limit, bool) or not isinstance(subscribers_limit, int) or subscribers_limit < 0:
            raise ValueError(f"subscribers_limit: must be an int >= 0, got {subscribers_limit!r}")
        data = {
            "name": text(name, "name"),
            "price": amount(price, "price"),
            "subscribers_limit": str(subscribers_limit),
            "data": _no_description() if description is None else content_json(description),
            "is_thank_msg_enabled": flag(is_thank_msg_enabled, "is_thank_msg_enabled"),
        }
        if discord_role_id is not None:
            data["discord_role_id"] = text(discord_role_id, "discord_role_id")
        if tg_group_ids is not None:
            data["tg_group_ids"] = ",".join(str(positive_int(i, "tg_group_ids")) for i in tg_group_ids)
        return self._request("POST", "/v1/blog/{}/subscription/level", blog, data=data)

    @endpoint(nothing)
    def level_delete(
        self,
        blog: str,
        level_id: int,
        *,
        posts_migration_level_id: int = 0,
        subscribers_migration_level_id: int | None = None,
    ) -> Request:
        """Delete a level: ``DELETE /v1/blog/{blog}/subscription/level/{level_id}``. Auth: owner.

        Form body (on a DELETE): ``posts_migration_level_id`` (the level its posts move to;
        ``0``: free) and, when given, ``subscribers_migration_level_id``. Returns ``None``.
        Raises :class:`TypeError` / :class:`ValueError` for ids that are not positive ints
        (before any request), :class:`~boosty.Forbidden` for anyone but the owner,
        :class:`~boosty.NotFound` for an unknown level. Source: BL.
        """
        if isinstance(posts_migration_level_id, bool) or not isinstance(posts_migration_level_id, int):
            raise TypeError("posts_migration_level_id: expected an int")
        if posts_migration_level_id < 0:
            raise ValueError(f"posts_migration_level_id: must be >= 0, got {posts_migration_level_id!r}")
        data = {"posts_migration_level_id": str(posts_migration_level_id)}
        if subscribers_migration_level_id is not None:
            data["subscribers_migration_level_id"] = str(
                positive_int(subscribers_migration_level_id, "subscribers_migration_level_id")
            )
        level = positive_int(level_id, "level_id")
        return self._request("DELETE", "/v1/blog/{}/subscription/level/{}", blog, level, data=data)

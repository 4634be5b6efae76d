"""Query parameter helpers shared by the endpoint mixins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

__all__ = ["TimeInput", "comma", "unix_seconds"]

TimeInput = dt.datetime | int | float | None
"""A point in time: an aware ``datetime`` (a naive one is taken as UTC) or unix seconds."""


def unix_seconds(value: TimeInput) -> int | None:
    """``value`` as whole unix seconds; ``None`` stays ``None`` (the parameter is left out).

    A naive ``datetime`` is read as UTC. Raises :class:`TypeError` for anything else.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return int(value.timestamp())
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a datetime or unix seconds, got {type(value).__name__}")
    return int(value)


def comma(values: Iterable[object] | str | int | None) -> str | None:
    """A comma-joined list for parameters like ``level_ids=1,2`` (``None`` or empty → ``None``)."""
    if values is None:
        return None
    if isinstance(values, (str, int)):
        return str(values)
    joined = ",".join(str(v) for v in values)
    return joined or None

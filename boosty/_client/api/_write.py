"""Checks and parsers shared by the write endpoint mixins.

Every check runs while the request is built, so bad input raises before anything is sent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..._sender._http import Response
from ..._sender.retrying import IDEMPOTENT
from ..refs import resolve

if TYPE_CHECKING:
    from ..._model.compose import ContentInput
    from ...models import Comment
else:
    from ._models import Comment

__all__ = [
    "IDEMPOTENT_WRITE",
    "REACTIONS",
    "amount",
    "comment_int_id",
    "comment_ref",
    "content_json",
    "flag",
    "id_list",
    "nothing",
    "positive_int",
    "reaction_name",
    "text",
]

_REACTION_NAMES = (
    "like dislike fire heart laught laugh wonder sad angry funny check thinking clown swearing applause "
    "call-me cold eggplant blowing-up scream crown diamond melting money nausea confetti banana peach "
    "pizza love rocket splash lightning cry folded-hands"
)
REACTIONS = frozenset(_REACTION_NAMES.split(" "))
"""Reaction names the API knows (``boosty-api.md`` §4.15: both ``laught`` and ``laugh`` occur)."""

IDEMPOTENT_WRITE = {IDEMPOTENT: True}
"""Request extensions of a ``POST`` that sets a state (a reaction, a locale): repeating it is
harmless, so :class:`~boosty.RetryingSender` may retry it."""


def nothing(payload: Any, response: Response) -> None:
    """The parser of writes whose answer carries nothing the caller needs."""
    return None


def content_json(content: ContentInput) -> str:
    """:func:`boosty._model.compose.content_json` of ``content`` (the composer is imported on
    first use, not with the client): the blocks as the JSON string the API takes. Raises
    :class:`TypeError` / :class:`ValueError` for content that is not text, ``Content`` or
    blocks, or is empty."""
    from ..._model.compose import content_json as compose

    return compose(content)


def reaction_name(value: object, name: str = "reaction") -> str:
    """``value`` if it is a known reaction name; :class:`ValueError` / :class:`TypeError` otherwise."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a reaction name (str), got {type(value).__name__}")
    if value not in REACTIONS:
        raise ValueError(f"{name}: unknown reaction {value!r}; known: {', '.join(sorted(REACTIONS))}")
    return value


def amount(value: object, name: str, *, positive: bool = False) -> str:
    """A price or sum as the form value the API takes (``"300"``, ``"99.5"``).

    Takes an ``int``, ``float`` or :class:`~decimal.Decimal`. Raises :class:`TypeError` for
    anything else (a ``bool``, a ``str``) and :class:`ValueError` for a negative (or, with
    ``positive``, zero) or non-finite number.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"{name}: expected a number, got {type(value).__name__}")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
        raise ValueError(f"{name}: must be a finite number, got {value!r}")
    if number < 0 or (positive and number == 0):
        raise ValueError(f"{name}: must be {'more than' if positive else 'at least'} 0, got {value!r}")
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def positive_int(value: object, name: str) -> int:
    """``value`` if it is an ``int`` above 0 (an id); :class:`TypeError` / :class:`ValueError` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an int, got {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{name}: must be a positive id, got {value!r}")
    return value


def id_list(values: Iterable[int] | int, name: str) -> str:
    """Positive integer ids as the comma list the API takes (``"1,2"``); at least one."""
    items = [values] if isinstance(values, int) else list(values)
    if not items:
        raise ValueError(f"{name}: at least one id is needed")
    return ",".join(str(positive_int(v, name)) for v in items)


def text(value: object, name: str) -> str:
    """``value`` if it is a non-blank ``str``."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a str, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name}: must not be empty")
    return value


def flag(value: object, name: str) -> str:
    """A ``bool`` as the form value ``"true"`` / ``"false"``."""
    if not isinstance(value, bool):
        raise TypeError(f"{name}: expected a bool, got {type(value).__name__}")
    return "true" if value else "false"


def comment_ref(value: object, name: str) -> str:
    """The id (UUID) of a :class:`~boosty.Comment`, or a comment id given as ``str`` or ``int``."""
    if isinstance(value, resolve(Comment)):
        return value.id or str(value.int_id)
    if isinstance(value, str):
        return text(value, name)
    return str(positive_int(value, name))


def comment_int_id(value: object, name: str) -> int:
    """The ``int_id`` of a :class:`~boosty.Comment`, or an ``int_id`` given as ``int``."""
    if isinstance(value, resolve(Comment)):
        value = value.int_id
        if value is None:
            raise ValueError(f"{name}: the comment has no int_id")
    return positive_int(value, name)

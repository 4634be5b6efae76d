"""The viewer's saved payment methods (``GET /v1/payment/bind/list``)."""

from __future__ import annotations

from typing import Any

import attrs

from .converter import Model

__all__ = ["PaymentBinds"]


@attrs.frozen(repr=False)
class PaymentBinds(Model):
    """Saved payment cards and whether the last one may be deleted.

    ``binds`` are the API's objects as sent (plain ``dict``\\ s: sources type only their
    ``id``, a number or a string); ``allow_delete_last_bind`` comes from the answer's
    ``extra``.
    """

    binds: list[dict[str, Any]] = attrs.field(factory=list)
    allow_delete_last_bind: bool = False
    _repr_fields = ("binds", "allow_delete_last_bind")

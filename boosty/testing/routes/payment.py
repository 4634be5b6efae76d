"""The viewer's saved payment methods (``boosty-api.md`` §2.1)."""

from __future__ import annotations

from .._ctx import JSON, Ctx, Routes, invalid

__all__ = ["ROUTES"]

r = Routes()
ROUTES = r.routes


@r("/v1/payment/bind/list")
def payment_binds(ctx: Ctx) -> JSON:
    """``GET /v1/payment/bind/list`` (user): ``{data: [bind], extra: {allowDeleteLastBind}}``.

    Each user has one saved card in RUB and one deleted card in USD (``deleted=true`` lists it).
    """
    user = ctx.user()
    partner = ctx.q("payment_partner") or "advpay"
    if partner != "advpay":
        raise invalid("payment_partner", "unknown payment partner")
    cards: list[JSON] = [
        {"id": user * 10 + 1, "currency": "RUB", "paymentPartner": "advpay", "deleted": False},
        {"id": user * 10 + 2, "currency": "USD", "paymentPartner": "advpay", "deleted": True},
    ]
    if not ctx.q_bool("deleted"):
        cards = [c for c in cards if not c["deleted"]]
    currency = ctx.q("currency")
    if currency:
        cards = [c for c in cards if c["currency"] == currency]
    return {"data": cards, "extra": {"allowDeleteLastBind": False}}

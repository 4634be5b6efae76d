"""The viewer's money settings: blog currencies, saved payment methods, default currency."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..._errors import ParseError
from ..._sender._http import Request, Response
from ..base import ClientBase
from ..endpoint import endpoint
from ..refs import structure
from ._extract import dig

if TYPE_CHECKING:
    from ...models import PaymentBinds
else:
    from ._models import PaymentBinds


def _currencies(payload: Any, response: Response) -> list[str]:
    found = dig(payload, ("data", "currencies"), response)
    if found is None:
        return []
    if not isinstance(found, list) or not all(isinstance(code, str) for code in found):
        raise ParseError("expected a list of currency codes", path="data.currencies", response=response)
    return found


def _binds(payload: Any, response: Response) -> PaymentBinds:
    if not isinstance(payload, dict):
        raise ParseError(f"expected a JSON object, got {type(payload).__name__}", response=response)
    extra = payload.get("extra")
    if not isinstance(extra, dict):
        extra = {}
    raw = {"binds": payload.get("data") or [], "allowDeleteLastBind": extra.get("allowDeleteLastBind", False)}
    return structure(raw, PaymentBinds)


def _default_currency(payload: Any, response: Response) -> str:
    code = dig(payload, ("defaultCurrency",), response)
    if not isinstance(code, str):
        raise ParseError("expected a currency code", path="defaultCurrency", response=response)
    return code


class PaymentsAPI(ClientBase):
    """Currency and payment-method endpoints."""

    @endpoint(_currencies)
    def available_currencies(self) -> Request:
        """Currencies the viewer may pick for their blog:
        ``GET /v1/user/current/blog_currency/available/``. Auth: user.

        Returns a ``list[str]`` of ISO 4217 codes (``["RUB", "USD"]``). Raises
        :class:`~boosty.Unauthorised` without a token.
        """
        return self._request("GET", "/v1/user/current/blog_currency/available/")

    @endpoint(_binds)
    def payment_binds(
        self, *, payment_partner: str | None = "advpay", deleted: bool | None = None, currency: str | None = None
    ) -> Request:
        """The viewer's saved payment cards: ``GET /v1/payment/bind/list``. Auth: user.

        ``payment_partner`` (the web client sends ``"advpay"``), ``deleted`` (include
        deleted cards) and ``currency`` (an ISO 4217 code) filter the list. Returns
        :class:`~boosty.PaymentBinds`. Raises :class:`~boosty.Unauthorised` without a
        token.
        """
        params = {"payment_partner": payment_partner, "deleted": deleted, "currency": currency}
        return self._request("GET", "/v1/payment/bind/list", params=params)

    @endpoint(_default_currency)
    def default_currency(self) -> Request:
        """The currency Boosty offers a visitor by default: ``GET /v1/payment/default_currency``.

        Auth: anonymous only (with a session the API answers 400 ``bad_data``), so this
        request is sent without the client's credentials. Returns an ISO 4217 code
        (``"RUB"``). Raises :class:`~boosty.ParseError` for an answer without
        ``defaultCurrency``.
        """
        return self._request("GET", "/v1/payment/default_currency", extensions={"anonymous": True})

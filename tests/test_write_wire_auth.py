"""The last catalogue write rows, over a socket against the fake, sync and async: the SMS
sign-in (§1.7), the session probe (§2.1), websocket subscription tokens (§2.17) and the
deprecated ``POST /v1/stat/sales/`` (§2.10). Exact wire form and the value returned."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from boosty import (
    AsyncBoosty,
    AsyncSender,
    AuthError,
    BadRequest,
    Boosty,
    Credentials,
    NotFound,
    ParseError,
    RetryingSender,
    ServiceUnavailable,
    SyncSender,
    Unauthorised,
)
from boosty.testing import FakeBoosty, Fault
from boosty.testing.routes.auth_phone import SMS_CODE, phone_number

from ._wire import Wire
from .conftest import resolve

pytestmark = pytest.mark.anyio

DEVICE = "5f0c5b3e-4a1d-4a51-9c1e-3f0a9d8e7b11"


def anonymous(fake: FakeBoosty, mode: str, sender: Any) -> Boosty[Any] | AsyncBoosty:
    cls = AsyncBoosty if mode == "async" else Boosty
    return cls(base_url=fake.base_url, sender=sender)


async def test_sms_sign_in_wire_form_and_a_working_token(fake_boosty: FakeBoosty, mode: str) -> None:
    phone = phone_number(fake_boosty.user_id("subscriber"))
    wire = Wire()
    # A client holding a token does not send it with the sign-in.
    async with wire.client(fake_boosty, "owner", mode) as client:
        code = await resolve(client.phone_code_send(phone, device_id=DEVICE))
        before = time.time()
        credentials = await resolve(client.phone_code_confirm(phone, code, SMS_CODE, device_id=DEVICE))
    send, confirm = wire.sent
    assert (send.method, send.path, send.query) == ("POST", "/auth/phone/verification_code/send", {})
    assert send.form == {"device_id": DEVICE, "device_os": "web", "phone": phone}
    assert send.content_type == "application/x-www-form-urlencoded"
    assert (confirm.method, confirm.path) == ("PUT", "/auth/phone/verification_code/confirm")
    assert confirm.form == {
        "phone": phone,
        "code": code["code"],
        "sms_code": SMS_CODE,
        "device_os": "web",
        "device_id": DEVICE,
    }
    assert all("authorization" not in request.headers for request in wire.requests)
    assert isinstance(code, dict) and code["code"]
    assert isinstance(credentials, Credentials)
    assert credentials.device_id == DEVICE and credentials.can_refresh
    assert credentials.expires_at is not None
    assert before + 3590 <= credentials.expires_at <= time.time() + 3610  # expires_in 3600 s
    cls = AsyncBoosty if mode == "async" else Boosty
    async with cls(credentials=credentials, base_url=fake_boosty.base_url) as signed_in:
        me = await resolve(signed_in.current_user())
    assert me.id == fake_boosty.user_id("subscriber")


async def test_a_wrong_sms_code_can_be_entered_again(fake_boosty: FakeBoosty, mode: str) -> None:
    phone = phone_number(fake_boosty.user_id("follower"))
    async with anonymous(fake_boosty, mode, None) as client:
        code = await resolve(client.phone_code_send(phone, device_id=DEVICE))
        with pytest.raises(BadRequest) as refused:
            await resolve(client.phone_code_confirm(phone, code["code"], "000000", device_id=DEVICE))
        assert refused.value.error == "invalid_sms_code"
        credentials = await resolve(client.phone_code_confirm(phone, code["code"], SMS_CODE, device_id=DEVICE))
        assert credentials.access_token
        with pytest.raises(BadRequest) as stale:  # a code for another device
            await resolve(client.phone_code_confirm(phone, code, SMS_CODE, device_id="other-device"))
        assert stale.value.error == "invalid_param"
        with pytest.raises(BadRequest, match="phone"):  # nobody has this phone
            await resolve(client.phone_code_send("+70000000001", device_id=DEVICE))


def retrying(mode: str) -> RetryingSender:
    return RetryingSender(3, AsyncSender() if mode == "async" else SyncSender(), backoff_base=0.0)


async def test_sign_in_meeting_503_is_sent_once(fake_boosty: FakeBoosty, mode: str) -> None:
    phone = phone_number(fake_boosty.user_id("subscriber"))
    fake_boosty.inject(Fault.status(503), path="/auth/phone/*")
    async with anonymous(fake_boosty, mode, retrying(mode)) as client:
        with pytest.raises(ServiceUnavailable):
            await resolve(client.phone_code_send(phone, device_id=DEVICE))
        with pytest.raises(ServiceUnavailable):  # a PUT, but a code is single-use: not retried
            await resolve(client.phone_code_confirm(phone, "c0de", SMS_CODE, device_id=DEVICE))
    assert [(r.method, r.path) for r in fake_boosty.requests] == [
        ("POST", "/auth/phone/verification_code/send"),
        ("PUT", "/auth/phone/verification_code/confirm"),
    ]


async def test_session_check(fake_boosty: FakeBoosty, mode: str) -> None:
    wire = Wire()
    async with wire.client(fake_boosty, "follower", mode) as client:
        assert await resolve(client.session_check()) is True
    [sent] = wire.sent
    assert (sent.method, sent.path, sent.query, sent.form) == ("POST", "/v1/notification/settings", {}, {})
    assert wire.requests[0].content == b""
    async with anonymous(fake_boosty, mode, None) as client:
        assert await resolve(client.session_check()) is False
    async with fake_boosty.client("owner", asynchronous=mode == "async") as client:
        fake_boosty.expire_access_tokens()
        fake_boosty.clear_requests()
        assert await resolve(client.session_check(timeout=5)) is False
    assert len(fake_boosty.requests) == 1  # a static token cannot be renewed: asked once


async def test_session_check_retries_and_raises_server_errors(fake_boosty: FakeBoosty, mode: str) -> None:
    fake_boosty.inject(Fault.status(503), path="/v1/notification/settings", count=1)
    async with fake_boosty.client("owner", asynchronous=mode == "async", sender=retrying(mode)) as client:
        assert await resolve(client.session_check()) is True  # no effect: retried
        fake_boosty.inject(Fault.status(503), path="/v1/notification/settings")
        with pytest.raises(ServiceUnavailable):
            await resolve(client.session_check())


async def test_ws_subscribe_wire_form_and_tokens(fake_boosty: FakeBoosty, mode: str) -> None:
    wire = Wire()
    viewer = fake_boosty.user_id("subscriber")
    channels = ["dialog:1", "stream-chat-private:demo", "dialog:1"]
    async with wire.client(fake_boosty, "subscriber", mode) as client:
        tokens = await resolve(client.ws_subscribe("client-uuid", iter(channels)))
    [request] = wire.requests
    assert (request.method, request.url.path) == ("POST", "/v1/ws/subscribe")
    assert request.headers["content-type"] == "application/json"
    sent = json.loads(request.content)
    assert sent == {"client": "client-uuid", "channels": ["dialog:1", "stream-chat-private:demo"]}
    assert tokens == {
        "dialog:1": f"fake-sub.{viewer}.client-uuid.dialog:1",
        "stream-chat-private:demo": f"fake-sub.{viewer}.client-uuid.stream-chat-private:demo",
    }
    async with anonymous(fake_boosty, mode, None) as client:
        with pytest.raises(Unauthorised):
            await resolve(client.ws_subscribe("client-uuid", ["dialog:1"]))


async def test_the_fake_reads_dr_s_form_labelled_json(fake_boosty: FakeBoosty, mode: str) -> None:
    body = json.dumps({"client": "c", "channels": ["a"]}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    async with fake_boosty.client("owner", asynchronous=mode == "async") as client:
        response = await resolve(client.request("POST", "/v1/ws/subscribe", content=body, headers=headers))
        assert response.json()["channels"][0]["channel"] == "a"
        with pytest.raises(BadRequest, match="channels"):
            await resolve(client.request("POST", "/v1/ws/subscribe", json={"client": "c", "channels": "a"}))


async def test_stat_sales_wire_form(fake_boosty: FakeBoosty, mode: str) -> None:
    wire = Wire()
    async with wire.client(fake_boosty, "owner", mode) as client:
        with pytest.raises(NotFound, match="Category disabled"):
            await resolve(client.stat_sales("donation", limit=20, offset=0, period="month"))
        with pytest.raises(NotFound):
            await resolve(client.stat_sales())
    first, second = wire.sent
    assert (first.method, first.path) == ("POST", "/v1/stat/sales/")
    assert first.form == {"type": "donation", "limit": "20", "offset": "0", "period": "month"}
    assert first.content_type == "application/x-www-form-urlencoded"
    assert second.form == {"type": "all"}


async def test_stat_sales_answer_is_the_json_object(mode: str) -> None:
    import respx

    cls = AsyncBoosty if mode == "async" else Boosty
    with respx.mock(base_url="https://api.boosty.to") as mock:
        route = mock.post("/v1/stat/sales/").respond(json={"data": {"total": 3, "sales": []}})
        async with cls("t") as client:
            assert await resolve(client.stat_sales("all")) == {"total": 3, "sales": []}
        assert route.calls.last.request.content == b"type=all"


async def test_session_check_renews_an_expired_session_first(fake_boosty: FakeBoosty, mode: str) -> None:
    issued = fake_boosty.issue_tokens("subscriber")
    credentials = Credentials(issued["access_token"], issued["refresh_token"], issued["device_id"])
    cls = AsyncBoosty if mode == "async" else Boosty
    async with cls(credentials=credentials, base_url=fake_boosty.base_url) as client:
        fake_boosty.expire_access_tokens()
        assert await resolve(client.session_check()) is True
        assert fake_boosty.refresh_count == 1
        probes = [(r.path, r.status) for r in fake_boosty.requests if r.path != "/oauth/token/"]
        assert probes == [("/v1/notification/settings", 401), ("/v1/notification/settings", 200)]
        fake_boosty.expire_access_tokens()
        fake_boosty.revoke_refresh_tokens()
        with pytest.raises(AuthError):
            await resolve(client.session_check())


PHONE = "+79001234567"
SEND, CONFIRM = "/auth/phone/verification_code/send", "/auth/phone/verification_code/confirm"


def send(c: Any) -> Any:
    return c.phone_code_send(PHONE, device_id="d")


def confirm(c: Any) -> Any:
    return c.phone_code_confirm(PHONE, "c", "1", device_id="d")


def subscribe(c: Any) -> Any:
    return c.ws_subscribe("c", ["a"])


ODD_ANSWERS: list[tuple[str, str, str, Any, Callable[[Any], Any]]] = [
    ("no phoneCode", "POST", SEND, {"data": {}}, send),
    ("empty code", "POST", SEND, {"data": {"phoneCode": {"code": ""}}}, send),
    ("token pair a list", "PUT", CONFIRM, [], confirm),
    ("no access token", "PUT", CONFIRM, {"refresh_token": "r"}, confirm),
    ("no channels", "POST", "/v1/ws/subscribe", {"data": {}}, subscribe),
    ("a row without token", "POST", "/v1/ws/subscribe", {"channels": [{"channel": "a"}]}, subscribe),
]


@pytest.mark.parametrize(("name", "method", "path", "answer", "call"), ODD_ANSWERS, ids=[a[0] for a in ODD_ANSWERS])
async def test_an_odd_answer_is_a_parse_error(
    mode: str, name: str, method: str, path: str, answer: Any, call: Callable[[Any], Any]
) -> None:
    import respx

    cls = AsyncBoosty if mode == "async" else Boosty
    with respx.mock(base_url="https://api.boosty.to") as mock:
        mock.route(method=method, path=path).respond(json=answer)
        async with cls("t") as client:
            with pytest.raises(ParseError):
                await resolve(call(client))


async def test_tolerated_answers(mode: str) -> None:
    import respx

    cls = AsyncBoosty if mode == "async" else Boosty
    with respx.mock(base_url="https://api.boosty.to") as mock:
        mock.post("/v1/ws/subscribe").respond(json={"data": {"channels": [{"channel": "a", "token": "t"}]}})
        mock.put(CONFIRM).respond(json={"access_token": "a", "expires_in": "soon"})
        async with cls("t") as client:
            assert await resolve(subscribe(client)) == {"a": "t"}
            credentials = await resolve(confirm(client))
    assert credentials.to_dict() == {"access_token": "a", "refresh_token": "", "device_id": "d", "expires_at": None}


async def test_the_fake_refuses_malformed_sign_ins_and_subscriptions(fake_boosty: FakeBoosty, mode: str) -> None:
    phone = phone_number(fake_boosty.user_id("owner"))
    async with fake_boosty.client("owner", asynchronous=mode == "async") as client:
        for form, why in [
            ({"phone": phone, "device_os": "web"}, "device_id"),
            ({"phone": phone, "device_os": "ios", "device_id": "d"}, "device_os"),
        ]:
            with pytest.raises(BadRequest, match=why):
                await resolve(client.request("POST", SEND, data=form))
        for body, why in [(b"{", "not JSON"), (b'{"channels": ["a"]}', "client")]:
            headers = {"Content-Type": "application/json"}
            with pytest.raises(BadRequest, match=why):
                await resolve(client.request("POST", "/v1/ws/subscribe", content=body, headers=headers))

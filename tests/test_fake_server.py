"""The fake Boosty server itself: lifecycle, routes, API errors, owner checks, request log, CLI."""

from __future__ import annotations

import gc
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator

import httpx
import pytest

from boosty.testing import FakeBoosty


@pytest.fixture(scope="module")
def http(fake_boosty_server: FakeBoosty) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake_boosty_server.base_url) as client:
        yield client


def bearer(fake: FakeBoosty, user: str = "owner") -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.issue_tokens(user)['access_token']}"}


def test_start_and_stop_leave_no_thread_and_no_listening_socket() -> None:
    before = {t.name for t in threading.enumerate()}
    fake = FakeBoosty(seed=3)
    with fake:
        url = fake.base_url
        assert url.startswith("http://127.0.0.1:") and fake.media_url != url
        assert httpx.get(f"{url}/v1/blog/demo").json()["blogUrl"] == "demo"
        assert fake.running
    assert not fake.running
    assert {t.name for t in threading.enumerate()} == before
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/v1/blog/demo")
    with pytest.raises(RuntimeError, match="not started"):
        _ = fake.base_url
    fake.stop()  # idempotent


def test_failed_start_closes_what_it_bound() -> None:
    before = {t.name for t in threading.enumerate()}
    with socket.socket() as busy, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        fake = FakeBoosty(media_port=busy.getsockname()[1])  # the API socket binds, the media one cannot
        with pytest.raises(OSError):
            fake.start()
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
    assert not fake.running and {t.name for t in threading.enumerate()} == before
    with pytest.raises(RuntimeError, match="not started"):
        _ = fake.base_url


def test_same_seed_same_world_other_seed_other_ids() -> None:
    a, b, c = FakeBoosty(seed=1), FakeBoosty(seed=1), FakeBoosty(seed=2)
    ids_a = sorted(a.world.posts)
    assert ids_a == sorted(b.world.posts)
    assert len(ids_a) == len(c.world.posts)
    assert a.media_sha256(next(iter(a.world.media))) == b.media_sha256(next(iter(b.world.media)))


def test_seeded_world_has_blogs_users_and_every_block_type(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    assert {"demo", "cooking", "music"} <= set(fake_boosty.world.blogs)
    kinds = {b["type"] for p in fake_boosty.posts("demo") for b in p["data"]}
    expected = {"text", "header", "link", "image", "video", "ok_video", "audio_file", "file", "smile", "list"}
    assert expected <= kinds
    assert kinds - expected == {"hologram_message"}
    assert fake_boosty.user_id("owner") == http.get("/v1/blog/demo").json()["owner"]["id"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "error"),
    [
        ("GET", "/v1/blog/no_such_blog", {}, 404, "not_found"),
        ("GET", "/v1/blog/no_such_blog/post/", {}, 404, "not_found"),
        ("GET", "/v1/blog/someone@example.com/post/", {}, 400, "invalid_param"),
        ("GET", "/v1/blog/demo/post/no-such-post", {}, 404, "not_found"),
        ("GET", "/v1/blog/demo/subscribers/", {}, 404, "not_found"),
        ("GET", "/v1/blog/demo/post/?limit=0", {}, 400, "invalid_param"),
        ("GET", "/v1/blog/demo/post/?limit=ten", {}, 400, "invalid_param"),
        ("GET", "/v1/blog/demo/post/?offset=not-a-cursor", {}, 400, "invalid_param"),
        ("GET", "/v1/search/blog/post/?blog_url=demo&search_query=x", {}, 400, "invalid_param"),
        ("GET", "/v1/blog/demo/media_album/?limit_by=media", {}, 400, "invalid_param"),
        ("GET", "/v1/blog/demo/media_album/?type=ok_video&limit_by=media", {}, 400, "invalid_param"),
        ("GET", "/v1/blog/demo/media_album/?type=all", {}, 400, "invalid_param"),
        ("GET", "/v1/no/such/route", {}, 404, "not_found"),
    ],
)
def test_bad_requests_get_the_api_errors(
    http: httpx.Client, method: str, path: str, kwargs: dict[str, object], status: int, error: str
) -> None:
    response = http.request(method, path)
    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["error_description"]


def test_comment_replies_by_uuid_and_message_post_with_slash_and_json_bodies(
    fake_boosty: FakeBoosty, http: httpx.Client
) -> None:
    auth = bearer(fake_boosty)
    post_id = fake_boosty.posts()[9]["id"]
    response = http.get(f"/v1/blog/demo/post/{post_id}/comment/", params={"parent_id": "0fbc94a3-uuid"})
    assert (response.status_code, response.json()["error"]) == (400, "invalid_param")
    response = http.post("/v1/dialog/3300001/message/", data={"data": "[]"}, headers=auth)
    assert response.status_code == 405
    response = http.post(f"/v1/blog/demo/post/{post_id}/comment/", json={"data": []}, headers=auth)
    assert (response.status_code, response.json()["error"]) == (415, "invalid_content_type")
    response = http.post("/v1/stat/sales/", json={"type": "all"}, headers=auth)
    assert response.status_code == 415


OWNER_ONLY = [
    "/v1/blog/demo/subscribers",
    "/v1/blacklist/?blog_url=demo",
    "/v1/blog/demo/unsubscribe_reasons/",
    "/v1/blog/demo/subscription/level/1002",
    "/v1/blog/demo/sales/donation/",
    "/v1/blog/demo/sales/post/",
    "/v1/blog/demo/sales/bundle/",
    "/v1/blog/demo/sales/hold/",
    "/v1/blog/demo/payout/",
    "/v1/blog/demo/payout/history/",
    "/v1/blog/stat/demo/current",
    "/v1/blog/stat/demo/metrics?from=0",
    "/v1/blog/demo/stat/data",
    "/v1/blog/stat/demo/events",
    "/v1/blog/stat/demo/visits?order=gt",
    "/v1/blog/referral/demo/stat/",
    "/v1/blog/stat/demo/csv/donations",
]


@pytest.mark.parametrize("path", OWNER_ONLY)
def test_owner_only_endpoints(fake_boosty: FakeBoosty, http: httpx.Client, path: str) -> None:
    assert http.get(path).status_code == 401
    assert http.get(path, headers=bearer(fake_boosty, "subscriber")).status_code == 403
    response = http.get(path, headers=bearer(fake_boosty, "owner"))
    assert response.status_code == 200, response.text
    assert isinstance(response.json(), dict)


READS = [
    ("/v1/user/current", 200),
    ("/v1/user/subscriptions?with_follow=true", 200),
    ("/v1/user/session/", 200),
    ("/v1/notification/settings/?transports=mail,telegram", 200),
    ("/v1/user/current/blog_currency/available/", 200),
    ("/v1/blog/demo", 200),
    ("/v1/blog/demo/poll/101", 200),
    ("/v1/blog/demo/poll/101/vote/?option=1", 200),
    ("/v1/blog/demo/video_stream", 200),
    ("/v1/blog/music/video_stream", 204),
    ("/v1/blog/demo/video_stream/chat", 200),
    ("/v1/blog/demo/post/", 200),
    ("/v1/feed/post/", 200),
    ("/v1/blog/demo/media_album/?type=image&limit_by=media", 200),
    ("/v1/search/feed/post/?search_query=demo&limit=5", 200),
    ("/v1/search/blog/post/?blog_url=demo&search_query=release&limit=5", 200),
    ("/v1/search/blog/?search_query=d&limit=5", 200),
    ("/v1/search/blog/suggest/?search_query=d&limit=5", 200),
    ("/v1/search/feed/tag/?search_query=de&limit=5", 200),
    ("/v1/blog/demo/subscription_level/", 200),
    ("/v1/target/demo/", 200),
    ("/v1/target/600101", 200),
    ("/v1/blog/demo/showcase/", 200),
    ("/v1/blog/demo/bundle/", 200),
    ("/v1/dialog/", 200),
    ("/v1/dialog?user_id=500001", 201),
    ("/v1/dialog/3300001/message/", 200),
    ("/v1/notification/standalone/event/", 200),
    ("/v1/payout/methods", 200),
    ("/v1/blog/demo/post/paid/by_date?from=0&to=2000000000", 200),
    ("/v1/blog/stat/demo/payments/analytics?order=lt", 200),
    ("/v1/blog/referral/demo/user/", 200),
    ("/v1/blog/stat/demo/search?chunk=fan", 200),
    ("/v1/blog/stat/demo/csv/payouts/info", 200),
]


@pytest.mark.parametrize(("path", "status"), READS)
def test_read_endpoints_answer(fake_boosty: FakeBoosty, http: httpx.Client, path: str, status: int) -> None:
    response = http.get(path, headers=bearer(fake_boosty, "owner"))
    assert response.status_code == status, response.text
    if status != 204:
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()


def test_endpoints_with_required_parameters(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    auth = bearer(fake_boosty)
    assert http.get("/v1/blog/stat/demo/metrics", headers=auth).status_code == 400
    assert http.get("/v1/blog/stat/demo/visits", headers=auth).status_code == 400
    assert http.get("/v1/blog/stat/demo/visits?order=gt&period=year", headers=auth).status_code == 400
    assert http.get("/v1/blog/demo/post/paid/by_date?from=1", headers=auth).status_code == 400
    assert http.get("/v1/blog/stat/demo/search?chunk=ab", headers=auth).status_code == 400
    assert http.get("/v1/blog/stat/demo/csv/everything", headers=auth).status_code == 400
    assert http.get("/v1/blog/demo/sales/donation/?type=gift", headers=auth).status_code == 400
    assert http.get("/v1/dialog", headers=auth).status_code == 400
    assert http.get("/v1/payment/default_currency").json() == {"defaultCurrency": "RUB"}
    assert http.get("/v1/payment/default_currency", headers=auth).json()["error"] == "bad_data"


def test_request_log_keeps_no_secrets(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    tokens = fake_boosty.issue_tokens("subscriber")
    fake_boosty.clear_requests()
    http.get("/v1/blog/demo/post/", params={"limit": 3}, headers={"Authorization": f"Bearer {tokens['access_token']}"})
    http.get("/v1/blog/demo", headers={"Cookie": "auth=secret-cookie"})
    http.post(
        "/oauth/token/",
        data={"device_id": tokens["device_id"], "device_os": "web", "grant_type": "refresh_token",
              "refresh_token": tokens["refresh_token"]},
    )  # fmt: skip
    first, second, third = fake_boosty.requests
    assert (first.method, first.path, first.query, first.status) == ("GET", "/v1/blog/demo/post/", {"limit": "3"}, 200)
    assert first.authorized and first.user_id == fake_boosty.user_id("subscriber")
    assert first.headers["authorization"] == "[redacted]"
    assert not second.authorized and second.user_id is None and second.headers["cookie"] == "[redacted]"
    assert third.status == 200
    dumped = repr(fake_boosty.requests)
    for secret in (tokens["access_token"], tokens["refresh_token"], "secret-cookie"):
        assert secret not in dumped
    fake_boosty.clear_requests()
    assert fake_boosty.requests == []


def test_reset_restores_the_seeded_world(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    before = http.get("/v1/blog/demo/post/", params={"limit": 5}).json()
    fake_boosty.add_post("demo", title="Temporary")
    fake_boosty.advance_time(10)
    assert http.get("/v1/blog/demo/post/", params={"limit": 1}).json()["data"][0]["title"] == "Temporary"
    fake_boosty.reset()
    after = http.get("/v1/blog/demo/post/", params={"limit": 5}).json()
    strip = [{k: v for k, v in p.items() if k != "signedQuery"} for p in before["data"]]
    assert [{k: v for k, v in p.items() if k != "signedQuery"} for p in after["data"]] == strip
    assert fake_boosty.requests[-1].path == "/v1/blog/demo/post/" and len(fake_boosty.requests) == 1


def test_command_line_serves_until_interrupted() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "boosty.testing", "--port", "0", "--seed", "5"]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = line.split(" on ", 1)[1].split()[0]
        assert json.loads(httpx.get(f"{url}/v1/blog/demo").text)["blogUrl"] == "demo"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0


def test_plugin_and_package_import_without_starlette_or_uvicorn() -> None:
    code = (
        "import sys\n"
        "sys.modules.update(starlette=None, uvicorn=None)\n"
        "import boosty.testing.plugin\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('boosty.testing'))\n"
        "assert loaded == ['boosty.testing', 'boosty.testing.plugin'], loaded  # what pytest pays at start\n"
        "from boosty.testing import FakeBoosty\n"
        "fake = FakeBoosty()\n"
        "assert fake.posts('demo')\n"
        "try:\n"
        "    fake.start()\n"
        "except ImportError as exc:\n"
        "    print('refused:', exc)\n"
        "assert not [m for m in sys.modules if m.startswith(('starlette.', 'uvicorn.'))]\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "refused: the fake Boosty server needs the testing extra" in done.stdout


def _listed(path: str, body: dict[str, object]) -> list[object]:
    data = body["data"]
    if isinstance(data, dict):
        (rows,) = data.values()  # the one list of a ``{data: {key: [...]}}`` answer
        assert isinstance(rows, list)
        return rows
    assert isinstance(data, list), path
    return data


@pytest.mark.usefixtures("fake_boosty")  # the seeded world: no post an earlier test scheduled
@pytest.mark.parametrize(
    "path",
    [
        "/v1/dialog/",
        "/v1/blog/demo/unsubscribe_reasons/",
        "/v1/blog/demo/bundle/00005eed-0000-4000-8000-00000000032e/post/",
        "/v1/blog/demo/poll/101/vote/",
    ],
)
def test_index_paged_routes_cut_the_window_the_query_asks_for(
    fake_boosty_server: FakeBoosty, http: httpx.Client, path: str
) -> None:
    auth = bearer(fake_boosty_server)
    whole = _listed(path, http.get(path, params={"limit": 100}, headers=auth).json())
    assert len(whole) >= 4
    assert _listed(path, http.get(path, params={"limit": 500}, headers=auth).json()) == whole  # clamped to 100
    body = http.get(path, params={"limit": 2, "offset": 1}, headers=auth).json()
    assert _listed(path, body) == whole[1:3]
    assert int(body["extra"]["offset"]) == 3
    last = http.get(path, params={"offset": len(whole) - 1}, headers=auth).json()
    assert _listed(path, last) == whole[-1:]
    for bad in ({"limit": 0}, {"offset": -1}, {"limit": "two"}):
        answer = http.get(path, params=bad, headers=auth)
        assert (answer.status_code, answer.json()["error"]) == (400, "invalid_param"), bad

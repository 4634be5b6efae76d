"""Fault injection on the fake: statuses, HTML pages, 429, delays, drops, truncation, bad JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import httpx
import pytest

from boosty.testing import FakeBoosty, Fault


@pytest.fixture(scope="module")
def http(fake_boosty_server: FakeBoosty) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake_boosty_server.base_url) as client:
        yield client


def test_status_burst_with_a_count(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    rule = fake_boosty.inject(Fault.status(503, retry_after=1), path="/v1/blog/*", count=2)
    answers = [http.get("/v1/blog/demo") for _ in range(3)]
    assert [a.status_code for a in answers] == [503, 503, 200]
    assert answers[0].headers["retry-after"] == "1"
    assert answers[0].json()["error"] == "internal"
    assert (rule.injected, rule.exhausted, fake_boosty.faults_injected) == (2, True, 2)
    assert [r.fault for r in fake_boosty.requests] == ["status", "status", None]


def test_html_gateway_pages(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    fake_boosty.inject(Fault.html(502), count=1)
    fake_boosty.inject(Fault.status(504, html=True), count=1)
    bad_gateway, timeout = http.get("/v1/blog/demo"), http.get("/v1/blog/demo")
    assert bad_gateway.status_code == 502 and bad_gateway.headers["content-type"] == "text/html"
    assert bad_gateway.text.startswith("<html>\r\n<head><title>502 Bad Gateway</title></head>")
    assert timeout.status_code == 504 and "504 Gateway Time-out" in timeout.text


def test_rate_limit_with_seconds_or_an_http_date(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    when = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    fake_boosty.inject(Fault.rate_limit(2), count=1)
    fake_boosty.inject(Fault.rate_limit(when), count=1)
    fake_boosty.inject(Fault.rate_limit(when + timedelta(hours=1)), method="POST", count=1)
    seconds, date = http.get("/v1/blog/demo"), http.get("/v1/blog/demo")
    assert (seconds.status_code, seconds.headers["retry-after"]) == (429, "2")
    assert date.status_code == 429 and parsedate_to_datetime(date.headers["retry-after"]) == when
    assert http.get("/v1/blog/demo").status_code == 200  # the POST-only rule did not match a GET


def test_delay_then_normal_answer(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    fake_boosty.inject(Fault.delay(0.5), path="/v1/blog/demo", count=1)
    with pytest.raises(httpx.ReadTimeout):
        http.get("/v1/blog/demo", timeout=0.1)
    fake_boosty.inject(Fault.delay(0.01), path="/v1/blog/demo", count=1)
    assert http.get("/v1/blog/demo").json()["blogUrl"] == "demo"
    assert fake_boosty.faults_by_kind == {"delay": 2}


def test_dropped_connection(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    fake_boosty.inject(Fault.drop(), path="/v1/blog/demo/post/", count=1)
    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        http.get("/v1/blog/demo/post/")
    assert http.get("/v1/blog/demo/post/", params={"limit": 1}).status_code == 200
    assert fake_boosty.requests[0].status is None and fake_boosty.requests[0].fault == "drop"


def test_truncated_json_body(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    fake_boosty.inject(Fault.truncate(after=50), path="/v1/blog/demo", count=1)
    with pytest.raises(httpx.RemoteProtocolError, match="received 50 bytes"):
        http.get("/v1/blog/demo")
    assert http.get("/v1/blog/demo").status_code == 200


def test_truncated_media_then_resume_with_range(fake_boosty: FakeBoosty) -> None:
    post = next(p for p in fake_boosty.posts() if p["title"] == "Every block type")
    audio = next(b for b in post["data"] if b["type"] == "audio_file")
    url = audio["url"] + post["signedQuery"]
    fake_boosty.inject(Fault.truncate(after=100_000), path="/audio/*", count=1)
    received = bytearray()
    with httpx.Client() as media, pytest.raises(httpx.RemoteProtocolError), media.stream("GET", url) as response:
        assert int(response.headers["content-length"]) == audio["size"]
        for chunk in response.iter_bytes():
            received += chunk
    assert len(received) == 100_000
    with httpx.Client() as media:
        rest = media.get(url, headers={"Range": f"bytes={len(received)}-"})
    assert rest.status_code == 206
    assert bytes(received) + rest.content == fake_boosty.media_bytes(audio["id"])


def test_invalid_json(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    fake_boosty.inject(Fault.invalid_json(), count=1)
    response = http.get("/v1/blog/demo")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_probability_is_seeded_and_repeatable(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    def pattern() -> list[int]:
        fake_boosty.clear_faults()
        fake_boosty.inject(Fault.status(500), probability=0.5, seed=7)
        return [http.get("/v1/blog/demo/subscription_level/").status_code for _ in range(20)]

    first, second = pattern(), pattern()
    assert first == second
    assert 0 < first.count(500) < 20 and set(first) == {200, 500}
    assert fake_boosty.faults_injected == 2 * first.count(500)
    fake_boosty.clear_faults()
    assert http.get("/v1/blog/demo").status_code == 200


def test_first_matching_rule_wins_and_globs_match_paths(fake_boosty: FakeBoosty, http: httpx.Client) -> None:
    fake_boosty.inject(Fault.status(500), origin="media")
    avatar = http.get("/v1/blog/demo").json()["owner"]["avatarUrl"]
    assert http.get(avatar).status_code == 500
    fake_boosty.clear_faults()
    fake_boosty.inject(Fault.status(500), path="/v1/target/*", count=1)
    fake_boosty.inject(Fault.status(503), count=1)
    assert http.get("/v1/blog/demo").status_code == 503
    assert http.get("/v1/target/demo/").status_code == 500
    assert http.get("/v1/target/demo/").status_code == 200

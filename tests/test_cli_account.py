"""``boosty login`` / ``whoami`` / ``logout``: cookies in, a 0600 credentials file, and back out."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import respx

from boosty.testing import FakeBoosty

from ._cli import Run, make_runner, one_line_error

API = "https://api.boosty.to"

ACCESS = "acc-SECRET-1111"
REFRESH = "ref-SECRET-2222"
DEVICE = "dev-SECRET-3333"
USER = {"id": 99, "name": "Reader", "email": "reader@example.org", "blogUrl": "reader"}


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    return make_runner(tmp_path, monkeypatch)


def auth_cookie(expires_in: float = 3600) -> str:
    payload = {"accessToken": ACCESS, "refreshToken": REFRESH, "expiresAt": int((time.time() + expires_in) * 1000)}
    return quote(json.dumps(payload))


def test_login_whoami_logout(run: Run, tmp_path: Path) -> None:
    creds = tmp_path / "creds.json"
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        me = mock.get("/v1/user/current").respond(json=USER)
        login = run("login", "--auth", auth_cookie(), "--client-id", DEVICE)
        assert login.exit_code == 0, login.output
        assert "signed in as Reader" in login.stderr
        assert stat.S_IMODE(creds.stat().st_mode) == 0o600
        stored = json.loads(creds.read_text())
        assert stored["access_token"] == ACCESS and stored["device_id"] == DEVICE

        who = run("--json", "whoami")
        assert who.exit_code == 0, who.output
        assert json.loads(who.stdout)["name"] == "Reader"
        assert me.calls.last.request.headers["Authorization"] == f"Bearer {ACCESS}"

        table = run("whoami")
        assert "Reader" in table.stdout and "reader@example.org" in table.stdout

    for result in (login, who, table):
        for secret in (ACCESS, REFRESH, DEVICE):
            assert secret not in result.output

    out = run("logout")
    assert out.exit_code == 0 and "signed out" in out.stderr
    assert not creds.exists()
    after = run("whoami")
    assert after.exit_code == 3
    assert "boosty login" in one_line_error(after)


def test_login_prompts_for_missing_cookies(run: Run, tmp_path: Path) -> None:
    result = run("login", "--no-check", stdin=f"{auth_cookie()}\n{DEVICE}\n")
    assert result.exit_code == 0, result.output
    assert "auth" in result.stderr and "_clientId" in result.stderr
    assert ACCESS not in result.output  # the auth cookie prompt does not echo
    assert json.loads((tmp_path / "creds.json").read_text())["refresh_token"] == REFRESH


def test_login_from_environment(run: Run, tmp_path: Path) -> None:
    result = run("login", "--no-check", BOOSTY_AUTH_COOKIE=auth_cookie(), BOOSTY_CLIENT_ID=DEVICE)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "creds.json").exists()


def test_rejected_cookies_are_not_kept(run: Run, tmp_path: Path) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/user/current").respond(401, json={"error": "unauthorized"})
        # The refresh the client tries after the 401 is refused too.
        mock.post("/oauth/token/").respond(401, json={"error": "invalid_grant"})
        result = run("login", "--auth", auth_cookie(), "--client-id", DEVICE)
    assert result.exit_code == 3
    assert "rejected" in one_line_error(result)
    assert not (tmp_path / "creds.json").exists()
    assert REFRESH not in result.output and ACCESS not in result.output


def test_malformed_cookie_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("login", "--auth", "accessToken-SECRET-garbage", "--client-id", DEVICE)
    assert result.exit_code == 2
    assert "auth" in one_line_error(result)
    assert "SECRET" not in result.output
    assert not (tmp_path / "creds.json").exists()


def test_corrupt_credentials_file_is_one_line(run: Run, tmp_path: Path) -> None:
    (tmp_path / "creds.json").write_text('{"access_token": ')
    result = run("whoami")
    assert result.exit_code == 1
    line = one_line_error(result)
    assert "corrupt" in line and str(tmp_path / "creds.json") in line


def test_logout_when_signed_out(run: Run) -> None:
    result = run("logout")
    assert result.exit_code == 0 and "not signed in" in result.stderr


def test_rejected_cookies_are_one_line_in_a_real_process(fake_boosty: FakeBoosty, tmp_path: Path) -> None:
    # A real process: under pytest, logging has handlers and a stray warning stays hidden.
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOSTY_")}
    argv = ["--base-url", fake_boosty.base_url, "--token-file", str(tmp_path / "creds.json")]
    argv += ["login", "--auth", auth_cookie(), "--client-id", DEVICE]
    code = "from boosty.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 3
    assert done.stderr.splitlines() == [
        "boosty: boosty.to rejected these cookies (signed out, or copied wrong); nothing saved"
    ]
    assert not (tmp_path / "creds.json").exists()

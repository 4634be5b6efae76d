"""``boosty config show`` / ``path``, and the command reading the same settings as the library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from boosty import Boosty
from boosty.testing import FakeBoosty

from ._cli import Run, make_runner, one_line_error


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    for name in ("BOOSTY_CONFIG", "BOOSTY_RETRIES", "BOOSTY_PROXY", "BOOSTY_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    return make_runner(tmp_path, monkeypatch)


def test_config_show_lists_values_sources_and_redacts(run: Run, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('timeout = 9.5\nproxy = "http://u:pw-secret@proxy.example:3128"\n')
    result = run("--retries", "4", "config", "show", BOOSTY_CONFIG=str(config), BOOSTY_TOKEN="tok-secret")
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines()}
    assert lines["retries"].split()[1] == "4" and "(argument (--retries))" in lines["retries"]
    assert "9.5" in lines["timeout"] and f"(file ({config}))" in lines["timeout"]
    assert "http://***@proxy.example:3128" in lines["proxy"]
    assert lines["token"].split()[1:] == ["***", "(environment", "(BOOSTY_TOKEN))"]
    assert "secret" not in result.output


def test_config_show_json(run: Run) -> None:
    result = run("config", "show", "--json", BOOSTY_RETRIES="6")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows["retries"] == {"value": 6, "source": "environment (BOOSTY_RETRIES)"}
    assert rows["base_url"] == {"value": "https://api.boosty.to", "source": "default"}


def test_config_path(run: Run, tmp_path: Path) -> None:
    assert run("config", "path").output.strip() == str(tmp_path / "config" / "boosty" / "config.toml")
    assert run("config", "path", BOOSTY_CONFIG="/etc/boosty.toml").output.strip() == "/etc/boosty.toml"


def test_a_bad_environment_value_is_one_usage_line(run: Run) -> None:
    result = run("blog", "demo", BOOSTY_RETRIES="abc")
    assert result.exit_code == 2
    assert one_line_error(result) == "boosty: BOOSTY_RETRIES: expected an integer, got 'abc'"


def test_the_command_and_the_library_read_the_same_file(run: Run, fake_boosty: FakeBoosty, tmp_path: Path) -> None:
    config = tmp_path / "shared.toml"
    token = fake_boosty.issue_tokens("owner")["access_token"]
    config.write_text(f'base_url = "{fake_boosty.base_url}"\ntoken = "{token}"\nretries = 0\n')
    result = run("--json", "whoami", BOOSTY_CONFIG=str(config))
    assert result.exit_code == 0, result.output
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BOOSTY_CONFIG", str(config))
        with Boosty.from_settings() as client:
            library = client.current_user()
    assert json.loads(result.output)["id"] == library.id


def test_login_writes_the_config_a_script_then_uses(run: Run, fake_boosty: FakeBoosty, tmp_path: Path) -> None:
    import time
    from urllib.parse import quote

    from boosty._config.settings import _toml_loads

    issued = fake_boosty.issue_tokens("owner")
    cookie = quote(
        json.dumps(
            {
                "accessToken": issued["access_token"],
                "refreshToken": issued["refresh_token"],
                "expiresAt": int((time.time() + 3600) * 1000),
            }
        )
    )
    env = {"BOOSTY_BASE_URL": fake_boosty.base_url}
    result = run("login", "--auth", cookie, "--client-id", issued["device_id"], **env)
    assert result.exit_code == 0, result.output
    written = tmp_path / "config" / "boosty" / "config.toml"
    assert f"settings written to {written}" in result.stderr
    assert _toml_loads(written.read_text()) == {"token_storage": "file", "token_file": str(tmp_path / "creds.json")}

    again = run("login", "--no-check", "--auth", cookie, "--client-id", issued["device_id"], **env)
    assert "settings written" not in again.stderr  # an existing file is left alone

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BOOSTY_BASE_URL", fake_boosty.base_url)
        with Boosty.from_settings() as client:
            assert client.settings is not None and client.settings.token_storage == "file"
            assert client.current_user().blog_url == "demo"

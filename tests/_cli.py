"""Helpers of the CLI tests: an in-process runner with a private config dir, and checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from boosty.cli import cli

Run = Callable[..., Result]


def make_runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *base: str) -> Run:
    """``run(*args, stdin=None, **env)``: ``boosty <base> <args>`` in-process, no retry waits."""
    for name in ("BOOSTY_BASE_URL", "BOOSTY_TOKEN_FILE", "BOOSTY_TOKEN", "BOOSTY_AUTH_COOKIE", "BOOSTY_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def run(*args: str, stdin: str | None = None, **env: str) -> Result:
        argv = ["--backoff", "0", "--token-file", str(tmp_path / "creds.json"), *base, *args]
        return runner.invoke(cli, argv, input=stdin, env=env or None, catch_exceptions=False)

    return run


def one_line_error(result: Result) -> str:
    """The error line of a failed run, checking it is the only line on stderr and no traceback."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("boosty: ")
    assert "Traceback" not in result.stderr
    return lines[0]

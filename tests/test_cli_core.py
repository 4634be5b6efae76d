"""The ``boosty`` command's skeleton: global options, output modes, error lines and exit codes.

In-process with click's runner; HTTP is mocked at the transport boundary with respx.
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from boosty.cli import ExitCode

from ._cli import Run, make_runner, one_line_error

API = "https://api.boosty.to"
SECRET = "sEcReT-access-token-123"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    return make_runner(tmp_path, monkeypatch)


def blog_json(slug: str = "some_blog") -> dict[str, Any]:
    return {
        "blogUrl": slug,
        "title": "Some Blog",
        "owner": {"id": 7, "name": "Author"},
        "count": {"posts": 12, "subscribers": 345},
        "isSubscribed": False,
        "hasAdultContent": False,
    }


def test_blog_table(run: Run) -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        mock.get("/v1/blog/some_blog").respond(json=blog_json())
        result = run("blog", "some_blog")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Some Blog" in out and "Author" in out and "345" in out
    assert "https://boosty.to/some_blog" in out


@pytest.mark.parametrize("where", ["global", "subcommand"])
def test_blog_json(run: Run, where: str) -> None:
    args = ("--json", "blog", "some_blog") if where == "global" else ("blog", "some_blog", "--json")
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/some_blog").respond(json=blog_json())
        result = run(*args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["blogUrl"] == "some_blog"
    assert data["count"]["subscribers"] == 345
    assert data["owner"]["name"] == "Author"


def test_base_url_option_and_env(run: Run) -> None:
    with respx.mock(assert_all_called=True) as mock:
        route = mock.get("http://127.0.0.1:9/v1/blog/b").respond(json=blog_json("b"))
        by_option = run("--base-url", "http://127.0.0.1:9", "--json", "blog", "b")
        by_env = run("--json", "blog", "b", BOOSTY_BASE_URL="http://127.0.0.1:9")
    assert by_option.exit_code == 0 and by_env.exit_code == 0, by_option.output + by_env.output
    assert route.call_count == 2


def test_unknown_blog_is_exit_4(run: Run) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/nope").respond(404, json={"error": "not_found", "error_description": "Blog not found"})
        result = run("blog", "nope")
    assert result.exit_code == ExitCode.NOT_FOUND == 4
    line = one_line_error(result)
    assert "not found" in line and "'nope'" in line
    assert result.stdout == ""


def test_no_access_is_exit_6(run: Run) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/closed").respond(403, json={"error": "forbidden"})
        result = run("blog", "closed")
    assert result.exit_code == ExitCode.NO_ACCESS == 6
    assert "no access" in one_line_error(result)


def test_expired_login_hints_at_login(run: Run, tmp_path: Path) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").respond(401, json={"error": "unauthorized", "error_description": f"Bearer {SECRET}"})
        result = run("blog", "b")
    assert result.exit_code == ExitCode.LOGIN == 3
    line = one_line_error(result)
    assert "boosty login" in line
    assert SECRET not in result.output


def test_network_down_is_exit_5_and_retried(run: Run) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").mock(side_effect=httpx.ConnectError("connection refused"))
        result = run("--retries", "2", "blog", "b")
    assert result.exit_code == ExitCode.NETWORK == 5
    line = one_line_error(result)
    assert "network error" in line and "api.boosty.to" in line and "connection refused" in line
    assert route.call_count == 3  # the first attempt and two retries


def test_server_error_is_exit_1(run: Run) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b").respond(502, text="<html><title>502 Bad Gateway</title></html>")
        result = run("--retries", "0", "blog", "b")
    assert result.exit_code == 1
    assert "502" in one_line_error(result)
    assert route.call_count == 1


def test_verbose_shows_the_traceback(run: Run) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/nope").respond(404, json={"error": "not_found"})
        result = run("-v", "blog", "nope")
    assert result.exit_code == 4
    assert "Traceback" in result.stderr and "NotFound" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("boosty: not found")


def test_usage_error_is_exit_2(run: Run) -> None:
    result = run("blog")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


def test_bad_ca_bundle_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "ca.pem"
    bad.write_text("not a certificate")
    result = run("--ca-bundle", str(bad), "blog", "b")
    assert result.exit_code == 2
    assert "--ca-bundle" in one_line_error(result)


def test_proxy_is_used(run: Run) -> None:
    # No proxy listens on port 9: the request must fail at the proxy, not reach the API mock.
    result = run("--retries", "0", "--timeout", "2", "--proxy", "http://127.0.0.1:9", "blog", "b")
    assert result.exit_code == ExitCode.NETWORK
    assert "network error" in one_line_error(result)


@pytest.mark.parametrize(
    "args",
    [
        ("--base-url", "ftp://example.com"),
        ("--base-url", "not-a-url"),
        ("--base-url", "http://[::1"),
        ("--proxy", "bogus://user:Pa55word@proxy.example:3128"),
        ("--proxy", "http://"),
    ],
)
def test_bad_base_url_or_proxy_is_a_usage_error(run: Run, args: tuple[str, str]) -> None:
    result = run(*args, "blog", "b")
    assert result.exit_code == ExitCode.USAGE
    assert f"Invalid value for '{args[0]}'" in result.stderr
    assert "Traceback" not in result.stderr and "Pa55word" not in result.output


def test_proxy_from_the_environment_that_httpx_refuses(run: Run) -> None:
    result = run("blog", "b", HTTPS_PROXY="bogus://user:Pa55word@proxy.example:3128")
    assert result.exit_code == ExitCode.USAGE
    assert "cannot use the proxy" in one_line_error(result)
    assert "Pa55word" not in result.output


def test_socks_proxy_without_socksio(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "socksio", None)  # import socksio -> ImportError
    result = run("--proxy", "socks5://user:Pa55word@127.0.0.1:9", "blog", "b")
    assert result.exit_code == ExitCode.ERROR
    assert "[socks]'" in one_line_error(result)
    assert "Pa55word" not in result.output


def test_a_slug_that_cannot_be_a_path_segment_is_one_line(run: Run) -> None:
    with respx.mock(base_url=API, assert_all_called=False):
        result = run("blog", "..")
    assert result.exit_code == ExitCode.USAGE
    assert "invalid path segment" in one_line_error(result)


def test_an_unexpected_exception_is_one_line_too(run: Run) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/v1/blog/b").mock(side_effect=RuntimeError("something odd"))
        quiet = run("--retries", "0", "blog", "b")
        verbose = run("-v", "--retries", "0", "blog", "b")
    assert quiet.exit_code == verbose.exit_code == ExitCode.ERROR
    line = one_line_error(quiet)
    assert "unexpected error" in line and "RuntimeError: something odd" in line and "-v" in line
    assert "Traceback" in verbose.stderr


def test_version(run: Run) -> None:
    import boosty

    result = run("--version")
    assert result.exit_code == 0 and boosty.__version__ in result.stdout


def test_fake_without_the_testing_extra(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn -> ImportError
    result = run("--fake", "blog", "demo")
    assert result.exit_code == 1
    assert "pip install 'boosty-client[testing]'" in one_line_error(result)


def test_fake_and_base_url_are_exclusive(run: Run) -> None:
    result = run("--fake", "--base-url", "http://127.0.0.1:9", "blog", "demo")
    assert result.exit_code == 2


def _blog_answered(run: Run, answer: Any) -> Any:
    """``boosty --retries 0 blog b`` with the API answering ``answer`` (a response or an error)."""
    with respx.mock(base_url=API) as mock:
        route = mock.get("/v1/blog/b")
        if isinstance(answer, Exception):
            route.mock(side_effect=answer)
        else:
            route.mock(return_value=answer)
        return run("--retries", "0", "blog", "b")


@pytest.mark.parametrize(
    ("answer", "code", "words"),
    [
        (httpx.Response(429, headers={"Retry-After": "120"}, json={"error": "too_many"}), 7, "rate limited"),
        (httpx.ReadTimeout("timed out"), 5, "network timeout"),
        (httpx.Response(200, text='{"blogUrl": '), 1, "unexpected response"),
        (httpx.Response(418, json={"error": "teapot", "error_description": "short and stout"}), 1, "HTTP 418"),
    ],
    ids=["429", "timeout", "bad-json", "unlisted-4xx"],
)
def test_error_lines(run: Run, answer: Any, code: int, words: str) -> None:
    result = _blog_answered(run, answer)
    assert result.exit_code == code
    assert words in one_line_error(result)


def test_unwritable_destination(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with respx.mock(base_url=API, assert_all_called=False) as mock:
        mock.get("/v1/blog/b/post/").respond(json={"data": [], "extra": {"isLast": True}})
        result = run("download", "b", str(blocker / "archive"))
    assert result.exit_code == 1
    assert f"Not a directory: {blocker / 'archive'}" in one_line_error(result)


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_connection_refused_reads_the_same_in_every_command(run: Run, tmp_path: Path, closed_port: int) -> None:
    base = ("--base-url", f"http://127.0.0.1:{closed_port}", "--retries", "0")
    dest = tmp_path / "archive"
    lines = [one_line_error(run(*base, "blog", "demo")), one_line_error(run(*base, "download", "demo", str(dest)))]
    expected = f"boosty: network error: cannot reach 127.0.0.1:{closed_port}: Connection refused ("
    assert [line[: len(expected)] for line in lines] == [expected, expected]
    assert not dest.exists()  # the download never reached the API: no state files left behind


def test_unreached_api_leaves_dest_as_it_was(run: Run, tmp_path: Path, closed_port: int) -> None:
    dest = tmp_path / "archive"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    result = run("--base-url", f"http://127.0.0.1:{closed_port}", "--retries", "0", "download", "demo", str(dest))
    assert result.exit_code == ExitCode.NETWORK
    assert sorted(p.name for p in dest.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(
    ("answer", "code", "line"),
    [
        (httpx.Response(401, json={"error": "unauthorized"}), 3, "not signed in, or the login expired (unauthorized)"),
        (httpx.Response(404, json={"error_description": "Blog not found"}), 4, "not found: blog 'b' (Blog not found)"),
        (httpx.Response(403, json={"error": "forbidden"}), 6, "no access to blog 'b' (forbidden) (a paid level"),
        (httpx.Response(429, headers={"Retry-After": "90"}), 7, "rate limited by Boosty (429); Boosty asks to wait 90"),
        (httpx.Response(429), 7, "rate limited by Boosty (429); try again later or raise --retries"),
        (httpx.Response(503, json={"error": "down"}), 1, "Boosty server error 503 on /v1/blog/b (down)"),
        (httpx.Response(405), 1, "HTTP 405 on /v1/blog/b"),
        (httpx.ReadTimeout("timed out"), 5, "network timeout: cannot reach api.boosty.to: timed out (check"),
        (httpx.Response(200, text="[1]"), 1, "unexpected response from the API: "),
    ],
    ids=["401", "404", "403", "429-wait", "429", "503", "405", "timeout", "not-an-object"],
)
def test_each_error_kind_has_its_own_line(run: Run, answer: Any, code: int, line: str) -> None:
    result = _blog_answered(run, answer)
    assert result.exit_code == code
    assert one_line_error(result).startswith(f"boosty: {line}")

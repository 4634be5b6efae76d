"""The ``boosty`` command group: global options, the client it builds, error handling."""

from __future__ import annotations

import contextlib
import logging
import os
import ssl
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, overload
from urllib.parse import urlsplit

import click

from .._auth import Credentials, FileTokenStorage
from .._client.client import AsyncBoosty, Boosty
from .._errors import BoostyError
from .._sender._logs import RedactQueries
from .._sender.base import Sender
from .._sender.concrete import AsyncSender, SyncSender
from .._sender.retrying import RetryingSender
from .._version import __version__
from .errors import CliError, ExitCode, describe, scrub
from .output import Output

__all__ = ["State", "cli", "json_option", "pass_state"]

log = logging.getLogger("boosty.cli")

F = TypeVar("F", bound=Callable[..., Any])


class State:
    """What the global options chose; builds the client (once) and owns what it starts.

    ``subject`` names what the running command is about (``"blog 'x'"``), for error lines.
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        proxy: str | None = None,
        ca_bundle: str | None = None,
        retries: int = 3,
        backoff: float | None = None,
        timeout: float | None = None,
        token_file: str | None = None,
        verbose: int = 0,
        json_mode: bool = False,
        fake: bool = False,
        fake_user: str = "subscriber",
        token: str | None = None,
    ) -> None:
        self.base_url = base_url
        self.proxy = proxy
        self.ca_bundle = ca_bundle
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.token_file = token_file
        self.verbose = verbose
        self.json_mode = json_mode
        self.fake = fake
        self.fake_user = fake_user
        self.token = token
        self.subject: str | None = None
        self.stack = contextlib.ExitStack()
        self._client: Boosty | None = None
        self._fake: Any = None

    # -- pieces ---------------------------------------------------------------------

    @property
    def output(self) -> Output:
        """The printer for the current ``--json`` choice."""
        return Output(json_mode=self.json_mode)

    def fake_server(self) -> Any:
        """The bundled fake Boosty server (seeded world + recordings), started on first use."""
        if self._fake is None:
            try:
                from ..testing import FakeBoosty

                if self.verbose < 3:
                    # A client that goes away mid-file (Ctrl-C) makes the fake's event loop
                    # warn once per unsent chunk: noise for a demo server.
                    logging.getLogger("asyncio").setLevel(logging.ERROR)
                fake = FakeBoosty(replay=True)
                self._fake = self.stack.enter_context(fake)
            except ImportError as exc:
                raise CliError(
                    "--fake needs the fake server's extra: pip install 'boosty[testing]'"
                    f" ({exc.name or 'starlette/uvicorn'} is missing)",
                    ExitCode.ERROR,
                ) from exc
            log.info("fake Boosty server on %s (media on %s)", self._fake.base_url, self._fake.media_url)
        return self._fake

    def api_url(self) -> str:
        """The API origin the client talks to."""
        if self.fake:
            return str(self.fake_server().base_url)
        return self.base_url or "https://api.boosty.to"

    def httpx_options(self) -> dict[str, Any]:
        """Keyword arguments for :class:`boosty.SyncSender` from ``--proxy``, ``--ca-bundle``, ``--timeout``."""
        options: dict[str, Any] = {}
        if self.proxy:
            options["proxy"] = self.proxy
        if self.ca_bundle:
            try:
                options["verify"] = ssl.create_default_context(cafile=self.ca_bundle)
            except (OSError, ssl.SSLError) as exc:
                raise CliError(f"cannot use --ca-bundle {self.ca_bundle}: {exc}", ExitCode.USAGE) from exc
        if self.timeout is not None:
            options["timeout"] = self.timeout
        return options

    def sender(self, asynchronous: bool = False) -> Sender:
        """The sender chain: retries (``--retries``) over a :class:`boosty.SyncSender`
        (or an :class:`boosty.AsyncSender` if ``asynchronous``).

        Raises :class:`CliError` when httpx refuses the proxy (``--proxy`` or the
        ``*_PROXY`` variables): an unknown scheme, or SOCKS without ``socksio``.
        """
        httpx_options = self.httpx_options()
        try:
            inner: Sender = AsyncSender(**httpx_options) if asynchronous else SyncSender(**httpx_options)
        except ImportError as exc:  # httpx wants socksio for a SOCKS proxy
            raise CliError(
                f"a SOCKS proxy needs pip install 'httpx[socks]' ({exc.name or 'socksio'} is missing)"
            ) from exc
        except ValueError as exc:
            raise CliError(f"cannot use the proxy: {scrub(str(exc))}", ExitCode.USAGE) from exc
        if self.retries <= 0:
            return inner
        options: dict[str, Any] = {}
        if self.backoff is not None:
            options = {"backoff_base": self.backoff, "backoff_cap": max(self.backoff, 0.0) * 8}
        return RetryingSender(retries=self.retries, sender=inner, **options)

    def token_path(self) -> Path | None:
        """The credentials file: ``--token-file`` / ``BOOSTY_TOKEN_FILE``, else the default."""
        return Path(self.token_file).expanduser() if self.token_file else None

    def storage(self) -> FileTokenStorage:
        """The :class:`boosty.FileTokenStorage` that ``login`` writes and other commands read."""
        return FileTokenStorage(self.token_path())

    def stored_credentials(self) -> FileTokenStorage | None:
        """The token storage holding a saved login, or ``None`` (anonymous).

        With ``--fake`` the default file is not read (its login is for the real API);
        an explicit ``--token-file`` still is.
        """
        if self.fake and self.token_file is None:
            return None
        storage = self.storage()
        return storage if storage.load() is not None else None

    def auth_options(self) -> dict[str, Any]:
        """How the client signs in: ``--token``, the fake's user, the saved login, or nobody."""
        if self.token:
            return {"token": self.token}
        storage = self.stored_credentials()
        if storage is not None:
            return {"token_storage": storage}
        if self.fake and self.fake_user != "anonymous":
            issued = self.fake_server().issue_tokens(self.fake_user)
            expires = time.time() + float(issued["expires_in"])
            credentials = Credentials(issued["access_token"], issued["refresh_token"], issued["device_id"], expires)
            return {"credentials": credentials}
        return {}

    def signed_in(self) -> bool:
        """``True`` if requests will carry credentials."""
        return bool(self.auth_options())

    def client(self) -> Boosty:
        """The sync client for this run (built once, closed when the command ends)."""
        if self._client is None:
            base_url = self.api_url()
            auth = self.auth_options()
            sender = self.sender()
            try:
                client = Boosty(sender=sender, base_url=base_url, **auth)
            except BaseException:
                sender.close()
                raise
            self._client = self.stack.enter_context(client)
        return self._client

    def async_client(self) -> AsyncBoosty:
        """A new asyncio client with the same options; the caller closes it (``async with``).

        Long transfers use it: cancelling a task stops its request at once, where a
        blocking request in a worker thread would run on to its timeout.
        """
        base_url = self.api_url()
        auth = self.auth_options()
        sender = self.sender(asynchronous=True)
        return AsyncBoosty(sender=sender, base_url=base_url, **auth)

    def close(self) -> None:
        """Close the client and stop the fake server, if this run started them."""
        self._client = None
        self.stack.close()


pass_state = click.make_pass_decorator(State)


def _url(schemes: tuple[str, ...]) -> Any:
    """A click callback accepting a URL with one of ``schemes`` and a host; the error does
    not repeat the value (a proxy URL may hold a password)."""

    def check(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            parts = urlsplit(value)
            ok = parts.scheme.lower() in schemes and bool(parts.hostname)
        except ValueError:  # a malformed port or IPv6 address
            ok = False
        if not ok:
            raise click.BadParameter(
                f"expected a URL starting with {' or '.join(s + '://' for s in schemes)} and a host"
            )
        return value

    return check


def _set_json(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        state = ctx.find_object(State)
        if state is not None:
            state.json_mode = True
    return value


_JSON_HELP = "Print JSON (the API's shape) instead of a table."


@overload
def json_option(func: F, /) -> F: ...
@overload
def json_option(*, help_text: str = _JSON_HELP) -> Callable[[F], F]: ...
def json_option(func: F | None = None, /, *, help_text: str = _JSON_HELP) -> F | Callable[[F], F]:
    """``--json`` on a subcommand too (``boosty posts x --json`` = ``boosty --json posts x``);
    ``@json_option`` or ``@json_option(help_text=...)`` for another help line."""
    option: Callable[[F], F] = click.option(
        "--json", "json_flag", is_flag=True, expose_value=False, callback=_set_json, help=help_text
    )
    return option if func is None else option(func)


def _setup_logging(verbose: int) -> None:
    if verbose <= 0:
        return
    from rich.logging import RichHandler

    handler = RichHandler(console=Output().err, show_path=False, rich_tracebacks=False)
    handler.addFilter(RedactQueries())
    logging.basicConfig(level=logging.DEBUG if verbose > 1 else logging.INFO, handlers=[handler], format="%(message)s")
    # httpx logs full URLs (signed media links carry a query), uvicorn (the fake) is chatty:
    # both only at -vvv.
    quiet = logging.WARNING if verbose < 3 else logging.DEBUG
    for name in ("httpx", "httpcore", "uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).setLevel(quiet)


class BoostyGroup(click.Group):
    """A group that turns library errors into one line on stderr and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("boosty: interrupted", err=True)
            ctx.exit(ExitCode.INTERRUPTED)
        except Exception as exc:  # every failure ends as one line and an exit code
            state = ctx.find_object(State)
            verbose = state.verbose if state is not None else 0
            if verbose:
                traceback.print_exc(file=sys.stderr)
            code, message = describe(exc, state.subject if state is not None else None)
            if not isinstance(exc, (BoostyError, OSError, ValueError)):
                message = f"unexpected error, {message}" + ("" if verbose else " (-v shows the traceback)")
            raise CliError(message, code) from exc


@click.group(cls=BoostyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--base-url",
    envvar="BOOSTY_BASE_URL",
    metavar="URL",
    callback=_url(("http", "https")),
    help="API origin (default https://api.boosty.to; env BOOSTY_BASE_URL).",
)
@click.option(
    "--fake",
    is_flag=True,
    help="Run against the bundled fake Boosty server on a loopback port (no account, no internet).",
)
@click.option(
    "--proxy",
    metavar="URL",
    callback=_url(("http", "https", "socks5", "socks5h")),
    help="HTTP(S) or SOCKS proxy for every request (also HTTPS_PROXY; SOCKS needs httpx[socks]).",
)
@click.option(
    "--ca-bundle",
    type=click.Path(exists=True, dir_okay=False),
    help="Verify TLS against this CA bundle (PEM) instead of the system's.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Retries of a failed request (network errors, 5xx, 429).",
)
@click.option(
    "--backoff",
    envvar="BOOSTY_BACKOFF",
    type=click.FloatRange(min=0),
    hidden=True,
    help="Seconds of the first retry wait (doubles each retry; for tests).",
)
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds per request (default 30).")
@click.option(
    "--token-file",
    envvar="BOOSTY_TOKEN_FILE",
    type=click.Path(dir_okay=False),
    help="Credentials file written by `boosty login` (default: in the user config dir; env BOOSTY_TOKEN_FILE).",
)
@click.option(
    "--fake-user",
    type=click.Choice(["owner", "subscriber", "follower", "stranger", "anonymous"]),
    default="subscriber",
    show_default=True,
    help="With --fake: who is signed in (owner owns the blog `demo`; subscriber has its Pro level).",
)
@click.option(
    "--token",
    envvar="BOOSTY_TOKEN",
    metavar="TOKEN",
    help="A static access token instead of the saved login (env BOOSTY_TOKEN; never refreshed).",
)
@click.option("--json", "json_mode", is_flag=True, help="Print JSON (the API's shape) instead of tables.")
@click.option("-v", "--verbose", count=True, help="Log to stderr (-vv debug) and show tracebacks on errors.")
@click.version_option(__version__, "-V", "--version", prog_name="boosty")
@click.pass_context
def cli(
    ctx: click.Context,
    base_url: str | None,
    fake: bool,
    proxy: str | None,
    ca_bundle: str | None,
    retries: int,
    backoff: float | None,
    timeout: float | None,
    token_file: str | None,
    fake_user: str,
    token: str | None,
    json_mode: bool,
    verbose: int,
) -> None:
    """Boosty.to from the command line: blogs, posts, comments, subscribers, downloads.

    Exit codes: 0 ok, 1 error, 2 usage, 3 login needed, 4 not found, 5 network,
    6 no access, 7 rate limited, 130 interrupted.
    """
    if fake and base_url and os.environ.get("BOOSTY_BASE_URL") != base_url:
        raise click.UsageError("--fake and --base-url are exclusive")
    _setup_logging(verbose)
    state = State(
        base_url=None if fake else base_url,
        proxy=proxy,
        ca_bundle=ca_bundle,
        retries=retries,
        backoff=backoff,
        timeout=timeout,
        token_file=token_file,
        verbose=verbose,
        json_mode=json_mode,
        fake=fake,
        fake_user=fake_user,
        token=token,
    )
    ctx.obj = state
    ctx.call_on_close(state.close)

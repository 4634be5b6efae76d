"""The ``boosty`` command group: global options, the client it builds, error handling."""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, overload
from urllib.parse import urlsplit

import attrs
import click

from .._auth import Credentials, FileTokenStorage
from .._client.client import AsyncBoosty, Boosty
from .._config import build
from .._config.settings import Settings, SettingsError
from .._errors import BoostyError
from .._sender._logs import RedactQueries
from .._sender.base import Sender
from .._version import __version__
from .errors import CliError, ExitCode, describe, scrub
from .output import Output

__all__ = ["State", "blog_command", "cli", "json_option", "limit_option", "pass_state"]

log = logging.getLogger("boosty.cli")

F = TypeVar("F", bound=Callable[..., Any])


@attrs.define(kw_only=True, slots=False, eq=False, repr=False)  # repr=False: token
class State:
    """What the global options chose; builds the client (once) and owns what it starts.

    ``subject`` names what the running command is about (``"blog 'x'"``), for error lines.
    """

    arguments: dict[str, Any] = attrs.field(factory=dict)
    """The settings given as options (``--proxy``, ``--ca-bundle`` ...), by :class:`Settings`
    field name (``ca_bundle``); ``None`` is an option not given."""
    verbose: int = 0
    json_mode: bool = False
    fake: bool = False
    fake_user: str = "subscriber"
    subject: str | None = attrs.field(default=None, init=False)
    stack: contextlib.ExitStack[bool | None] = attrs.field(factory=contextlib.ExitStack, init=False)
    _client: Boosty | None = attrs.field(default=None, init=False)
    _fake: Any = attrs.field(default=None, init=False)
    _settings: Settings | None = attrs.field(default=None, init=False)

    # -- pieces ---------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """The merged settings: these options, then ``BOOSTY_*`` variables, the config file, defaults."""
        if self._settings is None:
            try:
                self._settings = Settings.load(
                    argument_name=lambda name: "--" + name.replace("_", "-"), **self.arguments
                )
            except SettingsError as exc:
                raise CliError(scrub(str(exc)), ExitCode.USAGE) from exc
        return self._settings

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
                    "--fake needs the fake server's extra: pip install 'boosty-client[testing]'"
                    f" ({exc.name or 'starlette/uvicorn'} is missing)",
                    ExitCode.ERROR,
                ) from exc
            log.info("fake Boosty server on %s (media on %s)", self._fake.base_url, self._fake.media_url)
        return self._fake

    def api_url(self) -> str:
        """The API origin the client talks to."""
        if self.fake:
            return str(self.fake_server().base_url)
        return self.settings.base_url

    def upload_url(self) -> str:
        """The image upload host: the fake's with ``--fake``, else the settings'
        ``upload_base_url`` (``BOOSTY_UPLOAD_BASE_URL``, the config file, or
        ``https://uploadimg.boosty.to``)."""
        if self.fake:
            return str(self.fake_server().upload_base_url)
        return self.settings.upload_base_url

    def sender(self, asynchronous: bool = False) -> Sender:
        """The sender chain the settings describe (cache, retries, rate limit, concrete
        sender; ``--retries``, ``--proxy``, ``--ca-bundle``, ``--timeout`` among them).

        Raises :class:`CliError` for an unusable proxy or CA bundle, or a missing extra.
        """
        try:
            return build.build_sender(self.settings, asynchronous=asynchronous)
        except SettingsError as exc:
            raise CliError(scrub(str(exc)), ExitCode.ERROR if exc.extra else ExitCode.USAGE) from exc
        except ValueError as exc:  # httpx refuses the proxy (an unknown scheme)
            raise CliError(f"cannot use the proxy: {scrub(str(exc))}", ExitCode.USAGE) from exc

    def token_path(self) -> Path | None:
        """The credentials file: ``--token-file`` / ``BOOSTY_TOKEN_FILE``, else the default."""
        token_file = self.settings.token_file
        return Path(token_file).expanduser() if token_file else None

    def storage(self) -> FileTokenStorage:
        """The :class:`boosty.FileTokenStorage` that ``login`` writes and other commands read."""
        return FileTokenStorage(self.token_path())

    def stored_credentials(self) -> FileTokenStorage | None:
        """The token storage holding a saved login, or ``None`` (anonymous).

        With ``--fake`` the default file is not read (its login is for the real API);
        an explicit ``--token-file`` still is.
        """
        if self.fake and self.arguments.get("token_file") is None:
            return None
        storage = self.storage()
        return storage if storage.load() is not None else None

    def auth_options(self) -> dict[str, Any]:
        """How the client signs in: ``--token``, the fake's user, the saved login, or nobody."""
        if self.settings.token:
            return {"token": self.settings.token}
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
                client = Boosty(sender=sender, base_url=base_url, upload_base_url=self.upload_url(), **auth)
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
        return AsyncBoosty(sender=sender, base_url=base_url, upload_base_url=self.upload_url(), **auth)

    def close(self) -> None:
        """Close the client and stop the fake server, if this run started them."""
        self._client = None
        self.stack.close()


pass_state = click.make_pass_decorator(State)


def limit_option(things: str) -> Callable[[F], F]:
    """``--limit N`` (N ≥ 1, passed as ``max_items``): stop after N ``things``."""
    return click.option("--limit", "max_items", type=click.IntRange(min=1), help=f"Stop after N {things}.")


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
        # The command reports what went wrong in its one error line; without -v the library's
        # warnings (a refused token refresh) must not reach stderr through logging's
        # last-resort handler as a second line.
        library = logging.getLogger("boosty")
        if not any(isinstance(h, logging.NullHandler) for h in library.handlers):
            library.addHandler(logging.NullHandler())
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
    help="Retries of a failed request (network errors, 5xx, 429; default 3, env BOOSTY_RETRIES).",
)
@click.option(
    "--backoff",
    type=click.FloatRange(min=0),
    hidden=True,
    help="Seconds of the first retry wait (doubles each retry; for tests).",
)
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds per request (default 30).")
@click.option(
    "--token-file",
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
    metavar="TOKEN",
    help="A static access token instead of the saved login (env BOOSTY_TOKEN; never refreshed).",
)
@click.option("--json", "json_mode", is_flag=True, help="Print JSON (the API's shape) instead of tables.")
@click.option("-v", "--verbose", count=True, help="Log to stderr (-vv debug) and show tracebacks on errors.")
@click.version_option(__version__, "-V", "--version", prog_name="boosty")
@click.pass_context
def cli(ctx: click.Context, /, fake: bool, fake_user: str, json_mode: bool, verbose: int, **arguments: Any) -> None:
    """Boosty.to from the command line: blogs, posts, comments, subscribers, downloads.

    Exit codes: 0 ok, 1 error, 2 usage, 3 login needed, 4 not found, 5 network,
    6 no access, 7 rate limited, 130 interrupted.
    """
    if fake and arguments["base_url"]:
        raise click.UsageError("--fake and --base-url are exclusive")
    _setup_logging(verbose)
    # The other options are settings (--proxy, --ca-bundle ...: Settings' field names).
    state = State(arguments=arguments, verbose=verbose, json_mode=json_mode, fake=fake, fake_user=fake_user)
    ctx.obj = state
    ctx.call_on_close(state.close)


def blog_command(**command: Any) -> Callable[[Callable[..., Any]], click.Command]:
    """A ``boosty`` subcommand about one blog: ``cli.command(**command)`` with a first
    argument ``SLUG``, ``--json``, and the :class:`State` passed first, its ``subject``
    already ``"blog 'SLUG'"`` (for error lines; the command may narrow it). Options the
    command adds go below this decorator."""

    def wrap(func: Callable[..., Any]) -> click.Command:
        @functools.wraps(func)
        def run(state: State, slug: str, *args: Any, **kwargs: Any) -> Any:
            state.subject = f"blog {slug!r}"
            return func(state, slug, *args, **kwargs)

        return cli.command(**command)(click.argument("slug")(json_option(pass_state(run))))

    return wrap

"""How the ``boosty`` command reports errors: one line on stderr and an exit code.

=====  ==========================================================================
code   meaning
=====  ==========================================================================
0      success
1      any other error (a server error, an unexpected response, a full disk)
2      usage error: a bad option or argument (click's own code)
3      login needed: no credentials, or they expired or were rejected (``boosty login``)
4      not found: unknown blog, post or user
5      network: the API could not be reached (connection, DNS, TLS, proxy, timeout)
6      no access: the account may not see this (a paid post, another owner's data)
7      rate limited: Boosty kept answering 429 Too Many Requests
130    interrupted (Ctrl-C)
=====  ==========================================================================

Messages never contain a token, a refresh token or a signed link's query.
"""

from __future__ import annotations

import enum
import os
import re
from typing import IO, Any
from urllib.parse import urlsplit

import click

from .._errors import (
    AuthError,
    BoostyError,
    Forbidden,
    HTTPError,
    NetworkError,
    NotFound,
    ParseError,
    RequestTimeout,
    ServerError,
    TokenStorageError,
    TooManyRequests,
    Unauthorised,
)

__all__ = ["CliError", "ExitCode", "describe", "scrub"]


class ExitCode(enum.IntEnum):
    """The exit codes of the ``boosty`` command (see the module docstring)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    LOGIN = 3
    NOT_FOUND = 4
    NETWORK = 5
    NO_ACCESS = 6
    RATE_LIMITED = 7
    INTERRUPTED = 130


LOGIN_HINT = "run `boosty login`"


class CliError(click.ClickException):
    """An error the command prints as one line (``boosty: <message>``) and exits ``code`` with."""

    def __init__(self, message: str, code: int = ExitCode.ERROR) -> None:
        super().__init__(message)
        # click declares exit_code as a class variable; each error carries its own here.
        setattr(self, "exit_code", int(code))  # noqa: B010

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"boosty: {self.format_message()}", file=file, err=file is None)


_SECRETS = re.compile(r"(?i)(bearer\s+|access_token=|refresh_token=|token=)[^\s&\"']+")


_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@'\"]+@")


def scrub(text: str) -> str:
    """``text`` in one line with anything token-like masked (a last line of defence): bearer
    tokens, ``token=`` values, URL queries (signed links), ``user:password@`` in URLs (proxies)."""
    text = _SECRETS.sub(r"\1***", " ".join(text.split()))
    text = _USERINFO.sub(r"\1***@", text)
    return re.sub(r"(https?://[^\s?]+)\?[^\s]*", r"\1", text)


def _where(exc: HTTPError) -> str:
    parts = urlsplit(exc.request.url)
    return parts.path or "/"


def _detail(exc: HTTPError) -> str:
    text = ": ".join(x for x in (exc.error, exc.error_description) if x)
    return f" ({scrub(text)[:160]})" if text else ""


_MESSAGES: dict[type[BoostyError], tuple[ExitCode, str]] = {
    TokenStorageError: (ExitCode.ERROR, "token storage: {text}"),
    AuthError: (ExitCode.LOGIN, "login expired or was revoked ({text}); {hint}"),
    Unauthorised: (ExitCode.LOGIN, "not signed in, or the login expired{detail}; {hint}"),
    NotFound: (ExitCode.NOT_FOUND, "not found: {about}{detail}"),
    Forbidden: (ExitCode.NO_ACCESS, "no access to {about}{detail} (a paid level or another account's data?)"),
    TooManyRequests: (ExitCode.RATE_LIMITED, "rate limited by Boosty (429){wait}; try again later or raise --retries"),
    ServerError: (ExitCode.ERROR, "Boosty server error {status} on {where}{detail}"),
    HTTPError: (ExitCode.ERROR, "HTTP {status} on {where}{detail}"),
    RequestTimeout: (ExitCode.NETWORK, "network timeout: {network}"),
    NetworkError: (ExitCode.NETWORK, "network error: {network}"),
    ParseError: (ExitCode.ERROR, "unexpected response from the API: {text}"),
}
"""The exit code and message template of each library error (the most specific class in an
error's MRO wins); :func:`_fields` fills the templates."""


def _fields(exc: BoostyError, subject: str | None) -> dict[str, object]:
    """What the templates of :data:`_MESSAGES` name, for ``exc`` (only what its kind has)."""
    fields: dict[str, object] = {"text": scrub(str(exc)), "hint": LOGIN_HINT}
    if isinstance(exc, HTTPError):
        where = _where(exc)
        retry = exc.retry_after if isinstance(exc, TooManyRequests) else None
        fields.update(
            where=where,
            about=subject or where,
            detail=_detail(exc),
            status=exc.status_code,
            wait=f"; Boosty asks to wait {retry:.0f} s" if retry else "",
        )
    elif isinstance(exc, NetworkError):
        fields["network"] = _network_detail(exc)
    return fields


def describe(exc: BaseException, subject: str | None = None) -> tuple[int, str]:
    """The exit code and the one-line message for ``exc``.

    ``subject`` names what the command was about (``"blog 'x'"``) for not-found and
    no-access messages; without it the API path is shown.
    """
    if isinstance(exc, ValueError) and not isinstance(exc, UnicodeError):
        # Bad input the library refused (a downloader option, a malformed cookie, a slug
        # that cannot be a path segment, a base URL that is not http(s)).
        return ExitCode.USAGE, scrub(str(exc))
    if isinstance(exc, BoostyError):
        for klass in type(exc).__mro__:
            known = _MESSAGES.get(klass)
            if known is not None:
                code, template = known
                return code, template.format_map(_fields(exc, subject))
        return ExitCode.ERROR, scrub(str(exc)) or type(exc).__name__
    if isinstance(exc, OSError):
        name = f" {exc.filename}" if exc.filename else ""
        return ExitCode.ERROR, f"{exc.strerror or type(exc).__name__}:{name}" if exc.strerror else scrub(str(exc))
    return ExitCode.ERROR, f"{type(exc).__name__}: {scrub(str(exc))}"


def _network_detail(exc: NetworkError) -> str:
    host = ""
    if exc.request is not None:
        host = urlsplit(exc.request.url).netloc
    cause = exc.__cause__
    system = _system_error(exc)
    if system is not None:
        # The operating system's words ("Connection refused"), the same from the sync and the
        # async transport (the async one wraps them in "All connection attempts failed").
        reason = system
    else:
        reason = scrub(str(cause)) if cause is not None and str(cause) else type(cause or exc).__name__
    where = f"cannot reach {host}" if host else "request failed"
    return f"{where}: {reason[:200]} (check the connection, --proxy or --ca-bundle)"


def _system_error(exc: BaseException) -> str | None:
    """What the OS calls the innermost :class:`OSError` with an errno under ``exc``, if any."""
    found: str | None = None
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno is not None:
            # asyncio words its own strerror ("Connect call failed (...)"): the errno's name
            # is the same for both transports. DNS errors (negative codes) keep theirs.
            found = os.strerror(current.errno) if current.errno > 0 else (current.strerror or found)
        current = current.__cause__ or current.__context__
    return found

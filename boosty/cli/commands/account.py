"""``boosty login``, ``logout``, ``whoami``: the stored login."""

from __future__ import annotations

import contextlib
from typing import Any

import click
import tomli_w

from ..._auth import Credentials
from ..._config.settings import Settings
from ..._errors import AuthError, NetworkError, Unauthorised
from ..app import State, cli, json_option, pass_state
from ..errors import LOGIN_HINT, CliError, ExitCode

__all__ = ["login", "logout", "whoami"]

_COOKIE_HELP = (
    "Copy the cookies from a browser where you are signed in to boosty.to: developer tools, "
    "Application (Storage) tab, Cookies, https://boosty.to: the values of `auth` and `_clientId`."
)


def _show_user(state: State, user: Any) -> None:
    state.output.record(
        user,
        [
            ("id", getattr(user, "id", "")),
            ("name", getattr(user, "name", "")),
            ("email", getattr(user, "email", "")),
            ("blog", getattr(user, "blog_url", "")),
        ],
    )


@cli.command()
@click.option(
    "--auth", "auth_cookie", envvar="BOOSTY_AUTH_COOKIE", help="The `auth` cookie value (env BOOSTY_AUTH_COOKIE)."
)
@click.option("--client-id", envvar="BOOSTY_CLIENT_ID", help="The `_clientId` cookie value (env BOOSTY_CLIENT_ID).")
@click.option("--check/--no-check", default=True, show_default=True, help="Check the login with GET /v1/user/current.")
@pass_state
def login(state: State, auth_cookie: str | None, client_id: str | None, check: bool) -> None:
    """Sign in with your browser's boosty.to cookies and save the login.

    Prompts for what is not given (the `auth` value is not echoed). The login is saved to
    --token-file (default: the user config dir, mode 0600) and refreshed automatically later.
    """
    if not auth_cookie or not client_id:
        click.echo(_COOKIE_HELP, err=True)
    if not auth_cookie:
        auth_cookie = click.prompt("auth cookie", hide_input=True, err=True)
    if not client_id:
        client_id = click.prompt("_clientId cookie", err=True)
    try:
        credentials = Credentials.from_cookies(auth_cookie.strip(), client_id.strip())
    except (ValueError, TypeError, KeyError) as exc:
        # The message names the problem, never the value: it is a secret.
        raise CliError(f"that `auth` cookie is not what boosty.to sets ({type(exc).__name__})", ExitCode.USAGE) from exc
    storage = state.storage()
    storage.save(credentials)
    where = f"{storage.path}{_remember_login(state)}"
    if not check:
        state.output.status(f"login saved to {where}")
        return
    try:
        user = state.client().current_user()
    except (Unauthorised, AuthError) as exc:
        with contextlib.suppress(Exception):
            storage.clear()
        raise CliError(
            "boosty.to rejected these cookies (signed out, or copied wrong); nothing saved", ExitCode.LOGIN
        ) from exc
    except NetworkError as exc:
        state.output.status(f"login saved to {where}, but not checked")
        raise exc
    state.output.status(f"signed in as {getattr(user, 'name', '') or getattr(user, 'id', '?')}; login saved to {where}")


def _remember_login(state: State) -> str:
    """Write the config file (when there is none yet) so that ``Boosty.from_settings()`` in a
    script finds this login too: ``token_storage = "file"`` and a non-default ``token_file``.
    Returns the words to add to the status line."""
    path = Settings.config_path()
    if path.exists():
        return ""
    table = {"token_storage": "file"}
    if state.token_path() is not None:
        table["token_file"] = str(state.token_path())
    text = tomli_w.dumps(table)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # never replaces a file written meanwhile
        file.write(text)
    return f"; settings written to {path}"


@cli.command()
@pass_state
def logout(state: State) -> None:
    """Forget the saved login (deletes the credentials file)."""
    storage = state.storage()
    had = storage.load() is not None
    storage.clear()
    state.output.status("signed out" if had else "not signed in (nothing to forget)")


@cli.command()
@json_option
@pass_state
def whoami(state: State) -> None:
    """The signed-in user (GET /v1/user/current)."""
    if not state.signed_in():
        raise CliError(f"not signed in; {LOGIN_HINT}", ExitCode.LOGIN)
    _show_user(state, state.client().current_user())

"""``boosty message``: a direct message to a user, opening the dialog if need be."""

from __future__ import annotations

from typing import Any

import click

from ..app import State, cli, json_option, pass_state

__all__ = ["message"]


@cli.command(short_help="Send a direct message to a user.")
@click.argument("user_id", type=click.IntRange(min=1))
@click.argument("text")
@json_option
@pass_state
def message(state: State, user_id: int, text: str) -> None:
    """Send TEXT (one literal paragraph) to the user USER_ID, opening a dialog first if there is none.

    Prints the message and dialog ids (--json: the message). The message is sent once:
    after a network error or a 5xx, look before sending it again.
    """
    state.subject = f"user {user_id}"
    if not text.strip():
        raise click.BadParameter("must not be empty", param_hint="TEXT")
    client = state.client()
    existing: Any = client.dialog_with_user(user_id)
    dialog_id = existing.id if existing.id else client.dialog_create(user_id).id
    sent: Any = client.message_send(dialog_id, text)
    state.output.record(sent, [("message", sent.id), ("dialog", dialog_id), ("text", sent.text)])

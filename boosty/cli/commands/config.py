"""``boosty config show`` and ``boosty config path``: the merged settings and where they live."""

from __future__ import annotations

import json

import click

from ..._config.settings import Settings
from ..app import State, cli, json_option, pass_state

__all__ = ["config"]


@cli.group()
def config() -> None:
    """The settings the command and the library share (arguments > BOOSTY_* > file > defaults)."""


@config.command("show")
@json_option
@pass_state
def show(state: State) -> None:
    """Print every setting, its value (secrets redacted) and where it came from."""
    settings = state.settings
    shown = settings.redacted()
    if state.json_mode:
        rows = {
            name: {"value": value, "source": settings.sources.get(name, "default")} for name, value in shown.items()
        }
        click.echo(json.dumps(rows, indent=2, default=str))
        return
    width = max(map(len, shown))
    for name, value in shown.items():
        text = "-" if value is None else json.dumps(value, default=str) if not isinstance(value, str) else value
        click.echo(f"{name:<{width}}  {text}  ({settings.sources[name]})")


@config.command("path")
def path() -> None:
    """Print the configuration file's path (BOOSTY_CONFIG, else the user config dir)."""
    click.echo(str(Settings.config_path()))

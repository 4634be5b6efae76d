"""The ``boosty`` command (click + rich): ``boosty --help`` lists the subcommands.

Exit codes are documented in :mod:`boosty.cli.errors`.
"""

from __future__ import annotations

from .app import cli
from .errors import ExitCode

__all__ = ["ExitCode", "cli", "main"]

from . import commands  # registers the subcommands on ``cli``

_ = commands


def main() -> None:
    """Entry point of the ``boosty`` command (and ``python -m boosty``)."""
    cli(prog_name="boosty")

"""The ``boosty`` command."""

from __future__ import annotations


def main() -> None:
    """Entry point of the ``boosty`` command."""
    raise SystemExit("the boosty command arrives with the CLI issue")

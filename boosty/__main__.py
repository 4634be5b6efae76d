"""``python -m boosty``: the ``boosty`` command."""

from boosty.cli import main

main()

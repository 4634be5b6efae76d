"""``boosty fake-server``: run the bundled fake Boosty server in the foreground."""

from __future__ import annotations

import click

from ..app import cli
from ..errors import CliError

__all__ = ["fake_server"]


@cli.command("fake-server", short_help="Serve the bundled fake Boosty API for your own tests.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="API port (0: any free one)."
)
@click.option("--media-port", type=click.IntRange(0, 65535), default=0, help="Media port (default: any free one).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the generated world.")
@click.option(
    "--replay/--no-replay",
    default=True,
    show_default=True,
    help="Serve the recorded responses for the blog `recorded`.",
)
@click.option(
    "--fixtures",
    type=click.Path(exists=True, file_okay=False),
    help="Replay recordings from this folder (fixtures/boosty/ layout) instead of the packaged ones.",
)
def fake_server(host: str, port: int, media_port: int, seed: int, replay: bool, fixtures: str | None) -> None:
    """Serve the fake Boosty API until Ctrl-C: blogs `demo`, `cooking`, `music`, `recorded`.

    Point the command (or your code) at it: boosty --base-url http://127.0.0.1:8080 posts demo
    """
    from ...testing import serve  # starlette and uvicorn are imported when it starts

    try:
        serve(host, port, media_port=media_port, seed=seed, replay=fixtures or replay)
    except ImportError as exc:
        raise CliError("the fake server needs its extra: pip install 'boosty-client[testing]'") from exc

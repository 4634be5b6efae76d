"""``python -m boosty.testing --port 8080 [--replay DIR] [--seed N]``: run the fake Boosty server."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from .server import serve


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and serve until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m boosty.testing", description="Run the fake Boosty API server.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="API port (default: a free one)")
    parser.add_argument("--media-port", type=int, default=0, help="media port (default: a free one)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated world")
    parser.add_argument(
        "--replay",
        nargs="?",
        const=True,
        default=False,
        metavar="DIR",
        help="serve recorded responses for the 'recorded' blog (default: the packaged ones)",
    )
    parser.add_argument("--token-lifetime", type=float, default=3600, help="access token lifetime in seconds")
    args = parser.parse_args(argv)
    serve(
        args.host,
        args.port,
        media_port=args.media_port,
        seed=args.seed,
        replay=args.replay,
        token_lifetime=args.token_lifetime,
    )


if __name__ == "__main__":
    main()

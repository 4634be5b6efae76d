"""Requests one poll of an unchanged blog costs its owner, watching every event type.

Usage: ``.venv/bin/python -m bench poll``.

The fake Boosty server (a child process, loopback) serves the ``demo`` blog grown to
2,600 and to 10,000 posts. The blog's owner polls it (no handlers: every event type the
owner may watch) until the state holds its snapshot, then polls the unchanged blog once more
and the row counts the API requests of that last poll, as the server logged them:

* ``walk_<n>``: every source walked on every poll (``full_walk_interval=0``: each post's
  comment counter, the subscriber list and the donation sales list), as polls did before
  the notification feed was read (the baseline; it still reads the feed too, one request
  more than those polls made);
* ``feed_<n>``: the default, the notification feed first and only the walks it names
  (target <= 3 at any size).

Request counts do not depend on the machine's speed, so one round suffices.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

SIZES = (2_600, 10_000)
Row = tuple[str, float, str]


def _serve(size: int, pipe: Connection) -> None:
    """Child process: the fake with ``demo`` grown to ``size`` posts, answering the parent's
    ``"count"`` (requests logged since the last ``"clear"``) until ``"stop"``."""
    from boosty.testing import FakeBoosty

    with FakeBoosty() as fake:
        for k in range(size - len(fake.posts("demo"))):
            fake.add_post("demo", title=f"Archive {k}", publish_time=1_500_000_000 + k * 3600)
        pipe.send((fake.base_url, fake.issue_tokens("owner")["access_token"]))
        while True:
            command = pipe.recv()
            if command == "stop":
                break
            if command == "clear":
                fake.clear_requests()
                pipe.send(None)
            else:
                pipe.send(sum(1 for r in fake.requests if r.origin == "api"))


def _requests(size: int, full_walk_interval: float | None) -> int:
    from boosty import Boosty
    from boosty.events import Dispatcher, Poller
    from boosty.events.flow import run_sync

    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    server = context.Process(target=_serve, args=(size, child), daemon=True)
    server.start()
    try:
        base_url, token = parent.recv()
        options: dict[str, Any] = {} if full_walk_interval is None else {"full_walk_interval": full_walk_interval}
        with tempfile.TemporaryDirectory() as folder, Boosty(token, base_url=base_url) as client:
            dispatcher = Dispatcher()
            state = Path(folder) / "events.sqlite3"
            poller = Poller(client, "demo", dispatcher=dispatcher, state=state, **options)
            for _ in range(2):  # the snapshot, then a poll that settles the feed's mark
                run_sync(poller.once(), dispatcher)
            parent.send("clear")
            parent.recv()
            events = run_sync(poller.once(), dispatcher)
            if events:
                raise RuntimeError(f"an unchanged blog produced {len(events)} event(s)")
            parent.send("count")
            count: int = parent.recv()
        parent.send("stop")
        return count
    finally:
        server.join(timeout=30)
        if server.is_alive():
            server.kill()
            server.join()


def run() -> list[Row]:
    rows: list[Row] = []
    for size in SIZES:
        note = f"requests per unchanged poll, {size} posts"
        rows.append((f"walk_{size}", float(_requests(size, 0.0)), f"{note}, every source walked (baseline)"))
        rows.append((f"feed_{size}", float(_requests(size, None)), f"{note}, feed first (target <= 3)"))
    return rows


if __name__ == "__main__":
    for name, value, note in run():
        print(f"{name:<12} {value:>8.0f}  {note}")

"""A stdlib HTTP server on 127.0.0.1 for the tests that need a real socket (timeouts,
proxies, TLS, what a backend puts on the wire)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer


@contextlib.contextmanager
def serving(server: ThreadingHTTPServer, poll_interval: float = 0.5) -> Iterator[ThreadingHTTPServer]:
    """Run ``server`` on a daemon thread for the block (handler threads are daemons too);
    after it, shut the server down, close its socket and wait for the thread."""
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(poll_interval,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)

"""A static HTTP server for the fan-out benchmark, run in its own process:
``python -m bench._static_server BODY_FILE`` prints its port on stdout, then serves
``GET /v1/blog/demo`` (the body file, ``application/json``) until killed.

It is aiohttp's own server, a few times faster than the fake Boosty server, so the figures
show the clients, not the server."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from aiohttp import web


async def main(body: bytes) -> None:
    async def blog(_request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_get("/v1/blog/demo", blog)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
    await site.start()
    port = runner.addresses[0][1]
    print(port, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]).read_bytes()))

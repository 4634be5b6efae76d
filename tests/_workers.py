"""Worker processes for the many-processes tests: ``python -m tests._workers KIND CONFIG_JSON``.

Each kind says ``ready``, waits for the common start time on stdin (see
:func:`tests.redis_support.run_workers`), does its work against the fake server for
``duration`` seconds, and prints one JSON report as its last stdout line.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

import boosty
from boosty import Boosty, CachingSender, RateLimitingSender, SyncSender


def _wait_start(config: dict[str, Any]) -> float:
    """Say ``ready``, read the common start time from stdin and sleep until then."""
    print("ready", flush=True)
    start = float(sys.stdin.readline())
    time.sleep(max(0.0, start - time.time()))
    return start


def tokens(config: dict[str, Any]) -> dict[str, Any]:
    """Call an endpoint that needs a login in a loop while the parent expires the tokens."""
    from boosty._auth.redis_storage import RedisTokenStorage

    storage: Any
    if config["storage"] == "file":
        storage = boosty.FileTokenStorage(config["path"])
    else:
        storage = RedisTokenStorage(config["url"], key=config["key"])
    auth_errors = other_errors = calls = 0
    with Boosty(base_url=config["base_url"], token_storage=storage) as client:
        end = _wait_start(config) + float(config["duration"])
        while time.time() < end:
            try:
                client.current_user()
                calls += 1
            except boosty.AuthError:
                auth_errors += 1
            except boosty.BoostyError as exc:
                other_errors += 1
                print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
            time.sleep(0.02)
    if config["storage"] != "file":
        storage.close()
    return {"calls": calls, "auth_errors": auth_errors, "other_errors": other_errors}


def rate(config: dict[str, Any]) -> dict[str, Any]:
    """Send as fast as the shared bucket allows for ``duration`` seconds."""
    limiter = RateLimitingSender(config["rate"], 1.0, SyncSender(), redis=config["url"], key=config["key"])
    calls = 0
    with Boosty(base_url=config["base_url"], sender=limiter) as client:
        end = _wait_start(config) + float(config["duration"])
        while time.time() < end:
            client.request("GET", "/v1/blog/demo", headers={"X-Worker": str(config["worker"])})
            calls += 1
    return {"calls": calls}


def cache(config: dict[str, Any]) -> dict[str, Any]:
    """One GET through a Redis-backed cache; reports whether it was answered from the cache."""
    sender = CachingSender(sender=SyncSender(), ttl={"/v1/blog/*": 300}, redis=config["url"])
    with Boosty(base_url=config["base_url"], sender=sender) as client:
        _wait_start(config)
        blog = client.blog("demo")
        entries = len(sender)
    return {"title": blog.title, "entries": entries}


def events(config: dict[str, Any]) -> dict[str, Any]:
    """Poll one blog's comments on a shared Redis state; record each handled comment in Redis.

    ``hang``: the first handled comment blocks forever (the parent kills this process).
    """
    import redis

    from boosty.events import EventType

    shared = redis.Redis.from_url(config["url"])
    worker = config["worker"]
    with Boosty(base_url=config["base_url"]) as client:

        @client.on(EventType.NEW_COMMENT)
        def handle(event: Any) -> None:
            shared.rpush("handled", json.dumps([worker, event.comment.int_id, time.time()]))
            if config.get("hang"):
                shared.set("hanging", json.dumps([worker, os.getpid(), event.comment.int_id]))
                time.sleep(3600)

        end = _wait_start(config) + float(config["duration"])
        while time.time() < end:
            client.poll_once("demo", state=config["state"], events=[EventType.NEW_COMMENT])
            time.sleep(0.05)
    shared.close()
    return {"worker": worker}


KINDS = {"tokens": tokens, "rate": rate, "cache": cache, "events": events}

if __name__ == "__main__":
    report = KINDS[sys.argv[1]](json.loads(sys.argv[2]))
    print(json.dumps(report))

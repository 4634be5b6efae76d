"""A real ``redis-server`` on a free loopback port for the tests that share state through Redis.

tests/conftest.py imports the fixtures ``redis_server`` and ``redis_url``. Without
``redis-server`` the tests skip, unless ``CI`` is set: then a missing program fails them
(``scripts/system-deps.sh`` installs it).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``redis://127.0.0.1:PORT`` of a redis-server started for this session (no persistence)."""
    program = shutil.which("redis-server")
    if program is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing under CI: scripts/system-deps.sh installs Debian's redis-server")
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    args = [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen(
        [*args, "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=workdir
    )
    try:
        deadline = time.monotonic() + 10
        while not _ping(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start on port {port}")
            time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck server
            proc.kill()
            proc.wait()


@pytest.fixture
def redis_url(redis_server: str) -> Iterator[str]:
    """The session's Redis (database 0), emptied before and after the test."""
    import redis

    client = redis.Redis.from_url(redis_server)
    try:
        client.flushall()
        yield f"{redis_server}/0"
        client.flushall()
    finally:
        client.close()


def dead_redis_url(password: str = "") -> str:
    """A Redis URL on a loopback port where nothing listens."""
    auth = f":{password}@" if password else ""
    return f"redis://{auth}127.0.0.1:{free_port()}/0"


def run_workers(
    kind: str,
    count: int,
    config: dict[str, object],
    during: Callable[[float], None] | None = None,
    timeout: float = 90,
) -> list[dict[str, object]]:
    """Run ``count`` processes of ``python -m tests._workers kind`` together and return each
    one's JSON report (stdout's last line).

    Each worker says ``ready`` once imported and set up; when all are, they get one common
    start time (unix s, 0.3 s ahead) on stdin, so a loaded machine's slow start-ups never
    shorten the overlap. ``during(start)`` runs in this process meanwhile.
    """
    import json

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests._workers", kind, json.dumps({**config, "worker": n})],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=REPO,
            env=env,
            text=True,
        )
        for n in range(count)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready", f"{kind} worker died"
        start = time.time() + 0.3
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write(f"{start}\n")
            proc.stdin.flush()
        if during is not None:
            during(start)
        reports: list[dict[str, object]] = []
        for proc in procs:
            out, err = proc.communicate(timeout=timeout)
            assert proc.returncode == 0, f"{kind} worker failed: {err[-2000:]}"
            reports.append(json.loads(out.strip().splitlines()[-1]))
        return reports
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.communicate()

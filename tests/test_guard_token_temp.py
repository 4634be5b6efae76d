"""FileTokenStorage cleans the temporary files that processes killed mid-save leave behind,
each holding a full token pair (issue #15 item 8). Real processes, really killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from boosty import Credentials, FileTokenStorage

CHILD = r"""
import os, sys, time
from boosty import Credentials, FileTokenStorage

def stuck(src, dst):  # the process dies between writing the temporary file and the rename
    print("written", flush=True)
    time.sleep(600)

os.replace = stuck
FileTokenStorage(sys.argv[1]).save(Credentials(sys.argv[2], "refresh-" + sys.argv[2], "device", None))
"""


def _killed_mid_save(path: Path, token: str) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), token], stdout=subprocess.PIPE, text=True, cwd=path.parent
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "written"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL


def _temps(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p.name.endswith(".tmp"))


def _age(paths: list[Path], seconds: float) -> None:
    then = time.time() - seconds
    for p in paths:
        os.utime(p, (then, then))


@pytest.mark.parametrize("operation", ["load", "save"])
def test_temp_files_of_killed_saves_are_removed(tmp_path: Path, operation: str) -> None:
    path = tmp_path / "credentials.json"
    storage = FileTokenStorage(path)
    storage.save(Credentials("kept-access", "kept-refresh", "device", None))
    for n in range(2):
        _killed_mid_save(path, f"secret-access-{n}")
    left = _temps(path)
    assert len(left) == 2
    assert all(b"secret-access-" in p.read_bytes() for p in left)  # full tokens on disk
    _age(left, 60)
    fresh = path.parent / f".{path.name}.{'ab' * 6}.tmp"  # another process saving right now
    fresh.write_bytes(b"{}")
    foreign = [path.parent / ".other.json.abababababab.tmp", path.parent / "notes.tmp"]
    for other in foreign:
        other.write_bytes(b"keep")
    _age(foreign, 60)
    if operation == "load":
        loaded = storage.load()
        assert loaded is not None and loaded.access_token == "kept-access"
    else:
        storage.save(Credentials("new-access", "new-refresh", "device", None))
    assert _temps(path) == sorted([fresh, *foreign])  # only the stale ones of this storage went
    assert not any(b"secret-access-" in p.read_bytes() for p in path.parent.iterdir() if p.is_file())


def test_stale_age_is_configurable_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "credentials.json"
    _killed_mid_save(path, "secret-access")
    assert FileTokenStorage(path).remove_stale_temporary_files() == 0  # seconds old: maybe a live save
    assert FileTokenStorage(path, stale_temp_age=0).remove_stale_temporary_files() == 1
    assert _temps(path) == []
    with pytest.raises(ValueError, match="stale_temp_age"):
        FileTokenStorage(path, stale_temp_age=-1)

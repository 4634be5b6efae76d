"""Import times: the client (``from boosty import Boosty``) against ``import httpx`` (the floor:
every client imports it), and the pytest plugin every pytest run loads (no client code).

Each figure is the median of fresh interpreters (``python -c``), so module caches of this
process don't count.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 7


def _import_seconds(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    samples = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        samples.append(float(out))
    return statistics.median(samples)


def run() -> list[tuple[str, float, str]]:
    started = time.perf_counter()
    httpx_s = _import_seconds("import httpx")
    # The package root loads its names on first use: import the client itself.
    boosty_s = _import_seconds("from boosty import Boosty")
    # pytest is imported first so that only the plugin's own cost counts.
    pytest_s = _import_seconds("import pytest")
    plugin_s = _import_seconds("import pytest; import boosty.testing.plugin")
    del started
    return [
        ("import_boosty_ms", boosty_s * 1000, "ms median, fresh interpreter"),
        ("import_boosty_vs_httpx", boosty_s / httpx_s, f"x import httpx ({httpx_s * 1000:.0f} ms)"),
        ("import_pytest_plugin_ms", (plugin_s - pytest_s) * 1000, "ms median over import pytest"),
    ]


if __name__ == "__main__":
    for row in run():
        print(*row)

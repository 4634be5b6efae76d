"""``import boosty`` time, against ``import httpx`` (the floor: every client imports it).

Each figure is the median of fresh interpreters (``python -c``), so module caches of this
process don't count.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 7


def _import_seconds(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    samples = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        samples.append(float(out))
    return statistics.median(samples)


def run() -> list[tuple[str, float, str]]:
    started = time.perf_counter()
    httpx_s = _import_seconds("httpx")
    boosty_s = _import_seconds("boosty")
    del started
    return [
        ("import_boosty_ms", boosty_s * 1000, "ms median, fresh interpreter"),
        ("import_boosty_vs_httpx", boosty_s / httpx_s, f"x import httpx ({httpx_s * 1000:.0f} ms)"),
    ]


if __name__ == "__main__":
    for row in run():
        print(*row)

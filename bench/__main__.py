"""Run every benchmark module of this package and print one table.

Usage: ``.venv/bin/python -m bench [NAME ...]`` from the project root (no NAME: all modules).

The contract for a benchmark module ``bench/<name>.py``:

* it exposes ``run() -> list[tuple[str, float, str]]``: one row per figure, as
  ``(name, value, note)``; ``value`` is a ratio against a baseline measured in the same
  run (e.g. ``1.04`` = 4 % slower than raw httpx) or an absolute figure whose unit the
  note states (e.g. ``"µs median, target <= 10"``);
* it measures against loopback or in-process transports only, never the network;
* it finishes in well under a minute; ``run()`` may print progress to stderr.

Modules whose name starts with ``_`` are helpers and are not run.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path

Row = tuple[str, float, str]


def discover() -> list[str]:
    """The benchmark module names of this package, sorted."""
    folder = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if not m.name.startswith("_"))


def main(argv: list[str]) -> int:
    names = argv or discover()
    unknown = sorted(set(names) - set(discover()))
    if unknown:
        print(f"unknown benchmark module(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    rows: list[tuple[str, Row]] = []
    failed = 0
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        try:
            result = module.run()
        except Exception as exc:  # one broken benchmark must not hide the others
            print(f"bench.{name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            failed += 1
            continue
        rows.extend((name, row) for row in result)
        print(f"bench.{name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    width = max([len(f"{m}.{r[0]}") for m, r in rows] + [9])
    print(f"{'benchmark':<{width}}  {'value':>9}  note")
    for module_name, (label, value, note) in rows:
        print(f"{module_name + '.' + label:<{width}}  {value:>9.3f}  {note}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Import times, each sample in a fresh interpreter (``python -X importtime``-free, plain
``python -c``), the statements interleaved round by round so that load on the machine hits
all alike:

* ``import httpx``: the floor, every client imports it (with the CLI's ``click`` and ``rich``
  installed, httpx imports its own CLI too: it is measured as installed);
* ``from boosty import Boosty`` and ``from boosty import AsyncBoosty``: the client and
  what it needs to send a request (no model, converter, event loop or polling code: each
  model's module loads when an endpoint first parses one);
* ``from boosty import Boosty`` plus every model (``from boosty.models import *``): what
  the import cost when the endpoint mixins imported their models;
* ``import pytest`` and ``import pytest; import boosty.testing.plugin``: the plugin that
  every pytest run in an environment with this package loads;
* the first call after the import: ``Boosty(base_url=...).blog("demo")`` against the fake
  server (run by this process; the child measures its own CPU time only): the client, the
  request, and the ``Blog`` model's modules and parser, loaded and built on this first use.

Bytecode is cached for every contender alike (as ``pip install`` leaves it): the children
write and read ``.pyc`` files under one temporary ``PYTHONPYCACHEPREFIX`` after a warm-up
run, even where ``PYTHONDONTWRITEBYTECODE`` is set (which would make every import of this
checkout compile from source while site-packages has its bytecode).

Figures: CPU time of the import statement (``time.process_time``: other engineers' load on
a shared machine moves wall time by 2-3x between runs, CPU time by a few percent), medians
with min-max in milliseconds, and the client over ``import httpx`` (the
median of per-round ratios).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile

ROUNDS = int(os.environ.get("BENCH_IMPORT_ROUNDS", "15"))

STATEMENTS = {
    "httpx": "import httpx",
    "client": "from boosty import Boosty",
    "async_client": "from boosty import AsyncBoosty",
    "client_models": "from boosty import Boosty; from boosty.models import *",
    "pytest": "import pytest",
    "plugin": "import pytest; import boosty.testing.plugin",
}

Row = tuple[str, float, str]


def _seconds(statement: str, env: dict[str, str]) -> float:
    """CPU seconds of ``statement`` in a fresh interpreter (on an idle machine, about the
    wall time; on a shared one, far steadier)."""
    code = f"import time; t = time.process_time(); {statement}; print(time.process_time() - t)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env).stdout
    return float(out)


def _first_call_seconds(base_url: str, env: dict[str, str]) -> float:
    """CPU seconds of ``Boosty(base_url=base_url).blog("demo")``, the first call after
    ``from boosty import Boosty`` in a fresh interpreter."""
    code = (
        "import time\n"
        "from boosty import Boosty\n"
        "t = time.process_time()\n"
        f"client = Boosty(base_url={base_url!r})\n"
        "blog = client.blog('demo')\n"
        "print(time.process_time() - t)\n"
        "client.close()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env).stdout
    return float(out)


def _spread(values: list[float], scale: float = 1000.0, fmt: str = "{:.0f}") -> str:
    median, low, high = (fmt.format(v * scale) for v in (statistics.median(values), min(values), max(values)))
    return f"{median} ({low}-{high})"


def measure(rounds: int = ROUNDS) -> dict[str, list[float]]:
    """Seconds per statement of :data:`STATEMENTS`, ``rounds`` fresh interpreters each,
    the order reversed every other round."""
    from boosty.testing import FakeBoosty

    times: dict[str, list[float]] = {name: [] for name in [*STATEMENTS, "first_call"]}
    with tempfile.TemporaryDirectory() as cache, FakeBoosty() as fake:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        for statement in STATEMENTS.values():  # warm-up: write the bytecode
            _seconds(statement, env)
        _first_call_seconds(fake.base_url, env)
        for round_ in range(rounds):
            order = list(STATEMENTS) if round_ % 2 == 0 else list(reversed(STATEMENTS))
            for name in order:
                times[name].append(_seconds(STATEMENTS[name], env))
            times["first_call"].append(_first_call_seconds(fake.base_url, env))
    return times


def run() -> list[Row]:
    times = measure()
    ratio = [c / h for c, h in zip(times["client"], times["httpx"])]
    ratio_async = [c / h for c, h in zip(times["async_client"], times["httpx"])]
    ratio_models = [c / h for c, h in zip(times["client_models"], times["httpx"])]
    plugin = [p - b for p, b in zip(times["plugin"], times["pytest"])]
    return [
        ("import_httpx_ms", statistics.median(times["httpx"]) * 1000, f"ms CPU median ({_spread(times['httpx'])})"),
        ("import_boosty_ms", statistics.median(times["client"]) * 1000, f"ms CPU median ({_spread(times['client'])})"),
        (
            "import_boosty_vs_httpx",
            statistics.median(ratio),
            f"x import httpx, per-round ratio {_spread(ratio, 1, '{:.2f}')}; target <= 1.5",
        ),
        (
            "import_async_boosty_vs_httpx",
            statistics.median(ratio_async),
            f"x import httpx, from boosty import AsyncBoosty {_spread(ratio_async, 1, '{:.2f}')}; target <= 1.5",
        ),
        (
            "import_boosty_models_vs_httpx",
            statistics.median(ratio_models),
            f"x import httpx, client + every model {_spread(ratio_models, 1, '{:.2f}')}",
        ),
        (
            "first_blog_call_ms",
            statistics.median(times["first_call"]) * 1000,
            f"ms CPU median, Boosty().blog() right after the import ({_spread(times['first_call'])})",
        ),
        ("import_pytest_plugin_ms", statistics.median(plugin) * 1000, f"ms over import pytest ({_spread(plugin)})"),
    ]


if __name__ == "__main__":
    for row in run():
        print(*row)

"""Print mutmut's results as one row a module: mutants, killed, equivalent, survived, % killed.

Run it from the repository root after a mutation run::

    nox -s mutants                                   # all seven modules, then this table
    nox -s mutants -- 'boosty._sender.retrying*'     # one module's mutants, then this table
    python scripts/mutation_report.py                # the table again, from the stored results
    python scripts/mutation_report.py --survivors    # also list each surviving mutant

It reads ``mutmut results --all true`` (mutmut 3.8, configured in ``[tool.mutmut]`` of
pyproject.toml) and the mutant names listed in ``docs/mutation-equivalents.rst``: a survivor
named there is an *equivalent* mutant (no test can tell it from the original), counted apart
and left out of the percentage. Columns:

* ``mutants``: every mutant of the module; ``checked``: those with a verdict;
* ``killed``: a test failed (or timed out: an endless loop is noticed too);
* ``equivalent``: survivors listed in the equivalents note;
* ``survived``: the other survivors, plus mutants no selected test reaches ("no tests");
* ``% killed``: killed / (checked - equivalent), the issue #15 goal being 90 or more.

Exit status 0, or 1 when mutmut has no results yet (run ``nox -s mutants`` first).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "docs" / "mutation-equivalents.rst"
_LINE = re.compile(r"^\s*(?P<name>\S+__mutmut_\d+): (?P<status>.+?)\s*$")
_MODULE = re.compile(r"^(?P<module>.+?)\.x(?:ǁ|_)")
_NAMED = re.compile(r"boosty\.[\w.ǁ]+__mutmut_\d+")
_KILLED = {"killed", "timeout", "caught by type check", "segfault"}
_SURVIVED = {"survived", "no tests"}


def results() -> dict[str, str]:
    """``{mutant name: status}`` from ``mutmut results --all true`` (empty without a run)."""
    run = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    found = {}
    for line in run.stdout.splitlines():
        match = _LINE.match(line)
        if match:
            found[match["name"]] = match["status"]
    return found


def equivalents() -> set[str]:
    """The mutant names the equivalents note lists."""
    if not EQUIVALENTS.is_file():
        return set()
    return set(_NAMED.findall(EQUIVALENTS.read_text(encoding="utf-8")))


def module_of(name: str) -> str:
    match = _MODULE.match(name)
    return match["module"] if match else name.rsplit(".", 1)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--survivors", action="store_true", help="list each non-equivalent survivor")
    args = parser.parse_args(argv)
    found = results()
    if not found:
        print("no mutmut results: run `nox -s mutants` first", file=sys.stderr)
        return 1
    known = equivalents()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: dict[str, list[str]] = defaultdict(list)
    for name, status in found.items():
        row = counts[module_of(name)]
        row["mutants"] += 1
        if status == "not checked":
            continue
        row["checked"] += 1
        if status in _KILLED:
            row["killed"] += 1
        elif status in _SURVIVED and name in known:
            row["equivalent"] += 1
        else:
            row["survived"] += 1
            survivors[module_of(name)].append(f"{name}: {status}")
    header = f"{'module':<28} {'mutants':>7} {'checked':>7} {'killed':>6} {'equiv.':>6} {'survived':>8} {'% killed':>8}"
    print(header)
    print("-" * len(header))
    for module in sorted(counts):
        row = counts[module]
        judged = row["checked"] - row["equivalent"]
        percent = f"{100.0 * row['killed'] / judged:.1f}" if judged else "-"
        print(
            f"{module:<28} {row['mutants']:>7} {row['checked']:>7} {row['killed']:>6} "
            f"{row['equivalent']:>6} {row['survived']:>8} {percent:>8}"
        )
    if args.survivors:
        for module in sorted(survivors):
            print(f"\n{module}:")
            for line in sorted(survivors[module], key=lambda s: (len(s), s)):
                print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

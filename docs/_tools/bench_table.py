"""Turn the output of ``python -m bench`` into the reST table of ``docs/performance.rst``.

Usage: ``python -m bench | python docs/_tools/bench_table.py`` prints the
table; paste it over the one under "Figures". A ``target <= X`` in a note moves to the
target column (also a bare ``>= X`` ending the note); a note starting with a unit
(``µs``, ``MB``) moves it to the value.
"""

from __future__ import annotations

import re
import sys

_ROW = re.compile(r"(?P<name>\S+)\s+(?P<value>-?[\d.]+)\s+(?P<note>.*)")
_TARGET = re.compile(r"[;,]?\s*(?:target\s*)?(?P<op><=|>=|<|>)\s*(?P<bar>[\d.]+)\s*$")
_UNITS = ("µs", "MB")
HEAD = ("benchmark", "value", "target", "note")


def rows(text: str) -> list[tuple[str, str, str, str]]:
    """``(name, value, target, note)`` cells of each benchmark line of ``text``."""
    out = []
    for line in text.splitlines():
        match = _ROW.fullmatch(line.strip())
        if match is None or match["name"] == "benchmark":
            continue
        note = match["note"]
        target = ""
        found = _TARGET.search(note)
        if found:
            target = f"{found['op']} {found['bar']}"
            note = note[: found.start()].rstrip("; ,")
        note = note.replace("; informational", "").replace("; incl.", ", incl.")
        value = float(match["value"])
        unit = next((u for u in _UNITS if note.startswith(u + " ")), None)
        if unit is not None:
            shown = f"{value:,.1f} {unit}" if value < 1000 else f"{value:,.0f} {unit}"
            note = note[len(unit) :].strip()
        else:
            shown = f"{value:.3f}"
        out.append((f"``{match['name']}``", shown, target, note))
    return out


def table(cells: list[tuple[str, str, str, str]]) -> str:
    """A reST simple table of ``cells`` under :data:`HEAD`."""
    widths = [max(len(row[i]) for row in [HEAD, *cells]) for i in range(4)]
    rule = "  ".join("=" * width for width in widths)
    lines = [rule, "  ".join(c.ljust(w) for c, w in zip(HEAD, widths)).rstrip(), rule]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join([*lines, rule])


if __name__ == "__main__":
    print(table(rows(sys.stdin.read())))

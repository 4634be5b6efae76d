"""What the ``boosty`` command prints: rich tables for a terminal, JSON with ``--json``.

With ``--json`` a single object is one JSON object and a listing is one JSON array with an
item a line (valid JSON, and streamable: items are written as they arrive). The shape is
the API's own (:func:`~boosty.models.to_dict`). Without ``--json`` the same data is a table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import IO, Any, TypeVar

import attrs
from rich import filesize
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .._model.converter import to_dict

__all__ = ["Column", "Output", "cell", "plural", "size_text"]

T = TypeVar("T")


def cell(value: Any) -> str:
    """``value`` as table text: UTC times to the minute, ``Decimal`` plainly, ``None`` empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return str(value.strftime("%Y-%m-%d %H:%M"))
    if isinstance(value, Decimal):
        return str(format(value.normalize(), "f")) if value == value.to_integral() else str(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    return str(value)


def size_text(n: int) -> str:
    """``n`` bytes for people, in decimal units as the progress bars show them
    (:func:`rich.filesize.decimal`): ``1 byte``, ``512 bytes``, ``1.5 kB``, ``30.1 MB``."""
    return filesize.decimal(n)


def plural(count: int, noun: str) -> str:
    """``count`` and ``noun``, with an ``s`` unless ``count`` is 1: ``1 file``, ``2 files``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


@attrs.frozen
class Column:
    """A table column: its ``header`` and how to get its text from a row (``get``)."""

    header: str
    get: Callable[[Any], Any]
    justify: str = "left"
    max_width: int | None = None
    no_wrap: bool = False
    min_width: int | None = None


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if attrs.has(type(value)):
        return to_dict(value)
    return str(value)


def as_json(value: Any) -> str:
    """``value`` (a model, a list of models or plain data) as one line of JSON."""
    data = to_dict(value) if attrs.has(type(value)) else value
    return json.dumps(data, ensure_ascii=False, default=_json_default)


class Output:
    """Prints results to ``stdout`` and status to ``stderr``; ``json_mode`` picks JSON or tables."""

    def __init__(self, json_mode: bool = False, stdout: IO[str] | None = None, stderr: IO[str] | None = None):
        self.json_mode = json_mode
        self._stdout = stdout
        out = stdout if stdout is not None else sys.stdout
        self.console = Console(file=out, soft_wrap=False)
        if not self.console.is_terminal and "COLUMNS" not in os.environ:
            # Piped into a file or a pager: do not squeeze tables into 80 columns.
            self.console = Console(file=out, soft_wrap=False, width=160)
        self.err = Console(file=stderr if stderr is not None else sys.stderr)
        if not self.err.is_terminal:
            # A log file or a pipe: a message (a long path) stays on one line, never cut at 80.
            self.err = Console(file=stderr if stderr is not None else sys.stderr, soft_wrap=True)

    def _write(self, text: str) -> None:
        stream = self._stdout if self._stdout is not None else sys.stdout
        stream.write(text)
        stream.flush()

    # -- single objects -------------------------------------------------------------

    def record(self, value: Any, fields: Iterable[tuple[str, Any]], title: str | None = None) -> None:
        """One object: JSON of ``value``, or a two-column table of ``fields`` (name, value)."""
        if self.json_mode:
            self._write(as_json(value) + "\n")
            return
        table = Table(title=title, show_header=False, box=None, pad_edge=False)
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for name, item in fields:
            table.add_row(name, cell(item))
        self.console.print(table)

    # -- listings ---------------------------------------------------------------------

    def listing(
        self,
        items: Iterable[T],
        columns: list[Column],
        *,
        title: str | None = None,
        label: str = "items",
    ) -> int:
        """A listing: a JSON array (an item a line), or a table; returns the number of items.

        Items from a paging iterator are fetched while a spinner on stderr counts them.
        """
        if self.json_mode:
            count = 0
            for count, item in enumerate(self._counting(items, label), 1):
                self._write(("[\n" if count == 1 else ",\n") + as_json(item))
            self._write("\n]\n" if count else "[]\n")
            return count
        rows = list(self._counting(items, label))
        table = Table(title=title, header_style="bold")
        for col in columns:
            table.add_column(
                col.header,
                justify=col.justify,  # type: ignore[arg-type]
                max_width=col.max_width,
                min_width=col.min_width,
                no_wrap=col.no_wrap,
                overflow="ellipsis" if col.no_wrap else "fold",
            )
        for row in rows:
            table.add_row(*(cell(col.get(row)) for col in columns))
        if rows:
            self.console.print(table)
        else:
            self.err.print(f"no {label}")
        return len(rows)

    def _counting(self, items: Iterable[T], label: str) -> Iterator[T]:
        if not self.err.is_terminal:
            yield from items
            return
        with Progress(
            SpinnerColumn(),
            TextColumn("fetching {task.description}: {task.completed} so far"),
            TimeElapsedColumn(),
            console=self.err,
            transient=True,
        ) as progress:
            task = progress.add_task(label, total=None)
            for item in items:
                progress.advance(task)
                yield item

    # -- text -----------------------------------------------------------------------------

    def text(self, text: str) -> None:
        """Plain text to stdout (never styled, so it pipes cleanly)."""
        self._write(text if text.endswith("\n") else text + "\n")

    def status(self, message: str) -> None:
        """A status line on stderr (never mixed into the data on stdout)."""
        self.err.print(message, highlight=False, markup=False, soft_wrap=True)

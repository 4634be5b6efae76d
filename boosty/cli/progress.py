"""Rich progress bars for ``boosty download``, driven by the downloader's progress events.

One bar a file in flight (bytes, speed, time left) under an overall bar: posts done of the
posts planned so far, and bytes downloaded against the sizes known so far (the files
started). Post lines and errors (one line per failure) are printed above the bars. When
stderr is not a terminal there are no bars, only those lines.
Events may arrive from the downloader's worker thread: rich's :class:`Progress` locks.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

from rich import filesize
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.text import Text

from ..download import progress as steps

__all__ = ["DownloadProgress"]

# A failed post is not listed again: its errors were printed, one line each.
_SHOWN_POST_STATUS = {"new": "new", "updated": "updated", "no_access": "no access"}


def _short(name: str, width: int = 36) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


class _AmountColumn(ProgressColumn):
    """Bytes done of total for a file; for the overall row, the text its task carries."""

    def __init__(self) -> None:
        super().__init__()
        self._download = DownloadColumn()

    def render(self, task: Task) -> Text:
        amount = task.fields.get("amount")
        return Text(str(amount)) if amount is not None else self._download.render(task)


class _SpeedColumn(ProgressColumn):
    """Bytes a second; the overall row shows the speed of all files together."""

    def __init__(self, progress: DownloadProgress) -> None:
        super().__init__()
        self._owner = progress
        self._speed = TransferSpeedColumn()

    def render(self, task: Task) -> Text:
        if task.id == self._owner.overall:
            return self._speed.render(self._owner.progress.tasks[self._owner.bytes_task])
        return self._speed.render(task)


class DownloadProgress:
    """The ``progress=`` callback of a downloader that draws on ``console`` (stderr).

    Use as a context manager around the run; call the instance with each event.
    ``quiet`` prints nothing but errors. ``posts_started`` counts the posts the run began
    to write (0: nothing was written).
    """

    def __init__(self, console: Console, *, quiet: bool = False) -> None:
        self.console = console
        self.quiet = quiet
        self.live = console.is_terminal and not quiet
        self._lock = threading.Lock()
        self._files: dict[str, TaskID] = {}
        self._titles: dict[int, str] = {}
        self._file_totals: dict[str, int] = {}
        self._files_done = 0
        self.posts_planned = 0
        self.posts_done = 0
        self.posts_started = 0
        self.bytes_done = 0
        self.bytes_known = 0
        self.progress = Progress(
            TextColumn("{task.description}", markup=True),
            BarColumn(bar_width=None),
            _AmountColumn(),
            _SpeedColumn(self),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not self.live,
            expand=True,
        )
        self.overall = self.progress.add_task(self._overall_text(), total=None, amount=self.amount_text())
        # Not drawn: its rate is the overall speed in bytes a second.
        self.bytes_task = self.progress.add_task("bytes", total=None, visible=False)

    def _overall_text(self) -> str:
        return f"[bold]total[/bold] ({self._files_done} file{'' if self._files_done == 1 else 's'} done)"

    def amount_text(self) -> str:
        """The overall row's figures: ``posts 3/12 · 1.2 MB/30.1 MB`` (sizes known so far)."""
        known = f"/{filesize.decimal(self.bytes_known)}" if self.bytes_known else ""
        return f"posts {self.posts_done}/{self.posts_planned} · {filesize.decimal(self.bytes_done)}{known}"

    def __enter__(self) -> DownloadProgress:
        self.progress.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.progress.stop()

    def _line(self, text: str) -> None:
        if self.live:
            self.progress.console.print(text, highlight=False)
        else:
            self.console.print(text, highlight=False)

    def __call__(self, event: steps.DownloadEvent) -> None:
        with self._lock:
            self._handle(event)
            self.progress.update(
                self.overall,
                total=self.posts_planned or None,
                completed=self.posts_done,
                amount=self.amount_text(),
                description=self._overall_text(),
            )

    def _handle(self, event: Any) -> None:
        if isinstance(event, steps.PostFound):
            self.posts_planned += 1
        elif isinstance(event, steps.PostStarted):
            self.posts_started += 1
            self._titles[event.int_id] = event.title or event.post_id
        elif isinstance(event, steps.FileStarted):
            label = f"  {escape(_short(event.name))}"
            self._files[event.key] = self.progress.add_task(label, total=event.total, completed=event.done)
            self._file_totals[event.key] = event.total or 0
            self.bytes_known += event.total or 0
            self._bytes(event.done)
        elif isinstance(event, steps.FileProgress):
            task = self._files.get(event.key)
            if task is not None:
                self.progress.update(task, completed=event.done, total=event.total)
            if event.total is not None and self._file_totals.get(event.key) != event.total:
                # The size became known (or changed) mid-transfer.
                self.bytes_known += event.total - self._file_totals.get(event.key, 0)
                self._file_totals[event.key] = event.total
            self._bytes(event.advanced)
        elif isinstance(event, steps.FileFinished):
            task = self._files.pop(event.key, None)
            if task is not None:
                self.progress.remove_task(task)
            self._files_done += 1
        elif isinstance(event, steps.PostFinished):
            title = self._titles.pop(event.int_id, event.post_id)
            self.posts_done += 1
            shown = _SHOWN_POST_STATUS.get(event.status)
            if shown and not self.quiet:
                self._line(f"{shown:>9}  {escape(title)}")
        elif isinstance(event, steps.ErrorOccurred):
            post = self._titles.get(event.int_id) if event.int_id is not None else None
            where = " / ".join(escape(part) for part in (post, event.name) if part)
            self._line(f"[red]failed[/red]{f' ({where})' if where else ''}: {escape(event.message)}")

    def _bytes(self, advanced: int) -> None:
        self.bytes_done += advanced
        self.progress.advance(self.bytes_task, advanced)

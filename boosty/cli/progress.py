"""Rich progress bars for ``boosty download``, driven by the downloader's progress events.

One bar a file in flight (bytes, speed, time left) under an overall bar (bytes of every
file started so far, speed, files done). Finished posts and errors are printed as lines
above the bars. When stderr is not a terminal there are no bars, only those lines.
Events may arrive from the downloader's worker thread: rich's :class:`Progress` locks.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from ..download.progress import (
    DownloadEvent,
    ErrorOccurred,
    FileFinished,
    FileProgress,
    FileStarted,
    PostFinished,
    PostStarted,
)

__all__ = ["DownloadProgress"]

_SHOWN_POST_STATUS = {"new": "new", "updated": "updated", "no_access": "no access", "failed": "FAILED"}


def _short(name: str, width: int = 36) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


class DownloadProgress:
    """The ``progress=`` callback of a downloader that draws on ``console`` (stderr).

    Use as a context manager around the run; call the instance with each event.
    ``quiet`` prints nothing but errors.
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
        self._posts_done = 0
        self.progress = Progress(
            TextColumn("{task.description}", markup=True),
            BarColumn(bar_width=None),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not self.live,
            expand=True,
        )
        self._overall = self.progress.add_task(self._overall_text(), total=0, start=True)

    def _overall_text(self) -> str:
        posts = f"{self._posts_done} post{'s' if self._posts_done != 1 else ''}"
        return f"[bold]total[/bold] ({posts}, {self._files_done} files done)"

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

    def __call__(self, event: DownloadEvent) -> None:
        with self._lock:
            self._handle(event)

    def _handle(self, event: Any) -> None:
        if isinstance(event, PostStarted):
            self._titles[event.int_id] = event.title or event.post_id
        elif isinstance(event, FileStarted):
            label = f"  {escape(_short(event.name))}"
            total = event.total
            self._files[event.key] = self.progress.add_task(label, total=total, completed=event.done)
            self._file_totals[event.key] = total or 0
            overall = self.progress.tasks[self._overall]
            self.progress.update(
                self._overall,
                total=(overall.total or 0) + (total or 0),
                completed=overall.completed + event.done,
            )
        elif isinstance(event, FileProgress):
            task = self._files.get(event.key)
            if task is not None:
                self.progress.update(task, completed=event.done, total=event.total)
            if event.total is not None and self._file_totals.get(event.key) != event.total:
                # The size became known (or changed) mid-transfer: fix the overall total.
                delta = event.total - self._file_totals.get(event.key, 0)
                self._file_totals[event.key] = event.total
                overall = self.progress.tasks[self._overall]
                self.progress.update(self._overall, total=(overall.total or 0) + delta)
            self.progress.advance(self._overall, event.advanced)
        elif isinstance(event, FileFinished):
            task = self._files.pop(event.key, None)
            if task is not None:
                self.progress.remove_task(task)
            self._files_done += 1
            self.progress.update(self._overall, description=self._overall_text())
            if event.status == "failed":
                self._line(f"[red]failed[/red] {escape(event.name)}")
        elif isinstance(event, PostFinished):
            title = self._titles.pop(event.int_id, event.post_id)
            self._posts_done += 1
            self.progress.update(self._overall, description=self._overall_text())
            shown = _SHOWN_POST_STATUS.get(event.status)
            if shown and not self.quiet:
                self._line(f"{shown:>9}  {escape(title)}")
        elif isinstance(event, ErrorOccurred):
            where = f" ({escape(event.name)})" if event.name else ""
            self._line(f"[red]error[/red]{where}: {escape(event.message)}")

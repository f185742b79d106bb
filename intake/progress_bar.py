"""The CLI's progress: a rich bar on a terminal, nothing when piped."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from intake.model import ProcessedPage


class TerminalProgress:
    def __init__(self) -> None:
        self._console = Console(stderr=True)
        self._bar = Progress(TextColumn("[bold]pages"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("{task.fields[last]}"), TimeRemainingColumn(),
                             console=self._console, transient=True)
        self._task = None

    @classmethod
    def if_terminal(cls) -> "TerminalProgress | None":
        return cls() if sys.stderr.isatty() else None

    def start(self, total_pages: int) -> None:
        self._bar.start()
        self._task = self._bar.add_task("pages", total=total_pages, last="")

    def page_done(self, page: ProcessedPage) -> None:
        self._bar.update(self._task, advance=1, last=f"{page.source} p{page.source_page} {page.kind}")

    def file_failed(self, source: str, code: str, message: str) -> None:
        self._console.print(f"[red]failed[/red] {source}: {code}: {message}")

    def finish(self) -> None:
        self._bar.stop()

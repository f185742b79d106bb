"""One small interface for progress on long work: a bar in the CLI, events elsewhere."""

from __future__ import annotations

from typing import Protocol

from intake.model import ProcessedPage


class ProgressReporter(Protocol):
    def start(self, total_pages: int) -> None: ...

    def page_done(self, page: ProcessedPage) -> None: ...

    def file_failed(self, source: str, code: str, message: str) -> None: ...

    def finish(self) -> None: ...


class SilentProgress:
    """Reports nothing: for library use and tests."""

    def start(self, total_pages: int) -> None:
        pass

    def page_done(self, page: ProcessedPage) -> None:
        pass

    def file_failed(self, source: str, code: str, message: str) -> None:
        pass

    def finish(self) -> None:
        pass

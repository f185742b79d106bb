"""The service's health: database, free disk in the data folder, tesseract with the
OCR languages. Each check answers ``CheckResult``; none raises."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from intake.store import Store
from ocr.engine import OcrEngineError, available_languages, tesseract_version

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    detail: str


def check_database(store: Store) -> CheckResult:
    try:
        with store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        log.error("database check failed: %s", exc)
        return CheckResult(False, f"database unreachable: {type(exc).__name__}")
    return CheckResult(True, store.engine.dialect.name)


def check_disk(folder: Path, min_free_bytes: int) -> CheckResult:
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        return CheckResult(False, f"cannot read free space of {folder}: {exc.strerror}")
    detail = f"{free / 2**30:.1f} GiB free (minimum {min_free_bytes / 2**30:.1f} GiB)"
    return CheckResult(free >= min_free_bytes, detail)


class TesseractCheck:
    """Runs ``tesseract --version`` and ``--list-langs`` at most once per
    ``cache_seconds``: health probes come often, tesseract does not change."""

    def __init__(self, tesseract_cmd: str = "tesseract", languages: str = "vie+eng",
                 cache_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self._cmd = tesseract_cmd
        self._languages = {lang for lang in languages.split("+") if lang}
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: tuple[float, CheckResult] | None = None

    def __call__(self) -> CheckResult:
        with self._lock:
            now = self._clock()
            if self._cached is None or now - self._cached[0] >= self._cache_seconds:
                self._cached = (now, self._run())
            return self._cached[1]

    def _run(self) -> CheckResult:
        try:
            version = tesseract_version(self._cmd)
            missing = self._languages - available_languages(self._cmd)
        except OcrEngineError as exc:
            log.error("tesseract check failed: %s", exc.message)
            return CheckResult(False, exc.message)
        if missing:
            return CheckResult(False, f"tesseract {version} lacks {', '.join(sorted(missing))}")
        return CheckResult(True, f"tesseract {version} with {'+'.join(sorted(self._languages))}")

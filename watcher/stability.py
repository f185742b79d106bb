"""Decide when a file a scanner is writing has become a complete scan.

Scanners write slowly, in chunks, often over SMB, and some first create a 0-byte
placeholder. The tracker is fed paths (from events and rescans); each ``settled()`` call
stats every tracked path and reports a file once its size and mtime have not changed for
``settle_seconds``, it is not empty, it opens for reading and it passes ``check_file``.

- A file that keeps changing is never reported.
- A 0-byte file is never ready; one that stays empty for ``empty_grace_seconds`` is
  reported with an ``EmptyFileError`` (the watcher quarantines it).
- A file that fails ``check_file`` is checked again after another quiet ``settle_seconds``
  (a scanner may have paused mid-file); failing twice unchanged, it is reported with the
  ``InputError`` the check raised.
- A file that cannot be opened (permissions, a lock on the share) stays tracked and is
  tried again on the next call.
- A path that vanished, or is a folder or a symlink, is dropped without a report.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from intake.errors import EmptyFileError, InputError

log = logging.getLogger(__name__)

CheckFile = Callable[[Path], None]
Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class StabilityOptions:
    settle_seconds: float = 5.0
    empty_grace_seconds: float = 300.0


@dataclass(frozen=True, slots=True)
class SettledFile:
    """A file that stopped changing: ready when ``error`` is None, else to be quarantined."""

    path: Path
    size: int
    error: InputError | None = None


@dataclass(slots=True)
class _Watch:
    signature: tuple[int, int] | None = None
    since: float = 0.0
    failed_check_at: float | None = None
    warned: bool = False


def _accept_any(path: Path) -> None:
    return None


class StabilityTracker:
    """Thread-safe: ``observe`` may be called from observer threads while ``settled`` runs."""

    def __init__(
        self,
        options: StabilityOptions = StabilityOptions(),
        *,
        check_file: CheckFile = _accept_any,
        clock: Clock = time.monotonic,
    ):
        self._options = options
        self._check_file = check_file
        self._clock = clock
        self._watches: dict[Path, _Watch] = {}
        self._lock = threading.Lock()

    def observe(self, path: Path) -> None:
        """Start tracking ``path`` (repeat calls are harmless: they do not restart the clock)."""
        with self._lock:
            self._watches.setdefault(Path(path), _Watch())

    def forget(self, path: Path) -> None:
        with self._lock:
            self._watches.pop(Path(path), None)

    def tracked(self) -> list[Path]:
        with self._lock:
            return list(self._watches)

    def settled(self) -> list[SettledFile]:
        """Stat every tracked path; return (and stop tracking) those that are done."""
        done = []
        for path in self.tracked():
            with self._lock:
                watch = self._watches.get(path)
            if watch is None:
                continue
            outcome = self._examine(path, watch)
            if outcome is not None:
                self.forget(path)
                if isinstance(outcome, SettledFile):
                    done.append(outcome)
        return done

    def _examine(self, path: Path, watch: _Watch) -> SettledFile | bool | None:
        """A SettledFile when done, True when the path is gone, None to keep watching."""
        try:
            status = os.stat(path, follow_symlinks=False)
        except FileNotFoundError:
            return True
        except OSError as exc:
            self._warn_once(watch, "cannot stat %s: %s", path, exc)
            return None
        if not stat.S_ISREG(status.st_mode):
            return True
        now = self._clock()
        signature = (status.st_size, status.st_mtime_ns)
        if signature != watch.signature:
            watch.signature, watch.since, watch.failed_check_at, watch.warned = signature, now, None, False
            return None
        quiet = now - watch.since
        if status.st_size == 0:
            if quiet < self._options.empty_grace_seconds:
                return None
            return SettledFile(path, 0, EmptyFileError(f"still empty after {quiet:.0f} s", source=path.name))
        if quiet < self._options.settle_seconds:
            return None
        return self._check(path, watch, status.st_size, now)

    def _check(self, path: Path, watch: _Watch, size: int, now: float) -> SettledFile | None:
        try:
            with open(path, "rb") as stream:
                stream.read(1)
            self._check_file(path)
        except InputError as exc:
            return self._confirm_failure(path, watch, size, now, exc)
        except OSError as exc:
            self._warn_once(watch, "cannot read %s yet (will retry): %s", path, exc)
            return None
        except Exception as exc:  # a bug in a check must not block the file forever
            log.exception("checking %s failed unexpectedly", path)
            error = InputError(f"file check failed: {type(exc).__name__}: {exc}", source=path.name)
            return self._confirm_failure(path, watch, size, now, error)
        return SettledFile(path, size)

    def _confirm_failure(
        self, path: Path, watch: _Watch, size: int, now: float, error: InputError
    ) -> SettledFile | None:
        if watch.failed_check_at is None:
            log.info("%s failed its check (%s); checking again once it stays unchanged", path, error.code)
            watch.failed_check_at = now
            return None
        if now - watch.failed_check_at < self._options.settle_seconds:
            return None
        return SettledFile(path, size, error)

    @staticmethod
    def _warn_once(watch: _Watch, message: str, *args: object) -> None:
        if not watch.warned:
            log.warning(message, *args)
            watch.warned = True

"""The folder watcher: find, stabilise, claim and hand over the scans dropped into stations.

One watchdog observer per station (native, or polling for network shares) only *notices*
paths and feeds them to a ``StabilityTracker``. A single worker thread does everything
else, in order: at start it hands over claims a previous run left behind and takes in
the files already present; then every tick it claims the files the tracker reports
ready and hands each to ``on_claimed``; every ``rescan_seconds`` it walks the folders
again (catching what events missed), re-watches folders that appeared or whose observer
died, and retries hand-overs that failed.

One bad file never stops the watcher: an ``InputError`` (from the file check or from
``on_claimed``) sends the file to quarantine with its code; an ``OSError`` is logged and
retried at the next rescan; any other exception from ``on_claimed`` is retried until
``max_handover_attempts``, then the file is quarantined as ``handover_failed``.
``on_claimed`` is called at least once per claim; it must be idempotent on ``claim_id``.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.api import BaseObserver

from intake.errors import InputError
from intake.logcontext import log_context
from watcher.claim import ClaimedScan, claim_file, forget_claim, mark_handed_over, record_failed_handover
from watcher.file_check import default_check_file
from watcher.ignore import is_ignored, make_ignore_rules
from watcher.observer import choose_observer_mode, make_observer
from intake.quarantine import quarantine
from watcher.recovery import recover_claims
from watcher.stability import CheckFile, SettledFile, StabilityOptions, StabilityTracker
from watcher.stations import ObserverMode, Station, StationConfigError, check_stations

log = logging.getLogger(__name__)

HANDOVER_FAILED = "handover_failed"


@dataclass(frozen=True, slots=True)
class WatcherStatus:
    running: bool
    watching: tuple[str, ...]  # station names with a live observer
    tracked: int  # files waiting to settle
    claimed: int
    quarantined: int
    rescans: int


class _StationEvents(FileSystemEventHandler):
    """Passes the paths of a station's events on to the watcher; decides nothing."""

    def __init__(self, watcher: FolderWatcher, station: Station):
        self._watcher = watcher
        self._station = station

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("deleted", "opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return
        path = event.dest_path if event.event_type == "moved" else event.src_path
        self._watcher.notice(Path(os.fsdecode(path)), self._station, is_directory=event.is_directory)


class FolderWatcher:
    """Watches ``stations``; claims into ``work_dir/claimed``; bad files go to ``quarantine_dir``.

    ``check_file`` raises an ``InputError`` for a file that is no usable scan (default:
    ``intake.sources.sniff_format`` when available). Use as a context manager, or call
    ``start()`` and ``stop()``. Not for two watchers sharing one ``work_dir``.
    """

    def __init__(
        self,
        stations: Iterable[Station],
        work_dir: Path,
        quarantine_dir: Path,
        on_claimed: Callable[[ClaimedScan], None],
        *,
        settle_seconds: float = 5.0,
        rescan_seconds: float = 30.0,
        check_file: CheckFile | None = None,
        empty_grace_seconds: float = 300.0,
        ignore_patterns: Iterable[str] = (),
        polling_seconds: float = 1.0,
        max_handover_attempts: int = 3,
        on_quarantined: Callable[[Path], None] | None = None,
    ):
        self._stations = list(stations)
        check_stations(self._stations)
        self._work_dir = Path(os.path.abspath(work_dir))
        self._quarantine_dir = Path(os.path.abspath(quarantine_dir))
        _check_own_folders(self._stations, (self._work_dir, self._quarantine_dir))
        self._on_claimed = on_claimed
        self._on_quarantined = on_quarantined
        self._rescan_seconds = rescan_seconds
        self._tick_seconds = max(0.05, min(1.0, settle_seconds / 4))
        self._polling_seconds = polling_seconds
        self._max_handover_attempts = max_handover_attempts
        self._rules = {
            station.name: make_ignore_rules(
                extra_patterns=(*ignore_patterns, *station.ignore),
                own_folders=(self._work_dir, self._quarantine_dir),
            )
            for station in self._stations
        }
        self._tracker = StabilityTracker(
            StabilityOptions(settle_seconds=settle_seconds, empty_grace_seconds=empty_grace_seconds),
            check_file=check_file or default_check_file(),
        )
        self._observers: dict[str, BaseObserver] = {}
        self._folders_to_walk: dict[Path, Station] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._worker: threading.Thread | None = None
        self._missing_reported: set[str] = set()
        self._claimed = self._quarantined = self._rescans = 0

    # -- life cycle -------------------------------------------------------------------

    def start(self) -> None:
        if self._worker is not None:
            raise RuntimeError("the folder watcher is already running")
        self._stopping.clear()
        for station in self._stations:
            self._watch_station(station)
        self._worker = threading.Thread(target=self._run, name="intake-folder-watcher", daemon=True)
        self._worker.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop observing and wait for the worker to finish the file it is handing over."""
        self._stopping.set()
        if self._worker is not None:
            self._worker.join(timeout)
            if self._worker.is_alive():  # kept, so that start() cannot run a second worker beside it
                log.warning("the watcher thread did not stop within %.0f s (a hand-over is hanging?)", timeout)
            else:
                self._worker = None
        observers = list(self._observers.values())
        self._observers.clear()
        for observer in observers:
            observer.stop()
        for observer in observers:
            observer.join(timeout)

    def __enter__(self) -> FolderWatcher:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def status(self) -> WatcherStatus:
        return WatcherStatus(
            running=self._worker is not None and self._worker.is_alive(),
            watching=tuple(name for name, observer in list(self._observers.items()) if observer.is_alive()),
            tracked=len(self._tracker.tracked()),
            claimed=self._claimed,
            quarantined=self._quarantined,
            rescans=self._rescans,
        )

    # -- noticing paths (observer threads and the worker) ----------------------------

    def notice(self, path: Path, station: Station, *, is_directory: bool = False) -> None:
        """A path in ``station``'s folder appeared or changed."""
        if is_ignored(path, station.folder, self._rules[station.name]):
            return
        if is_directory:
            with self._lock:
                self._folders_to_walk[path] = station
        else:
            self._tracker.observe(path)

    def _walk(self, folder: Path, station: Station) -> None:
        rules = self._rules[station.name]
        for root, folders, files in os.walk(folder, onerror=_log_walk_error):
            here = Path(root)
            folders[:] = [name for name in folders if not is_ignored(here / name, station.folder, rules)]
            for name in files:
                self.notice(here / name, station)

    def _walk_noticed_folders(self) -> None:
        with self._lock:
            folders, self._folders_to_walk = self._folders_to_walk, {}
        for folder, station in folders.items():
            self._walk(folder, station)

    # -- the worker thread -------------------------------------------------------------

    def _run(self) -> None:
        self._guarded(self._rescan)
        next_rescan = time.monotonic() + self._rescan_seconds
        while not self._stopping.wait(self._tick_seconds):
            self._guarded(self._walk_noticed_folders)
            self._guarded(self._take_settled)
            if time.monotonic() >= next_rescan:
                self._guarded(self._rescan)
                next_rescan = time.monotonic() + self._rescan_seconds

    def _guarded(self, step: Callable[[], None]) -> None:
        try:
            step()
        except Exception:
            log.exception("watcher step %s failed; carrying on", step.__name__)

    def _rescan(self) -> None:
        """Retry pending hand-overs, re-watch, and walk every station folder."""
        self._hand_over_pending()
        for station in self._stations:
            self._watch_station(station)
            if station.folder.is_dir():
                self._walk(station.folder, station)
        self._rescans += 1

    def _take_settled(self) -> None:
        for settled in self._tracker.settled():
            station = self._station_for(settled.path)
            if station is None:
                continue
            with log_context(station=station.name):
                if settled.error is not None:
                    self._quarantine_unclaimed(settled, station)
                else:
                    self._claim(settled.path, station)

    def _claim(self, path: Path, station: Station) -> None:
        try:
            scan = claim_file(path, station=station, work_dir=self._work_dir)
        except OSError as exc:
            log.warning("could not claim %s (will retry at the next rescan): %s", path, exc)
            return
        if scan is None:
            return
        self._claimed += 1
        log.info("claimed %s (%d bytes, sha256 %.12s) as %s", scan.original_name, scan.size, scan.sha256,
                 scan.claimed_path.name)
        self._hand_over(scan)

    def _hand_over(self, scan: ClaimedScan) -> None:
        try:
            self._on_claimed(scan)
        except InputError as exc:
            self._quarantine_claimed(scan, exc.code, exc.message)
            return
        except OSError as exc:
            log.warning("handing over %s failed (will retry at the next rescan): %s", scan.original_name, exc)
            return
        except Exception as exc:
            log.exception("handing over %s failed", scan.original_name)
            self._count_failed_handover(scan, exc)
            return
        try:
            mark_handed_over(scan)
        except OSError as exc:
            log.warning("could not mark %s handed over (it will be handed over again): %s", scan.claim_id, exc)

    def _count_failed_handover(self, scan: ClaimedScan, exc: Exception) -> None:
        try:
            attempts = record_failed_handover(scan)
        except (OSError, ValueError) as record_exc:
            log.warning("could not count the failed hand-over of %s: %s", scan.claim_id, record_exc)
            return
        if attempts >= self._max_handover_attempts:
            message = f"hand-over failed {attempts} times; last: {type(exc).__name__}: {exc}"
            self._quarantine_claimed(scan, HANDOVER_FAILED, message)

    def _hand_over_pending(self) -> None:
        for scan in recover_claims(self._work_dir):
            with log_context(station=scan.station.name):
                log.info("handing over %s (claimed %s) again", scan.original_name, scan.claimed_at.isoformat())
                self._hand_over(scan)

    # -- quarantine --------------------------------------------------------------------

    def _quarantine_unclaimed(self, settled: SettledFile, station: Station) -> None:
        error = settled.error
        assert error is not None
        try:
            target = quarantine(settled.path, code=error.code, message=error.message, station=station.name,
                                quarantine_dir=self._quarantine_dir)
        except FileNotFoundError:
            return
        except OSError as exc:
            log.warning("could not quarantine %s (will retry at the next rescan): %s", settled.path, exc)
            return
        self._quarantined += 1
        self._announce_quarantined(target)

    def _quarantine_claimed(self, scan: ClaimedScan, code: str, message: str) -> None:
        try:
            target = quarantine(scan.claimed_path, code=code, message=message, station=scan.station.name,
                                quarantine_dir=self._quarantine_dir, original_name=scan.original_name,
                                original_path=scan.original_path)
        except OSError as exc:
            log.error("could not quarantine claimed %s (will retry at the next rescan): %s", scan.claim_id, exc)
            return
        forget_claim(scan)
        self._quarantined += 1
        self._announce_quarantined(target)

    def _announce_quarantined(self, target: Path) -> None:
        """Tell the owner (the service records it as a quarantined scan); never fatal."""
        if self._on_quarantined is None:
            return
        try:
            self._on_quarantined(target)
        except Exception:  # noqa: BLE001 - the file is safe in quarantine either way
            log.exception("could not announce quarantined %s", target.name)

    # -- observers ---------------------------------------------------------------------

    def _watch_station(self, station: Station) -> None:
        current = self._observers.get(station.name)
        if self._stopping.is_set() or (current is not None and current.is_alive()):
            return
        if not station.folder.is_dir():
            if station.name not in self._missing_reported:
                log.error("station %s: folder %s does not exist; looking again at each rescan",
                          station.name, station.folder)
                self._missing_reported.add(station.name)
            return
        self._missing_reported.discard(station.name)
        mode = choose_observer_mode(station.observer, station.folder)
        try:
            observer = self._start_observer(station, mode)
        except OSError as exc:  # e.g. the inotify watch limit: polling still works
            log.warning("station %s: %s observer failed (%s); polling instead", station.name, mode, exc)
            mode = ObserverMode.POLLING
            observer = self._start_observer(station, mode)
        self._observers[station.name] = observer
        log.info("station %s: watching %s (%s)", station.name, station.folder, mode)

    def _start_observer(self, station: Station, mode: ObserverMode) -> BaseObserver:
        observer = make_observer(mode, polling_seconds=self._polling_seconds)
        observer.schedule(_StationEvents(self, station), str(station.folder), recursive=True)
        observer.start()
        return observer

    def _station_for(self, path: Path) -> Station | None:
        return next((station for station in self._stations if path.is_relative_to(station.folder)), None)


def _check_own_folders(stations: list[Station], own_folders: tuple[Path, ...]) -> None:
    for station in stations:
        for own in own_folders:
            if own == station.folder or station.folder.is_relative_to(own):
                raise StationConfigError(
                    f"station {station.name!r} watches {station.folder}, which is the watcher's own "
                    f"folder {own} or inside it"
                )


def _log_walk_error(exc: OSError) -> None:
    log.warning("cannot list %s: %s", exc.filename, exc)

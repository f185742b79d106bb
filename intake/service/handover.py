"""From the watcher's claim to a scan in the store, exactly once per claim.

The watcher delivers a claim at least once (again after a crash, with the same claim).
``receive_claim`` makes that exactly once:

- the claim's ``claimed_at`` becomes the scan's ``received_at``; a scan with the claim's
  sha256 and that exact time is this very claim, already taken in: the claim is only
  discarded (a byte-identical file dropped later has another time, and is recorded as a
  duplicate as it should be);
- reception moves a hard link of the claimed file, not the claimed file itself, so a
  crash before reception commits leaves the claim complete, to be delivered again;
- once the scan is in the store, the claimed file is deleted; the watcher then marks
  the claim handed over, and ``clear_handed_over_claims`` removes that manifest later.

Files that fail the checks are quarantined by reception (moved with a JSON reason, and
recorded with ``scan.quarantined``), not by the watcher, which would not tell the store:
``ArrivalCheck`` lets the watcher's stability tracker see a failed check once (so a
scanner pausing mid-file gets another quiet period) and then lets the file be claimed.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Callable

from sqlalchemy import select

from intake.errors import InputError
from intake.logcontext import log_context
from intake.reception import ReceivedScan, quarantine_scan, receive_file
from intake.store import Store
from intake.store.tables import Scan
from watcher.claim import HANDED_OVER_SUFFIX, ClaimedScan, claimed_folder
from intake.durable import read_json

log = logging.getLogger(__name__)

CheckFile = Callable[[Path], object]
WORK_FOLDER = "work"  # the service's work area in the data folder (claims, hand-overs, temp files)
HANDOVER_FOLDER = "handover"


class ArrivalCheck:
    """A file check for the watcher that fails a given file version only for its first
    ``settle_seconds``: long enough for the tracker to wait for a paused scanner, after
    which the file is claimed and ``receive_claim`` quarantines it through reception."""

    def __init__(self, check: CheckFile, settle_seconds: float, clock: Callable[[], float] = time.monotonic):
        self._check, self._settle, self._clock = check, settle_seconds, clock
        self._failed: dict[tuple[Path, int, int], float] = {}
        self._lock = threading.Lock()

    def __call__(self, path: Path) -> None:
        try:
            self._check(path)
            return
        except InputError:
            status = os.stat(path)
            key, now = (Path(path), status.st_size, status.st_mtime_ns), self._clock()
            with self._lock:
                self._forget_older_than(now - 10 * self._settle - 60)
                first = self._failed.setdefault(key, now)
                if now - first < self._settle:
                    raise
                del self._failed[key]
        log.info("%s still fails its check; claiming it for quarantine", path.name)

    def _forget_older_than(self, moment: float) -> None:
        for key in [key for key, first in self._failed.items() if first < moment]:
            del self._failed[key]


def receive_claim(store: Store, claim: ClaimedScan, data_dir: Path, check: CheckFile) -> ReceivedScan | None:
    """Take a claimed file in as a scan (or quarantine it), then delete the claimed file.

    None when the claim had been taken in before. Errors other than a failed check
    propagate with the claim intact, for the watcher to retry.
    """
    with log_context(station=claim.station.name):
        received = None
        if _already_received(store, claim):
            log.info("%s (claim %s) was taken in before", claim.original_name, claim.claim_id)
        else:
            link = _handover_copy(claim, data_dir / WORK_FOLDER / HANDOVER_FOLDER)
            try:
                received = _receive(store, link, claim, data_dir, check)
            finally:
                link.unlink(missing_ok=True)
        claim.claimed_path.unlink(missing_ok=True)
        return received


def clear_handed_over_claims(work_dir: Path) -> int:
    """Remove the manifests of claims handed over whose file is gone; how many."""
    folder = claimed_folder(work_dir)
    removed = 0
    for manifest in folder.glob(f"*{HANDED_OVER_SUFFIX}") if folder.is_dir() else ():
        try:
            claimed = folder / read_json(manifest)["claimed_name"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("cannot read %s: %s", manifest.name, exc)
            continue
        if not claimed.exists():
            manifest.unlink(missing_ok=True)
            removed += 1
    return removed


def clear_handover_copies(data_dir: Path) -> None:
    """At start: links left by a crash are spare (their claims still hold the files)."""
    folder = data_dir / WORK_FOLDER / HANDOVER_FOLDER
    if folder.is_dir():
        for entry in folder.iterdir():
            entry.unlink(missing_ok=True)


def _receive(store: Store, link: Path, claim: ClaimedScan, data_dir: Path, check: CheckFile) -> ReceivedScan:
    unit = claim.station.unit or None
    try:
        check(link)
    except InputError as exc:
        return quarantine_scan(store, link, exc, original_name=claim.original_name,
                               station=claim.station.name, unit_code=unit, received_at=claim.claimed_at,
                               data_dir=data_dir)
    return receive_file(store, link, original_name=claim.original_name, station=claim.station.name,
                        unit_code=unit, received_at=claim.claimed_at, data_dir=data_dir)


def _already_received(store: Store, claim: ClaimedScan) -> bool:
    with store.read_session() as session:
        found = session.scalar(select(Scan.id).where(Scan.sha256 == claim.sha256,
                                                     Scan.received_at == claim.claimed_at).limit(1))
    return found is not None


def _handover_copy(claim: ClaimedScan, folder: Path) -> Path:
    """A second name for the claimed file (a copy across filesystems), keeping its
    extension, which the format check compares with the content."""
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / f"{claim.claim_id}{Path(claim.original_name).suffix.lower()}"
    link.unlink(missing_ok=True)
    try:
        os.link(claim.claimed_path, link)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copyfile(claim.claimed_path, link)
    return link

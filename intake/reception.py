"""Taking a scan in: from a file on disk (dropped in a watched folder or uploaded) to a
durable scan, job and event in the store.

Files live under the data folder: ``originals/<sha[:2]>/<sha>-<safe name>`` while they
wait for (and go through) processing, ``quarantine/`` with a JSON reason beside each
when they cannot be taken. A scan's ``archive_path`` names its file relative to the
data folder (``scan_file_path`` turns it back into a path), so the folder may move.
The original is kept until its dossiers are committed; whoever commits them removes it.

Layering note: the quarantine move and safe names are the watcher's
(``intake.quarantine``, ``intake.naming``, ``intake.durable``), reused here so that a
dropped file and an upload end up alike.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from intake.errors import IntakeError
from intake.logcontext import log_context
from intake.sources import sniff_format
from intake.store import (
    ConflictError,
    LocalBlobStore,
    ScanState,
    Store,
    create_scan,
    enqueue_job,
    get_scan,
    hash_file,
    record_quarantined_scan,
    requeue_quarantined_scan,
)
from intake.store.tables import Scan
from intake.durable import move_file, read_json
from intake.naming import free_path, safe_file_name
from intake.quarantine import quarantine, reason_path_for

log = logging.getLogger(__name__)

ORIGINALS = "originals"
QUARANTINE = "quarantine"
INCOMING = "incoming"  # uploads being received (same filesystem as the rest)
_NAME_BYTES = 120


@dataclass(frozen=True, slots=True)
class ReceivedScan:
    scan_id: int
    sha256: str
    size: int
    state: ScanState
    duplicate_of: int | None
    job_id: int | None
    path: Path | None  # where the file is kept; None for a duplicate (the first one is kept)
    error_code: str | None = None
    error_message: str | None = None


def receive_file(store: Store, path: Path, *, original_name: str, station: str | None,
                 unit_code: str | None, received_at: datetime | None = None,
                 data_dir: Path | None = None) -> ReceivedScan:
    """Take in a checked scan file: keep it under ``originals/``, record scan, job and
    ``scan.received`` in one transaction. A byte-identical copy of a known scan is
    recorded as its duplicate (no job) and its file dropped.

    ``data_dir`` defaults to the folder the store was opened on. If the transaction
    fails, the file is put back at ``path``.
    """
    data_dir = resolve_data_dir(store, data_dir)
    path = Path(path)
    target, sha256, size = _move_to_originals(path, data_dir, original_name)
    with log_context(scan=original_name, station=station):
        try:
            with store.session() as session:
                scan = create_scan(session, sha256=sha256, original_filename=original_name,
                                   size=size, station=station, unit_code=unit_code,
                                   archive_path=_relative(target, data_dir),
                                   received_at=received_at)
                job = None
                if scan.duplicate_of is None:
                    job = enqueue_job(session, scan.id)
                else:
                    scan.archive_path = None
                    session.flush()
                received = _received(scan, job.id if job else None, target)
        except BaseException:
            move_file(target, path)
            raise
        if received.duplicate_of is not None:
            target.unlink(missing_ok=True)
            log.info("scan %s duplicates scan %s; copy dropped", received.scan_id,
                     received.duplicate_of)
            return _with_path(received, None)
        log.info("scan %s received as %s (job %s)", received.scan_id, target.name,
                 received.job_id)
        return received


def quarantine_scan(store: Store, path: Path, error: IntakeError, *, original_name: str,
                    station: str | None, unit_code: str | None,
                    received_at: datetime | None = None,
                    data_dir: Path | None = None) -> ReceivedScan:
    """A file that failed the checks: moved to ``quarantine/`` with a JSON reason beside
    it (code, message, time, station), recorded as a quarantined scan with
    ``scan.quarantined``."""
    data_dir = resolve_data_dir(store, data_dir)
    target = quarantine(Path(path), code=error.code, message=error.message,
                        station=station or "", quarantine_dir=data_dir / QUARANTINE,
                        original_name=original_name)
    note = read_json(reason_path_for(target))
    with store.session() as session:
        scan = record_quarantined_scan(
            session, sha256=note["sha256"], original_filename=original_name,
            size=int(note["size"]), error_code=error.code, message=error.message,
            station=station, unit_code=unit_code, archive_path=_relative(target, data_dir),
            received_at=received_at)
        return _received(scan, None, target)


def record_watcher_quarantine(store: Store, target: Path, data_dir: Path) -> ReceivedScan:
    """A file the watcher quarantined itself (empty for too long, hand-over failed):
    recorded as a quarantined scan with ``scan.quarantined``, so it shows in the API."""
    note = read_json(reason_path_for(target))
    with store.session() as session:
        scan = record_quarantined_scan(
            session, sha256=note["sha256"], original_filename=note.get("original_name") or target.name,
            size=int(note["size"]), error_code=note["code"], message=note["message"],
            station=note.get("station") or None, archive_path=_relative(target, data_dir))
        return _received(scan, None, target)


def retry_scan(store: Store, scan_id: int, *, unit: str | None = None,
               check_file: Callable[[Path], object] = sniff_format,
               data_dir: Path | None = None) -> ReceivedScan:
    """Queue a quarantined scan again once its file was fixed or replaced in place.

    The file is checked again (an ``InputError`` leaves everything as it was), moved
    back from quarantine to ``originals/`` and its reason removed; the job is reset.
    """
    data_dir = resolve_data_dir(store, data_dir)
    with store.read_session() as session:
        scan = get_scan(session, scan_id, unit)
        if scan.state != ScanState.QUARANTINED:
            raise ConflictError(f"scan {scan_id} is {scan.state}; only a quarantined scan "
                                "can be retried")
        current = scan_file_path(data_dir, scan)
        original_name = scan.original_filename
    if current is None or not current.is_file():
        raise ConflictError(f"the file of scan {scan_id} is no longer kept; upload it again")
    check_file(current)
    in_quarantine = current.parent == data_dir / QUARANTINE
    if in_quarantine:
        target, sha256, size = _move_to_originals(current, data_dir, original_name)
    else:
        target, sha256, size = current, hash_file(current), current.stat().st_size
    try:
        with store.session() as session:
            scan, job = requeue_quarantined_scan(session, scan_id, sha256=sha256, size=size,
                                                 archive_path=_relative(target, data_dir),
                                                 unit=unit)
            if scan.duplicate_of is not None:
                scan.archive_path = None
                session.flush()
            received = _received(scan, job.id if job else None, target)
    except BaseException:
        if target != current:
            move_file(target, current)
        raise
    if in_quarantine:
        reason_path_for(current).unlink(missing_ok=True)
    if received.duplicate_of is not None:
        target.unlink(missing_ok=True)
        return _with_path(received, None)
    log.info("scan %s queued again (job %s)", scan_id, received.job_id)
    return received


def scan_file_path(data_dir: Path, scan: Scan) -> Path | None:
    """Where the file of ``scan`` is kept, if anywhere."""
    if not scan.archive_path:
        return None
    return Path(os.path.abspath(data_dir)) / scan.archive_path


def resolve_data_dir(store: Store, data_dir: Path | None) -> Path:
    """``data_dir``, or the folder the store was opened on (its blobs live in it)."""
    if data_dir is None:
        if not isinstance(store.blobs, LocalBlobStore):
            raise ValueError("say which data folder to keep scans in")
        data_dir = store.blobs.root.parent
    return Path(os.path.abspath(data_dir))


def _move_to_originals(path: Path, data_dir: Path, original_name: str) -> tuple[Path, str, int]:
    """Move ``path`` into ``originals/`` (hashing it once on the way); return where it
    is now, its sha256 and size."""
    originals = data_dir / ORIGINALS
    originals.mkdir(parents=True, exist_ok=True)
    staging = originals / f".arriving-{uuid.uuid4().hex}"
    digest = move_file(path, staging)
    name = safe_file_name(original_name, max_bytes=_NAME_BYTES)
    target = free_path(originals / digest.sha256[:2] / f"{digest.sha256}-{name}")
    try:
        target.parent.mkdir(exist_ok=True)
        os.rename(staging, target)
    except BaseException:
        move_file(staging, path)
        raise
    return target, digest.sha256, digest.size


def _relative(path: Path, data_dir: Path) -> str:
    return path.relative_to(data_dir).as_posix()


def _received(scan: Scan, job_id: int | None, path: Path | None) -> ReceivedScan:
    return ReceivedScan(scan_id=scan.id, sha256=scan.sha256, size=scan.size,
                        state=ScanState(scan.state), duplicate_of=scan.duplicate_of,
                        job_id=job_id, path=path, error_code=scan.error_code,
                        error_message=scan.error_message)


def _with_path(received: ReceivedScan, path: Path | None) -> ReceivedScan:
    return replace(received, path=path)

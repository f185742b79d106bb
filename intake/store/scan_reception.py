"""Scans refused at the door, and their second chance.

A file that fails the checks on arrival is recorded as a ``quarantined`` scan (no job);
a byte-identical copy of a known content is linked to the first through
``duplicate_of``, as ``create_scan`` does. ``requeue_quarantined_scan`` gives a
quarantined scan whose file was fixed or replaced a queued job again.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.store.errors import ConflictError, DuplicateError
from intake.store.events import EventType, append_event
from intake.store.inserts import insert_or_skip
from intake.store.jobs import enqueue_job
from intake.store.scans import find_scan_by_sha, get_scan
from intake.store.tables import Dossier, Job, JobState, Scan, ScanState, utcnow

log = logging.getLogger(__name__)

SCAN_REQUEUED = "scan.requeued"


def record_quarantined_scan(session: Session, *, sha256: str, original_filename: str,
                            size: int, error_code: str, message: str,
                            station: str | None = None, unit_code: str | None = None,
                            archive_path: str | None = None,
                            received_at: datetime | None = None) -> Scan:
    """A received file that failed the checks: kept as ``quarantined`` with its reason,
    announced with ``scan.quarantined``. Safe against two receivers at once."""
    now = received_at or utcnow()
    values = {"sha256": sha256, "original_filename": original_filename, "size": size,
              "station": station, "unit_code": unit_code, "archive_path": archive_path,
              "received_at": now, "updated_at": now, "state": ScanState.QUARANTINED,
              "error_code": error_code, "error_message": message}
    scan_id = insert_or_skip(session, Scan, values, keys=["sha256"],
                             where=Scan.duplicate_of.is_(None))
    if scan_id is not None:
        scan = session.get_one(Scan, scan_id)
    else:
        original = find_scan_by_sha(session, sha256)
        assert original is not None  # the insert just collided with it
        scan = Scan(**values, duplicate_of=original.id)
        session.add(scan)
        session.flush()
    log.warning("scan %s (%s) quarantined on arrival: %s", scan.id, original_filename, error_code)
    append_event(session, EventType.SCAN_QUARANTINED,
                 {"scan_id": scan.id, "sha256": sha256, "station": station,
                  "error_code": error_code}, unit_code)
    return scan


def requeue_quarantined_scan(session: Session, scan_id: int, *, sha256: str, size: int,
                             archive_path: str | None,
                             unit: str | None = None) -> tuple[Scan, Job | None]:
    """Queue a quarantined scan again with its (possibly replaced) file's ``sha256``.

    Its job is reset (or made, for a scan refused on arrival). If the new content is
    already another scan's, the scan becomes that one's duplicate and gets no job.
    """
    scan = get_scan(session, scan_id, unit)
    if scan.state != ScanState.QUARANTINED:
        raise ConflictError(f"scan {scan_id} is {scan.state}; only a quarantined scan "
                            "can be retried")
    original = find_scan_by_sha(session, sha256)
    scan.sha256, scan.size, scan.archive_path = sha256, size, archive_path
    scan.error_code = scan.error_message = None
    scan.updated_at = utcnow()
    if original is not None and original.id != scan.id:
        scan.duplicate_of, scan.state = original.id, ScanState.DUPLICATE
        session.flush()
        append_event(session, EventType.SCAN_DUPLICATE,
                     {"scan_id": scan.id, "sha256": sha256, "duplicate_of": original.id},
                     scan.unit_code)
        return scan, None
    scan.duplicate_of, scan.state = None, ScanState.QUEUED
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise DuplicateError(f"another scan with content {sha256[:12]} arrived meanwhile") from exc
    job = _reset_job(session, scan.id)
    log.info("scan %s queued again as job %s", scan.id, job.id)
    append_event(session, SCAN_REQUEUED, {"scan_id": scan.id, "job_id": job.id,
                                          "sha256": sha256}, scan.unit_code)
    return scan, job


def dossier_ids_for_scan(session: Session, scan_id: int) -> list[int]:
    """The dossiers made from a scan, in the order they were stored."""
    query = select(Dossier.id).where(Dossier.source_scan_id == scan_id).order_by(Dossier.id)
    return list(session.scalars(query))


def _reset_job(session: Session, scan_id: int) -> Job:
    job = session.scalar(select(Job).where(Job.scan_id == scan_id).order_by(Job.id.desc())
                         .limit(1).with_for_update())
    if job is None or job.state != JobState.QUARANTINED:
        return enqueue_job(session, scan_id)
    now = utcnow()
    job.state, job.attempts, job.last_error = JobState.QUEUED, 0, None
    job.lease_owner = job.lease_expires_at = job.started_at = job.finished_at = None
    job.updated_at = now
    session.flush()
    return job

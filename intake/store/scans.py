"""Scans: files the scanners dropped. The first scan of a content (by sha256) is the
original; a later copy is kept as a ``duplicate`` row pointing to it, and gets no job."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.store.errors import NotFoundError
from intake.store.events import EventType, append_event
from intake.store.inserts import insert_or_skip
from intake.store.jobs import enqueue_job
from intake.store.tables import Job, Scan, ScanState, utcnow

log = logging.getLogger(__name__)

MAX_PAGE = 500


def create_scan(session: Session, *, sha256: str, original_filename: str, size: int,
                station: str | None = None, unit_code: str | None = None,
                archive_path: str | None = None, received_at: datetime | None = None) -> Scan:
    """Record a received file: ``queued`` if its content is new, else ``duplicate``
    with ``duplicate_of`` naming the original. Safe against two receivers at once."""
    now = received_at or utcnow()
    values = {"sha256": sha256, "original_filename": original_filename, "size": size,
              "station": station, "unit_code": unit_code, "archive_path": archive_path,
              "received_at": now, "updated_at": now}
    scan_id = insert_or_skip(session, Scan, {**values, "state": ScanState.QUEUED},
                             keys=["sha256"], where=Scan.duplicate_of.is_(None))
    if scan_id is not None:
        scan = session.get_one(Scan, scan_id)
        append_event(session, EventType.SCAN_RECEIVED, _payload(scan), unit_code)
        return scan
    original = find_scan_by_sha(session, sha256)
    assert original is not None  # the insert just collided with it
    scan = Scan(**values, state=ScanState.DUPLICATE, duplicate_of=original.id)
    session.add(scan)
    session.flush()
    log.info("scan %s (%s) duplicates scan %s", scan.id, original_filename, original.id)
    append_event(session, EventType.SCAN_DUPLICATE,
                 {**_payload(scan), "duplicate_of": original.id}, unit_code)
    return scan


def receive_scan(session: Session, *, sha256: str, original_filename: str, size: int,
                 station: str | None = None, unit_code: str | None = None,
                 archive_path: str | None = None) -> tuple[Scan, Job | None]:
    """``create_scan`` and, for new content, its job: what a watcher does per file."""
    scan = create_scan(session, sha256=sha256, original_filename=original_filename, size=size,
                       station=station, unit_code=unit_code, archive_path=archive_path)
    if scan.state == ScanState.DUPLICATE:
        return scan, None
    return scan, enqueue_job(session, scan.id)


def find_scan_by_sha(session: Session, sha256: str) -> Scan | None:
    """The original scan with this content, if any."""
    return session.scalar(select(Scan).where(Scan.sha256 == sha256, Scan.duplicate_of.is_(None)))


def get_scan(session: Session, scan_id: int, unit: str | None = None) -> Scan:
    scan = session.get(Scan, scan_id)
    if scan is None or (unit is not None and scan.unit_code != unit):
        raise NotFoundError(f"no scan {scan_id}")
    return scan


def list_scans(session: Session, *, state: ScanState | None = None, unit: str | None = None,
               station: str | None = None, offset: int = 0,
               limit: int = 50) -> tuple[list[Scan], int]:
    """One page of scans, newest first, and how many match in all."""
    conditions = []
    if state is not None:
        conditions.append(Scan.state == ScanState(state))
    if unit is not None:
        conditions.append(Scan.unit_code == unit)
    if station is not None:
        conditions.append(Scan.station == station)
    total = session.scalar(select(func.count(Scan.id)).where(*conditions)) or 0
    query = (select(Scan).where(*conditions).order_by(Scan.id.desc())
             .offset(max(0, offset)).limit(max(1, min(limit, MAX_PAGE))))
    return list(session.scalars(query)), total


def _payload(scan: Scan) -> dict:
    return {"scan_id": scan.id, "sha256": scan.sha256, "station": scan.station,
            "state": str(scan.state)}

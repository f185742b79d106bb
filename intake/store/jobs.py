"""The durable job queue: one job per scan to process, claimed by workers with a lease.

A worker claims the oldest queued job (atomically: ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL; on SQLite the single ``UPDATE ... WHERE id = (SELECT ...)`` runs in a
``BEGIN IMMEDIATE`` transaction, see ``Store.session``), renews its lease while it
works, and finishes or quarantines the job. A worker that dies leaves its lease to
expire; ``requeue_stale_jobs`` puts such jobs back, and quarantines a job whose leases
expired too often (a file that kills workers must not kill them forever).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from intake.store.errors import ConflictError, NotFoundError
from intake.store.events import EventType, append_event
from intake.store.tables import Job, JobState, Scan, ScanState, utcnow

log = logging.getLogger(__name__)

ABANDONED = "job_abandoned"  # error code of a job whose worker kept disappearing


@dataclass(frozen=True, slots=True)
class StaleJobs:
    requeued: tuple[int, ...]
    quarantined: tuple[int, ...]


def enqueue_job(session: Session, scan_id: int) -> Job:
    now = utcnow()
    job = Job(scan_id=scan_id, state=JobState.QUEUED, attempts=0, created_at=now, updated_at=now)
    session.add(job)
    session.flush()
    _set_scan_state(session, scan_id, ScanState.QUEUED)
    return job


def claim_next_job(session: Session, worker_id: str, lease_seconds: float,
                   now: datetime | None = None) -> Job | None:
    """Take the oldest queued job for ``worker_id``, or None when the queue is empty.

    No two workers ever get the same job; the scan moves to ``processing``.
    """
    now = now or utcnow()
    oldest = (select(Job.id).where(Job.state == JobState.QUEUED).order_by(Job.id).limit(1)
              .with_for_update(skip_locked=True).scalar_subquery())
    claim = (update(Job).where(Job.id == oldest, Job.state == JobState.QUEUED)
             .values(state=JobState.PROCESSING, lease_owner=worker_id,
                     lease_expires_at=now + timedelta(seconds=lease_seconds),
                     started_at=now, updated_at=now)
             .returning(Job)
             .execution_options(populate_existing=True))
    job = session.scalars(claim).one_or_none()
    if job is None:
        return None
    _set_scan_state(session, job.scan_id, ScanState.PROCESSING)
    log.info("job %s (scan %s) claimed by %s", job.id, job.scan_id, worker_id)
    return job


def renew_lease(session: Session, job_id: int, worker_id: str, lease_seconds: float,
                now: datetime | None = None) -> datetime:
    """Extend the lease; ConflictError when the worker no longer holds the job."""
    now = now or utcnow()
    expires = now + timedelta(seconds=lease_seconds)
    _update_held(session, job_id, worker_id, lease_expires_at=expires, updated_at=now)
    return expires


def finish_job(session: Session, job_id: int, worker_id: str) -> Job:
    """The job is done: the scan's dossiers are in the store."""
    job = _update_held(session, job_id, worker_id, state=JobState.DONE, lease_owner=None,
                       lease_expires_at=None, finished_at=utcnow(), updated_at=utcnow())
    scan = _set_scan_state(session, job.scan_id, ScanState.DONE)
    append_event(session, EventType.SCAN_DONE, {"scan_id": scan.id, "job_id": job.id},
                 scan.unit_code)
    return job


def quarantine_job(session: Session, job_id: int, worker_id: str, error_code: str,
                   message: str) -> Job:
    """The scan cannot be processed (bad input, ...): keep the reason, stop retrying."""
    job = _update_held(session, job_id, worker_id, state=JobState.QUARANTINED, lease_owner=None,
                       lease_expires_at=None, last_error=f"{error_code}: {message}",
                       finished_at=utcnow(), updated_at=utcnow())
    _quarantine_scan(session, job, error_code, message)
    return job


def requeue_stale_jobs(session: Session, now: datetime | None = None,
                       max_attempts: int = 3) -> StaleJobs:
    """Jobs whose lease expired go back to the queue with one more attempt counted;
    those reaching ``max_attempts`` are quarantined instead."""
    now = now or utcnow()
    stale = session.scalars(
        select(Job).where(Job.state == JobState.PROCESSING, Job.lease_expires_at < now)
        .order_by(Job.id).with_for_update(skip_locked=True)).all()
    requeued, quarantined = [], []
    for job in stale:
        job.attempts += 1
        job.last_error = f"lease of {job.lease_owner} expired at {job.lease_expires_at}"
        job.lease_owner, job.lease_expires_at, job.updated_at = None, None, now
        if job.attempts >= max_attempts:
            job.state, job.finished_at = JobState.QUARANTINED, now
            session.flush()
            _quarantine_scan(session, job, ABANDONED,
                             f"no worker finished it in {job.attempts} attempts")
            quarantined.append(job.id)
        else:
            job.state = JobState.QUEUED
            session.flush()
            _set_scan_state(session, job.scan_id, ScanState.QUEUED)
            requeued.append(job.id)
    if stale:
        log.warning("stale jobs: requeued %s, quarantined %s", requeued, quarantined)
    return StaleJobs(tuple(requeued), tuple(quarantined))


def get_job(session: Session, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFoundError(f"no job {job_id}")
    return job


def _update_held(session: Session, job_id: int, worker_id: str, **values: object) -> Job:
    """Change a job only while ``worker_id`` holds its lease."""
    statement = (update(Job)
                 .where(Job.id == job_id, Job.state == JobState.PROCESSING,
                        Job.lease_owner == worker_id)
                 .values(**values).returning(Job).execution_options(populate_existing=True))
    job = session.scalars(statement).one_or_none()
    if job is None:
        get_job(session, job_id)
        raise ConflictError(f"job {job_id} is not held by {worker_id} any more")
    return job


def _set_scan_state(session: Session, scan_id: int, state: ScanState) -> Scan:
    scan = session.get_one(Scan, scan_id)
    scan.state = state
    scan.updated_at = utcnow()
    session.flush()
    return scan


def _quarantine_scan(session: Session, job: Job, error_code: str, message: str) -> None:
    scan = _set_scan_state(session, job.scan_id, ScanState.QUARANTINED)
    scan.error_code, scan.error_message = error_code, message
    session.flush()
    log.warning("scan %s quarantined: %s: %s", scan.id, error_code, message)
    append_event(session, EventType.SCAN_QUARANTINED,
                 {"scan_id": scan.id, "job_id": job.id, "error_code": error_code},
                 scan.unit_code)

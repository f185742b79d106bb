"""Job leases the service itself gives back: at shutdown, and those of a run that died.

- A worker stopped at shutdown, its grace period over, did not fail: its job goes back
  to the queue at once, without counting an attempt (``release_jobs``).
- Workers of an earlier run of this service (same host and data folder, found by their
  lease owner prefix) are dead for sure once this run holds the data folder's lock:
  their leases are made to expire now (``expire_leases_of_earlier_runs``), and the next
  ``requeue_stale_jobs`` requeues the jobs with an attempt counted, as for any crash,
  without waiting for the leases to run out.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.store import JobState, ScanState, renew_lease
from intake.store.tables import Job, Scan, utcnow

log = logging.getLogger(__name__)


def release_jobs(session: Session, owners: Iterable[str]) -> list[int]:
    """Put the jobs held by ``owners`` back in the queue; their ids."""
    owners = list(owners)
    if not owners:
        return []
    jobs = session.scalars(select(Job).where(Job.state == JobState.PROCESSING,
                                             Job.lease_owner.in_(owners)).with_for_update()).all()
    now = utcnow()
    for job in jobs:
        job.state, job.lease_owner, job.lease_expires_at, job.updated_at = JobState.QUEUED, None, None, now
        job.last_error = "released: the service stopped while it ran"
        scan = session.get_one(Scan, job.scan_id)
        scan.state, scan.updated_at = ScanState.QUEUED, now
    session.flush()
    if jobs:
        log.info("released jobs %s back to the queue", [job.id for job in jobs])
    return [job.id for job in jobs]


def expire_leases_of_earlier_runs(session: Session, service_prefix: str, run_prefix: str) -> list[int]:
    """Expire the leases held under ``service_prefix`` but not by this run; job ids."""
    jobs = session.scalars(select(Job).where(
        Job.state == JobState.PROCESSING, Job.lease_owner.startswith(service_prefix, autoescape=True),
        Job.lease_owner.not_like(f"{_escape(run_prefix)}%", escape="\\"))).all()
    for job in jobs:
        assert job.lease_owner is not None
        renew_lease(session, job.id, job.lease_owner, lease_seconds=-1)
    if jobs:
        log.warning("jobs %s were held by workers of an earlier run; their leases expire now",
                    [job.id for job in jobs])
    return [job.id for job in jobs]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

"""The job loop of one worker: claim a scan's job, read the scan, store its dossiers.

One worker handles one job at a time and reads the scan's pages one after another
(parallelism comes from running several workers, each a single-threaded process). While
a job runs, a ``LeaseKeeper`` thread renews its lease every third of the lease time; a
worker that dies simply stops renewing, and the supervisor's ``requeue_stale_jobs`` puts
the job back (or quarantines it once its leases expired ``max_attempts`` times).

How each outcome of a job is recorded:

- done: the dossiers' files are written to the blob store first, then dossiers, records
  and ``finish_job`` commit in one transaction (``intake.service.ingest``).
- bad input (``InputError``): the original moves to the quarantine folder with its JSON
  reason, then ``quarantine_job`` (``scan.quarantined``). A crash in between is repaired
  on the re-run: the original is gone, the quarantined file with its sha256 is found and
  its reason recorded (``original_missing`` when there is none).
- lease lost (another worker has the job now): nothing is committed; the work is dropped.
- interrupted (``interrupted()`` turned true: a stop signal reached the worker, and the
  child processes reading the pages may have been killed with it): nothing is committed,
  whatever the job came to, and it goes back to the queue at once with no attempt counted
  (``release_jobs``). The check runs before each page and before the commit.
- any other exception (a bug, a full disk, tesseract missing): logged with its
  traceback, and the lease is made to expire at once. The job then takes the same road
  as a job whose worker crashed: requeued with one more attempt, quarantined as
  ``job_abandoned`` after ``max_attempts``. One rule for both keeps a file that breaks
  workers, in whichever way, from being retried forever.
"""

from __future__ import annotations

import contextvars
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Callable, Protocol

from sqlalchemy.orm import Session

from intake.errors import InputError
from intake.logcontext import log_context
from intake.model import Dossier, ProcessedPage
from intake.pipeline import PipelineOptions, process_page
from intake.reception import QUARANTINE, scan_file_path
from intake.separate import split_into_dossiers
from intake.service.ingest import ScanOrigin, commit_dossiers, write_dossier_files
from intake.service.leases import release_jobs
from intake.sources import count_pages
from intake.store import (
    ConflictError,
    NotFoundError,
    Store,
    claim_next_job,
    get_scan,
    get_station,
    quarantine_job,
    renew_lease,
)
from intake.store.tables import Scan
from intake.quarantine import list_quarantine, quarantine

log = logging.getLogger(__name__)

ORIGINAL_MISSING = "original_missing"


class StopSignal(Protocol):
    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


class JobOutcome(StrEnum):
    DONE = "done"
    QUARANTINED = "quarantined"
    LEASE_LOST = "lease_lost"
    RETRY = "retry"  # the lease was given up; the supervisor requeues the job
    RELEASED = "released"  # interrupted: back in the queue, no attempt counted


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    data_dir: Path  # originals/ and quarantine/ (``intake.reception``)
    lease_seconds: float = 120.0
    idle_seconds: float = 1.0  # how long to wait when the queue is empty


@dataclass(frozen=True, slots=True)
class ScanToProcess:
    """The job and what the worker needs of its scan, read when the job was claimed."""

    job_id: int
    scan_id: int
    sha256: str
    path: Path | None
    original_name: str
    station: str | None
    unit_code: str | None
    procedure_code: str | None
    received_at: datetime

    def origin(self) -> ScanOrigin:
        return ScanOrigin(self.scan_id, self.received_at, self.unit_code, self.procedure_code)


class LeaseLostError(Exception):
    """Another worker holds the job now: stop and keep nothing."""


class JobInterrupted(Exception):
    """A stop signal reached the worker while the job ran: keep nothing, give it back."""


def _never() -> bool:
    return False


def run_worker(store: Store, worker_id: str, pipeline: PipelineOptions, options: WorkerOptions,
               stop: StopSignal, interrupted: Callable[[], bool] = _never) -> int:
    """Take jobs until ``stop`` is set (the job under way is finished first) or
    ``interrupted()`` (the job under way is given back); how many.

    A failure to reach the store (locked, restarting) is logged and tried again.
    """
    handled = 0
    log.info("worker %s started", worker_id)
    while not stop.is_set() and not interrupted():
        try:
            outcome = run_next_job(store, worker_id, pipeline, options, interrupted)
        except Exception:
            log.exception("worker %s could not take a job; trying again", worker_id)
            outcome = None
        if outcome is None:
            stop.wait(options.idle_seconds)
        else:
            handled += 1
    log.info("worker %s stopped after %d jobs", worker_id, handled)
    return handled


def run_next_job(store: Store, worker_id: str, pipeline: PipelineOptions, options: WorkerOptions,
                 interrupted: Callable[[], bool] = _never) -> JobOutcome | None:
    """Claim the oldest queued job and see it through; None when the queue is empty."""
    with store.session() as session:
        job = claim_next_job(session, worker_id, options.lease_seconds)
        if job is None:
            return None
        scan = _scan_to_process(session, job.id, job.scan_id, options.data_dir)
    with log_context(scan=scan.scan_id, station=scan.station):
        log.info("job %s: processing %s", scan.job_id, scan.original_name)
        outcome = process_scan_job(store, scan, worker_id, pipeline, options, interrupted)
        log.info("job %s: %s", scan.job_id, outcome)
        return outcome


def process_scan_job(store: Store, scan: ScanToProcess, worker_id: str, pipeline: PipelineOptions,
                     options: WorkerOptions, interrupted: Callable[[], bool] = _never) -> JobOutcome:
    """Read the scan, store its dossiers, finish the job; see the module doc for failures."""
    try:
        with LeaseKeeper(store, scan.job_id, worker_id, options.lease_seconds) as lease:
            def check() -> None:
                lease.check()
                if interrupted():
                    raise JobInterrupted("a stop signal reached the worker")

            if scan.path is None or not scan.path.is_file():
                raise _OriginalMissing(f"the original file {scan.path} is gone")
            dossiers = read_scan(scan.path, pipeline, check)
            prepared = write_dossier_files(dossiers, store.blobs, scan.origin())
            check()
            with store.session() as session:
                committed = commit_dossiers(session, prepared, scan.origin(), scan.job_id, worker_id)
    except Exception as exc:
        if interrupted():  # whatever failed may have failed because of the signal
            return _give_back(store, scan.job_id, worker_id, exc)
        return _job_failed(store, scan, worker_id, options, exc)
    for dossier in committed:
        with log_context(dossier=dossier.dossier_id):
            log.info("dossier %s ready: %s, %d pages", dossier.dossier_id,
                     dossier.dossier_code or "unassigned", dossier.page_count)
    return JobOutcome.DONE


def _job_failed(store: Store, scan: ScanToProcess, worker_id: str, options: WorkerOptions,
                failure: Exception) -> JobOutcome:
    """Record how the job failed (see the module doc)."""
    if isinstance(failure, InputError):
        return _quarantine(store, scan, worker_id, failure.code, failure.message, options.data_dir)
    if isinstance(failure, _OriginalMissing):
        return _quarantine_missing(store, scan, worker_id, str(failure), options.data_dir)
    if isinstance(failure, (LeaseLostError, ConflictError)):
        log.warning("job %s: lease lost, nothing kept: %s", scan.job_id, failure)
        return JobOutcome.LEASE_LOST
    log.error("job %s failed; it goes back to the queue when its lease expires", scan.job_id,
              exc_info=failure)
    give_up_lease(store, scan.job_id, worker_id)
    return JobOutcome.RETRY


def _give_back(store: Store, job_id: int, worker_id: str, reason: Exception) -> JobOutcome:
    """An interrupted job back to the queue now, no attempt counted; if the store cannot
    be reached, its lease expires and it is requeued as after a crash."""
    log.warning("job %s interrupted (%s): nothing kept, it goes back to the queue", job_id, reason)
    try:
        with store.session() as session:
            release_jobs(session, [worker_id])
    except Exception:
        log.exception("job %s: could not give it back; its lease will expire", job_id)
    return JobOutcome.RELEASED


def read_scan(path: Path, pipeline: PipelineOptions,
              between_pages: Callable[[], None] = lambda: None) -> list[Dossier]:
    """One file as one batch: its pages processed in order, in this process, then split."""
    total = count_pages(path, pipeline.limits)
    pages: list[ProcessedPage] = []
    for index in range(total):
        between_pages()
        page = process_page(path, index, pipeline)
        log.info("page %d/%d: %s%s", index + 1, total, page.kind,
                 f" ({page.error_code})" if page.error_code else "")
        pages.append(page)
    return split_into_dossiers(pages, pipeline.separation)


def give_up_lease(store: Store, job_id: int, worker_id: str) -> None:
    """Let the job's lease expire now, so that the next ``requeue_stale_jobs`` takes it."""
    try:
        with store.session() as session:
            renew_lease(session, job_id, worker_id, lease_seconds=0)
    except ConflictError:
        pass  # not ours any more: nothing to give up
    except Exception:
        log.exception("job %s: could not give up the lease; it expires on its own", job_id)


class LeaseKeeper:
    """Renews a job's lease every third of ``lease_seconds`` from a background thread.

    ``check()`` raises ``LeaseLostError`` once a renewal found the job taken away.
    """

    def __init__(self, store: Store, job_id: int, worker_id: str, lease_seconds: float):
        self._store, self._job_id, self._worker_id = store, job_id, worker_id
        self._lease_seconds = lease_seconds
        self._stop = threading.Event()
        self._lost: str | None = None
        context = contextvars.copy_context()
        self._thread = threading.Thread(target=context.run, args=(self._run,),
                                        name=f"lease-{job_id}", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def check(self) -> None:
        if self._lost is not None:
            raise LeaseLostError(self._lost)

    def _run(self) -> None:
        while not self._stop.wait(self._lease_seconds / 3):
            try:
                with self._store.session() as session:
                    renew_lease(session, self._job_id, self._worker_id, self._lease_seconds)
            except ConflictError as exc:
                self._lost = str(exc)
                log.error("job %s: %s", self._job_id, exc)
                return
            except Exception as exc:  # noqa: BLE001 - a busy database: try again next time
                log.warning("job %s: could not renew the lease: %s", self._job_id, exc)


class _OriginalMissing(Exception):
    """The scan's file is not where the store says (see ``_quarantine_missing``)."""


def _scan_to_process(session: Session, job_id: int, scan_id: int, data_dir: Path) -> ScanToProcess:
    scan = get_scan(session, scan_id)
    procedure = None
    if scan.station:
        try:
            procedure = get_station(session, scan.station).procedure_code
        except NotFoundError:
            pass
    return ScanToProcess(job_id=job_id, scan_id=scan.id, sha256=scan.sha256,
                         path=scan_file_path(data_dir, scan),
                         original_name=scan.original_filename, station=scan.station,
                         unit_code=scan.unit_code or None, procedure_code=procedure or None,
                         received_at=scan.received_at)


def _quarantine(store: Store, scan: ScanToProcess, worker_id: str, code: str, message: str,
                data_dir: Path) -> JobOutcome:
    """The original goes to quarantine with its reason first, then the job is marked and
    the scan pointed at the quarantined file (where ``retry_scan`` looks for it)."""
    moved = None
    if scan.path is not None and scan.path.is_file():
        moved = quarantine(scan.path, code=code, message=message, station=scan.station or "",
                           quarantine_dir=data_dir / QUARANTINE, original_name=scan.original_name)
    return _mark_quarantined(store, scan, worker_id, code, message, moved, data_dir)


def _quarantine_missing(store: Store, scan: ScanToProcess, worker_id: str, message: str,
                        data_dir: Path) -> JobOutcome:
    """A crash between moving a file to quarantine and marking its job leaves the job to
    be run again with its original gone: the quarantined file (found by its sha256) and
    its reason are recorded now. Without one, the job is quarantined ``original_missing``."""
    quarantined = list_quarantine(data_dir / QUARANTINE)
    found = next((item for item in quarantined if item.sha256 == scan.sha256), None)
    if found is None:
        return _mark_quarantined(store, scan, worker_id, ORIGINAL_MISSING, message, None, data_dir)
    log.info("job %s: its file was quarantined before (%s)", scan.job_id, found.code)
    return _mark_quarantined(store, scan, worker_id, found.code, found.message, found.path, data_dir)


def _mark_quarantined(store: Store, scan: ScanToProcess, worker_id: str, code: str, message: str,
                      kept: Path | None, data_dir: Path) -> JobOutcome:
    try:
        with store.session() as session:
            quarantine_job(session, scan.job_id, worker_id, code, message)
            if kept is not None:
                session.get_one(Scan, scan.scan_id).archive_path = kept.relative_to(data_dir).as_posix()
    except ConflictError as lost:
        log.warning("job %s: lease lost before it could be quarantined: %s", scan.job_id, lost)
        return JobOutcome.LEASE_LOST
    return JobOutcome.QUARANTINED

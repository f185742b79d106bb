"""``intake serve``: the watcher, durable worker processes and the API as one service.

- ``runner``: starts and stops everything, in order, on signals (``run_service``).
- ``handover``: a claimed file to a scan in the store, exactly once per claim.
- ``worker`` / ``worker_process`` / ``pool``: the job loop, the worker process that runs
  it (and how it learns to stop), and the pool of them.
- ``ingest``: a scan's dossiers into the store, files first, then one transaction.
- ``leases``, ``originals``, ``periodic``: the supervisor's housekeeping.

The layers: this package composes ``watcher/`` (which itself uses ``intake/``) and the
core; the core modules never import it.
"""

from intake.service.ingest import (
    CommittedDossier,
    PreparedDossier,
    ScanOrigin,
    commit_dossiers,
    write_dossier_files,
)
from intake.service.runner import AppFactory, IntakeService, ServiceError, ServiceOptions, run_service
from intake.service.worker import (
    JobOutcome,
    WorkerOptions,
    process_scan_job,
    read_scan,
    run_next_job,
    run_worker,
)

__all__ = [
    "AppFactory", "commit_dossiers", "CommittedDossier", "IntakeService", "JobOutcome",
    "PreparedDossier", "process_scan_job", "read_scan", "run_next_job", "run_service",
    "run_worker", "ScanOrigin", "ServiceError", "ServiceOptions", "WorkerOptions",
    "write_dossier_files",
]

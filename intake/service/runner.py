"""``intake serve`` as one service: watcher, worker processes, supervisor, webhooks, API.

Start order: lock the data folder (one service per folder), open and migrate the store,
register the stations, give back the jobs of an earlier run that died, start the
workers, the watcher (which first hands over claims a crash left behind and takes in the
files already waiting), the supervisor and webhook threads, and the API (uvicorn, in a
thread; the main thread keeps the signals).

SIGTERM or SIGINT, to the service alone or to all its processes at once (systemd's
control-group kill, Ctrl-C in a terminal), stops it within about ``grace_seconds``: the
workers are asked to stop and the periodic threads to stop stepping; then the watcher
stops (no new scans); the workers finish their jobs (a worker that got the signal itself
gives its job back instead, see ``worker_process``), and ``grace_seconds`` after the
stop began the busy ones are killed and their jobs go back to the queue; then the
periodic threads and the API are joined. Every wait has a deadline, so a worker that
died, or left first, cannot hold the stop up. Then ``run_service`` returns 0.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import signal
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Callable

import uvicorn

from intake.errors import IntakeError
from intake.pipeline import PipelineOptions
from intake.reception import QUARANTINE, record_watcher_quarantine
from intake.service.handover import (
    WORK_FOLDER,
    ArrivalCheck,
    clear_handed_over_claims,
    clear_handover_copies,
    receive_claim,
)
from intake.service.leases import expire_leases_of_earlier_runs, release_jobs
from intake.service.originals import sweep_originals
from intake.service.periodic import Periodic
from intake.service.pool import WorkerPool
from intake.service.worker import WorkerOptions
from intake.service.worker_process import WorkerSpec
from intake.sources import sniff_format
from intake.store import Store, default_url, open_store, requeue_stale_jobs, upsert_station
from intake.webhooks import deliver_due_webhooks
from watcher.claim import ClaimedScan
from watcher.folder_watcher import FolderWatcher
from watcher.stations import Station

log = logging.getLogger(__name__)

AppFactory = Callable[[Store], Any]  # the ASGI app serving this store
LOCK_FILE = "serve.lock"
API_START_SECONDS = 30.0
STOP_STEP_SECONDS = 5.0  # the longest wait for each part but the workers at shutdown


class ServiceError(IntakeError):
    """The service cannot start or keep running (data folder in use, port taken, ...)."""

    code = "service_failed"
    exit_code = 7


@dataclass(frozen=True, slots=True)
class ServiceOptions:
    data_dir: Path
    stations: tuple[Station, ...]
    pipeline: PipelineOptions = field(default_factory=PipelineOptions)
    db_url: str | None = None  # None: SQLite in data_dir/intake.db
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    settle_seconds: float = 5.0
    rescan_seconds: float = 30.0
    lease_seconds: float = 120.0
    max_attempts: int = 3
    supervise_seconds: float = 5.0
    grace_seconds: float = 30.0
    originals_retention: timedelta = timedelta(days=30)
    sweep_seconds: float = 3600.0
    webhook_seconds: float = 2.0
    log_level: int = logging.INFO


def run_service(options: ServiceOptions, app_factory: AppFactory) -> int:
    """Run until SIGTERM or SIGINT; 0 after a clean stop."""
    received: list[int] = []  # the handler only appends: a handler taking a lock could deadlock

    def on_signal(number: int, _frame: object) -> None:
        received.append(number)

    handlers = {number: signal.signal(number, on_signal) for number in (signal.SIGTERM, signal.SIGINT)}
    service = IntakeService(options, app_factory)
    try:
        service.start()
        while not received:
            if not service.api_running():
                raise ServiceError("the API server stopped unexpectedly")
            time.sleep(0.5)
        log.info("%s received: shutting down", signal.Signals(received[0]).name)
    finally:
        service.stop()
        for number, handler in handlers.items():
            signal.signal(number, handler)
    return 0


class IntakeService:
    """The running parts of ``intake serve``; ``start`` them, then ``stop`` them once."""

    def __init__(self, options: ServiceOptions, app_factory: AppFactory):
        self._options = options
        self._app_factory = app_factory
        self._data_dir = Path(os.path.abspath(options.data_dir))
        self._service_prefix = _service_prefix(self._data_dir)
        self._run_prefix = f"{self._service_prefix}{uuid.uuid4().hex[:8]}/"
        self._check_file = ArrivalCheck(lambda path: sniff_format(path, options.pipeline.limits),
                                        options.settle_seconds)
        self._lock_fd: int | None = None
        self._store: Store | None = None
        self._pool: WorkerPool | None = None
        self._watcher: FolderWatcher | None = None
        self._periodic: list[Periodic] = []
        self._server: uvicorn.Server | None = None
        self._server_thread: threading.Thread | None = None

    # -- start ------------------------------------------------------------------------------

    def start(self) -> None:
        self._check_stations()
        self._lock_fd = _lock_data_dir(self._data_dir)
        db_url = self._options.db_url or default_url(self._data_dir)
        self._store = store = open_store(db_url, self._data_dir)
        self._register_stations(store)
        self._recover(store)
        self._pool = WorkerPool(self._worker_spec(db_url), self._options.workers, self._run_prefix)
        self._pool.start()
        if self._options.stations:
            self._watcher = self._make_watcher(store)
            self._watcher.start()
        else:
            log.warning("no station to watch: scans arrive by upload only")
        self._periodic = [
            Periodic("supervisor", self._options.supervise_seconds, self._supervise),
            Periodic("originals-sweep", self._options.sweep_seconds, self._sweep),
            Periodic("webhooks", self._options.webhook_seconds, lambda: deliver_due_webhooks(store)),
        ]
        for task in self._periodic:
            task.start()
        self._start_api(store)
        log.info("intake serve: %d station(s), %d worker(s), API on http://%s:%s",
                 len(self._options.stations), self._options.workers, self._options.host,
                 self._options.port)

    def _check_stations(self) -> None:
        for station in self._options.stations:
            if self._data_dir.is_relative_to(station.folder):
                raise ServiceError(f"station {station.name!r} watches {station.folder}, which holds the "
                                   f"data folder {self._data_dir}; watch a folder beside it")

    def _register_stations(self, store: Store) -> None:
        with store.session() as session:
            for station in self._options.stations:
                upsert_station(session, station.name, unit_code=station.unit, folder=str(station.folder),
                               procedure_code=station.procedure or None, operator=station.operator or None)

    def _recover(self, store: Store) -> None:
        clear_handover_copies(self._data_dir)
        with store.session() as session:
            expire_leases_of_earlier_runs(session, self._service_prefix, self._run_prefix)
            requeue_stale_jobs(session, max_attempts=self._options.max_attempts)

    def _worker_spec(self, db_url: str) -> WorkerSpec:
        options = WorkerOptions(data_dir=self._data_dir, lease_seconds=self._options.lease_seconds,
                                idle_seconds=min(1.0, self._options.supervise_seconds))
        return WorkerSpec(db_url=db_url, data_dir=self._data_dir, pipeline=self._options.pipeline,
                          options=options, log_level=self._options.log_level)

    def _make_watcher(self, store: Store) -> FolderWatcher:
        def on_claimed(claim: ClaimedScan) -> None:
            receive_claim(store, claim, self._data_dir, self._check_file)

        def on_quarantined(target: Path) -> None:
            record_watcher_quarantine(store, target, self._data_dir)

        return FolderWatcher(self._options.stations, work_dir=self._data_dir / WORK_FOLDER,
                             quarantine_dir=self._data_dir / QUARANTINE, on_claimed=on_claimed,
                             settle_seconds=self._options.settle_seconds,
                             rescan_seconds=self._options.rescan_seconds, check_file=self._check_file,
                             on_quarantined=on_quarantined)

    def _start_api(self, store: Store) -> None:
        config = uvicorn.Config(self._app_factory(store), host=self._options.host, port=self._options.port,
                                log_config=None, lifespan="on", server_header=False,
                                timeout_graceful_shutdown=int(STOP_STEP_SECONDS))
        self._server = server = uvicorn.Server(config)
        self._server_thread = threading.Thread(target=server.run, name="api", daemon=True)
        self._server_thread.start()
        deadline = time.monotonic() + API_START_SECONDS
        while not server.started and self._server_thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        if not server.started:
            raise ServiceError(f"the API could not start on {self._options.host}:{self._options.port} "
                               "(port in use?)")

    def api_running(self) -> bool:
        return self._server_thread is not None and self._server_thread.is_alive()

    # -- periodic work ----------------------------------------------------------------------

    def _supervise(self) -> None:
        assert self._store is not None and self._pool is not None
        with self._store.session() as session:
            requeue_stale_jobs(session, max_attempts=self._options.max_attempts)
        self._pool.restart_dead()
        clear_handed_over_claims(self._data_dir / WORK_FOLDER)

    def _sweep(self) -> None:
        assert self._store is not None
        sweep_originals(self._store, self._data_dir, self._options.originals_retention)

    # -- stop -------------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop what was started, in order, each wait bounded; safe after a failed start."""
        if self._pool is not None:
            self._pool.request_stop()
        for task in self._periodic:
            task.request_stop()
        if self._watcher is not None:
            self._watcher.stop(timeout=STOP_STEP_SECONDS)
        if self._pool is not None:
            self._release(self._pool.stop(self._options.grace_seconds))
        for task in self._periodic:
            task.stop(timeout=STOP_STEP_SECONDS)
        if self._server is not None:
            self._server.should_exit = True
            if self._server_thread is not None:
                self._server_thread.join(2 * STOP_STEP_SECONDS)
        if self._store is not None:
            self._store.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
        log.info("intake serve stopped")

    def _release(self, killed_workers: list[str]) -> None:
        """The jobs of the workers killed at shutdown back to the queue (or, if the store
        cannot be reached, left for their leases to expire)."""
        if not killed_workers or self._store is None:
            return
        try:
            with self._store.session() as session:
                release_jobs(session, killed_workers)
        except Exception:
            log.exception("could not give back the jobs of workers %s; their leases will expire",
                          killed_workers)


def _service_prefix(data_dir: Path) -> str:
    """Lease owner prefix of this host's service on this data folder."""
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:8]
    return f"{socket.gethostname()}:{digest}/"


def _lock_data_dir(data_dir: Path) -> int:
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise ServiceError(f"another intake serve is running on {data_dir}") from None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd

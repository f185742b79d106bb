"""Worker processes: started, watched, restarted when they die, stopped with a grace period.

Each worker is a spawned, single-threaded process (``OMP_THREAD_LIMIT=1``, one OpenCV
thread) running ``run_worker`` on its own store connection. Its id, the owner prefix the
service gives (host, data folder, run) plus ``w<n>.<generation>``, is the job lease
owner, so jobs held by the workers of a run that died can be told apart from live ones.

A worker exits by itself when the service process that started it is gone (a SIGKILLed
service leaves no orphans processing jobs), ignores SIGINT (the service decides when to
stop: a terminal's Ctrl-C reaches the whole process group) and treats SIGTERM as "finish
the current job, then stop".
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path

import cv2

from intake.logcontext import configure_logging
from intake.pipeline import PipelineOptions
from intake.service.worker import WorkerOptions, run_worker
from intake.store import StoreOptions, open_store

log = logging.getLogger(__name__)

ORPHAN_EXIT = 70
PARENT_CHECK_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class WorkerSpec:
    """Everything a worker process needs (pickled into it at spawn)."""

    db_url: str
    data_dir: Path
    pipeline: PipelineOptions
    options: WorkerOptions
    log_level: int = logging.INFO


class WorkerPool:
    def __init__(self, spec: WorkerSpec, count: int, owner_prefix: str):
        self._spec = spec
        self._count = max(1, count)
        self._owner_prefix = owner_prefix
        self._context = multiprocessing.get_context("spawn")
        self._stop = self._context.Event()
        self._workers: dict[int, tuple[str, BaseProcess]] = {}
        self._generations = [0] * self._count
        self._lock = threading.Lock()

    def start(self) -> None:
        for slot in range(self._count):
            self._start_slot(slot)

    def worker_ids(self) -> list[str]:
        with self._lock:
            return [worker_id for worker_id, _ in self._workers.values()]

    def restart_dead(self) -> list[str]:
        """Start a new worker for each one that died; the dead workers' ids."""
        dead = []
        with self._lock:
            if self._stop.is_set():
                return dead
            for slot, (worker_id, process) in list(self._workers.items()):
                if not process.is_alive():
                    log.error("worker %s died (exit code %s); starting another", worker_id, process.exitcode)
                    dead.append(worker_id)
                    self._start_slot(slot)
        return dead

    def stop(self, grace_seconds: float) -> list[str]:
        """Ask every worker to finish its job and stop; kill those still busy after
        ``grace_seconds``. The killed workers' ids (their jobs are still leased)."""
        self._stop.set()
        deadline = time.monotonic() + grace_seconds
        with self._lock:
            workers = list(self._workers.values())
        for _, process in workers:
            process.join(max(0.0, deadline - time.monotonic()))
        killed = []
        for worker_id, process in workers:
            if process.is_alive():
                log.warning("worker %s still busy after %.0f s: stopping it", worker_id, grace_seconds)
                process.kill()
                process.join(5)
                killed.append(worker_id)
        return killed

    def _start_slot(self, slot: int) -> None:
        self._generations[slot] += 1
        worker_id = f"{self._owner_prefix}w{slot + 1}.{self._generations[slot]}"
        process = self._context.Process(target=worker_process_main, name=f"intake-worker-{slot + 1}",
                                        args=(self._spec, worker_id, self._stop, os.getpid()), daemon=False)
        process.start()
        self._workers[slot] = (worker_id, process)
        log.info("worker %s started as process %s", worker_id, process.pid)


def worker_process_main(spec: WorkerSpec, worker_id: str, shared_stop, parent_pid: int) -> None:
    """The body of a worker process."""
    os.environ["OMP_THREAD_LIMIT"] = "1"  # for the tesseract processes it starts
    cv2.setNumThreads(1)
    configure_logging(spec.log_level)
    stop = threading.Event()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=_watch_parent, args=(parent_pid, shared_stop, stop),
                     name="parent-watch", daemon=True).start()
    store = open_store(spec.db_url, spec.data_dir, migrate=False, options=StoreOptions(pool_size=2))
    try:
        run_worker(store, worker_id, spec.pipeline, spec.options, stop)
    finally:
        store.close()


def _watch_parent(parent_pid: int, shared_stop, stop: threading.Event) -> None:
    """Pass the service's stop on at once; leave at once when the service is gone."""
    while True:
        if stop.is_set():
            time.sleep(PARENT_CHECK_SECONDS)
        elif shared_stop.wait(PARENT_CHECK_SECONDS):
            stop.set()
        if os.getppid() != parent_pid:
            logging.getLogger(__name__).error("the service (pid %s) is gone; worker exits", parent_pid)
            os._exit(ORPHAN_EXIT)

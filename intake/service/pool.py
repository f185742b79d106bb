"""Worker processes: started, watched, restarted when they die, stopped with a grace period.

Each worker is a spawned, single-threaded process (``OMP_THREAD_LIMIT=1``, one OpenCV
thread) running ``run_worker`` on its own store connection (``worker_process``). Its id,
the owner prefix the service gives (host, data folder, run) plus ``w<n>.<generation>``,
is the job lease owner, so jobs held by the workers of a run that died can be told apart
from live ones.

The pool asks a worker to stop by closing its end of the worker's stop pipe, and waits
for it with a deadline: a worker that died, or one that left on its own (a signal to the
whole service reaches the workers too), cannot keep the pool waiting.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from intake.service.worker_process import WorkerSpec, signals_held, worker_process_main

log = logging.getLogger(__name__)

KILL_WAIT_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class _Worker:
    worker_id: str
    process: BaseProcess
    stop_pipe: Connection  # the service's end; closing it asks the worker to stop


class WorkerPool:
    def __init__(self, spec: WorkerSpec, count: int, owner_prefix: str):
        self._spec = spec
        self._count = max(1, count)
        self._owner_prefix = owner_prefix
        self._context = multiprocessing.get_context("spawn")
        self._workers: dict[int, _Worker] = {}
        self._generations = [0] * self._count
        self._lock = threading.Lock()
        self._stop_requested_at: float | None = None

    def start(self) -> None:
        with self._lock:
            for slot in range(self._count):
                self._start_slot(slot)

    def worker_ids(self) -> list[str]:
        with self._lock:
            return [worker.worker_id for worker in self._workers.values()]

    def restart_dead(self) -> list[str]:
        """Start a new worker for each one that died; the dead workers' ids."""
        dead = []
        with self._lock:
            if self._stop_requested_at is not None:
                return dead
            for slot, worker in list(self._workers.items()):
                if not worker.process.is_alive():
                    log.error("worker %s died (exit code %s); starting another", worker.worker_id,
                              worker.process.exitcode)
                    dead.append(worker.worker_id)
                    worker.stop_pipe.close()
                    self._start_slot(slot)
        return dead

    def request_stop(self) -> None:
        """Ask every worker to finish its job and stop; returns at once. No worker is
        started after this."""
        with self._lock:
            if self._stop_requested_at is None:
                self._stop_requested_at = time.monotonic()
            for worker in self._workers.values():
                worker.stop_pipe.close()  # idempotent; a dead reader does not matter

    def stop(self, grace_seconds: float) -> list[str]:
        """Stop every worker: those still busy ``grace_seconds`` after the stop was asked
        for are killed. The killed workers' ids (their jobs are still leased)."""
        self.request_stop()
        assert self._stop_requested_at is not None
        deadline = self._stop_requested_at + grace_seconds
        with self._lock:
            workers = list(self._workers.values())
        for worker in workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
        killed = []
        for worker in workers:
            if worker.process.is_alive():
                log.warning("worker %s still busy after %.0f s: stopping it", worker.worker_id, grace_seconds)
                worker.process.kill()
                worker.process.join(KILL_WAIT_SECONDS)
                killed.append(worker.worker_id)
            elif worker.process.exitcode:
                log.warning("worker %s ended with exit code %s", worker.worker_id, worker.process.exitcode)
        return killed

    def _start_slot(self, slot: int) -> None:
        """Spawn the worker of ``slot`` (with ``self._lock`` held)."""
        self._generations[slot] += 1
        worker_id = f"{self._owner_prefix}w{slot + 1}.{self._generations[slot]}"
        worker_end, service_end = self._context.Pipe(duplex=False)
        process = self._context.Process(target=worker_process_main, name=f"intake-worker-{slot + 1}",
                                        args=(self._spec, worker_id, worker_end, os.getpid()), daemon=False)
        with signals_held():
            process.start()
        worker_end.close()  # the worker has its own copy
        self._workers[slot] = _Worker(worker_id, process, service_end)
        log.info("worker %s started as process %s", worker_id, process.pid)

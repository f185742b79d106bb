"""The body of one worker process of ``intake serve``, and how it learns to stop.

Nothing the worker shares with the service holds a lock: a process killed while holding
one (a ``multiprocessing.Event`` is a lock, a condition and semaphores) would leave the
other side waiting for ever. The service talks to the worker through a one-way pipe
instead, and the worker tells it nothing but its exit.

Three ways a worker stops:

- the service closes its end of the worker's stop pipe: the worker finishes the job under
  way and takes no other (``WorkerStop.request``);
- SIGTERM or SIGINT reaches the worker itself: such a signal goes to the whole service at
  once (systemd's ``KillMode=control-group``, a terminal's Ctrl-C to the process group),
  so the tesseract and pdftoppm processes the job runs may have been killed by it too. The
  job under way is given back to the queue at its next page, uncommitted, and the worker
  leaves (``WorkerStop.interrupted``);
- the service process is gone (SIGKILLed): the worker exits at once with ``ORPHAN_EXIT``,
  leaving its job's lease to expire.

The signal handler only sets a flag and writes a byte to a pipe (a handler that took a
lock could wait for ever on one its own thread holds); the ``service-watch`` thread turns
that into the stop. The service spawns workers with SIGTERM and SIGINT blocked
(``signals_held``), so a signal that comes while a worker is still starting waits until its
handler is in place.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import connection
from multiprocessing.connection import Connection
from pathlib import Path

import cv2

from intake.logcontext import configure_logging
from intake.pipeline import PipelineOptions
from intake.service.worker import WorkerOptions, run_worker
from intake.store import StoreOptions, open_store

log = logging.getLogger(__name__)

ORPHAN_EXIT = 70
PARENT_CHECK_SECONDS = 1.0
STOP_SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT})


@dataclass(frozen=True, slots=True)
class WorkerSpec:
    """Everything a worker process needs (pickled into it at spawn)."""

    db_url: str
    data_dir: Path
    pipeline: PipelineOptions
    options: WorkerOptions
    log_level: int = logging.INFO


class WorkerStop:
    """Whether the worker should stop, and whether a signal told it to (see the module doc)."""

    def __init__(self) -> None:
        self._requested = threading.Event()
        self._interrupted = False
        self._wake_reader, self._wake_writer = os.pipe()
        os.set_blocking(self._wake_writer, False)

    def is_set(self) -> bool:
        return self._requested.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._requested.wait(timeout)

    def interrupted(self) -> bool:
        return self._interrupted

    def request(self) -> None:
        self._requested.set()

    def on_signal(self, number: int, _frame: object) -> None:
        """The signal handler: no lock taken, nothing that can block."""
        self._interrupted = True
        with contextlib.suppress(BlockingIOError):  # a byte is waiting already
            os.write(self._wake_writer, bytes([number]))

    def watch(self, stop_pipe: Connection, parent_pid: int) -> None:
        """The ``service-watch`` thread: pass a stop on; leave at once when the service is gone."""
        sources: list[object] = [stop_pipe, self._wake_reader]
        while True:
            ready = connection.wait(sources, PARENT_CHECK_SECONDS)
            if os.getppid() != parent_pid:
                log.error("the service (pid %s) is gone; worker exits", parent_pid)
                os._exit(ORPHAN_EXIT)
            if self._wake_reader in ready:
                numbers = os.read(self._wake_reader, 64)
                log.warning("%s received: the job under way goes back to the queue",
                            signal.Signals(numbers[0]).name)
            if stop_pipe in ready:
                sources.remove(stop_pipe)  # closed by the service (or gone with it): stays readable
            if ready:
                self.request()


def worker_process_main(spec: WorkerSpec, worker_id: str, stop_pipe: Connection, parent_pid: int) -> None:
    """The body of a worker process (started with SIGTERM and SIGINT blocked)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"  # for the tesseract processes it starts
    cv2.setNumThreads(1)
    configure_logging(spec.log_level)
    stop = WorkerStop()
    for number in STOP_SIGNALS:
        signal.signal(number, stop.on_signal)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    threading.Thread(target=stop.watch, args=(stop_pipe, parent_pid), name="service-watch",
                     daemon=True).start()
    store = open_store(spec.db_url, spec.data_dir, migrate=False, options=StoreOptions(pool_size=2))
    try:
        run_worker(store, worker_id, spec.pipeline, spec.options, stop, interrupted=stop.interrupted)
    finally:
        store.close()


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGTERM and SIGINT blocked in this thread, and so in the processes it spawns."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)

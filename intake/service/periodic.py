"""A background thread that runs one step every few seconds, and survives its failures."""

from __future__ import annotations

import logging
import threading
from typing import Callable

log = logging.getLogger(__name__)


class Periodic:
    """Runs ``step`` every ``every_seconds`` (first after one interval) until ``stop``.

    An exception in a step is logged and the next step runs as planned.
    """

    def __init__(self, name: str, every_seconds: float, step: Callable[[], object]):
        self.name = name
        self._every = every_seconds
        self._step = step
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def request_stop(self) -> None:
        """No step starts after this; one under way runs to its end."""
        self._stopping.set()

    def stop(self, timeout: float = 30.0) -> None:
        """``request_stop``, then wait up to ``timeout`` for a step under way."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.wait(self._every):
            try:
                self._step()
            except Exception:
                log.exception("%s failed; trying again in %.0f s", self.name, self._every)

"""Fixtures for the service tests (helpers in ``service_helpers``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from service_helpers import ServiceProcess

from intake.store import default_url, open_store


@pytest.fixture
def service(tmp_path: Path):
    """A factory of service processes on ``tmp_path/data`` watching ``tmp_path/inbox``;
    whatever is still running at the end is killed."""
    started: list[ServiceProcess] = []
    inbox = tmp_path / "inbox"
    inbox.mkdir()

    def start(**options: object) -> ServiceProcess:
        running = ServiceProcess(data_dir=tmp_path / "data", inbox=inbox, log_path=tmp_path / "serve.log",
                                 **options).start()
        started.append(running)
        return running

    yield start
    for running in started:
        running.kill()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path):
    """The embedded store (SQLite + blobs) in ``data_dir``, as ``intake serve`` opens it."""
    opened = open_store(default_url(data_dir), data_dir)
    yield opened
    opened.close()

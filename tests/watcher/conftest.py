"""Helpers shared by the watcher tests: real scan bytes and bounded waits."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import pytest

SAMPLES = Path("paperless-ngx/src/documents/tests/samples")


@pytest.fixture(scope="session")
def sample_pdf(testdata: Path) -> bytes:
    """A real one-page scanner PDF (paperless-ngx simple.pdf, 22.9 KB)."""
    return (testdata / SAMPLES / "simple.pdf").read_bytes()


@pytest.fixture(scope="session")
def sample_tiff(testdata: Path) -> bytes:
    return (testdata / SAMPLES / "simple.tiff").read_bytes()


@pytest.fixture(scope="session")
def sample_jpeg(testdata: Path) -> bytes:
    return (testdata / SAMPLES / "simple.jpg").read_bytes()


def wait_until(condition: Callable[[], bool], *, timeout: float = 10.0, every: float = 0.05) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` passes; return its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


@pytest.fixture
def until() -> Callable[..., bool]:
    return wait_until

"""The stability tracker on real files, with a clock the test moves by hand."""

import pytest

from intake.errors import InputError, TruncatedFileError
from watcher.file_check import check_scan_file
from watcher.stability import StabilityOptions, StabilityTracker

OPTIONS = StabilityOptions(settle_seconds=5.0, empty_grace_seconds=60.0)


class HandClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return HandClock()


def ready_paths(tracker):
    return [settled.path for settled in tracker.settled() if settled.error is None]


def test_a_file_is_ready_once_unchanged_for_the_settle_time(tmp_path, clock, sample_pdf):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(sample_pdf)
    tracker = StabilityTracker(OPTIONS, check_file=check_scan_file, clock=clock)
    tracker.observe(scan)

    assert ready_paths(tracker) == []  # first look: the clock starts now
    clock.advance(4.9)
    assert ready_paths(tracker) == []
    clock.advance(0.2)
    settled = tracker.settled()

    assert [(s.path, s.size, s.error) for s in settled] == [(scan, len(sample_pdf), None)]
    assert tracker.tracked() == []  # reported once, then forgotten


def test_a_file_that_keeps_growing_is_never_ready(tmp_path, clock, sample_pdf):
    """GIVEN a scanner appending a chunk every 3 s (less than the 5 s settle time)
    WHEN the tracker looks after each chunk and in between
    THEN the file is only ready after the last chunk has stayed unchanged for 5 s."""
    scan = tmp_path / "scan.pdf"
    tracker = StabilityTracker(OPTIONS, check_file=check_scan_file, clock=clock)
    chunks = [sample_pdf[i : i + 2000] for i in range(0, len(sample_pdf), 2000)]
    with open(scan, "wb") as stream:
        for chunk in chunks:
            stream.write(chunk)
            stream.flush()
            tracker.observe(scan)
            assert ready_paths(tracker) == []
            clock.advance(3.0)
            assert ready_paths(tracker) == []
    clock.advance(5.0)

    assert ready_paths(tracker) == [scan]
    assert scan.read_bytes() == sample_pdf


def test_an_empty_placeholder_waits_then_is_reported_empty(tmp_path, clock, sample_pdf):
    placeholder = tmp_path / "placeholder.pdf"
    placeholder.touch()
    forgotten = tmp_path / "forgotten.pdf"
    forgotten.touch()
    tracker = StabilityTracker(OPTIONS, check_file=check_scan_file, clock=clock)
    tracker.observe(placeholder)
    tracker.observe(forgotten)
    tracker.settled()
    clock.advance(30.0)
    assert tracker.settled() == []  # empty is never ready, and not yet reported

    placeholder.write_bytes(sample_pdf)  # the scanner fills the placeholder
    clock.advance(31.0)
    reported = {settled.path: settled for settled in tracker.settled()}

    assert list(reported) == [forgotten]
    assert reported[forgotten].error.code == "empty_file" and reported[forgotten].size == 0
    clock.advance(5.0)
    assert ready_paths(tracker) == [placeholder]


def test_a_file_failing_its_check_is_reported_only_after_failing_again_unchanged(tmp_path, clock, sample_pdf):
    """GIVEN a PDF cut short (a scanner that paused longer than the settle time)
    WHEN it stays unchanged through a second settle period
    THEN it is reported with the check's error; had it grown meanwhile, it would be ready."""
    paused = tmp_path / "paused.pdf"
    paused.write_bytes(sample_pdf[:10_000])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(sample_pdf[:10_000])
    tracker = StabilityTracker(OPTIONS, check_file=check_scan_file, clock=clock)
    for path in (paused, broken):
        tracker.observe(path)
    tracker.settled()
    clock.advance(5.0)
    assert tracker.settled() == []  # first failure: look again later

    paused.write_bytes(sample_pdf)
    clock.advance(5.0)
    reported = tracker.settled()
    assert [(s.path, type(s.error)) for s in reported] == [(broken, TruncatedFileError)]
    clock.advance(5.0)
    assert ready_paths(tracker) == [paused]


def test_a_file_that_cannot_be_read_yet_is_retried(tmp_path, clock, sample_pdf):
    """GIVEN a check that fails with an OS error (a share lock) the first two times (fault injected)
    THEN the file is not reported, and is ready once the check succeeds."""
    scan = tmp_path / "locked.pdf"
    scan.write_bytes(sample_pdf)
    failures = [PermissionError(13, "locked"), PermissionError(13, "locked")]

    def locked_then_open(path):
        if failures:
            raise failures.pop()
        check_scan_file(path)

    tracker = StabilityTracker(OPTIONS, check_file=locked_then_open, clock=clock)
    tracker.observe(scan)
    tracker.settled()
    clock.advance(5.0)
    assert tracker.settled() == []
    assert tracker.settled() == []
    assert ready_paths(tracker) == [scan]


def test_vanished_files_directories_and_symlinks_are_dropped(tmp_path, clock, sample_pdf):
    real = tmp_path / "real.pdf"
    real.write_bytes(sample_pdf)
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    tracker = StabilityTracker(OPTIONS, check_file=check_scan_file, clock=clock)
    for path in (tmp_path / "gone.pdf", tmp_path, link):
        tracker.observe(path)

    assert tracker.settled() == []
    assert tracker.tracked() == []


def test_a_check_that_raises_something_unexpected_ends_in_a_rejection(tmp_path, clock, sample_pdf):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(sample_pdf)

    def buggy_check(path):
        raise ZeroDivisionError("bug")

    tracker = StabilityTracker(OPTIONS, check_file=buggy_check, clock=clock)
    tracker.observe(scan)
    tracker.settled()
    clock.advance(5.0)
    tracker.settled()
    clock.advance(5.0)
    (settled,) = tracker.settled()

    assert isinstance(settled.error, InputError) and "ZeroDivisionError" in settled.error.message

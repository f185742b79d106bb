"""The folder watcher end to end: real files, real watchdog observers, real threads.

Waits are bounded polls of a condition (``until``); "exactly once" is checked after at
least two more rescans have passed, each of which would have found a duplicate.
"""

import logging
import os
import threading
import time
import unicodedata
from pathlib import Path

import pytest

from intake.errors import CorruptFileError
from intake.logcontext import ContextFilter
from watcher.claim import claim_file
from watcher.file_check import check_scan_file
from watcher.folder_watcher import FolderWatcher
from intake.quarantine import list_quarantine
from watcher.stations import ObserverMode, Station, default_station


class Handovers:
    """The on_claimed callback: records what it is given (with the bytes claimed)."""

    def __init__(self, fail=None):
        self.scans = []
        self.calls = []
        self._fail = fail or {}
        self._lock = threading.Lock()

    def __call__(self, scan):
        with self._lock:
            self.calls.append(scan.original_name)
        if scan.original_name in self._fail:
            raise self._fail[scan.original_name]
        with self._lock:
            self.scans.append((scan, scan.claimed_path.read_bytes()))

    def names(self):
        with self._lock:
            return sorted(scan.original_name for scan, _ in self.scans)


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def start_watcher(tmp_path):
    running = []

    def start(stations, on_claimed, **options):
        options = {"settle_seconds": 0.3, "rescan_seconds": 0.4, "polling_seconds": 0.2,
                   "check_file": check_scan_file, **options}
        watcher = FolderWatcher(stations, tmp_path / "work", tmp_path / "quarantine", on_claimed, **options)
        watcher.start()
        running.append(watcher)
        return watcher

    yield start
    for watcher in running:
        watcher.stop()


def two_more_rescans(watcher, until):
    target = watcher.status().rescans + 2
    assert until(lambda: watcher.status().rescans >= target)


def test_a_file_written_slowly_is_claimed_once_and_only_when_complete(inbox, start_watcher, until, sample_pdf):
    """GIVEN a scanner writing a PDF in 12 chunks over about 2 s
    THEN the claim holds the whole file, made once, after the last chunk."""
    handovers = Handovers()
    watcher = start_watcher([default_station(inbox)], handovers, settle_seconds=0.5)
    chunks = [sample_pdf[i : i + 2000] for i in range(0, len(sample_pdf), 2000)]
    with open(inbox / "slow.pdf", "wb") as stream:
        for chunk in chunks:
            stream.write(chunk)
            stream.flush()
            time.sleep(0.15)
            assert handovers.names() == []  # never while it grows
    assert until(lambda: handovers.names() == ["slow.pdf"])
    two_more_rescans(watcher, until)

    (scan, claimed_bytes), = handovers.scans
    assert claimed_bytes == sample_pdf and scan.size == len(sample_pdf)
    assert not (inbox / "slow.pdf").exists()


def test_temp_and_system_files_are_left_alone_until_renamed(inbox, start_watcher, until, sample_pdf):
    ignored = ["Thumbs.db", ".DS_Store", "~$tokhai.docx", "@eaDir/real.pdf/SYNOFILE_THUMB.jpg",
               "#recycle/old.pdf", "scan.tmp", "desktop.ini"]
    for name in ignored:
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_bytes(sample_pdf)
    (inbox / "next.pdf.part").write_bytes(sample_pdf)
    (inbox / "real.pdf").write_bytes(sample_pdf)
    handovers = Handovers()
    watcher = start_watcher([default_station(inbox)], handovers)
    assert until(lambda: handovers.names() == ["real.pdf"])
    two_more_rescans(watcher, until)
    assert handovers.names() == ["real.pdf"]

    os.rename(inbox / "next.pdf.part", inbox / "next.pdf")

    assert until(lambda: handovers.names() == ["next.pdf", "real.pdf"])
    two_more_rescans(watcher, until)
    assert handovers.names() == ["next.pdf", "real.pdf"]
    assert all((inbox / name).exists() for name in ignored)
    assert list_quarantine(inbox.parent / "quarantine") == []


def test_files_present_at_start_and_a_folder_moved_in_are_claimed(inbox, tmp_path, start_watcher, until, sample_pdf,
                                                                   sample_tiff):
    """GIVEN two scans already waiting (one in a subfolder) when the watcher starts
    AND later a whole batch folder moved into the watched folder (no rescan in time: events only)
    THEN all four are claimed once."""
    (inbox / "sub").mkdir()
    (inbox / "early.pdf").write_bytes(sample_pdf)
    (inbox / "sub" / "early.tif").write_bytes(sample_tiff)
    batch = tmp_path / "elsewhere" / "batch-7"
    batch.mkdir(parents=True)
    (batch / "p1.pdf").write_bytes(sample_pdf)
    (batch / "p2.tif").write_bytes(sample_tiff)
    handovers = Handovers()
    start_watcher([default_station(inbox)], handovers, rescan_seconds=3600)
    assert until(lambda: handovers.names() == ["early.pdf", "early.tif"])

    os.rename(batch, inbox / "batch-7")

    assert until(lambda: len(handovers.names()) == 4)
    assert handovers.names() == ["early.pdf", "early.tif", "p1.pdf", "p2.tif"]
    originals = {scan.original_name: scan.original_path for scan, _ in handovers.scans}
    assert originals["p2.tif"] == inbox / "batch-7" / "p2.tif"


def test_polling_mode_claims_files_and_logs_carry_the_station(inbox, start_watcher, until, sample_jpeg, caplog):
    caplog.handler.addFilter(ContextFilter())
    caplog.set_level(logging.INFO, logger="watcher")
    station = Station("bàn-3", inbox, unit="H15.50.05.13", observer=ObserverMode.POLLING)
    handovers = Handovers()
    start_watcher([station], handovers, rescan_seconds=3600, polling_seconds=0.2)

    (inbox / "photo.jpg").write_bytes(sample_jpeg)

    assert until(lambda: handovers.names() == ["photo.jpg"])
    (scan, data), = handovers.scans
    assert data == sample_jpeg and scan.station.unit == "H15.50.05.13"
    assert any("watching" in r.getMessage() and "polling" in r.getMessage() for r in caplog.records)
    claimed_logs = [r for r in caplog.records if r.getMessage().startswith("claimed photo.jpg")]
    assert [getattr(r, "station", None) for r in claimed_logs] == ["bàn-3"]


def test_the_same_name_dropped_twice_is_claimed_twice(inbox, start_watcher, until, sample_pdf, testdata):
    other_pdf = (testdata / "paperless-ngx/src/documents/tests/samples/double-sided-odd.pdf").read_bytes()
    handovers = Handovers()
    start_watcher([default_station(inbox)], handovers)

    (inbox / "scan.pdf").write_bytes(sample_pdf)
    assert until(lambda: len(handovers.names()) == 1)
    (inbox / "scan.pdf").write_bytes(other_pdf)
    assert until(lambda: len(handovers.names()) == 2)

    assert [data for _, data in handovers.scans] == [sample_pdf, other_pdf]
    first, second = (scan for scan, _ in handovers.scans)
    assert first.claim_id != second.claim_id and first.sha256 != second.sha256


def test_a_claim_left_by_a_crash_is_handed_over_once_after_restart(inbox, tmp_path, start_watcher, until, sample_pdf):
    """GIVEN a scan claimed into work/claimed by a run that died before handing it over
    WHEN a new watcher starts (and later another one)
    THEN the scan is handed over once, with the data recorded at the claim."""
    (inbox / "before-crash.pdf").write_bytes(sample_pdf)
    left = claim_file(inbox / "before-crash.pdf", station=default_station(inbox, unit="38.98.H29"),
                      work_dir=tmp_path / "work")
    handovers = Handovers()
    watcher = start_watcher([default_station(inbox)], handovers)
    assert until(lambda: handovers.names() == ["before-crash.pdf"])
    two_more_rescans(watcher, until)
    watcher.stop()

    again = Handovers()
    second = start_watcher([default_station(inbox)], again)
    two_more_rescans(second, until)

    assert [scan for scan, _ in handovers.scans] == [left] and again.scans == []
    assert left.station.unit == "38.98.H29"


def test_a_failing_hand_over_does_not_stop_the_others(inbox, start_watcher, until, sample_pdf):
    """GIVEN a consumer that fails with a bug for one file and finds another corrupt
    THEN the others are handed over; the corrupt one is quarantined with its code at once,
    the other after max_handover_attempts tries."""
    handovers = Handovers(fail={"bug.pdf": RuntimeError("consumer bug"),
                                "corrupt.pdf": CorruptFileError("xref table broken")})
    for name in ("a.pdf", "bug.pdf", "corrupt.pdf", "b.pdf"):
        (inbox / name).write_bytes(sample_pdf)
    start_watcher([default_station(inbox)], handovers, rescan_seconds=0.3, max_handover_attempts=2)

    def codes() -> dict[str, str]:
        return {item.original_name: item.code for item in list_quarantine(inbox.parent / "quarantine")}

    assert until(lambda: len(codes()) == 2 and "unknown" not in codes().values())  # reasons written
    assert codes() == {"corrupt.pdf": "corrupt_file", "bug.pdf": "handover_failed"}
    assert handovers.names() == ["a.pdf", "b.pdf"]
    assert handovers.calls.count("bug.pdf") == 2 and handovers.calls.count("corrupt.pdf") == 1
    assert list((inbox.parent / "work" / "claimed").glob("*.claim.json")) == []


def test_an_empty_placeholder_is_claimed_only_once_filled(inbox, start_watcher, until, sample_pdf):
    handovers = Handovers()
    watcher = start_watcher([default_station(inbox)], handovers, empty_grace_seconds=3600)
    (inbox / "placeholder.pdf").touch()
    assert until(lambda: watcher.status().tracked == 1)
    two_more_rescans(watcher, until)  # well past the settle time, still empty
    assert handovers.names() == [] and watcher.status().tracked == 1

    (inbox / "placeholder.pdf").write_bytes(sample_pdf)

    assert until(lambda: handovers.names() == ["placeholder.pdf"])
    assert handovers.scans[0][1] == sample_pdf


def test_a_file_that_stays_empty_is_quarantined_with_a_reason(inbox, start_watcher, until):
    handovers = Handovers()
    announced: list[Path] = []
    start_watcher([default_station(inbox)], handovers, empty_grace_seconds=0.6,
                  on_quarantined=announced.append)

    (inbox / "forgotten.pdf").touch()

    # the file is moved first and its reason written next to it: wait for both
    assert until(lambda: [item.code for item in list_quarantine(inbox.parent / "quarantine")]
                 == ["empty_file"])
    (item,) = list_quarantine(inbox.parent / "quarantine")
    assert (item.code, item.original_name, item.station) == ("empty_file", "forgotten.pdf", "inbox")
    assert item.reason_path.exists() and "empty" in item.message
    assert handovers.calls == [] and not (inbox / "forgotten.pdf").exists()
    assert until(lambda: announced == [item.path])


def test_odd_file_names_are_handed_over_with_their_original_names(inbox, start_watcher, until, sample_pdf):
    names = [unicodedata.normalize("NFD", "Giấy khai sinh.pdf"), "-v --help.pdf", "two\nlines.pdf",
             "Đơn đề nghị cấp bản sao " * 6 + ".pdf"]
    handovers = Handovers()
    start_watcher([default_station(inbox)], handovers)

    for name in names:
        (inbox / name).write_bytes(sample_pdf)

    assert until(lambda: len(handovers.names()) == len(names))
    assert handovers.names() == sorted(names)
    assert all(data == sample_pdf for _, data in handovers.scans)

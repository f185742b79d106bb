"""From a watcher's claim to a scan in the store, exactly once per claim."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from service_helpers import form_page, tiff_bytes

from intake.errors import FormatMismatchError
from intake.service.handover import ArrivalCheck, clear_handed_over_claims, receive_claim
from intake.sources import sniff_format
from intake.store import list_events, list_scans
from watcher.claim import claim_file, mark_handed_over
from watcher.stations import default_station


@pytest.fixture
def station(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return default_station(folder, unit="000.00.19.H55")


def claim(station, name: str, data: bytes, work_dir: Path):
    path = station.folder / name
    path.write_bytes(data)
    return claim_file(path, station=station, work_dir=work_dir)


def scans_and_events(store):
    with store.read_session() as session:
        scans, _ = list_scans(session)
        return ([(s.original_filename, str(s.state), s.duplicate_of) for s in scans],
                [event.type for event in list_events(session)])


def test_a_claim_delivered_again_after_its_scan_was_stored_makes_no_second_scan(store, station, data_dir):
    """GIVEN a claim taken in (scan stored, claimed file deleted) whose hand-over the
    watcher could not record before a crash, so that it is delivered again (the file
    restored here as the crash would have left it)
    WHEN it is received again, and later a byte-identical file is dropped
    THEN the re-delivery adds nothing; the new drop is a duplicate of the first scan."""
    data = tiff_bytes([form_page("ĐƠN ĐỀ NGHỊ", "ĐỖ VĂN BA")])
    scan = claim(station, "scan_001.tif", data, data_dir / "work")
    received = receive_claim(store, scan, data_dir, sniff_format)
    assert received is not None and received.job_id is not None and not scan.claimed_path.exists()

    scan.claimed_path.write_bytes(data)
    assert receive_claim(store, scan, data_dir, sniff_format) is None
    assert not scan.claimed_path.exists()

    copy = claim(station, "scan_001 again.tif", data, data_dir / "work")
    receive_claim(store, copy, data_dir, sniff_format)
    scans, _ = scans_and_events(store)
    assert sorted(scans) == [("scan_001 again.tif", "duplicate", received.scan_id),
                             ("scan_001.tif", "queued", None)]


def test_a_failed_hand_over_leaves_the_claim_whole_for_the_next_delivery(store, station, data_dir):
    """GIVEN a hand-over that fails before reception commits (fault: the check raises OSError)
    THEN the claimed file is still there, nothing is stored, and the next delivery works."""
    data = tiff_bytes([form_page("ĐƠN ĐỀ NGHỊ", "ĐỖ VĂN BỐN")])
    scan = claim(station, "scan_002.tif", data, data_dir / "work")

    def unreadable(path):
        raise OSError("share went away")

    with pytest.raises(OSError):
        receive_claim(store, scan, data_dir, unreadable)
    assert scan.claimed_path.read_bytes() == data
    assert scans_and_events(store) == ([], [])

    assert receive_claim(store, scan, data_dir, sniff_format).job_id is not None
    assert list((data_dir / "work" / "handover").iterdir()) == []


def test_a_claimed_file_that_fails_the_check_is_quarantined_through_the_store(store, station, data_dir):
    """A file that is no scan is moved to quarantine/ by reception and recorded as a
    quarantined scan with ``scan.quarantined``; the watcher's manifest goes once handed over."""
    scan = claim(station, "notes.tif", b"plain text, not a scan", data_dir / "work")
    received = receive_claim(store, scan, data_dir, sniff_format)
    mark_handed_over(scan)

    assert (str(received.state), received.error_code) == ("quarantined", "format_mismatch")
    assert received.path.parent == data_dir / "quarantine" and received.path.exists()
    assert scans_and_events(store) == ([("notes.tif", "quarantined", None)], ["scan.quarantined"])
    assert clear_handed_over_claims(data_dir / "work") == 1
    assert list((data_dir / "work" / "claimed").iterdir()) == []


def test_the_arrival_check_fails_a_file_version_only_during_its_first_quiet_period(tmp_path):
    """GIVEN a file that fails the real format check
    THEN the check fails at first and again within ``settle_seconds``; after that it
    passes (so the watcher claims the file and reception quarantines it); a changed file
    fails afresh."""
    now = [100.0]
    check = ArrivalCheck(sniff_format, settle_seconds=2.0, clock=lambda: now[0])
    path = tmp_path / "scan.tif"
    path.write_bytes(b"still being written")

    with pytest.raises(FormatMismatchError):
        check(path)
    now[0] += 1.0
    with pytest.raises(FormatMismatchError):
        check(path)
    now[0] += 1.5
    check(path)

    path.write_bytes(b"still being written, more")
    os.utime(path, ns=(1, 1))
    with pytest.raises(FormatMismatchError):
        check(path)

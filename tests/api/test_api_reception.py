"""``intake.reception``: a file on disk becomes a durable scan, job and event, or a
quarantined scan with its reason. (Tests of ``intake/reception.py``; kept with the API
tests that use it.)"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy.exc import StatementError

from api_seed import PDF, PNG, UNIT_A
from intake.errors import EmptyFileError
from intake.reception import quarantine_scan, receive_file, scan_file_path
from intake.store import ScanState, Store, get_job, get_scan, list_events, list_scans


def dropped(tmp_path: Path, testdata: Path, sample: str, name: str) -> Path:
    """A copy of a real sample, as a watcher would hand it over."""
    folder = tmp_path / "claimed"
    folder.mkdir(exist_ok=True)
    return Path(shutil.copy(testdata / sample, folder / name))


def test_a_received_file_is_moved_under_originals_with_scan_job_and_event(
        store: Store, testdata: Path, tmp_path: Path, data_dir: Path):
    path = dropped(tmp_path, testdata, PDF, "Hồ sơ 01.pdf")
    at = datetime(2024, 4, 19, 1, 30, tzinfo=timezone.utc)
    received = receive_file(store, path, original_name="Hồ sơ 01.pdf", station="desk-1",
                            unit_code=UNIT_A, received_at=at)
    assert not path.exists()
    assert received.path == data_dir / "originals" / received.sha256[:2] / \
        f"{received.sha256}-Hồ_sơ_01.pdf"
    assert received.path.read_bytes() == (testdata / PDF).read_bytes()
    assert (received.state, received.duplicate_of) == (ScanState.QUEUED, None)
    with store.read_session() as session:
        scan = get_scan(session, received.scan_id)
        assert scan_file_path(data_dir, scan) == received.path
        assert (scan.received_at, scan.station, scan.original_filename) == (
            at, "desk-1", "Hồ sơ 01.pdf")
        assert get_job(session, received.job_id).scan_id == scan.id
        assert [e.type for e in list_events(session)] == ["scan.received"]


def test_a_duplicate_is_recorded_and_linked_but_its_copy_not_kept(
        store: Store, testdata: Path, tmp_path: Path, data_dir: Path):
    first = receive_file(store, dropped(tmp_path, testdata, PNG, "a.png"), original_name="a.png",
                         station=None, unit_code=UNIT_A)
    copy = dropped(tmp_path, testdata, PNG, "a.png")
    second = receive_file(store, copy, original_name="a.png", station=None, unit_code=UNIT_A)
    assert (second.state, second.duplicate_of, second.job_id, second.path) == (
        ScanState.DUPLICATE, first.scan_id, None, None)
    assert not copy.exists() and first.path.exists()
    assert [p for p in (data_dir / "originals").rglob("*") if p.is_file()] == [first.path]


def test_a_failed_transaction_hands_the_file_back(store: Store, testdata: Path, tmp_path: Path,
                                                  data_dir: Path):
    """GIVEN a reception whose transaction fails (the store refuses a naive time), THEN
    the file is back where it was and nothing is recorded."""
    path = dropped(tmp_path, testdata, PNG, "b.png")
    with pytest.raises(StatementError, match="naive datetime"):
        receive_file(store, path, original_name="b.png", station=None, unit_code=UNIT_A,
                     received_at=datetime(2024, 4, 19, 8, 30))
    assert path.read_bytes() == (testdata / PNG).read_bytes()
    assert [p for p in (data_dir / "originals").rglob("*") if p.is_file()] == []
    with store.read_session() as session:
        assert list_scans(session)[1] == 0


def test_quarantined_files_keep_a_reason_and_two_empty_files_do_not_collide(
        store: Store, tmp_path: Path, data_dir: Path):
    results = []
    for name in ("scan_1.pdf", "scan_2.pdf"):
        empty = tmp_path / name
        empty.write_bytes(b"")
        results.append(quarantine_scan(store, empty, EmptyFileError("file is empty"),
                                       original_name=name, station="desk-2", unit_code=UNIT_A))
    first, second = results
    assert (first.state, second.state) == (ScanState.QUARANTINED, ScanState.QUARANTINED)
    assert (first.duplicate_of, second.duplicate_of) == (None, first.scan_id)
    reason = json.loads(second.path.with_name(second.path.name + ".json").read_text())
    assert reason | {"code": "empty_file", "message": "file is empty", "station": "desk-2",
                     "original_name": "scan_2.pdf"} == reason
    assert second.path.parent == data_dir / "quarantine"
    with store.read_session() as session:
        assert [e.type for e in list_events(session)] == ["scan.quarantined"] * 2
        assert get_scan(session, first.scan_id).error_code == "empty_file"


def test_a_file_the_watcher_quarantined_itself_shows_as_a_quarantined_scan(tmp_path):
    """GIVEN a file the watcher put in quarantine on its own (it stayed empty)
    WHEN the service records it THEN it is a quarantined scan with its code and an event."""
    from intake.quarantine import quarantine
    from intake.reception import record_watcher_quarantine
    from intake.store import list_events, list_scans, open_store

    store = open_store(f"sqlite:///{tmp_path / 'intake.db'}", tmp_path)
    empty = tmp_path / "inbox" / "forgotten.pdf"
    empty.parent.mkdir()
    empty.touch()
    target = quarantine(empty, code="empty_file", message="file stayed empty", station="desk-1",
                        quarantine_dir=tmp_path / "quarantine")

    received = record_watcher_quarantine(store, target, tmp_path)

    with store.read_session() as session:
        (scan,), total = list_scans(session, state="quarantined")
        assert (scan.error_code, scan.original_filename, scan.station) == ("empty_file", "forgotten.pdf", "desk-1")
        assert scan.id == received.scan_id and received.path == target
        assert [e.type for e in list_events(session, after=0)][-1] == "scan.quarantined"

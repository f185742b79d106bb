"""Claiming scans into the work area, and recovering claims a crash interrupted.

Crashes are real: the claim runs in a forked child that ``os._exit``s at the chosen step
(fault injection), so no cleanup code runs; the parent then recovers.
"""

import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pytest

import watcher.claim
from watcher.claim import claim_file, discard_claim, mark_handed_over
from watcher.recovery import recover_claims
from watcher.stations import default_station

CRASHED = 77


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def other_fs_inbox(tmp_path):
    """A watched folder on another filesystem than tmp_path (/dev/shm is a tmpfs)."""
    if not os.path.isdir("/dev/shm") or os.stat("/dev/shm").st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second filesystem at /dev/shm")
    folder = Path(tempfile.mkdtemp(dir="/dev/shm", prefix="intake-inbox-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def crash(*args, **kwargs):
    os._exit(CRASHED)


def claim_in_child_that_crashes(path, station, work_dir, inject) -> int:
    """Fork; in the child apply ``inject`` (which makes some step call ``crash``), then claim."""

    def child():
        inject()
        claim_file(path, station=station, work_dir=work_dir)
        os._exit(0)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join(30)
    return process.exitcode


def test_a_claim_moves_the_file_and_records_what_it_was(inbox, tmp_path, sample_pdf):
    scan_path = inbox / "scan_001.pdf"
    scan_path.write_bytes(sample_pdf)
    station = default_station(inbox, unit="000.00.19.H55")

    scan = claim_file(scan_path, station=station, work_dir=tmp_path / "work")

    assert not scan_path.exists()
    assert scan.claimed_path.read_bytes() == sample_pdf
    assert scan.claimed_path.parent == tmp_path / "work" / "claimed"
    assert scan.claimed_path.name == f"{scan.claim_id}-scan_001.pdf"
    assert (scan.sha256, scan.size) == (sha256(sample_pdf), len(sample_pdf))
    assert (scan.station, scan.original_name, scan.original_path) == (station, "scan_001.pdf", scan_path)
    assert scan.claimed_at.tzinfo is not None
    manifest = json.loads((scan.claimed_path.parent / f"{scan.claim_id}.claim.json").read_text())
    assert manifest["sha256"] == scan.sha256 and manifest["station"]["unit"] == "000.00.19.H55"


def test_a_file_that_vanished_is_skipped_and_leaves_nothing_behind(inbox, tmp_path, sample_pdf):
    scan_path = inbox / "scan.pdf"
    scan_path.write_bytes(sample_pdf)
    station = default_station(inbox)
    assert claim_file(scan_path, station=station, work_dir=tmp_path / "work") is not None

    assert claim_file(scan_path, station=station, work_dir=tmp_path / "work") is None  # already taken
    assert len(list((tmp_path / "work" / "claimed").iterdir())) == 2  # one file, one manifest


ODD_NAMES = [
    unicodedata.normalize("NFD", "Tờ khai đăng ký khai sinh.pdf"),
    "  spaced   out  .pdf",
    "-rf --no-preserve-root.pdf",
    "line\nbreak\tand\rreturn.pdf",
    "Giấy chứng nhận quyền sử dụng đất " * 5 + ".tif",  # 200 characters, about 250 bytes
    os.fsdecode(b"scan-\xff\xfe-latin1.jpg"),  # not valid UTF-8, as some old share clients write
    "..pdf",
]


@pytest.mark.parametrize("name", ODD_NAMES, ids=range(len(ODD_NAMES)))
def test_odd_file_names_are_claimed_under_a_safe_bounded_name(inbox, tmp_path, sample_pdf, name):
    scan_path = inbox / name
    scan_path.write_bytes(sample_pdf)

    scan = claim_file(scan_path, station=default_station(inbox), work_dir=tmp_path / "work")

    claimed = scan.claimed_path.name
    assert scan.original_name == name and scan.original_path == scan_path
    assert scan.claimed_path.read_bytes() == sample_pdf
    assert len(os.fsencode(claimed)) <= 32 + 1 + 150
    assert claimed == unicodedata.normalize("NFC", claimed) and claimed.isprintable()
    assert not any(ch.isspace() for ch in claimed) and claimed.encode("utf-8")
    assert claimed.endswith(Path(name).suffix) and "." not in claimed[32:34]
    assert recover_claims(tmp_path / "work") == [scan]  # the manifest keeps the name exactly


def test_a_claim_across_filesystems_copies_verifies_and_removes_the_source(other_fs_inbox, tmp_path, sample_tiff):
    scan_path = other_fs_inbox / "scan.tif"
    scan_path.write_bytes(sample_tiff)

    scan = claim_file(scan_path, station=default_station(other_fs_inbox), work_dir=tmp_path / "work")

    assert os.stat(scan.claimed_path).st_dev != os.stat(other_fs_inbox).st_dev
    assert scan.claimed_path.read_bytes() == sample_tiff and scan.sha256 == sha256(sample_tiff)
    assert list(other_fs_inbox.iterdir()) == []  # neither the source nor a staged copy is left


def test_handed_over_claims_are_not_handed_over_again_and_can_be_discarded(inbox, tmp_path, sample_pdf):
    work = tmp_path / "work"
    (inbox / "a.pdf").write_bytes(sample_pdf)
    (inbox / "b.pdf").write_bytes(sample_pdf)
    first = claim_file(inbox / "a.pdf", station=default_station(inbox), work_dir=work)
    second = claim_file(inbox / "b.pdf", station=default_station(inbox), work_dir=work)

    mark_handed_over(first)
    assert recover_claims(work) == [second]
    discard_claim(first)
    assert not first.claimed_path.exists()
    assert sorted(p.name for p in (work / "claimed").iterdir()) == sorted(
        [second.claimed_path.name, f"{second.claim_id}.claim.json"]
    )


def fsync_of(suffix):
    """Crash when fsync is called on a file whose name ends with ``suffix``."""
    real_fsync = os.fsync

    def fsync(fd):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(suffix):
            crash()
        real_fsync(fd)

    return lambda: setattr(os, "fsync", fsync)


def test_crash_while_writing_the_manifest_leaves_the_source_in_place(inbox, tmp_path, sample_pdf):
    scan_path = inbox / "scan.pdf"
    scan_path.write_bytes(sample_pdf)
    work = tmp_path / "work"

    code = claim_in_child_that_crashes(scan_path, default_station(inbox), work, fsync_of(".tmp"))

    assert code == CRASHED
    assert [p.name.endswith(".tmp") for p in (work / "claimed").iterdir()] == [True]
    assert recover_claims(work) == []
    assert list((work / "claimed").iterdir()) == [] and scan_path.read_bytes() == sample_pdf


def test_crash_before_the_rename_drops_the_manifest_and_leaves_the_source(inbox, tmp_path, sample_pdf):
    scan_path = inbox / "scan.pdf"
    scan_path.write_bytes(sample_pdf)
    work = tmp_path / "work"

    code = claim_in_child_that_crashes(scan_path, default_station(inbox), work, lambda: setattr(os, "rename", crash))

    assert code == CRASHED and len(list((work / "claimed").glob("*.claim.json"))) == 1
    assert recover_claims(work) == []
    assert list((work / "claimed").iterdir()) == [] and scan_path.read_bytes() == sample_pdf


def test_crash_after_the_rename_is_completed_by_recovery(inbox, tmp_path, sample_pdf):
    scan_path = inbox / "scan.pdf"
    scan_path.write_bytes(sample_pdf)
    work = tmp_path / "work"

    code = claim_in_child_that_crashes(
        scan_path, default_station(inbox), work, lambda: setattr(watcher.claim, "hash_file", crash)
    )

    assert code == CRASHED and not scan_path.exists()
    (scan,) = recover_claims(work)
    assert scan.claimed_path.read_bytes() == sample_pdf and scan.sha256 == sha256(sample_pdf)
    assert scan.original_path == scan_path
    assert recover_claims(work) == [scan]  # until handed over, it stays pending


def test_crash_during_a_cross_filesystem_copy_puts_the_source_back(other_fs_inbox, tmp_path, sample_tiff):
    scan_path = other_fs_inbox / "scan.tif"
    scan_path.write_bytes(sample_tiff)
    work = tmp_path / "work"

    code = claim_in_child_that_crashes(scan_path, default_station(other_fs_inbox), work, fsync_of(".copying"))

    assert code == CRASHED and not scan_path.exists()
    assert [p.name.startswith(".") for p in other_fs_inbox.iterdir()] == [True]  # the staged source
    assert recover_claims(work) == []
    assert [p.name for p in other_fs_inbox.iterdir()] == ["scan.tif"]
    assert scan_path.read_bytes() == sample_tiff and list((work / "claimed").iterdir()) == []


@pytest.mark.parametrize("copy_damaged", [False, True])
def test_crash_after_a_cross_filesystem_copy_keeps_exactly_one_good_file(
    other_fs_inbox, tmp_path, sample_tiff, copy_damaged
):
    """GIVEN a crash after the copy was renamed into place but before the staged source was removed
    WHEN recovery runs
    THEN a good copy is kept and the source removed, or a damaged copy removed and the source put back."""
    scan_path = other_fs_inbox / "scan.tif"
    scan_path.write_bytes(sample_tiff)
    work = tmp_path / "work"

    code = claim_in_child_that_crashes(
        scan_path, default_station(other_fs_inbox), work, lambda: setattr(watcher.claim, "verify_copy", crash)
    )
    assert code == CRASHED
    (copied,) = [p for p in (work / "claimed").iterdir() if not p.name.endswith(".json")]
    if copy_damaged:
        copied.write_bytes(sample_tiff[:1000])

    recovered = recover_claims(work)

    if copy_damaged:
        assert recovered == [] and scan_path.read_bytes() == sample_tiff
        assert list((work / "claimed").iterdir()) == []
    else:
        assert [scan.claimed_path.read_bytes() for scan in recovered] == [sample_tiff]
        assert list(other_fs_inbox.iterdir()) == []

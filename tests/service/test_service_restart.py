"""Crash safety: ``intake serve`` killed with SIGKILL in the middle of a batch, started
again on the same data folder; and a clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from service_helpers import create_key, drop_file, form_page, receipt_page, tiff_bytes, wait_for
from sqlalchemy import select

from intake.store import default_url, open_store
from intake.store.tables import Job

GOOD_FILES = 10
UNFINISHED = {"queued", "processing"}


def code_of(number: int) -> str:
    return f"000.00.19.H55-240419-{1000 + number:04d}"


def good_file(number: int) -> bytes:
    """Even numbers: a receipt and one form (a dossier of its record); odd: one form
    (an unassigned dossier). Either way one dossier of one page."""
    form = form_page(f"ĐƠN ĐỀ NGHỊ SỐ {number}", f"NGUYỄN VĂN {chr(65 + number)}")
    if number % 2 == 0:
        return tiff_bytes([receipt_page(code_of(number), "TRẦN THỊ MAI"), form])
    return tiff_bytes([form])


def bad_files() -> dict[str, bytes]:
    whole = good_file(99)
    return {"notes.tif": "not a scan at all".encode(),
            "half.tif": whole[: len(whole) // 2],
            "mislabelled.pdf": whole,
            "tail.tif": b"II*\x00" + bytes(64)}


def stored_jobs(data_dir) -> list[tuple[int, str, int]]:
    """(scan id, state, attempts) of every job, read from the service's database."""
    store = open_store(default_url(data_dir), data_dir, migrate=False)
    try:
        with store.read_session() as session:
            rows = session.execute(select(Job.scan_id, Job.state, Job.attempts)).all()
    finally:
        store.close()
    return [(scan_id, str(state), attempts) for scan_id, state, attempts in rows]


@pytest.mark.slow
def test_after_a_sigkill_mid_batch_every_file_ends_in_one_dossier_or_in_quarantine(service):
    """GIVEN the service with 2 workers and 14 files dropped at once (10 good, 4 bad)
    WHEN it is killed with SIGKILL (workers too) once some dossiers are ready and others
         are not, and started again on the same data folder
    THEN every file is one scan: each good one done with exactly one one-page dossier
         (its record's only dossier when it had a receipt), each bad one quarantined;
         no job is left processing and no scan got a second job."""
    running = service(workers=2)
    key = create_key(running.data_dir, "admin")
    good = {f"scan_{number:03d}.tif": good_file(number) for number in range(GOOD_FILES)}
    bad = bad_files()
    files = {**good, **bad}
    for name, data in files.items():
        drop_file(running.inbox, name, data)

    def some_ready_some_not():
        ready = running.get_json("/dossiers", key, limit=500)["total"]
        return 3 <= ready < GOOD_FILES

    wait_for(some_ready_some_not, timeout=120, every=0.2, what="some dossiers to be ready")
    running.kill()
    running = service(workers=2)

    def all_settled():
        listing = running.get_json("/scans", key, limit=500)
        states = {scan["state"] for scan in listing["scans"]}
        return listing if listing["total"] >= len(files) and not states & UNFINISHED else None

    scans = wait_for(all_settled, timeout=150, what="every file to be done or quarantined")["scans"]
    by_name = {scan["original_filename"]: scan for scan in scans}
    assert len(scans) == len(files) and set(by_name) == set(files)
    assert {name for name, scan in by_name.items() if scan["state"] == "quarantined"} == set(bad)
    dossier_ids = []
    for name in good:
        scan = running.get_json(f"/scans/{by_name[name]['id']}", key)
        assert scan["state"] == "done" and len(scan["dossier_ids"]) == 1, scan
        dossier_ids += scan["dossier_ids"]
    dossiers = running.get_json("/dossiers", key, limit=500)["dossiers"]
    assert sorted(d["id"] for d in dossiers) == sorted(dossier_ids)
    assert all(d["page_count"] == 1 and d["state"] == "ready" for d in dossiers)
    for number in range(0, GOOD_FILES, 2):
        assert len(running.get_json(f"/records/{code_of(number)}", key)["dossiers"]) == 1
    jobs = stored_jobs(running.data_dir)
    assert all(state != "processing" for _, state, _ in jobs)
    assert len({scan_id for scan_id, _, _ in jobs}) == len(jobs)  # one job per scan


@pytest.mark.slow
def test_sigterm_stops_cleanly_and_leaves_no_job_processing(service):
    """GIVEN the service busy with a 6-page file and a grace period of 1 s
    WHEN it gets SIGTERM
    THEN it exits with 0 and no job is left ``processing``: the job is done, or (killed
         after the grace period) back in the queue without an attempt counted."""
    running = service(env={"INTAKE_GRACE_SECONDS": "1"})
    key = create_key(running.data_dir, "admin")
    pages = [form_page(f"TỜ KHAI SỐ {number}", "LÊ VĂN TÁM") for number in range(6)]
    drop_file(running.inbox, "long.tif", tiff_bytes(pages))

    def processing():
        return any(scan["state"] == "processing" for scan in running.get_json("/scans", key)["scans"])

    wait_for(processing, timeout=60, every=0.1, what="the job to be processing")
    assert running.terminate(timeout=30) == 0
    [(_, state, attempts)] = stored_jobs(running.data_dir)
    assert state == "done" or (state == "queued" and attempts == 0)


@pytest.mark.slow
def test_workers_leave_when_the_service_process_dies(service):
    """GIVEN a running service with 2 workers WHEN only the service process is SIGKILLed
    THEN its worker processes exit by themselves instead of working on as orphans."""
    running = service(workers=2)
    workers = wait_for(lambda: worker_pids(running.process.pid), timeout=30, what="the worker processes")
    os.kill(running.process.pid, signal.SIGKILL)
    running.process.wait(10)
    wait_for(lambda: not any(alive(pid) for pid in workers), timeout=15, what="the workers to exit")


def worker_pids(service_pid: int) -> list[int]:
    """The service's worker processes (spawned children whose command line says so)."""
    children = Path(f"/proc/{service_pid}/task/{service_pid}/children").read_text().split()
    pids = [int(pid) for pid in children
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    return pids if len(pids) == 2 else []


def alive(pid: int) -> bool:
    """Still running (a zombie awaiting its reaper counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False

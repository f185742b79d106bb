"""``intake serve`` stopped the way systemd and a terminal stop it: one signal to every
process of the service at once (systemd's ``KillMode=control-group`` sends SIGTERM to the
whole unit; Ctrl-C sends SIGINT to the foreground process group), in the middle of a
batch. It must stop within its grace period with exit code 0, and a restart must finish
every scan exactly once.

The ``wait`` timeouts below are hang detectors, not timing assertions: they are the grace
period plus a wide margin.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from service_helpers import (
    FAST_SERVICE_ENV,
    ServiceProcess,
    create_key,
    drop_file,
    form_page,
    receipt_page,
    tiff_bytes,
    wait_for,
)
from sqlalchemy import select

from intake.store import default_url, open_store
from intake.store.tables import Job

FILES = 4  # both workers busy at once while more wait in the queue
WORKERS = 2
HANG_SECONDS = float(FAST_SERVICE_ENV["INTAKE_GRACE_SECONDS"]) + 40


def code_of(number: int) -> str:
    return f"000.00.19.H55-240420-{2000 + number:04d}"


def batch_file(number: int) -> bytes:
    """A receipt with its dossier code's QR and two forms: one dossier of two pages."""
    return tiff_bytes([receipt_page(code_of(number), "PHẠM THỊ HOA"),
                       form_page(f"TỜ KHAI SỐ {number}", f"ĐỖ VĂN {chr(65 + number)}"),
                       form_page(f"ĐƠN ĐỀ NGHỊ SỐ {number}", f"VŨ THỊ {chr(65 + number)}")])


def drop_batch(running: ServiceProcess) -> set[str]:
    names = set()
    for number in range(FILES):
        names.add(drop_file(running.inbox, f"batch_{number:02d}.tif", batch_file(number)).name)
    return names


def wait_until_busy(running: ServiceProcess, key: str, processing: int) -> None:
    """Until ``processing`` scans are being read and the batch is not done yet."""
    def busy():
        states = [scan["state"] for scan in running.get_json("/scans", key, limit=500)["scans"]]
        return states.count("processing") >= processing and states.count("done") < FILES

    wait_for(busy, timeout=90, every=0.1, what=f"{processing} scan(s) to be processing")


def stop_group(running: ServiceProcess, signal_number: int) -> int:
    """``signal_number`` to the service's process group; its exit code (fails on a hang)."""
    assert running.process is not None
    os.killpg(running.process.pid, signal_number)  # its own session: only what it started
    try:
        return running.process.wait(HANG_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"intake serve still running {HANG_SECONDS:.0f} s after "
                    f"{signal.Signals(signal_number).name} to its group:\n{running.log_tail()}")


def stored_jobs(data_dir: Path) -> list[tuple[int, str, int]]:
    """(scan id, state, attempts) of every job, read from the service's database."""
    store = open_store(default_url(data_dir), data_dir, migrate=False)
    try:
        with store.read_session() as session:
            rows = session.execute(select(Job.scan_id, Job.state, Job.attempts)).all()
    finally:
        store.close()
    return [(scan_id, str(state), attempts) for scan_id, state, attempts in rows]


def assert_every_scan_done_once(running: ServiceProcess, key: str, names: set[str]) -> None:
    """Every file is one scan, done, with one two-page dossier: its record's only one."""
    def all_done():
        listing = running.get_json("/scans", key, limit=500)
        states = {scan["state"] for scan in listing["scans"]}
        return listing["scans"] if listing["total"] >= FILES and states == {"done"} else None

    scans = wait_for(all_done, timeout=180, what="every scan to be done after the restart")
    assert sorted(scan["original_filename"] for scan in scans) == sorted(names)
    dossier_ids = []
    for scan in scans:
        dossier_ids += running.get_json(f"/scans/{scan['id']}", key)["dossier_ids"]
    dossiers = running.get_json("/dossiers", key, limit=500)["dossiers"]
    assert len(dossier_ids) == FILES and sorted(d["id"] for d in dossiers) == sorted(dossier_ids)
    assert all(d["page_count"] == 2 and d["state"] == "ready" for d in dossiers)
    for number in range(FILES):
        assert len(running.get_json(f"/records/{code_of(number)}", key)["dossiers"]) == 1
    jobs = stored_jobs(running.data_dir)
    assert len({scan_id for scan_id, _, _ in jobs}) == len(jobs) == FILES  # one job per scan


@pytest.mark.slow
@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_to_the_whole_group_mid_batch_stops_in_time_and_loses_nothing(service, signal_number):
    """GIVEN the service with 2 workers reading a batch of 4 files, 2 of them under way
    WHEN SIGTERM (systemd) or SIGINT (Ctrl-C) reaches the service and its workers at once
    THEN it exits with 0 within its grace period, leaving no job ``processing`` and no
         attempt counted (the jobs under way are done or given back to the queue); started
         again, it finishes every file with exactly one dossier."""
    running = service(workers=WORKERS)
    key = create_key(running.data_dir, "admin")
    names = drop_batch(running)
    wait_until_busy(running, key, processing=WORKERS)

    assert stop_group(running, signal_number) == 0

    jobs = stored_jobs(running.data_dir)
    assert all(state in {"queued", "done"} and attempts == 0 for _, state, attempts in jobs), jobs
    assert "still busy" not in running.log_tail(200)  # no worker had to be killed
    assert_every_scan_done_once(service(workers=WORKERS), key, names)


@pytest.mark.slow
def test_a_group_sigterm_after_a_worker_died_mid_job_does_not_hang(service):
    """GIVEN the service with 2 workers reading a batch, one of them SIGKILLed mid-job
    (its job's lease is left behind, as after an out-of-memory kill)
    WHEN SIGTERM reaches the service and its workers at once
    THEN it still exits with 0 within its grace period; started again, it finishes every
         file with exactly one dossier (the dead worker's job is run again)."""
    running = service(workers=WORKERS)
    key = create_key(running.data_dir, "admin")
    names = drop_batch(running)
    wait_until_busy(running, key, processing=WORKERS)
    victim = wait_for(lambda: worker_pids(running.process.pid), timeout=10, what="the workers")[0]
    os.kill(victim, signal.SIGKILL)

    assert stop_group(running, signal.SIGTERM) == 0

    assert_every_scan_done_once(service(workers=WORKERS), key, names)


def worker_pids(service_pid: int) -> list[int]:
    """The service's worker processes (spawned children whose command line says so)."""
    children = Path(f"/proc/{service_pid}/task/{service_pid}/children").read_text().split()
    return [int(pid) for pid in children if b"spawn_main" in _cmdline(pid)]


def _cmdline(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return b""


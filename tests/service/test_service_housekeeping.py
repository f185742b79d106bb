"""The supervisor's housekeeping: originals past their retention, and job leases the
service gives back itself (at shutdown, and those of a run that died)."""

from __future__ import annotations

from datetime import timedelta

from service_helpers import form_page, png_bytes

from intake.reception import receive_file
from intake.service.leases import expire_leases_of_earlier_runs, release_jobs
from intake.service.originals import sweep_originals
from intake.store import claim_next_job, finish_job, get_job, get_scan, requeue_stale_jobs
from intake.store.tables import utcnow

SERVICE = "host:abcd1234/"


def receive_pages(store, tmp_path, count: int):
    received = []
    for number in range(count):
        path = tmp_path / f"scan_{number}.png"
        path.write_bytes(png_bytes(form_page(f"ĐƠN SỐ {number}", "HOÀNG VĂN NĂM")))
        received.append(receive_file(store, path, original_name=path.name, station=None, unit_code=None))
    return received


def test_originals_are_removed_only_after_their_scan_is_done_and_the_retention_passed(store, tmp_path,
                                                                                     data_dir):
    """GIVEN two received scans, one done, one still queued
    WHEN the sweep runs before and after the 30-day retention
    THEN only the done scan's original goes, after the retention, and its path is cleared."""
    done, waiting = receive_pages(store, tmp_path, 2)
    with store.session() as session:
        job = claim_next_job(session, "w", lease_seconds=60)
        assert job.scan_id == done.scan_id
        finish_job(session, job.id, "w")
    retention = timedelta(days=30)

    assert sweep_originals(store, data_dir, retention) == 0
    assert sweep_originals(store, data_dir, retention, now=utcnow() + timedelta(days=31)) == 1

    assert not done.path.exists() and waiting.path.exists()
    with store.read_session() as session:
        assert get_scan(session, done.scan_id).archive_path is None
        assert get_scan(session, waiting.scan_id).archive_path is not None


def test_jobs_of_workers_stopped_at_shutdown_go_back_without_an_attempt(store, tmp_path):
    first, second = receive_pages(store, tmp_path, 2)
    with store.session() as session:
        claim_next_job(session, f"{SERVICE}run1/w1.1", lease_seconds=60)
        claim_next_job(session, f"{SERVICE}run1/w2.1", lease_seconds=60)
        assert release_jobs(session, [f"{SERVICE}run1/w1.1"]) == [first.job_id]
    with store.read_session() as session:
        released, busy = get_job(session, first.job_id), get_job(session, second.job_id)
        assert (str(released.state), released.attempts, released.lease_owner) == ("queued", 0, None)
        assert str(get_scan(session, first.scan_id).state) == "queued"
        assert str(busy.state) == "processing"


def test_leases_of_an_earlier_run_expire_at_start_and_the_requeue_counts_the_attempt(store, tmp_path):
    """GIVEN jobs held by a dead run of this service, by this run, and by another service
    WHEN a new run starts THEN only the dead run's job is requeued, with one attempt."""
    dead, live, elsewhere = receive_pages(store, tmp_path, 3)
    with store.session() as session:
        claim_next_job(session, f"{SERVICE}old/w1.1", lease_seconds=600)
        claim_next_job(session, f"{SERVICE}new/w1.1", lease_seconds=600)
        claim_next_job(session, "other-host:99999999/x/w1.1", lease_seconds=600)
        assert expire_leases_of_earlier_runs(session, SERVICE, f"{SERVICE}new/") == [dead.job_id]
        assert requeue_stale_jobs(session).requeued == (dead.job_id,)
    with store.read_session() as session:
        requeued = get_job(session, dead.job_id)
        assert (str(requeued.state), requeued.attempts) == ("queued", 1)
        assert str(get_job(session, live.job_id).state) == "processing"
        assert str(get_job(session, elsewhere.job_id).state) == "processing"

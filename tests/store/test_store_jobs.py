"""Scans and the job queue: dedupe by content, exclusive claims, leases, stale jobs."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest

from intake.store import (
    ConflictError,
    JobState,
    ScanState,
    Store,
    claim_next_job,
    create_scan,
    enqueue_job,
    find_scan_by_sha,
    finish_job,
    get_job,
    get_scan,
    hash_file,
    list_events,
    list_scans,
    quarantine_job,
    receive_scan,
    renew_lease,
    requeue_stale_jobs,
)
from intake.store.tables import utcnow

SCANS = ["paperless-ngx/src/documents/tests/samples/simple.pdf",
         "paperless-ngx/src/documents/tests/samples/simple.tiff",
         "tesseract-ocr-test/testing/phototest.tif"]
UNIT = "000.00.19.H55"


def receive(store: Store, path: Path, station: str = "desk-1"):
    with store.session() as session:
        return receive_scan(session, sha256=hash_file(path), original_filename=path.name,
                            size=path.stat().st_size, station=station, unit_code=UNIT)


def test_the_same_file_dropped_twice_is_a_duplicate_without_a_job(store: Store, testdata: Path):
    """GIVEN a scan received at desk 1 WHEN a byte-identical copy arrives at desk 2
    THEN the copy is kept as a duplicate pointing to the original, and gets no job."""
    path = testdata / SCANS[0]
    original, job = receive(store, path)
    copy, no_job = receive(store, path, station="desk-2")

    assert original.state == ScanState.QUEUED and job is not None and no_job is None
    assert copy.state == ScanState.DUPLICATE and copy.duplicate_of == original.id
    with store.read_session() as session:
        assert find_scan_by_sha(session, hash_file(path)).id == original.id
        assert list_scans(session, state=ScanState.DUPLICATE)[1] == 1
        assert [e.type for e in list_events(session)] == ["scan.received", "scan.duplicate"]


def test_concurrent_receipts_of_one_content_keep_one_original(store: Store, testdata: Path):
    path = testdata / SCANS[1]
    start = threading.Barrier(3)
    results: list = []

    def drop(n: int) -> None:
        start.wait()
        with store.session() as session:
            scan = create_scan(session, sha256=hash_file(path), original_filename=f"{n}.tiff",
                               size=path.stat().st_size, station=f"desk-{n}")
            results.append((scan.state, scan.duplicate_of))

    threads = [threading.Thread(target=drop, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    states = sorted(state for state, _ in results)
    assert states == [ScanState.DUPLICATE, ScanState.DUPLICATE, ScanState.QUEUED]
    assert len({of for state, of in results if state == ScanState.DUPLICATE}) == 1


def make_jobs(store: Store, count: int) -> list[int]:
    with store.session() as session:
        ids = []
        for n in range(count):
            scan = create_scan(session, sha256=f"{n:064x}", original_filename=f"scan_{n:03d}.pdf",
                               size=1000 + n, station="desk-1", unit_code=UNIT)
            ids.append(enqueue_job(session, scan.id).id)
        return ids


@pytest.mark.timeout(60)
def test_two_workers_claiming_at_once_never_get_the_same_job(store: Store):
    """GIVEN 20 queued jobs WHEN two workers (own connections) claim and finish jobs as
    fast as they can THEN every job is claimed exactly once."""
    job_ids = make_jobs(store, 20)
    claimed: dict[str, list[int]] = {"worker-a": [], "worker-b": []}
    start = threading.Barrier(2)

    def work(worker: str) -> None:
        start.wait()
        while True:
            with store.session() as session:
                job = claim_next_job(session, worker, lease_seconds=60)
            if job is None:
                return
            claimed[worker].append(job.id)
            with store.session() as session:
                finish_job(session, job.id, worker)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = claimed["worker-a"] + claimed["worker-b"]
    assert sorted(every) == job_ids and len(set(every)) == 20
    with store.read_session() as session:
        assert list_scans(session, state=ScanState.DONE)[1] == 20


def test_claim_takes_the_oldest_and_marks_scan_processing(store: Store):
    first, second = make_jobs(store, 2)
    now = utcnow()
    with store.session() as session:
        job = claim_next_job(session, "worker-a", lease_seconds=30, now=now)
        assert job.id == first and job.state == JobState.PROCESSING
        assert job.lease_owner == "worker-a" and job.lease_expires_at == now + timedelta(seconds=30)
        assert get_scan(session, job.scan_id).state == ScanState.PROCESSING
    with store.session() as session:
        assert claim_next_job(session, "worker-b", lease_seconds=30).id == second
        assert claim_next_job(session, "worker-b", lease_seconds=30) is None


def test_only_the_lease_holder_may_renew_finish_or_quarantine(store: Store):
    make_jobs(store, 1)
    with store.session() as session:
        job = claim_next_job(session, "worker-a", lease_seconds=30)
    with store.session() as session:
        later = renew_lease(session, job.id, "worker-a", lease_seconds=300)
        assert get_job(session, job.id).lease_expires_at == later
    for act in (lambda s: renew_lease(s, job.id, "worker-b", 30),
                lambda s: finish_job(s, job.id, "worker-b"),
                lambda s: quarantine_job(s, job.id, "worker-b", "corrupt_file", "bad")):
        with pytest.raises(ConflictError), store.session() as session:
            act(session)
    with store.session() as session:
        quarantine_job(session, job.id, "worker-a", "corrupt_file", "PDF trailer missing")
    with store.read_session() as session:
        scan = get_scan(session, job.scan_id)
        assert (scan.state, scan.error_code, scan.error_message) == (
            ScanState.QUARANTINED, "corrupt_file", "PDF trailer missing")
        assert get_job(session, job.id).state == JobState.QUARANTINED
        assert list_events(session)[-1].payload["error_code"] == "corrupt_file"


def test_expired_leases_are_requeued_then_quarantined_after_max_attempts(store: Store):
    """GIVEN a job whose worker keeps dying (its one-minute lease expires, three times)
    WHEN the reaper runs after each expiry THEN the job goes back to the queue twice,
    then is quarantined as abandoned; a job with a live lease is left alone."""
    doomed, healthy = make_jobs(store, 2)
    start = utcnow()
    with store.session() as session:
        assert claim_next_job(session, "worker-1", 60, now=start).id == doomed
        assert claim_next_job(session, "worker-slow", 86_400, now=start).id == healthy
    outcomes = []
    for attempt in (1, 2, 3):
        later = start + timedelta(minutes=10 * attempt)
        with store.session() as session:
            outcomes.append(requeue_stale_jobs(session, later, max_attempts=3))
            if attempt < 3:
                assert claim_next_job(session, f"worker-{attempt + 1}", 60, now=later).id == doomed
    assert [o.requeued for o in outcomes] == [(doomed,), (doomed,), ()]
    assert [o.quarantined for o in outcomes] == [(), (), (doomed,)]
    with store.read_session() as session:
        job = get_job(session, doomed)
        assert (job.state, job.attempts, job.lease_owner) == (JobState.QUARANTINED, 3, None)
        assert get_scan(session, job.scan_id).error_code == "job_abandoned"
        assert get_job(session, healthy).state == JobState.PROCESSING
        assert get_job(session, healthy).attempts == 0

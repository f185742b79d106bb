"""The worker's job loop in-process, on the real store, pipeline and tesseract."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import timedelta

import pikepdf
import pytest
from PIL import Image
from service_helpers import form_page, receipt_page, tiff_bytes

from intake.cleanup import CleanupOptions
from intake.pipeline import PipelineOptions
from intake.reception import receive_file
from intake.service import (
    JobOutcome,
    ScanOrigin,
    WorkerOptions,
    read_scan,
    run_next_job,
    write_dossier_files,
)
from intake.service.worker import ScanToProcess, process_scan_job
from intake.store import (
    claim_next_job,
    get_dossier,
    get_job,
    get_record,
    get_scan,
    list_events,
    requeue_stale_jobs,
    upsert_station,
)
from intake.store.tables import utcnow
from intake.quarantine import quarantine

CODE = "000.00.19.H55-240419-0042"
WORKER = "test-host/run/w1.1"
# the pages are drawn upright: no orientation detection (why: see FAST_SERVICE_ENV)
PIPELINE = PipelineOptions(workers=1, cleanup=CleanupOptions(detect_orientation=False))


@pytest.fixture
def options(data_dir):
    return WorkerOptions(data_dir=data_dir, lease_seconds=30)


@pytest.fixture(scope="module")
def batch_bytes() -> bytes:
    return tiff_bytes([receipt_page(CODE, "PHẠM VĂN HÙNG"),
                       form_page("TỜ KHAI ĐĂNG KÝ KHAI SINH", "PHẠM THỊ LAN")])


def receive(store, tmp_path, name: str, data: bytes, station: str | None = "desk-1"):
    path = tmp_path / name
    path.write_bytes(data)
    return receive_file(store, path, original_name=name, station=station, unit_code=None)


class CrashingEngine:
    """Fault injection: an OCR engine with a bug."""

    name = "crashing"

    def recognize(self, image, dpi):
        raise RuntimeError("engine bug")


def test_a_job_ends_with_its_dossier_record_and_events_committed_together(store, tmp_path, options,
                                                                          batch_bytes):
    """GIVEN a received 2-page scan (receipt + form) from a station with a default procedure
    WHEN a worker runs the next job
    THEN the job and scan are done; the record the receipt names exists (status 2, unit
         from the code, the station's procedure) with one ready dossier of one page whose
         PDF and page image are blobs; the feed says dossier.ready before scan.done."""
    with store.session() as session:
        upsert_station(session, "desk-1", unit_code="", folder="/srv/desk-1", procedure_code="1.001193")
    received = receive(store, tmp_path, "scan_042.tif", batch_bytes)

    assert run_next_job(store, WORKER, PIPELINE, options) is JobOutcome.DONE

    with store.read_session() as session:
        assert str(get_job(session, received.job_id).state) == "done"
        assert str(get_scan(session, received.scan_id).state) == "done"
        record = get_record(session, CODE)
        assert (record.status, record.unit_code, record.procedure_code) == (2, "000.00.19.H55", "1.001193")
        [summary] = record.dossiers
        dossier = get_dossier(session, summary.id)
        assert (str(dossier.state), dossier.page_count) == ("ready", 1)
        assert dossier.source_scan_id == received.scan_id
        [page] = dossier.pages
        assert page.source_page == 2 and "LAN" in page.text
        assert page.ocr_seconds is not None and page.ocr_seconds > 0
        types = [event.type for event in list_events(session)]
    with store.blobs.open(dossier.pdf_sha) as pdf, pikepdf.open(io.BytesIO(pdf.read())) as document:
        assert len(document.pages) == 1
    with store.blobs.open(page.image_sha) as image:
        assert Image.open(image).size == (page.width, page.height)
    assert types.index("dossier.ready") < types.index("scan.done")
    assert run_next_job(store, WORKER, PIPELINE, options) is None


def test_files_written_again_for_the_same_scan_are_the_same_blobs(store, tmp_path, options, batch_bytes):
    """A re-run after a crash writes byte-identical files: the PDF's dates are the scan's."""
    received = receive(store, tmp_path, "scan_042.tif", batch_bytes)
    with store.read_session() as session:
        origin = ScanOrigin(received.scan_id, get_scan(session, received.scan_id).received_at)
    dossiers = read_scan(received.path, PIPELINE)
    first = write_dossier_files(dossiers, store.blobs, origin)
    again = write_dossier_files(dossiers, store.blobs, origin)
    assert [d.pdf_sha for d in first] == [d.pdf_sha for d in again]
    assert [p.image_sha for p in first[0].pages] == [p.image_sha for p in again[0].pages]


def test_a_file_the_pipeline_cannot_read_is_quarantined_with_its_reason(store, tmp_path, options, batch_bytes,
                                                                       data_dir):
    """GIVEN a received TIFF cut in half (its header passes the arrival check)
    WHEN a worker runs its job
    THEN the job and scan are quarantined as truncated_file, the file is in quarantine/
         with a JSON note, and the scan points there (where a retry looks for it)."""
    received = receive(store, tmp_path, "half.tif", batch_bytes[: len(batch_bytes) // 2])

    assert run_next_job(store, WORKER, PIPELINE, options) is JobOutcome.QUARANTINED

    with store.read_session() as session:
        scan = get_scan(session, received.scan_id)
        assert (str(scan.state), scan.error_code) == ("quarantined", "truncated_file")
        assert str(get_job(session, received.job_id).state) == "quarantined"
        kept = data_dir / scan.archive_path
    assert kept.parent == data_dir / "quarantine" and not received.path.exists()
    note = json.loads(kept.with_name(kept.name + ".json").read_text())
    assert (note["code"], note["original_name"]) == ("truncated_file", "half.tif")
    assert note["station"] == "desk-1"


def test_a_crash_between_quarantining_the_file_and_marking_the_job_is_repaired_on_the_rerun(
        store, tmp_path, options, data_dir):
    """GIVEN a job whose original a worker had moved to quarantine with its reason when the
    service died (so the job is still queued, its original gone)
    WHEN a worker runs the job THEN it is quarantined with the note's reason, and the scan
    points at the quarantined file."""
    received = receive(store, tmp_path, "odd.tif", b"II*\x00" + bytes(64))
    kept = quarantine(received.path, code="corrupt_file", message="no image in it", station="desk-1",
                      quarantine_dir=data_dir / "quarantine", original_name="odd.tif")

    assert run_next_job(store, WORKER, PIPELINE, options) is JobOutcome.QUARANTINED

    with store.read_session() as session:
        scan = get_scan(session, received.scan_id)
        assert (scan.error_code, scan.error_message) == ("corrupt_file", "no image in it")
        assert data_dir / scan.archive_path == kept


def test_a_worker_that_lost_its_lease_keeps_nothing(store, tmp_path, options, batch_bytes):
    """GIVEN worker A's job whose lease expired and which worker B has claimed since
    WHEN A finishes reading the scan
    THEN A commits nothing (no dossier, no record) and the job is still B's."""
    received = receive(store, tmp_path, "scan_042.tif", batch_bytes)
    with store.session() as session:
        claim_next_job(session, "A", lease_seconds=30)
        received_at = get_scan(session, received.scan_id).received_at
    with store.session() as session:
        requeue_stale_jobs(session, now=utcnow() + timedelta(seconds=60))
        claim_next_job(session, "B", lease_seconds=30)
    scan = ScanToProcess(job_id=received.job_id, scan_id=received.scan_id, sha256=received.sha256,
                         path=received.path, original_name="scan_042.tif", station="desk-1",
                         unit_code=None, procedure_code=None, received_at=received_at)

    assert process_scan_job(store, scan, "A", PIPELINE, options) is JobOutcome.LEASE_LOST

    with store.read_session() as session:
        job = get_job(session, received.job_id)
        assert (str(job.state), job.lease_owner) == ("processing", "B")
        types = [event.type for event in list_events(session)]
        assert not [kind for kind in types if kind.startswith(("dossier", "record"))]


def test_an_unexpected_error_gives_the_lease_up_for_the_requeue_to_count(store, tmp_path, options,
                                                                         batch_bytes):
    """GIVEN an OCR engine with a bug WHEN a worker runs a job THEN the job's lease expires
    at once, and the supervisor's requeue puts it back with one attempt counted."""
    received = receive(store, tmp_path, "scan_042.tif", batch_bytes)

    outcome = run_next_job(store, WORKER, replace(PIPELINE, engine=CrashingEngine()), options)

    assert outcome is JobOutcome.RETRY
    with store.session() as session:
        assert requeue_stale_jobs(session).requeued == (received.job_id,)
        job = get_job(session, received.job_id)
        assert (str(job.state), job.attempts) == ("queued", 1)

"""Figures: ``/api/v1/stats`` on a small store seeded with known times, and ``/metrics``
in Prometheus' text format."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from api_seed import UNIT_A, UNIT_B, bearer
from intake.store import (
    PageInput,
    Store,
    add_dossier_with_pages,
    approve_dossier,
    claim_next_job,
    create_scan,
    enqueue_job,
    finish_job,
    record_quarantined_scan,
    upsert_record,
)
from intake.store.audit import SYSTEM
from intake.store.tables import Dossier

APRIL = "2024-04-01T00:00:00+07:00", "2024-05-01T00:00:00+07:00"
METRIC_LINE = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"]*",?)*\})? '
                         r'(-?[0-9.e+-]+|NaN|[+-]Inf)$')


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 4, day, hour, minute, tzinfo=timezone.utc)


def add_dossier(session, record, scan, pages: int, ready: datetime) -> Dossier:
    dossier = add_dossier_with_pages(session, [PageInput(number=n + 1) for n in range(pages)],
                                     record=record, unit_code=scan.unit_code,
                                     source_scan_id=scan.id)
    dossier.created_at = dossier.ready_at = ready
    session.flush()
    return dossier


@pytest.fixture
def april(store: Store) -> Store:
    """Unit A: records A1-A3 received in April (A1, A2 digitized), A4 in May; scans S1,
    S2 made dossiers ready after 120 s, 300 s and 600 s; S3 quarantined; a duplicate of
    S1. Unit B: record B1 digitized from S5 in 60 s."""
    with store.session() as session:
        a1, a2, _a3 = (upsert_record(session, f"{UNIT_A}-2404{day}-0001", unit_code=UNIT_A,
                                     received_at=at(day, 1)) for day in (10, 11, 12))
        upsert_record(session, f"{UNIT_A}-240501-0001", unit_code=UNIT_A,
                      received_at=datetime(2024, 5, 1, 3, tzinfo=timezone.utc))
        b1 = upsert_record(session, f"{UNIT_B}-240411-0001", unit_code=UNIT_B,
                           received_at=at(11, 2))
        s1, s2, s5 = (create_scan(session, sha256=f"{n:064x}", original_filename=f"s{n}.pdf",
                                  size=100, unit_code=unit, received_at=time)
                      for n, unit, time in ((1, UNIT_A, at(10, 8)), (2, UNIT_A, at(11, 9)),
                                            (5, UNIT_B, at(11, 10))))
        record_quarantined_scan(session, sha256=f"{3:064x}", original_filename="s3.pdf",
                                size=0, error_code="empty_file", message="file is empty",
                                unit_code=UNIT_A, received_at=at(11, 11))
        create_scan(session, sha256=f"{1:064x}", original_filename="s1 copy.pdf", size=100,
                    unit_code=UNIT_A, received_at=at(12, 8))
        add_dossier(session, a1, s1, 3, at(10, 8, 2))
        d2 = add_dossier(session, a2, s2, 2, at(11, 9, 5))
        approve_dossier(session, d2.id, SYSTEM, d2.version)
        add_dossier(session, None, s2, 1, at(11, 9, 10))
        add_dossier(session, b1, s5, 4, at(11, 10, 1))
    return store


def stats(client: TestClient, key: str, **query) -> dict:
    answer = client.get("/api/v1/stats", params=query, headers=bearer(key))
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_stats_of_one_unit_for_a_month(client: TestClient, keys: dict[str, str], april: Store):
    figures = stats(client, keys["admin"], unit=UNIT_A, **{"from": APRIL[0], "to": APRIL[1]})
    assert figures | {
        "unit": UNIT_A, "scans": 3, "scans_quarantined": 1, "duplicates": 1, "dossiers": 3,
        "pages": 6, "dossiers_awaiting_review": 2, "pages_awaiting_review": 4,
        "records_received": 3, "records_digitized": 2,
        "median_seconds_to_ready": 300.0} == figures
    assert figures["digitization_rate"] == pytest.approx(2 / 3)


def test_stats_of_every_unit_and_a_unit_keys_own(client: TestClient, keys: dict[str, str],
                                                 april: Store):
    everything = stats(client, keys["service"], **{"from": APRIL[0], "to": APRIL[1]})
    assert (everything["scans"], everything["dossiers"], everything["pages"]) == (4, 4, 10)
    assert (everything["records_received"], everything["records_digitized"]) == (4, 3)
    assert everything["digitization_rate"] == 0.75
    assert everything["median_seconds_to_ready"] == 210.0  # of 60, 120, 300, 600
    officer_b = stats(client, keys["officer_b"], unit=UNIT_A)  # asks for A, gets B
    assert officer_b | {"unit": UNIT_B, "scans": 1, "dossiers": 1, "pages": 4,
                        "records_received": 1, "digitization_rate": 1.0,
                        "median_seconds_to_ready": 60.0} == officer_b
    empty = stats(client, keys["admin"], **{"from": "2023-01-01T00:00:00Z",
                                            "to": "2023-02-01T00:00:00Z"})
    assert (empty["records_received"], empty["digitization_rate"],
            empty["median_seconds_to_ready"]) == (0, None, None)


def test_metrics_are_prometheus_text_with_queue_throughput_failures_and_timing(
        client: TestClient, keys: dict[str, str], april: Store):
    """GIVEN the April store plus, now, three scans queued again, the first (S1, which
    made a 3-page dossier in April) claimed 10 s ago and finished with a 5-page dossier
    whose pages took 0.5, 1.5, 2, 4 s of OCR and one none recorded, and a page read in
    100 s two hours ago,
    WHEN /metrics is read, THEN every line is a comment or ``name{labels} value``, and
    the figures match the store (S1's job: 10 s over its 8 pages; OCR: the four timed
    pages of the last hour)."""
    now = datetime.now(timezone.utc)
    with april.session() as session:
        for n in (1, 2, 5):
            enqueue_job(session, n)  # scans 1, 2 and 5 wait again
        job = claim_next_job(session, "worker-1", 60, now=now - timedelta(seconds=10))
        ocr_seconds = (0.5, 4.0, None, 1.5, 2.0)
        add_dossier_with_pages(session, [PageInput(number=n + 1, ocr_seconds=seconds)
                                         for n, seconds in enumerate(ocr_seconds)],
                               unit_code=UNIT_A, source_scan_id=job.scan_id)
        finish_job(session, job.id, "worker-1")
        earlier = add_dossier_with_pages(session, [PageInput(number=1, ocr_seconds=100.0)])
        earlier.created_at = earlier.ready_at = now - timedelta(hours=2)
    answer = client.get("/metrics", headers=bearer(keys["service"]))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    values = {}
    for line in answer.text.splitlines():
        if line.startswith("#"):
            assert re.match(r"^# (HELP|TYPE) \S+ .+$", line), line
            continue
        assert METRIC_LINE.match(line), line
        name, value = line.rsplit(" ", 1)
        values[name] = float(value)
    assert values['intake_jobs{state="queued"}'] == 2
    assert values['intake_jobs{state="done"}'] == 1
    assert values['intake_jobs{state="processing"}'] == 0
    assert values['intake_scan_failures{code="empty_file"}'] == 1
    assert values["intake_pages_per_minute"] == 1.0  # 5 pages in 5 minutes
    assert values["intake_job_seconds_per_page_count"] == 1
    assert 10 / 8 <= values["intake_job_seconds_per_page_sum"] < 10 / 8 + 0.5
    assert values["intake_ocr_seconds_per_page_count"] == 4
    assert values["intake_ocr_seconds_per_page_sum"] == 8.0
    assert values['intake_ocr_seconds_per_page{quantile="0.5"}'] == 1.5
    assert values['intake_ocr_seconds_per_page{quantile="0.9"}'] == 4.0

"""Records: upsert, lookups scoped by unit, filters and pages, receipts."""

from __future__ import annotations

import threading
import unicodedata
from datetime import datetime, timedelta, timezone

import pytest

from intake.store import (
    RECORD_STATUS_NAMES,
    Actor,
    InvalidValueError,
    NotFoundError,
    Store,
    ensure_record_for_receipt,
    get_record,
    list_audit,
    list_events,
    list_records,
    upsert_record,
)

UNIT = "000.00.19.H55"
OTHER_UNIT = "38.98.H29"
VIETNAM = timezone(timedelta(hours=7))


def test_upsert_creates_then_updates_only_the_values_given(store: Store):
    received = datetime(2024, 4, 19, 8, 30, tzinfo=VIETNAM)
    with store.session() as session:
        upsert_record(session, "000.00.19.H55-240419-0001", unit_code=UNIT,
                      procedure_code="1.001193", applicant_name="NGUYỄN VĂN AN",
                      received_at=received)
    with store.session() as session:
        upsert_record(session, "000.00.19.H55-240419-0001", unit_code=UNIT, status=4,
                      applicant_id_number="019085012345", actor=Actor("Trần Thị Bình", None))

    with store.read_session() as session:
        record = get_record(session, "000.00.19.H55-240419-0001")
        events = list_events(session)
        audit = list_audit(session, "record", record.id)
    assert (record.procedure_code, record.applicant_name, record.applicant_id_number) == (
        "1.001193", "NGUYỄN VĂN AN", "019085012345")
    assert record.status == 4 and record.status_name == "Đang xử lý"
    assert record.received_at == received and record.received_at.tzinfo is not None
    assert [event.type for event in events] == ["record.created", "record.updated"]
    assert events[1].payload["changed"] == ["applicant_id_number", "status"]
    assert len(audit) == 1 and audit[0].actor == "Trần Thị Bình"
    assert audit[0].old_value == {"applicant_id_number": None, "status": 1}
    assert audit[0].new_value == {"applicant_id_number": "019085012345", "status": 4}


def test_an_unchanged_upsert_appends_no_event(store: Store):
    for _ in range(2):
        with store.session() as session:
            upsert_record(session, "H15.50.05.13-240419-000123", unit_code=UNIT, status=2)
    with store.read_session() as session:
        assert [event.type for event in list_events(session)] == ["record.created"]


def test_status_outside_one_to_ten_is_refused(store: Store):
    with pytest.raises(InvalidValueError), store.session() as session:
        upsert_record(session, "000.00.19.H55-240419-0002", unit_code=UNIT, status=11)
    assert RECORD_STATUS_NAMES[10] == "Đã trả kết quả" and len(RECORD_STATUS_NAMES) == 10


def test_get_record_hides_other_units_records(store: Store):
    with store.session() as session:
        upsert_record(session, "38.98.H29-240419-0001", unit_code=OTHER_UNIT)
    with store.read_session() as session:
        assert get_record(session, "38.98.H29-240419-0001", OTHER_UNIT).unit_code == OTHER_UNIT
        with pytest.raises(NotFoundError):
            get_record(session, "38.98.H29-240419-0001", UNIT)
        with pytest.raises(NotFoundError):
            get_record(session, "38.98.H29-240419-9999")


def test_list_records_filters_and_pages(store: Store):
    """GIVEN 12 records over two units, two statuses, two procedures and three days
    WHEN listed with filters THEN each filter narrows, pages are disjoint, totals count all."""
    day = datetime(2024, 4, 17, 9, tzinfo=VIETNAM)
    with store.session() as session:
        for n in range(12):
            upsert_record(session, f"000.00.19.H55-24041{7 + n % 3}-{n:04d}",
                          unit_code=UNIT if n < 9 else OTHER_UNIT, status=2 + n % 2,
                          procedure_code="1.001193" if n % 4 else "1.014466.H12",
                          applicant_name=f"LÊ VĂN {chr(65 + n)}",
                          received_at=day + timedelta(days=n % 3))
    with store.read_session() as session:
        first, total = list_records(session, unit=UNIT, offset=0, limit=5)
        second, _ = list_records(session, unit=UNIT, offset=5, limit=5)
        assert total == 9 and len(first) == 5 and len(second) == 4
        assert {r.id for r in first}.isdisjoint(r.id for r in second)
        assert [r.id for r in first + second] == sorted((r.id for r in first + second), reverse=True)
        assert list_records(session, status=3)[1] == 6
        assert list_records(session, procedure_code="1.014466.H12")[1] == 3
        assert list_records(session, received_from=day + timedelta(days=1),
                            received_to=day + timedelta(days=2))[1] == 4
        found, count = list_records(session, search="văn c")
        assert count == 1 and found[0].applicant_name == "LÊ VĂN C"
        assert list_records(session, search=unicodedata.normalize("NFD", "văn c"))[1] == 1
        assert list_records(session, search="240419")[1] == 4
        assert list_records(session, unit=OTHER_UNIT, status=2)[1] == 1


def test_a_receipt_naming_an_unknown_code_creates_an_accepted_record(store: Store):
    with store.session() as session:
        created = ensure_record_for_receipt(session, "000.00.19.H55-240419-0003", UNIT,
                                            procedure_code="1.001193")
    assert created.status == 2 and created.status_name == "Được tiếp nhận"
    with store.read_session() as session:
        events = list_events(session)
    assert [(e.type, e.payload["status"], e.unit_code) for e in events] == [
        ("record.created", 2, UNIT)]


def test_a_receipt_leaves_an_existing_record_alone(store: Store):
    with store.session() as session:
        upsert_record(session, "000.00.19.H55-240419-0004", unit_code=UNIT, status=5,
                      applicant_name="PHẠM THỊ DUNG")
    with store.session() as session:
        record = ensure_record_for_receipt(session, "000.00.19.H55-240419-0004", OTHER_UNIT)
    assert (record.status, record.unit_code, record.applicant_name) == (5, UNIT, "PHẠM THỊ DUNG")


def test_two_workers_reading_the_same_receipt_make_one_record(store: Store):
    """GIVEN two workers that meet the same new dossier code at once WHEN both ensure
    its record THEN one record exists and one record.created event was appended."""
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def ensure() -> None:
        try:
            start.wait()
            with store.session() as session:
                ensure_record_for_receipt(session, "000.00.19.H55-240419-0005", UNIT)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=ensure) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with store.read_session() as session:
        assert list_records(session)[1] == 1
        assert len(list_events(session)) == 1

"""The review queue page on SQLite and PostgreSQL: ready dossiers of the officer's unit,
oldest drop first, with the number of fields to check; filters by station, procedure and
day; pages of 50; unassigned dossiers and quarantined scans below."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.options import ApiOptions
from api_seed import UNIT_A, UNIT_B
from intake.store import (
    Actor,
    KeyRole,
    Store,
    approve_dossier,
    create_api_key,
    get_dossier,
    open_store,
    upsert_station,
)
from ocr.model import Field
from ui_seed import json_headers, quarantine, sign_in, store_dossier

ROW = re.compile(r'data-testid="queue-row" data-dossier-id="(\d+)" data-fields-to-check="(\d+)"')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request, tmp_path: Path) -> Iterator[Store]:
    url = (f"sqlite:///{tmp_path / 'queue.db'}" if request.param == "sqlite"
           else request.getfixturevalue("new_pg_database")())
    opened = open_store(url, tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def officer(any_store: Store, tmp_path: Path) -> TestClient:
    """A unit-A officer signed in to the pages of an app over ``any_store``."""
    with any_store.session() as session:
        key = create_api_key(session, KeyRole.OFFICER, UNIT_A, label="Trần Thị Bình")[1]
    client = TestClient(create_app(any_store, ApiOptions(data_dir=tmp_path / "data")))
    client.headers["X-Test-Token"] = sign_in(client, key)
    return client


def queue_rows(html: str) -> list[tuple[int, int]]:
    return [(int(dossier), int(to_check)) for dossier, to_check in ROW.findall(html)]


def test_the_queue_lists_the_units_ready_dossiers_oldest_first_with_fields_to_check(
        any_store: Store, officer: TestClient):
    """GIVEN unit A's dossiers dropped 5 days, 3 hours and 2 minutes ago (in another
    order), an approved one, an unassigned one and one of unit B WHEN the officer opens
    the queue THEN only the three ready ones show, oldest first, each with how many
    fields were read below 90 % or carry a warning."""
    now = datetime.now(timezone.utc)
    newest = store_dossier(any_store, unit=UNIT_A, dropped_at=now - timedelta(minutes=2),
                           code="000.00.19.H55-240419-0003",
                           fields={"name": Field("LÊ VĂN C", 0.42, (10, 10, 90, 30))})
    oldest = store_dossier(any_store, unit=UNIT_A, dropped_at=now - timedelta(days=5),
                           code="000.00.19.H55-240419-0001", applicant="Phạm Thị Dung",
                           fields={"name": Field("PHẠM THỊ DUNG", 0.95, (10, 10, 90, 30)),
                                   "dob": Field("1985-02-30", 0.50, None),
                                   "id_number": Field("019085012345", 0.99, None,
                                                      warnings=("id_birth_year_mismatch",))})
    middle = store_dossier(any_store, unit=UNIT_A, dropped_at=now - timedelta(hours=3),
                           code="000.00.19.H55-240419-0002",
                           fields={"name": Field("HOÀNG VĂN E", 0.99, None)})
    approved = store_dossier(any_store, unit=UNIT_A, dropped_at=now - timedelta(days=9),
                             code="000.00.19.H55-240419-0004")
    with any_store.session() as session:
        approve_dossier(session, approved, Actor("someone"), 1)
    store_dossier(any_store, unit=UNIT_A, dropped_at=now - timedelta(days=8))  # unassigned
    store_dossier(any_store, unit=UNIT_B, dropped_at=now - timedelta(days=7),
                  code="000.00.20.H56-240419-0001")

    page = officer.get("/ui/")
    assert page.status_code == 200
    assert queue_rows(page.text) == [(oldest, 2), (middle, 0), (newest, 1)]
    assert 'data-testid="queue-total">3<' in page.text
    for words in ("000.00.19.H55-240419-0001", "Phạm Thị Dung", "1.001193", "5 ngày trước",
                  "3 giờ trước", "desk-1"):
        assert words in page.text
    assert re.search(r">\s*(\d+) phút trước", page.text)  # 2 minutes, or more on a slow run

    with any_store.read_session() as session:
        name_id = get_dossier(session, newest).pages[0].fields[0].id
    saved = officer.post(f"/ui/dossiers/{newest}/fields/{name_id}",
                         json={"value": "LÊ VĂN CẢNH", "expected_version": 1},
                         headers=json_headers(officer.headers["X-Test-Token"]))
    assert saved.status_code == 200
    assert queue_rows(officer.get("/ui/").text)[-1] == (newest, 0)  # corrected: checked


def test_filters_by_station_procedure_and_vietnam_day(any_store: Store, officer: TestClient):
    """GIVEN dossiers from two desks, two procedures and two days (one dropped at 00:30
    Vietnam time, still the previous day in UTC) WHEN filtering THEN only those match."""
    late_evening_utc = datetime(2026, 3, 10, 17, 30, tzinfo=timezone.utc)  # 11/03 00:30 ICT
    first = store_dossier(any_store, unit=UNIT_A, dropped_at=late_evening_utc,
                          code="000.00.19.H55-260311-0001", station="desk-1")
    second = store_dossier(any_store, unit=UNIT_A, dropped_at=late_evening_utc - timedelta(hours=1),
                           code="000.00.19.H55-260310-0002", station="desk-2",
                           procedure="2.000986")
    third = store_dossier(any_store, unit=UNIT_A, dropped_at=late_evening_utc + timedelta(days=1),
                          code="000.00.19.H55-260312-0003", station="desk-2")

    def shown(**params: str) -> list[int]:
        return [dossier for dossier, _ in queue_rows(officer.get("/ui/", params=params).text)]

    assert shown() == [second, first, third]
    assert shown(station="desk-2") == [second, third]
    assert shown(procedure="2.000986") == [second]
    assert shown(day="2026-03-11") == [first]
    assert shown(day="2026-03-10") == [second]
    assert shown(day="2026-03-11", station="desk-2") == []
    assert shown(day="not a date", station="", procedure="") == [second, first, third]
    with any_store.session() as session:
        upsert_station(session, "desk-2", unit_code=UNIT_A, folder="/scans/desk-2")
        upsert_station(session, "desk-9", unit_code=UNIT_B, folder="/scans/desk-9")
    page = officer.get("/ui/", params={"procedure": "2.000986", "station": "desk-2"}).text
    assert '<option value="2.000986" selected>2.000986</option>' in page
    assert '<option value="1.001193">1.001193</option>' in page
    assert '<option value="desk-2" selected>desk-2</option>' in page and "desk-9" not in page
    assert "theo bộ lọc này" in officer.get("/ui/", params={"day": "2020-01-01"}).text


def test_the_queue_comes_in_pages_of_fifty(any_store: Store, officer: TestClient):
    now = datetime.now(timezone.utc)
    made = [store_dossier(any_store, unit=UNIT_A, dropped_at=now - timedelta(minutes=100 - n),
                          code=f"000.00.19.H55-240419-{n:04d}") for n in range(52)]
    first = officer.get("/ui/").text
    second = officer.get("/ui/", params={"page": 2}).text
    assert [d for d, _ in queue_rows(first)] == made[:50]
    assert [d for d, _ in queue_rows(second)] == made[50:]
    assert "Trang 1 / 2" in first and 'data-testid="queue-next-page"' in first
    assert "Trang 2 / 2" in second and 'data-testid="queue-total">52<' in second
    assert queue_rows(officer.get("/ui/", params={"page": 9}).text) == []


def test_unassigned_dossiers_and_quarantined_scans_of_the_unit_are_listed_with_reasons(
        any_store: Store, officer: TestClient):
    now = datetime.now(timezone.utc)
    loose = store_dossier(any_store, unit=UNIT_A, dropped_at=now - timedelta(hours=1), pages=3,
                          later_fields={2: {"name": Field("ĐỖ THỊ GIANG", 0.9, None)},
                                        3: {"name": Field("ĐỖ VĂN HẢI", 0.9, None)}})
    store_dossier(any_store, unit=UNIT_B, dropped_at=now - timedelta(hours=1))
    quarantine(any_store, unit=UNIT_A, name="scan_0007.pdf", code="encrypted_pdf",
               message="the PDF is encrypted")
    quarantine(any_store, unit=UNIT_B, name="scan_b.pdf", code="corrupt_file",
               message="broken")
    page = officer.get("/ui/").text
    assert re.findall(r'data-testid="unassigned-row" data-dossier-id="(\d+)"', page) == [str(loose)]
    assert f'href="/ui/dossiers/{loose}/assign"' in page
    assert "<td>ĐỖ THỊ GIANG</td>" in page and "ĐỖ VĂN HẢI" not in page  # the first name read
    assert page.count('data-testid="quarantined-row"') == 1
    assert "scan_0007.pdf" in page and "PDF có mật khẩu" in page
    assert "the PDF is encrypted" in page and "scan_b.pdf" not in page

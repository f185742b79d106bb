"""The dossier page: fields to check first with their boxes, saving a correction (audited,
announced), conflicts on a stale version, approval, the history, page images and page
operations as the page stands, and other units' dossiers answering 404."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pikepdf
from fastapi.testclient import TestClient
from PIL import Image

from api.app import create_app
from api.options import ApiOptions
from api_seed import CODE_A, UNIT_A, UNIT_B, Seeded
from intake.store import (
    Store,
    get_dossier,
    list_audit,
    list_events,
    upsert_record,
)
from ocr.model import Field
from ui_seed import (
    csrf_of,
    json_headers,
    shown_fields,
    sign_in,
    store_dossier,
)


def field_id(store: Store, dossier_id: int, key: str) -> int:
    with store.read_session() as session:
        return next(value.id for page in get_dossier(session, dossier_id).pages
                    for value in page.fields if value.key == key)


def test_fields_to_check_come_first_marked_with_their_warnings_and_boxes(
        client: TestClient, store: Store, officer_a: str):
    """GIVEN a dossier whose page 1 has a sure name, a doubtful date of birth and an ID
    number that fails the birth-year cross-check, and whose page 2 has a doubtful phone
    WHEN the officer opens it THEN the three doubtful fields come first in page order,
    marked, with Vietnamese warnings, and each box in percent of the page."""
    now = datetime.now(timezone.utc)
    dossier = store_dossier(store, unit=UNIT_A, dropped_at=now, code="000.00.19.H55-240419-0009",
                            pages=2, fields={
                                "name": Field("NGUYỄN VĂN AN", 0.97, (412, 880, 1630, 940)),
                                "dob": Field("1985-02-03", 0.61, (412, 1000, 900, 1060)),
                                "id_number": Field("019085012345", 0.95, (412, 1100, 900, 1160),
                                                   warnings=("id_birth_year_mismatch",))},
                            later_fields={2: {"phone": Field("0912345678", 0.5,
                                                             (100, 100, 400, 150))}})
    page = client.get(f"/ui/dossiers/{dossier}")
    assert page.status_code == 200
    assert shown_fields(page.text) == [
        ("dob", 1, True, "28.297,45.788,33.516,2.747"),
        ("id_number", 1, True, "28.297,50.366,33.516,2.747"),
        ("phone", 2, True, "6.868,4.579,20.604,2.289"),
        ("name", 1, False, "28.297,40.293,83.654,2.747")]
    assert "Số định danh không khớp với năm sinh" in page.text
    assert "3 trường cần kiểm tra" in page.text
    assert 'data-testid="approve-button"' in page.text
    assert f'<meta name="csrf-token" content="{officer_a}">' in page.text


def test_the_review_confidence_setting_decides_which_fields_to_check(
        store: Store, keys: dict[str, str], data_dir: Path, seeded: Seeded):
    strict = TestClient(create_app(store, ApiOptions(data_dir=data_dir, review_confidence=0.99)))
    sign_in(strict, keys["officer_a"])
    fields = shown_fields(strict.get(f"/ui/dossiers/{seeded.dossier_a}").text)
    assert [(key, check) for key, _, check, _ in fields] == [("name", True), ("id_number", True)]
    lenient = TestClient(create_app(store, ApiOptions(data_dir=data_dir, review_confidence=0.5)))
    sign_in(lenient, keys["officer_a"])
    fields = shown_fields(lenient.get(f"/ui/dossiers/{seeded.dossier_a}").text)
    assert [(key, check) for key, _, check, _ in fields] == [("id_number", True), ("name", False)]


def test_a_correction_is_saved_audited_and_announced(client: TestClient, store: Store,
                                                     officer_a: str, seeded: Seeded):
    url = f"/ui/dossiers/{seeded.dossier_a}/fields/{seeded.id_field_a}"
    typed = unicodedata.normalize("NFD", "  019085012346 Đ ")  # decomposed, spaced
    answer = client.post(url, json={"value": typed, "expected_version": 1},
                         headers=json_headers(officer_a))
    assert answer.status_code == 200
    assert answer.json() == {"field_id": seeded.id_field_a, "value": "019085012346 Đ",
                             "corrected": True, "checked": True, "version": 2}
    with store.read_session() as session:
        dossier = get_dossier(session, seeded.dossier_a)
        value = next(v for v in dossier.pages[0].fields if v.id == seeded.id_field_a)
        assert (value.value, value.corrected, dossier.version) == ("019085012346 Đ", True, 2)
        audit = list_audit(session, "field", seeded.id_field_a)
        assert [(a.action, a.actor, a.old_value["value"], a.new_value["value"]) for a in audit] == \
            [("field.corrected", "test officer_a", "019085012345", "019085012346 Đ")]
        assert list_events(session, after=0)[-1].type == "dossier.corrected"
    page = client.get(f"/ui/dossiers/{seeded.dossier_a}").text
    assert 'data-testid="dossier-version">2<' in page
    assert 'value="019085012346 Đ" data-saved="019085012346 Đ"' in page


def test_a_stale_version_is_refused_with_the_conflict_message_and_nothing_is_overwritten(
        client: TestClient, store: Store, keys: dict[str, str], seeded: Seeded):
    """GIVEN two officers of unit A who opened the dossier at version 1 WHEN both save
    the same field THEN the second gets 409 with the Vietnamese conflict message and
    the first one's value stays; approving from the stale page is refused the same way."""
    first = sign_in(client, keys["officer_a"])
    other_client = TestClient(client.app)
    second = sign_in(other_client, keys["admin"])
    url = f"/ui/dossiers/{seeded.dossier_a}/fields/{seeded.name_field_a}"
    assert client.post(url, json={"value": "NGUYỄN VĂN BÌNH", "expected_version": 1},
                       headers=json_headers(first)).status_code == 200
    late = other_client.post(url, json={"value": "NGUYỄN VĂN CHÍ", "expected_version": 1},
                             headers=json_headers(second))
    assert late.status_code == 409
    error = late.json()["error"]
    assert error["code"] == "conflict" and error["version"] == 2
    assert error["message"].startswith("Hồ sơ đã được người khác thay đổi")
    approve = other_client.post(f"/ui/dossiers/{seeded.dossier_a}/approve",
                                data={"csrf_token": second, "expected_version": "1"},
                                follow_redirects=False)
    assert (approve.status_code, approve.headers["location"]) == (
        303, f"/ui/dossiers/{seeded.dossier_a}?page=1&problem=conflict")
    shown = other_client.get(approve.headers["location"]).text
    assert re.search(r'data-testid="conflict-message" >\s*<span class="problem-text">Hồ sơ đã '
                     r'được người khác thay đổi', shown)
    assert 'data-testid="reload-link"' in shown
    with store.read_session() as session:
        dossier = get_dossier(session, seeded.dossier_a)
        assert (dossier.state, dossier.version) == ("ready", 2)
        assert next(v.value for v in dossier.pages[0].fields
                    if v.id == seeded.name_field_a) == "NGUYỄN VĂN BÌNH"


def test_approving_goes_back_to_the_queue_and_the_dossier_no_longer_changes(
        client: TestClient, store: Store, officer_a: str, seeded: Seeded):
    answer = client.post(f"/ui/dossiers/{seeded.dossier_a}/approve",
                         data={"csrf_token": officer_a, "expected_version": "1"},
                         follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (
        303, f"/ui/?approved={seeded.dossier_a}")
    assert 'data-testid="approved-notice"' in client.get(answer.headers["location"]).text
    page = client.get(f"/ui/dossiers/{seeded.dossier_a}").text
    assert 'data-testid="approved-banner"' in page and "bởi test officer_a" in page
    assert 'data-testid="approve-button"' not in page and " readonly" in page
    late = client.post(f"/ui/dossiers/{seeded.dossier_a}/fields/{seeded.name_field_a}",
                       json={"value": "X", "expected_version": 2}, headers=json_headers(officer_a))
    assert late.status_code == 409
    assert late.json()["error"]["message"].startswith("Hồ sơ đã được duyệt")
    with store.read_session() as session:
        assert list_events(session, after=0)[-1].type == "dossier.approved"


def test_the_history_shows_who_changed_what_from_which_value_to_which(
        client: TestClient, keys: dict[str, str], seeded: Seeded):
    token = sign_in(client, keys["officer_a"])
    client.post(f"/ui/dossiers/{seeded.dossier_a}/fields/{seeded.name_field_a}",
                json={"value": "NGUYỄN VĂN BÌNH", "expected_version": 1},
                headers=json_headers(token))
    client.post(f"/ui/dossiers/{seeded.dossier_a}/approve",
                data={"csrf_token": token, "expected_version": "2"})
    page = client.get(f"/ui/dossiers/{seeded.dossier_a}").text
    rows = re.findall(r'data-testid="history-row" data-action="([\w.]+)"', page)
    assert rows == ["dossier.approved", "field.corrected"]  # newest first
    history = page[page.index('data-testid="history"'):]
    assert "Sửa trường</strong> · Họ và tên" in history
    assert '<span data-testid="history-actor">test officer_a</span>' in history
    assert '<del data-testid="history-old">NGUYỄN VĂN AN</del>' in history
    assert '<ins data-testid="history-new">NGUYỄN VĂN BÌNH</ins>' in history
    assert '<del data-testid="history-old">trạng thái: Chờ duyệt</del>' in history
    assert '<ins data-testid="history-new">trạng thái: Đã duyệt</ins>' in history


def test_another_units_dossier_answers_not_found_everywhere(
        client: TestClient, keys: dict[str, str], seeded: Seeded):
    token = sign_in(client, keys["officer_b"])
    base = f"/ui/dossiers/{seeded.dossier_a}"
    for path in (base, f"{base}/pdf", f"{base}/pages/1/image", f"{base}/assign"):
        answer = client.get(path)
        assert answer.status_code == 404, path
    assert "Không tìm thấy" in client.get(base).text
    save = client.post(f"{base}/fields/{seeded.name_field_a}",
                       json={"value": "X", "expected_version": 1}, headers=json_headers(token))
    assert (save.status_code, save.json()["error"]["code"]) == (404, "not_found")
    for action, form in (("approve", {}), ("pages/1/turn", {"degrees": "90"}),
                         ("assign", {"dossier_code": CODE_A})):
        answer = client.post(f"{base}/{action}",
                             data={"csrf_token": token, "expected_version": "1", **form})
        assert answer.status_code == 404, action


def test_the_pdf_and_page_images_are_served_as_the_page_stands(
        client: TestClient, officer_a: str, seeded: Seeded, testdata: Path):
    pdf = client.get(f"/ui/dossiers/{seeded.dossier_a}/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    preview = client.get(f"/ui/dossiers/{seeded.dossier_a}/pages/1/image")
    large = client.get(f"/ui/dossiers/{seeded.dossier_a}/pages/1/image", params={"size": "large"})
    assert preview.headers["content-type"] == large.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(preview.content)).size == (667, 1000)
    assert Image.open(io.BytesIO(large.content)).size == (1456, 2184)  # never enlarged
    again = client.get(f"/ui/dossiers/{seeded.dossier_a}/pages/1/image",
                       headers={"If-None-Match": preview.headers["etag"]})
    assert again.status_code == 304
    assert client.get(f"/ui/dossiers/{seeded.dossier_a}/pages/2/image").status_code == 404


def test_turning_a_page_turns_its_image_its_field_box_and_the_pdf(
        client: TestClient, store: Store, officer_a: str, paged: int):
    before = client.get(f"/ui/dossiers/{paged}/pages/1/image")
    answer = client.post(f"/ui/dossiers/{paged}/pages/1/turn",
                         data={"csrf_token": officer_a, "expected_version": "1", "degrees": "90"},
                         follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (
        303, f"/ui/dossiers/{paged}?page=1&notice=turned")
    page = client.get(answer.headers["location"]).text
    assert "Đã xoay trang." in page
    assert 'data-number="1" data-turn="90"' in page
    assert 'data-width="1092" data-height="728"' in page
    # the name box (100, 200, 500, 260) on a 728 x 1092 page turned clockwise
    assert shown_fields(page) == [("name", 1, True, "76.19,13.736,5.495,54.945")]
    assert "Xoay trang</strong> · trang 1" in page
    turned = client.get(f"/ui/dossiers/{paged}/pages/1/image")
    assert Image.open(io.BytesIO(before.content)).size[::-1] == \
        Image.open(io.BytesIO(turned.content)).size
    with pikepdf.open(io.BytesIO(client.get(f"/ui/dossiers/{paged}/pdf").content)) as pdf:
        assert [int(p.obj.get("/Rotate", 0)) for p in pdf.pages] == [90, 0]


def test_moving_removing_and_restoring_pages(client: TestClient, store: Store,
                                             officer_a: str, paged: int):
    base = f"/ui/dossiers/{paged}"

    def post(path: str, version: int, **form: str) -> str:
        answer = client.post(f"{base}/{path}", data={"csrf_token": officer_a,
                                                     "expected_version": str(version), **form})
        assert answer.status_code == 200, answer.text
        return answer.text

    moved = post("pages/1/move", 1, to_number="2")
    assert re.findall(r'data-testid="page-thumb" data-number="(\d)"', moved) == ["1", "2"]
    assert "(gốc 2)" in moved and 'data-testid="restore-dossier"' in moved
    removed = post("pages/1/remove", 2)
    assert 'data-removed="1"' in removed and 'data-testid="page-restore"' in removed
    with store.read_session() as session:
        assert get_dossier(session, paged).page_count == 1
    last = client.post(f"{base}/pages/2/remove",
                       data={"csrf_token": officer_a, "expected_version": "3"},
                       follow_redirects=False)
    assert last.headers["location"] == f"{base}?page=2&problem=last_page"
    assert "Hồ sơ phải còn ít nhất một trang." in client.get(last.headers["location"]).text
    post("pages/1/restore", 3)
    restored = post("restore", 4)
    assert "Đã khôi phục hồ sơ như bản quét gốc." in restored
    assert 'data-testid="restore-dossier"' not in restored
    with store.read_session() as session:
        dossier = get_dossier(session, paged)
        assert [(p.number, p.original_number, p.removed) for p in dossier.pages] == \
            [(1, 1, False), (2, 2, False)]
        assert dossier.pdf_sha == dossier.original_pdf_sha


def test_an_unassigned_dossier_is_attached_by_its_code(client: TestClient, store: Store,
                                                       officer_a: str, seeded: Seeded):
    now = datetime.now(timezone.utc)
    loose = store_dossier(store, unit=UNIT_A, dropped_at=now - timedelta(hours=2))
    page = client.get(f"/ui/dossiers/{loose}").text
    assert 'data-testid="assign-code"' in page and 'data-testid="approve-button"' not in page
    unknown = client.post(f"/ui/dossiers/{loose}/assign",
                          data={"csrf_token": officer_a, "expected_version": "1",
                                "dossier_code": "000.00.19.H55-240419-9999"},
                          follow_redirects=False)
    assert (unknown.status_code, unknown.headers["location"]) == (
        303, f"/ui/dossiers/{loose}/assign?unknown=000.00.19.H55-240419-9999")
    shown = client.get(unknown.headers["location"]).text
    assert "Không có hồ sơ mã «000.00.19.H55-240419-9999»" in shown
    assert 'value="000.00.19.H55-240419-9999"' in shown  # kept in the box to correct it
    other_unit = client.post(f"/ui/dossiers/{loose}/assign",
                             data={"csrf_token": officer_a, "expected_version": "1",
                                   "dossier_code": "000.00.20.H56-240419-0002"})
    assert "Không có hồ sơ mã «000.00.20.H56-240419-0002»" in other_unit.text
    done = client.post(f"/ui/dossiers/{loose}/assign",
                       data={"csrf_token": officer_a, "expected_version": "1",
                             "dossier_code": f" {CODE_A} "}, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (
        303, f"/ui/dossiers/{loose}?notice=assigned")
    with store.read_session() as session:
        dossier = get_dossier(session, loose)
        assert (dossier.record.dossier_code, dossier.version) == (CODE_A, 2)
    page = client.get(done.headers["location"]).text
    assert "Đã gắn tập giấy tờ vào hồ sơ." in page and "Gắn vào hồ sơ</strong>" in page
    assert csrf_of(page) == officer_a


def test_the_assign_page_finds_records_by_name_or_id_number(
        client: TestClient, store: Store, officer_a: str, seeded: Seeded):
    now = datetime.now(timezone.utc)
    loose = store_dossier(store, unit=UNIT_A, dropped_at=now)
    with store.session() as session:
        upsert_record(session, "000.00.19.H55-240419-0077", unit_code=UNIT_A,
                      applicant_name="Trần Thị Hoa", applicant_id_number="001190001234")
        upsert_record(session, "000.00.20.H56-240419-0078", unit_code=UNIT_B,
                      applicant_name="Trần Thị Hoa")
    for query in ("tran thi hoa", "001190001234"):
        page = client.get(f"/ui/dossiers/{loose}/assign", params={"q": query}).text
        assert re.findall(r'data-testid="assign-result" data-dossier-code="([^"]+)"', page) == [
            "000.00.19.H55-240419-0077"], query
    assert "Không tìm thấy hồ sơ nào khớp" in client.get(
        f"/ui/dossiers/{loose}/assign", params={"q": "zzzz"}).text


def test_the_assign_page_finds_a_record_by_the_name_read_on_its_dossier(
        client: TestClient, store: Store, officer_a: str):
    """GIVEN a record made from a receipt (no applicant) whose dossier's page reads the
    name Ngô Hữu Tuấn WHEN the officer searches that name THEN the record is offered."""
    now = datetime.now(timezone.utc)
    store_dossier(store, unit=UNIT_A, dropped_at=now, code="000.00.19.H55-240419-0055",
                  applicant=None, fields={"name": Field("NGÔ HỮU TUẤN", 0.9, None)})
    loose = store_dossier(store, unit=UNIT_A, dropped_at=now)
    page = client.get(f"/ui/dossiers/{loose}/assign", params={"q": "Ngô Hữu Tuấn"}).text
    assert re.findall(r'data-testid="assign-result" data-dossier-code="([^"]+)"', page) == [
        "000.00.19.H55-240419-0055"]
    assert "<td>NGÔ HỮU TUẤN</td>" in page


def test_pages_read_too_poorly_are_marked_for_rescanning_in_the_page_and_the_api(
        client: TestClient, store: Store, officer_a: str, keys: dict[str, str]):
    """GIVEN a three-page dossier whose page 1 reads well, page 2 was read at 0.55 (a
    blurred card copy) and page 3 gave next to no text WHEN the officer opens it THEN
    pages 2 and 3 carry a "rescan" badge with the reason, the dossier's facts list them,
    and the API gives each page's ``rescan_reason``."""
    text = "Họ, chữ đệm, tên người yêu cầu: NGUYỄN VĂN AN. Ngày sinh: 03/02/1985. " * 2
    dossier = store_dossier(store, unit=UNIT_A, dropped_at=datetime.now(timezone.utc),
                            code="000.00.19.H55-240419-0031", pages=3,
                            reads={1: (text, 0.93), 2: (text, 0.55), 3: ("B fTi HH", 0.41)})
    page = client.get(f"/ui/dossiers/{dossier}")
    thumbs = page.text.split('data-testid="page-thumb"')[1:]
    badges = [re.findall(r'data-testid="page-rescan" title="([^"]+)"', thumb) for thumb in thumbs]
    assert [len(found) for found in badges] == [0, 1, 1]
    assert "không chắc chắn" in badges[1][0] and "Hầu như không đọc được" in badges[2][0]
    assert re.search(r'data-testid="rescan-pages"[^>]*>trang 2, 3<', page.text)
    api = client.get(f"/api/v1/dossiers/{dossier}", headers={"Authorization": f"Bearer {keys['service']}"})
    assert [p["rescan_reason"] for p in api.json()["pages"]] == [None, "low_read_confidence", "little_text_read"]

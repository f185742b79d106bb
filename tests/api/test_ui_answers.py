"""What officers read when something is off: Vietnamese pages for an unknown address,
an impossible number in an address or a form, and an unexpected failure (logged with
its traceback); quarantine reasons in Vietnamese with the technical detail kept apart.
The API answers such numbers 404/422 too, never a 500."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from api_seed import UNIT_A, Seeded, bearer
from intake.store import Store
from ui_seed import json_headers, quarantine, sign_in

HUGE = "99999999999999999999999"


def test_an_unknown_address_under_ui_answers_a_vietnamese_page(
        client: TestClient, keys: dict[str, str]):
    for path in ("/ui/no-such-page", "/ui/dossiers/1/nothing", "/ui/stats/extra"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"].startswith("text/html")
        assert "Không có trang này" in answer.text and "Not Found" not in answer.text
        assert 'data-testid="signed-in-as"' not in answer.text
    sign_in(client, keys["officer_a"])
    signed_in = client.get("/ui/no-such-page")
    assert signed_in.status_code == 404 and 'data-testid="signed-in-as"' in signed_in.text
    posted = client.post("/ui/no-such-page", headers={"Accept": "application/json"})
    assert posted.status_code == 404
    assert posted.json()["error"]["code"] == "page_not_found"
    assert client.get("/api/v1/nothing").json()["error"]["code"] == "not_found"  # API unchanged


def test_numbers_past_any_the_store_keeps_answer_404_or_422_never_500(
        client: TestClient, keys: dict[str, str], officer_a: str, seeded: Seeded):
    """GIVEN numbers SQLite cannot bind (past 2**63 - 1) WHEN they name a dossier, page or
    field in an address, or a version in a form or JSON THEN the pages answer 404 for an
    address and 422 for a form, in Vietnamese, and the API 422, never a 500."""
    base = f"/ui/dossiers/{seeded.dossier_a}"
    for path in (f"/ui/dossiers/{HUGE}", f"{base}/pages/{HUGE}/image", f"/ui/dossiers/{HUGE}/pdf",
                 f"/ui/dossiers/{HUGE}/assign", f"/ui/dossiers/{2**31}"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "Không tìm thấy" in answer.text
    assert client.get(base, params={"page": HUGE}).status_code == 422
    for action, form in (("approve", {}), ("pages/1/turn", {"degrees": "90"}),
                         ("pages/1/move", {"to_number": HUGE}), ("assign", {"dossier_code": "X"})):
        answer = client.post(f"{base}/{action}", data={"csrf_token": officer_a,
                                                       "expected_version": str(10**30), **form})
        assert answer.status_code == 422, action
        assert "Dữ liệu gửi lên không hợp lệ." in answer.text
    saved = client.post(f"{base}/fields/{seeded.name_field_a}",
                        json={"value": "X", "expected_version": 10**30},
                        headers=json_headers(officer_a))
    assert (saved.status_code, saved.json()["error"]["code"]) == (422, "invalid_request")
    api = bearer(keys["officer_a"])
    for path in (f"/api/v1/dossiers/{HUGE}", f"/api/v1/dossiers/{HUGE}/pdf",
                 f"/api/v1/dossiers/{seeded.dossier_a}/pages/{HUGE}/image",
                 f"/api/v1/scans/{HUGE}", f"/api/v1/dossiers?offset={HUGE}",
                 f"/api/v1/records?offset={HUGE}", f"/api/v1/events?after={10**30}"):
        answer = client.get(path, headers=api)
        assert answer.status_code == 422, path
    dossier_api = f"/api/v1/dossiers/{seeded.dossier_a}"
    for path, body in ((f"{dossier_api}/approve", {"expected_version": 10**30}),
                       (f"{dossier_api}/pages/1/move", {"to": 10**30, "expected_version": 1})):
        assert client.post(path, json=body, headers=api).status_code == 422, path
    assert client.get(f"/api/v1/events?after={2**63 - 1}", headers=api).status_code == 200


def test_an_unexpected_failure_answers_the_vietnamese_error_page_and_logs_the_traceback(
        client: TestClient, store: Store, officer_a: str, seeded: Seeded,
        caplog: pytest.LogCaptureFixture):
    """GIVEN a database whose audit table went missing (a broken installation) WHEN the
    officer opens a dossier THEN 500 with the Vietnamese error page, not English JSON, and
    the log holds the traceback; a script asking for JSON gets the same message as JSON."""
    with store.session() as session:
        session.execute(text("DROP TABLE audit_log"))
    with caplog.at_level(logging.ERROR, logger="api.ui.errors"):
        answer = client.get(f"/ui/dossiers/{seeded.dossier_a}")
    assert answer.status_code == 500
    assert answer.headers["content-type"].startswith("text/html")
    assert "Đã xảy ra lỗi ngoài dự kiến" in answer.text and "audit_log" not in answer.text
    [record] = [r for r in caplog.records if r.name == "api.ui.errors"]
    assert record.exc_info is not None and "audit_log" in str(record.exc_info[1])
    as_json = client.get(f"/ui/dossiers/{seeded.dossier_a}",
                         headers={"Accept": "application/json"})
    assert as_json.status_code == 500
    shown = answer.text.split('data-testid="error-message">')[1].split("<")[0]
    assert as_json.json()["error"] == {"code": "internal_error", "message": shown}


def test_quarantine_reasons_are_vietnamese_sentences_with_the_detail_kept_apart(
        client: TestClient, store: Store, officer_a: str):
    quarantine(store, unit=UNIT_A, name="scan_0008.pdf", code="truncated_file",
               message="the file ends before its last page (copied while still being written?)")
    quarantine(store, unit=UNIT_A, name="scan_0009.pdf", code="job_abandoned",
               message="the workers processing it disappeared 3 times")
    quarantine(store, unit=UNIT_A, name="scan_0010.pdf", code="something_new",
               message="an English detail")
    page = client.get("/ui/").text
    reasons = [part.split("</span>")[0]
               for part in page.split('data-testid="quarantine-reason">')[1:]]
    assert sorted(reasons) == sorted([
        "Tệp bị cắt cụt, có thể chưa chép xong. Hãy gửi lại tệp đầy đủ.",
        "Xử lý bị gián đoạn nhiều lần. Hãy gửi lại tệp; nếu vẫn lỗi, báo quản trị viên.",
        "Không xử lý được tệp. Hãy báo quản trị viên."])
    assert all("the" not in reason for reason in reasons)
    details = [part.split("</code>")[0]
               for part in page.split('data-testid="quarantine-detail">')[1:]]
    assert "truncated_file: the file ends before its last page" in " ".join(details)
    assert page.count('<details class="detail"><summary>Chi tiết kỹ thuật') == 3


def test_the_static_files_are_not_shadowed_by_the_404_page(client: TestClient):
    assert client.get("/ui/static/ui.css").status_code == 200
    assert client.get("/ui/static/none.css").status_code == 404

"""Checking fields on the dossier page: a confirmation (Enter or Tab on an unchanged
value) is kept by the server, so it holds wherever the dossier opens next and the queue
counts it; corrections follow the value rules; a dossier with no record cannot be
approved; refused page changes say why and come back to the dossier page by GET."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient

from api.ui.labels import FIELD_LABELS, WARNING_LABELS
from api_seed import UNIT_A, bearer
from intake.store import Store, get_dossier, list_audit
from intake.store.field_values import MAX_VALUE_LENGTH
from ocr.fields import READERS
from ocr.labels import CARD_LABELS, LABELS
from ocr.model import Field
from ocr.validate import FieldWarning
from ui_seed import json_headers, shown_fields, sign_in, store_dossier

QUEUE_ROW = re.compile(r'data-testid="queue-row" data-dossier-id="(\d+)" '
                       r'data-fields-to-check="(\d+)"')


@pytest.fixture
def doubtful(store: Store) -> tuple[int, dict[str, int]]:
    """GIVEN a unit-A dossier whose date of birth (read at 0.5) and phone (0.6) are to check
    and whose name (0.99) is sure: its id and its fields' ids by key."""
    dossier = store_dossier(store, unit=UNIT_A, dropped_at=datetime.now(timezone.utc),
                            code="000.00.19.H55-240419-0042",
                            fields={"name": Field("LÊ THỊ HOA", 0.99, (100, 100, 600, 160)),
                                    "dob": Field("1990-05-06", 0.5, (100, 200, 600, 260)),
                                    "phone": Field("0912345678", 0.6, (100, 300, 600, 360))})
    with store.read_session() as session:
        fields = {v.key: v.id for v in get_dossier(session, dossier).pages[0].fields}
    return dossier, fields


def confirm(client: TestClient, token: str, dossier: int, field: int, value: str):
    return client.post(f"/ui/dossiers/{dossier}/fields/{field}/confirm", json={"value": value},
                       headers=json_headers(token))


def test_a_confirmation_outlives_the_page_and_the_queue_counts_it(
        client: TestClient, keys: dict[str, str], officer_a: str, store: Store,
        doubtful: tuple[int, dict[str, int]]):
    """GIVEN a dossier with two fields to check WHEN the officer confirms the date of birth
    THEN the version stays 1, the queue counts 1 field left, and the dossier
    opened in another browser lists the date among the checked fields, marked confirmed
    by this officer, and the history says so."""
    dossier, fields = doubtful
    assert QUEUE_ROW.findall(client.get("/ui/").text) == [(str(dossier), "2")]
    answer = confirm(client, officer_a, dossier, fields["dob"], "1990-05-06")
    assert answer.status_code == 200
    assert answer.json() == {"field_id": fields["dob"], "value": "1990-05-06", "checked": True,
                             "confirmed_by": "test officer_a"}
    assert QUEUE_ROW.findall(client.get("/ui/").text) == [(str(dossier), "1")]

    elsewhere = TestClient(client.app)
    sign_in(elsewhere, keys["admin"])
    page = elsewhere.get(f"/ui/dossiers/{dossier}").text
    assert [(key, check) for key, _, check, _ in shown_fields(page)] == [
        ("phone", True), ("name", False), ("dob", False)]
    assert re.search(rf'data-field-id="{fields["dob"]}"[^>]*data-doubtful="1" data-checked="1"',
                     page)
    assert "Đã xác nhận · test officer_a" in page and "1 trường cần kiểm tra" in page
    assert 'data-testid="dossier-version">1<' in page
    assert "Xác nhận trường đúng</strong> · Ngày sinh" in page
    assert '<ins data-testid="history-new">06/05/1990</ins>' in page  # a date as officers write it


def test_a_confirmation_of_a_value_someone_changed_is_refused_with_its_own_message(
        client: TestClient, keys: dict[str, str], officer_a: str,
        doubtful: tuple[int, dict[str, int]]):
    dossier, fields = doubtful
    other = TestClient(client.app)
    other_token = sign_in(other, keys["admin"])
    saved = other.post(f"/ui/dossiers/{dossier}/fields/{fields['dob']}",
                       json={"value": "1990-06-05", "expected_version": 1},
                       headers=json_headers(other_token))
    assert saved.status_code == 200
    late = confirm(client, officer_a, dossier, fields["dob"], "1990-05-06")
    assert late.status_code == 409
    error = late.json()["error"]
    assert (error["code"], error["version"]) == ("field_changed", 2)
    assert error["message"].startswith("Trường này vừa được người khác sửa")
    assert confirm(client, officer_a, dossier, fields["phone"], "0912345678").status_code == 200


def test_field_values_the_store_refuses_answer_a_clear_message(
        client: TestClient, officer_a: str, doubtful: tuple[int, dict[str, int]]):
    """WHEN the officer types 03/02/1991 in the date of birth THEN it is kept as 1991-02-03;
    an impossible date, or a value longer than the limit, answers 422 with the reason in
    Vietnamese; an empty value is kept and shown as empty; inputs carry maxlength."""
    dossier, fields = doubtful
    url = f"/ui/dossiers/{dossier}/fields"

    def save(field: str, value: str, version: int):
        return client.post(f"{url}/{fields[field]}", json={"value": value,
                                                           "expected_version": version},
                           headers=json_headers(officer_a))

    assert save("dob", "03/02/1991", 1).json()["value"] == "1991-02-03"
    impossible = save("dob", "30/02/1991", 2)
    assert impossible.status_code == 422
    assert impossible.json()["error"]["code"] == "invalid_date"
    assert impossible.json()["error"]["message"].startswith("Ngày không hợp lệ")
    too_long = save("name", "A" * (MAX_VALUE_LENGTH + 1), 2)
    assert too_long.status_code == 422
    assert too_long.json()["error"]["message"] == \
        f"Giá trị quá dài: tối đa {MAX_VALUE_LENGTH} ký tự."
    assert save("phone", "", 2).json()["value"] == ""
    page = client.get(f"/ui/dossiers/{dossier}").text
    assert page.count(f'maxlength="{MAX_VALUE_LENGTH}"') == 3
    assert 'data-testid="field-empty">Để trống<' in page
    assert 'placeholder="ngày/tháng/năm"' in page


def test_an_unassigned_dossier_cannot_be_approved_in_the_pages_or_the_api(
        client: TestClient, store: Store, keys: dict[str, str], officer_a: str):
    loose = store_dossier(store, unit=UNIT_A, dropped_at=datetime.now(timezone.utc))
    answer = client.post(f"/ui/dossiers/{loose}/approve",
                         data={"csrf_token": officer_a, "expected_version": "1"},
                         follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (
        303, f"/ui/dossiers/{loose}?page=1&problem=unassigned")
    assert "Tập này chưa gắn mã hồ sơ nên chưa thể duyệt." in client.get(
        answer.headers["location"]).text
    api = client.post(f"/api/v1/dossiers/{loose}/approve", json={"expected_version": 1},
                      headers=bearer(keys["officer_a"]))
    assert (api.status_code, api.json()["error"]["code"]) == (409, "unassigned")
    with store.read_session() as session:
        assert get_dossier(session, loose).state == "ready"
        assert list_audit(session, "dossier", loose) == []


def test_a_page_change_sent_twice_says_what_happened_and_lands_on_the_dossier_page(
        client: TestClient, officer_a: str, paged: int):
    """GIVEN page 1 removed from version 1 WHEN the same form is sent again (a double
    click) THEN the answer is a 303 to the dossier page (so F5 sends nothing again)
    saying the page was removed already, not that someone else changed the dossier;
    the same for restoring twice and for turning a removed page."""
    base = f"/ui/dossiers/{paged}"
    form = {"csrf_token": officer_a, "expected_version": "1"}
    assert client.post(f"{base}/pages/1/remove", data=form, follow_redirects=False
                       ).status_code == 303
    for action, data, code, words in (
            ("remove", form, "page_already_removed", "Trang này đã được bỏ khỏi hồ sơ rồi."),
            ("turn", {**form, "degrees": "90"}, "page_removed",
             "Trang này đã bị bỏ khỏi hồ sơ. Hãy khôi phục trang trước khi xoay.")):
        again = client.post(f"{base}/pages/1/{action}", data=data, follow_redirects=False)
        assert (again.status_code, again.headers["location"]) == (
            303, f"{base}?page=1&problem={code}")
        shown = client.get(again.headers["location"]).text
        assert words in shown and "người khác thay đổi" not in shown
    restore = {"csrf_token": officer_a, "expected_version": "2"}
    assert client.post(f"{base}/pages/1/restore", data=restore).status_code == 200
    twice = client.post(f"{base}/pages/1/restore", data=restore)
    assert twice.url.path == base and twice.url.params["problem"] == "page_not_removed"
    assert "Trang này đã được đưa trở lại hồ sơ." in twice.text
    assert client.get(base, params={"problem": "<script>"}).text.count("<script>") == 0


def test_every_field_warning_has_an_officers_label():
    """A warning the extractor can raise reaches the review page in words, never as its code."""
    assert [code.value for code in FieldWarning if code.value not in WARNING_LABELS] == []


def test_every_field_the_extractor_reads_has_an_officers_label():
    """A field any label anchors (forms', receipts', both ID cards') or a reader, the
    signature's block or the card read gives reaches the review page named in Vietnamese,
    never as its key ("place_of_origin", "expiry_date", "birth_place")."""
    keys = ({label.key for label in LABELS + CARD_LABELS} | set(READERS)
            | {"signed_date", "signed_place", "expiry_date", "document_type"})
    assert sorted(key for key in keys if key not in FIELD_LABELS) == []

"""Records: the provincial system announces dossiers; readers look them up and search."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api_seed import CODE_A, UNIT_A, UNIT_B, Seeded, bearer
from intake.store import KeyRole, Store, create_api_key, list_audit

NEW_CODE = "000.00.19.H55-240502-0107"


def announce(client: TestClient, key: str, code: str = NEW_CODE, **values) -> dict:
    body = {"unit_code": UNIT_A, "procedure_code": "1.001193",
            "applicant_name": "Trần Thị Bình", "applicant_id_number": "019190001234",
            "status": 2, "received_at": "2024-05-02T08:15:00+07:00", **values}
    response = client.put(f"/api/v1/records/{code}", json=body, headers=bearer(key))
    return {**response.json(), "http": response.status_code}


def test_an_announced_record_is_created_then_updated_and_audited(
        client: TestClient, keys: dict[str, str], store: Store):
    created = announce(client, keys["service"])
    assert created["http"] == 201
    assert created["status_name"] == "Được tiếp nhận"
    assert created["received_at"] == "2024-05-02T01:15:00Z"
    updated = announce(client, keys["service"], status=4)
    assert (updated["http"], updated["status_name"]) == (200, "Đang xử lý")
    with store.read_session() as session:
        audit = [entry for entry in list_audit(session, "record")
                 if entry.action == "record.updated"]
    assert audit[0].old_value == {"status": 2} and audit[0].new_value == {"status": 4}
    assert audit[0].actor == "test service"


def test_a_record_answers_with_its_dossiers_and_their_pdf_links(
        client: TestClient, keys: dict[str, str], seeded: Seeded):
    record = client.get(f"/api/v1/records/{CODE_A}", headers=bearer(keys["officer_a"])).json()
    assert record["unit_code"] == UNIT_A
    assert record["applicant_name"] == "Nguyễn Văn An"
    [dossier] = record["dossiers"]
    assert dossier == dossier | {"id": seeded.dossier_a, "kind": "submission",
                                 "state": "ready", "page_count": 2,
                                 "pdf_url": f"/api/v1/dossiers/{seeded.dossier_a}/pdf"}


def test_bad_announcements_are_refused_with_invalid_request(client: TestClient,
                                                           keys: dict[str, str]):
    naive_time = announce(client, keys["service"], received_at="2024-05-02T08:15:00")
    bad_status = announce(client, keys["service"], status=11)
    unknown_field = announce(client, keys["service"], colour="red")
    for refused in (naive_time, bad_status, unknown_field):
        assert refused["http"] == 422
        assert refused["error"]["code"] == "invalid_request"
    assert "received_at" in naive_time["error"]["message"]


def test_a_unit_service_key_writes_its_own_unit_only(client: TestClient, store: Store,
                                                     seeded: Seeded):
    """GIVEN a service key of unit B, WHEN it announces a record of unit A, or moves unit
    A's existing record to unit B, THEN it is refused (403, and 404 for the record it
    cannot see), and the record stays in unit A."""
    with store.session() as session:
        key = create_api_key(session, KeyRole.SERVICE, UNIT_B)[1]
    assert announce(client, key)["http"] == 403
    assert announce(client, key, code=CODE_A, unit_code=UNIT_B)["http"] == 404
    admin_key = create_admin(store)
    record = client.get(f"/api/v1/records/{CODE_A}", headers=bearer(admin_key)).json()
    assert record["unit_code"] == UNIT_A


def test_records_are_listed_with_filters_search_and_total(client: TestClient,
                                                          keys: dict[str, str],
                                                          seeded: Seeded):
    announce(client, keys["service"], status=5)
    announce(client, keys["service"], code="000.00.19.H55-240503-0002",
             applicant_name="Lê Văn Cường", applicant_id_number="001088004321", status=2,
             received_at="2024-05-03T09:00:00+07:00")

    def listed(**query) -> dict:
        return client.get("/api/v1/records", params=query,
                          headers=bearer(keys["admin"])).json()

    everything = listed()
    assert everything["total"] == 4
    assert [r["dossier_code"] for r in listed(status=5)["records"]] == [NEW_CODE]
    by_name = listed(q="trần thị")
    assert [r["dossier_code"] for r in by_name["records"]] == [NEW_CODE]
    assert listed(q="019190001234")["total"] == 1
    in_may = listed(received_from="2024-05-03T00:00:00+07:00",
                    received_to="2024-05-04T00:00:00+07:00")
    assert [r["applicant_name"] for r in in_may["records"]] == ["Lê Văn Cường"]
    page = listed(unit=UNIT_A, limit=1, offset=1)
    assert (page["total"], len(page["records"])) == (3, 1)
    officer_view = client.get("/api/v1/records", headers=bearer(keys["officer_b"])).json()
    assert officer_view["total"] == 1 and officer_view["records"][0]["unit_code"] == UNIT_B


def create_admin(store: Store) -> str:
    with store.session() as session:
        return create_api_key(session, KeyRole.ADMIN)[1]

"""Who may call what: every endpoint against every kind of caller.

GIVEN one seeded store (a record with a dossier in unit A and in unit B, a queued scan
of unit A) and real keys of each role, WHEN each caller calls each endpoint, THEN the
status is the one in the table. Calls that pass the guard are made so that their
outcome does not depend on the order of the calls (a stale ``expected_version``
answers 409, an upsert repeats itself, an upload becomes a duplicate), so a 409 or a
404 in an allowed column shows the key got past authorisation.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.options import ApiOptions
from api_seed import CODE_A, PNG, UNIT_A, Seeded, bearer, seed_store
from intake.reception import receive_file
from intake.store import KeyRole, create_api_key, open_store, revoke_api_key

CALLERS = ("none", "bad", "scanner", "officer_a", "officer_b", "service", "admin")
STALE = {"expected_version": 999}


@dataclass(frozen=True, slots=True)
class World:
    client: TestClient
    keys: dict[str, str | None]
    seeded: Seeded
    scan_id: int
    upload: bytes


@pytest.fixture(scope="module")
def world(tmp_path_factory, testdata: Path) -> Iterator[World]:
    root = tmp_path_factory.mktemp("auth")
    store = open_store(f"sqlite:///{root / 'intake.db'}", root / "data")
    seeded = seed_store(store, testdata)
    shutil.copy(testdata / PNG, root / "scan.png")
    scan = receive_file(store, root / "scan.png", original_name="scan.png", station=None,
                        unit_code=UNIT_A)
    keys: dict[str, str | None] = {"none": None, "bad": "ik_000000000000_not-a-real-key"}
    with store.session() as session:
        for name, role, unit in (("scanner", KeyRole.SCANNER, UNIT_A),
                                 ("officer_a", KeyRole.OFFICER, UNIT_A),
                                 ("officer_b", KeyRole.OFFICER, "000.00.20.H56"),
                                 ("service", KeyRole.SERVICE, None),
                                 ("admin", KeyRole.ADMIN, None)):
            keys[name] = create_api_key(session, role, unit)[1]
    client = TestClient(create_app(store, ApiOptions(data_dir=root / "data",
                                                     min_free_disk_bytes=1)))
    yield World(client, keys, seeded, scan.scan_id, (testdata / PNG).read_bytes())
    store.close()


def request_for(world: World, endpoint: str) -> tuple[str, str, dict[str, Any]]:
    s = world.seeded
    dossier = f"/api/v1/dossiers/{s.dossier_a}"
    record_body = {"unit_code": UNIT_A, "procedure_code": "1.001193", "status": 2}
    return {
        "put record": ("PUT", f"/api/v1/records/{CODE_A}", {"json": record_body}),
        "get record": ("GET", f"/api/v1/records/{CODE_A}", {}),
        "list records": ("GET", "/api/v1/records", {}),
        "list dossiers": ("GET", "/api/v1/dossiers?unassigned=true", {}),
        "get dossier": ("GET", dossier, {}),
        "get pdf": ("GET", f"{dossier}/pdf", {}),
        "head pdf": ("HEAD", f"{dossier}/pdf", {}),
        "get page image": ("GET", f"{dossier}/pages/1/image?size=full", {}),
        "attach": ("POST", f"{dossier}/attach", {"json": {"dossier_code": CODE_A, **STALE}}),
        "correct field": ("PATCH", f"{dossier}/fields/{s.name_field_a}",
                          {"json": {"value": "NGUYỄN VĂN BÌNH", **STALE}}),
        "approve": ("POST", f"{dossier}/approve", {"json": STALE}),
        "upload scan": ("POST", "/api/v1/scans",
                        {"files": {"file": ("scan.png", world.upload, "image/png")}}),
        "get scan": ("GET", f"/api/v1/scans/{world.scan_id}", {}),
        "list scans": ("GET", "/api/v1/scans?state=quarantined", {}),
        "retry scan": ("POST", f"/api/v1/scans/{world.scan_id}/retry", {}),
        "events": ("GET", "/api/v1/events?after=0", {}),
        "create webhook": ("POST", "/api/v1/webhooks",
                           {"json": {"url": "http://127.0.0.1:9/hook"}}),
        "list webhooks": ("GET", "/api/v1/webhooks", {}),
        "delete webhook": ("DELETE", "/api/v1/webhooks/999", {}),
        "stats": ("GET", "/api/v1/stats", {}),
        "metrics": ("GET", "/metrics", {}),
        "health": ("GET", "/health", {}),
    }[endpoint]


# expected status per caller:  none bad scanner officer_a officer_b service admin
MATRIX = {
    "put record":     (401, 401, 403, 403, 403, 200, 200),
    "get record":     (401, 401, 403, 200, 404, 200, 200),
    "list records":   (401, 401, 403, 200, 200, 200, 200),
    "list dossiers":  (401, 401, 403, 200, 200, 200, 200),
    "get dossier":    (401, 401, 403, 200, 404, 200, 200),
    "get pdf":        (401, 401, 403, 200, 404, 200, 200),
    "head pdf":       (401, 401, 403, 200, 404, 200, 200),
    "get page image": (401, 401, 403, 200, 404, 200, 200),
    "attach":         (401, 401, 403, 409, 404, 403, 409),
    "correct field":  (401, 401, 403, 409, 404, 403, 409),
    "approve":        (401, 401, 403, 409, 404, 403, 409),
    "upload scan":    (401, 401, 202, 403, 403, 202, 202),
    "get scan":       (401, 401, 200, 200, 404, 200, 200),
    "list scans":     (401, 401, 403, 200, 200, 200, 200),
    "retry scan":     (401, 401, 403, 409, 404, 403, 409),
    "events":         (401, 401, 403, 200, 200, 200, 200),
    "create webhook": (401, 401, 403, 403, 403, 403, 201),
    "list webhooks":  (401, 401, 403, 403, 403, 403, 200),
    "delete webhook": (401, 401, 403, 403, 403, 403, 404),
    "stats":          (401, 401, 403, 200, 200, 200, 200),
    "metrics":        (401, 401, 403, 403, 403, 200, 200),
    "health":         (200, 200, 200, 200, 200, 200, 200),
}


@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_each_caller_gets_the_status_of_the_table(world: World, endpoint: str):
    method, url, extra = request_for(world, endpoint)
    got = {}
    for caller in CALLERS:
        response = world.client.request(method, url, headers=bearer(world.keys[caller]),
                                        **extra)
        got[caller] = response.status_code
        if response.status_code >= 400 and method != "HEAD":
            assert set(response.json()) == {"error"}, response.text
            assert response.json()["error"]["code"], response.text
    assert got == dict(zip(CALLERS, MATRIX[endpoint]))


def test_refusals_name_their_code(world: World):
    """WHEN a caller has no key, a wrong key, or the wrong role, THEN the JSON error says
    which, with a stable code (and 401 asks for a bearer token)."""
    url = f"/api/v1/records/{CODE_A}"
    missing = world.client.get(url)
    assert missing.json()["error"]["code"] == "unauthorized"
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = world.client.get(url, headers=bearer(world.keys["bad"]))
    assert wrong.json()["error"]["code"] == "unauthorized"
    scanner = world.client.get(url, headers=bearer(world.keys["scanner"]))
    assert scanner.json()["error"]["code"] == "forbidden"


def test_a_unit_key_cannot_see_another_units_dossier_even_through_lists(world: World):
    """GIVEN dossiers in units A and B, WHEN the unit-B officer reads unit A's dossier,
    record, PDF and the lists, THEN unit A's answer is 404 and unit A's rows never
    appear in its lists or feed."""
    key = bearer(world.keys["officer_b"])
    client, s = world.client, world.seeded
    assert client.get(f"/api/v1/dossiers/{s.dossier_a}", headers=key).json()["error"] == {
        "code": "not_found", "message": f"no dossier {s.dossier_a}"}
    assert client.get(f"/api/v1/dossiers/{s.dossier_b}", headers=key).status_code == 200
    listed = client.get("/api/v1/dossiers", headers=key).json()["dossiers"]
    assert [d["id"] for d in listed] == [s.dossier_b]
    records = client.get(f"/api/v1/records?unit={UNIT_A}", headers=key).json()
    assert records["total"] == 0
    events = client.get("/api/v1/events", headers=key).json()["events"]
    assert events and all(e["unit_code"] == "000.00.20.H56" for e in events)
    assert client.get("/api/v1/scans", headers=key).json()["total"] == 0


def test_a_revoked_key_is_refused(world: World):
    store = world.client.app.state.store
    with store.session() as session:
        key_id, key = create_api_key(session, KeyRole.ADMIN)
    assert world.client.get("/api/v1/stats", headers=bearer(key)).status_code == 200
    with store.session() as session:
        revoke_api_key(session, key_id)
    assert world.client.get("/api/v1/stats", headers=bearer(key)).status_code == 401

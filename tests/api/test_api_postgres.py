"""The API on PostgreSQL: a smoke subset (auth and unit scoping, reading, a correction
with its conflict, an upload with its duplicate, the feed, the figures, health)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.options import ApiOptions
from api_seed import CODE_A, PNG, UNIT_A, UNIT_B, Seeded, bearer, seed_store
from intake.store import KeyRole, Store, create_api_key, open_store

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_store(pg_url: str, tmp_path: Path) -> Iterator[Store]:
    store = open_store(pg_url, tmp_path / "data")
    yield store
    store.close()


def test_the_api_works_on_postgresql(pg_store: Store, tmp_path: Path, testdata: Path):
    seeded: Seeded = seed_store(pg_store, testdata)
    with pg_store.session() as session:
        officer_a = create_api_key(session, KeyRole.OFFICER, UNIT_A, label="officer a")[1]
        officer_b = create_api_key(session, KeyRole.OFFICER, UNIT_B)[1]
        scanner = create_api_key(session, KeyRole.SCANNER, UNIT_A)[1]
    client = TestClient(create_app(pg_store, ApiOptions(data_dir=tmp_path / "data",
                                                        min_free_disk_bytes=1)))
    a, b = bearer(officer_a), bearer(officer_b)
    assert client.get(f"/api/v1/records/{CODE_A}").status_code == 401
    assert client.get(f"/api/v1/records/{CODE_A}", headers=a).json()["dossiers"][0]["id"] == \
        seeded.dossier_a
    assert client.get(f"/api/v1/dossiers/{seeded.dossier_a}", headers=b).status_code == 404

    url = f"/api/v1/dossiers/{seeded.dossier_a}/fields/{seeded.name_field_a}"
    first = client.patch(url, json={"value": "NGUYỄN VĂN BÌNH", "expected_version": 1}, headers=a)
    stale = client.patch(url, json={"value": "NGUYỄN VĂN CHÍ", "expected_version": 1}, headers=a)
    assert (first.status_code, stale.status_code) == (200, 409)

    data = (testdata / PNG).read_bytes()
    one = client.post("/api/v1/scans", files={"file": ("simple.png", data)},
                      headers=bearer(scanner)).json()
    two = client.post("/api/v1/scans", files={"file": ("again.png", data)},
                      headers=bearer(scanner)).json()
    assert (one["state"], two["state"], two["duplicate_of"]) == ("queued", "duplicate", one["id"])

    events = client.get("/api/v1/events", headers=a).json()["events"]
    ids = [event["id"] for event in events]
    assert ids == sorted(ids) and events[-1]["type"] == "scan.duplicate"
    assert all(event["unit_code"] == UNIT_A for event in events)

    figures = client.get("/api/v1/stats", headers=a).json()
    assert (figures["scans"], figures["duplicates"], figures["pages"]) == (1, 1, 2)
    since_2000 = client.get("/api/v1/stats", params={"from": "2000-01-01T00:00:00Z"},
                            headers=bearer(officer_b)).json()
    assert (since_2000["records_received"], since_2000["digitization_rate"]) == (1, 1.0)
    assert client.get("/health").json()["checks"]["database"] == {"ok": True,
                                                                   "detail": "postgresql"}

"""GET /api/v1/search: readers find dossiers by code, ID number, name or page text,
within their unit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.options import ApiOptions
from api_seed import CODE_A, CODE_B, Seeded, bearer, seed_store
from intake.store import (
    KeyRole,
    PageInput,
    Store,
    add_dossier_with_pages,
    create_api_key,
    open_store,
)
from ocr.model import Field


def search(client: TestClient, key: str, q: str, **params) -> list[tuple[str | None, str]]:
    response = client.get("/api/v1/search", params={"q": q, **params}, headers=bearer(key))
    assert response.status_code == 200, response.text
    return [(hit["dossier_code"], hit["matched"]) for hit in response.json()["hits"]]


def test_an_officer_finds_dossiers_of_their_unit(client: TestClient, keys: dict[str, str],
                                                 seeded: Seeded):
    """GIVEN both units hold a dossier of applicant Nguyễn Văn An WHEN each officer and
    the all-units service search THEN each officer sees their unit's only."""
    assert search(client, keys["officer_a"], "nguyen van an") == [(CODE_A, "name")]
    assert search(client, keys["officer_b"], "Nguyễn Văn An") == [(CODE_B, "name")]
    assert search(client, keys["service"], "NGUYỄN VĂN AN") == [(CODE_B, "name"),
                                                                (CODE_A, "name")]
    assert search(client, keys["officer_a"], CODE_A) == [(CODE_A, "code")]
    assert search(client, keys["officer_b"], CODE_A) == []
    assert search(client, keys["officer_a"], "019085012345") == [(CODE_A, "id_number")]
    assert search(client, keys["service"], "nguyen", limit=1, offset=1) == [(CODE_A, "name")]


def test_a_hit_links_its_dossier_and_shows_the_text_around_the_words(
        client: TestClient, keys: dict[str, str], seeded: Seeded):
    response = client.get("/api/v1/search", params={"q": "tờ kh"},
                          headers=bearer(keys["officer_a"])).json()
    assert response["query"] == "tờ kh" and (response["offset"], response["limit"]) == (0, 20)
    [hit] = response["hits"]
    assert hit == hit | {"dossier_id": seeded.dossier_a, "dossier_code": CODE_A,
                         "applicant_name": "Nguyễn Văn An", "state": "ready",
                         "kind": "submission", "page_count": 2, "snippet": "TỜ KHAI",
                         "matched": "text", "dossier_url": f"/api/v1/dossiers/{seeded.dossier_a}"}


def test_an_unassigned_dossier_is_found_by_the_name_on_its_pages(
        client: TestClient, keys: dict[str, str], store: Store, seeded: Seeded):
    page = PageInput(number=1, text="ĐƠN ĐỀ NGHỊ\nHọ và tên: ĐẶNG THỊ THÚY",
                     fields={"name": Field("ĐẶNG THỊ THÚY", 0.91, None)})
    with store.session() as session:
        dossier = add_dossier_with_pages(session, [page], unit_code="000.00.19.H55")
    body = client.get("/api/v1/search", params={"q": "Đặng Thị Thuý"},
                      headers=bearer(keys["officer_a"])).json()
    assert [(hit["dossier_id"], hit["dossier_code"], hit["record_id"], hit["applicant_name"],
             hit["matched"]) for hit in body["hits"]] == [
        (dossier.id, None, None, "ĐẶNG THỊ THÚY", "name")]


def test_search_needs_a_reader_key_and_a_query(client: TestClient, keys: dict[str, str]):
    assert client.get("/api/v1/search", params={"q": "an"}).status_code == 401
    assert client.get("/api/v1/search", params={"q": "an"},
                      headers=bearer(keys["scanner"])).status_code == 403
    for params in ({}, {"q": ""}, {"q": "x" * 201}, {"q": "an", "limit": 101}):
        response = client.get("/api/v1/search", params=params, headers=bearer(keys["officer_a"]))
        assert (response.status_code, response.json()["error"]["code"]) == (422, "invalid_request")
    assert search(client, keys["officer_a"], " - ") == []  # no words: nothing to find


@pytest.mark.postgres
def test_search_on_postgresql(new_pg_database: Callable[[], str], tmp_path: Path,
                              testdata: Path):
    store = open_store(new_pg_database(), tmp_path / "data")
    try:
        seed_store(store, testdata)
        with store.session() as session:
            officer_a = create_api_key(session, KeyRole.OFFICER, "000.00.19.H55")[1]
        client = TestClient(create_app(store, ApiOptions(data_dir=tmp_path / "data",
                                                         min_free_disk_bytes=1)))
        assert search(client, officer_a, "nguyen van an") == [(CODE_A, "name")]
        assert search(client, officer_a, "240419-0001") == [(CODE_A, "code")]
        assert search(client, officer_a, "tờ kh") == [(CODE_A, "text")]
    finally:
        store.close()

"""The search page: dossiers of the officer's unit by code, name (with or without
accents), ID number or words of the page text, each linking to its dossier page; and
records that have no dossier yet."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api_seed import CODE_A, Seeded, bearer
from ui_seed import sign_in

RESULT = re.compile(r'data-testid="search-result" data-dossier-id="(\d+)"')
RECORD = re.compile(r'data-testid="record-result" data-dossier-code="([^"]+)"')


def test_search_finds_the_units_dossiers_by_code_name_id_number_or_page_words(
        client: TestClient, keys: dict[str, str], seeded: Seeded):
    """GIVEN the seeded units, each with a dossier of applicant Nguyễn Văn An WHEN a unit-A
    officer searches THEN only unit A's dossier is found, however it is asked for."""
    sign_in(client, keys["officer_a"])
    for query, matched in ((CODE_A, "Khớp mã hồ sơ"), ("nguyen van an", "Khớp tên người nộp"),
                           ("Nguyễn Văn An", "Khớp tên người nộp"),
                           ("019085012345", "Khớp số định danh"),
                           ("tờ khai", "Khớp chữ trên trang")):
        page = client.get("/ui/search", params={"q": query}).text
        assert RESULT.findall(page) == [str(seeded.dossier_a)], query
        assert matched in page, query
        assert f'href="/ui/dossiers/{seeded.dossier_a}"' in page
    assert "Không tìm thấy gì khớp «không có ai»" in client.get(
        "/ui/search", params={"q": "không có ai"}).text
    empty = client.get("/ui/search").text
    assert 'data-testid="search-form"' in empty and not RESULT.findall(empty)


def test_an_admin_searches_every_unit(client: TestClient, keys: dict[str, str], seeded: Seeded):
    sign_in(client, keys["admin"])
    page = client.get("/ui/search", params={"q": "nguyen van an"}).text
    assert sorted(RESULT.findall(page)) == sorted([str(seeded.dossier_a), str(seeded.dossier_b)])


def test_records_without_dossiers_are_found_by_code_name_or_id_number(
        client: TestClient, keys: dict[str, str], seeded: Seeded):
    """GIVEN a record the provincial system announced (PUT /api/v1/records/{code}) whose
    papers are not scanned yet, and one of another unit WHEN a unit-A officer searches
    by its code, the applicant's name without accents, or the ID number THEN the record
    is listed, marked as having no scan yet; the other unit's is not."""
    for code, unit in (("000.00.19.H55-240420-0077", "000.00.19.H55"),
                       ("000.00.20.H56-240420-0078", "000.00.20.H56")):
        put = client.put(f"/api/v1/records/{code}", headers=bearer(keys["service"]),
                         json={"unit_code": unit, "procedure_code": "1.001193",
                               "applicant_name": "Trịnh Thị Thu Hương",
                               "applicant_id_number": "001190009876",
                               "received_at": "2026-04-20T08:15:00+07:00"})
        assert put.status_code == 201, put.text
    sign_in(client, keys["officer_a"])
    for query in ("000.00.19.H55-240420-0077", "240420-0077", "trinh thi thu huong",
                  "001190009876"):
        page = client.get("/ui/search", params={"q": query}).text
        assert RECORD.findall(page) == ["000.00.19.H55-240420-0077"], query
        assert 'data-testid="record-no-dossier">Chưa có bản quét<' in page
        assert "Tiếp nhận 20/04/2026" in page and "Mới đăng ký" in page
        assert "search-empty" not in page
    # a record whose dossier is among the hits is not listed twice
    page = client.get("/ui/search", params={"q": CODE_A}).text
    assert RESULT.findall(page) == [str(seeded.dossier_a)] and RECORD.findall(page) == []

"""The search page: dossiers of the officer's unit by code, name (with or without
accents), ID number or words of the page text, each linking to its dossier page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api_seed import CODE_A, Seeded
from ui_seed import sign_in

RESULT = re.compile(r'data-testid="search-result" data-dossier-id="(\d+)"')


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

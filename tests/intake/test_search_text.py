"""Search folding: accents, tone placement, words, queries, index documents, snippets."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from intake.search_text import (
    canonical_tone,
    dossier_document,
    exact_words,
    fold_for_search,
    parse_query,
    record_document,
    search_words,
    snippet,
)

TRUTH = Path(__file__).resolve().parents[2] / "samples" / "batch" / "truth.json"


@pytest.mark.parametrize("old, new", [
    ("hòa", "hoà"), ("hóa", "hoá"), ("thúy", "thuý"), ("khỏe", "khoẻ"), ("lòe", "loè"),
    ("tùy", "tuỳ"), ("ngòai", "ngoài"), ("hòang", "hoàng"),
])
def test_old_and_new_tone_placement_fold_alike(old: str, new: str):
    assert canonical_tone(old) == canonical_tone(new) == new
    assert exact_words(old.upper()) == exact_words(new) == [new]
    assert search_words(old) == search_words(new) == [unicodedata.normalize(
        "NFC", "".join(ch for ch in unicodedata.normalize("NFD", new)
                       if not unicodedata.combining(ch)))]


@pytest.mark.parametrize("word", ["người", "tuổi", "quý", "giá", "gì", "khuỷu", "nguyễn",
                                  "thuở", "khuyến", "hoa", "ba"])
def test_words_with_one_right_tone_place_stay_as_they_are(word: str):
    assert canonical_tone(word) == word


def test_different_tones_and_letters_stay_different():
    assert len({canonical_tone(w) for w in ("hòa", "hóa", "hỏa", "họa", "hõa", "hoa")}) == 6
    assert exact_words("Hòa") != exact_words("Hoa") != exact_words("Hóa")


def test_folding_drops_accents_case_and_punctuation():
    """GIVEN a name, a code and an ID in any case, composed or decomposed
    THEN the folded words are plain lower-case letters and digits."""
    assert fold_for_search("NGUYỄN Văn Hoà") == "nguyen van hoa"
    assert fold_for_search(unicodedata.normalize("NFD", "Đặng Thị Thuý")) == "dang thi thuy"
    assert fold_for_search("000.00.19.H55-240419-0001") == "000 00 19 h55 240419 0001"
    assert fold_for_search("Số định danh: 019085012345.") == "so dinh danh 019085012345"
    assert fold_for_search("ＡＢＣ １２３") == "abc 123"  # full-width forms (NFKC)
    assert search_words("x" * 101 + " ok") == ["ok"]


def test_hoa_spellings_are_one_word_for_the_index_but_not_for_ranking():
    spellings = ["hoà", "hòa", "HOÀ", "HÒA"]
    assert {fold_for_search(s) for s in spellings} == {"hoa"}
    assert {tuple(exact_words(s)) for s in spellings} == {("hoà",)}
    assert exact_words("Hoa") == ["hoa"]


@pytest.mark.parametrize("typed, words, code_like, id_number", [
    ("0001", ("0001",), True, None),
    ("240419-0001", ("240419", "0001"), True, None),
    ("000.00.19.H55-2404", ("000", "00", "19", "h55", "2404"), True, None),
    ("019085012345", ("019085012345",), False, "019085012345"),
    ("019 085 012345", ("019085012345",), False, "019085012345"),
    ("123456789", ("123456789",), False, "123456789"),
    ("0933592915", ("0933592915",), False, None),  # a phone number: just a word
    ("Nguyễn Văn An", ("nguyen", "van", "an"), False, None),
    ("  ", (), False, None),
])
def test_queries_are_read_as_codes_id_numbers_or_words(typed, words, code_like, id_number):
    query = parse_query(typed)
    assert (query.words, query.code_like, query.id_number) == (words, code_like, id_number)


def test_a_query_with_accents_keeps_them_for_ranking():
    assert parse_query("Trần Thị Hòa").exact == ("trần", "thị", "hoà")
    assert parse_query("tran thi hoa").exact == ()


def test_dossier_document_puts_names_numbers_and_text_apart():
    """GIVEN a record whose applicant the pages name in capitals, with the ID number
    spaced on one page WHEN the dossier's document is made THEN each name and number is
    kept once, and the other fields join the page text."""
    document = dossier_document(
        "38.98.H29-240101-009474", "Nguyễn Ngọc Hòa", "096183612445",
        fields=[("name", "NGUYỄN NGỌC HOÀ"), ("id_number", "096 183 612445"),
                ("address", "Số 240, ngõ 63, đường Hoàng Văn Thụ"), ("name", "TRẦN VĂN BÌNH")],
        page_texts=["TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", ""])
    assert document.code == "38 98 h29 240101 009474"
    assert document.id_numbers == "096183612445"
    assert document.names == "nguyen ngoc hoa tran van binh"
    assert document.names_exact == "nguyễn ngọc hoà trần văn bình"
    assert document.body == ("to khai cap giay xac nhan tinh trang hon nhan\n"
                             "so 240 ngo 63 duong hoang van thu")
    assert record_document("H15.50.05.13-240110-4490", None, None).names == ""


def test_snippet_shows_the_text_as_written_around_the_words():
    pages = [page["text"] for file in json.loads(TRUTH.read_text(encoding="utf-8"))["files"]
             for page in file["pages"] if page["dossier_code"] == "512.05.H40-251203-03924"]
    piece = snippet(pages, parse_query("ngo huu tu").words)
    assert "NGÔ HỮU TUẤN" in piece and "\n" not in piece and len(piece) < 200
    assert "022067835857" in snippet(pages, parse_query("022067835857").words)
    assert snippet(pages, parse_query("Lạng Sơn").words) == ""


def test_snippet_prefers_the_words_together_on_any_page():
    pages = ["Tiếp nhận hồ sơ của ông Tuấn", "Họ và tên: NGÔ HỮU TUẤN"]
    assert snippet(pages, ["ngo", "huu", "tuan"]) == "Họ và tên: NGÔ HỮU TUẤN"
    assert snippet(pages, ["tuan"]) == "Tiếp nhận hồ sơ của ông Tuấn"
    assert snippet(pages, ["tua"]) == "Tiếp nhận hồ sơ của ông Tuấn"
    assert snippet(pages, ["tua"], prefix_last=False) == ""

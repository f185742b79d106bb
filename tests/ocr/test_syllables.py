"""The syllable set generated from Vietnamese orthography: what it accepts and refuses."""

from __future__ import annotations

import re
import unicodedata

import pytest

from ocr.fields import DOCUMENT_WORDS, MOTTO_LINES
from ocr.labels import LABELS
from ocr.syllables import (Tone, canonical, decompose, is_syllable, placed_like, skeleton, syllable_table,
                           toneless_syllables, with_tone)

RARE_BUT_REAL = ["nghiêng", "khuỷu", "quốc", "gìn", "giếng", "thuở", "ươn", "khuya", "ngoẹo",
                 "khuếch", "huơ", "quỳnh", "xoong", "oẳn", "ỉa", "uyên", "giữa", "tuýp", "ngoáy",
                 "khuâng", "quyết", "yếm", "gì", "khuấy", "hoắc", "chuyện", "người", "rượu"]
COMMON = ["Cộng", "hòa", "xã", "hội", "chủ", "nghĩa", "Việt", "Nam", "Độc", "lập", "Tự", "do",
          "Hạnh", "phúc", "Họ", "chữ", "đệm", "tên", "ngày", "tháng", "năm", "sinh", "Số",
          "định", "danh", "cá", "nhân", "Nơi", "cư", "trú", "điện", "thoại", "NGUYỄN", "TRẦN",
          "LÊ", "PHẠM", "HUỲNH", "ĐƠN", "TỜ", "KHAI", "của", "được", "những", "trường", "quý"]


@pytest.mark.parametrize("word", RARE_BUT_REAL + COMMON)
def test_real_words_are_valid_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", [
    "ngie",  # ngh before i/e, and "ie" is no rhyme
    "kă", "ka", "cê", "ci",  # k only before i/y/e/ê, c never before them
    "ghà", "nghô", "gê",  # gh/ngh only before i/e/ê, g never before them
    "thứơng", "thưóng", "tủôi", "hóan", "qúa", "gía",  # marks on the wrong vowel
    "càp", "cảp", "cãp", "cap",  # stop codas take only sắc or nặng
    "ă", "â", "ănh",  # ă/â never end a syllable; nh never follows ă
    "ing", "ic", "bưp",  # ng/c never after i; no "ưp" rhyme
])
def test_misspelt_or_impossible_forms_are_not_syllables(word):
    assert not is_syllable(word)


@pytest.mark.parametrize("word", ["Email", "email", "Facebook", "online", "website", "Zalo",
                                  "Word", "Excel", "PDF", "UBND", "CCCD", "TTHC", "Street"])
def test_latin_words_and_abbreviations_are_not_vietnamese(word):
    assert not is_syllable(word)


def test_every_word_of_the_labels_titles_and_motto_is_a_syllable():
    """The words field extraction anchors on (ocr.labels, ocr.fields) are real Vietnamese:
    every one must be in the generated set, abbreviations aside."""
    texts = [label.text for label in LABELS] + list(DOCUMENT_WORDS) + list(MOTTO_LINES)
    words = {w for text in texts for w in re.findall(r"[^\W\d_]+", text)}
    abbreviations = {"CCCD", "CMND", "TTHC", "SĐT"}
    assert words - abbreviations and all(is_syllable(w) for w in words - abbreviations), \
        sorted(w for w in words - abbreviations if not is_syllable(w))


def test_stop_codas_take_only_sac_and_nang():
    assert is_syllable("cáp") and is_syllable("cạp") and is_syllable("ích") and is_syllable("ịch")
    for tone in (Tone.NGANG, Tone.HUYEN, Tone.HOI, Tone.NGA):
        assert not is_syllable(with_tone("cap", tone)), tone


def test_both_tone_placements_are_valid_and_share_the_modern_canonical_form():
    assert with_tone("hoa", Tone.HUYEN) == "hoà" and with_tone("hoa", Tone.HUYEN, old=True) == "hòa"
    for old, modern in [("hòa", "hoà"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("òa", "oà"),
                        ("HÒA", "hoà"), ("Thủy", "thuỷ")]:
        assert is_syllable(old) and is_syllable(modern)
        assert canonical(old) == canonical(modern) == modern
    # only the open rhymes oa/oe/uy moved: a closed syllable has one placement
    assert is_syllable("hoàn") and not is_syllable("hòan")
    assert canonical("quý") == "quý" and not is_syllable("qúy")


def test_tone_goes_on_the_modified_vowel_else_by_the_rhyme():
    assert with_tone("nguyên", Tone.NGA) == "nguyễn"
    assert with_tone("ngươi", Tone.HUYEN) == "người"  # ơ of ươ
    assert with_tone("tuôi", Tone.HOI) == "tuổi"
    assert with_tone("khuyu", Tone.HOI) == "khuỷu"
    assert with_tone("cua", Tone.HOI) == "của"  # open ua: the first vowel
    assert with_tone("qua", Tone.SAC) == "quá"  # u of qu is the onset's
    assert with_tone("gia", Tone.SAC) == "giá" and with_tone("gin", Tone.HUYEN) == "gìn"
    assert with_tone("ngoai", Tone.HUYEN) == "ngoài"


def test_lookups_ignore_case_and_normal_form():
    decomposed = unicodedata.normalize("NFD", "Nguyễn")
    assert decomposed != "Nguyễn" and is_syllable(decomposed)
    assert is_syllable("NGUYỄN") and is_syllable("nguyễn") and is_syllable("NgUyỄn")


def test_set_size_is_plausible():
    """Vietnamese uses roughly 6-7k syllables; rules also make possible-but-unused ones.
    Measured: 3,456 toneless forms, 16,079 written forms (15,824 canonical)."""
    table = syllable_table()
    assert 3_000 < len(toneless_syllables()) < 4_000
    assert 12_000 < len(table) < 20_000
    assert len(table) - len(set(table.values())) < 500  # old placements of oa/oe/uy only
    assert all(unicodedata.is_normalized("NFC", form) and form == form.lower() for form in table)


def test_letters_decompose_into_base_modifier_and_tone():
    assert decompose("ầ") == ("a", "\u0302", Tone.HUYEN)
    assert decompose("Ự") == ("U", "\u031b", Tone.NANG)
    assert decompose("đ") == ("d", "đ", Tone.NGANG)
    assert skeleton("NGUYỄN Đức") == "nguyen duc"


@pytest.mark.parametrize(("word", "model", "placed"), [
    ("Thủy", "Thuý", "Thuỷ"), ("Thuỷ", "thúy", "Thủy"), ("HÒA", "Hoá", "HOÀ"), ("hoà", "Đòa", "hòa"),
    ("Thủy", "Thuy", "Thủy"),  # the model shows no placement
    ("Hoàng", "Hoá", "Hoàng"),  # a closed rhyme: one placement only
    ("Thủy", "Nhuận", "Thủy"),
])
def test_a_syllable_is_placed_like_another(word, model, placed):
    assert placed_like(word, model) == placed

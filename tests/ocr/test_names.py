"""Family names misread in the page's words ("NGUYÊN" for "NGUYỄN") and in name fields."""

from __future__ import annotations

import numpy as np
import pytest

from ocr.engine import TesseractEngine
from ocr.model import Word
from ocr.names import (MENDED_FACTOR, mend_family_name, mend_family_names, only_marks_lost,
                       person_name_spans)
from samples.sheet import Sheet


def words_of(*lines: str, confidence: float = 0.9) -> list[Word]:
    """The words of ``lines`` as tesseract would give them, one line per string."""
    return [Word(text, (10 * index, 40 * number, 10 * index + 8, 40 * number + 30), confidence,
                 (1, 1, number))
            for number, line in enumerate(lines) for index, text in enumerate(line.split())]


def text_of(words: list[Word]) -> list[str]:
    lines: dict[tuple[int, int, int], list[str]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word.text)
    return [" ".join(line) for line in lines.values()]


def mended(*lines: str) -> list[str]:
    return text_of(mend_family_names(words_of(*lines)))


@pytest.mark.parametrize("read, meant", [
    ("NGUYÊN HỒNG HOA", "NGUYỄN HỒNG HOA"),  # a signature's name, alone on its line
    ("Họ và tên người yêu cầu: NGUYÊN NGỌC HÙNG", "Họ và tên người yêu cầu: NGUYỄN NGỌC HÙNG"),
    ("3 NGUYÊN NGỌC BÌNH 17/05/1967 Nam", "3 NGUYỄN NGỌC BÌNH 17/05/1967 Nam"),  # a table row
    ("Vợ NGUYÊN THỊ LAN. 22/06/1995", "Vợ NGUYỄN THỊ LAN. 22/06/1995"),  # row number lost
    ("Tiếp nhận hồ sơ của: Ông PHAM VĂN AN", "Tiếp nhận hồ sơ của: Ông PHẠM VĂN AN"),
    ("Trân Văn Cường", "Trần Văn Cường"),  # the signer on an ID card's back
    ("NGUYÊN NGỌC HÙNG x", "NGUYỄN NGỌC HÙNG x"),  # a card's photo frame read as a letter
    ("8. Họ, chữ đệm và tên chủ hộ: NGUYÊN VĂN MINH 1 ĐỨC",
     "8. Họ, chữ đệm và tên chủ hộ: NGUYỄN VĂN MINH 1 ĐỨC"),
])
def test_a_family_name_that_lost_its_marks_is_mended_where_a_name_stands(read, meant):
    assert mended(read) == [meant]


@pytest.mark.parametrize("line", [
    "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên",  # Nguyên after another capitalised word
    "Thái Nguyên, ngày 26 tháng 08 năm 2024",
    "Thái Nguyên",
    "Nguyên quán: xã Hùng Sơn",
    "NGUYÊN QUÁN:",  # a label, not a name
    "HỘ KINH DOANH",  # HỘ is no lost-mark reading of HỒ
    "ĐĂNG KÝ KẾT HÔN",  # an everyday phrase, read as printed
    "PHÒNG TƯ PHÁP",
    "TƯ PHÁP",
    "Quê quán: Đông Anh",  # ĐÔNG and Đồng
    "ĐÔNG ANH",
    "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ỦY BAN NHÂN DÂN",
    "ông Nguyên Văn An đã nộp hồ sơ",  # inside a sentence: not sure enough
    "NGUYÊN VĂN AN NGUYÊN VĂN BÌNH",  # six words: no one name
    "NGUYÊN",  # one word: no name
])
def test_other_capitalised_words_stay_as_printed(line):
    assert mended(line) == [line]


def test_only_the_mended_word_changes_and_its_confidence_carries_the_doubt():
    read = words_of("Họ và tên: NGUYÊN VĂN AN")
    out = mend_family_names(read)
    changed = [(before, after) for before, after in zip(read, out) if before != after]
    assert len(changed) == 1
    before, after = changed[0]
    assert (after.text, after.bbox, after.line) == ("NGUYỄN", before.bbox, before.line)
    assert after.confidence == pytest.approx(before.confidence * MENDED_FACTOR)


def test_name_spans_need_a_names_place_on_the_line():
    assert person_name_spans("3 NGUYỄN NGỌC BÌNH 17/05/1967 Nam".split()) == [(1, 4)]
    assert person_name_spans("của: Bà LÊ THỊ MAI ANH".split()) == [(2, 6)]
    assert person_name_spans("NGƯỜI THỰC HIỆN CHỨNG THỰC".split()) == []  # five words
    assert person_name_spans("Đông Anh, Hà Nội".split()) == []  # followed by more text
    assert person_name_spans("NGUYÊN VĂN AN xã".split()) == []


@pytest.mark.parametrize("read, name, lost", [
    ("NGUYÊN", "NGUYỄN", True), ("PHAM", "PHẠM", True), ("TRAN", "TRẦN", True),
    ("HỘ", "HỒ", False), ("TRÂN", "TRẦN", True), ("NGUYẾN", "NGUYỄN", False),
])
def test_only_lost_marks_count_as_a_misread_family_name(read, name, lost):
    assert only_marks_lost(read, name) is lost


def test_a_name_field_mends_its_first_word_whatever_it_reads():
    assert mend_family_name("NGUYÊN VĂN AN") == "NGUYỄN VĂN AN"
    assert mend_family_name("HỘ VĂN AN") == "HỒ VĂN AN"  # the label says it is a name
    assert mend_family_name("DOAN VĂN AN") == "DOAN VĂN AN"  # Đoàn or Doãn


def test_a_family_name_read_as_no_syllable_is_mended_to_the_one_a_letter_away():
    assert mend_family_name("ĐUNH THANH THẢO") == "ĐINH THANH THẢO"  # "unh" is no Vietnamese rhyme
    assert mend_family_name("Đunh Thanh Thảo") == "Đinh Thanh Thảo"
    assert mend_family_name("DAMG VĂN AN") == "ĐẶNG VĂN AN"
    assert mend_family_name("XAO VĂN AN") == "XAO VĂN AN"  # a syllable (Cao, Đào a letter away): may be a name of its own
    assert mend_family_name("DUAN VĂN AN") == "DUAN VĂN AN"  # Đoàn or Doãn, a letter away both


@pytest.fixture(scope="module")
def typed_names_page() -> tuple[str, str]:
    """A sheet typed by the sample generator: names where forms put them, and the
    capitalised words that must stay; the text tesseract reads from it, and the truth."""
    sheet = Sheet(colour=False)
    sheet.field("Họ và tên người yêu cầu", "NGUYỄN NGỌC HÙNG", dots="typed")
    sheet.write("Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên")
    sheet.write("HỘ KINH DOANH")
    sheet.write("ĐĂNG KÝ KẾT HÔN")
    sheet.table(["STT", "Họ, chữ đệm và tên", "Ngày sinh", "Giới tính"], [0.1, 0.45, 0.25, 0.2],
                [["1", "PHẠM VĂN AN", "20/12/1966", "Nam"],
                 ["2", "NGUYỄN THỊ LAN", "22/06/1995", "Nữ"]])
    sheet.write("NGƯỜI THỰC HIỆN CHỨNG THỰC", style="bold")
    sheet.write("NGUYỄN ĐỨC VINH", style="bold")
    image = np.array(sheet.image)[: sheet.y + 40]
    return TesseractEngine().recognize(image, dpi=300).text, sheet.text


def test_tesseract_reads_a_typed_sheets_names_and_titles_as_printed(typed_names_page):
    """GIVEN a generated sheet with names and look-alike capitalised words
    WHEN tesseract reads it (syllable corrector and family-name mend on)
    THEN every printed line is in the text as printed."""
    read, truth = typed_names_page
    read_lines = {" ".join(line.split()) for line in read.splitlines()}
    for line in truth.splitlines():
        if line.split()[0] in ("Họ", "NGUYỄN", "HỘ", "ĐĂNG", "Kính", "1", "2"):
            assert line in read_lines, line

"""Label helpers shared by forms and ID cards: how a value's text is finished."""

from __future__ import annotations

import pytest

from ocr.fields import extract_fields
from ocr.labels import PageLine, Token, after_colon, has_colon_label, value_text
from ocr.model import OcrResult, Word


def tokens(*texts: str) -> tuple[Token, ...]:
    return tuple(Token(text, (100 * i, 0, 100 * i + 90, 30), 0.9) for i, text in enumerate(texts))


def test_a_lone_full_stop_after_the_value_is_dropped():
    assert value_text(tokens("tỉnh", "Thái", "Nguyên.")) == "tỉnh Thái Nguyên"
    assert value_text(tokens("Hà", "Nội", ".")) == "Hà Nội"
    assert value_text(tokens("Số", "12,", "đường", "Láng;")) == "Số 12, đường Láng"


def test_an_ellipsis_and_inner_stops_are_kept():
    assert value_text(tokens("TP.", "Hồ", "Chí", "Minh")) == "TP. Hồ Chí Minh"
    assert value_text(tokens("còn", "nữa...")) == "còn nữa..."


def test_an_id_card_labels_english_half_is_skipped_when_its_slash_reads_as_a_digit():
    line = tokens("Quê", "quán", "7", "Place", "©f", "Origin:", "xã", "Hùng", "Sơn")
    assert [t.text for t in after_colon(line, 2)] == ["xã", "Hùng", "Sơn"]
    assert [t.text for t in after_colon(tokens("Số", "nhà", "7", "phố", "Huế"), 2)] == ["7", "phố", "Huế"]


def test_a_bare_colon_ending_a_line_labels_nothing():
    """What a dotted writing line left after a wrapped address's end is no label (the
    address's last line was left out for it); a label's colon, glued or apart, is one."""
    assert not has_colon_label(PageLine.of(tokens("thành", "phố", "Hà", "Nội", ":")))
    assert has_colon_label(PageLine.of(tokens("6.", "Email:")))
    assert has_colon_label(PageLine.of(tokens("Số", "điện", "thoại", ":", "0912345678")))


@pytest.mark.parametrize(("line", "key", "value"), [
    ("Họ và tên:.....NGUYỄN VĂN AN", "name", "NGUYỄN VĂN AN"), ("Ngày sinh:.12/05/1990", "dob", "1990-05-12"),
    ("Số điện thoại:.0912345678", "phone", "0912345678"),
])
def test_dot_leaders_glued_to_a_labels_colon_still_part_the_value(line, key, value):
    """A colon followed by dots then the value is a label's (a colon followed by nothing
    but a comma, "Lar:,", is a misread letter's)."""
    words = tuple(Word(text, (100 + 300 * i, 100, 380 + 300 * i, 140), 0.95, (1, 1, 1))
                  for i, text in enumerate(line.split()))
    assert extract_fields(OcrResult(words, line, 0.95, 2480, 3508), calibration=None).fields[key].value == value

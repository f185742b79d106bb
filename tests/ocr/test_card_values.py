"""The chip QR's exact values written into a card face's text: words the value aligns
with are rewritten, labels beside it and values too far from it are left as read."""

from __future__ import annotations

from ocr.card_values import with_card_values
from ocr.id_card import FACE_BLOCK, ChipCard
from ocr.model import Field, OcrResult, Word

CARD = ChipCard("034304067415", None, "Lý Minh Giang", "2004-08-22", "Nữ",
                "Số 62, đường Quang Trung, phường Yết Kiêu, quận Hà Đông, thành phố Hà Nội", "2023-03-13")
FRONT = FACE_BLOCK + 5  # the front face's fifth block


def line(number: int, texts: str, top: int, block: int = FRONT) -> list[Word]:
    words, left = [], 100
    for text in texts.split("|"):
        words.append(Word(text, (left, top, left + 12 * len(text), top + 20), 0.6, (block, 1, number)))
        left += 12 * len(text) + 10
    return words


def page(*lines: list[Word]) -> OcrResult:
    words = tuple(word for line_words in lines for word in line_words)
    text = "\n".join(" ".join(w.text for w in line_words) for line_words in lines)
    return OcrResult(words, text, 0.6, 1000, 700)


def test_a_value_found_by_its_label_is_written_over_its_misread_words():
    dob = line(3, "NQÀy|xi9h|/|Doye|of|bớt:|72/06/2004", 200)
    name = line(2, "LÝ|MINH|GlANG", 160)
    ocr = page(name, dob)
    fields = {"dob": Field("2004-08-22", 0.99, dob[-1].bbox), "name": Field("LÝ MINH GIANG", 0.99, (100, 160, 300, 180))}
    fixed = with_card_values(ocr, fields, [CARD])
    assert fixed.text.splitlines() == ["LÝ MINH GIANG", "NQÀy xi9h / Doye of bớt: 22/08/2004"]
    assert [w.text for w in fixed.words][:3] == ["LÝ", "MINH", "GIANG"]


def test_an_address_the_extractor_missed_is_found_among_the_face_words():
    label = line(7, "Nơi|thường|gu|J|Phạce|cý|tes2once|SỐ|62,|đường|Quang|Trưng|phường", 300)
    rest = line(8, "Yết|Kiều,|quận|Hà|Đông,|àànhh|DồÕ|4A|Nóa", 330)
    fields = {"address": Field(CARD.residence, 0.99, None)}  # the QR's value alone
    fixed = with_card_values(page(label, rest), fields, [CARD])
    assert fixed.text.splitlines() == [
        "Nơi thường gu J Phạce cý tes2once Số 62, đường Quang Trung, phường",
        "Yết Kiêu, quận Hà Đông, thành phố Hà Nội"]


def test_words_too_unlike_the_value_and_pages_without_a_card_are_left_as_read():
    garbage = line(7, "Nơi|ưưỜng|1U|J|Phce|c|tea2orce", 300)
    ocr = page(garbage)
    fields = {"address": Field(CARD.residence, 0.99, None)}
    assert with_card_values(ocr, fields, [CARD]) is ocr
    assert with_card_values(ocr, fields, []) is ocr


def test_the_zone_and_the_page_outside_the_faces_are_never_rewritten():
    zone = line(1, "LY<<MINH<GIANG<<<<<<", 600, block=FACE_BLOCK * 2 + 900)
    off_card = line(1, "LY|MINH|GIAN", 50, block=3)
    ocr = page(off_card, zone)
    fields = {"name": Field("LÝ MINH GIANG", 0.99, None)}
    assert with_card_values(ocr, fields, [CARD]) is ocr

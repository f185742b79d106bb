"""The chip QR's exact values written into a card face's text: words the value aligns
with are rewritten, labels beside it and values too far from it are left as read."""

from __future__ import annotations

from ocr.card_values import with_card_values
from ocr.id_card import FACE_BLOCK, ChipCard
from ocr.model import Field, OcrResult, Word
from ocr.validate import FieldWarning

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


def test_only_the_changed_line_is_rewritten_in_the_text_not_a_line_like_it():
    origin = line(6, "Quê|quán:|Thanh|Oai,|Hà|Nôi", 260)
    first = line(7, "Nơi|thường|trú:|Số|62,|đường|Quang|Trung,|phường|Yết|Kiêu,", 300)
    second = line(8, "quận|Hà|Đông,|thành|phố|Hà|Nôi", 330)
    ocr = page(origin, first, second)
    box = (first[0].bbox[0], first[0].bbox[1], second[-1].bbox[2] + 300, second[-1].bbox[3])
    fixed = with_card_values(ocr, {"address": Field(CARD.residence, 0.99, box)}, [CARD])
    assert fixed.text.splitlines() == ["Quê quán: Thanh Oai, Hà Nôi",
                                       "Nơi thường trú: Số 62, đường Quang Trung, phường Yết Kiêu,",
                                       "quận Hà Đông, thành phố Hà Nội"]
    assert [w.text for w in fixed.words][:6] == ["Quê", "quán:", "Thanh", "Oai,", "Hà", "Nôi"]


def test_a_value_word_no_word_read_leaves_the_label_beside_it_alone():
    first = line(7, "Nơi|thường|trú|/|Place|of|residence:|62,|đường|Quang|Trung,|phường", 300)
    second = line(8, "Yết|Kiêu,|quận|Hà|Đông,|thành|phố|Hà|Nội", 330)
    fixed = with_card_values(page(first, second), {"address": Field(CARD.residence, 0.99, None)}, [CARD])
    assert fixed.text.splitlines()[0] == "Nơi thường trú / Place of residence: Số 62, đường Quang Trung, phường"


def test_a_value_read_as_several_words_becomes_the_value_alone():
    dob = line(3, "22/0|8/2004", 200)
    name = line(2, "LÝ|MINH|GI|ANG", 160)
    fields = {"dob": Field("2004-08-22", 0.99, (dob[0].bbox[0], 200, dob[-1].bbox[2], 220)),
              "name": Field("LÝ MINH GIANG", 0.99, (name[0].bbox[0], 160, name[-1].bbox[2], 180))}
    fixed = with_card_values(page(name, dob), fields, [CARD])
    assert fixed.text.splitlines() == ["LÝ MINH GIANG", "22/08/2004"]
    assert len(fixed.words) == 4


def test_another_persons_card_on_the_sheet_is_not_written_over():
    """The sheet holds a second card whose QR did not decode: its face reads a well-formed
    ID number and name of its own, which the fields flag as disagreeing with the QR."""
    number = line(1, "034304012345", 120)
    name = line(2, "NGUYỄN|VĂN|BÌNH", 160)
    ocr = page(number, name)
    other = ChipCard("034304067415", None, "Nguyễn Văn An", "2004-08-22", "Nam", "Hà Nội", "2023-03-13")
    mismatch = (FieldWarning.ID_CARD_QR_MISMATCH,)
    fields = {"id_number": Field("034304067415", 0.5, number[0].bbox, "034304012345", mismatch),
              "name": Field("NGUYỄN VĂN AN", 0.5, (100, 160, 400, 180), "NGUYỄN VĂN BÌNH", mismatch)}
    assert with_card_values(ocr, fields, [other]) is ocr


def test_a_line_left_empty_by_the_value_is_gone_from_the_text():
    first = line(7, "Số|62,|đường|Quang|Trung,|phường", 300)
    scrap = line(8, "~", 315)
    second = line(9, "Yết|Kiêu,|quận|Hà|Đông,|thành|phố|Hà|Nội", 330)
    box = (first[0].bbox[0], 300, 1000, 350)
    fixed = with_card_values(page(first, scrap, second), {"address": Field(CARD.residence, 0.99, box)}, [CARD])
    assert fixed.text.splitlines() == ["Số 62, đường Quang Trung, phường", "Yết Kiêu, quận Hà Đông, thành phố Hà Nội"]


def test_a_value_whose_read_holds_only_part_of_it_is_not_piled_onto_that_part():
    """The extractor took the address's first line only (its wrapped line read apart):
    the value's other words are not joined onto that line's last word."""
    first = line(7, "Nơi|thường|trú:|Số|62,|đường|Quang|Trung,|phường", 300)
    second = line(9, "Yết|Kiêu,|quận|Hà|Đông,|thành|phố|Hà|Nội", 400)
    box = (first[3].bbox[0], 300, first[-1].bbox[2], 320)
    ocr = page(first, second)
    assert with_card_values(ocr, {"address": Field(CARD.residence, 0.99, box)}, [CARD]) is ocr


def test_a_misread_that_is_still_a_name_is_mended_when_the_face_is_the_cards_for_sure():
    number = line(1, "034304067415", 120)
    name = line(2, "LÝ|MINH|GIÀNG", 160)
    ocr = page(number, name)
    mismatch = (FieldWarning.ID_CARD_QR_MISMATCH,)
    name_field = Field("LÝ MINH GIANG", 0.5, (100, 160, 400, 180), "LÝ MINH GIÀNG", mismatch)
    unsure = {"name": name_field}  # no ID number read: the face may be another card's
    assert with_card_values(ocr, unsure, [CARD]) is ocr
    sure = {"id_number": Field("034304067415", 0.995, number[0].bbox, "034304067415"), "name": name_field}
    assert with_card_values(ocr, sure, [CARD]).text.splitlines()[1] == "LÝ MINH GIANG"

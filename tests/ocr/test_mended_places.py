"""A place's mended spelling written into the page's text, word for word, by the register's
own mend (:func:`ocr.places.check_address`)."""

from __future__ import annotations

from ocr.mended_places import with_mended_places
from ocr.model import Field, OcrResult, Word, enclosing_box
from ocr.places import check_address
from ocr.validate import FieldWarning


def line(number: int, text: str, top: int) -> list[Word]:
    words, left = [], 100
    for word in text.split():
        words.append(Word(word, (left, top, left + 12 * len(word), top + 20), 0.8, (3, 1, number)))
        left += 12 * len(word) + 10
    return words


def page(*lines: list[Word]) -> OcrResult:
    words = tuple(word for line_words in lines for word in line_words)
    text = "\n".join(" ".join(w.text for w in line_words) for line_words in lines)
    return OcrResult(words, text, 0.8, 1000, 700)


def place_field(words: list[Word], *, street: bool = False) -> Field:
    """The field the extractor makes of ``words``: the register's check of their text."""
    read = " ".join(w.text for w in words)
    checked = check_address(read, street=street)
    return Field(checked.value, 0.9, enclosing_box(w.bbox for w in words), read, checked.warnings)


def test_a_mended_place_of_origin_is_written_into_the_text():
    """GIVEN a card's place of origin read "quân Hải Châu" (mild dev seed 43: five of eleven
    cards) above the residence WHEN its mended value is written in THEN the text says
    "quận" and the lines around it are as read."""
    label = line(1, "Quê quán / Place of origin:", 100)
    origin = line(2, "phường Hải Châu, quân Hải Châu, thành phố Đà Nẵng", 130)
    residence = line(3, "Nơi thường trú / Place of residence: Số 9, đường Lê Lợi,", 160)
    field = place_field(origin)
    assert field.value == "phường Hải Châu, quận Hải Châu, thành phố Đà Nẵng"
    assert FieldWarning.ADDRESS_MENDED in field.warnings
    fixed = with_mended_places(page(label, origin, residence), {"place_of_origin": field})
    assert fixed.text.splitlines() == ["Quê quán / Place of origin:",
                                       "phường Hải Châu, quận Hải Châu, thành phố Đà Nẵng",
                                       "Nơi thường trú / Place of residence: Số 9, đường Lê Lợi,"]
    assert [w.text for w in fixed.words if w.line == (3, 1, 2)][3] == "quận"


def test_a_mend_that_is_not_word_for_word_leaves_the_text_as_read():
    """GIVEN a mend that cut scraps before the first unit ("4 | ` nhường Gia Sàng": the
    value's words no longer pair with the words read), or a field without the mend's
    warning WHEN written in THEN the text stays as read."""
    scraps = line(2, "4 | ` nhường Gia Sàng, thành phố Thái Nguyên, tỉnh Thái Nguyên", 130)
    ocr = page(scraps)
    field = place_field(scraps)
    assert field.value == "phường Gia Sàng, thành phố Thái Nguyên, tỉnh Thái Nguyên"
    assert with_mended_places(ocr, {"place_of_origin": field}) is ocr
    unwarned = Field("phường Hải Châu, quận Hải Châu, thành phố Đà Nẵng", 0.9,
                     enclosing_box(w.bbox for w in scraps), "", ())
    assert with_mended_places(ocr, {"place_of_origin": unwarned}) is ocr


def test_a_word_changed_beyond_a_letter_is_left_as_read():
    """GIVEN a value whose words pair with the words read but one changed beyond its marks
    and a letter ("Nẵng" -> "Nội") THEN the text stays as read, the close ones too."""
    origin = line(2, "phường Hải Châu, quận Hải Châu, thành phố Đà Nẵng", 130)
    ocr = page(origin)
    far = Field("phường Hải Châu, quận Hải Châu, thành phố Hà Nội", 0.9, enclosing_box(w.bbox for w in origin),
                "", (FieldWarning.ADDRESS_MENDED,))
    assert with_mended_places(ocr, {"place_of_origin": far}) is ocr


def test_letters_changed_in_two_words_leave_the_text_as_read():
    """GIVEN a value whose words pair with the words read but two of them differ by a
    letter each ("An" -> "Hn", "Kiều" -> "Kiêm") THEN the text stays."""
    origin = line(2, "phường Tân An, quận Ninh Kiều, thành phố Cần Thơ", 130)
    ocr = page(origin)
    shifted = Field("phường Tân Hn, quận Ninh Kiêm, thành phố Cần Thơ", 0.9, enclosing_box(w.bbox for w in origin),
                    "", (FieldWarning.ADDRESS_MENDED,))
    assert with_mended_places(ocr, {"place_of_origin": shifted}) is ocr

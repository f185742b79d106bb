"""Print a card face's read missed, read again on its own (real tesseract on faces drawn
at the card read's scale: letters ~45 px high)."""

from __future__ import annotations

from itertools import groupby

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.engine import TesseractEngine
from ocr.missed_print import MISSED_BLOCK, _line_beside, read_missed_print
from ocr.model import Word

DPI = 750  # the card read's scale: 300 dpi x 2.5
SANS = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"
ITALIC = "/usr/share/fonts/truetype/liberation2/LiberationSans-Italic.ttf"
BODY = ("Đặc điểm nhân dạng / Personal identification:", "Nốt ruồi C:1cm trên trước đuôi mắt trái",
        "Ngày, tháng, năm / Date, month, year: 26/09/2021")


def _face(extra=()) -> np.ndarray:
    """A back face's body text on white, with ``extra`` (x, y, text, font path) drawn too."""
    face = Image.new("L", (2500, 1600), 255)
    draw = ImageDraw.Draw(face)
    for row, text in enumerate(BODY):
        draw.text((80, 100 + 90 * row), text, font=ImageFont.truetype(SANS, 40), fill=0)
    for x, y, text, font in extra:
        draw.text((x, y), text, font=ImageFont.truetype(font, 36), fill=0)
    return np.asarray(face)


@pytest.fixture(scope="module")
def body_words() -> tuple[Word, ...]:
    """What tesseract reads of the body alone: the face's read that missed the rest."""
    return TesseractEngine(psm=4).recognize(_face(), dpi=DPI).words


def _lines(words) -> list[str]:
    return [" ".join(w.text for w in line) for _, line in groupby(words, key=lambda w: w.line)]


LABELS = ((1560, 760, "Ngón trỏ trái", SANS), (2060, 760, "Ngón trỏ phải", SANS),
          (1560, 820, "Left index finger", ITALIC), (2060, 820, "Right index finger", ITALIC))


def test_labels_the_faces_read_missed_are_read_in_rows(body_words):
    """GIVEN a face whose read holds the body's lines but not the fingerprint labels
    standing apart on the right WHEN the missed print is read THEN the labels are there,
    row by row, in the face's pixels, and the body is as it was read."""
    words = read_missed_print(_face(LABELS), body_words, TesseractEngine(), DPI)
    assert [w for w in words if w.line[0] != MISSED_BLOCK] == list(body_words)
    added = [w for w in words if w.line[0] == MISSED_BLOCK]
    assert _lines(added) == ["Ngón trỏ trái Ngón trỏ phải", "Left index finger Right index finger"]
    assert all(w.bbox[0] >= 1540 and 740 <= w.bbox[1] <= w.bbox[3] <= 880 for w in added)


def test_specks_and_a_lone_letter_add_nothing(body_words):
    """GIVEN a face whose only unread ink is dust and one lone letter WHEN the missed
    print is read THEN the face's words come back as they were."""
    face = _face(((1800, 500, "ñ", SANS),))
    face = face.copy()
    for x, y in ((1500, 300), (1520, 310), (1700, 1200), (2100, 900)):
        face[y:y + 4, x:x + 4] = 0
    assert read_missed_print(face, body_words, TesseractEngine(), DPI) == tuple(body_words)


def test_a_doubtful_scrap_is_replaced_by_its_strips_read(body_words):
    """GIVEN the face's read holding a doubtful scrap where a label stands WHEN the missed
    print is read THEN the label's own read takes its place."""
    scrap = Word("gói", (1560, 760, 1700, 810), 0.2, (3, 1, 13))
    words = read_missed_print(_face(LABELS[:1]), (*body_words, scrap), TesseractEngine(), DPI)
    assert scrap not in words
    assert "Ngón trỏ trái" in _lines(words)


def test_a_reread_that_changes_only_marks_keeps_the_faces_read(body_words):
    """GIVEN a name the face's read gave doubtfully as "NGUYỄN" where the print is
    "NGUYÊN" WHEN the missed print is read THEN the face's read stays: other marks on the
    same syllable are no better evidence than the whole line's read."""
    left, top, right, bottom = ImageFont.truetype(SANS, 36).getbbox("NGUYÊN")
    name = Word("NGUYỄN", (80 + left, 505 + top, 80 + right, 505 + bottom), 0.3, (5, 1, 1))
    words = read_missed_print(_face(((80, 505, "NGUYÊN", SANS),)), (*body_words, name), TesseractEngine(), DPI)
    assert name in words and not any(w.line[0] == MISSED_BLOCK for w in words)


def test_nothing_below_the_bottom_is_read(body_words):
    """GIVEN labels below the given bottom (where the zone, read on its own, stands) WHEN
    the missed print is read THEN they are not read."""
    assert read_missed_print(_face(LABELS), body_words, TesseractEngine(), DPI, bottom=700) == tuple(body_words)


def test_a_face_read_with_too_few_sure_words_is_left_alone():
    """GIVEN a face read with no sure words to take the print's size from WHEN the missed
    print is read THEN the words come back as they were."""
    words = (Word("ab", (10, 10, 60, 50), 0.3, (1, 1, 1)),)
    assert read_missed_print(_face(LABELS), words, TesseractEngine(), DPI) == words


def test_labels_read_as_noise_in_vietnamese_are_read_in_english(body_words):
    """GIVEN the italic fingerprint labels blurred so that their Vietnamese read is noise
    the engine's floor drops whole (as on a mild copy) WHEN the missed print is read THEN
    the English read gives them."""
    face = _face(LABELS[2:]).copy()
    band = cv2.GaussianBlur(face[800:900, 1500:2500].astype(np.float32), (0, 0), 3.5)
    face[800:900, 1500:2500] = np.clip((band - 100) * 255 / 130, 0, 255).astype(np.uint8)
    engine = TesseractEngine(min_word_confidence=0.4)  # as the service runs it
    added = [w.text for w in read_missed_print(face, body_words, engine, DPI) if w.line[0] == MISSED_BLOCK]
    assert "Right" in added and "index" in added


def test_a_doubtful_word_boxed_over_its_neighbours_gives_way_to_the_strips_read(body_words):
    """GIVEN a name the face's read gave doubtfully with a box running far past it (its
    middle outside the name's strip) WHEN the missed print is read THEN the strip's sure
    read takes its place instead of standing beside it."""
    left, top, right, bottom = ImageFont.truetype(SANS, 36).getbbox("NGUYEN")
    wide = Word("NGUYỄẾN", (80 + left, 505 + top, 80 + right + 900, 505 + bottom), 0.3, (5, 1, 1))
    words = read_missed_print(_face(((80, 505, "NGUYEN", SANS),)), (*body_words, wide), TesseractEngine(), DPI)
    assert wide not in words
    assert [w.text for w in words if w.line[0] == MISSED_BLOCK or w.line == (5, 1, 1)] == ["NGUYEN"]


def test_a_strip_joins_a_line_only_where_that_lines_print_lies_level_with_it():
    """GIVEN a faded front's face read (hard dev 57, boxes as read): the birth date's line
    missed, read from its strip, and the sex line below, one of whose words ("Sẽ", a
    blotch) tesseract boxed over both rows WHEN the strip's line is chosen THEN it is no
    line of the face's read: the sex line's print lies below the strip (its words
    interleaved with the date's made "Ngày Giới tính / Sex: Date Nữ"); the name's strip,
    level with the rest of the name, still joins it."""
    sex = [Word(text, box, 0.9, (8, 2, 2)) for text, box in (
        ("Sẽ", (570, 948, 639, 1073)), ("Giới", (739, 991, 1065, 1048)), ("lính", (844, 987, 924, 1060)),
        ("/", (947, 987, 967, 1060)), ("Sev", (990, 987, 1070, 1060)), ("Nữ", (1091, 1003, 1174, 1049)))]
    name = [Word("NGỌC", (1078, 807, 1261, 911), 0.9, (8, 1, 2)), Word("NHƯNG", (1303, 811, 1542, 895), 0.9, (8, 1, 2))]
    assert _line_beside((680, 891, 1643, 1014), sex + name, 85.0) is None
    assert _line_beside((680, 777, 1130, 918), sex + name, 85.0) == (8, 1, 2)

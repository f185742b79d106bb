"""The labels under an ID card back's fingerprints, read line by line on a generated mild
copy's straightened back, by real tesseract."""

from __future__ import annotations

from itertools import groupby

import numpy as np
import pytest

from ocr.card_print import restore_card_print
from ocr.engine import TesseractEngine
from ocr.fingerprint_labels import LABEL_BLOCK, fingerprint_boxes, read_fingerprint_labels
from ocr.id_card_faces import find_card_faces, flatten_face, straighten_face, to_gray
from ocr.id_card_read import face_text_words
from ocr.model import Word
from samples.degrade import Level

DPI = 300
SCALE = 2.5  # the card read's: faces at 750 dpi


@pytest.fixture(scope="module")
def faces(scan_card_copy):
    """The flattened faces (image, art boxes) of a mild scan of a generated card copy."""
    image, _ = scan_card_copy(11, Level.MILD, DPI)
    gray = to_gray(np.asarray(image))
    flats = []
    for face in find_card_faces(gray, DPI):
        image, _ = straighten_face(gray, face, SCALE)
        flats.append(flatten_face(image, DPI * SCALE))
    return flats


def _lines(words) -> list[str]:
    return [" ".join(w.text for w in line) for _, line in groupby(words, key=lambda w: w.line)]


def test_the_backs_labels_are_read_line_by_line(faces):
    """GIVEN a mild copy's two faces WHEN the fingerprint labels are read THEN only the back
    has fingerprint boxes, and its two label rows read as the card prints them (after the
    card's print is restored, as the card read does), under the boxes."""
    backs = [(flat, art) for flat, art in faces
             if fingerprint_boxes(art, flat.shape[1], flat.shape[0]) is not None]
    assert len(faces) == 2 and len(backs) == 1
    flat, art = backs[0]
    words = read_fingerprint_labels(flat, art, (), TesseractEngine(), DPI * SCALE)
    assert {w.line for w in words} == {(LABEL_BLOCK, 0, 0), (LABEL_BLOCK, 0, 1)}
    assert _lines(restore_card_print(list(words))) == ["Ngón trỏ trái Ngón trỏ phải",
                                                        "Left index finger Right index finger"]
    left, right = fingerprint_boxes(art, flat.shape[1], flat.shape[0])
    assert all(w.bbox[1] >= left[3] and left[0] - 40 <= w.bbox[0] and w.bbox[2] <= right[2] + 40 for w in words)


def test_what_the_face_read_there_is_replaced_and_the_rest_kept(faces):
    """GIVEN the back's read holding garbled labels under the fingerprints and a field line
    elsewhere WHEN the labels are read again THEN the garbled words go, the field stays."""
    flat, art = next((flat, art) for flat, art in faces if fingerprint_boxes(art, flat.shape[1], flat.shape[0]))
    left, _ = fingerprint_boxes(art, flat.shape[1], flat.shape[0])
    garbled = Word("Lec£", (left[0] + 60, left[3] + 70, left[0] + 160, left[3] + 110), 0.3, (3, 1, 12))
    field = Word("Ngày,", (90, 260, 230, 310), 0.95, (3, 1, 4))
    words = read_fingerprint_labels(flat, art, (field, garbled), TesseractEngine(), DPI * SCALE)
    assert field in words and garbled not in words
    assert len(words) > 2


def test_a_face_without_two_fingerprint_boxes_is_left_as_read(faces):
    flat, art = next((flat, art) for flat, art in faces if not fingerprint_boxes(art, flat.shape[1], flat.shape[0]))
    field = Word("Số", (700, 520, 780, 570), 0.9, (3, 1, 1))
    assert read_fingerprint_labels(flat, art, (field,), TesseractEngine(), DPI * SCALE) == (field,)


def test_fingerprint_boxes_are_two_level_boxes_on_the_right_without_the_ridges_in_them():
    width, height = 2520, 1600
    left, right = (1478, 86, 1939, 739), (2003, 88, 2464, 741)
    ridges = (1547, 171, 1860, 667)  # a print's ridges, art of their own within its frame
    seal = (330, 554, 1071, 982)
    assert fingerprint_boxes((seal, right, ridges, left), width, height) == (left, right)
    assert fingerprint_boxes((seal, left), width, height) is None
    lower = (2003, 400, 2464, 1050)  # not level with the other, nor near the top
    assert fingerprint_boxes((left, lower), width, height) is None


def test_a_print_broken_into_pieces_is_joined_into_its_box():
    """GIVEN the art of a hard copy's back (the tests' hard copy, seed 6, 200 dpi): the
    right print whole, the left one in four pieces (faded toner broke its frame), the
    heading's band and the face's edges as art too WHEN the fingerprint boxes are looked
    for THEN the left one is its pieces joined; the two prints, 60 px apart, stay two."""
    width, height = 2520, 1620
    art = ((655, 8, 2520, 474), (0, 75, 11, 262), (1469, 91, 1776, 537), (1994, 90, 2459, 745),
           (1922, 167, 1934, 383), (1617, 355, 1757, 503), (1665, 385, 1934, 745), (1994, 405, 2146, 744),
           (0, 529, 9, 690), (471, 546, 1065, 1002), (322, 557, 481, 964), (1470, 569, 1663, 746),
           (384, 622, 483, 898), (2516, 816, 2520, 1265), (484, 1266, 2520, 1608))
    assert fingerprint_boxes(art, width, height) == ((1469, 91, 1934, 746), (1994, 90, 2459, 745))
    alone = tuple(box for box in art if box[0] != 1994)  # the right print lost: no two boxes
    assert fingerprint_boxes(alone, width, height) is None


def test_a_label_row_is_kept_whole_in_the_faces_text():
    """GIVEN a back's label rows read line by line, the right label set apart by the wide
    gap between the prints and read doubtfully ("ti gón trỏ phải": mild dev 43's card),
    beside the face's other lines WHEN the face's text is made THEN the row is kept whole,
    as print (the art filter took the far run for art beside print), and restored."""
    def row(number: int, top: int, *runs: tuple[int, str, float]) -> list[Word]:
        words = []
        for left, text, confidence in runs:
            for word in text.split("|"):
                words.append(Word(word, (left, top, left + 30 * len(word), top + 40), confidence,
                                  (LABEL_BLOCK, 0, number)))
                left += 30 * len(word) + 20
        return words

    office = [Word(text, (300 + 200 * i, 380, 480 + 200 * i, 430), 0.95, (3, 1, 7))
              for i, text in enumerate("CỤC TRƯỞNG CỤC CẢNH SÁT".split())]
    labels = (row(0, 750, (1560, "Ngón|trỏ|trái", 0.9), (2040, "ti gón|trỏ|phải", 0.3))  # one word "ti gón"
              + row(1, 820, (1540, "Left|index|finger", 0.9), (2030, "Right|index|fager", 0.5)))
    text = face_text_words(tuple(office + labels), (), (2520, 1600))
    assert _lines(text) == ["CỤC TRƯỞNG CỤC CẢNH SÁT", "Ngón trỏ trái Ngón trỏ phải",
                            "Left index finger Right index finger"]


def test_one_boxs_label_that_cannot_be_read_leaves_the_others_read(faces):
    """GIVEN the back with the paper under its right fingerprint box wiped (a label faded
    away) and a scrap the face read there WHEN the labels are read THEN the left box's
    label is still read again on its own, and the scrap under the right box is kept."""
    flat, art = next((flat, art) for flat, art in faces if fingerprint_boxes(art, flat.shape[1], flat.shape[0]))
    left, right = fingerprint_boxes(art, flat.shape[1], flat.shape[0])
    wiped = flat.copy()
    wiped[right[3] + 1:, right[0] - 40:right[2] + 40] = 255
    scrap = Word("tinger", (right[0] + 60, right[3] + 70, right[0] + 160, right[3] + 110), 0.3, (3, 1, 12))
    words = read_fingerprint_labels(wiped, art, (scrap,), TesseractEngine(), DPI * SCALE)
    assert scrap in words
    labels = [w for w in words if w.line[0] == LABEL_BLOCK]
    assert _lines(restore_card_print(labels)) == ["Ngón trỏ trái", "Left index finger"]
    assert all(w.bbox[2] <= left[2] + 40 for w in labels)

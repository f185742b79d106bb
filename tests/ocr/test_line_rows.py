"""Lines read across two rows of print are parted into their rows (word boxes as
tesseract gave them on a generated mild card copy's back, the seal erased between)."""

from __future__ import annotations

from itertools import groupby

from ocr.line_rows import parted_rows
from ocr.model import Word


def words(*specs: tuple[str, tuple[int, int, int, int]], line: int = 2) -> list[Word]:
    return [Word(text, box, 0.9, (700, 1, line)) for text, box in specs]


def lines(read: list[Word]) -> list[str]:
    return [" ".join(w.text for w in group) for _, group in groupby(read, key=lambda w: w.line)]


def test_a_line_alternating_between_two_rows_is_parted():
    """GIVEN the issuing office's two English lines read as one, word by word from left
    to right WHEN rows are parted THEN the upper row is one line and the lower the next."""
    read = words(("FOR", (211, 573, 288, 604)), ("DIRECTOR", (260, 524, 450, 555)), ("GE", (465, 524, 519, 555)),
                 ("AL", (595, 519, 642, 562)), ("ENT", (700, 574, 780, 605)), ("DEPARTMENT", (950, 524, 1209, 555)),
                 ("SOCIAL", (971, 574, 1107, 605)), ("ORDER", (1120, 574, 1250, 605)))
    assert lines(parted_rows(read)) == ["DIRECTOR GE AL DEPARTMENT", "FOR ENT SOCIAL ORDER"]


def test_a_line_of_one_row_stays_whole_whatever_its_marks():
    """GIVEN one row of print whose capitals carry marks (taller boxes, higher middles),
    and a line ending in a comma (a small box low on the line) WHEN rows are parted
    THEN both stay as read."""
    row = words(("CỘNG", (100, 90, 200, 140)), ("HÒA", (210, 92, 290, 140)), ("XÃ", (300, 92, 350, 140)),
                ("HỘI", (360, 90, 430, 146)), ("CHỦ", (440, 92, 520, 140)))
    short = words(("Ngày", (100, 300, 180, 330)), ("tháng", (190, 300, 280, 330)), (",", (282, 322, 288, 334)),
                  line=3)
    assert parted_rows(row + short) == row + short


def test_the_expiry_labels_and_date_read_as_one_line_are_three():
    """GIVEN what stands under the front's photo read as one line ("Có Date 03/09/2035 gá
    of đền:", boxes as read on a generated hard copy) WHEN rows are parted THEN each
    label and the date are lines of their own, top to bottom."""
    read = words(("Có", (40, 1300, 80, 1330)), ("Date", (40, 1345, 110, 1375)), ("03/09/2035", (40, 1392, 230, 1428)),
                 ("gá", (90, 1300, 130, 1330)), ("of", (120, 1345, 150, 1375)), ("đền:", (140, 1298, 200, 1330)))
    assert lines(parted_rows(read)) == ["Có gá đền:", "Date of", "03/09/2035"]


def test_specks_below_and_above_a_name_part_no_rows():
    """GIVEN a name read with specks and marks beside its words, their small boxes above
    and below the line WHEN rows are parted THEN the name stays one line, specks with it."""
    read = words(("NGUYỄN", (100, 100, 260, 140)), (".", (270, 150, 276, 156)), ("VĂN", (290, 104, 380, 140)),
                 ("'", (390, 80, 396, 90)), ("AN", (410, 104, 470, 140)), ("-", (480, 160, 490, 164)),
                 (".", (500, 150, 506, 156)))
    assert lines(parted_rows(read)) == ["NGUYỄN . VĂN ' AN - ."]

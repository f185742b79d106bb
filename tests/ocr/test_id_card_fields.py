"""What a card's zone gives where the print's labels were lost: the name (the line that
spells the zone's name, with its marks) and the sex (the zone's letter)."""

from __future__ import annotations

import datetime as dt

from ocr.fields import extract_fields
from ocr.model import OcrResult, Word
from ocr.mrz import parse_td1

TODAY = dt.date(2025, 6, 1)
ZONE = ("IDVNM1681967334022168196733<<2", "6811163F2811165VNM<<<<<<<<<<<6", "TRAN<<THANH<THAO<<<<<<<<<<<<<<")


def page(*lines: str) -> OcrResult:
    words = tuple(Word(text, (60 * column, 40 * row, 60 * column + 50, 40 * row + 30), 0.92, (1, 1, row))
                  for row, line in enumerate(lines) for column, text in enumerate(line.split()))
    return OcrResult(words, "\n".join(lines), 0.92, 1200, 800)


def test_a_name_whose_label_was_lost_is_the_line_spelling_the_zones_name():
    """GIVEN a card read whose name label is garbage, its name line "TRẤN THANH THẢO"
    (a mark misread) WHEN its fields are read with the zone THEN the name is that line,
    its family name mended; the sex is the zone's, the print's lost."""
    read = page("$s:ao: 022168196733", "tá? vá tến / CuÊi nano:", "TRẤN THANH THẢO", "fen 7 Nacn", *ZONE)
    fields = extract_fields(read, zone=parse_td1(ZONE, today=TODAY), today=TODAY).fields
    assert fields["name"].value == "TRẦN THANH THẢO"
    assert fields["name"].bbox[1] == 80  # the print's line, not the zone's
    assert fields["sex"].value == "Nữ"
    assert fields["dob"].value == "1968-11-16"


def test_the_zones_sex_needs_the_birth_date_before_it_to_check():
    """GIVEN a zone whose ID number checks but whose birth date does not (a 4 for a 6,
    no look-alike) WHEN read THEN its name still finds the print's line, but its sex
    letter, placed by the birth date, is not taken."""
    broken = (ZONE[0], ZONE[1].replace("6811163F2811165", "6811143F2811145"), ZONE[2])
    zone = parse_td1(broken, today=TODAY)
    assert zone.id_number.verified and not zone.birth_date.verified
    read = page("tá? vá tến / CuÊi nano:", "TRẤN THANH THẢO", *broken)
    fields = extract_fields(read, zone=zone, today=TODAY).fields
    assert "sex" not in fields
    assert fields["name"].value == "TRẦN THANH THẢO"

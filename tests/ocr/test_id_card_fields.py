"""What a card's zone gives where the print's labels were lost: the name (the line that
spells the zone's name, with its marks) and the sex (the zone's letter)."""

from __future__ import annotations

import datetime as dt

from ocr.fields import extract_fields
from ocr.model import OcrResult, Word
from ocr.mrz import parse_td1
from ocr.validate import FieldWarning

INFERRED = FieldWarning.LABEL_INFERRED

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


def test_the_zones_sex_needs_the_checked_id_numbers_sex_digit_to_agree():
    """GIVEN a zone whose sex letter reads M while its checked ID number's fourth digit
    (1: a woman born in the 1900s) says Nữ WHEN read THEN no sex is taken; the name
    still finds the print's line."""
    zone = parse_td1((ZONE[0], ZONE[1].replace("3F", "3M"), ZONE[2]), today=TODAY)
    assert zone.id_number.verified and zone.sex == "Nam"
    read = page("tá? vá tến / CuÊi nano:", "TRẤN THANH THẢO", *zone.lines)
    fields = extract_fields(read, zone=zone, today=TODAY).fields
    assert "sex" not in fields
    assert fields["name"].value == "TRẦN THANH THẢO"


def test_a_name_the_zone_cut_short_leaves_the_prints_name_whole():
    """GIVEN the zone's name line read with the filler stretched between given names
    ("TRAN<<THANH<<THAO": the zone says TRAN THANH) WHEN read THEN the print's whole
    name stands, not cut to the zone's."""
    zone = parse_td1((ZONE[0], ZONE[1], "TRAN<<THANH<<THAO<<<<<<<<<<<<<"), today=TODAY)
    assert zone.name == "TRAN THANH"
    read = page("Họ và tên / Full name:", "TRẦN THANH THẢO", "Ngày sinh / Date of birth: 16/11/1968", *zone.lines)
    fields = extract_fields(read, zone=zone, today=TODAY).fields
    assert fields["name"].value == "TRẦN THANH THẢO"


def test_a_name_whose_family_name_was_lost_takes_the_zones():
    """GIVEN the name line read "THANH THẢO" (the family name lost on a hard copy, dev 94)
    under a checked zone naming TRAN THANH THAO WHEN read THEN the name is "TRẦN THANH
    THẢO", the family name's marks the list's, marked and doubted; no zone, or one naming
    other given names, leaves the read as it is."""
    read = page("Họ và tên / Full name:", "THANH THẢO", "Ngày sinh / Date of birth: 16/11/1968", *ZONE)
    name = extract_fields(read, zone=parse_td1(ZONE, today=TODAY), today=TODAY).fields["name"]
    assert name.value == "TRẦN THANH THẢO"
    assert FieldWarning.NAME_FAMILY_MENDED in name.warnings and FieldWarning.NAME_FAMILY_UNKNOWN not in name.warnings
    assert name.confidence < 0.9
    assert extract_fields(read, zone=None, today=TODAY).fields["name"].value == "THANH THẢO"
    other = page("Họ và tên / Full name:", "THANH TÂM", "Ngày sinh / Date of birth: 16/11/1968", *ZONE)
    assert extract_fields(other, zone=parse_td1(ZONE, today=TODAY), today=TODAY).fields["name"].value == "THANH TÂM"


def test_a_place_of_origin_whose_label_was_cut_is_the_chain_above_the_residence():
    """GIVEN a hard card copy's read where the place of origin's label kept only "Quê"
    (hard seed 57), the value on the line below it WHEN its fields are read THEN the
    place of origin is that line, mended to the register; a line above the residence that
    is no chain of places gives none."""
    read = page("Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam", "Quê",
                "phường Trường Thi, thành phố Vinh, tỉnh Nghệ An",
                "Nơi thường trú / Place of residence: Số 59 phố Lương Ngọc Quyến,",
                "phường Yên Hoà, thành phố Hà Nội")
    fields = extract_fields(read, today=TODAY).fields
    assert fields["place_of_origin"].value == "phường Trường Thi, thành phố Vinh, tỉnh Nghệ An"
    assert INFERRED in fields["place_of_origin"].warnings  # found by where it stands: an officer looks
    assert fields["address"].value.startswith("Số 59 phố Lương Ngọc Quyến")
    garbled = page("Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam", "Quê",
                   "phường Thí vui, phố nhà",
                   "Nơi thường trú / Place of residence: Số 59 phố Lương Ngọc Quyến,")
    assert "place_of_origin" not in extract_fields(garbled, today=TODAY).fields


def test_an_expiry_whose_label_was_lost_is_the_date_on_a_birthday_a_card_runs_out():
    """GIVEN a hard copy's read (hard seed 57) where the expiry's label came out as "Có gá
    đê" / "Dam of" WHEN read THEN the expiry is the date on the holder's 40th birthday, and
    the one date left (the back's, its label garbled) is the issue date."""
    read = page("Có gá đê", "Dam of", "27/06/2027", "Số / No.: 096087567499", "Họ và tên / Full name:",
                "LÊ VĂN AN", "Ngày sinh / Date of birth: 27/06/1987",
                "Seo chien hang C Guan Date tau canh year mts 25/04/2021")
    fields = extract_fields(read, today=TODAY).fields
    assert fields["dob"].value == "1987-06-27"
    assert fields["expiry_date"].value == "2027-06-27"
    assert fields["issue_date"].value == "2021-04-25"
    assert INFERRED in fields["expiry_date"].warnings and INFERRED in fields["issue_date"].warnings


def test_a_card_without_expiry_read_in_part_and_two_stray_dates():
    """"Không thời hạn" read as "Dae thời han": no expiry; with two dates left besides
    the birth date, neither is taken for the issue date."""
    read = page("CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card", "Dae thời han", "Số / No.: 096087567499",
                "Ngày sinh / Date of birth: 14/05/1963", "nằm /(Daàe mon: year 31/03/2023", "Sẹo 12/01/2020")
    fields = extract_fields(read, today=TODAY).fields
    assert fields["expiry_date"].value == "Không thời hạn"
    assert "issue_date" not in fields
    read = page("CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card", "Dae thời han", "Số / No.: 096087567499",
                "Ngày sinh / Date of birth: 14/05/1963", "nằm /(Daàe mon: year 31/03/2023")
    assert extract_fields(read, today=TODAY).fields["issue_date"].value == "2023-03-31"


def test_label_less_rules_leave_other_fields_values_alone():
    """A receipt's "Thời hạn giải quyết" on a card page is no expiry; the line above the
    residence that is another label's value (the birth registration's place) is no place
    of origin."""
    read = page("CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card", "Số / No.: 096087567499",
                "Ngày sinh / Date of birth: 27/06/1987", "Thời hạn giải quyết: 15 ngày",
                "Nơi đăng ký khai sinh / Place of birth:", "phường Trường Thi, thành phố Vinh, tỉnh Nghệ An",
                "Nơi thường trú / Place of residence: Số 59 phố Lương Ngọc Quyến,")
    fields = extract_fields(read, today=TODAY).fields
    assert "expiry_date" not in fields
    assert "place_of_origin" not in fields


def test_a_card_number_whose_label_was_glued_on_is_the_one_number_of_a_cards_length():
    """GIVEN a faded front's read (hard dev 57) whose number line came out as one word,
    its label glued on and an 8 read as B, and whose title "CĂN CƯỚC CÔNG DÂN" (a form's
    label for the number) anchored nothing readable WHEN read THEN the ID number is the one
    12-digit number of the face, the zone's lines aside, marked as found without its label;
    with two such numbers, or none, there is no number."""
    def number(*lines: str):
        return extract_fields(page("CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card", *lines,
                                   "IDVNM1783852600879178385206<<9"), today=TODAY).fields.get("id_number")

    read = number("só:no.07917B385200", "NGUYỄN NGỌC NHUNG")
    assert read.value == "079178385200" and INFERRED in read.warnings
    assert not number("só:no.07917B385200", "Sẹo 079178385201").value
    assert not number("NGUYỄN NGỌC NHUNG").value
    # the zone's second line with its fillers read as letters; a phone with its country code
    assert not number("6811163F2811165VNMlllllllllll6").value
    assert not number("ĐT: 840912345678").value


def test_a_value_found_without_its_label_that_the_checked_zone_agrees_with_is_no_longer_doubted():
    """GIVEN the number found without its label ("$s:ao:022168196733", garbled label glued
    on) and a zone whose checked number is the same WHEN read THEN the number stands
    without ``label_inferred``: the zone says which number it is."""
    read = page("CĂN CƯỚC CÔNG DÂN", "só:no.022168196733", "tá? vá tến / CuÊi nano:", "TRẤN THANH THẢO", *ZONE)
    number = extract_fields(read, zone=parse_td1(ZONE, today=TODAY), today=TODAY).fields["id_number"]
    assert (number.value, number.warnings) == ("022168196733", ())
    assert extract_fields(read, today=TODAY).fields["id_number"].warnings == (INFERRED,)


def test_a_zones_birth_date_the_print_gives_another_day_or_month_is_doubted():
    """GIVEN a hard copy whose zone's birth date checks but was misread (hard dev 95: the
    zone read 23/12 for 30/12, and 23 and 30 give one check digit) while the face printed
    the day and month right beside an impossible year WHEN its fields are read THEN the
    zone's date is taken with ``id_card_mrz_mismatch`` (a warned field is never
    auto-accepted), not as checked; where the print's
    day and month agree, or no date is printed, the zone's date stands."""
    zone = parse_td1(ZONE, today=TODAY)  # born 16/11/1968
    other = page("NGUYỄN THANH THẢO", "Ngày sinh / Date of birth: 19/11/3968", *ZONE)
    dob = extract_fields(other, zone=zone, today=TODAY).fields["dob"]
    assert dob.value == "1968-11-16" and FieldWarning.ID_CARD_MRZ_MISMATCH in dob.warnings  # reviewed
    assert dob.uncalibrated_confidence <= 0.5
    same = page("NGUYỄN THANH THẢO", "Ngày sinh / Date of birth: 16/11/3968", *ZONE)
    assert not extract_fields(same, zone=zone, today=TODAY).fields["dob"].warnings
    lost = page("NGUYỄN THANH THẢO", "Ngày sinh / Date of birth:", *ZONE)
    assert not extract_fields(lost, zone=zone, today=TODAY).fields["dob"].warnings

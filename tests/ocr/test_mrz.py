"""The ID card's machine-readable zone: ICAO 9303 TD1 lines parsed with their check digits,
on zones printed by the samples generator and on OCR-like misreadings of them."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from ocr.mrz import NO_EXPIRY, check_digit, find_zone, fit_width, parse_td1
from samples.citizens import make_citizen
from samples.id_card import issue_id_card, mrz_check_digit, mrz_lines

TODAY = dt.date(2025, 6, 1)


def card(seed: int):
    rng = random.Random(seed)
    return issue_id_card(rng, make_citizen(rng), before=TODAY)


def test_check_digit_is_icao_9303s():
    assert check_digit("L898902C3") == "6"  # ICAO 9303 part 3's worked example
    assert check_digit("740812") == "2"
    assert check_digit("<<<<<<") == "0"
    for field in ("046187375441", "870925", "ABC<123"):
        assert check_digit(field) == mrz_check_digit(field)


@pytest.mark.parametrize("seed", range(8))
def test_generated_zones_give_the_cards_values(seed):
    printed = card(seed)
    mrz = parse_td1(mrz_lines(printed), today=TODAY)
    holder = printed.holder
    assert mrz is not None and mrz.composite_ok
    assert mrz.id_number.value == holder.id_number and mrz.id_number.verified
    assert mrz.birth_date.value == holder.dob.isoformat() and mrz.birth_date.verified
    expiry = printed.expiry.isoformat() if printed.expiry else NO_EXPIRY
    assert mrz.expiry_date.value == expiry and mrz.expiry_date.verified
    assert mrz.sex == holder.sex.value


def test_a_card_without_expiry_reads_no_expiry():
    lines = ("IDVNM0572252632031057225263<<2", "5708150M<<<<<<0VNM<<<<<<<<<<<2",
             "TRAN<<MINH<CUONG<<<<<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.expiry_date.value == NO_EXPIRY and mrz.expiry_date.verified
    assert mrz.birth_date.value == "1957-08-15" and mrz.id_number.value == "031057225263"
    assert mrz.name == "TRAN MINH CUONG"


def test_ocr_look_alikes_in_numbers_are_put_right():
    good = ("IDVNM1873754416046187375441<<4", "8709251F2709259VNM<<<<<<<<<<<2",
            "LY<<HONG<HUYEN<<<<<<<<<<<<<<<<")
    noisy = ("IDVNM187375441604618737544I<<4", "87O9251F27O9259VNM<<<K<<<<<<<<2",
             "LY<<H0NG<HUYEN<<<<<<<<<<<<<<<")  # I for 1, O for 0, K in the filler, one < lost
    mrz = parse_td1(noisy, today=TODAY)
    assert mrz.id_number.value == "046187375441" and mrz.id_number.verified
    assert mrz.birth_date.value == "1987-09-25" and mrz.birth_date.verified
    assert mrz.expiry_date.value == "2027-09-25" and mrz.expiry_date.verified
    assert mrz.composite_ok and mrz.lines[:2] == good[:2]


def test_a_birth_day_misread_as_a_look_alike_is_mended_from_the_expirys():
    """GIVEN the birth date's day read 26 for 25 (a 5 read as 6); the expiry, on the
    birthday, reads 0925 and checks WHEN parsed THEN the birth date is mended and checks."""
    lines = ("IDVNM1873754416046187375441<<4", "8709261F2709259VNM<<<<<<<<<<<2",  # 26 for 25
             "LY<<HONG<HUYEN<<<<<<<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.birth_date.value == "1987-09-25" and mrz.birth_date.verified
    assert mrz.composite_ok and mrz.id_number.verified and mrz.expiry_date.verified


def test_one_wrong_digit_no_look_alike_explains_is_caught_by_its_check_digit():
    lines = ("IDVNM1873754416046187375441<<4", "8709241F2709259VNM<<<<<<<<<<<2",  # 24 for 25
             "LY<<HONG<HUYEN<<<<<<<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.birth_date.value == "1987-09-24" and not mrz.birth_date.verified
    assert not mrz.composite_ok
    assert mrz.id_number.verified and mrz.expiry_date.verified  # their own check digits hold


def test_an_id_digit_misread_where_the_document_number_reads_it_right_is_mended():
    """GIVEN the ID number's last digit read 7 for 1, the document number (the same nine
    digits printed again) reading it right WHEN parsed THEN the number is mended: only 1
    makes both check digits agree."""
    lines = ("IDVNM1873754416046187375447<<4", "8709251F2709259VNM<<<<<<<<<<<2",
             "LY<<HONG<HUYEN<<<<<<<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.id_number.value == "046187375441" and mrz.id_number.verified and mrz.composite_ok


def test_a_wrong_id_digit_both_reads_agree_on_is_not_verified():
    lines = ("IDVNM1873754476046187375447<<4", "8709251F2709259VNM<<<<<<<<<<<2",
             "LY<<HONG<HUYEN<<<<<<<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.id_number.value == "046187375447" and not mrz.id_number.verified and not mrz.composite_ok


def test_a_slashed_zero_read_as_six_and_eight_is_mended():
    """A bilevel hard copy's zone (the generator's mono font slashes its zeros): the
    province's 0 read as 6, a 0 of the document number as 6, the birth date's 0 as 8."""
    lines = ("IDVNM1783852600679178385200<<0", "7888250F3808252VNM<<<<<<<<<<<2",
             "NGUYEN<<NGOC<NHUNG<<<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.id_number.value == "079178385200" and mrz.id_number.verified
    assert mrz.birth_date.value == "1978-08-25" and mrz.birth_date.verified
    assert mrz.expiry_date.value == "2038-08-25" and mrz.expiry_date.verified


def test_garbage_is_no_zone():
    assert parse_td1(("Ngon tro trai", "Left index finger", "LY HONG"), today=TODAY) is None
    assert find_zone(["Đặc điểm nhân dạng", "Ngón trỏ trái Ngón trỏ phải"]) is None


def test_zone_is_found_among_ocr_lines():
    lines = ["Left index finger Right index finger", "sfanhoing -401/00E88",
             "TDVNM1873754416046187375441<<4".replace("T", "I", 1), "8709251F2709259VNM<<<<<<<<<<<2",
             "LY<<H0NG<HUYEN<<<<<<<<<<<<<<<< ."]
    zone = find_zone(lines)
    assert zone is not None and zone[0].startswith("IDVNM") and zone[2].startswith("LY<<")


def test_fit_width_mends_the_filler_run():
    assert fit_width("8709251F2709259VNM<<<<<<<<<<<<<<2", keep_last=True) == "8709251F2709259VNM<<<<<<<<<<<2"
    assert fit_width("LY<<HONG<HUYEN<<<", keep_last=False) == "LY<<HONG<HUYEN" + "<" * 16


def test_zone_is_found_when_its_document_code_is_misread():
    rest = ("8709251F2709259VNM<<<<<<<<<<<2", "LY<<HONG<HUYEN<<<<<<<<<<<<<<<<")
    for first in ("TDVNM1873754416046187375441<<4", "I1DVNM1873754416046187375441<<4"):
        zone = find_zone([first, *rest])
        assert zone is not None and zone[0].endswith("VNM1873754416046187375441<<4")
        assert parse_td1(zone, today=TODAY).composite_ok
    assert find_zone(list(rest) + ["LY<<HONG<HUYEN<<<<<<<<<<<<<<<<"]) is None  # line 2's VNM is no start


def test_id_number_whose_leading_digit_is_misread_is_mended_where_the_composite_agrees():
    """GIVEN a zone whose ID number's first digit is read 9 for 0 WHEN it is parsed THEN
    the number is mended: 0 is the one look-alike of 9 that makes a province code
    (001-096) and its own check digit agree, and the zone's composite check holds."""
    lines = ("IDVNM1873754416946187375441<<4", "8709251F2709259VNM<<<<<<<<<<<2",
             "LY<<HONG<HUYEN<<<<<<<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.id_number.value == "046187375441" and mrz.id_number.verified


def test_id_number_whose_leading_digits_no_second_check_covers_is_not_verified():
    """GIVEN the same misread, the composite check digit lost: the province's digit is read
    once, and its own check digit alone (perhaps misread itself) does not mend it."""
    lines = ("IDVNM1873754416946187375441<<4", "8709251F2709259VNM<<<<<<<<<<<<",
             "LY<<HONG<HUYEN<<<<<<<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.id_number.value == "946187375441" and not mrz.id_number.verified


def test_a_misread_check_digit_mends_nothing():
    """The ID's own check digit read 9 for 0: a look-alike change of the province code
    would match it, but the composite check does not hold, so the number is not verified."""
    lines = ("IDVNM1783852000079178385200<<9", "7808250F3808252VNM<<<<<<<<<<<2",
             "NGUYEN<<NGOC<NHUNG<<<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.id_number.value == "079178385200" and not mrz.id_number.verified


def test_an_expiry_year_misread_is_not_mended_to_an_age_no_card_runs_out_at():
    """The expiry's year is read once: its check digit read 5 for 2 would make 2039 or
    2036 pass; a card born 1978 runs out in 2003, 2018 or 2038, so nothing is mended."""
    lines = ("IDVNM1783852000079178385200<<0", "7808250F3808255VNM<<<<<<<<<<<2",
             "NGUYEN<<NGOC<NHUNG<<<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert not mrz.expiry_date.verified


def test_id_number_whose_leading_digit_is_misread_past_mending_is_not_verified():
    """The first digit read 4 for 0 (no look-alike): the ID number stays unverified."""
    lines = ("IDVNM1873754416446187375441<<4", "8709251F2709259VNM<<<<<<<<<<<<",
             "LY<<HONG<HUYEN<<<<<<<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.id_number.value == "446187375441" and not mrz.id_number.verified


def test_a_date_whose_own_check_fails_is_not_verified_by_the_composite():
    """A hard copy's second line read with two letters too many and the birth date's check
    digit misread (5 for 3): both dates' own check digits fail, the composite agrees by
    chance (one in ten). The expiry read is wrong (11 for 16), so neither is trusted."""
    lines = ("IDVNM3062263440022306226344<<8", "8011165F3111111IIG1VNM<<<<<<<8",
             "NGUYEN<<THI<NGOC<YEN<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.composite_ok
    assert mrz.birth_date.value == "1980-11-16" and not mrz.birth_date.verified
    assert mrz.expiry_date.value == "2031-11-11" and not mrz.expiry_date.verified
    assert mrz.id_number.verified


def test_a_speck_in_the_name_lines_filler_is_no_name():
    lines = ("IDVNM1681967334022168196733<<2", "6811163F2811165VNM<<<<<<<<<<<6",
             "TRAN<<THANH<THAO<<<<<<<<<F<<<<")
    assert parse_td1(lines, today=TODAY).name == "TRAN THANH THAO"


def test_a_zone_whose_name_line_lost_its_filler_is_still_found():
    """A hard copy's zone read right but for the filler after a short name ("LE<<VAN<AN<<<<",
    14 characters): the name line is shorter than the other two, and the zone is still a zone."""
    lines = ["1AKA 6", "IDVNM0875674995096087567499<<8", "8706272M2706270VNM<<<<<<<<<<<6", "LE<<VAN<AN<<<<"]
    zone = find_zone(lines)
    assert zone is not None and zone[2] == "LE<<VAN<AN<<<<"
    mrz = parse_td1(zone, today=TODAY)
    assert mrz.id_number.value == "096087567499" and mrz.id_number.verified and mrz.composite_ok
    assert mrz.name == "LE VAN AN" and mrz.lines[2] == "LE<<VAN<AN" + "<" * 20


def test_a_zone_without_its_name_line_still_gives_its_numbers():
    zone = find_zone(["IDVNM0875674995096087567499<<8", "8706272M2706270VNM<<<<<<<<<<<6"])
    assert zone is not None and zone[2] == ""
    mrz = parse_td1(zone, today=TODAY)
    assert mrz.birth_date.value == "1987-06-27" and mrz.birth_date.verified and mrz.name == ""


def test_a_misread_document_code_is_spelt_as_the_card_prints_it():
    """Vietnamese cards' zones start IDVNM: "1DVNM", "TDVNM" and "D0VNM" (a stray 0 read
    before VNM) are that code misread."""
    rest = ("9307230F3307238VNM<<<<<<<<<<<8", "NGUYEN<<THANH<HUONG<<<<<<<<<<<")
    for first in ("1DVNM1937124892031193712489<<2", "TDVNM1937124892031193712489<<2",
                  "ID0VNM1937124892031193712489<<2"):
        mrz = parse_td1(find_zone([first, *rest]), today=TODAY)
        assert mrz.lines[0] == "IDVNM1937124892031193712489<<2" and mrz.composite_ok


def test_a_no_expiry_field_read_with_a_character_too_many_is_put_back():
    """"<<<<<<O0" for "<<<<<<0": a card without expiry (its holder past 58) prints six
    fillers and the check digit 0; OCR doubled the zero, and VNM slid one place right."""
    lines = ("IDVNM0554913605066055491360<<9", "5508039M<<<<<<O0VNM<<<<<<<<<<<6",
             "LY<<XUAN<LONG<<<<<<<<K<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.lines[1] == "5508039M<<<<<<0VNM<<<<<<<<<<<6"
    assert mrz.expiry_date.value == NO_EXPIRY and mrz.expiry_date.verified and mrz.composite_ok


def test_an_expiry_year_misread_is_mended_to_the_birthday_at_a_cards_term():
    """GIVEN a verified birth date 16/11/1968 and an expiry read 181116 (the year's 2 read
    as I, made 1) with its check digit 5 WHEN parsed THEN the expiry is 281116: the only
    birthday at a card's term (14, 25, 40, 60) whose check digit is 5, and the zone's
    composite check holds with it."""
    lines = ("IDVNM1681967334022168196733<<2", "6811163F1811165VNM<<<<<<<<<<<6",
             "TRAN<<THANH<THAO<<<<<<<<<F<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.expiry_date.value == "2028-11-16" and mrz.expiry_date.verified and mrz.composite_ok


def test_an_expiry_is_not_mended_to_a_term_when_the_composite_disagrees():
    lines = ("IDVNM1681967334022168196733<<2", "6811163F1811165VNM<<<<<<<<<<<7",
             "TRAN<<THANH<THAO<<<<<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert mrz.expiry_date.value == "2018-11-16" and not mrz.expiry_date.verified


def test_the_name_line_is_spelt_without_the_specks_in_its_filler():
    lines = ("IDVNM1681967334022168196733<<2", "6811163F2811165VNM<<<<<<<<<<<6",
             "TRAN<<THANH<THAO<<<<<<<<<F<<<<")
    assert parse_td1(lines, today=TODAY).lines[2] == "TRAN<<THANH<THAO" + "<" * 14


def test_an_expiry_whose_check_digit_is_misread_is_not_mended_to_another_term():
    """Found by review: born 1970, expiry 2030 (at 60) with its check digit read 7 for 0.
    Two-digit years wrap, so the 14-year term (19)84 checks with 7 and with the composite
    too (their digits move together): a card born 1970 never ran out in 2084, nor was a
    card run out at 14 issued to it (chip cards began in 2016)."""
    lines = ("IDVNM0700123454001070012345<<5", "7003158M3003157VNM<<<<<<<<<<<2",
             "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<")
    mrz = parse_td1(lines, today=TODAY)
    assert not mrz.expiry_date.verified and mrz.expiry_date.value != "2084-03-15"


def test_a_short_second_line_does_not_make_the_name_line_the_second():
    first, name = "IDVNM0700123454001070012345<<5", "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<"
    assert find_zone([first, "7003158M300", name]) is None
    zone = find_zone([first, "7003158M3003150VNM<<<<<<<<<<<2", "Ngày, tháng, năm / Date, month, year: 19/07/2021"])
    assert zone is not None and zone[2] == ""  # a line without filler is no name line


def test_a_name_line_with_letters_past_a_doubled_separator_is_kept_as_read():
    lines = ("IDVNM0700123454001070012345<<5", "7003158M3003150VNM<<<<<<<<<<<2",
             "NGUYEN<<THI<<HONG<NHUNG<<<<<<<")
    assert parse_td1(lines, today=TODAY).lines[2] == "NGUYEN<<THI<<HONG<NHUNG<<<<<<<"

"""Value checks on plain strings (addresses also as real tesseract reads them): each failed
check is a stable warning code, never a rejection."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from ocr.digits import fix_digit_lookalikes
from ocr.engine import TesseractEngine
from ocr.fields import extract_fields
from ocr.names import mend_family_name
from ocr.places import check_address, completeness_warnings
from ocr.validate import (FieldWarning, birth_year_from_id, check_date, check_dossier_code,
                          check_id_number, check_name, check_phone, is_capitalised)
from samples.citizens import make_address
from samples.id_card import make_origin
from samples.sheet import Sheet

TODAY = dt.date(2025, 6, 30)


@pytest.mark.parametrize("number,dob,issues", [
    ("019190001234", "1990-03-15", ()),
    ("019190001234", "1991-03-15", (FieldWarning.ID_BIRTH_YEAR_MISMATCH,)),
    ("019303004567", "2003-08-21", ()),
    ("019103004567", "2003-08-21", (FieldWarning.ID_BIRTH_YEAR_MISMATCH,)),  # G=1: born 1900s
    ("019203004567", "1903-08-21", (FieldWarning.ID_BIRTH_YEAR_MISMATCH,)),  # G=2: born 2000s
    ("097190001234", None, (FieldWarning.ID_PROVINCE_UNKNOWN,)),
    ("000190001234", "1990-01-01", (FieldWarning.ID_PROVINCE_UNKNOWN,)),
    ("096190001234", "1990-01-01", ()),
    ("001000000001", "1900-01-01", ()),
])
def test_id_number_checks_warn_without_rejecting(number, dob, issues):
    assert check_id_number(number, dob) == issues


def test_id_birth_year_after_today_is_doubtful_without_a_birth_date():
    """G=2, YY=30: born 2030, which has not come yet; G=4 would be the 2100s."""
    assert check_id_number("019230001234", today=TODAY) == (FieldWarning.ID_BIRTH_YEAR_IN_FUTURE,)
    assert check_id_number("019490001234", today=TODAY) == (FieldWarning.ID_BIRTH_YEAR_IN_FUTURE,)
    assert check_id_number("019224001234", today=TODAY) == ()


@pytest.mark.parametrize("number,year", [("019190001234", 1990), ("019303004567", 2003),
                                         ("019405000001", 2105), ("01919000123", None)])
def test_birth_year_comes_from_the_century_digit_and_yy(number, year):
    assert birth_year_from_id(number) == year


def test_old_nine_digit_cmnd_has_no_structure_to_check():
    assert check_id_number("090123456", "1985-11-07", today=TODAY) == ()


@pytest.mark.parametrize("iso,issues", [
    ("2025-06-30", ()), ("1990-03-15", ()), ("2025-07-01", (FieldWarning.DATE_IN_FUTURE,)),
    ("2030-01-01", (FieldWarning.DATE_IN_FUTURE,)),
])
def test_dates_must_not_lie_in_the_future(iso, issues):
    assert check_date(iso, TODAY) == issues


@pytest.mark.parametrize("digits,issues", [
    ("0912345678", ()), ("0365111222", ()), ("0567060109", ()), ("0701234567", ()), ("0812980944", ()),
    ("02083855123", (FieldWarning.NOT_A_MOBILE,)),
    ("0412345678", (FieldWarning.PHONE_PREFIX,)),  # no 04 mobiles
    ("0612345678", (FieldWarning.PHONE_PREFIX,)),
    ("01234567890", (FieldWarning.PHONE_PREFIX,)),  # old 11-digit 01x mobiles were renumbered in 2018
    ("091234567", (FieldWarning.PHONE_PREFIX,)),  # one digit short
])
def test_phone_prefixes(digits, issues):
    assert check_phone(digits) == issues


@pytest.mark.parametrize("name,issues", [
    ("NGUYỄN THỊ HOÀ", ()), ("Nguyễn Thị Hòa", ()), ("LÊ VĂN TÁM", ()), ("Trần Quốc Khánh", ()),
    ("NGUYỄN VĂN", ()),
    ("NGUYỄN", (FieldWarning.NAME_WORD_COUNT,)),
    ("NGUYỄN VĂN AN 12", (FieldWarning.NAME_NOT_LETTERS,)),
    ("NGUYỄN THJ HOÀ", (FieldWarning.NAME_NOT_VIETNAMESE,)),  # "THJ": no syllable
    ("NGUYÊN VĂN AN", ()),  # a misread that is still a syllable passes here (see cross_check)
    ("NGUYỄN HUÓNG", (FieldWarning.NAME_NOT_VIETNAMESE,)),  # mark on the wrong vowel
    ("nguyễn thị hoà", (FieldWarning.NAME_CAPITALS,)),
    ("NGuyễn Thị Hoà", (FieldWarning.NAME_CAPITALS,)),
    ("H'Hen Niê", (FieldWarning.NAME_NOT_VIETNAMESE,)),  # Ê Đê names: a warning, not a rejection
])
def test_names_are_capitalised_vietnamese_syllables(name, issues):
    assert check_name(name) == issues


@pytest.mark.parametrize("word,capitalised", [
    ("NGUYỄN", True), ("Nguyễn", True), ("Đặng", True), ("H'Hen", True), ("nguyễn", False),
    ("NGuyễn", False), ("123", False),
])
def test_capitalised_words(word, capitalised):
    assert is_capitalised(word) is capitalised


@pytest.mark.parametrize("code,issues", [
    ("000.00.19.H55-240419-0001", ()), ("H55-250630-0001", ()),
    ("H55-250701-0001", (FieldWarning.CODE_DATE,)),  # received tomorrow
    ("H55-230229-0001", (FieldWarning.CODE_DATE,)),  # 2023 had no 29 February
    ("H55-240229-0001", ()),
])
def test_dossier_code_carries_a_real_past_date(code, issues):
    assert check_dossier_code(code, TODAY) == issues


@pytest.mark.parametrize("read,fixed", [
    ("O19l9OOO1234", "019190001234"),
    ("1S/O3/199O", "15/03/1990"),
    ("0912 B45 678", "0912 845 678"),
    ("056G 552 570", "0566 552 570"),  # a 6 read G (clean dev seed mixed 50: the phone lost)
    ("0Z/1b/2004", "02/16/2004"),
    ("09605390887]", "096053908871"),  # a 1 read "]" (hard dev seed 57: the ID number lost)
    ("[12/03/2004]", "[12/03/2004]"),  # ... but a "]" closing a "[" is a bracket
    ("019 19O OOl 234", "019 190 001 234"),  # "OOl" has no digit but sits among digit groups
    ("Ili LÊ O19l9OOO1234", "Ili LÊ 019190001234"),  # words are left alone
    ("Số CCCD: O19", "Số CCCD: 019"),
    ("BS SỐ", "BS SỐ"),
])
def test_letters_read_for_digits_are_mended_in_digit_tokens_only(read, fixed):
    assert fix_digit_lookalikes(read) == fixed
    assert len(fix_digit_lookalikes(read)) == len(read)


@pytest.mark.parametrize("read,mended", [
    ("NGUYÊN KIM TRANG", "NGUYỄN KIM TRANG"),  # the tilde lost
    ("PHAM KIM HOA", "PHẠM KIM HOA"),  # the dot below lost
    ("Trân Văn An", "Trần Văn An"),
    ("NGUYỄN VĂN AN", "NGUYỄN VĂN AN"),  # a family name already
    ("HÒA VĂN AN", "HÒA VĂN AN"),  # only "Hoa" has these letters: mending would just drop a mark
    ("DOAN VĂN AN", "DOAN VĂN AN"),  # Đoàn or Doãn: left for the officer
    ("Y MOAN", "Y MOAN"), ("NGUYÊN", "NGUYÊN"),
])
def test_misread_family_name_is_mended_to_the_one_with_its_letters(read, mended):
    assert mend_family_name(read) == mended


# --- addresses that are not all the paper says (checked with the units: ocr.places) ------

@pytest.mark.parametrize("address", [
    "Số 5, phường Văn Quán, quận Hà Đông, thành",  # "thành phố Hà Nội" cut off
    "Số 182, ngõ 106, đường Lê Lợi, phường Hưng Dũng, thành phố",
    "Tổ 12, phường Phan Đình Phùng, tỉnh",
    "Số 9, đường Nguyễn Trãi, phường Hưng Dũng, TP.",
    "Thôn Đông, xã Bát Tràng, huyện Gia Lâm thành",  # its comma lost as well
])
def test_an_address_ending_in_a_bare_unit_word_was_cut_off(address):
    assert completeness_warnings(address) == (FieldWarning.ADDRESS_UNIT_WITHOUT_NAME,)


@pytest.mark.parametrize("address", [
    "Số 5, phường Văn Quán, quận Hà Đông",  # a chain, but no province
    "Số 182, đường Lê Lợi, phường Hưng Dũng, thành phố Vinh",  # a city within a province
    "Tổ 5, phường Tân Thịnh, thành phố Thái Nguyên",
    "Số 12, ngõ 4, đường Lê Lợi",
    "Số 30, phường Gia Sàng, Ủnh Thái Nguyên",  # "tỉnh" misread
])
def test_an_address_whose_units_stop_short_of_a_province_is_doubtful(address):
    assert completeness_warnings(address) == (FieldWarning.ADDRESS_NO_PROVINCE,)


@pytest.mark.parametrize("address", [
    "phường Điện Biên, thành nhố Thanh Hóa, tỉnh Thanh Hóa",  # "phố" misread: no unit word
    "Số 30, phường Gia Sàng, tbành phố Thái Nguyên, tỉnh Thái Nguyên",
])
def test_a_part_between_the_units_that_is_none_is_doubtful(address):
    assert FieldWarning.ADDRESS_PART_UNKNOWN in completeness_warnings(address)


@pytest.mark.parametrize("address", [
    "xã Hùng Sơn, tỉnh Thái Nguyên",  # a place of origin: commune and province
    "phường Hoàn Kiếm, thành phố Hà Nội",  # since July 2025: ward and province
    "Hưng Nguyên, Nghệ An",  # units without their unit words
    "Nghệ An",
    "xã Hưng Tây, huyện Hưng Nguyên, Nghệ An",
    "Số 8, phường 9, quận 3, TP. Hồ Chí Minh",
    "phường Phú Hội, thành phố Huế",  # a province-level city since 2025
    "Tổ 5, phường Tân Thịnh, thành phố Thái Nguyên, tỉnh Thái Nguyên "
    "(nay là phường Phan Đình Phùng, tỉnh Thái Nguyên)",
    "Số 9, đường Nguyễn Trãi, phường Hưng Dũng, tỉnh Nghệ An, Việt Nam",
])
def test_short_and_unusual_but_whole_addresses_are_not_flagged(address):
    assert completeness_warnings(address) == ()


def test_no_address_or_place_of_origin_the_generator_writes_is_flagged():
    """The sample generator writes whole addresses (old three-level, new two-level, with
    a house, a street or a hamlet) and places of origin (commune, district, province)."""
    rng = random.Random(61)
    written = {make_address(rng) for _ in range(400)} | {make_origin(rng) for _ in range(100)}
    flagged = {address: check_address(address).warnings for address in written}
    assert {address: warnings for address, warnings in flagged.items() if warnings} == {}


def read_address_line(text: str) -> dict:
    """The fields tesseract reads from ``text`` typed on a page by the sample generator's
    typewriter (11 pt serif at 300 dpi; the band of the page it is on)."""
    sheet = Sheet(colour=False)
    sheet.write(text, size_pt=11)
    return extract_fields(TesseractEngine().recognize(np.array(sheet.image)[:sheet.y + 60], dpi=300)).fields


def test_an_address_read_cut_off_is_flagged_and_less_sure_than_the_whole():
    """GIVEN an address the generator wrote (seed 11), typed whole and typed cut off after
    "thành" (its wrapped end lost), WHEN tesseract reads both and fields are extracted,
    THEN the whole is read exactly and passes, the cut one says why and is less sure."""
    address = make_address(random.Random(11))
    assert address == "Số 116, đường Đội Cấn, phường Trường Thi, thành phố Vinh, tỉnh Nghệ An"
    whole = read_address_line(f"Nơi cư trú: {address}")["address"]
    cut = read_address_line(f"Nơi cư trú: {address[:address.index(' phố Vinh')]}")["address"]
    assert whole.value == address and whole.warnings == ()
    assert cut.value == "Số 116, đường Đội Cấn, phường Trường Thi, thành"
    assert cut.warnings == (FieldWarning.ADDRESS_UNIT_WITHOUT_NAME,)
    assert cut.confidence < whole.confidence

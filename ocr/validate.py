"""Checks of field values, each failure a stable warning code.

A failed check does not reject a value: the value is kept, its confidence is lowered and
the code says why (the officer sees it; machines read the code). Rejections (a date that
does not exist, a label with no readable value) use the same codes with an empty value.

- ID number (CCCD, số định danh cá nhân): ``PPP G YY NNNNNN``; PPP the birth province
  (001-096), G sex and century (0/1 born 1900s, 2/3 2000s, 4/5 2100s...), YY the birth
  year's last two digits. No check digit; G/YY against the date of birth is a warning
  (the rules changed in 2024), never a rejection.
- Dates must exist (checked when they are read) and must not lie in the future.
- Phones: mobile numbers are 10 digits starting 03, 05, 07, 08 or 09; landlines 11
  digits starting 02.
- Names: 2 to 7 words, each a valid Vietnamese syllable written with a capital.
- Addresses (checked in :mod:`ocr.places`, which knows the units): the units' names in
  the register, the units reaching a province-level one, no bare unit word at the end
  and no part between the units that is none (what a cut-off or misread address shows).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from enum import StrEnum

from ocr.syllables import is_syllable

log = logging.getLogger(__name__)

PROVINCE_CODES = range(1, 97)  # 001-096
MOBILE_NUMBER = re.compile(r"0[35789]\d{8}")
LANDLINE_NUMBER = re.compile(r"02\d{9}")
NAME_WORDS = range(2, 8)  # 2 to 7 words


class FieldWarning(StrEnum):
    """Why a field's value is doubtful (lowered confidence) or was rejected (empty value)."""

    IMPOSSIBLE_DATE = "impossible_date"  # rejected: e.g. 31/02
    UNREADABLE = "unreadable"  # rejected: the label is there, no valid value after it
    DATE_IN_FUTURE = "date_in_future"  # a birth, signing or receipt date after today
    NOT_A_MOBILE = "not_a_mobile_number"  # a landline (02x, 11 digits)
    PHONE_PREFIX = "phone_prefix"  # neither a mobile (03/05/07/08/09) nor a landline prefix
    ID_PROVINCE_UNKNOWN = "id_province_unknown"  # the ID number's PPP is outside 001-096
    ID_BIRTH_YEAR_MISMATCH = "id_birth_year_mismatch"  # G/YY disagree with the date of birth
    ID_BIRTH_YEAR_IN_FUTURE = "id_birth_year_in_future"  # G/YY give a birth year after today
    NAME_WORD_COUNT = "name_word_count"  # not 2 to 7 words
    NAME_NOT_LETTERS = "name_not_letters"  # digits or symbols in a name
    NAME_NOT_VIETNAMESE = "name_not_vietnamese"  # a word that is no Vietnamese syllable
    NAME_CAPITALS = "name_capitals"  # a word not written with a capital (nor all capitals)
    NAME_FAMILY_MENDED = "name_family_mended"  # the family name's marks were mended ("NGUYÊN" -> "NGUYỄN")
    NAME_FAMILY_UNKNOWN = "name_family_unknown"  # the first word is no family name the lists hold
    NAME_WORDS_PARTED = "name_words_parted"  # two syllables read run together were parted ("KIMNGA" -> "KIM NGA")
    ADDRESS_MENDED = "address_mended"  # a unit's name mended to the register ("Hà Nôi" -> "Hà Nội")
    ADDRESS_PLACE_UNKNOWN = "address_place_unknown"  # a unit's name in no register at its level
    ADDRESS_NO_PROVINCE = "address_no_province"  # the units stop short of a province-level one
    ADDRESS_UNIT_WITHOUT_NAME = "address_unit_without_name"  # ends in a bare unit word ("..., thành")
    ADDRESS_PART_UNKNOWN = "address_part_unknown"  # a part between the units that is none ("thành nhố Vinh")
    ADDRESS_UNIT_WORD_LOST = "address_unit_word_lost"  # a ward's name without its unit word before spelt-out units
    ADDRESS_ODD_LETTERS = "address_odd_letters"  # a letter no Vietnamese address is written with ("ngð 59")
    CODE_DATE = "code_date"  # the YYMMDD of a dossier code does not exist or is in the future
    ID_CARD_QR_MISMATCH = "id_card_qr_mismatch"  # the OCR value differs from the card's QR
    ID_CARD_MRZ_MISMATCH = "id_card_mrz_mismatch"  # the OCR value differs from the card's checked MRZ
    LABEL_INFERRED = "label_inferred"  # a card's value found by where it stands, its label not read
    RECEIVED_DATE_CODE_MISMATCH = "received_date_code_mismatch"  # not the date in the dossier code
    RECEIVED_DATE_FROM_CODE = "received_date_from_code"  # read one digit off: the scanned code's date taken
    DOB_YEAR_FROM_ID = "dob_year_from_id"  # a birth year read impossible, a digit off the ID number's: its year taken
    APPLICANT_MISMATCH = "applicant_mismatch"  # receipt and form spell the applicant differently
    DOSSIER_NAME_MISMATCH = "dossier_name_mismatch"  # one person's name spelt two ways in a dossier
    DOSSIER_ADDRESS_MISMATCH = "dossier_address_mismatch"  # one person's address spelt two ways
    DOSSIER_ID_NUMBER_MISMATCH = "dossier_id_number_mismatch"  # same person, other ID number elsewhere
    DOSSIER_DOB_MISMATCH = "dossier_dob_mismatch"  # same person, other date of birth elsewhere
    SPELLING_FROM_DOSSIER = "spelling_from_dossier"  # marks taken from the QR's or most pages' spelling
    DIGIT_FROM_CARD = "digit_from_card"  # one digit off the ID card QR's date or number: the QR's taken
    DIGIT_FROM_DOSSIER = "digit_from_dossier"  # one digit off other pages' birth date (its ID number's side) or phone
    SIGNED_AFTER_RECEIPT = "signed_after_receipt"  # a paper's signing date after the dossier's received date
    DIGIT_FROM_RECEIPT = "digit_from_receipt"  # such a date one digit off the one date it can be: that taken


def check_date(iso: str, today: dt.date) -> tuple[FieldWarning, ...]:
    """A date that exists (``iso`` is ``YYYY-MM-DD``) must not be after ``today``."""
    return (FieldWarning.DATE_IN_FUTURE,) if dt.date.fromisoformat(iso) > today else ()


def birth_year_from_id(number: str) -> int | None:
    """The birth year a 12-digit ID number encodes (G's century + YY)."""
    if len(number) != 12 or not number.isdigit():
        return None
    century = 1900 + 100 * (int(number[3]) // 2)
    return century + int(number[4:6])


def check_id_number(number: str, dob_iso: str | None = None,
                    today: dt.date | None = None) -> tuple[FieldWarning, ...]:
    """Soft checks of a 12-digit ID number: its province code, and its birth year against
    the date of birth ``dob_iso`` (when known) or else against ``today``."""
    if len(number) != 12 or not number.isdigit():
        return ()
    issues = []
    if int(number[:3]) not in PROVINCE_CODES:
        issues.append(FieldWarning.ID_PROVINCE_UNKNOWN)
    year = birth_year_from_id(number)
    if dob_iso and year != int(dob_iso[:4]):
        issues.append(FieldWarning.ID_BIRTH_YEAR_MISMATCH)
    elif today is not None and year is not None and year > today.year:
        issues.append(FieldWarning.ID_BIRTH_YEAR_IN_FUTURE)
    return tuple(issues)


def check_phone(digits: str) -> tuple[FieldWarning, ...]:
    """A national phone number (digits only, leading 0): a mobile passes, a landline is
    noted, any other prefix or length is suspect."""
    if MOBILE_NUMBER.fullmatch(digits):
        return ()
    if LANDLINE_NUMBER.fullmatch(digits):
        return (FieldWarning.NOT_A_MOBILE,)
    return (FieldWarning.PHONE_PREFIX,)


def check_name(name: str) -> tuple[FieldWarning, ...]:
    """Why ``name`` does not look like a Vietnamese full name: 2-7 words of letters, each a
    valid syllable, each capitalised ("Nguyễn") or in capitals ("NGUYỄN")."""
    words = name.split()
    problems = []
    if len(words) not in NAME_WORDS:
        problems.append(FieldWarning.NAME_WORD_COUNT)
    if any(not word.replace("-", "").replace("'", "").isalpha() for word in words):
        problems.append(FieldWarning.NAME_NOT_LETTERS)
    elif any(not is_syllable(word) for word in words):
        problems.append(FieldWarning.NAME_NOT_VIETNAMESE)
    if any(not is_capitalised(word) for word in words if any(ch.isalpha() for ch in word)):
        problems.append(FieldWarning.NAME_CAPITALS)
    return tuple(problems)


def is_capitalised(word: str) -> bool:
    """"NGUYỄN" or "Nguyễn" (letters after an apostrophe or hyphen may start anew: "H'Hen")."""
    letters = [ch for ch in word if ch.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    parts = re.split(r"['-]", word)
    return word.isupper() or all(part[:1].isupper() and part[1:] == part[1:].lower()
                                 for part in parts if part)


def check_dossier_code(code: str, today: dt.date) -> tuple[FieldWarning, ...]:
    """The receipt date inside a dossier code (``<unit>-YYMMDD-<sequence>``) must exist and
    not be after ``today``."""
    match = re.search(r"-(\d{2})(\d{2})(\d{2})-\d+$", code)
    if match is None:
        return ()
    year, month, day = (int(part) for part in match.groups())
    try:
        issued = dt.date(2000 + year, month, day)
    except ValueError:
        return (FieldWarning.CODE_DATE,)
    return (FieldWarning.CODE_DATE,) if issued > today else ()

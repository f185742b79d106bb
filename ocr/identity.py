"""Personal ID numbers, phone numbers and names: read, normalised and checked.

ID number (CCCD, số định danh cá nhân): 12 digits ``PPP G YY NNNNNN``: PPP the birth
province (001-096), G sex and century (0/1 born 1900s, 2/3 2000s, 4/5 2100s...), YY the
birth year's last two digits. There is no check digit, and a G/YY that disagrees with
the date of birth is a warning for the officer, not a rejection. The old CMND has 9
digits and only counts next to a CMND label.
Phones are stored in their national form, digits only: ``+84 912 345 678`` → ``0912345678``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from ocr.labels import FieldWarning

log = logging.getLogger(__name__)

MOBILE_PATTERN = re.compile(r"(?<![\d+])(?:\+?84\s?|0)[35789]\d{2}[\s.]?\d{3}[\s.]?\d{3}(?!\d)")
"""DOMAIN.md's mobile number, kept from running into neighbouring digits."""
PHONE_PATTERN = re.compile(r"(?<![\d+])(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
"""Any national phone number (landlines included), 9-11 digits in all."""
PROVINCE_CODES = range(1, 97)  # 001-096

_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0",
                             "l": "1", "I": "1", "i": "1", "|": "1", "!": "1"})
_DIGIT_GROUPS = re.compile(r"(?<!\d)\d{3,}(?:[ .]\d{3,})*(?!\d)")


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """Digits read from a text, and where they were (span in the text given)."""

    digits: str
    start: int
    end: int


def fix_digit_lookalikes(text: str) -> str:
    """O→0, l/I→1 and the like, in tokens that are mostly digits; length is kept.

    Only for digit fields: applied to a name it would ruin it.
    """
    def fix(token: re.Match[str]) -> str:
        word = token.group()
        digits = sum(ch.isdigit() for ch in word)
        return word.translate(_LOOKALIKES) if digits * 2 >= len(word) else word

    return re.sub(r"\S+", fix, text)


def find_id_number(text: str, *, cmnd: bool = False) -> NumberMatch | None:
    """The first 12-digit ID number in ``text`` (9-digit CMND too when ``cmnd``).

    Digits may be grouped by spaces or dots ("019 190 001 234").
    """
    fixed = fix_digit_lookalikes(text)
    allowed = (12, 9) if cmnd else (12,)
    for match in _DIGIT_GROUPS.finditer(fixed):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) in allowed:
            return NumberMatch(digits, match.start(), match.end())
        first = match.group().split()[0].replace(".", "")
        if len(first) in allowed:
            return NumberMatch(first, match.start(), match.start() + len(match.group().split()[0]))
    return None


def birth_year_from_id(number: str) -> int | None:
    """The birth year a 12-digit ID number encodes (G's century + YY)."""
    if len(number) != 12 or not number.isdigit():
        return None
    century = 1900 + 100 * (int(number[3]) // 2)
    return century + int(number[4:6])


def check_id_number(number: str, dob_iso: str | None = None) -> tuple[FieldWarning, ...]:
    """Soft checks of a 12-digit ID number: province code, and birth year against ``dob_iso``."""
    if len(number) != 12:
        return ()
    issues = []
    if int(number[:3]) not in PROVINCE_CODES:
        issues.append(FieldWarning.ID_PROVINCE_UNKNOWN)
    if dob_iso and birth_year_from_id(number) != int(dob_iso[:4]):
        issues.append(FieldWarning.ID_BIRTH_YEAR_MISMATCH)
    return tuple(issues)


def national_phone(digits: str) -> str:
    """``84xxxxxxxxx`` → ``0xxxxxxxxx``; other digit strings unchanged."""
    return "0" + digits[2:] if digits.startswith("84") and len(digits) >= 11 else digits


def find_phone(text: str) -> tuple[NumberMatch, bool] | None:
    """The first phone number in ``text`` (national form, digits only), and whether it is
    a mobile number by DOMAIN.md's pattern. Mobile numbers are preferred."""
    fixed = fix_digit_lookalikes(text)
    for pattern, mobile in ((MOBILE_PATTERN, True), (PHONE_PATTERN, False)):
        match = pattern.search(fixed)
        if match:
            digits = national_phone(re.sub(r"\D", "", match.group()))
            return NumberMatch(digits, match.start(), match.end()), mobile
    return None


def name_problems(name: str) -> tuple[FieldWarning, ...]:
    """Why ``name`` does not look like a Vietnamese full name (2-7 words of letters)."""
    words = name.split()
    problems = []
    if not 2 <= len(words) <= 7:
        problems.append(FieldWarning.NAME_WORD_COUNT)
    if any(not word.replace("-", "").replace("'", "").isalpha() for word in words):
        problems.append(FieldWarning.NAME_NOT_LETTERS)
    return tuple(problems)

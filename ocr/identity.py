"""Personal ID numbers and phone numbers found in a field's text, digits only.

ID number (CCCD, số định danh cá nhân): 12 digits; the old CMND has 9 digits and only
counts next to a CMND label. Phones are stored in their national form, digits only:
``+84 912 345 678`` → ``0912345678``. Letters read for digits (O, l, S, B) are mended
first (:mod:`ocr.digits`); the values are checked in :mod:`ocr.validate`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from ocr.digits import fix_digit_lookalikes

log = logging.getLogger(__name__)

MOBILE_PATTERN = re.compile(r"(?<![\d+])(?:\+?84\s?|0)[35789]\d{2}[\s.,:;]?\d{3}[\s.,:;]?\d{3}(?!\d)")
"""DOMAIN.md's mobile number, kept from running into neighbouring digits (a group dot may
be read as a comma, a colon or a semicolon: "0337,039.039", "0700:090.044", "0817.616;743"
on hard dev 97)."""
PHONE_PATTERN = re.compile(r"(?<![\d+])(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
"""Any national phone number (landlines included), 9-11 digits in all."""

_DIGIT_GROUPS = re.compile(r"(?<!\d)\d{3,}(?:[ .]\d{3,})*(?!\d)")


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """Digits read from a text, and where they were (span in the text given)."""

    digits: str
    start: int
    end: int


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


def national_phone(digits: str) -> str:
    """``84xxxxxxxxx`` → ``0xxxxxxxxx``; other digit strings unchanged."""
    return "0" + digits[2:] if digits.startswith("84") and len(digits) >= 11 else digits


def find_phone(text: str) -> NumberMatch | None:
    """The first phone number in ``text`` (national form, digits only); a number that
    fits DOMAIN.md's mobile pattern is preferred to any other."""
    fixed = fix_digit_lookalikes(text)
    for pattern in (MOBILE_PATTERN, PHONE_PATTERN):
        match = pattern.search(fixed)
        if match:
            digits = national_phone(re.sub(r"\D", "", match.group()))
            return NumberMatch(digits, match.start(), match.end())
    return None

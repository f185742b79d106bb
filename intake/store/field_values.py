"""What an officer may store as a field's value: at most ``MAX_VALUE_LENGTH`` characters
(empty is allowed: a wrongly read value can be cleared), and for a date field a date
that exists, kept as ``YYYY-MM-DD`` however it was typed (``03/02/1985``, ``3-2-1985``,
``03.02.1985`` or ``1985-02-03``), or a bare year when only the year is known. An ID
card's expiry is such a date or "Không thời hạn" (typed with or without its marks)."""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata

from ocr.mrz import NO_EXPIRY
from ocr.text import fold_for_match

from intake.store.errors import InvalidValueError

log = logging.getLogger(__name__)

MAX_VALUE_LENGTH = 300
DATE_FIELDS = frozenset({"dob", "signed_date", "received_date", "appointment_date",
                         "issue_date"})
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
EXPIRY_FIELD = "expiry_date"  # an ID card's: a date, or NO_EXPIRY

_DAY_FIRST = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_YEAR = re.compile(r"\d{4}")


class ValueTooLongError(InvalidValueError):
    """A field value longer than ``MAX_VALUE_LENGTH`` characters."""

    code = "value_too_long"


class InvalidDateError(InvalidValueError):
    """A date field's value that is no date, or a date that does not exist."""

    code = "invalid_date"


def normalise_field_value(key: str, value: str) -> str:
    """``value`` as field ``key`` keeps it: NFC, trimmed, dates as ISO; refused with
    ``ValueTooLongError`` or ``InvalidDateError``."""
    value = unicodedata.normalize("NFC", value).strip()
    if len(value) > MAX_VALUE_LENGTH:
        raise ValueTooLongError(f"a field value has at most {MAX_VALUE_LENGTH} characters, "
                                f"not {len(value)}")
    if key in DATE_FIELDS and value:
        return _iso_date(value)
    if key == EXPIRY_FIELD and value:  # a date, or the card's "Không thời hạn" (accents and case forgiven)
        return NO_EXPIRY if fold_for_match(value) == fold_for_match(NO_EXPIRY) else _iso_date(value)
    return value


def _iso_date(text: str) -> str:
    if _YEAR.fullmatch(text):
        if not EARLIEST_YEAR <= int(text) <= LATEST_YEAR:
            raise InvalidDateError(f"the year {text} is outside {EARLIEST_YEAR}-{LATEST_YEAR}")
        return text
    day_first, iso = _DAY_FIRST.fullmatch(text), _ISO.fullmatch(text)
    if day_first:
        day, month, year = (int(part) for part in day_first.groups())
    elif iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        raise InvalidDateError(f"{text!r} is not a date (day/month/year)")
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise InvalidDateError(f"the year {year} is outside {EARLIEST_YEAR}-{LATEST_YEAR}")
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise InvalidDateError(f"{text!r} is no date that exists: {exc}") from exc

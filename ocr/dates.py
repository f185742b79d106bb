"""Dates as Vietnamese papers print them, read into ISO ``YYYY-MM-DD``.

Two forms: ``ngày 05 tháng 02 năm 2024`` (padding optional) and ``dd/mm/yyyy`` (also
``-`` or ``.``). The spelled form is matched accent-insensitively, so OCR that loses a
tone mark ("ngay", "thang") still reads. A date that does not exist (31/02) is found but
has no ISO value: the caller decides what to do with it. Letters read for digits
("1S/O3/199O") are mended first.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from ocr.digits import fix_digit_lookalikes
from ocr.text import fold_same_length

log = logging.getLogger(__name__)

SPELLED_DATE = re.compile(
    r"ngay[\s,.:]*(?:(?P<day>\d{1,2})[\s,.\-]*thang|(?P<oday>\d{2})[4+]hang)"
    r"\s*(?P<month>\d{1,2}|t[012])[\s,.\-]*nam\s*(?P<year>\d{4})(?!\d)")
"""'ngày D tháng M năm Y'; a speck read as a dot or dash after the day or month ("ngày
17-tháng 1", mild dev 84) or as a dot after "ngày" ("ngày. 20 tháng 9", mixed dev 95),
"tháng"'s "t" read as a 4 glued to a two-digit day ("ngày 194háng 03", mild dev 85), and
a month's 1 read as a T ("tháng T2", hard dev 57): the text is folded to lower case
first."""
NUMERIC_DATE = re.compile(
    r"(?<!\d)(?<!\d[.\-/,])(?P<day>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<month>\d{1,2})\s?(?P=sep)\s?"
    r"(?P<year>\d{4})(?![\d])"
    # tesseract sometimes reads the slashes of "27/11/1983" as commas: only unspaced
    r"|(?<!\d)(?<!\d[.\-/,])(?P<cday>\d{1,2}),(?P<cmonth>\d{1,2}),(?P<cyear>\d{4})(?![\d])")
"""D/M/Y with slashes, dots or dashes. Not inside another number ("1.05/07/2024"), but
after a word a speck glued a dot to ("ngày.05/07/2024", mild dev 90)."""
COMPACT_DATE = re.compile(
    r"(?<![\d.\-/,])(?P<day>[0-3]\d)[/.\-]?(?P<month>[01]\d)[/.\-]?(?P<year>(?:19|20)\d{2})(?!\d)")
"""DDMMYYYY with one or both separators lost ("1604.1993", "16041993": OCR drops faint
dots and slashes); only where a label says a date follows."""
MIXED_DATE = re.compile(
    r"(?<![\d.\-/,;:])(?P<day>[0-3]\d)[/.\-,;:](?P<month>[01]\d)[/.\-,;:](?P<year>(?:19|20)\d{2})(?!\d)")
"""Day, month and year, two digits each and unspaced, with separators misread differently
("14;09.1972", "14.09,1972": a dot under a speck, a slash broken); only where a label
says a date follows."""
SLASH_AS_ONES_DATE = re.compile(
    r"(?<![\d.\-/,;:])(?P<day>[0-3]\d)(?:[/.\-](?P<month>[01]\d)1{1,2}|1{1,2}(?P<omonth>[01]\d)[/.\-])"
    r"(?P<year>(?:19|20)\d{2})(?!\d)")
"""Day, month and year with one separator read as "1" or "11" ("19/02!12025", "19/02|2025":
a slash read as "!1" or "|", which the digit look-alikes make ones) and the other as
printed; only where a label says a date follows."""
ANY_YEAR_DATE = re.compile(
    r"(?<![\d.\-/,;:])(?P<day>[0-3]?\d)\s?[/.\-,;:]\s?(?P<month>[01]?\d)\s?[/.\-,;:]\s?(?P<year>\d{4})(?!\d)")
"""Day, month and a year of any four digits, separators read any way ("31;10-1590"): what
a date was printed as where its year was misread out of range."""
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in a text: where, as printed, and its ISO value (None if impossible)."""

    iso: str | None
    start: int
    end: int
    raw: str
    printed: str = ""  # YYYY-MM-DD of the numbers as printed, for a date that does not exist too


def find_date(text: str, *, spelled_only: bool = False, compact: bool = False) -> DateMatch | None:
    """The first date in ``text``: spelled or numeric (spelled only if asked), and with
    separators misread or lost (``MIXED_DATE``, ``COMPACT_DATE``) when ``compact``; ``None``
    if there is none."""
    folded = fold_same_length(fix_digit_lookalikes(text))
    patterns = (SPELLED_DATE,) if spelled_only else (SPELLED_DATE, NUMERIC_DATE)
    matches = [m for m in (pattern.search(folded) for pattern in patterns) if m]
    if not matches and compact:
        matches = [m for m in (MIXED_DATE.search(folded), COMPACT_DATE.search(folded)) if m]
    if not matches and compact:
        matches = [m for m in (SLASH_AS_ONES_DATE.search(folded),) if m]
    if not matches:
        return None
    match = min(matches, key=lambda m: m.start())
    parts = match.groupdict()
    day, month, year = (parts.get(k) or parts.get("c" + k) or parts.get("o" + k) for k in ("day", "month", "year"))
    month = month.replace("t", "1")
    iso = iso_date(int(day), int(month), int(year))
    return DateMatch(iso, match.start(), match.end(), text[match.start():match.end()],
                     f"{int(year):04d}-{int(month):02d}-{int(day):02d}")


def printed_numbers(text: str) -> tuple[int, int, int] | None:
    """(day, month, year) of the first numeric date in ``text`` whatever its year and
    separators ("31;10-1590" -> (31, 10, 1590)); ``None`` if there is none."""
    found = ANY_YEAR_DATE.search(fix_digit_lookalikes(text))
    return (int(found["day"]), int(found["month"]), int(found["year"])) if found else None


def card_date(iso: str) -> str:
    """An ISO ``YYYY-MM-DD`` date as cards and forms print it: ``DD/MM/YYYY``."""
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def iso_date(day: int, month: int, year: int) -> str | None:
    """``YYYY-MM-DD`` for a date that exists between 1900 and 2100, else ``None``."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The ISO value of the first date in ``text``; ``None`` if none, or if it is impossible."""
    match = find_date(text)
    return match.iso if match else None


def day_of(iso: str | None) -> dt.date | None:
    """The date an ISO ``YYYY-MM-DD`` value names; ``None`` for none, or for a value that
    is no date ("Không thời hạn", an impossible one)."""
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None

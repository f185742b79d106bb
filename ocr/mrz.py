"""The machine-readable zone on the back of the chip ID card (ICAO 9303 TD1: three lines of 30).

Line 1: ``ID`` + issuing state (``VNM``) + document number (9, the last nine digits of the
personal ID number) + its check digit + an optional field that on Vietnamese cards starts
with the 12-digit personal ID number. Line 2: date of birth (YYMMDD) + check digit, sex
(``M``/``F``/``<``), date of expiry (YYMMDD, ``<<<<<<`` for a card valid without limit) +
check digit, nationality, an optional field and the composite check digit over line 1's
number and optional field and line 2's dates. Line 3: the name, ``FAMILY<<GIVEN<NAMES``
without marks.

A value whose check digit verifies is strong evidence; OCR noise that the fonts invite
(``O`` for ``0`` in a number, ``K`` for ``<``) is put right by position before checking, and
lines whose filler OCR stretched or shortened are brought back to 30 characters.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from ocr.mrz_mend import (Reads, birth_date_reads, changes_a_single_read, expiry_reads, id_number_reads,
                          mend_digits)
from ocr.validate import PROVINCE_CODES

log = logging.getLogger(__name__)

WIDTH = 30
MAX_LEAD = 2  # stray characters OCR may put before the first zone line
MIN_LINE = 20  # characters of a first or second zone line OCR read at all
MAX_SPECKS = 2  # letters in the name line's filler that are specks, not names
DOCUMENT = "IDVNM"  # what a Vietnamese card's zone starts with: document code ID, state VNM
FILLER = "<"
NO_EXPIRY = "Không thời hạn"
"""How an ID card without an expiry date prints it (and how the field says so)."""
CARD_TERMS = (14, 25, 40, 60)  # ages a chip card runs out at (the 2024 cards add 14)
TERM_FROM = {14: 0, 25: 14, 40: 23, 60: 38}
"""The age from which a card running out at each term is issued (renewals come up to two
years early)."""
FIRST_CHIP_YEAR = 2016  # the citizen ID card (căn cước công dân) was first issued in 2016
WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
_WEIGHTS = (7, 3, 1)
_AS_DIGIT = str.maketrans({"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1", "T": "1",
                           "Z": "2", "S": "5", "B": "8", "G": "6", "A": "4"})
_AS_LETTER = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G", "4": "A"})
_AS_FILLER = str.maketrans({"«": "<", "‹": "<", "(": "<"})
_FILLER_LOOKALIKE = re.compile(r"(?<=<)[KCEX](?=<)|(?<=<)[KCEX]$")
"""A ``K`` (or ``C``, ``E``, ``X``) inside a run of filler is filler read wrong."""
_MRZ_CHARS = re.compile(r"[^A-Z0-9<]")


@dataclass(frozen=True, slots=True)
class MrzValue:
    """One value of the zone; ``verified`` when its check digit agrees."""

    value: str
    verified: bool


@dataclass(frozen=True, slots=True)
class CardMrz:
    """What a TD1 zone says, with which of it the check digits confirm."""

    lines: tuple[str, str, str]
    id_number: MrzValue | None  # the 12-digit personal ID number
    birth_date: MrzValue | None  # ISO
    expiry_date: MrzValue | None  # ISO, or NO_EXPIRY
    sex: str | None  # "Nam" / "Nữ" as the card prints it; no check digit covers it
    name: str  # as the zone spells it: "NGUYEN VAN AN"
    composite_ok: bool


def check_digit(field: str) -> str:
    """ICAO 9303 check digit: digits count as themselves, A-Z as 10-35, ``<`` as 0."""
    total = 0
    for index, char in enumerate(field):
        if char.isdigit():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - 55
        else:
            value = 0
        total += value * _WEIGHTS[index % 3]
    return str(total % 10)


def _digits(text: str) -> str:
    return text.translate(_AS_DIGIT)


def _letters(text: str) -> str:
    return text.translate(_AS_LETTER)


def mrz_line(text: str) -> str:
    """An OCR line as zone characters: capitals, no spaces, look-alikes of ``<`` made one."""
    line = _MRZ_CHARS.sub("", text.upper().translate(_AS_FILLER))
    previous = None
    while previous != line:
        previous, line = line, _FILLER_LOOKALIKE.sub(FILLER, line)
    return line


def fit_width(line: str, *, keep_last: bool) -> str:
    """``line`` at 30 characters: a run of filler OCR stretched or shortened is cut or
    padded at its end (before the last character when that is a check digit)."""
    if len(line) == WIDTH:
        return line
    body, tail = (line[:-1], line[-1]) if keep_last and line else (line, "")
    size = WIDTH - len(tail)
    stripped = body.rstrip(FILLER)
    body = body[:size] if len(stripped) >= size else stripped + FILLER * (size - len(stripped))
    return body + tail


def find_zone(lines: Iterable[str]) -> tuple[str, str, str] | None:
    """The three zone lines among OCR lines: ``ID...`` (or ``I<``), then the next long line,
    then the name line below it. The name line may come short (a short name whose filler
    OCR lost: "LE<<VAN<AN<<<<") or not at all (``""``): the numbers are in the first two."""
    cleaned = [line for line in (mrz_line(line) for line in lines) if line]
    for index, line in enumerate(cleaned):
        start = _zone_start(line) if len(line) >= MIN_LINE else None
        if start is None:
            continue
        below = cleaned[index + 1:]
        second = next((at for at, other in enumerate(below) if len(other) >= MIN_LINE), None)
        if second is None or not _second_line(below[second]):
            return None
        third = next((other for other in below[second + 1:] if FILLER in other), "")
        return line[start:], below[second], third
    return None


def _second_line(line: str) -> bool:
    """Whether an OCR line reads as the zone's second: a date of birth first, or the
    nationality near its place (not the name line, its filler read long)."""
    return _digits(line[:6]).isdigit() or DOCUMENT[2:] in line[12:20]


def _zone_start(line: str) -> int | None:
    """Where the first zone line starts in an OCR line: at ``IDVNM``, or two characters
    before a ``VNM`` near the line's start whose document code OCR misread ("TDVNM",
    "I1DVNM" read as the code plus a stray character)."""
    if "IDVNM" in line:
        return line.find("IDVNM")
    at = line.find("VNM", 0, 2 + MAX_LEAD + 3)
    if at < 2 or len(line) - (at - 2) < WIDTH - 3:
        return None
    return at - 2


def parse_td1(lines: tuple[str, str, str], *, today: dt.date | None = None) -> CardMrz | None:
    """The zone's values, or ``None`` when the lines are not a TD1 zone at all (no verified
    value). Values whose check digit fails are kept unverified; callers trust only
    verified ones."""
    today = today or dt.date.today()
    first = fit_width(mrz_line(lines[0]), keep_last=True)
    second = fit_width(_no_expiry_put_back(mrz_line(lines[1])), keep_last=True)
    third = _name_line(_letters(fit_width(mrz_line(lines[2]), keep_last=False)))
    optional = _digits(first[15:27])
    document = DOCUMENT if first[2:5] == DOCUMENT[2:] else first[:5]
    first = document + _digits(first[5:15]) + (optional if optional.isdigit() else first[15:27]) + first[27:]
    second = (_digits(second[:7]) + _letters(second[7]) + _digits_or_filler(second[8:15])
              + _letters(second[15:18]) + second[18:29] + _digits(second[29]))
    first = _mended_number(first, second)
    second = _mended_dates(second, first, today)
    second = _expiry_at_a_term(second, first, today)
    first = _mended_number(first, second)  # a date mended may let the composite confirm it
    number_ok = check_digit(first[5:14]) == first[14]
    id_number = _id_number(first, number_ok)
    born = _date(second[:6], second[6], past=True, today=today)
    expiry = _expiry(second[8:14], second[14])
    composite_ok = _composite_ok(first, second)
    # The composite raises nothing: it covers the same characters as the values' own
    # checks, so it agrees where they fail only by chance (one in ten): a line read shifted
    # ("3111111IIG1VNM" for "3111161VNM") gave a wrong expiry that way. Mends use it as
    # a second check only where the candidates are few (see ``_expiry_at_a_term``).
    if not any(v and v.verified for v in (id_number, born, expiry)):
        return None
    sex = {"M": "Nam", "F": "Nữ"}.get(second[7])
    return CardMrz((first, second, third), id_number, born, expiry, sex, _name(third), composite_ok)


def _mended_number(first: str, second: str) -> str:
    """Line 1 with the ID number and document number mended by their two reads and two
    check digits (:mod:`ocr.mrz_mend`) where as read they do not check; a digit read once
    (the province code) only changes where the zone's composite check then holds too."""
    document, check, optional, own_check = first[5:14], first[14], first[15:27], first[29]
    if not (document.isdigit() and optional.isdigit() and check.isdigit() and own_check.isdigit()
            and first[27:29] == FILLER * 2):
        return first
    if check_digit(document) == check and check_digit(optional) == own_check and optional.endswith(document):
        return first

    def passes(number: str) -> bool:
        return (int(number[:3]) in PROVINCE_CODES and check_digit(number[3:]) == check
                and check_digit(number) == own_check)

    reads = id_number_reads(optional, document)
    mended = mend_digits(reads, passes)
    if mended is None:
        return first
    line = first[:5] + mended[3:] + check + mended + first[27:]
    if changes_a_single_read(reads, mended) and not _composite_ok(line, second):
        return first
    log.debug("zone's ID number mended: %s / %s -> %s", optional, document, mended)
    return line


def _mended_dates(second: str, first: str, today: dt.date) -> str:
    """Line 2 with a date that fails its check digit mended by its other reads: the birth
    year in the ID number, the day and month the other date shares (:mod:`ocr.mrz_mend`).
    A digit read once only changes where the composite check then holds; an expiry only
    to one at an age a card runs out at."""
    born, expiry = second[:6], second[8:14]
    second = _mended_date(first, second, 0, birth_date_reads(born, expiry, first[15:27]),
                          lambda value: _date(value, second[6], past=True, today=today) is not None)
    born = second[:6]
    return _mended_date(first, second, 8, expiry_reads(expiry, born),
                        lambda value: _date(value, second[14], past=False, today=today) is not None
                        and _card_term(born, value))


def _mended_date(first: str, second: str, at: int, reads: Reads, passes: Callable[[str], bool]) -> str:
    """Line 2 with the date at ``at`` (YYMMDD and its check digit) mended where it fails its
    check: the closest value of ``reads`` that checks and ``passes``; a digit read once only
    changes where the composite then holds."""
    date, check = second[at:at + 6], second[at + 6]
    if not (date.isdigit() and check.isdigit()) or check_digit(date) == check:
        return second
    mended = mend_digits(reads, lambda value: check_digit(value) == check and passes(value))
    if mended is None:
        return second
    line = second[:at] + mended + second[at + 6:]
    if changes_a_single_read(reads, mended) and not _composite_ok(first, line):
        return second
    log.debug("zone's date mended: %s -> %s", date, mended)
    return line


def _expiry_at_a_term(second: str, first: str, today: dt.date) -> str:
    """Line 2 with an expiry that fails its check digit (and look-alike mending could not
    put right: "1811165" for "2811165", a 2 read as I) replaced by the one birthday at a
    card's term whose check digit is the one read, the read's day and month, where the
    birth date and line 1's numbers check and the zone's composite check then holds too
    (two terms that check leave the expiry as read).
    Only terms a card of this holder can have: issued by ``today`` (a card running out at
    25 is issued from 14, see ``TERM_FROM``) and running out from 2016, when chip cards
    began. Two-digit years wrap, so without that the 14- and 60-year terms' digits move
    together and a misread check digit passes both checks for the wrong one."""
    born, expiry, check = second[:6], second[8:14], second[14]
    if not (born.isdigit() and expiry.isdigit() and check.isdigit()) or check_digit(expiry) == check:
        return second
    birth = _date(born, second[6], past=True, today=today)
    if (birth is None or not birth.verified or check_digit(first[5:14]) != first[14]
            or check_digit(first[15:27]) != first[29]):
        return second
    year = int(birth.value[:4])
    terms = (f"{(year + term) % 100:02d}{born[2:]}" for term in CARD_TERMS
             if year + TERM_FROM[term] <= today.year and year + term >= FIRST_CHIP_YEAR)
    lines = [second[:8] + value + second[14:] for value in terms
             if check_digit(value) == check and value[2:] == expiry[2:]]  # the year alone misread
    if len(lines) != 1 or not _composite_ok(first, lines[0]):
        return second
    log.debug("zone's expiry mended to a card's term: %s -> %s", expiry, lines[0][8:14])
    return lines[0]


def _no_expiry_put_back(line: str) -> str:
    """Line 2 (as read) with a card-without-expiry's field ("<<<<<<" and check digit 0)
    back at its seven characters where OCR read the filler run longer or shorter, or a
    character more (``VNM`` then sits off its place, 15)."""
    at = line.find(DOCUMENT[2:], 12)
    if at in (-1, 15) or line[8:11] != FILLER * 3:
        return line
    return line[:8] + FILLER * 6 + _digits(line[at - 1]) + line[at:]


def _name_line(third: str) -> str:
    """Line 3 spelt as the name it gives: what follows the given names is filler where it
    holds specks only (a speck read in the filler's run, "THAO<<<<<<F<<", is no letter of
    the zone); more letters there (a separator read doubled) and the line stays as read."""
    family, separator, names, rest = _name_parts(third)
    if sum(ch.isalpha() for ch in rest) > MAX_SPECKS:
        return third
    return (family + separator + names)[:WIDTH].ljust(WIDTH, FILLER)


def _name_parts(third: str) -> tuple[str, str, str, str]:
    """Line 3 as the family name, the ``<<`` after it, the given names up to the next
    ``<<``, and what follows them."""
    family, separator, given = third.rstrip(FILLER).partition(FILLER * 2)
    names, _, rest = given.partition(FILLER * 2)
    return family, separator, names, rest


def _card_term(born: str, expiry: str) -> bool:
    """A chip card runs out on the birthday at 14, 25, 40 or 60 (two-digit years)."""
    if not born.isdigit():
        return True
    return (int(expiry[:2]) - int(born[:2])) % 100 in CARD_TERMS


def _composite_ok(first: str, second: str) -> bool:
    composite = first[5:30] + second[0:7] + second[8:15] + second[18:29]
    return check_digit(composite) == second[29]


def _digits_or_filler(text: str) -> str:
    return text if set(text[:6]) <= {FILLER} else _digits(text)


def _id_number(first: str, number_ok: bool) -> MrzValue | None:
    """The 12-digit number the optional field starts with, verified when it ends with the
    checked document number, or when the check digit after it agrees."""
    optional = first[15:27]
    if not optional.isdigit():
        return None
    tail_ok = number_ok and optional.endswith(first[5:14])
    own_ok = first[27:29] == FILLER * 2 and check_digit(optional) == first[29]
    return MrzValue(optional, tail_ok and own_ok)


def _date(yymmdd: str, check: str, *, past: bool, today: dt.date) -> MrzValue | None:
    if not yymmdd.isdigit():
        return None
    year = 2000 + int(yymmdd[:2])
    if past and year > today.year:
        year -= 100
    try:
        day = dt.date(year, int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        return None
    return MrzValue(day.isoformat(), check_digit(yymmdd) == check)


def _expiry(yymmdd: str, check: str) -> MrzValue | None:
    if yymmdd == FILLER * 6:
        return MrzValue(NO_EXPIRY, check in ("0", FILLER))
    return _date(yymmdd, check, past=False, today=dt.date.today())


def _name(third: str) -> str:
    """The zone's name: the family name before ``<<``, the given names up to the filler."""
    family, _, names, _ = _name_parts(third)
    words = [family.replace(FILLER, " ")] + names.split(FILLER)
    return " ".join(" ".join(words).split())

"""ID card values the form labels do not give: the expiry date (its bilingual label sits on
two lines above the value, which may be "Không thời hạn"), and the machine-readable zone's
check-digit-verified values used to confirm or correct what the OCR read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from typing import Mapping, Sequence

from ocr.dates import day_of, find_date
from ocr.digits import fix_digit_lookalikes
from ocr.id_card import confirmed
from ocr.address_units import Level, find_admin_parts
from ocr.labels import Anchor, PageLine, label_key, similarity, union_box
from ocr.places import check_address
from ocr.model import Field
from ocr.mrz import CARD_TERMS, NO_EXPIRY, CardMrz
from ocr.names import family_name_for
from ocr.text import fold_for_match, fuzzy_contains
from ocr.validate import FieldWarning, check_id_number

log = logging.getLogger(__name__)

EXPIRY_LABELS = ("co gia tri den", "date of expiry")
"""The expiry label's halves (folded); each prints on a line of its own."""
EXPIRY_LOOKAHEAD = 3  # lines after the label the value may be on
LABEL_RATIO = 0.75
NO_EXPIRY_HALF = "thoi han"  # "Không thời hạn" (folded) read in part: the card prints it nowhere else ...
NO_EXPIRY_WORDS = 3  # ... on a line of its own ("Thời hạn giải quyết: 15 ngày" is a receipt's)
ISSUE_AGE = 14  # no card is issued before this age
ORIGIN_ABOVE = {"que", "origin", "sex", "quoc", "nationality", "gioi"}
"""Words (folded) of what stands above the place of origin: its label's remnant ("Quê"),
or the sex and nationality line where the label is gone."""
NO_EXPIRY_EDITS = 0.25
MRZ_MISMATCH = FieldWarning.ID_CARD_MRZ_MISMATCH
ZONE_ONLY_CONFIDENCE = 0.97  # the checked zone's value, the print not read (agreeing, mismatching: as the QR's)
ZONE_KEYS = {"id_number": "id_number", "dob": "birth_date", "expiry_date": "expiry_date"}
ZONE_SEX_CONFIDENCE = 0.9  # the zone's sex letter, the print's not read: the ID number's digit agrees


def read_expiry(lines: Sequence[PageLine]) -> Field | None:
    """``expiry_date``: ISO, or "Không thời hạn"; ``None`` when no expiry label is read."""
    for index, line in enumerate(lines):
        if not _is_expiry_label(line):
            continue
        for below in lines[index + 1:index + 1 + EXPIRY_LOOKAHEAD]:
            if _is_expiry_label(below):
                continue
            found = expiry_on(below)
            if found is not None:
                return found
        return None
    return None


def expiry_on(line: PageLine) -> Field | None:
    """The expiry a line below or after its label gives: a date (its separators misread or
    lost too: the label says a date follows), or "Không thời hạn" read closely enough;
    ``None`` for neither."""
    found = find_date(line.text, compact=True)
    if found is not None and found.iso:
        return _field(found.iso, line.tokens_in(found.start, found.end), line.text)
    if fuzzy_contains(line.text, NO_EXPIRY, NO_EXPIRY_EDITS):
        return _field(NO_EXPIRY, line.tokens, line.text)
    return None


def _is_expiry_label(line: PageLine) -> bool:
    words = label_key(line.text).split()
    return any(similarity(label, " ".join(words[:len(label.split())]), LABEL_RATIO)
               for label in EXPIRY_LABELS)


def _field(value: str, tokens, raw: str) -> Field:
    confidence = min(t.confidence for t in tokens) if tokens else 0.0
    return Field(value, confidence, union_box(tokens) if tokens else None, raw)


def confirm_with_zone(fields: Mapping[str, Field], zone: CardMrz,
                      lines: Sequence[PageLine] = ()) -> dict[str, Field]:
    """The page's fields checked against the zone's verified values: confidence raised
    where they agree, the zone's value with ``id_card_mrz_mismatch`` where the print
    reads otherwise, the zone's value alone where the print gave none; and the zone's sex
    letter where the print gave none, when the checked ID number's sex digit agrees. A
    birth date the print gave no date for (an impossible year) but whose day and month it
    printed otherwise (``lines``) is a mismatch too: a check digit takes 23 for 30."""
    merged = dict(fields)
    sex = fields.get("sex")
    if (sex is None or not sex.value) and zone.sex and zone.sex == sex_of_number(zone):
        merged["sex"] = Field(zone.sex, ZONE_SEX_CONFIDENCE, None, zone.lines[1])
    for key, attribute in ZONE_KEYS.items():
        checked = getattr(zone, attribute)
        if checked is not None and checked.verified:
            read = fields.get(key)
            if key == "dob" and (read is None or not read.value):
                read = _birth_day_printed_otherwise(lines, checked.value) or read
            merged[key] = confirmed(read, checked.value, mismatch=MRZ_MISMATCH, alone=ZONE_ONLY_CONFIDENCE)
    return merged


BIRTH_LABEL_WORDS = "date of birth"
_DAY_MONTH = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*\d")


def _birth_day_printed_otherwise(lines: Sequence[PageLine], iso: str) -> Field | None:
    """What the print reads after the birth date's label ("Ngày sinh / Date of birth:
    30/12/3091"), year read or not, where its day and month are not those of ``iso``;
    ``None`` where they agree or no such line reads them."""
    for line in lines:
        at = line.text.lower().find("birth") if BIRTH_LABEL_WORDS in label_key(line.text) else -1
        found = _DAY_MONTH.search(line.text, at) if at >= 0 else None
        if found:
            printed = (int(found.group(1)), int(found.group(2)))
            return None if printed == (int(iso[8:10]), int(iso[5:7])) else Field(found.group(), 0.0, None, line.text)
    return None


def zone_name_tokens(lines: Sequence[PageLine], zone: CardMrz) -> tuple | None:
    """The print's name: a line whose words, marks taken off, spell the name the zone gives
    (``None`` when no line does, or the zone checks nothing). A whole line only: a name the
    zone cut short must not cut the print's."""
    target = zone.name.casefold()
    if not target or not _checks(zone):
        return None
    for line in lines:
        if fold_for_match(line.text) == target:
            return line.tokens
    return None


def with_zone_family_name(name: Field, zone: CardMrz) -> Field:
    """``name`` with the family name the zone gives put before it, where the print's read
    lost it ("THỊ DUNG" under a zone's "NGO<<THI<DUNG", hard dev 94): its words, marks
    taken off, are the zone's given names, the zone checks, and one family name the lists
    hold is spelt with the zone's letters (its marks from the list). Marked
    ``name_family_mended``; else ``name`` as it is."""
    family, _, given = zone.name.partition(" ")
    if not given or not name.value or fold_for_match(name.value) != given.casefold() or not _checks(zone):
        return name
    marked = family_name_for(family)
    if marked is None:
        return name
    marked = marked.upper() if name.value.isupper() else marked.capitalize()
    warnings = tuple(w for w in name.warnings if w != FieldWarning.NAME_FAMILY_UNKNOWN)
    return dataclasses.replace(name, value=f"{marked} {name.value}", confidence=name.confidence * FAMILY_FROM_ZONE,
                               warnings=warnings + (FieldWarning.NAME_FAMILY_MENDED,))


FAMILY_FROM_ZONE = 0.5  # the marks are the list's, not read


def _checks(zone: CardMrz) -> bool:
    return any(value is not None and value.verified for value in (zone.id_number, zone.birth_date, zone.expiry_date))


def sex_of_number(zone: CardMrz) -> str | None:
    """The sex the checked ID number's fourth digit gives (even: Nam, odd: Nữ)."""
    if zone.id_number is None or not zone.id_number.verified:
        return None
    return "Nữ" if int(zone.id_number.value[3]) % 2 else "Nam"


def origin_above_residence(lines: Sequence[PageLine], anchors: Sequence[Anchor]) -> PageLine | None:
    """A card's place of origin whose label was lost ("Quê" alone, or nothing read): the
    line just above the residence's label, when it is a chain of places the register
    knows, ward first, below the label's remnant or the sex line (the card prints the
    place of origin there).
    ``None`` where the residence's label was not read, the line is another label's or its
    value, or no such chain. The caller warns it (``label_inferred``)."""
    residence = next((a.line_index for a in anchors if a.label.key == "address"), None)
    if not residence:
        return None
    if any(residence - 1 in (a.line_index, a.line_index + a.next_line) for a in anchors):
        return None  # another label's line, or its value ("Nơi đăng ký khai sinh" / its place)
    if residence < 2 or not ORIGIN_ABOVE & set(fold_for_match(lines[residence - 2].text).split()):
        return None  # the line above it is neither the origin label's remnant nor the sex line
    line = lines[residence - 1]
    parts = find_admin_parts(line.text)
    if len(parts) < 2 or parts[0].level is not Level.WARD:
        return None
    return line if check_address(line.text, street=False).consistent else None


def birth_place_above_issue(lines: Sequence[PageLine], anchors: Sequence[Anchor],
                            address: Field | None) -> PageLine | None:
    """A 2024 card's birth place whose label was lost ("Nơn kỷ ý of"): the line just above
    the issue date's labelled line (below the residence's label, where there is one), where
    the card prints it, when that line starts with a ward's or commune's unit word read
    sure and is not in capitals. ``None`` where the issue date's label was not read, the
    line is another label's or its value, or it is the residence's wrapped end (its words
    are the ``address`` value's). The caller warns it (``label_inferred``)."""
    residence = next((a.line_index for a in anchors if a.label.key == "address"), -1)
    issues = sorted((a.line_index for a in anchors if a.label.key == "issue_date" and a.line_index > residence),
                    reverse=True)
    for issue in issues:  # the back's first; a garbled expiry or birth label may read as the issue's
        if not issue or any(issue - 1 in (a.line_index, a.line_index + a.next_line) for a in anchors):
            continue
        line = lines[issue - 1]
        parts = find_admin_parts(line.text)
        if (not parts or parts[0].level is not Level.WARD or line.text[:parts[0].unit_span[0]].strip(_SPECKS)
                or not parts[0].unit_sure or parts[0].a_letter_off or line.text.isupper()):
            continue  # a holder's name in capitals ("KHƯƠNG THỊ THU HƯƠNG") above a garbled birth label
        if address is not None and fold_for_match(line.text) in fold_for_match(address.raw or address.value):
            continue
        return line
    return None


_SPECKS = " .,:;'`|/-_~"


def number_without_label(lines: Sequence[PageLine]) -> Field | None:
    """A card's ID number whose label was lost or glued on ("só:no.07917B385200": a faded
    front's read, hard dev 57): the one number of 12 digits on the page, letters read for
    digits mended, the zone's lines aside; ``None`` where there is none or more than one.
    The caller warns it (``label_inferred``)."""
    found: dict[str, tuple[re.Match[str], PageLine]] = {}
    for line in lines:
        if _ZONE_LIKE.search(line.text):
            continue  # the zone's lines, which hold the number within longer runs
        for match in _CARD_NUMBER.finditer(fix_digit_lookalikes(line.text)):
            if not check_id_number(match.group()):  # a province's code, a birth year's digits
                found.setdefault(match.group(), (match, line))
    if len(found) != 1:
        return None
    match, line = next(iter(found.values()))
    return _field(match.group(), line.tokens_in(match.start(), match.end()), line.text)


_CARD_NUMBER = re.compile(r"(?<!\d)\d{12}(?!\d)")
_ZONE_LIKE = re.compile(r"<|VNM|\S{25}")  # a zone line: its fillers, its country, its length unspaced


def expiry_without_label(lines: Sequence[PageLine], dob: Field | None) -> Field | None:
    """A card's expiry whose label was lost: the date on the holder's birthday at an age a
    card runs out at (14, 25, 40, 60), or "Không thời hạn" where a short line holds "thời
    hạn". Found by where it stands: the caller warns it (``label_inferred``)."""
    born = day_of(dob.value) if dob is not None else None
    if born is not None:
        for line in lines:
            found = find_date(line.text)
            day = day_of(found.iso) if found is not None else None
            if day and (day.month, day.day) == (born.month, born.day) and day.year - born.year in CARD_TERMS:
                return _field(found.iso, line.tokens_in(found.start, found.end), line.text)
    for line in lines:
        if len(line.tokens) <= NO_EXPIRY_WORDS and NO_EXPIRY_HALF in fold_for_match(line.text):
            return _field(NO_EXPIRY, line.tokens, line.text)
    return None


def issue_without_label(lines: Sequence[PageLine], fields: Mapping[str, Field],
                        today: dt.date) -> Field | None:
    """A card's issue date whose label was lost: the one date on the page that no other
    field holds (birth, expiry, a receipt's), from the holder's 14th year to today. The
    caller warns it (``label_inferred``): a certified copy's stamp or a second card's dates
    may be it."""
    dob, expiry = fields.get("dob"), fields.get("expiry_date")
    born = day_of(dob.value) if dob is not None else None
    if born is None or expiry is None or not expiry.value:
        return None
    held = {read.value for read in fields.values()}  # other fields' dates (a receipt's, a stamp's) are theirs
    earliest = dt.date(born.year + ISSUE_AGE, born.month, min(born.day, 28) if born.month == 2 else born.day)
    others = []
    for line in lines:
        found = find_date(line.text)
        day = day_of(found.iso) if found is not None else None
        if day is not None and found.iso not in held and earliest <= day <= today:
            others.append((found, line))
    if len({found.iso for found, _ in others}) != 1:
        return None
    found, line = others[0]
    return _field(found.iso, line.tokens_in(found.start, found.end), line.text)

"""Checks across the pages of one dossier: the same person should read the same everywhere.

The receipt names the applicant; the forms and the ID card copy name them again. Two
independent reads of one name, address, ID number or date of birth that disagree mean
at least one is misread (or the paper is wrong), so the officer is told. Pages are
given in dossier order as their fields; the receipt is the page with a dossier code.

Where one person's name or address differs between pages only in its marks, case or
spacing, and the ID card's QR code confirms one spelling or more pages agree on one than
on any other, the pages that differ take that spelling (:func:`agreed_spellings`): a
lost tone mark is the OCR's, not the citizen's. So does a birth date one digit off the
one the QR code confirms, an ID number one digit off on a page of the card holder, and a
phone one digit off the one most pages hold. The field keeps its doubt (halved
confidence, ``spelling_from_dossier``, for a date or number ``digit_from_card``, or
``digit_from_dossier`` when another page's read was taken), so an officer still looks
at it.

Papers are signed before the dossier is handed in: a signing date after the receipt's
received date is marked (``signed_after_receipt``), and takes the one date a digit away
that is not (``digit_from_receipt``) where there is just one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import unicodedata
from typing import Mapping, Sequence

from rapidfuzz.distance import Levenshtein

from ocr.dates import day_of, find_date
from ocr.digits import one_digit_off
from ocr.model import Field
from ocr.names import is_common_family_name
from ocr.text import strip_accents
from ocr.validate import FieldWarning, birth_year_from_id

log = logging.getLogger(__name__)

CROSS_CHECK_PENALTY = 0.5
TRUSTED_CONFIDENCE = 0.99
"""A value this sure before calibration (an ID card's, confirmed by its QR code) is taken
as the right one."""
PERSON_KEYS: dict[str, FieldWarning] = {
    "name": FieldWarning.DOSSIER_NAME_MISMATCH,
    "address": FieldWarning.DOSSIER_ADDRESS_MISMATCH,
    "id_number": FieldWarning.DOSSIER_ID_NUMBER_MISMATCH,
    "dob": FieldWarning.DOSSIER_DOB_MISMATCH,
}
"""What one person has once, and the warning when their pages disagree on it."""
RECEIPT_MARGIN = 0.1
"""One page against the receipt: the receipt's spelling is taken where its raw confidence
is this much higher (:func:`_receipts_when_surer`)."""
SPELLING_ONLY = ("name", "address")
"""Keys compared only when the values differ in marks, case or spacing: two different
addresses (residence and current address) are no disagreement, "Đai Từ" and "Đại Từ" are."""

FAMILY_EDITS = 2
SHORT_FAMILY = 3
"""Letters (marks aside) a family name no list holds may be off the dossier's person's
(:func:`_family_names_misread`); none where either has ``SHORT_FAMILY`` letters or fewer."""

DIGIT_KEYS = ("dob", "id_number")
"""Keys a page takes the QR-confirmed value of only when it differs from it in one digit
("1985-05-06" for 1989-05-06): a digit misread, not another date (that stays the
officer's). An ID number takes it only where the page's own birth date makes the page
the card holder's (:func:`_id_digit_misread`): otherwise one digit may make another
person's number. Without a QR, a birth date takes another page's where the
page's own ID number sides with that one (:func:`_birth_date_its_number_says`)."""
BIRTH_DIGITS = (3, 4, 5)  # an ID number's G (century and sex) and YY
MAJORITY_DIGIT_KEYS = ("phone",)
"""Keys no QR confirms, where a page takes the value more of the person's pages hold than
any other (two at least) only when it is that value with one digit misread (mild dev
seed 58: a form's phone "0814284520" beside three pages' 0814284570, read at 0.995)."""

SIGNING_WINDOW = dt.timedelta(days=90)
"""A paper of a dossier is signed (or its copy certified) on or before the day the office
received the dossier: a signing date read after the receipt's date is marked, and takes
the one date a digit away within this span before the receipt's where there is one
("2033-01-12" in a dossier received on 2023-01-15: mild dev 60). A year's span would
always hold the read a year earlier (2023-06-30 -> 2022-06-30), which no misread digit
explains, and leave a month misread with two dates to choose from."""
DATED_KEYS = ("signed_date",)

PageWarning = tuple[int, str, str]
"""(index of the page in the sequence given, field key, warning code)."""


def cross_check_dossier(pages_fields: Sequence[Mapping[str, Field]]) -> list[PageWarning]:
    """Warnings for the fields that disagree across the pages of one dossier.

    Pages name the same person when their names are equal without marks and case; their
    name, address (when equal without marks), ID number and date of birth must then
    agree. In a disagreement, a value confirmed by an ID card's QR code is taken as right,
    else the receipt's (printed clean by the office): only the pages that differ from it
    are marked, the receipt too when no other page agrees with it. With neither, every
    page of the disagreement is marked. Name disagreements with a receipt, and a receipt
    whose applicant no other page names while other pages name someone, are marked
    ``applicant_mismatch``.
    """
    people = _people(pages_fields)
    named = [index for pages in people.values() for index in pages]
    receipts = {index for index in named if _has_value(pages_fields[index], "dossier_code")}
    found: list[PageWarning] = []
    for pages in people.values():
        receipt = next((index for index in pages if index in receipts), None)
        for key, warning in PERSON_KEYS.items():
            if key == "name" and receipt is not None:
                warning = FieldWarning.APPLICANT_MISMATCH
            found.extend(_disagreements(pages_fields, pages, key, str(warning), receipt))
    for receipt in receipts:
        if len(people[name_key(pages_fields[receipt]["name"].value)]) == 1 and len(named) > 1:
            found.append((receipt, "name", str(FieldWarning.APPLICANT_MISMATCH)))
    found.extend((index, key, str(FieldWarning.SIGNED_AFTER_RECEIPT))
                 for index, key in _signed_late(pages_fields, _received(pages_fields)))
    unique = list(dict.fromkeys(found))
    if unique:
        log.info("cross-page checks: %d warning(s)", len(unique))
    return unique


def _has_value(fields: Mapping[str, Field], key: str) -> bool:
    return key in fields and bool(fields[key].value)


def _people(pages_fields: Sequence[Mapping[str, Field]]) -> dict[str, list[int]]:
    """The pages that name someone, by person: names equal without marks, case or spacing."""
    people: dict[str, list[int]] = {}
    for index, fields in enumerate(pages_fields):
        if _has_value(fields, "name"):
            people.setdefault(name_key(fields["name"].value), []).append(index)
    return people


def _disagreeing(pages_fields: Sequence[Mapping[str, Field]], pages: list[int], key: str) -> list[list[int]]:
    """One person's pages that give ``key`` a value, in groups that are one value (for
    ``SPELLING_ONLY`` keys: equal without marks), where the group's values differ."""
    groups: dict[str, list[int]] = {}
    for index in pages:
        if _has_value(pages_fields[index], key):
            value = pages_fields[index][key].value
            groups.setdefault(name_key(value) if key in SPELLING_ONLY else "", []).append(index)
    return [group for group in groups.values()
            if len({normal_text(pages_fields[index][key].value) for index in group}) >= 2]


def _trusted(read: Field) -> bool:
    """A value confirmed by the ID card's QR code: its raw confidence is the QR's. The
    calibrated one is no sign of it: an OCR'd name can be calibrated to 0.99 (mild dev
    seed 52: a certified copy's "LÊ XUÂN MANH" respelt the receipt's and the form's
    right "MẠNH")."""
    return read.uncalibrated_confidence >= TRUSTED_CONFIDENCE and not read.warnings


def _disagreements(pages_fields: Sequence[Mapping[str, Field]], pages: list[int], key: str,
                   warning: str, receipt: int | None) -> list[PageWarning]:
    """The pages of one person whose ``key`` differs from the trusted value, else from the
    receipt's (marked too when no page agrees with it), else all pages of the disagreement."""
    found = []
    for group in _disagreeing(pages_fields, pages, key):
        values = {index: pages_fields[index][key].value for index in group}
        trusted = [index for index in group if _trusted(pages_fields[index][key])]
        right = trusted[0] if trusted else receipt if receipt in group else None
        if right is None:
            found.extend((index, key, warning) for index in group)
            continue
        differing = [index for index in group if not same_text(values[index], values[right])]
        if right == receipt and not trusted and len(differing) == len(group) - 1:
            differing.insert(0, receipt)  # no other page spells it as the receipt does
        found.extend((index, key, warning) for index in differing)
    return found


def _the_cards(pages_fields: Sequence[Mapping[str, Field]], key: str, value: str) -> bool:
    """Whether ``value`` is the QR-confirmed ``key`` of a page of the dossier."""
    return any(_confirms(fields, key, value) for fields in pages_fields)


def _confirms(fields: Mapping[str, Field], key: str, value: str) -> bool:
    """Whether a page's QR-confirmed ``key`` is ``value``."""
    return key in fields and fields[key].value == value and _trusted(fields[key])


def normal_text(value: str) -> str:
    """NFC, casefolded, single-spaced: the form two reads are compared in."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def same_text(one: str, other: str) -> bool:
    """Equal once NFC, case and spacing are set aside ("Lê Văn Tám" = "LÊ VĂN TÁM")."""
    return normal_text(one) == normal_text(other)


def name_key(value: str) -> str:
    """A value without marks, case or spacing: the key that tells one person's pages."""
    return " ".join(strip_accents(value).casefold().split())


Spelling = tuple[int, str, str]
"""(index of the page in the sequence given, field key, the spelling it takes)."""


def agreed_spellings(pages_fields: Sequence[Mapping[str, Field]]) -> list[Spelling]:
    """The spelling each page that differs from the dossier's takes, for one person's name
    and address (pages and values grouped as in :func:`cross_check_dossier`): the
    spelling the ID card's QR code confirmed, else the one more pages hold than any other
    (two at least), else, one page against the receipt, the receipt's where it was read
    surer. Each page keeps its own case ("NGUYỄN" on a form, "Nguyễn" on a card).
    A birth date or ID number one digit off takes the right one too (``DIGIT_KEYS``), and
    so does a phone one digit off the one most pages hold (``MAJORITY_DIGIT_KEYS``), and
    a name whose family name no list holds the dossier's one a letter or two off it."""
    found: list[Spelling] = []
    for pages in _people(pages_fields).values():
        for key in SPELLING_ONLY:
            for group in _disagreeing(pages_fields, pages, key):
                right = _agreed([pages_fields[index][key] for index in group]) or _receipts_when_surer(
                    pages_fields, group, key)
                if right is None:
                    continue
                found.extend((index, key, _in_case_of(right, pages_fields[index][key].value)) for index in group
                             if not same_text(pages_fields[index][key].value, right))
        for key in DIGIT_KEYS:
            for group in _disagreeing(pages_fields, pages, key):
                trusted = list(dict.fromkeys(pages_fields[index][key].value for index in group
                                             if _trusted(pages_fields[index][key])))
                if len(trusted) > 1:  # two sure values that differ: the officer's
                    continue
                for index in group:
                    read = pages_fields[index][key].value
                    right = trusted[0] if trusted else (
                        _birth_date_its_number_says(pages_fields, group, index) if key == "dob" else None)
                    if right is not None and one_digit_off(read, right) and (
                            key != "id_number" or _id_digit_misread(pages_fields, index, right)):
                        found.append((index, key, right))
        for key in MAJORITY_DIGIT_KEYS:
            for group in _disagreeing(pages_fields, pages, key):
                right = _most_held([pages_fields[index][key] for index in group])
                found.extend((index, key, right) for index in group
                             if right is not None and one_digit_off(pages_fields[index][key].value, right))
        found.extend(_impossible_birth_date(pages_fields, pages))
    received = _received(pages_fields)
    found += _family_names_misread(pages_fields) + _impossible_signing_dates(pages_fields)
    return found + (_signing_dates_misread(pages_fields, received) if received is not None else [])


def _family_names_misread(pages_fields: Sequence[Mapping[str, Field]]) -> list[Spelling]:
    """A name whose first word is no family name the lists hold (``name_family_unknown``)
    takes the name of the one person of the dossier whose given names are its own and
    whose family name, a common one, is at most ``FAMILY_EDITS`` letters off (marks
    aside; none where either has three letters or fewer: "LỲ" may be "LÊ", "LÝ" or "LÃ"), where
    the receipt names that person unwarned, the QR confirms it, or two pages agree
    ("ĐỨNG MINH NAM" on a faded form beside the receipt's "ĐINH MINH NAM": hard dev 57).
    A page whose own birth date or ID number differs from that person's is another's."""
    people = _people(pages_fields)
    found: list[Spelling] = []
    for index, fields in enumerate(pages_fields):
        read = fields.get("name")
        if read is None or FieldWarning.NAME_FAMILY_UNKNOWN not in read.warnings or not read.value.split():
            continue
        family, *given = name_key(read.value).split()
        spellings = set()
        for key, pages in people.items():
            other_family, *other_given = key.split()
            edits = FAMILY_EDITS if min(len(family), len(other_family)) > SHORT_FAMILY else 0
            if (index in pages or other_given != given or not given
                    or Levenshtein.distance(family, other_family) > edits
                    or _another_persons(fields, [pages_fields[page] for page in pages])):
                continue
            sure = [pages_fields[page]["name"] for page in pages if _trusted(pages_fields[page]["name"]) or (
                _has_value(pages_fields[page], "dossier_code") and not pages_fields[page]["name"].warnings)]
            named = sure[0].value if sure else _most_held([pages_fields[page]["name"] for page in pages])
            if named is not None and is_common_family_name(named.split()[0]):
                spellings.add(named)
        if len(spellings) == 1:
            found.append((index, "name", _in_case_of(spellings.pop(), read.value)))
    return found


def _another_persons(fields: Mapping[str, Field], persons: list[Mapping[str, Field]]) -> bool:
    """Whether a page's own birth date or ID number differs from one the person's pages give."""
    return any(_has_value(fields, key) and _has_value(page, key) and fields[key].value != page[key].value
               for key in ("dob", "id_number") for page in persons)


def _received(pages_fields: Sequence[Mapping[str, Field]]) -> dt.date | None:
    """The dossier's received date: its receipts' one, read without a warning; else None."""
    dates = {fields["received_date"].value for fields in pages_fields
             if _has_value(fields, "received_date") and not fields["received_date"].warnings}
    return day_of(dates.pop()) if len(dates) == 1 else None


def _signed_late(pages_fields: Sequence[Mapping[str, Field]], received: dt.date | None) -> list[tuple[int, str]]:
    """(page, key) of the dates a paper reads as signed after its dossier was ``received``."""
    if received is None:
        return []
    return [(index, key) for index, fields in enumerate(pages_fields) for key in DATED_KEYS
            if _has_value(fields, key) and (day := day_of(fields[key].value)) is not None and day > received]


def _signing_dates_misread(pages_fields: Sequence[Mapping[str, Field]], received: dt.date) -> list[Spelling]:
    """The one date a digit away from a signing date read after the dossier was
    ``received`` that is on or before that day, within ``SIGNING_WINDOW``; none where
    several are."""
    found = []
    for index, key in _signed_late(pages_fields, received):
        read = pages_fields[index][key].value
        options = {other for other in _digit_changes(read)
                   if (day := day_of(other)) is not None and received - SIGNING_WINDOW <= day <= received}
        if len(options) == 1:
            found.append((index, key, options.pop()))
    return found


def _impossible_signing_dates(pages_fields: Sequence[Mapping[str, Field]]) -> list[Spelling]:
    """The date a signing date read as no date at all ("ngày 31 tháng 11", clean dev 85:
    a 2 read as 3) takes: the one date a digit away from the read that another paper of
    the dossier was signed on; none where no other paper's date is, or several are."""
    signed = {(index, fields[key].value) for index, fields in enumerate(pages_fields) for key in DATED_KEYS
              if _has_value(fields, key)}
    found = []
    for index, fields in enumerate(pages_fields):
        for key in DATED_KEYS:
            printed = _printed_if_impossible(fields.get(key))
            if printed is None:
                continue
            others = {value for other, value in signed if other != index}
            options = {option for option in _digit_changes(printed) if option in others}
            if len(options) == 1:
                found.append((index, key, options.pop()))
    return found


def _impossible_birth_date(pages_fields: Sequence[Mapping[str, Field]], pages: list[int]) -> list[Spelling]:
    """The birth date a page of one person (``pages``) read as no date takes ("01.06.1053"
    on a hard form, dev 92: a 9 read as 0): the one the ID card's QR code confirmed on
    another page of that person, where the printed numbers are it with one digit misread."""
    trusted = {pages_fields[index]["dob"].value for index in pages
               if _has_value(pages_fields[index], "dob") and _trusted(pages_fields[index]["dob"])}
    if len(trusted) != 1:
        return []
    right = trusted.pop()
    found = []
    for index in pages:
        printed = _printed_if_impossible(pages_fields[index].get("dob"))
        if printed is not None and one_digit_off(printed, right):
            found.append((index, "dob", right))
    return found


def _printed_if_impossible(read: Field | None) -> str | None:
    """The numbers (YYYY-MM-DD) of a date field read as no date at all (``impossible_date``:
    "31 tháng 11", "01.06.1053"), as printed; ``None`` for any other field."""
    if read is None or read.value or FieldWarning.IMPOSSIBLE_DATE not in read.warnings:
        return None
    printed = find_date(read.raw, compact=True)
    return printed.printed if printed is not None and printed.iso is None else None


def _digit_changes(value: str) -> list[str]:
    """``value`` with one of its digits changed, every way."""
    return [value[:at] + digit + value[at + 1:] for at, old in enumerate(value) if old.isdigit()
            for digit in "0123456789" if digit != old]


def _birth_date_its_number_says(pages_fields: Sequence[Mapping[str, Field]], group: list[int],
                                index: int) -> str | None:
    """Where no QR confirms a birth date: the one other page's date that page ``index``'s
    own ID number takes the side of (its birth year is the number's, the page's read is
    not), one digit off that read; else ``None``."""
    number = pages_fields[index].get("id_number")
    year = birth_year_from_id(number.value) if number is not None else None
    read = pages_fields[index]["dob"].value
    if year is None or read[:4] == str(year):
        return None
    others = {pages_fields[other]["dob"].value for other in group if other != index}
    sided = [value for value in others if value[:4] == str(year) and one_digit_off(read, value)]
    return sided[0] if len(sided) == 1 else None


def _id_digit_misread(pages_fields: Sequence[Mapping[str, Field]], index: int, trusted: str) -> bool:
    """Whether page ``index``'s ID number, one digit off the QR-confirmed one, is that
    number misread, as its own birth date says: where the digit is one that encodes the
    birth year (G, YY), the date agrees with the QR's number there and not with the read;
    elsewhere (the province or the serial), the date is the birth date the QR confirmed
    on another page beside that number, or that date a digit off, so that name and birth
    date both make the page the card holder's. A page without its own birth date keeps its read: one digit may
    make another person's number."""
    fields = pages_fields[index]
    read = fields["id_number"].value
    at = next(position for position, (a, b) in enumerate(zip(read, trusted)) if a != b)
    dob = fields.get("dob")
    if dob is None or not dob.value[:4].isdigit():
        return False
    if at not in BIRTH_DIGITS:
        return any(other != index and _confirms(card, "id_number", trusted) and _holds_birth_date(card, dob.value)
                   for other, card in enumerate(pages_fields))
    year = int(dob.value[:4])
    return birth_year_from_id(trusted) == year != birth_year_from_id(read)


def _holds_birth_date(card: Mapping[str, Field], read: str) -> bool:
    """Whether a page's QR-confirmed birth date is ``read``, or ``read`` with one digit
    misread (that page's date, taking the card's, is mended too: a clean certified copy's
    "15;06.1965" and "051063147961" beside the card's 1963 and 031063147961, dev 87)."""
    confirmed = card.get("dob")
    return confirmed is not None and _trusted(confirmed) and (confirmed.value == read
                                                               or one_digit_off(read, confirmed.value))


def _agreed(values: list[Field]) -> str | None:
    """The spelling among ``values`` (one group that disagrees) the QR code confirmed, else
    the one more of them hold than any other (two at least); None without either."""
    trusted = list(dict.fromkeys(v.value for v in values if _trusted(v)))
    if trusted:
        return trusted[0] if len({normal_text(value) for value in trusted}) == 1 else None
    return _most_held(values)


def _most_held(values: list[Field]) -> str | None:
    """The value more of ``values`` hold than any other (two at least), else None."""
    held: dict[str, list[str]] = {}
    for value in values:
        held.setdefault(normal_text(value.value), []).append(value.value)
    ranked = sorted(held.values(), key=len, reverse=True)
    if len(ranked[0]) >= 2 and len(ranked[0]) > len(ranked[1]):
        return ranked[0][0]
    return None


def _receipts_when_surer(pages_fields: Sequence[Mapping[str, Field]], group: list[int], key: str) -> str | None:
    """One page against the receipt, neither confirmed by a QR code: the receipt's spelling
    where its read is surer than the page's by ``RECEIPT_MARGIN`` and has no warning of its
    own. The office prints the receipt clean; the other page is a citizen's paper or a copy
    (mild dev seed 56: a certified copy's "Lý Thường Kiêt" at 0.72 beside the receipt's
    "Kiệt" at 0.98). Else None."""
    receipts = [index for index in group if _has_value(pages_fields[index], "dossier_code")]
    if len(group) != 2 or len(receipts) != 1:
        return None
    receipt = pages_fields[receipts[0]][key]
    other = next(pages_fields[index][key] for index in group if index != receipts[0])
    if receipt.warnings or receipt.uncalibrated_confidence < other.uncalibrated_confidence + RECEIPT_MARGIN:
        return None
    return receipt.value


def _in_case_of(spelling: str, read: str) -> str:
    """``spelling`` word by word in the case ``read`` is written in (same words once the
    marks and case are set aside)."""
    words, cases = spelling.split(), read.split()
    if len(words) != len(cases):
        return spelling
    return " ".join(word.upper() if case.isupper() else word.lower() if case.islower()
                    else word[:1].upper() + word[1:].lower() for word, case in zip(words, cases))


def with_cross_checks(pages_fields: Sequence[Mapping[str, Field]], warnings: Sequence[PageWarning],
                      spellings: Sequence[Spelling] = ()) -> list[dict[str, Field]]:
    """The pages' fields with each warning added (once) and its field's confidence lowered,
    but for a page whose value the others were given; a field given a spelling takes it,
    with ``spelling_from_dossier`` (a birth date or ID number: ``digit_from_card``, or
    ``digit_from_dossier`` when another page's read was taken, as for a phone) instead of
    the disagreement's warning (the value as read stays in ``raw``)."""
    checked = [dict(fields) for fields in pages_fields]
    respelt = {(index, key): spelling for index, key, spelling in spellings}
    settled = {(key, normal_text(spelling)) for _, key, spelling in spellings}
    for index, key, warning in warnings:
        read = checked[index].get(key)
        if (read is None or warning in read.warnings or (index, key) in respelt
                or (key, normal_text(read.value)) in settled):  # its value was the one taken: no disagreement left
            continue
        checked[index][key] = dataclasses.replace(
            read, warnings=read.warnings + (warning,), confidence=read.confidence * CROSS_CHECK_PENALTY)
    for (index, key), spelling in respelt.items():
        read = checked[index][key]
        if key in DATED_KEYS and not read.value:  # read as no date: another paper's taken
            taken = FieldWarning.DIGIT_FROM_DOSSIER
        elif key in DATED_KEYS:
            taken = FieldWarning.DIGIT_FROM_RECEIPT
        elif key not in DIGIT_KEYS + MAJORITY_DIGIT_KEYS:
            taken = FieldWarning.SPELLING_FROM_DOSSIER
        elif key in DIGIT_KEYS and _the_cards(pages_fields, key, spelling):
            taken = FieldWarning.DIGIT_FROM_CARD
        else:
            taken = FieldWarning.DIGIT_FROM_DOSSIER
        checked[index][key] = dataclasses.replace(
            read, value=spelling, raw=read.raw or read.value, warnings=read.warnings + (str(taken),),
            confidence=read.confidence * CROSS_CHECK_PENALTY)
    return checked

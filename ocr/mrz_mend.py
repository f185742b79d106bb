"""Mending the zone's digits where OCR misread one look-alike for another and the check
digits say so.

The zone prints most digits twice: the document number is the personal ID number's last
nine digits, and the date of birth's day and month are the expiry's (a chip card runs out
on a birthday), its year the ID number's fifth and sixth digits. Where two reads of a
digit disagree, or one read fails its check digit, the value with the fewest look-alike
changes (0/6/8/9, 3/8, 5/6, 1/7) that passes the checks is taken, but only when no other
value as close passes them too. One change beyond the reads' disagreements is allowed: a
digit both reads agree on is never changed (two checks passing by chance are one in a
hundred, not nothing). A digit read once (the province code; a birth day on a card
without expiry; the expiry's year) is guarded by one check digit, itself perhaps
misread: the caller asks more of a value that changes one (the zone's composite check,
:func:`changes_a_single_read`; the card's term for an expiry).
"""

from __future__ import annotations

from typing import Callable, Iterator, Sequence

LOOK_ALIKES = {"0": "689", "6": "0859", "8": "0639", "9": "068", "3": "8", "5": "6", "1": "7", "7": "1"}
"""Digits tesseract reads for one another in the zone's fonts (a slashed zero read as 6,
8 or 9; 3 and 8; 5 and 6; 1 and 7)."""
EXTRA_CHANGES = 1  # look-alike changes allowed beyond the reads' disagreements

Reads = Sequence[Sequence[str]]
"""Per position, what each read of that digit says."""


def mend_digits(reads: Reads, passes: Callable[[str], bool]) -> str | None:
    """The one value closest to ``reads`` (fewest look-alike changes) that ``passes``;
    ``None`` when there is none within the allowance or two are as close."""
    disagreements = sum(len(set(chars)) > 1 for chars in reads)
    budget = disagreements + EXTRA_CHANGES
    options = [_options(chars) for chars in reads]
    if any(not choice for choice in options):
        return None
    for cost in range(budget + 1):  # the closest values first
        passing = [value for value in _values(options, cost) if passes(value)]
        if passing:
            return passing[0] if len(passing) == 1 else None
    return None


def _values(options: list[list[tuple[str, int]]], cost: int) -> Iterator[str]:
    """Every value the options make at exactly ``cost`` changes."""
    if not options:
        if cost == 0:
            yield ""
        return
    for digit, own in options[0]:
        if own <= cost:
            for rest in _values(options[1:], cost - own):
                yield digit + rest


def _options(chars: Sequence[str]) -> list[tuple[str, int]]:
    """Digits a position may hold, with their cost: one per read that said another digit
    (a look-alike of it); digits some read could not have been misread from are left out."""
    out = []
    for digit in "0123456789":
        cost = 0
        for char in chars:
            if char == digit:
                continue
            if digit not in LOOK_ALIKES.get(char, ""):
                break
            cost += 1
        else:
            out.append((digit, cost))
    return out


def id_number_reads(optional: str, document: str) -> Reads:
    """The 12-digit number's reads: the optional field's, and the document number's for
    its last nine digits."""
    return [[optional[i]] + ([document[i - 3]] if i >= 3 else []) for i in range(12)]


def birth_date_reads(born: str, expiry: str, id_number: str | None) -> Reads:
    """The date of birth's reads (YYMMDD): its own, the ID number's birth year, the
    expiry's day and month."""
    reads = [[char] for char in born]
    if id_number and len(id_number) == 12 and id_number.isdigit():
        reads[0].append(id_number[4])
        reads[1].append(id_number[5])
    if expiry.isdigit():
        for i in range(2, 6):
            reads[i].append(expiry[i])
    return reads


def expiry_reads(expiry: str, born: str) -> Reads:
    """The expiry's reads (YYMMDD): its own, and the date of birth's day and month."""
    reads = [[char] for char in expiry]
    if born.isdigit():
        for i in range(2, 6):
            reads[i].append(born[i])
    return reads


def changes_a_single_read(reads: Reads, value: str) -> bool:
    """Whether ``value`` differs from ``reads`` where a digit was read only once."""
    return any(len(chars) == 1 and digit != chars[0] for chars, digit in zip(reads, value))

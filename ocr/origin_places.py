"""A card's place of origin read far off, as the one register place it is nearest.

The chip card prints the place of origin (quê quán) as the register names it: "xã Bát
Tràng, huyện Gia Lâm, thành phố Hà Nội", units and names only, no street. On a hard copy
OCR garbles it past what :func:`ocr.places.check_address` mends name by name ("phường Mô
Lợø, quận Hà Đông, thay! phố Hà Ni ót"), yet as a whole line it is still nearer one
register place than any other. The places are a closed set (every ward of the old
province > district > ward register and of the new province > ward one, about 14,700
lines): as capture products do with a field bound to a list, the line is that place where
it is near enough (``MAX_DISTANCE``) and clearly nearer than any other (``MARGIN``).
Marks are left out of the distance (OCR loses them most); names that differ in marks only
are told apart by them, and are left as read where even that ties.
"""

from __future__ import annotations

import functools

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ocr.address_units import folded, strip_unit, unit_word
from ocr.places import load_register
from ocr.syllables import canonical
from ocr.text import strip_accents

MAX_DISTANCE = 0.3
"""Edits per letter of the place, marks aside, at most between the read line and it."""
MARGIN = 2
"""Edits the next place must be further off than the nearest (two names of a district
differ by a few letters: "Đông Thọ", "Đông Tân")."""
MIN_LETTERS = 12  # a shorter read is too little to choose among 14,700 places


def nearest_place(read: str) -> str | None:
    """The register place (its units' words as the register spells them, the read's
    spelling kept where it differs in tone placement only) that ``read`` is nearest, or
    None where none is near enough or two are about as near."""
    key = _bare(read)
    if sum(ch.isalpha() for ch in key) < MIN_LETTERS:
        return None
    bare, written = _places()
    near = process.extract(key, bare, scorer=Levenshtein.distance, limit=4,
                           score_cutoff=round(MAX_DISTANCE * len(key)) + MARGIN)
    if not near or near[0][1] > MAX_DISTANCE * max(len(key), len(near[0][0])):
        return None
    best = near[0][1]
    close = [index for _, distance, index in near if distance < best + MARGIN]
    if len({bare[index] for index in close}) > 1:
        return None  # another place about as near
    marked = folded(read)
    ranked = sorted((Levenshtein.normalized_distance(marked, folded(written[index])), index) for index in close)
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return None  # names with the same letters, the marks as far from both
    return _in_reads_spelling(written[ranked[0][1]], read)


def garbled(read: str) -> bool:
    """Whether ``read`` holds a word that no register place has ("Lợø", "Nưnh", "nh"): OCR
    garbled it. A place named before the registers' time ("tỉnh Hà Tây") is spelt in the
    registers' words, and is no garble to mend."""
    words = (word.strip(_PUNCTUATION) for word in read.split())
    return any(word and (canonical(word) or word.lower()) not in _vocabulary() for word in words)


_PUNCTUATION = ".,;:!?()[]/-'\"“”‘’`"


@functools.cache
def _vocabulary() -> frozenset[str]:
    return frozenset(canonical(word) or word.lower()
                     for place in _places()[1] for word in (w.strip(_PUNCTUATION) for w in place.split()) if word)


def _bare(text: str) -> str:
    return " ".join(strip_accents(text).lower().replace(".", " ").split())


@functools.cache
def _places() -> tuple[list[str], list[str]]:
    """Every register place as a card writes it, and its letters without marks."""
    register = load_register()
    written = []
    for province, districts in register.document["old"].items():
        for district, wards in districts.items():
            written += [", ".join(_unit(name) for name in (ward, district, province)) for ward in wards]
    for province, wards in register.document["new"].items():
        written += [f"{_unit(ward)}, {_unit(province)}" for ward in wards]
    written = sorted(set(written))
    return [_bare(line) for line in written], written


def _unit(register_name: str) -> str:
    unit = unit_word(register_name)
    return f"{unit} {strip_unit(register_name)}" if unit else register_name


def _in_reads_spelling(place: str, read: str) -> str:
    """``place`` with each word the read spells with the other tone placement ("Hoà" for
    the register's "Hòa") as read: both are right, and the card printed the read's."""
    reads = {}
    for word in read.replace(",", " ").split():
        reads.setdefault(canonical(word) or word.lower(), word)
    out = []
    for word in place.split(" "):
        core = word.rstrip(",")
        same = reads.get(canonical(core) or core.lower())
        placed_otherwise = (bool(same) and same.lower() != core.lower() and same.isupper() == core.isupper()
                            and same[:1].isupper() == core[:1].isupper())
        out.append((same if placed_otherwise else core) + word[len(core):])
    return " ".join(out)

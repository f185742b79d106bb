"""Addresses checked against, and mended to, the register of administrative units.

An address ends in administrative units from a closed register (GSO): a ward (xã,
phường, thị trấn, đặc khu), before July 2025 a district (quận, huyện, thị xã, thành phố)
and a province (tỉnh, thành phố). A mark misread in a unit's name mostly leaves valid
syllables ("Hà Nôi", "Trường Thị", "Đai Từ") that no syllable check can catch; but when
the name is in no register at its level while exactly one name there has the same
letters, and that one fits the address's other units (ward within district within
province, old register or new), that one is what the paper says. The mend is reported
(a warning), never silent. Streets, hamlets and house numbers are left as read, and so is
either placement of a tone mark ("Hoà", "Hòa"): both are right. Mends of the words around
the names (unit words, the comma before them, capitals) need no register: see
:mod:`ocr.address_units`; they are reported the same way.

What a register cannot mend it flags: an address cut off ("..., phường Hưng Dũng,
thành"), whose units stop short of a province-level one (a tỉnh, or a thành phố the
register lists as a province: Hà Nội, Huế...), or with a part between its units that is
none ("thành nhố Thanh Hóa") is not what the paper says, or not all of it.

The register ships as ``ocr/data/place_names.json`` (built by
``scripts/build_place_names.py``).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ocr.address_units import (STREET_WORDS, UNIT_WORDS, AdminPart, Edit, Level, edited, ends_in_bare_unit,
                               find_admin_parts, folded, in_normal_case, respelled, respelled_unit, separator_edits,
                               strip_unit, unit_word)
from ocr.syllables import skeleton
from ocr.text import strip_accents
from ocr.validate import FieldWarning

log = logging.getLogger(__name__)
REGISTER_FILE = "data/place_names.json"
MAX_CHAINS = 20_000  # candidate combinations tried per address, at most
MAX_SCRAP_WORDS = 3  # words before a place of origin's first unit that are scraps, at most


@dataclass(frozen=True, slots=True)
class CheckedAddress:
    value: str  # the address, with unit names mended to the register where sure
    consistent: bool  # two or more units, forming one chain in the old or the new register
    warnings: tuple[FieldWarning, ...]


class PlaceRegister:
    """The old (province > district > ward) and new (province > ward) registers, by name."""

    def __init__(self, document: dict) -> None:
        self.document = document  # the register as shipped: {"old": {province: {district: [ward]}}, "new": ...}
        self.spelling: dict[Level, dict[str, str]] = {level: {} for level in Level}
        self.new_pairs: set[tuple[str, str]] = set()
        self.ward_units: dict[tuple[str, str, str], set[str]] = {}  # (province, district, ward): "xã"...
        for province, districts in document["old"].items():
            p = self._add(Level.PROVINCE, province)
            for district, wards in districts.items():
                d = self._add(Level.DISTRICT, district)
                for ward in wards:
                    w = self._add(Level.WARD, ward)
                    self.ward_units.setdefault((p, d, w), set()).add(unit_word(ward))
        self.province_units: dict[str, str] = {}  # "tỉnh" or "thành phố", by folded name
        for province in [*document["old"], *document["new"]]:
            unit = unit_word(province)
            if unit:
                self.province_units.setdefault(folded(strip_unit(province)), unit)
        self.old_triples: set[tuple[str, str, str]] = set(self.ward_units)
        for province, wards in document["new"].items():
            p = self._add(Level.PROVINCE, province)
            self.new_pairs.update((p, self._add(Level.WARD, ward)) for ward in wards)
        self.old_pd = {(p, d) for p, d, _ in self.old_triples}
        self.old_dw = {(d, w) for _, d, w in self.old_triples}
        self.old_pw = {(p, w) for p, _, w in self.old_triples}
        self.by_skeleton: dict[Level, dict[str, set[str]]] = {level: {} for level in Level}
        for level, names in self.spelling.items():
            for key, name in names.items():
                self.by_skeleton[level].setdefault(skeleton(name), set()).add(key)
        self._unspaced: dict[Level, dict[str, set[str]]] = {}
        self._sorted: dict[Level, list[str]] = {}
        self.city_letters = {skeleton(strip_unit(province)) for province in [*document["old"], *document["new"]]
                             if folded(province).startswith(folded("thành phố"))}

    def _add(self, level: Level, register_name: str) -> str:
        name = strip_unit(register_name)
        key = folded(name)
        self.spelling[level].setdefault(key, name)
        return key

    def unspaced(self, level: Level) -> dict[str, set[str]]:
        """The letters of every name at ``level`` without its spaces -> the names' keys (for
        near matches: OCR splits and joins words, "Tha vh Hóa")."""
        if level not in self._unspaced:
            index: dict[str, set[str]] = {}
            for letters, keys in self.by_skeleton[level].items():
                index.setdefault(letters.replace(" ", ""), set()).update(keys)
            self._unspaced[level] = index
        return self._unspaced[level]

    def starts_place(self, text: str, levels: tuple[Level, ...]) -> bool:
        """Whether ``text`` has the first letters of a longer register name at one of
        ``levels``: a name cut short ("Thanh Ho" of Thanh Hóa, "Lạng Sơ" of Lạng Sơn)."""
        letters = skeleton(folded(text))
        for level in levels:
            if level not in self._sorted:
                self._sorted[level] = sorted(self.by_skeleton[level])
            names = self._sorted[level]
            at = bisect.bisect_right(names, letters)
            if at < len(names) and names[at].startswith(letters):
                return True
        return False

    def is_city(self, name: str) -> bool:
        """Whether ``name`` has the letters of a city the register lists as a province
        (thành phố trực thuộc trung ương: Hà Nội, Hồ Chí Minh, Huế...)."""
        return skeleton(folded(name)) in self.city_letters

    def names_place(self, text: str, levels: tuple[Level, ...] = (Level.WARD, Level.DISTRICT,
                                                                  Level.PROVINCE)) -> bool:
        """Whether ``text`` has the letters of a register name at one of ``levels``: a unit
        written without its unit word ("Hưng Nguyên, Nghệ An")."""
        letters = skeleton(folded(text))
        return any(letters in self.by_skeleton[level] for level in levels)

    def names_with_letters(self, level: Level, letters: str) -> set[str]:
        """The register's names at ``level`` spelt with ``letters`` ("truong thi")."""
        return {self.spelling[level][key] for key in self.by_skeleton[level].get(letters, ())}

    def ward_of(self, district: str, text: str, province: str | None = None) -> str | None:
        """The ward ``text`` names without its unit word, with the unit word the old
        register gives it in ``district`` (a folded key) of ``province`` (any, when None;
        district names repeat across provinces): "xã Đa Tốn" for "Da Ton" in Gia Lâm.
        None unless exactly one ward has those letters there, under one kind of unit."""
        keys = set(self.by_skeleton[Level.WARD].get(skeleton(folded(text)), ()))
        found = [(w, units) for (p, d, w), units in self.ward_units.items()
                 if d == district and w in keys and province in (None, p)]
        if len(found) != 1 or len(found[0][1]) != 1:
            return None
        ward, (unit,) = found[0]
        return f"{unit} {self.spelling[Level.WARD][ward]}" if unit else None

    def fits(self, chain: dict[Level, str]) -> bool:
        """Whether the named units (folded keys by level) form one chain in a register."""
        p, d, w = (chain.get(level) for level in (Level.PROVINCE, Level.DISTRICT, Level.WARD))
        if p and d and w:
            return (p, d, w) in self.old_triples
        if d:
            return ((p, d) in self.old_pd if p else (d, w) in self.old_dw if w
                    else d in self.spelling[Level.DISTRICT])
        if p and w:
            return (p, w) in self.old_pw or (p, w) in self.new_pairs
        return any(key in self.spelling[level] for level, key in chain.items())


@functools.cache
def load_register() -> PlaceRegister:
    """The shipped register (read once)."""
    text = resources.files("ocr").joinpath(REGISTER_FILE).read_text(encoding="utf-8")
    return PlaceRegister(json.loads(text))


def register_units(address: str, parts: list[AdminPart], register: PlaceRegister) -> list[AdminPart]:
    """The units among ``parts`` a register lists (not hamlets), each "thành phố" that ends
    its address (or its bracket) and is a city the register lists as a province ("thành
    phố Hà Nội") made a province; the others stay districts ("thành phố Vinh": the
    province after it may have been cut off)."""
    units = [part for part in parts if part.level is not Level.HAMLET]
    lasts = [group[-1] for group in _bracket_groups(address, units)]
    return [dataclasses.replace(part, level=Level.PROVINCE)
            if part.unit == "thành phố" and part in lasts and register.is_city(part.name) else part
            for part in units]


def candidates(part: AdminPart, register: PlaceRegister) -> list[tuple[str, int]]:
    """(folded register name, cost) the part's name may stand for: itself (cost 0) when in
    the register at its level, and the names with its letters (1): "phường Yên Hoa" is a
    ward somewhere, but under "quận Cầu Giấy" the chain is "phường Yên Hoà". Names one base letter
    away were tried too: on the benchmark corpora they mended no address more and called
    two more wrong ones consistent, so they are left out."""
    key = folded(part.name)
    same = register.by_skeleton[part.level].get(skeleton(key), set())
    if key in register.spelling[part.level]:  # the names with its letters still, where it fits no chain
        return [(key, 0)] + [(other, 1) for other in sorted(same - {key})]
    return [(other, 1) for other in sorted(same)]


LETTER_OFF_COST = 2
"""A name the register does not have at its level stands for a name one base letter away
("phường Yất Kiêu" for Yết Kiêu) only through a chain: the units around it must fit it,
and no other chain as cheap."""


def _letter_off(part: AdminPart, register: PlaceRegister) -> list[tuple[str, int]]:
    """(folded register name, ``LETTER_OFF_COST``) for the names at the part's level whose
    letters are one edit from the part's, spaces aside (a word split in two, "Tha vh Hóa"
    for Thanh Hóa); used only where its own letters name nothing."""
    letters = skeleton(folded(part.name)).replace(" ", "")
    if len(letters) < MIN_LETTER_OFF_LETTERS:
        return []
    index = register.unspaced(part.level)
    near = process.extract(letters, list(index), scorer=Levenshtein.distance, score_cutoff=1, limit=None)
    return [(key, LETTER_OFF_COST) for other, _, _ in near for key in sorted(index[other])]


MIN_LETTER_OFF_LETTERS = 5  # a short name one letter off names too many places


def resolve(parts: list[AdminPart], options: list[list[tuple[str, int]]],
            register: PlaceRegister) -> tuple[list[str | None], bool]:
    """The register name each part stands for (``None``: left as read) and whether they
    form one chain. The cheapest chains that fit the register decide; a part on which
    they disagree is left as read. With no chain, a part is mended only to the one name
    in the whole register at its level with its letters."""
    if len(parts) < 2:  # a name a letter off stands for a register name only within a chain
        options = [[(key, cost) for key, cost in option if cost < LETTER_OFF_COST] for option in options]
    levels = [part.level for part in parts]
    best: list[tuple[str, ...]] = []
    best_cost = None
    if len(set(levels)) == len(levels) and all(options):
        sizes = 1
        for option in options:
            sizes *= len(option)
        if sizes <= MAX_CHAINS:
            for combo in itertools.product(*options):
                cost = sum(c for _, c in combo)
                if best_cost is not None and cost > best_cost:
                    continue
                if register.fits(dict(zip(levels, (key for key, _ in combo)))):
                    if best_cost is None or cost < best_cost:
                        best, best_cost = [], cost
                    best.append(tuple(key for key, _ in combo))
    if best:
        chosen = [keys.pop() if len(keys := {chain[i] for chain in best}) == 1 else None
                  for i in range(len(parts))]
        return chosen, len(parts) >= 2 and None not in chosen
    chosen = []
    for option in options:
        unique = [key for key, cost in option if cost <= 1]
        chosen.append(unique[0] if len(unique) == 1 else None)
    return chosen, False


def check_address(address: str, register: PlaceRegister | None = None, *, street: bool = True) -> CheckedAddress:
    """``address`` with its units' names mended to the register where sure (see the module
    docstring), whether its units form one chain, and the warnings: ``address_mended``
    when the text changed, ``address_place_unknown`` when a unit surely named is in no
    register at its level, and those of :func:`completeness_warnings`. A bracket holds an
    address of its own ("(nay là phường Phan Đình Phùng, tỉnh Thái Nguyên)"): each is
    checked by itself. Quote marks are no part of an address: a speck read as one ("quận'
    Cầu Giấy") goes. Without ``street`` (a place of origin: units only), a few words before
    the first unit are scraps too ("sẽ phường Tân An": what the card's photo left at the
    line's start)."""
    register = register or load_register()
    read = unicodedata.normalize("NFC", address)
    address = _with_numbers_as_digits(_without_stray_marks(read))
    parts = find_admin_parts(address)
    for step in (_without_lone_letters, _without_trailing_scraps, _with_inner_units_parted):
        address, parts = step(address, parts, register)
    units = register_units(address, parts, register)
    options = [candidates(part, register) for part in units]
    unconfirmed = _unconfirmed_letter_off(address, units, options, register)
    if unconfirmed:  # a word a letter from a unit word the register does not confirm: a word as any other
        parts = [part for part in parts if part.unit_span not in unconfirmed]
        units = register_units(address, parts, register)
        options = [candidates(part, register) for part in units]
    unknown = [part.unit_sure and not option for part, option in zip(units, options)]
    sure = [part.unit_span[0] for part in units if part.unit_sure]
    # a unit word not sure of itself ("quản": a name may start so) between sure ones stands where a unit does;
    # so does one after them and a comma ("..., thành phố Vinh, tính Nghì An": a hard card's place of origin)
    inner = [not part.unit_sure and not option and bool(sure) and sure[0] < part.unit_span[0]
             and (part.unit_span[0] < sure[-1] or address[:part.unit_span[0]].rstrip().endswith(","))
             for part, option in zip(units, options)]
    options = [option or (_letter_off(part, register) if part.unit_sure or within else [])
               for part, option, within in zip(units, options, inner)]
    edits: list[Edit] = []
    chains = []
    resolved: dict[int, str] = {}  # the register key each resolved unit took, by the unit's start
    for group in _bracket_groups(address, units):
        known = [(part, option) for part, option in zip(units, options)
                 if part in group and option]
        chosen, consistent = resolve([p for p, _ in known], [o for _, o in known], register)
        chains.append(consistent)
        for (part, _), key in zip(known, chosen):
            if key is not None:
                resolved[part.unit_span[0]] = key
                edits.extend(mended_part(address, part, register.spelling[part.level][key]))
    edits.extend(edit for part in parts if part.level is Level.HAMLET for edit in respelled_unit(address, part))
    if not street:
        edits.extend(_ward_before(address, units, resolved, register))
    edits.extend(_province_after(address, units, resolved, register))
    edits.extend(_province_cut_short(address, parts, resolved, register))
    edits = _unit_case_edits(address, units, resolved) + edits  # before the unit's respelling, kept in its case
    value = in_normal_case(edited(address, edits + _punctuation_edits(address, parts, street)))
    warnings = []
    if value != read:
        warnings.append(FieldWarning.ADDRESS_MENDED)
        log.debug("address %r read as %r", value, read)
    if any(flag and part.unit_span[0] not in resolved for part, flag in zip(units, unknown)):
        warnings.append(FieldWarning.ADDRESS_PLACE_UNKNOWN)
    warnings.extend(completeness_warnings(value, register))
    if _odd_letters(value):
        warnings.append(FieldWarning.ADDRESS_ODD_LETTERS)
    stray = any(within and part.unit_span[0] not in resolved for part, within in zip(units, inner))
    if stray and FieldWarning.ADDRESS_PART_UNKNOWN not in warnings:
        warnings.append(FieldWarning.ADDRESS_PART_UNKNOWN)
    return CheckedAddress(value, bool(chains) and all(chains) and not any(unknown) and not any(inner),
                          tuple(warnings))


def _odd_letters(address: str) -> bool:
    """Whether ``address`` holds a letter no address is written with: one whose base is
    no Latin letter (a hard receipt's "ngð 59", auto-accepted at 1.00, dev 94). Latin
    letters Vietnamese lacks stay: minorities' place names have them ("Đắk Wil")."""
    return any(letter.isalpha() and not ("a" <= strip_accents(letter).lower() <= "z") for letter in address)


def _unit_case_edits(address: str, units: list[AdminPart], resolved: dict[int, str]) -> list[Edit]:
    """The edit that writes a register unit's word OCR read capitalised ("..., Quận 3,
    thành phố ...": a hard card's "q") in lower case, where the address writes its other
    register units' words so (at least two of them, and no other capitalised); the
    address's first word keeps its capital. Words like a unit's that name no register
    unit ("Tổ 3. Xã Đàn": a street) are not looked at."""
    words = [(part, address[part.unit_span[0]:part.unit_span[1]]) for part in units if part.unit_span[0] in resolved]
    lower = sum(word.islower() for _, word in words)
    capital = [part for part, word in words if address[:part.unit_span[0]].strip(_BEFORE_FIRST_WORD)
               and word[:1].isupper() and word[1:].islower()]
    if lower < MIN_LOWER_CASE_UNITS or len(capital) != 1:
        return []
    return [(capital[0].unit_span, capital[0].unit)]


MIN_LOWER_CASE_UNITS = 2
_BEFORE_FIRST_WORD = " (\"'“‘"


def _with_inner_units_parted(address: str, parts: list[AdminPart],
                             register: PlaceRegister) -> tuple[str, list[AdminPart]]:
    """``address`` (and its ``parts``) with a comma put before a word with the letters of a
    one-word unit word that OCR ran into the unit before it without its comma ("phường An
    Hoà quản Ninh Kiều, thành phố Cần Thơ": a hard card's place of origin, dev 83), where
    the name it stands in names no register place and the words before and after it name
    one each, at the levels of the unit before and of that word. Hamlets' names, which no
    register holds, are left as they are."""
    changed = address
    for part in reversed(parts):  # from the end: a comma put in leaves the spans before it as they are
        if part.level is Level.HAMLET or register.names_place(part.name):
            continue
        words = list(re.finditer(r"\S+", changed[part.name_span[0]:part.name_span[1]]))[:MAX_NAME_WORDS]
        for index in range(1, len(words) - 1):
            unit = _ONE_WORD_UNITS.get(skeleton(words[index].group()))
            if unit is None:
                continue
            before = " ".join(w.group() for w in words[:index]).strip(",.;")
            after = " ".join(w.group() for w in words[index + 1:])
            if register.names_place(before, (part.level,)) and register.names_place(after, UNIT_WORDS[unit]):
                at = part.name_span[0] + words[index - 1].end()
                changed = changed[:at] + "," + changed[at:]
                break
    return _with_parts(address, parts, changed)


def _with_parts(address: str, parts: list[AdminPart], changed: str) -> tuple[str, list[AdminPart]]:
    """``changed`` and its parts: ``address``'s where nothing changed, else found anew."""
    return (address, parts) if changed == address else (changed, find_admin_parts(changed))


_UNIT_WORDS_WRITTEN_OUT = ("thành phố", "phường", "quận", "huyện", "tỉnh", "thị trấn", "thị xã", "xã")
"""The unit words of wards, districts and provinces as written out, longest of a kind
first (a regex alternation tries them in order)."""
_ONE_WORD_UNITS = {skeleton(unit): unit for unit in _UNIT_WORDS_WRITTEN_OUT if " " not in unit}
MAX_NAME_WORDS = 8
"""A unit's name has fewer words (the longest hold five): words past it are not looked
at, so that a long garbled line costs no more than a name."""


def _without_stray_marks(address: str) -> str:
    """``address`` without the marks OCR put where an address has none: a dot or a dash
    glued between a unit word that follows a comma and its name ("thành phố-Hà Nội",
    "thành phố. Hồ Chí Minh"), a dot or comma between "Số" and its number ("Số.135"), a
    bracket no bracket opened read for a comma, and dots, commas or colons at its end
    after a lower-case letter or a digit ("thành phố Đà Nẵng..", not "TP."): specks on
    mild and hard dev pages (84-87)."""
    def unit_then_name(found: re.Match[str]) -> str:
        following = address[found.end():found.end() + 1]
        return found.group(1) + " " if following.isupper() or following.isdigit() else found.group()

    address = _GLUED_TO_UNIT.sub(unit_then_name, address)
    address = _GLUED_TO_NUMBER.sub(lambda found: found.group(1) + " ", address)
    address = _BRACKET_BEFORE_UNIT.sub(lambda found: "," if "(" not in address[:found.start()] else ")", address)
    kept = address.rstrip(" .,;:")
    return kept if kept and (kept[-1].islower() or kept[-1].isdigit()) else address


def _with_numbers_as_digits(address: str) -> str:
    """``address`` with the number after a house's, lane's or alley's word ("Số", "ngõ",
    "ngách", "hẻm", "kiệt") in digits where OCR read a digit of it as O, I or l ("ngõ
    I1", hard dev 90): a number of four characters at most, holding a digit."""
    return _NUMBER_AFTER_WORD.sub(lambda found: found.group(1) + found.group(2).translate(_AS_DIGITS), address)


_NUMBER_AFTER_WORD = re.compile(r"(\b(?i:s[ốô]|ngõ|ngách|hẻm|kiệt)\s+)(?=[OoIl]*\d)([\dOoIl]{1,4})\b")
"""Only O, o, I and l: a house number's letter ("12B", "5A") is its own."""
_AS_DIGITS = str.maketrans("OoIl", "0011")
_UNIT_WORD_ALTERNATION = "|".join(_UNIT_WORDS_WRITTEN_OUT)
_GLUED_TO_UNIT = re.compile(rf"(,\s*(?:{_UNIT_WORD_ALTERNATION}))\s?[.\-]\s*", re.IGNORECASE)
"""A unit word after a comma, then a dot or a dash: glued so only before its name's
capital or number (not a sentence's end before a lower-case word)."""
_GLUED_TO_NUMBER = re.compile(r"\b(s[ốôo])[.,]\s*(?=\d)", re.IGNORECASE)
_BRACKET_BEFORE_UNIT = re.compile(rf"(?<=\w)\)(?=\s+(?:{_UNIT_WORD_ALTERNATION})\s)", re.IGNORECASE)
"""A closing bracket glued after a word, before a unit word: a comma, where no bracket
opened ("quận Hải Châu) thành phố Đà Nẵng", mild dev 87)."""


def _without_lone_letters(address: str, parts: list[AdminPart],
                          register: PlaceRegister) -> tuple[str, list[AdminPart]]:
    """``address`` (and its ``parts``) without a lone letter within a unit's name ("thành
    phố Cần T Thơ": a speck), where the name with it names no register place at the
    unit's levels and without it does. Hamlets' names, which no register holds, are left
    as they are."""
    changed = address
    for part in reversed(parts):  # from the end: a letter taken out leaves the spans before it as they are
        levels = UNIT_WORDS[part.unit]
        if part.level is Level.HAMLET or register.names_place(part.name, levels):
            continue
        for letter in itertools.islice(_LONE_LETTER.finditer(changed, part.name_span[0], part.name_span[1]),
                                       MAX_NAME_WORDS):
            name = changed[part.name_span[0]:letter.start()] + changed[letter.end():part.name_span[1]]
            if letter.start() > part.name_span[0] and register.names_place(name, levels):
                changed = changed[:letter.start()] + changed[letter.end():]
                break
    return _with_parts(address, parts, changed)


def _without_trailing_scraps(address: str, parts: list[AdminPart],
                             register: PlaceRegister) -> tuple[str, list[AdminPart]]:
    """``address`` (and its ``parts``) without a word or two of one or two letters (digits
    aside) after its last unit's name ("thành phố Hồ Chí Minh ị", "... Hồ Chí Minh No",
    "... Đà Nẵng BÀ 2/77": specks, a stamp's or signature's edge read as letters), where
    the name with them names no register place at the unit's levels, nor starts one (a
    name cut short: "tỉnh Lạng Sơ"), and without them does. What follows the name (a
    bracket's end, "Việt Nam") stays. A hamlet's name, which no register holds, is left."""
    if not parts or parts[-1].level is Level.HAMLET:
        return address, parts
    last, levels = parts[-1], UNIT_WORDS[parts[-1].unit]
    if register.names_place(last.name, levels) or register.starts_place(last.name, levels):
        return address, parts
    words = list(re.finditer(r"\S+", address[last.name_span[0]:last.name_span[1]]))
    if len(words) > MAX_NAME_WORDS:
        return address, parts
    for count in range(1, min(TRAILING_SCRAP_WORDS, len(words) - 1) + 1):
        scraps = words[-count:]
        if any(sum(ch.isalpha() for ch in word.group()) > TRAILING_SCRAP_LETTERS for word in scraps):
            break
        end = last.name_span[0] + words[-count - 1].end()
        if register.names_place(address[last.name_span[0]:end], levels):
            return _with_parts(address, parts, address[:end] + address[last.name_span[1]:])
    return address, parts


TRAILING_SCRAP_WORDS = 2
TRAILING_SCRAP_LETTERS = 2
_LONE_LETTER = re.compile(r"(?<=\s)[^\W\d_]\s")


def _ward_before(address: str, units: list[AdminPart], resolved: dict[int, str],
                 register: PlaceRegister) -> list[Edit]:
    """For a place of origin whose first unit is a district (of its province, when named): the edit that gives the
    words before it their unit word back where they end with the name of one of the
    district's wards ("Đa Tốn, huyện Gia Lâm" -> "xã Đa Tốn, huyện Gia Lâm": the card's
    "xã" lost to the photo's edge). The words before the name go, as scraps would. None
    where the words name no ward of it, or more than one."""
    if not units or units[0].level is not Level.DISTRICT or units[0].unit_span[0] not in resolved:
        return []
    start = units[0].unit_span[0]
    province = next((resolved.get(part.unit_span[0]) for part in units if part.level is Level.PROVINCE), None)
    words = list(re.finditer(r"[^\s,.;]+", address[:start]))
    for count in range(min(MAX_SCRAP_WORDS, len(words)), 0, -1):
        ward = register.ward_of(resolved[start], " ".join(w.group() for w in words[-count:]), province)
        if ward:
            return [((0, start), f"{ward}, ")]
    return []


def _province_after(address: str, units: list[AdminPart], resolved: dict[int, str],
                    register: PlaceRegister) -> list[Edit]:
    """For an address whose last unit is a district (its ward, when named, fixing its
    province): the edit that writes the province in full where the last words after the
    district have its letters, its unit word lost or misread ("thành phố Vinh, nh Nghề An"
    -> "thành phố Vinh, tỉnh Nghệ An"). None where the words are not the province's, or
    are its name alone ("quận Hải Châu, Đà Nẵng": a way to write it)."""
    if not units or units[-1].level is not Level.DISTRICT or units[-1].unit_span[0] not in resolved:
        return []
    district = resolved[units[-1].unit_span[0]]
    ward = next((resolved.get(part.unit_span[0]) for part in units if part.level is Level.WARD), None)
    provinces = {p for p, d, w in register.old_triples if d == district and ward in (None, w)}
    if len(provinces) != 1:
        return []
    (province,) = provinces
    end = units[-1].name_span[1]
    words = re.findall(r"[^\s,.;]+", address[end:])
    letters = skeleton(province)
    for count in range(1, min(len(words), MAX_SCRAP_WORDS + 1) + 1):
        if skeleton(" ".join(words[-count:])) == letters and 1 <= len(words) - count <= MAX_SCRAP_WORDS:
            unit = register.province_units.get(province, "tỉnh")
            return [((end, len(address)), f", {unit} {register.spelling[Level.PROVINCE][province]}")]
    return []


def _province_cut_short(address: str, parts: list[AdminPart], resolved: dict[int, str],
                        register: PlaceRegister) -> list[Edit]:
    """The edit that writes in full a province's name cut short at the address's end, its
    first words read ("..., phường Điện Biên, tỉnh Thanh": the line's end faded): where
    the name is in no register, and the words begin the name of one province alone that
    the unit word fits ("tỉnh" or "thành phố") and that holds the ward and the district
    resolved before it (one at least)."""
    if not parts or parts[-1].unit_span[0] in resolved or address[parts[-1].name_span[1]:].strip(" .,;"):
        return []
    last = parts[-1]
    unit = address[last.unit_span[0]:last.unit_span[1]].lower()
    if unit not in ("tỉnh", "thành phố"):
        return []
    start = folded(last.name) + " "
    ward = next((resolved.get(part.unit_span[0]) for part in parts if part.level is Level.WARD), None)
    district = next((resolved.get(part.unit_span[0]) for part in parts if part.level is Level.DISTRICT), None)
    if ward is None and district is None:
        return []  # nothing before it says which province holds it
    names = [key for key, name in register.spelling[Level.PROVINCE].items()
             if folded(name).startswith(start) and register.province_units.get(key, "tỉnh") == unit
             and (ward is None or (key, ward) in register.old_pw or (key, ward) in register.new_pairs)
             and (district is None or (key, district) in register.old_pd)]
    if len(names) != 1:
        return []
    return [(last.name_span, register.spelling[Level.PROVINCE][names[0]])]


def _unconfirmed_letter_off(address: str, units: list[AdminPart], options: list[list[tuple[str, int]]],
                            register: PlaceRegister) -> set[tuple[int, int]]:
    """The unit spans of the parts whose unit word was read a letter off that the register
    does not confirm: the name after it is in no register at its level, the word and the
    name together name a place ("Thượng Thanh", "Hương Lâm": wards of their own), or the
    units do not form one chain with it, the name resolved."""
    spans: set[tuple[int, int]] = set()
    if not any(part.a_letter_off for part in units):
        return spans
    for group in _bracket_groups(address, units):
        known = [(part, option) for part, option in zip(units, options) if part in group and option]
        chosen, consistent = resolve([p for p, _ in known], [o for _, o in known], register)
        resolved = {part.unit_span for (part, _), key in zip(known, chosen) if key is not None}
        for part in group:
            if part.a_letter_off and (not consistent or part.unit_span not in resolved
                                      or register.names_place(address[part.unit_span[0]:part.name_span[1]])):
                spans.add(part.unit_span)
    return spans


def _punctuation_edits(address: str, parts: list[AdminPart], street: bool) -> list[Edit]:
    """The edits that drop what is no part of an address (scraps before its first unit,
    quote marks) and put the comma back before unit words (:func:`separator_edits`) and
    where a semicolon stands for it."""
    edits = []
    scraps = _scraps_end(address[:parts[0].unit_span[0]], street, parts[0].level is Level.WARD) if parts else 0
    if scraps:
        edits.append(((0, scraps), ""))
    edits.extend(_house_number_word(address, scraps))
    separators = separator_edits(address, parts)  # those within the scraps go: see edited()
    edits.extend(separators)
    edits.extend(((quote.start(), quote.end()), "") for quote in _QUOTES.finditer(address))
    taken = {span[1] for span, _ in separators}
    edits.extend(((mark.start(), mark.end()), ", ") for mark in _SEMICOLON.finditer(address)
                 if mark.end() not in taken and mark.start() >= scraps)
    return edits


_SEMICOLON = re.compile(r"(?<=\w)\s*;\s*(?=[^\W\d_])")
"""A semicolon before a word: no address holds one; OCR read a comma so ("Số 7; đường").
Not one before a digit ("Số;12": a house number's punctuation misread, left as read)."""


_QUOTES = re.compile("[\"'`‘’“”]")


def completeness_warnings(address: str, register: PlaceRegister | None = None) -> tuple[FieldWarning, ...]:
    """Why ``address`` (as mended) is likely not all the paper says: it ends in a bare unit
    word ("..., thành": cut off), its units stop short of a province-level one (a ward and
    a district only: the end may be lost), or a part between its units is no unit and
    names no place ("thành nhố Thanh Hóa": a unit word misread). A province may be written
    without its unit word ("..., Nghệ An"), and so may a district ("Hưng Nguyên, Nghệ An");
    what follows the last unit ("Việt Nam") is no part among them."""
    register = register or load_register()
    parts = [part for part in find_admin_parts(address) if not part.a_letter_off]  # not mended: no unit
    units = register_units(address, parts, register)
    segments = [segment for segment in re.finditer(r"[^,()]+", address) if segment.group().strip()]
    cut = bool(segments) and ends_in_bare_unit(segments[-1].group())
    if cut:
        segments.pop()
    warnings = []
    if cut:
        warnings.append(FieldWarning.ADDRESS_UNIT_WITHOUT_NAME)
    elif not (any(part.level is Level.PROVINCE for part in units)
              or segments and register.names_place(segments[-1].group(), (Level.PROVINCE,))):
        warnings.append(FieldWarning.ADDRESS_NO_PROVINCE)
    starts = [part.unit_span[0] for part in parts]
    if units and any(units[0].unit_span[0] < segment.start() < units[-1].unit_span[0]
                     and not register.names_place(segment.group())
                     and not any(segment.start() <= start < segment.end() for start in starts)
                     for segment in segments):
        warnings.append(FieldWarning.ADDRESS_PART_UNKNOWN)
    if _bare_ward_before(units, segments, register):
        warnings.append(FieldWarning.ADDRESS_UNIT_WORD_LOST)
    return tuple(warnings)


def _bare_ward_before(units: list[AdminPart], segments: list[re.Match[str]], register: PlaceRegister) -> bool:
    """Whether the part right before an address's first unit is a ward of that unit without
    its unit word ("Số 181, ngõ 37 phố Hai Bà Trưng, Tân An, thành phố Cần Thơ": "phường"
    read as nothing), where the writer spelt the other words out: the street's (a part
    before it names one) and every unit's. A part that merely shares a ward's name
    somewhere ("Số 12, Trần Phú, quận Hà Đông": a street without its word) is not one of
    the unit's wards; a writer who leaves a unit's word out ("Hưng Nguyên, Nghệ An")
    leaves the ward's out too."""
    if not units or units[0].level is Level.WARD:
        return False
    after = [segment.group().strip() for segment in segments if segment.start() >= units[0].unit_span[0]]
    if any(not find_admin_parts(part) and register.names_place(part) for part in after):
        return False  # a unit after it written without its word ("..., quận Hà Đông, Hà Nội")
    before = [segment for segment in segments if segment.end() <= units[0].unit_span[0]]
    if len(before) < 2 or not any(set(segment.group().lower().split()) & STREET_WORDS - {"số"}
                                  for segment in before[:-1]):
        return False
    part = before[-1].group().strip()
    if find_admin_parts(part):
        return False
    wards = register.by_skeleton[Level.WARD].get(skeleton(folded(part)), ())
    holders = register.by_skeleton[units[0].level].get(skeleton(folded(units[0].name)), ())
    return any(register.fits({Level.WARD: ward, units[0].level: holder}) for ward in wards for holder in holders)


def _scraps_end(prefix: str, street: bool = True, ward_first: bool = False) -> int:
    """Where the OCR scraps before an address's first unit end (0: there are none): what
    stands before the street ("Số 195", "ngõ 79", "đường ...") when it holds a mark of
    symbols ("`", "~", "/": from a card's art, a speck, a label's garbled English half:
    "/ Pụce cí rưnolerwvex SỐ 195, ngõ 79, ..."), all of it where no street is named;
    bare digits alone ("4 phường Ba Đình": a house number has a street or "Số" with it);
    without a ``street``, up to ``MAX_SCRAP_WORDS`` words of any kind, and any number
    before a ward (``ward_first``: a place of origin holds nothing below its ward)."""
    tokens = list(re.finditer(r"[^\s,]+", prefix))
    if not tokens:
        return 0
    if not street:
        return len(prefix) if ward_first or len(tokens) <= MAX_SCRAP_WORDS else 0
    texts = [token.group() for token in tokens]
    if all(text.isdigit() for text in texts):
        return len(prefix)
    start = next((index for index in range(len(texts)) if _starts_street(texts, index)), len(texts))
    if not any(_is_mark(texts, index) for index in range(start)):
        return 0
    return tokens[start].start() if start < len(tokens) else len(prefix)


def _house_number_word(address: str, start: int) -> list[Edit]:
    """The edit that spells "Số" where the address (from ``start``, after its scraps)
    begins with a word of its letters before a number, its marks misread ("Sô 53", "Sở
    7"): no other word stands there."""
    found = re.match(r"\s*(\w+)\s+\d", address[start:])
    if found is None or skeleton(found.group(1)) != "so" or found.group(1).casefold() == "số":
        return []
    word = found.group(1)
    return [((start + found.start(1), start + found.end(1)), "SỐ" if word.isupper() else "Số")]


def _starts_street(texts: list[str], index: int) -> bool:
    """Whether ``texts[index]`` starts a street: a street word as written ("ngõ", "đường"),
    or "Số" with its marks misread before a number ("Sô 53")."""
    word = texts[index].casefold().rstrip(":.")
    following = texts[index + 1] if index + 1 < len(texts) else ""
    return word in STREET_WORDS or (skeleton(word) == "so" and any(ch.isdigit() for ch in following))


def _is_mark(texts: list[str], index: int) -> bool:
    """Whether ``texts[index]`` is a mark of symbols, not a dash or slash between numbers
    ("12 - 14", "12 / 3")."""
    if any(ch.isalnum() for ch in texts[index]):
        return False
    between = 0 < index < len(texts) - 1 and all(any(ch.isdigit() for ch in texts[other])
                                                  for other in (index - 1, index + 1))
    return not (between and texts[index] in ("-", "/", "–"))


def _bracket_groups(address: str, parts: list[AdminPart]) -> list[list[AdminPart]]:
    """``parts`` grouped by the brackets around them."""
    groups: dict[int, list[AdminPart]] = {}
    for part in parts:
        depth = sum(address[:part.unit_span[0]].count(mark) for mark in "()")
        groups.setdefault(depth, []).append(part)
    return list(groups.values())


def mended_part(address: str, part: AdminPart, register_name: str) -> list[Edit]:
    """The edits that spell ``part`` as the register does: its name, and its unit word."""
    return [(part.name_span, respelled(part.name, register_name)), *respelled_unit(address, part)]

"""Addresses checked against, and mended to, the register of administrative units.

An address ends in administrative units from a closed register (GSO): a ward (xã,
phường, thị trấn, đặc khu), before July 2025 a district (quận, huyện, thị xã, thành phố)
and a province (tỉnh, thành phố). A mark misread in a unit's name mostly leaves valid
syllables ("Hà Nôi", "Trường Thị", "Đai Từ") that no syllable check can catch; but when
the name is in no register at its level while exactly one name there has the same
letters, and that one fits the address's other units (ward within district within
province, old register or new), that one is what the paper says. The mend is reported
(a warning), never silent. Streets, hamlets and house numbers are left as read, and so is
either placement of a tone mark ("Hoà", "Hòa"): both are right.

The register ships as ``ocr/data/place_names.json`` (built by
``scripts/build_place_names.py``).
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources

from ocr.syllables import canonical, skeleton
from ocr.validate import FieldWarning

log = logging.getLogger(__name__)

REGISTER_FILE = "data/place_names.json"
MAX_CHAINS = 20_000  # candidate combinations tried per address, at most
MAX_SCRAP_WORDS = 3  # words before a place of origin's first unit that are scraps, at most


class Level(StrEnum):
    WARD = "ward"
    DISTRICT = "district"
    PROVINCE = "province"


UNIT_WORDS: dict[str, tuple[Level, ...]] = {
    "xã": (Level.WARD,), "phường": (Level.WARD,), "thị trấn": (Level.WARD,),
    "đặc khu": (Level.WARD,), "quận": (Level.DISTRICT,), "huyện": (Level.DISTRICT,),
    "thị xã": (Level.DISTRICT,), "thành phố": (Level.DISTRICT, Level.PROVINCE),
    "tỉnh": (Level.PROVINCE,),
}
"""Unit words and the levels they name ("thành phố": a district, or a province when last)."""
SURE_UNIT_SKELETONS = frozenset({"phuong", "thi tran", "dac khu", "huyen", "thi xa", "thanh pho"})
"""Unit words whose letters alone say they are one, whatever the marks ("quan", "xa",
"tinh" may as well start a street's or a hamlet's name: "Quán Thánh")."""
ABBREVIATIONS = {"tp": "thành phố", "tp.": "thành phố"}
_UNIT_BY_SKELETON = {skeleton(unit): unit for unit in UNIT_WORDS}
_TRAILING = ".;:"


@dataclass(frozen=True, slots=True)
class CheckedAddress:
    value: str  # the address, with unit names mended to the register where sure
    consistent: bool  # two or more units, forming one chain in the old or the new register
    warnings: tuple[FieldWarning, ...]


@dataclass(frozen=True, slots=True)
class AdminPart:
    """One administrative unit in an address: its unit word and name as read, with spans."""

    unit: str  # the unit word as it should be spelt ("quận")
    unit_span: tuple[int, int]
    unit_sure: bool  # the unit word read as spelt, or unmistakable by its letters
    name: str
    name_span: tuple[int, int]
    level: Level


def folded(name: str) -> str:
    """A name's key: each word's canonical lower-case form, so that "Hoà" and "Hòa" agree,
    without the stray dots OCR puts in ("Hà. Nội")."""
    words = unicodedata.normalize("NFC", name).replace(".", " ").split()
    return " ".join(canonical(word) or word.lower() for word in words)


def strip_unit(register_name: str) -> str:
    """"Phường Phúc Xá" -> "Phúc Xá"; a name without a unit word is returned as is."""
    words = register_name.split()
    for count in (2, 1):
        if len(words) > count and " ".join(words[:count]).lower() in UNIT_WORDS:
            return " ".join(words[count:])
    return register_name


class PlaceRegister:
    """The old (province > district > ward) and new (province > ward) registers, by name."""

    def __init__(self, document: dict) -> None:
        self.spelling: dict[Level, dict[str, str]] = {level: {} for level in Level}
        self.old_triples: set[tuple[str, str, str]] = set()
        self.new_pairs: set[tuple[str, str]] = set()
        for province, districts in document["old"].items():
            p = self._add(Level.PROVINCE, province)
            for district, wards in districts.items():
                d = self._add(Level.DISTRICT, district)
                self.old_triples.update((p, d, self._add(Level.WARD, ward)) for ward in wards)
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

    def _add(self, level: Level, register_name: str) -> str:
        name = strip_unit(register_name)
        key = folded(name)
        self.spelling[level].setdefault(key, name)
        return key

    def names_with_letters(self, level: Level, letters: str) -> set[str]:
        """The register's names at ``level`` spelt with ``letters`` ("truong thi")."""
        return {self.spelling[level][key] for key in self.by_skeleton[level].get(letters, ())}

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


def find_admin_parts(address: str) -> list[AdminPart]:
    """The administrative units of ``address``: a comma-separated part that starts with a
    unit word (its marks forgiven: "quân", "huyên"), and a unit word in lower case inside a
    part whose comma was lost ("thành phố Vinh tỉnh Nghệ An"). Brackets part too."""
    parts: list[AdminPart] = []
    for segment in re.finditer(r"[^,()]+", address):
        words = [(m.start() + segment.start(), m.end() + segment.start(), m.group())
                 for m in re.finditer(r"\S+", segment.group())]
        starts: list[tuple[int, int, str, bool]] = []  # (word index, word count, unit, sure)
        for index in range(len(words)):
            found = _unit_at(words, index, loose=index == 0)
            if found is not None:
                starts.append((index, *found))
        for number, (index, count, unit, sure) in enumerate(starts):
            end = starts[number + 1][0] if number + 1 < len(starts) else len(words)
            name_words = words[index + count:end]
            if not name_words:
                continue
            name_start, name_end = name_words[0][0], name_words[-1][1]
            while name_end > name_start and address[name_end - 1] in _TRAILING:
                name_end -= 1
            parts.append(AdminPart(unit, (words[index][0], words[index + count - 1][1]), sure,
                                   address[name_start:name_end], (name_start, name_end),
                                   UNIT_WORDS[unit][0]))
    return _with_provinces(parts)


def _unit_at(words: list[tuple[int, int, str]], index: int,
             *, loose: bool) -> tuple[int, str, bool] | None:
    """(word count, unit, sure) of a unit word starting at ``words[index]``, when one does:
    at a part's start its marks are forgiven; inside a part it must be spelt, in lower case."""
    for count in (2, 1):
        if index + count >= len(words):
            continue
        read = " ".join(word for _, _, word in words[index:index + count])
        exact = folded(read)
        if count == 1 and read.lower() in ABBREVIATIONS:
            return (1, ABBREVIATIONS[read.lower()], True) if loose else None
        if not loose:
            unit = _UNIT_BY_SKELETON.get(skeleton(exact))
            if read == read.lower() and unit is not None and exact == folded(unit):
                return count, unit, True
            continue
        unit = _UNIT_BY_SKELETON.get(skeleton(exact))
        if unit is not None:
            letters = skeleton(unit)
            return count, unit, exact == folded(unit) or letters in SURE_UNIT_SKELETONS
    return None


def _with_provinces(parts: list[AdminPart]) -> list[AdminPart]:
    """"thành phố" names a province when it is the last unit, a district otherwise."""
    if parts and parts[-1].unit == "thành phố":
        last = parts[-1]
        parts[-1] = AdminPart(last.unit, last.unit_span, last.unit_sure, last.name,
                              last.name_span, Level.PROVINCE)
    return parts


def candidates(part: AdminPart, register: PlaceRegister) -> list[tuple[str, int]]:
    """(folded register name, cost) the part's name may stand for: itself (cost 0) when in
    the register at its level, else the names with its letters (1). Names one base letter
    away were tried too: on the benchmark corpora they mended no address more and called
    two more wrong ones consistent, so they are left out."""
    key = folded(part.name)
    if key in register.spelling[part.level]:
        return [(key, 0)]
    letters = skeleton(key)
    same = register.by_skeleton[part.level].get(letters, set())
    return [(other, 1) for other in sorted(same)]


def resolve(parts: list[AdminPart], options: list[list[tuple[str, int]]],
            register: PlaceRegister) -> tuple[list[str | None], bool]:
    """The register name each part stands for (``None``: left as read) and whether they
    form one chain. The cheapest chains that fit the register decide; a part on which
    they disagree is left as read. With no chain, a part is mended only to the one name
    in the whole register at its level with its letters."""
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
    register at its level. A bracket holds an address of its own ("(nay là phường Phan
    Đình Phùng, tỉnh Thái Nguyên)"): each is checked by itself. Quote marks are no part
    of an address: a speck read as one ("quận' Cầu Giấy") goes. Without ``street`` (a
    place of origin: units only), a few words before the first unit are scraps too
    ("sẽ phường Tân An": what the card's photo left at the line's start)."""
    register = register or load_register()
    address = unicodedata.normalize("NFC", address)
    parts = find_admin_parts(address)
    options = [candidates(part, register) for part in parts]
    edits: list[tuple[tuple[int, int], str]] = []
    chains = []
    for group in _bracket_groups(address, parts):
        known = [(part, option) for part, option in zip(parts, options)
                 if part in group and option]
        chosen, consistent = resolve([p for p, _ in known], [o for _, o in known], register)
        chains.append(consistent)
        for (part, _), key in zip(known, chosen):
            if key is not None:
                edits.extend(mended_part(address, part, register.spelling[part.level][key]))
    if parts and _scraps_before(address[:parts[0].unit_span[0]], street):
        edits.append(((0, parts[0].unit_span[0]), ""))
    edits.extend(((quote.start(), quote.end()), "") for quote in _QUOTES.finditer(address)
                 if not any(start <= quote.start() < end for (start, end), _ in edits))
    value = address
    for (start, end), text in sorted(edits, reverse=True):
        value = value[:start] + text + value[end:]
    warnings = []
    if value != address:
        warnings.append(FieldWarning.ADDRESS_MENDED)
        log.debug("address %r read as %r", value, address)
    unknown = any(part.unit_sure and not option for part, option in zip(parts, options))
    if unknown:
        warnings.append(FieldWarning.ADDRESS_PLACE_UNKNOWN)
    return CheckedAddress(value, bool(chains) and all(chains) and not unknown, tuple(warnings))


_QUOTES = re.compile("[\"'`‘’“”]")


def _scraps_before(prefix: str, street: bool = True) -> bool:
    """Whether the text before an address's first unit is OCR scraps, not part of it: a
    mark of symbols only ("`", "~", from a card's art or a speck), or bare digits alone
    ("4 phường Ba Đình": a house number has a street or "Số" with it); without a
    ``street``, up to ``MAX_SCRAP_WORDS`` words of any kind."""
    tokens = prefix.replace(",", " ").split()
    if not tokens:
        return False
    if not street:
        return len(tokens) <= MAX_SCRAP_WORDS
    symbols = any(not any(ch.isalnum() for ch in token) for token in tokens)
    return symbols or all(token.isdigit() for token in tokens)


def _bracket_groups(address: str, parts: list[AdminPart]) -> list[list[AdminPart]]:
    """``parts`` grouped by the brackets around them."""
    groups: dict[int, list[AdminPart]] = {}
    for part in parts:
        depth = sum(address[:part.unit_span[0]].count(mark) for mark in "()")
        groups.setdefault(depth, []).append(part)
    return list(groups.values())


def mended_part(address: str, part: AdminPart, register_name: str) -> list[tuple[tuple[int, int], str]]:
    """The edits that spell ``part`` as the register does: its name, and its unit word
    unless abbreviated ("TP.")."""
    edits = [(part.name_span, respelled(part.name, register_name))]
    read_unit = address[part.unit_span[0]:part.unit_span[1]]
    if read_unit.lower() not in ABBREVIATIONS:
        edits.append((part.unit_span, respelled(read_unit, part.unit)))
    return edits


def respelled(read: str, register_name: str) -> str:
    """``read`` with each word that differs from the register's (both tone placements
    agreeing) replaced by the register's, in the case it was read in."""
    read_words, words = read.split(), register_name.split()
    if len(read_words) != len(words):
        return register_name.upper() if read.isupper() else register_name
    out = []
    for as_read, spelt in zip(read_words, words):
        if folded(as_read) == folded(spelt) and "." not in as_read:
            out.append(as_read)
        elif as_read.isupper() and len(as_read) > 1:
            out.append(spelt.upper())
        elif as_read[:1].isupper():
            out.append(spelt[:1].upper() + spelt[1:])
        else:
            out.append(spelt[:1].lower() + spelt[1:])
    return " ".join(out)

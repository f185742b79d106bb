"""The words an address is built of, and the mends of its text that need no register.

An address (Vietnamese papers write it smallest unit first) is a house number and a
street or a hamlet, then administrative units, each a unit word and a name: "Tổ dân phố
số 5, xã Kim Lan, huyện Gia Lâm, thành phố Hà Nội". This module finds the units in OCR
text, marks forgiven where the letters are sure ("Tố dân phố", "quân Hà Đông"), and mends
what OCR does to the words around the names: a unit word's spelling, the comma before a
unit word read as a period, address words read in capitals. Which names exist, and which
unit holds which, is the register's business (:mod:`ocr.places`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz.distance import Levenshtein

from ocr.syllables import canonical, is_syllable, placed_like, skeleton

Edit = tuple[tuple[int, int], str]  # the span of the text replaced, and what replaces it


class Level(StrEnum):
    HAMLET = "hamlet"  # below the commune (tổ dân phố, thôn, xóm, ấp...): in no register
    WARD = "ward"
    DISTRICT = "district"
    PROVINCE = "province"


UNIT_WORDS: dict[str, tuple[Level, ...]] = {
    "xã": (Level.WARD,), "phường": (Level.WARD,), "thị trấn": (Level.WARD,),
    "đặc khu": (Level.WARD,), "quận": (Level.DISTRICT,), "huyện": (Level.DISTRICT,),
    "thị xã": (Level.DISTRICT,), "thành phố": (Level.DISTRICT, Level.PROVINCE),
    "tỉnh": (Level.PROVINCE,), "tổ dân phố": (Level.HAMLET,), "tổ": (Level.HAMLET,),
    "khu phố": (Level.HAMLET,), "thôn": (Level.HAMLET,), "xóm": (Level.HAMLET,),
    "ấp": (Level.HAMLET,), "bản": (Level.HAMLET,),
}
"""Unit words and the levels they name ("thành phố": a district, or a province when it
ends the address and the register lists it as one)."""
SURE_UNIT_SKELETONS = frozenset({"phuong", "thi tran", "dac khu", "huyen", "thi xa", "thanh pho",
                                 "to dan pho", "khu pho"})
"""Unit words whose letters alone say they are one, whatever the marks ("quan", "xa",
"tinh", "to" may as well start a street's or a person's name: "Quán Thánh", "Tô Hiến
Thành"). Any unit word followed by a number is one too ("Tố 12", "quân 3")."""
ABBREVIATIONS = {"tp": "thành phố", "tp.": "thành phố"}
STREET_WORDS = frozenset({"số", "đường", "phố", "ngõ", "ngách", "hẻm", "kiệt"})
ADDRESS_WORDS = frozenset(word for unit in UNIT_WORDS for word in unit.split()) | STREET_WORDS
"""Words of an address's own vocabulary, as against its names (for their case)."""
MAX_UNIT_WORDS = max(len(unit.split()) for unit in UNIT_WORDS)
_UNIT_BY_SKELETON = {skeleton(unit): unit for unit in UNIT_WORDS}
FUZZY_UNIT_LETTERS = 5
"""A unit word with at least this many letters read a letter off ("nhường", "hành phố") at
a part's start is that unit word, when the register lists the name after it at its
level (:func:`ocr.places.check_address` drops the part otherwise). Shorter ones ("xã",
"quận", "tỉnh") are a letter from too many words."""
_FUZZY_UNITS = tuple((skeleton(unit), unit) for unit in UNIT_WORDS
                     if UNIT_WORDS[unit][0] is not Level.HAMLET
                     and len(skeleton(unit).replace(" ", "")) >= FUZZY_UNIT_LETTERS)
_UNIT_STARTS = frozenset(" ".join(skeleton(unit).split()[:count])
                         for unit in UNIT_WORDS for count in range(1, len(unit.split()) + 1))
_TRAILING = ".;:"
_LOST_COMMAS = (".", ";")  # a unit word after these starts a part, its comma misread
_SPECKS = re.compile(r"[^\w\s]|_")
_SEPARATOR = re.compile(r"[\s.,;:/]*$")  # what separates a unit word from the words before it


@dataclass(frozen=True, slots=True)
class AdminPart:
    """One administrative unit in an address: its unit word and name as read, with spans."""

    unit: str  # the unit word as it should be spelt ("quận")
    unit_span: tuple[int, int]
    unit_sure: bool  # the unit word read as spelt, or unmistakable by its letters
    name: str
    name_span: tuple[int, int]
    level: Level
    a_letter_off: bool = False  # the unit word read a letter off (see FUZZY_UNIT_LETTERS)


def folded(name: str) -> str:
    """A name's key: each word's canonical lower-case form, so that "Hoà" and "Hòa" agree,
    without the stray dots OCR puts in ("Hà. Nội")."""
    words = unicodedata.normalize("NFC", name).replace(".", " ").split()
    return " ".join(canonical(word) or word.lower() for word in words)


def unit_word(register_name: str) -> str:
    """"Phường Phúc Xá" -> "phường"; "" for a name without a unit word."""
    return register_name[:len(register_name) - len(strip_unit(register_name))].strip().lower()


def strip_unit(register_name: str) -> str:
    """"Phường Phúc Xá" -> "Phúc Xá"; a name without a unit word is returned as is."""
    words = register_name.split()
    for count in (2, 1):
        if len(words) > count and " ".join(words[:count]).lower() in UNIT_WORDS:
            return " ".join(words[count:])
    return register_name


_PARTS = re.compile(r"(?:[^,()/]|(?<=\d)/|/(?=\d))+")
"""An address's comma-separated parts: brackets part it too, and a slash between two
words (a comma misread: "Kiêu/quận"); not one beside a digit ("12/3", "ngõ 5/")."""


def find_admin_parts(address: str) -> list[AdminPart]:
    """The units of ``address``, hamlets' too: a comma-separated part that starts with a
    unit word (its marks forgiven: "quân", "huyên"; after a period or semicolon too, the
    comma misread, when unmistakable: "Dũng. thanh phố"), and a unit word in lower case inside a
    part whose comma was lost ("thành phố Vinh tỉnh Nghệ An"). Brackets part too, and so
    does a slash between words (``_PARTS``). Every
    "thành phố" is a district here (:func:`ocr.places.register_units` tells the provinces)."""
    parts: list[AdminPart] = []
    for segment in _PARTS.finditer(address):
        words = [(m.start() + segment.start(), m.end() + segment.start(), m.group())
                 for m in re.finditer(r"\S+", segment.group())]
        starts: list[tuple[int, int, str, bool, bool]] = []  # (word index, word count, unit, sure, a letter off)
        first = next((index for index, (_, _, word) in enumerate(words) if _has_letters(word)), None)
        for index in range(len(words)):
            found = _unit_at(words, index, loose=index == 0)
            if found is None and index and words[index - 1][2].endswith(_LOST_COMMAS):
                found = _unit_after_a_period(words, index)
            if found is not None:
                starts.append((index, *found, False))
            elif index == first and (off := _unit_a_letter_off(words, index)) is not None:
                starts.append((index, *off, False, True))
        for number, (index, count, unit, sure, off) in enumerate(starts):
            end = starts[number + 1][0] if number + 1 < len(starts) else len(words)
            name_words = words[index + count:end]
            if not name_words:
                continue
            name_start, name_end = name_words[0][0], name_words[-1][1]
            while name_end > name_start and address[name_end - 1] in _TRAILING:
                name_end -= 1
            parts.append(AdminPart(unit, (words[index][0], words[index + count - 1][1]), sure,
                                   address[name_start:name_end], (name_start, name_end),
                                   UNIT_WORDS[unit][0], off))
    return parts


def _unit_at(words: list[tuple[int, int, str]], index: int,
             *, loose: bool) -> tuple[int, str, bool] | None:
    """(word count, unit, sure) of a unit word starting at ``words[index]``, when one does:
    at a part's start its marks are forgiven; inside a part it must be spelt, in lower case.
    Specks read as punctuation are no part of it ("thành _phố", "quận'"). A hamlet's unit
    word counts only when sure: no register can confirm it."""
    for count in range(MAX_UNIT_WORDS, 0, -1):
        if index + count >= len(words):
            continue
        read = " ".join(word for _, _, word in words[index:index + count])
        exact = folded(_SPECKS.sub(" ", read))
        if count == 1 and read.lower() in ABBREVIATIONS:
            return (1, ABBREVIATIONS[read.lower()], True) if loose else None
        unit = _UNIT_BY_SKELETON.get(skeleton(exact))
        if unit is None:
            continue
        if not loose:
            if read == read.lower() and exact == folded(unit):
                return count, unit, True
            continue
        sure = (exact == folded(unit) or skeleton(unit) in SURE_UNIT_SKELETONS
                or _is_number(words[index + count][2]))
        if sure or UNIT_WORDS[unit][0] is not Level.HAMLET:
            return count, unit, sure
    return None


def _unit_after_a_period(words: list[tuple[int, int, str]], index: int) -> tuple[int, str, bool] | None:
    """A unit word after a period or semicolon (its comma misread: "Dũng. thanh phố"), in
    lower case and unmistakable by its letters (or spelt), marks forgiven as at a part's
    start; not after a word of one or two letters (an abbreviation: "P. Quan Hoa", "Đ.
    Xa La") nor a number ("Tổ 3. Xã Đàn")."""
    before = words[index - 1][2].rstrip("".join(_LOST_COMMAS))
    read = words[index][2]
    if len(before) <= 2 or before.isdigit() or read != read.lower():
        return None
    found = _unit_at(words, index, loose=True)
    return found if found is not None and found[2] else None


def _unit_a_letter_off(words: list[tuple[int, int, str]], index: int) -> tuple[int, str] | None:
    """(word count, unit) of the one long unit word ``words[index:]`` reads a letter off
    ("nhường" -> "phường", "hành phố" -> "thành phố"), with a name after it; else ``None``.
    Its first word may be read in two, a letter lost between them to a copier's streak
    or a speck ("th¿ nh phố": three words read for "thành phố"), where a half is no
    syllable (two syllables are a name's words: "Tứ Yên" is no "huyện")."""
    found = set()
    for unit_skeleton, unit in _FUZZY_UNITS:
        count = len(unit.split())
        for split in (0, 1):
            if index + count + split >= len(words):
                continue
            read = " ".join(word for _, _, word in words[index:index + count + split])
            read = skeleton(folded(_SPECKS.sub(" ", read)))
            if split:
                halves = _SPECKS.sub(" ", f"{words[index][2]} {words[index + 1][2]}").split()
                if len(halves) < 2 or all(is_syllable(half) for half in halves):
                    continue  # two words of a name ("Tứ Yên Sông Lô"), not one cut in two
                read = read.replace(" ", "", 1)  # the first word's two halves
            if len(read.split()) == count and Levenshtein.distance(read, unit_skeleton) == 1:
                found.add((count + split, unit))
    return found.pop() if len(found) == 1 else None


def _has_letters(word: str) -> bool:
    return any(ch.isalpha() for ch in word)


def _is_number(word: str) -> bool:
    """"12", "5.", "số": what follows a unit word that numbers its units ("Tổ 12", "quận 3")."""
    return word.rstrip(_TRAILING).isdigit() or folded(word) == "số"


def ends_in_bare_unit(segment: str) -> bool:
    """Whether ``segment`` (an address's last part) ends in a unit word, or its first
    words, with no name after it ("thành", "thành phố", "TP."): the name was cut off. At
    the part's start in any case; after other words (a lost comma) in lower case only."""
    words = segment.split()
    for count in range(min(MAX_UNIT_WORDS, len(words)), 0, -1):
        tail = " ".join(words[-count:]).rstrip(_TRAILING)
        if count < len(words) and tail != tail.lower():
            continue
        if tail.lower() in ABBREVIATIONS or skeleton(folded(tail)) in _UNIT_STARTS:
            return True
    return False


def separator_edits(address: str, parts: list[AdminPart]) -> list[Edit]:
    """The edits that make the separator between a word and the unit word after it the
    comma it is, where OCR read a period, a semicolon, a slash or a stray mark for it
    ("phường Hưng Dũng. thành phố Vinh", "Dũng ,thành phố", "Kiêu/quận"), or lost it after a unit's name in an
    address that puts commas before its other units ("quận Cầu Giấy thành phố Hà Nội").
    An address with no comma before any unit is written so, and words that are no unit's
    name run on ("nay là phường"): their spaces stay."""
    gaps = [(part, _SEPARATOR.search(address, 0, part.unit_span[0])) for part in parts]
    gaps = [(part, gap) for part, gap in gaps if gap.start() > 0 and address[gap.start() - 1].isalnum()]
    commas = any("," in gap.group() for _, gap in gaps)
    names_end = {part.name_span[1] for part in parts}
    return [((gap.start(), part.unit_span[0]), ", ") for part, gap in gaps
            if gap.group() != ", " and (gap.group().strip() or commas and gap.start() in names_end)]


def in_normal_case(address: str) -> str:
    """``address`` with address words OCR read in capitals inside normal-case text ("SỐ 12,
    đường Lê Lợi") in normal case: capitalised at the address's start, in lower case
    elsewhere, as addresses are written. An address mostly in capitals stays so, and so
    does a run of capitals with a name in it ("xã THÀNH CÔNG")."""
    words = list(re.finditer(r"[^\W\d_]{2,}", address))  # a lone letter ("5A", "P.") has no case to go by
    if sum(word.group().isupper() for word in words) * 2 >= len(words):
        return address
    runs: list[list[re.Match[str]]] = []
    for word in words:
        if not word.group().isupper():
            continue
        if runs and not address[runs[-1][-1].end():word.start()].strip():
            runs[-1].append(word)
        else:
            runs.append([word])
    recased = [word for run in runs if all(folded(word.group()) in ADDRESS_WORDS for word in run) for word in run]
    return edited(address, [((word.start(), word.end()),
                             word.group().capitalize() if word is words[0] else word.group().lower())
                            for word in recased])


def respelled_unit(address: str, part: AdminPart) -> list[Edit]:
    """The edit that spells ``part``'s unit word as it should be ("Tố dân phố" -> "Tổ dân
    phố"), unless abbreviated ("TP.")."""
    read_unit = address[part.unit_span[0]:part.unit_span[1]]
    if read_unit.lower() in ABBREVIATIONS:
        return []
    return [(part.unit_span, respelled(read_unit, part.unit))]


def respelled(read: str, register_name: str) -> str:
    """``read`` with each word that differs from the register's (both tone placements
    agreeing) replaced by the register's, in the case it was read in and with its tone
    mark placed as the read placed it ("Thuý" read for the register's "Thủy" is "Thuỷ":
    the paper printed the modern placement, only the mark was misread). A word in capitals
    in a name not all in capitals ("tỉnh BẮC Ninh": a hard card's mark read large) is a
    misread case: it takes the register's."""
    read_words, words = read.split(), register_name.split()
    if len(read_words) != len(words):
        return register_name.upper() if read.isupper() else register_name
    in_capitals = read.isupper()
    out = []
    for as_read, spelt in zip(read_words, words):
        shouted = as_read.isupper() and len(as_read) > 1
        spelt = placed_like(spelt, as_read)
        if shouted and not in_capitals:  # "BẮC", "PHỐ": the register's case
            out.append(spelt)
        elif folded(as_read) == folded(spelt) and "." not in as_read and _in_a_case(as_read):
            out.append(as_read)
        elif shouted:
            out.append(spelt.upper())
        elif as_read[:1].isupper():
            out.append(spelt[:1].upper() + spelt[1:])
        else:
            out.append(spelt[:1].lower() + spelt[1:])
    return " ".join(out)


def _in_a_case(word: str) -> bool:
    """Whether ``word`` is written in one of the cases words are written in: all capitals,
    all lower case, or a capital first ("NẴng", a mark's capital misread, is none)."""
    return word.isupper() or word.islower() or (word[:1].isupper() and word[1:].islower())


def edited(address: str, edits: list[Edit]) -> str:
    """``address`` with ``edits`` made; an edit that overlaps one listed before it is dropped."""
    kept: list[Edit] = []
    for (start, end), text in edits:
        if not any(start < other_end and other_start < end for (other_start, other_end), _ in kept):
            kept.append(((start, end), text))
    for (start, end), text in sorted(kept, reverse=True):
        address = address[:start] + text + address[end:]
    return address

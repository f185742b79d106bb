"""Vietnamese family names: a closed, short list that a misread surname can be mended to.

A handful of family names cover nearly every citizen (Nguyễn alone about four in ten).
A tone mark lost or changed in one of them ("NGUYÊN", "PHAM", "TRÂN") still leaves a
valid syllable, which the syllable check cannot catch; but when the first word of a
name is no family name while exactly one family name has the same letters, that one is
what the paper says. In a name field the mend is reported (a warning), never silent.

In the page's words (:func:`mend_family_names`, run by the engine) a name must first be
told from other capitalised words: "CỘNG HÒA", "HỘ KINH DOANH", "ĐĂNG KÝ KẾT HÔN" or
"Thái Nguyên" must stay as printed. There a word is mended only when it stands where
papers put a person's name (:func:`person_name_spans`) and the misread only lost marks
(NGUYỄN -> NGUYÊN, PHẠM -> PHAM; HỘ is no lost-mark reading of HỒ).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from itertools import groupby

from ocr.model import Word
from ocr.syllables import VOWELS, Tone, decompose, is_syllable, skeleton

log = logging.getLogger(__name__)

FAMILY_NAMES: tuple[str, ...] = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Vương", "Trịnh", "Trương", "Lâm", "Phùng", "Mai",
    "Tô", "Hà", "Tạ", "Cao", "Lương", "Đinh", "Lưu", "Chu", "Kiều", "Quách", "Thái", "Tăng",
    "Triệu", "Khúc", "Nghiêm", "La", "Lã", "Tôn", "Hứa", "Âu", "Giang", "Mạc", "Thân", "Diệp",
    "Châu", "Tống", "Đồng", "Từ", "Bạch", "Lại", "Kim", "Bế", "Nông", "Đàm", "Ninh", "Quan",
    "Lục", "Lò", "Lữ", "Văn", "Doãn", "Khổng", "Viên", "Phí", "Ông", "Hầu", "Ma", "Vi", "Hoa",
)
"""Common family names (the ones with marks are the ones a misread can change)."""

OTHER_FAMILY_NAMES: tuple[str, ...] = (
    "Bành", "Biện", "Cam", "Cù", "Chế", "Chung", "Cung", "Danh", "Đái", "Đậu", "Giáp", "Hàn",
    "Kha", "Khiếu", "Khuất", "Khương", "Lạc", "Lỗ", "Mã", "Mạch", "Mẫn", "Nhan", "Nhâm", "Ôn",
    "Phó", "Phương", "Quản", "Sầm", "Sơn", "Tào", "Thạch", "Thi", "Thiều", "Thiệu", "Tiêu",
    "Tiết", "Trình", "Ung", "Uông", "Ứng", "Vưu", "Xa", "Yên", "Y", "H'", "Ksor", "Rơ", "Siu",
    "Niê", "Kpă", "Rcom", "Nay", "Lường", "Cầm", "Bàn", "Giàng", "Sùng", "Thào", "Vừ", "Lầu",
    "Mua", "Hạng", "Tẩn", "Đèo", "Quàng",
)
"""Rarer family names (the Khmer, Tày, Thái, H'Mông, Dao and Central Highlands peoples'
among them): known, so not doubted, but never a misread's mend (:func:`family_name_for`
keeps to the common ones)."""

NAME_WORDS = (2, 4)
"""Words in a person's name as the page words are mended (family, middle, given names)."""
PERSON_WORDS = frozenset({"ông", "bà", "ông/bà", "anh", "chị", "cô", "vợ", "chồng", "con",
                          "cha", "mẹ", "em", "cháu"})
"""Words printed right before a name: honorifics ("Ông VŨ VĂN LONG") and the relation
column of a household table ("Vợ NGUYỄN THỊ LAN")."""
EVERYDAY_WORDS = frozenset({"đăng ký", "tư pháp", "ly hôn", "trân trọng", "đô thị",
                            "đông", "không", "đang", "do", "dạng"})
"""Everyday words and phrases whose first word reads as a family name without its marks
("ĐĂNG KÝ KẾT HÔN", "TƯ PHÁP", "Đông Anh"): the ones found in page texts of generated
papers (seeds 61-90). Confidence does not tell them from misreads (measured: ĐĂNG in
ĐĂNG KÝ at 0.96, misread NGUYÊN at 0.84-0.95), so in page words they stay as printed;
a name field (which knows it holds a name) still mends them."""
MENDED_FACTOR = 0.5
"""Confidence factor of a mended family name: the doubt a name field's mend warning
carries (``ocr.fields.WARNING_PENALTY``), kept now that the field reads it mended."""

_ROW_NUMBER = re.compile(r"\d{1,3}[.)]?")
_TRAILING = ".,"  # OCR specks after a name's last word ("NGUYÊN THỊ LAN.")
_LABEL_ENDS = ":)"  # "Họ và tên: NGUYỄN AN", "(Ký, ghi rõ họ tên) NGUYỄN AN" (side by side)
_NEXT_COLUMN = "("  # "NGUYỄN AN (Ký, ghi rõ họ tên)": the next signature block


def _folded(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


_KNOWN = frozenset(_folded(name) for name in FAMILY_NAMES)
_BY_SKELETON: dict[str, list[str]] = {}
for _name in FAMILY_NAMES:
    _BY_SKELETON.setdefault(skeleton(_name), []).append(_name)
_MARKED = frozenset(name for name in FAMILY_NAMES if skeleton(name) != _folded(name))


_ANY_KNOWN = _KNOWN | frozenset(_folded(name) for name in OTHER_FAMILY_NAMES)


def is_common_family_name(word: str) -> bool:
    """Whether ``word`` is one of ``FAMILY_NAMES`` (the rarer ones a misread is never mended to aside)."""
    return _folded(word) in _KNOWN


def is_family_name(word: str) -> bool:
    """Whether ``word`` is a family name the lists hold ("H'Hen": its "H'" prefix)."""
    folded = _folded(word)
    return folded in _ANY_KNOWN or folded.startswith("h'")


def family_name_for(word: str) -> str | None:
    """The one marked family name spelt with the letters of ``word`` (in its case) when
    ``word`` is no family name itself; ``None`` when none or several ("DOAN": Đoàn or
    Doãn) fit, or mending would only drop marks."""
    if _folded(word) in _KNOWN:
        return None
    candidates = _BY_SKELETON.get(skeleton(word), [])
    if len(candidates) != 1 or candidates[0] not in _MARKED:
        return None
    return candidates[0].upper() if word.isupper() else candidates[0]


def mend_family_name(name: str) -> str:
    """``name`` with its first word replaced by the one family name with the same letters
    and some marks, when that word is no family name itself ("NGUYÊN VĂN AN" -> "NGUYỄN
    VĂN AN"), or by the one family name a letter away from a first word that is no
    Vietnamese syllable at all ("ĐUNH THANH THẢO" -> "ĐINH THANH THẢO"); otherwise ``name``
    unchanged. The case of the word as read is kept."""
    words = name.split()
    mended = (family_name_for(words[0]) or _family_name_a_letter_away(words[0])) if len(words) >= 2 else None
    if mended is None:
        return name
    log.debug("family name %r read as %r", mended, words[0])
    return " ".join([mended] + words[1:])


MIN_PART_LETTERS = 2
"""Letters in each half of a word parted, which part between two consonants ("KIM|NGA"): a
lone vowel split off, or a part between vowels, would leave names of the Central
Highlands' peoples, which are no Vietnamese syllables, in pieces ("NIÊ", "AYUN")."""


def part_run_together(name: str) -> str:
    """``name`` with each word that is no syllable but two run together, in one way only,
    parted between two consonants ("LÝ KIMNGA" -> "LÝ KIM NGA": a space OCR lost). A word
    in capitals parts wherever both halves are syllables; a capitalised one only before a
    capital ("KimNga"). A word that parts several ways stays as read."""
    words = []
    for word in name.split(" "):
        ways = [] if is_syllable(word) else [
            at for at in range(MIN_PART_LETTERS, len(word) - MIN_PART_LETTERS + 1)
            if is_syllable(word[:at]) and is_syllable(word[at:]) and (word.isupper() or word[at].isupper())]
        between_consonants = len(ways) == 1 and not {skeleton(word[ways[0] - 1]), skeleton(word[ways[0]])} & VOWELS
        words.append(f"{word[:ways[0]]} {word[ways[0]:]}" if between_consonants else word)
    return " ".join(words)


def _family_name_a_letter_away(word: str) -> str | None:
    """The one family name whose letters differ from ``word``'s in one place, when ``word``
    is no syllable (so no name of its own); ``None`` when none or several are."""
    if is_syllable(word) or not word.isalpha():
        return None
    letters = skeleton(word)
    found = [name for key, names in _BY_SKELETON.items() if len(key) == len(letters)
             and sum(a != b for a, b in zip(key, letters)) == 1 for name in names]
    if len(found) != 1:
        return None
    return found[0].upper() if word.isupper() else found[0]


def only_marks_lost(read: str, name: str) -> bool:
    """Whether ``read`` is ``name`` with some marks missing and none changed or added
    ("NGUYÊN" of "NGUYỄN", not "HỘ" of "HỒ"): the way tesseract misreads capitals."""
    for read_char, name_char in zip(unicodedata.normalize("NFC", read).lower(), name.lower()):
        _, read_modifier, read_tone = decompose(read_char)
        _, name_modifier, name_tone = decompose(name_char)
        if read_modifier and read_modifier != name_modifier:
            return False
        if read_tone is not Tone.NGANG and read_tone is not name_tone:
            return False
    return True


def person_name_spans(texts: Sequence[str]) -> list[tuple[int, int]]:
    """(start, stop) of the runs of ``texts`` (one line's words) that stand where papers
    print a person's name: 2-4 syllables all in capitals or all capitalised, at the
    line's start, after a label's colon or bracket, a table's row number or a word such
    as "Ông" or "Vợ", and ending the line or followed by a number ("3 NGUYỄN NGỌC BÌNH
    17/05/1967"; see :func:`_closes_name`). Capitalised runs in the middle of a sentence,
    longer titles ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") and labels ("NGUYÊN QUÁN:") are
    left out."""
    spans, start = [], 0
    while start < len(texts):
        if _folded(texts[start]) in PERSON_WORDS:
            start += 1  # "Ông", "Vợ": before the name, not its first word
            continue
        style = _name_style(texts[start])
        stop = start + 1
        while style and stop < len(texts) and _name_style(texts[stop].rstrip(_TRAILING)) == style:
            stop += 1
            if texts[stop - 1][-1] in _TRAILING:
                break
        if (style and NAME_WORDS[0] <= stop - start <= NAME_WORDS[1] and _opens_name(texts, start)
                and _closes_name(texts, stop)):
            spans.append((start, stop))
        start = stop
    return spans


def _name_style(text: str) -> str | None:
    """"upper" or "title" for a syllable written as in a name, else ``None``."""
    if not text.isalpha() or not is_syllable(text):
        return None
    if text.isupper():
        return "upper"
    return "title" if text[0].isupper() and text[1:].islower() else None


def _closes_name(texts: Sequence[str], stop: int) -> bool:
    """Whether a name may end before ``texts[stop]``: the line's end, a number (a table's
    next column), a bracket (the next signature block's "(Ký"), or a last speck of one
    character ("NGUYÊN NGỌC HÙNG x": a card's photo frame read as a letter)."""
    if stop == len(texts) or texts[stop][:1] in _NEXT_COLUMN or texts[stop][:1].isdigit():
        return True
    return stop == len(texts) - 1 and sum(char.isalnum() for char in texts[stop]) <= 1


def _opens_name(texts: Sequence[str], index: int) -> bool:
    if index == 0:
        return True
    before = texts[index - 1]
    if before[-1:] in _LABEL_ENDS or (index == 1 and _ROW_NUMBER.fullmatch(before)):
        return True
    return _folded(before) in PERSON_WORDS and _opens_name(texts, index - 1)


def _is_everyday(first_words: Sequence[str]) -> bool:
    return (_folded(first_words[0]) in EVERYDAY_WORDS
            or _folded(" ".join(first_words).rstrip(_TRAILING)) in EVERYDAY_WORDS)


def mend_family_names(words: Sequence[Word]) -> list[Word]:
    """``words`` (a page's, in reading order) with the family name of each person's name
    (:func:`person_name_spans`) mended when it only lost marks ("NGUYÊN NGỌC BÌNH" ->
    "NGUYỄN NGỌC BÌNH") and starts no everyday phrase (``EVERYDAY_WORDS``); the mended
    word's confidence is multiplied by ``MENDED_FACTOR``."""
    out = list(words)
    index = 0
    for _, group in groupby(words, key=lambda word: word.line):
        line = list(group)
        texts = [word.text for word in line]
        for start, _ in person_name_spans(texts):
            word = line[start]
            mended = family_name_for(word.text)
            if (mended and only_marks_lost(word.text, mended)
                    and not _is_everyday(texts[start:start + 2])):
                log.debug("family name %r read as %r (confidence %.2f)", mended, word.text,
                          word.confidence)
                out[index + start] = Word(mended, word.bbox, word.confidence * MENDED_FACTOR,
                                          word.line)
        index += len(line)
    return out

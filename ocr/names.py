"""Vietnamese family names: a closed, short list that a misread surname can be mended to.

A handful of family names cover nearly every citizen (Nguyễn alone about four in ten).
A tone mark lost or changed in one of them ("NGUYÊN", "PHAM", "TRÂN") still leaves a
valid syllable, which the syllable check cannot catch; but when the first word of a
name is no family name while exactly one family name has the same letters, that one is
what the paper says. The mend is reported (a warning), never silent.
"""

from __future__ import annotations

import logging
import unicodedata

from ocr.syllables import skeleton

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


def _folded(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


_KNOWN = frozenset(_folded(name) for name in FAMILY_NAMES)
_BY_SKELETON: dict[str, list[str]] = {}
for _name in FAMILY_NAMES:
    _BY_SKELETON.setdefault(skeleton(_name), []).append(_name)
_MARKED = frozenset(name for name in FAMILY_NAMES if skeleton(name) != _folded(name))


def mend_family_name(name: str) -> str:
    """``name`` with its first word replaced by the one family name with the same letters
    and some marks, when that word is no family name itself ("NGUYÊN VĂN AN" -> "NGUYỄN
    VĂN AN"); otherwise ``name`` unchanged. The case of the word as read is kept."""
    words = name.split()
    if len(words) < 2 or _folded(words[0]) in _KNOWN:
        return name
    candidates = _BY_SKELETON.get(skeleton(words[0]), [])
    if len(candidates) != 1 or candidates[0] not in _MARKED:
        return name  # ambiguous ("DOAN": Đoàn or Doãn), or mending would only drop marks
    mended = candidates[0].upper() if words[0].isupper() else candidates[0]
    log.debug("family name %r read as %r", mended, words[0])
    return " ".join([mended] + words[1:])

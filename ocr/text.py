"""Text helpers for OCR output: NFC, whitespace, accent folding and fuzzy matching.

Vietnamese arrives both composed and decomposed; every rule downstream runs on the
NFC form. Accent folding is only for *matching* (labels, keywords), never for values.
"""

from __future__ import annotations

import logging
import re
import unicodedata

log = logging.getLogger(__name__)

_FOLDS = str.maketrans({
    # quotes
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u2033": '"',
    # dashes and minus
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    # invisible characters that only get in the way
    "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
    "\u00ad": None,
})
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")  # any whitespace except newline (incl. NBSP)
_SPACES = re.compile(r"\s+")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def to_nfc(text: str) -> str:
    """The NFC form of ``text``: the only form rules and comparisons run on."""
    return unicodedata.normalize("NFC", text)


def normalize_text(text: str) -> str:
    """NFC, typographic quotes and dashes folded to ASCII, whitespace unified.

    Runs of spaces/tabs/NBSP become one space, lines are stripped, ``\\r\\n`` becomes
    ``\\n`` and at most one blank line is kept between paragraphs. Ellipses ("…") are
    kept: they are dot leaders that value cleaning removes on its own terms.
    """
    text = to_nfc(text).translate(_FOLDS).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def strip_accents(text: str) -> str:
    """``text`` without tone marks and diacritics (đ→d, Đ→D), for matching only."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return to_nfc(bare.replace("đ", "d").replace("Đ", "D"))


def fold_for_match(text: str) -> str:
    """Accent-free, casefolded, single-spaced ``text``: the key labels are compared on."""
    folded = strip_accents(normalize_text(text)).casefold()
    return _SPACES.sub(" ", folded).strip()


def fuzzy_contains(haystack: str, needle: str, max_ratio: float = 0.2) -> bool:
    """Whether ``needle`` occurs in ``haystack`` with at most ``max_ratio`` edits per character.

    Both are compared folded (see :func:`fold_for_match`); the allowed number of edits
    (insertions, deletions, substitutions) is ``floor(max_ratio * len(needle))``, so
    ``max_ratio=0`` asks for an exact folded substring.
    """
    return fuzzy_find(haystack, needle, max_ratio) is not None


def fuzzy_find(haystack: str, needle: str, max_ratio: float = 0.2) -> int | None:
    """The fewest edits with which folded ``needle`` occurs in folded ``haystack``.

    ``None`` when it needs more than ``max_ratio * len(needle)`` edits.
    """
    hay, pattern = fold_for_match(haystack), fold_for_match(needle)
    if not pattern:
        return 0
    budget = int(max_ratio * len(pattern))
    distance = _substring_distance(hay, pattern)
    return distance if distance <= budget else None


def _substring_distance(text: str, pattern: str) -> int:
    """Smallest edit distance between ``pattern`` and any substring of ``text`` (Sellers)."""
    previous = list(range(len(pattern) + 1))
    best = previous[-1]
    for ch in text:
        current = [0]
        for j, pch in enumerate(pattern, start=1):
            cost = 0 if ch == pch else 1
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost))
        best = min(best, current[-1])
        previous = current
    return best


def fold_same_length(text: str) -> str:
    """``text`` folded character by character (accents dropped, casefolded) keeping length.

    A regex run on the result gives spans that are valid on ``text`` itself, so a match
    found accent-insensitively can be mapped back to the words it came from. A character
    whose fold is not exactly one character is kept as it is.
    """
    out = []
    for ch in text:
        folded = strip_accents(ch).casefold()
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)

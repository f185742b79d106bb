"""Lines tesseract read across two rows of print, parted into their rows.

Where art was erased from a card face (the seal over the issuing office's two English
lines), each row of print is left in pieces with gaps, and tesseract's line finder now
and then strings the pieces of both rows into one line ("FOR DIRECTOR GE AL OF HE
POLICE ENT OF DEPARTMENT SOCIAL ORDER"): the words of one line, read from left to right,
alternate between the rows. A line whose words' middles fall into two bands, a good part
of a word's height apart, is two lines: the upper row's words, then the lower row's.
"""

from __future__ import annotations

from itertools import groupby
from statistics import median

from ocr.model import Word

ROW_GAP = 0.6
"""Word heights between the middles of the two rows' words (marks make a word's box
taller, which moves its middle up by a fifth of its height at most)."""
MIN_ROW_WORDS = 2
"""Each row holds at least this many words."""
LOWER_ROW = 500
"""Added to a parted line's number for its lower row: no block's paragraph has that many lines."""


def parted_rows(words: list[Word] | tuple[Word, ...]) -> list[Word]:
    """``words`` (each line's together) with every line that holds two rows of print
    parted in two, the upper row first; other lines as they were."""
    out: list[Word] = []
    for _, group in groupby(words, key=lambda word: word.line):
        line = list(group)
        upper, lower = _rows(line)
        out += upper + [Word(w.text, w.bbox, w.confidence, (*w.line[:2], w.line[2] + LOWER_ROW)) for w in lower]
    return out


def _rows(line: list[Word]) -> tuple[list[Word], list[Word]]:
    if len(line) < 2 * MIN_ROW_WORDS:
        return line, []
    middles = sorted((word.bbox[1] + word.bbox[3]) / 2 for word in line)
    height = median(word.bbox[3] - word.bbox[1] for word in line)
    gaps = [(middles[i + 1] - middles[i], i) for i in range(MIN_ROW_WORDS - 1, len(middles) - MIN_ROW_WORDS)]
    gap, at = max(gaps)
    if gap < ROW_GAP * height:
        return line, []
    cut = (middles[at] + middles[at + 1]) / 2
    return ([word for word in line if (word.bbox[1] + word.bbox[3]) / 2 < cut],
            [word for word in line if (word.bbox[1] + word.bbox[3]) / 2 >= cut])

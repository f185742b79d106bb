"""Lines tesseract read across two rows of print, parted into their rows.

Where art was erased from a card face (the seal over the issuing office's two English
lines), each row of print is left in pieces with gaps, and tesseract's line finder now
and then strings the pieces of both rows into one line ("FOR DIRECTOR GE AL OF HE
POLICE ENT OF DEPARTMENT SOCIAL ORDER"): the words of one line, read from left to right,
alternate between the rows; under the front's photo, the expiry's two labels and its date
come as one line ("Có Date 03/09/2035 gá of đền:"). A line whose words' middles fall
into bands a good part of a word's height apart is a line per band, top to bottom.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby
from statistics import median

from ocr.model import Word

ROW_GAP = 0.6
"""Word heights between the middles of the two rows' words (marks make a word's box
taller, which moves its middle up by a fifth of its height at most)."""
MIN_ROW_LETTERS = 2
"""Words with fewer letters and digits (specks, a comma, a dash) part no rows."""
NEXT_ROW = 500
"""Added to a parted line's number for each row below its first: no block's paragraph
has that many lines."""


def parted_rows(words: list[Word] | tuple[Word, ...]) -> list[Word]:
    """``words`` (each line's together) with every line that holds rows of print apart
    parted into them, the upper rows first; other lines as they were."""
    out: list[Word] = []
    for _, group in groupby(words, key=lambda word: word.line):
        line = list(group)
        for number, row in enumerate(_rows(line)):
            out += [replace(word, line=(*word.line[:2], word.line[2] + number * NEXT_ROW)) for word in row]
    return out


def _rows(line: list[Word]) -> list[list[Word]]:
    """``line``'s words by rows, top to bottom, each row's words in their order. Rows are
    cut where the middles of words of ``MIN_ROW_LETTERS`` or more lie ``ROW_GAP`` of
    their height apart; a speck or a mark goes with the row its middle is nearest."""
    solid = [word for word in line if sum(ch.isalnum() for ch in word.text) >= MIN_ROW_LETTERS]
    if len(solid) < 2:
        return [line]
    gap = ROW_GAP * median(word.bbox[3] - word.bbox[1] for word in solid)
    middles = sorted(_middle(word) for word in solid)
    cuts = [(low + high) / 2 for low, high in zip(middles, middles[1:]) if high - low >= gap]
    rows: list[list[Word]] = [[] for _ in range(len(cuts) + 1)]
    for word in line:
        rows[sum(_middle(word) >= cut for cut in cuts)].append(word)
    return [row for row in rows if row]


def _middle(word: Word) -> float:
    return (word.bbox[1] + word.bbox[3]) / 2

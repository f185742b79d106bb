"""A page's words given new texts, and its text rebuilt to match: what rewrites a value's
words in the text (the card's QR values, :mod:`ocr.card_values`; mended places,
:mod:`ocr.mended_places`) shares.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

from ocr.model import OcrResult, Word

Line = tuple[int, int, int]


def with_word_texts(ocr: OcrResult, words: list[Word]) -> OcrResult:
    """``ocr`` with its words' texts as in ``words`` (same order; "" drops a word), its
    text's lines rebuilt where they changed. A changed line whose text the page text does
    not hold exactly once as a whole line is left as it was, words and text alike."""
    changed = {old.line for old, new in zip(ocr.words, words) if old.text != new.text}
    if not changed:
        return ocr
    lines = ocr.text.split("\n")
    replaced: dict[int, str] = {}
    for line in changed:
        before = line_text(ocr.words, line)
        where = [number for number, text in enumerate(lines) if text == before]
        if len(where) == 1:
            replaced[where[0]] = line_text(words, line)
        else:
            words = [old if old.line == line else new for old, new in zip(ocr.words, words)]
    if not replaced:
        return ocr
    text = "\n".join(replaced.get(number, text) for number, text in enumerate(lines)
                     if replaced.get(number, text) or number not in replaced)
    return dataclasses.replace(ocr, words=tuple(word for word in words if word.text), text=text)


def line_text(words: Sequence[Word], line: Line) -> str:
    return " ".join(word.text for word in words if word.line == line and word.text)

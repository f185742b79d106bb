"""Words tesseract made out of a scribble: a signature, a drawn mark, a smudge.

A pen signature beside or over a typed line comes back from tesseract as one or two
"words" of symbols ("“J1", "M`z¬—", "G® ƠI +> C2") whose boxes are as tall as the
scribble: two or three times the height of the page's typed words. When such a word is
also read with low confidence, it is dropped, whatever the rest of its line scores
(the line-level noise filter keeps a line whose real words carry it over its threshold).
Coloured signatures are already gone from the OCR image (``intake.signatures``); this
catches gray and black ones.

A "word" of no letter or digit that is as tall goes whatever its confidence: no typed
punctuation is ("`\"" and "—~" at 0.7, a black signature on a bilevel receipt). So does
one of no letter or digit that holds any of ``STRAY_MARKS``, symbols no typed paper sets
apart as a word ("_>~——", "`", "⁄", "¬", "ˆ"): ends of strokes, specks and the edges of a
seal. Typed punctuation standing alone ("-", "/", "(*)", "./.", "...") stays.
"""

from __future__ import annotations

import logging
from statistics import median

from ocr.model import Word

log = logging.getLogger(__name__)

TALL = 2.2
"""A word this many times the page's typical word height is no typed word."""
MAX_CONFIDENCE = 0.5
"""...and is dropped when read with less confidence than this."""
STRAY_MARKS = frozenset("`~¬£¿¡^|\\„⁄_°¦§¤ˆ˜")
"""Symbols a typed word is never made of alone. Not "<": an ID card's machine-readable
zone pads with it, and tesseract may split a run of it off."""
SPACING_MARKS = ("\u02b0", "\u02ff")  # the Spacing Modifier Letters block
TYPICAL_CONFIDENCE = 0.6  # words this sure, with a letter or digit, give the typical height
MIN_TYPICAL_WORDS = 5


def drop_scribbles(words: list[Word]) -> list[Word]:
    """``words`` without the tall, unsure ones (see the module docstring)."""
    heights = [w.bbox[3] - w.bbox[1] for w in words
               if w.confidence >= TYPICAL_CONFIDENCE and any(c.isalnum() for c in w.text)]
    if len(heights) < MIN_TYPICAL_WORDS:
        return words
    limit = TALL * median(heights)
    scribble = [(w.bbox[3] - w.bbox[1] >= limit and (w.confidence < MAX_CONFIDENCE or _no_alnum(w.text)))
                or stray_marks(w.text) for w in words]
    if any(scribble):
        log.debug("scribbles read as words, dropped: %s", [w.text for w, s in zip(words, scribble) if s])
    return [w for w, s in zip(words, scribble) if not s]


def stray_marks(text: str) -> bool:
    """Whether a word has no letter or digit and holds one of ``STRAY_MARKS`` at least
    ("_>~——", "`.")."""
    return _no_alnum(text) and any(ch in STRAY_MARKS for ch in text) and "<<<" not in text  # an MRZ's filler, specked


def _no_alnum(text: str) -> bool:
    """No letter or digit; a spacing mark ("ˆ", "˜": Unicode calls them modifier letters)
    is none: a tone or hat that lost its letter."""
    return not any(ch.isalnum() and not SPACING_MARKS[0] <= ch <= SPACING_MARKS[1] for ch in text)

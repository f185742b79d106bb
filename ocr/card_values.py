"""The chip card's exact values written into the text read on its faces.

Where the card's QR code decoded (:mod:`ocr.id_card`), the fields already carry its exact
values; the page's text (the PDF's search layer, the sidecar's text) still holds what
tesseract made of the printed values on a poor copy ("LÝ MINH GIANG" but "72/06/2004",
"Quản Nưi Kiểu"). So each value the extractor found on a face is aligned, word by word,
with the words under its box, and the words it matches closely enough are rewritten with
it. The labels beside a value are left as read: the QR does not hold them, and the
alignment leaves words before and after the value's span alone.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping, Sequence

from rapidfuzz.distance import Levenshtein

from ocr.id_card import FACE_BLOCK, ChipCard, card_for_page
from ocr.id_card_read import ZONE_BLOCK
from ocr.model import BBox, Field, OcrResult, Word

MAX_COST = 0.45  # mean cost per value word of the alignment (a word 0..1 apart, 1 for one left out)
DATE_KEYS = ("dob", "issue_date")  # ISO in the fields, day/month/year on the card
SOUGHT_KEYS = ("name", "address")
"""Values looked for among all a face's words when the extractor did not find them (long
and unlike any other line of the card; a date could be taken for the expiry)."""
MAX_SOUGHT_COST = 0.35


def with_card_values(ocr: OcrResult, fields: Mapping[str, Field], cards: Sequence[ChipCard]) -> OcrResult:
    """``ocr`` with the page's card's exact values in place of the face words that read
    them (fields found on a card face only); ``ocr`` itself when there is no card, or
    nothing to rewrite."""
    card = card_for_page(list(cards), fields)
    if card is None:
        return ocr
    words = list(ocr.words)
    changed: dict[tuple[int, int, int], str] = {}  # line -> its text before
    for key, exact in card.field_values().items():
        found = fields.get(key)
        if found is None or found.value != exact:
            continue
        if found.bbox is not None:
            span = [index for index, word in enumerate(words) if _on_face_within(word, found.bbox)]
            most = MAX_COST
        elif key in SOUGHT_KEYS:  # the QR's alone: the OCR did not find it by its label
            span = [index for index, word in enumerate(words) if _on_face_words(word)]
            most = MAX_SOUGHT_COST
        else:
            continue
        printed = _as_printed(key, exact)
        for index, text in _rewrites([words[i] for i in span], printed.split(), most):
            word = words[span[index]]
            if text != word.text:
                changed.setdefault(word.line, _line_text(words, word.line))
                words[span[index]] = dataclasses.replace(word, text=text)
    if not changed:
        return ocr
    kept = [word for word in words if word.text]
    text = ocr.text
    for line, before in changed.items():
        text = text.replace(before, _line_text(kept, line), 1)
    return dataclasses.replace(ocr, words=tuple(kept), text=text)


def _as_printed(key: str, value: str) -> str:
    if key in DATE_KEYS and len(value) == 10 and value[4] == value[7] == "-":
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    return value


def _on_face_within(word: Word, box: BBox) -> bool:
    x, y = (word.bbox[0] + word.bbox[2]) / 2, (word.bbox[1] + word.bbox[3]) / 2
    return _on_face_words(word) and box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _on_face_words(word: Word) -> bool:
    """A word a card face's own read gave, not of its machine-readable zone."""
    return word.line[0] >= FACE_BLOCK and word.line[0] % FACE_BLOCK != ZONE_BLOCK


def _line_text(words: list[Word], line: tuple[int, int, int]) -> str:
    return " ".join(word.text for word in words if word.line == line and word.text)


def _rewrites(words: list[Word], tokens: list[str], most: float) -> list[tuple[int, str]]:
    """(index into ``words``, its new text; "" to drop it) for the closest span of
    ``words`` to ``tokens``; none when it costs more than ``most`` a token. Alignment: a word against
    a token costs their normalised edit distance, a token or a word left out costs 1;
    words before and after the span are free."""
    if not words or not tokens:
        return []
    texts = [word.text for word in words]
    rows, cols = len(tokens) + 1, len(texts) + 1
    cost = [[0.0] * cols for _ in range(rows)]
    step = [[""] * cols for _ in range(rows)]
    for i in range(1, rows):
        cost[i][0], step[i][0] = float(i), "token"
    for i in range(1, rows):
        for j in range(1, cols):
            options = ((cost[i - 1][j - 1] + Levenshtein.normalized_distance(tokens[i - 1], texts[j - 1]), "pair"),
                       (cost[i - 1][j] + 1.0, "token"),  # a token no word read: joined to the word before
                       (cost[i][j - 1] + 1.0, "word"))  # a word within the span that is no token: dropped
            cost[i][j], step[i][j] = min(options)
    end = min(range(1, cols), key=lambda j: cost[rows - 1][j])
    if cost[rows - 1][end] > most * len(tokens):
        return []
    new: dict[int, list[str]] = {}
    i, j = rows - 1, end
    pending: list[str] = []
    while i > 0:
        move = step[i][j]
        if move == "pair":
            new[j - 1] = [tokens[i - 1], *pending]
            pending = []
            i, j = i - 1, j - 1
        elif move == "token":
            pending.insert(0, tokens[i - 1])
            i -= 1
        else:
            new[j - 1] = []
            j -= 1
    if pending:  # tokens before the first matched word: they go with it
        first = min((index for index, parts in new.items() if parts), default=None)
        if first is None:
            return []
        new[first] = pending + new[first]
    return [(index, " ".join(parts)) for index, parts in sorted(new.items())]

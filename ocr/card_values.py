"""The chip card's exact values written into the text read on its faces.

Where the card's QR code decoded (:mod:`ocr.id_card`), the fields already carry its exact
values; the page's text (the PDF's search layer, the sidecar's text) still holds what
tesseract made of the printed values on a poor copy ("LÝ MINH GIANG" but "72/06/2004",
"Quản Nưi Kiểu"). So each value is aligned, word by word, with the face's words that read
it, and those words are rewritten with it. The labels beside a value are left as read:
the QR does not hold them, and a value's first word paired with a word unlike it (its
label, when the value's first word was not read) is taken back. Where the face may be
another person's card (its own ID number, well read, differs from the QR's), nothing is
rewritten; where its ID number is not the QR's for sure, neither is a value read
well-formed but otherwise ("NGUYỄN VĂN BÌNH" for "NGUYỄN VĂN AN"): the text keeps what an
officer has to check.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping, Sequence

from rapidfuzz.distance import Levenshtein

from ocr.dates import card_date, find_date
from ocr.id_card import FACE_BLOCK, SEXES, ChipCard, card_for_page, on_card_face
from ocr.id_card_read import ZONE_BLOCK
from ocr.model import Field, OcrResult, Word, centre_within
from ocr.syllables import is_syllable
from ocr.validate import FieldWarning
from ocr.word_texts import with_word_texts

MAX_COST = 0.7  # a value found by its label: mean cost per value word the alignment may take
MAX_UNREAD = 0.25  # share of a value's words no word read, at most (one always: "Số" lost)
MAX_SOUGHT_COST = 0.35  # a value looked for among all the face's words: far stricter
CLOSE_PAIR = 0.5  # normalised edits: a word farther from the value's first word may be its label
LEFT_OUT = 1.0  # a value's word no word read, or a word of another line of the span
JUNK_INSIDE = 0.25  # a word within a value found by its label that is none of its words
DATE_KEYS = ("dob", "issue_date")  # ISO in the fields, day/month/year on the card
SOUGHT_KEYS = ("name", "address")
"""Values looked for among all a face's words when the extractor did not find them (long
and unlike any other line of the card; a date could be taken for the expiry)."""


def with_card_values(ocr: OcrResult, fields: Mapping[str, Field], cards: Sequence[ChipCard]) -> OcrResult:
    """``ocr`` with the page's card's exact values in place of the face words that read
    them (words read on a card face only, the zone's excepted); ``ocr`` itself when there
    is no card, the face may be another card, or nothing is to be rewritten."""
    card = card_for_page(list(cards), fields)
    id_number = fields.get("id_number")
    if card is None or _another_card(id_number):
        return ocr
    same_card = id_number is not None and id_number.value == card.id_number and not id_number.warnings
    words = list(ocr.words)
    for key, exact in card.field_values().items():
        found = fields.get(key)
        if found is None or found.value != exact or (not same_card and _read_otherwise(key, found)):
            continue
        if found.bbox is not None:
            span = [index for index, word in enumerate(words)
                    if _on_face(word) and centre_within(word.bbox, found.bbox)]
            one_line = len({words[index].line for index in span}) == 1
            rewrites = _rewrites([words[i] for i in span], _as_printed(key, exact).split(), MAX_COST,
                                 free_before=not one_line, junk=JUNK_INSIDE)
        elif key in SOUGHT_KEYS:  # the QR's alone: the OCR did not find it by its label
            span = [index for index, word in enumerate(words) if _on_face(word) and word.text]
            rewrites = _rewrites([words[i] for i in span], exact.split(), MAX_SOUGHT_COST,
                                 free_before=True, free_after=True)
        else:
            continue
        for index, text in rewrites:
            words[span[index]] = dataclasses.replace(words[span[index]], text=text)
    return with_word_texts(ocr, words)


def _another_card(id_number: Field | None) -> bool:
    """Whether the face read an ID number of its own, well-formed, other than the QR's:
    the QR may be another card's on the same sheet."""
    return (id_number is not None and FieldWarning.ID_CARD_QR_MISMATCH in id_number.warnings
            and sum(ch.isdigit() for ch in id_number.raw) in (9, 12))


def _read_otherwise(key: str, found: Field) -> bool:
    """Whether the OCR read a well-formed value other than the QR's (a real date, a name
    of syllables, a sex): a disagreement to show, not a misread to hide."""
    if FieldWarning.ID_CARD_QR_MISMATCH not in found.warnings:
        return False
    raw = found.raw.strip()
    if key in DATE_KEYS:
        return find_date(raw) is not None
    if key == "name":
        return bool(raw.split()) and all(is_syllable(word) for word in raw.split())
    if key == "sex":
        return raw in SEXES
    return key == "id_number"


def _as_printed(key: str, value: str) -> str:
    """A value as the card prints it: dates day/month/year."""
    if key in DATE_KEYS and len(value) == 10 and value[4] == value[7] == "-":
        return card_date(value)
    return value


def _on_face(word: Word) -> bool:
    """A word a card face's own read gave, not of its machine-readable zone."""
    return on_card_face(word) and word.line[0] % FACE_BLOCK != ZONE_BLOCK


def _rewrites(words: list[Word], tokens: list[str], most: float, *, free_before: bool = False,
              free_after: bool = False, junk: float = LEFT_OUT) -> list[tuple[int, str]]:
    """(index into ``words``, its new text; "" to drop it) for the span of ``words``
    closest to ``tokens``; none when the alignment costs more than ``most`` a token.

    A word against a token costs their normalised edit distance; a token no word read
    costs ``LEFT_OUT`` and joins the word before it (more than ``MAX_UNREAD`` of them: no
    rewrite); a word of the span that is no token costs ``junk`` and is dropped. Words
    before the span (``free_before``: labels) and after it (``free_after``) cost nothing
    and stay as read; so does a first word paired while unlike its token (beyond
    ``CLOSE_PAIR``): the value's first word was not read and the pair is its label
    ("residence:" for "Số")."""
    if not words or not tokens:
        return []
    texts = [word.text for word in words]
    rows, cols = len(tokens) + 1, len(texts) + 1
    cost = [[0.0] * cols for _ in range(rows)]
    step = [[""] * cols for _ in range(rows)]
    for j in range(1, cols):
        cost[0][j], step[0][j] = (0.0, "") if free_before else (j * junk, "word")
    for i in range(1, rows):
        cost[i][0], step[i][0] = i * LEFT_OUT, "token"
        for j in range(1, cols):
            pair = Levenshtein.normalized_distance(tokens[i - 1], texts[j - 1])
            cost[i][j], step[i][j] = min((cost[i - 1][j - 1] + pair, "pair"),
                                         (cost[i - 1][j] + LEFT_OUT, "token"),
                                         (cost[i][j - 1] + junk, "word"))
    end = min(range(cols), key=lambda j: cost[rows - 1][j]) if free_after else cols - 1
    if cost[rows - 1][end] > most * len(tokens):
        return []
    new: dict[int, list[str]] = {}
    pending: list[str] = []  # tokens after the word paired next (going back): they join it
    unread = 0
    i, j = rows - 1, end
    while i > 0 or step[i][j] == "word":
        move = step[i][j]
        if move == "pair":
            new[j - 1] = [tokens[i - 1], *pending]
            pending = []
            i, j = i - 1, j - 1
        elif move == "token":
            pending.insert(0, tokens[i - 1])
            unread += 1
            i -= 1
        else:
            new[j - 1] = []
            j -= 1
    if unread > max(1, MAX_UNREAD * len(tokens)):
        return []  # the words read are part of the value only (a wrapped line left out)
    paired = sorted(index for index, parts in new.items() if parts)
    while len(paired) > 1 and Levenshtein.normalized_distance(new[paired[0]][0], texts[paired[0]]) > CLOSE_PAIR:
        pending += new.pop(paired.pop(0))  # unlike the value's first word: a label, left as read
    if pending:  # tokens before the first paired word: they go with it
        if not paired:
            return []
        new[paired[0]] = pending + new[paired[0]]
    return [(index, " ".join(parts)) for index, parts in sorted(new.items())]

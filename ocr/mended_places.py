"""A place's mended spelling written into the page's text.

An address or place of origin whose unit words or names the register mended
(:mod:`ocr.places`: "quân Hải Châu" -> "quận Hải Châu", "Hà Nôi" -> "Hà Nội") goes out
mended in its field, while the page's text (the PDF's search layer, the sidecar's text)
still held what was read: a search for "quận Hải Châu" missed the page. Where the mended
value is the field's words one for one, each word the mend changed is written in the
text; a word changed beyond its marks and one letter, letters changed in more than one
word, or a value whose words do not pair one for one with the words read (scraps cut
before it, words split), leaves the text as read. A card's place of origin the field took
for the register place its line is nearest as a whole (garbled past mending word by word,
:mod:`ocr.origin_places`) is written as that place, its line's words one word.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping

from rapidfuzz.distance import Levenshtein

from ocr.model import Field, OcrResult, Word, centre_within, enclosing_box
from ocr.origin_places import garbled, nearest_place
from ocr.places import check_address
from ocr.syllables import skeleton
from ocr.validate import FieldWarning
from ocr.word_texts import with_word_texts

PLACE_KEYS = ("address", "place_of_origin", "birth_place")
MAX_LETTERS_CHANGED = 1  # letters a mend may change in a word besides its marks ...
MAX_WORDS_RESPELT = 1  # ... in this many words of the value at most (more: the words do not pair)


def with_mended_places(ocr: OcrResult, fields: Mapping[str, Field]) -> OcrResult:
    """``ocr`` with the words of each mended place (``address_mended``) spelt as mended:
    each changed word differs from the read one by its marks, case or punctuation and at
    most ``MAX_LETTERS_CHANGED`` letters (skeletons, lower case), in at most
    ``MAX_WORDS_RESPELT`` words."""
    words = list(ocr.words)
    for key in PLACE_KEYS:
        found = fields.get(key)
        if found is None or found.bbox is None or FieldWarning.ADDRESS_MENDED not in found.warnings:
            continue
        span = [index for index, word in enumerate(words) if word.text and centre_within(word.bbox, found.bbox)]
        mended = found.value.split()
        if key != "address" and _a_register_place_for(words, span, found.value):
            words = _as_one_line(words, span, found.value)
            continue
        if len(span) != len(mended):
            continue
        pairs = [(index, text) for index, text in zip(span, mended) if words[index].text != text]
        letters = [Levenshtein.distance(skeleton(words[index].text), skeleton(text)) for index, text in pairs]
        if sum(map(bool, letters)) <= MAX_WORDS_RESPELT and max(letters, default=0) <= MAX_LETTERS_CHANGED:
            for index, text in pairs:
                words[index] = dataclasses.replace(words[index], text=text)
    return with_word_texts(ocr, words)


def _a_register_place_for(words: list[Word], span: list[int], value: str) -> bool:
    """Whether ``value`` is the register place the words of ``span``, one line of them,
    read as a whole are nearest (:mod:`ocr.origin_places`), where mending them name by
    name (:func:`ocr.places.check_address`) did not make it: the field took it for them."""
    if not span or len({words[index].line for index in span}) != 1:
        return False
    read = " ".join(words[index].text for index in span)
    return garbled(read) and check_address(read, street=False).value != value and nearest_place(read) == value


def _as_one_line(words: list[Word], span: list[int], value: str) -> list[Word]:
    """``words`` with the span's first word spelling ``value`` in the span's joint box, and
    its other words "" (dropped: :func:`ocr.word_texts.with_word_texts`)."""
    box = enclosing_box(words[index].bbox for index in span)
    out = list(words)
    out[span[0]] = dataclasses.replace(words[span[0]], text=value, bbox=box)
    for index in span[1:]:
        out[index] = dataclasses.replace(words[index], text="")
    return out

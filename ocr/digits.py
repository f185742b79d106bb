"""Letters OCR reads in place of digits, mended inside digit fields only.

Tesseract reads a faint or serif 0 as O, 1 as l, I or "]", 5 as S, 8 as B, 6 as G or b
and 2 as Z. Inside an ID
number, a phone number or a date those letters cannot be right; anywhere else (a name,
an address) they are, so the fix is applied only to the text of a digit field.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

LOOKALIKES = str.maketrans({
    "O": "0", "o": "0", "D": "0", "Q": "0",
    "l": "1", "I": "1", "i": "1", "|": "1", "!": "1", "]": "1",
    "S": "5", "s": "5",
    "B": "8",
    "G": "6", "b": "6",
    "Z": "2", "z": "2",
})
_IN_BRACKETS = {**LOOKALIKES, ord("]"): "]"}  # "[12/03/2004]": a "]" that closes a "[" is one
_LOOKALIKE_CHARS = frozenset("OoDQlIi|!]SsBGbZz")
_TOKEN = re.compile(r"\S+")


def fix_digit_lookalikes(text: str) -> str:
    """O→0, l/I→1, S→5, B→8, G→6, Z→2 and the like in the digit-like tokens of ``text``.

    A token is digit-like when at least half of it is digits ("O19l9", "1S/O3/199O"), or
    when it is made of digits and lookalikes only and stands next to a digit-like token
    ("019 19O OOl 234"). The text keeps its length, so spans found in the result are
    valid in ``text``. Only for digit fields: applied to a name it would ruin it.
    """
    tokens = list(_TOKEN.finditer(text))
    digit_like = [_mostly_digits(token.group()) for token in tokens]
    out = list(text)
    for index, token in enumerate(tokens):
        word = token.group()
        beside_digits = any(0 <= other < len(tokens) and digit_like[other]
                            for other in (index - 1, index + 1))
        if digit_like[index] or (beside_digits and _digits_and_lookalikes(word)):
            out[token.start():token.end()] = word.translate(LOOKALIKES if "[" not in word else _IN_BRACKETS)
    return "".join(out)


def _mostly_digits(word: str) -> bool:
    return sum(ch.isdigit() for ch in word) * 2 >= len(word)


def _digits_and_lookalikes(word: str) -> bool:
    return all(ch.isdigit() or ch in _LOOKALIKE_CHARS for ch in word)


def one_digit_off(read: str, right: str) -> bool:
    """Whether ``read`` is ``right`` with one digit misread."""
    differing = [(a, b) for a, b in zip(read, right) if a != b]
    return len(read) == len(right) and len(differing) == 1 and all(a.isdigit() and b.isdigit() for a, b in differing)

"""Accuracy figures: character and word error rates, field exact-match."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

_SPACES = re.compile(r"\s+")


def normalise_for_cer(text: str) -> str:
    """NFC, one space between words, no leading/trailing space: layout is not scored."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def char_errors(hypothesis: str, truth: str) -> tuple[int, int]:
    """(edit distance, reference length) after normalisation."""
    hyp, ref = normalise_for_cer(hypothesis), normalise_for_cer(truth)
    return Levenshtein.distance(hyp, ref), len(ref)


def word_errors(hypothesis: str, truth: str) -> tuple[int, int]:
    hyp, ref = normalise_for_cer(hypothesis).split(), normalise_for_cer(truth).split()
    return Levenshtein.distance(hyp, ref), len(ref)


def rate(pairs: list[tuple[int, int]]) -> float | None:
    errors = sum(e for e, _ in pairs)
    total = sum(n for _, n in pairs)
    return errors / total if total else None

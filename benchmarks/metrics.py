"""Accuracy figures: character and word error rates, field exact-match, auto-accept
rate and precision, and the expected calibration error of field confidences."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ocr.calibration import expected_calibration_error

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


@dataclass(frozen=True, slots=True)
class FieldScore:
    """One field the truth of a page holds, and what a system read for it."""

    key: str
    kind: str  # the paper kind (form, receipt, id_card_copy, ...)
    level: str  # clean, mild or hard
    truth: str
    value: str | None  # None: not found
    confidence: float  # 0 when not found
    raw_confidence: float  # before calibration
    warnings: tuple[str, ...] = ()
    poor_page: bool = False  # on a page the system marked for rescanning (Intake only)

    @property
    def warned(self) -> bool:
        return bool(self.warnings)

    @property
    def correct(self) -> bool:
        return self.value is not None and normalise_value(self.value) == normalise_value(self.truth)


def normalise_value(value: str) -> str:
    """NFC and single spaces: the only liberties an exact match allows."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def exact_match_by_field(scores: list[FieldScore]) -> dict[str, float | None]:
    """Share of each field key read exactly right (a field not found is wrong)."""
    by_key: dict[str, list[bool]] = defaultdict(list)
    for score in scores:
        by_key[score.key].append(score.correct)
    return {key: sum(hits) / len(hits) for key, hits in sorted(by_key.items())}


def auto_accept_figures(scores: list[FieldScore], threshold: float) -> dict[str, float | None]:
    """Straight-through rate (fields of the truth a system auto-accepted: a value, no warning,
    confidence at or above ``threshold``) and the precision of those, and the calibration's
    expected error over the fields found."""
    accepted = [s for s in scores if s.value and not s.warned and s.confidence >= threshold]
    found = [s for s in scores if s.value is not None]
    return {
        "threshold": threshold,
        "fields": len(scores),
        "auto_accept_rate": len(accepted) / len(scores) if scores else None,
        "auto_accept_precision": sum(s.correct for s in accepted) / len(accepted) if accepted else None,
        "auto_accepted_wrong": sum(not s.correct for s in accepted),
        "ece": expected_calibration_error([s.confidence for s in found], [s.correct for s in found]),
    }

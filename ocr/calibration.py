"""Calibrated field confidences: a field's confidence is the probability that its value
is exactly right.

The extractor's raw confidence (weakest word, halved per failed check, raised by a chip
card's QR) orders fields well but is no probability. A :class:`FieldCalibration` maps it
to one with isotonic regression (pool-adjacent-violators), fitted offline on generated
pages whose truth is known (``python -m benchmarks.calibrate``): one curve per field key
with enough examples, one for all the rest, fitted on fields read without a warning.
Fields read with a warning (a failed check) have their own curves (``!`` + key, and
``!`` for all), fitted on warned fields only: halving the raw confidence is not enough
where a key's curve steps up low (a phone with 11 digits, read at 0.8, halved to 0.4,
still stood at 0.995 on the phone curve). A warned field's probability is never above
what the same raw confidence gives without one, so a failed check never raises a field's
confidence. Fields of a page marked for rescanning (:mod:`ocr.read_quality`: its words
read unsure on the whole) have curves of their own too (``~`` + key, ``~`` for all), fitted
on such pages' fields, and never stand higher than without: on such a page tesseract is
sure of some words it misread (a card's issue date read a day off at 0.985 on a faded
copy, hard dev 57), which a key's curve, fitted mostly on readable pages, took at its
word. Each block's rate is shrunk by half an imagined hit and half an imagined
miss (Jeffreys), so a block seen always right still says less than 1.

The fitted curves, the auto-accept threshold and the figures they were measured with
ship as ``ocr/field_calibration.json``. No dependencies beyond the standard library.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from ocr.model import Field

log = logging.getLogger(__name__)

SHIPPED_FILE = "field_calibration.json"
FORMAT_VERSION = 1
MIN_GROUP_SIZE = 30  # fewer examples: the field key has no curve of its own
ALL_GROUP = "*"
WARNED = "!"  # prefix of warned fields' curves; alone, the curve of all warned fields
POOR_PAGE = "~"  # prefix of the curves of fields on pages marked for rescanning; alone, all of them
TARGET_PRECISION = 0.995
MIN_AUTO_ACCEPT = 0.9
"""A field whose own calibrated confidence is below this is reviewed, even where the fields
above it would keep the auto-accepted ones 99.5% exact together."""
ECE_BINS = 10
PRIOR_HITS = 0.5  # imagined hits (and as many misses) per block: Jeffreys' prior


@dataclass(frozen=True, slots=True)
class Example:
    """One field read on a page whose truth is known."""

    key: str
    raw_confidence: float  # warnings included (each halved it)
    correct: bool
    warned: bool = False  # read with a warning of the extractor's own (not a cross-page one)
    poor_page: bool = False  # on a page marked for rescanning


@dataclass(frozen=True, slots=True)
class Curve:
    """A non-decreasing step function: ``rates[i]`` from ``starts[i]`` up to the next start."""

    starts: tuple[float, ...]
    rates: tuple[float, ...]
    counts: tuple[int, ...]

    def __call__(self, raw: float) -> float:
        index = bisect.bisect_right(self.starts, raw) - 1
        return self.rates[max(index, 0)]

    def as_dict(self) -> dict:
        return {"starts": [round(s, 4) for s in self.starts], "rates": [round(r, 4) for r in self.rates],
                "counts": list(self.counts)}


@dataclass(frozen=True, slots=True)
class FieldCalibration:
    curves: Mapping[str, Curve]  # field key or ALL_GROUP
    auto_accept: float  # fields at or above it (and without warnings) skip review
    figures: Mapping[str, object] = dataclasses.field(default_factory=dict)

    def probability(self, key: str, raw_confidence: float, warned: bool = False, poor_page: bool = False) -> float:
        """P(exact match) of a field read with ``raw_confidence`` (``warned``: with a
        warning; ``poor_page``: on a page marked for rescanning; never more than without)."""
        rates = [self._rate("", key, raw_confidence)]
        for prefix, applies in ((WARNED, warned), (POOR_PAGE, poor_page)):
            if applies and prefix in self.curves:
                rates.append(self._rate(prefix, key, raw_confidence))
        return min(rates)

    def _rate(self, prefix: str, key: str, raw: float) -> float:
        """The key's curve (``prefix`` + key) at ``raw``, or the group's (``prefix`` alone)
        where the key has none; below the lowest raw confidence the key's curve was fitted
        on, no more than the group's there: a key whose reads were all sure (every
        unwarned address at 0.91 or more) says nothing of a read at 0.5."""
        group = self.curves[prefix or ALL_GROUP]
        own = self.curves.get(prefix + key)
        if own is None:
            return group(raw)
        return min(own(raw), group(raw)) if raw < own.starts[0] else own(raw)

    def calibrated(self, key: str, read: Field, poor_page: bool = False) -> Field:
        """``read`` with its confidence calibrated; the raw one kept as ``raw_confidence``."""
        raw = read.uncalibrated_confidence
        if not read.value:
            return dataclasses.replace(read, confidence=0.0, raw_confidence=raw)
        return dataclasses.replace(read, confidence=self.probability(key, raw, bool(read.warnings), poor_page),
                                   raw_confidence=raw)

    def as_dict(self) -> dict:
        return {"version": FORMAT_VERSION, "auto_accept": self.auto_accept, "figures": dict(self.figures),
                "curves": {name: curve.as_dict() for name, curve in sorted(self.curves.items())}}

    @classmethod
    def from_dict(cls, data: Mapping) -> "FieldCalibration":
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"field calibration version {data.get('version')!r}, expected {FORMAT_VERSION}")
        curves = {name: Curve(tuple(c["starts"]), tuple(c["rates"]), tuple(c["counts"]))
                  for name, c in data["curves"].items()}
        if ALL_GROUP not in curves:
            raise ValueError("field calibration without its fallback curve")
        return cls(curves, float(data["auto_accept"]), data.get("figures", {}))


def isotonic_curve(points: Iterable[tuple[float, bool]]) -> Curve:
    """The non-decreasing step function of P(correct | raw) fitted to ``points`` by
    pool-adjacent-violators, each block's rate shrunk as (hits + ½) / (n + 1)."""
    blocks: list[list[float]] = []  # [start, hits, n]
    for raw, correct in sorted(points):
        if blocks and blocks[-1][0] == raw:
            blocks[-1][1] += correct
            blocks[-1][2] += 1
        else:
            blocks.append([raw, float(correct), 1.0])
    if not blocks:
        return Curve((0.0,), (0.5,), (0,))
    shrunk = _pool([[start, (hits + PRIOR_HITS) / (n + 2 * PRIOR_HITS), n] for start, hits, n in _pool_counts(blocks)])
    return Curve(tuple(b[0] for b in shrunk), tuple(b[1] for b in shrunk), tuple(int(b[2]) for b in shrunk))


def _pool_counts(blocks: list[list[float]]) -> list[list[float]]:
    """PAV on [start, hits, n] blocks: merge neighbours until hit rates never go down."""
    stack: list[list[float]] = []
    for block in blocks:
        stack.append(list(block))
        while len(stack) > 1 and stack[-2][1] / stack[-2][2] >= stack[-1][1] / stack[-1][2]:
            top = stack.pop()
            stack[-1][1] += top[1]
            stack[-1][2] += top[2]
    return stack


def _pool(blocks: list[list[float]]) -> list[list[float]]:
    """PAV on [start, rate, weight] blocks (after shrinking, rates may dip again)."""
    stack: list[list[float]] = []
    for block in blocks:
        stack.append(list(block))
        while len(stack) > 1 and stack[-2][1] >= stack[-1][1]:
            top = stack.pop()
            weight = stack[-1][2] + top[2]
            stack[-1][1] = (stack[-1][1] * stack[-1][2] + top[1] * top[2]) / weight
            stack[-1][2] = weight
    return stack


def fit_calibration(examples: Sequence[Example], *, min_group_size: int = MIN_GROUP_SIZE) -> dict[str, Curve]:
    """Curves per field key (those with ``min_group_size`` examples) and one for all, on
    fields read without a warning on readable pages; the same on warned fields (``!`` +
    key, ``!``) and on fields of pages marked for rescanning (``~`` + key, ``~``)."""
    curves = _curves("", [e for e in examples if not e.warned and not e.poor_page], min_group_size)
    curves[ALL_GROUP] = curves.pop("", None) or isotonic_curve(())
    curves |= _curves(WARNED, [e for e in examples if e.warned], min_group_size)
    curves |= _curves(POOR_PAGE, [e for e in examples if e.poor_page], min_group_size)
    return curves


def _curves(prefix: str, examples: Sequence[Example], min_group_size: int) -> dict[str, Curve]:
    """``prefix`` alone: the curve of all ``examples``; ``prefix`` + key: each key's with
    ``min_group_size`` of them. None without examples."""
    if not examples:
        return {}
    curves = {prefix: isotonic_curve((e.raw_confidence, e.correct) for e in examples)}
    for key in sorted({e.key for e in examples}):
        own = [(e.raw_confidence, e.correct) for e in examples if e.key == key]
        if len(own) >= min_group_size:
            curves[prefix + key] = isotonic_curve(own)
    return curves


def expected_calibration_error(confidences: Sequence[float], outcomes: Sequence[bool],
                               bins: int = ECE_BINS) -> float | None:
    """Σ over equal-width confidence bins of |mean confidence − accuracy| × the bin's share."""
    if not confidences:
        return None
    sums: dict[int, list[float]] = {}
    for confidence, correct in zip(confidences, outcomes, strict=True):
        cell = sums.setdefault(min(int(confidence * bins), bins - 1), [0.0, 0.0, 0.0])
        cell[0] += confidence
        cell[1] += correct
        cell[2] += 1
    return sum(abs(conf - hits) for conf, hits, _ in sums.values()) / len(confidences)


def pick_threshold(confidences: Sequence[float], outcomes: Sequence[bool],
                   target: float = TARGET_PRECISION) -> float:
    """The lowest threshold whose auto-accepted fields (confidence at or above it) are at
    least ``target`` exact counting one more error than was seen: the safety margin, which
    also asks for enough examples (199 all right for 99.5%). 1.0 when none is. Never below
    ``MIN_AUTO_ACCEPT``, however right the fields under it were."""
    pairs = sorted(zip(confidences, outcomes, strict=True), reverse=True)
    best, hits = 1.0, 0
    for index, (confidence, correct) in enumerate(pairs):
        hits += correct
        last_of_tie = index + 1 == len(pairs) or pairs[index + 1][0] < confidence
        if last_of_tie and hits / (index + 2) >= target:
            best = confidence
    return max(best, MIN_AUTO_ACCEPT)


def auto_accepted(read: Field, threshold: float) -> bool:
    """A field that skips review: a value, no warning, confidence at or above ``threshold``."""
    return bool(read.value) and not read.warnings and read.confidence >= threshold


def load_calibration(path: Path) -> FieldCalibration:
    return FieldCalibration.from_dict(json.loads(path.read_text(encoding="utf-8")))


@functools.cache
def shipped_calibration() -> FieldCalibration | None:
    """The calibration shipped in the ``ocr`` package; ``None`` (raw confidences) if absent."""
    source = resources.files("ocr") / SHIPPED_FILE
    if not source.is_file():
        log.warning("no %s: field confidences are not calibrated", SHIPPED_FILE)
        return None
    return FieldCalibration.from_dict(json.loads(source.read_text(encoding="utf-8")))


def shipped_auto_accept(default: float = 0.9) -> float:
    """The shipped auto-accept threshold (the default of INTAKE_AUTO_ACCEPT_CONFIDENCE)."""
    calibration = shipped_calibration()
    return calibration.auto_accept if calibration is not None else default

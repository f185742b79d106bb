"""Fit the field-confidence calibration on generated corpora and pick the auto-accept threshold.

    python -m benchmarks.calibrate --corpus DIR [DIR ...] [--held-out DIR ...] [--reuse]
                                   [--out ocr/field_calibration.json]

Each DIR is a batch made by ``python -m samples.generate`` with a seed used for nothing
else (see :mod:`benchmarks.seeds`). Intake processes it (``DIR-out-intake``, kept with
``--reuse``); every field of the truth becomes an example (raw confidence, key, warnings,
exactly right or not). The curves are fitted on the ``--corpus`` examples, the threshold
is the lowest at which auto-accepted fields of those corpora are at least 99.5% exact with
one error more than seen, and the ``--held-out`` corpora give the figures that count:
expected calibration error, auto-accept rate and precision.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
from dataclasses import replace
from pathlib import Path

from benchmarks.field_scores import field_scores
from benchmarks.metrics import FieldScore, auto_accept_figures
from benchmarks.seeds import HELD_OUT_SEEDS
from benchmarks.systems import SystemRun, load_intake_run, run_intake
from ocr.calibration import (TARGET_PRECISION, Example, FieldCalibration, expected_calibration_error,
                             fit_calibration, pick_threshold)
from ocr.cross_check import CROSS_CHECK_PENALTY
from ocr.validate import FieldWarning

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SHIPPED = HERE.parent / "ocr" / "field_calibration.json"
CROSS_PAGE_WARNINGS = frozenset({
    FieldWarning.APPLICANT_MISMATCH, FieldWarning.DOSSIER_NAME_MISMATCH,
    FieldWarning.DOSSIER_ADDRESS_MISMATCH, FieldWarning.DOSSIER_ID_NUMBER_MISMATCH,
    FieldWarning.DOSSIER_DOB_MISMATCH, FieldWarning.SPELLING_FROM_DOSSIER, FieldWarning.DIGIT_FROM_CARD,
    FieldWarning.DIGIT_FROM_DOSSIER, FieldWarning.SIGNED_AFTER_RECEIPT, FieldWarning.DIGIT_FROM_RECEIPT})
"""Warnings added after extraction, across a dossier's pages (each also halves the confidence)."""


def main(argv: list[str] | None = None) -> None:
    args = _parse(argv)
    fitting = [score for corpus in args.corpus for score in corpus_scores(corpus, args.reuse, args.workers)]
    held_out = [score for corpus in args.held_out for score in corpus_scores(corpus, args.reuse, args.workers)]
    calibration = calibrate(fitting, held_out, seeds=[_seed(c) for c in args.corpus],
                            held_out_seeds=[_seed(c) for c in args.held_out])
    args.out.write_text(json.dumps(calibration.as_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(calibration.figures, indent=1))
    print(f"written {args.out}")


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, nargs="+", required=True, help="corpora to fit on")
    parser.add_argument("--held-out", type=Path, nargs="*", default=[], help="corpora to measure on")
    parser.add_argument("--out", type=Path, default=SHIPPED)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="reuse DIR-out-intake when it is there")
    args = parser.parse_args(argv)
    for corpus in args.corpus:
        if _seed(corpus) in HELD_OUT_SEEDS:
            parser.error(f"{corpus}: seed {_seed(corpus)} is kept for held-out measurements")
    return args


def _seed(corpus: Path) -> int:
    return json.loads((corpus / "truth.json").read_text(encoding="utf-8"))["generator"]["seed"]


def corpus_scores(corpus: Path, reuse: bool, workers: int) -> list[FieldScore]:
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    out = corpus.with_name(corpus.name + "-out-intake")
    run: SystemRun
    if reuse and any(out.glob("*.json")):
        run = load_intake_run(out)
    else:
        run = run_intake([corpus / f["source"] for f in truth["files"]], out, workers)
    return field_scores(run, truth)


def examples_of(scores: list[FieldScore]) -> list[Example]:
    """The fields found, as the extractor gave them (before calibration and cross-page checks)."""
    return [Example(s.key, s.raw_confidence, s.correct, _warned(s), s.poor_page) for s in scores if s.value is not None]


def _warned(score: FieldScore) -> bool:
    """Read with a warning of the extractor's own (calibration comes before cross-page checks)."""
    return bool(set(score.warnings) - CROSS_PAGE_WARNINGS)


def final_confidence(calibration: FieldCalibration, score: FieldScore) -> float:
    """The confidence Intake gives the field with ``calibration``: calibrated at extraction,
    then halved for each cross-page warning."""
    if not score.value:
        return 0.0
    cross_page = len(set(score.warnings) & CROSS_PAGE_WARNINGS)
    probability = calibration.probability(score.key, score.raw_confidence, _warned(score), score.poor_page)
    return probability * CROSS_CHECK_PENALTY ** cross_page


def recalibrated(calibration: FieldCalibration, scores: list[FieldScore]) -> list[FieldScore]:
    return [replace(s, confidence=final_confidence(calibration, s)) for s in scores]


def calibrate(fitting: list[FieldScore], held_out: list[FieldScore], *, seeds: list[int],
              held_out_seeds: list[int]) -> FieldCalibration:
    """Curves fitted on ``fitting``, the threshold picked on it, figures on both."""
    curves = fit_calibration(examples_of(fitting))
    draft = FieldCalibration(curves, 1.0)
    fitted = recalibrated(draft, fitting)
    eligible = [s for s in fitted if s.value and not s.warned]
    threshold = math.floor(1e4 * pick_threshold([s.confidence for s in eligible], [s.correct for s in eligible],
                                                 TARGET_PRECISION)) / 1e4  # the shipped curves keep 4 decimals
    figures: dict = {"target_precision": TARGET_PRECISION, "calibration_seeds": seeds,
                     "calibration": _rounded(auto_accept_figures(fitted, threshold) | raw_ece(fitting))}
    if held_out:
        figures["held_out_seeds"] = held_out_seeds
        figures["held_out"] = _rounded(auto_accept_figures(recalibrated(draft, held_out), threshold)
                                       | raw_ece(held_out))
    return FieldCalibration(curves, threshold, figures)


def raw_ece(scores: list[FieldScore]) -> dict:
    """The expected calibration error the uncalibrated confidences had."""
    found = [s for s in scores if s.value is not None]
    return {"raw_ece": expected_calibration_error([s.raw_confidence for s in found], [s.correct for s in found])}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _rounded(figures: dict) -> dict:
    return {key: _round(value) if isinstance(value, float) else value for key, value in figures.items()}


if __name__ == "__main__":
    main()

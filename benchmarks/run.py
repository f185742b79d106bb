"""Benchmark: Intake against plain tesseract and OCRmyPDF on the same generated pages.

    python -m benchmarks.run [--dossiers 12] [--level mild] [--seed 11 ...] [--held-out]
                             [--no-ocrmypdf] [--no-tesseract]

Prints, per system: pages per minute, CER and WER by degradation level, CER by paper
kind, field exact-match overall and per field, the auto-accept (straight-through) rate
and precision of auto-accepted fields at the shipped threshold, the expected calibration
error of field confidences, dossier-split accuracy and the pages marked for rescanning
with their CER against the others' (Intake only: the others do not split or judge their
reads), PDF bytes per page and peak RSS. Plain tesseract's and OCRmyPDF's text goes
through the same field extractor (see :mod:`benchmarks.field_scores`).

``--held-out`` runs on seeds no tuning ever looked at (:mod:`benchmarks.seeds`), at the
mixed level unless ``--level`` says otherwise. Figures also go to
``benchmarks/results/<level>-<dossiers>-<seeds>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import defaultdict
from pathlib import Path

from benchmarks.field_scores import field_scores, truth_pages
from benchmarks.metrics import (FieldScore, auto_accept_figures, char_errors, exact_match_by_field, rate,
                                word_errors)
from benchmarks.seeds import CALIBRATION_SEEDS, DEFAULT_HELD_OUT
from benchmarks.systems import SystemRun, load_saved_run, run_intake, run_ocrmypdf, run_tesseract
from ocr.calibration import shipped_auto_accept
from samples.generate import generate_batch

HERE = Path(__file__).resolve().parent
ID_AND_DATE_FIELDS = ("id_number", "dob", "issue_date", "expiry_date", "signed_date", "received_date",
                      "appointment_date")  # the bar's "ID numbers and dates"
SPLIT_KINDS = ("form", "certified_copy", "text", "id_card_copy")  # pages dossiers hold (receipts open them)
Errors = list[tuple[int, int]]


def main(argv: list[str] | None = None) -> None:
    args = _parse(argv)
    threshold = shipped_auto_accept()
    tallies: dict[str, SystemTally] = {}
    for seed in args.seed:
        corpus = HERE / "corpus" / f"{args.level}-{args.dossiers}-{seed}"
        truth = _corpus(corpus, args.dossiers, args.level, seed)
        files = [corpus / f["source"] for f in truth["files"]]
        print(f"corpus: {len(files)} files, {sum(len(f['pages']) for f in truth['files'])} pages ({corpus})")
        for run in _runs(files, corpus, args):
            tallies.setdefault(run.name, SystemTally()).add(run, truth)
    figures = {name: tally.figures(threshold) for name, tally in tallies.items()}
    _print_table(figures)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    seeds = "_".join(map(str, args.seed))
    (results / f"{args.level}-{args.dossiers}-{seeds}.json").write_text(json.dumps(figures, indent=2))


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=12)
    parser.add_argument("--level", choices=["clean", "mild", "hard", "mixed"])
    parser.add_argument("--seed", "--seeds", type=int, nargs="+", help="generator seeds (default 11)")
    parser.add_argument("--held-out", action="store_true", help=f"seeds {DEFAULT_HELD_OUT}: never tuned on")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-ocrmypdf", action="store_true")
    parser.add_argument("--no-tesseract", action="store_true")
    parser.add_argument("--reuse-peers", action="store_true",
                        help="take plain tesseract's and OCRmyPDF's figures from their last run on the same "
                             "corpus (they do not change with Intake's code); a corpus they never ran on is "
                             "left out of their figures (see 'pages')")
    args = parser.parse_args(argv)
    if args.held_out and args.seed:
        parser.error("--held-out picks its own seeds")
    args.seed = list(DEFAULT_HELD_OUT) if args.held_out else (args.seed or [11])
    args.level = args.level or ("mixed" if args.held_out else "mild")
    tuned = [seed for seed in args.seed if seed in CALIBRATION_SEEDS]
    if tuned:
        print(f"warning: seeds {tuned} were used to calibrate confidences; their figures flatter")
    return args


def _corpus(corpus: Path, dossiers: int, level: str, seed: int) -> dict:
    truth_path = corpus / "truth.json"
    if not truth_path.exists():
        generate_batch(corpus, dossiers=dossiers, level=level, seed=seed)
    return json.loads(truth_path.read_text())


def _runs(files: list[Path], corpus: Path, args: argparse.Namespace) -> list[SystemRun]:
    prefix = corpus.parent / f"out-{corpus.name}"
    runs = [run_intake(files, Path(f"{prefix}-intake"), args.workers)]
    peers = [(run_tesseract, "tesseract", args.no_tesseract), (run_ocrmypdf, "ocrmypdf", args.no_ocrmypdf)]
    for run_peer, name, skip in peers:
        out = Path(f"{prefix}-{name}")
        if skip:
            continue
        if not args.reuse_peers:
            runs.append(run_peer(files, out))
            continue
        saved = load_saved_run(out)
        if saved is None:
            print(f"{name}: no saved run in {out}: left out on this corpus (run without --reuse-peers)")
            continue
        print(f"{name}: reusing the run saved in {out} (measured {saved.measured_at})")
        runs.append(saved)
    return runs


class SystemTally:
    """One system's counts over one or more corpora."""

    def __init__(self) -> None:
        self.cer_by_level: dict[str, Errors] = defaultdict(list)
        self.wer_by_level: dict[str, Errors] = defaultdict(list)
        self.cer_by_kind: dict[str, Errors] = defaultdict(list)
        self.cer_by_defect: dict[str, Errors] = defaultdict(list)
        self.fields: list[FieldScore] = []
        self.pages = 0
        self.wall_s = self.peak_rss_mb = 0.0
        self.pdf_bytes = self.pdf_pages = 0
        self.dossiers: list[dict] = []
        self.cer_by_rescan: dict[str, Errors] = defaultdict(list)  # Intake's pages, marked or not

    def add(self, run: SystemRun, truth: dict) -> None:
        rescan = {(p["source"], p["source_page"]): p.get("rescan_reason") for s in run.sidecars for p in s["pages"]}
        for page in truth_pages(truth):
            key = (page["source"], page["source_page"])
            text = run.page_texts.get(key, "")
            errors = char_errors(text, page["text"])  # one edit distance per page, tallied by each grouping
            if run.sidecars:
                self.cer_by_rescan["marked" if rescan.get(key) else "unmarked"].append(errors)
            self.cer_by_level[page["level"]].append(errors)
            self.wer_by_level[page["level"]].append(word_errors(text, page["text"]))
            self.cer_by_kind[page["kind"]].append(errors)
            for defect in page.get("defects") or ("none",):
                self.cer_by_defect[defect].append(errors)
        self.fields += field_scores(run, truth)
        self.pages += sum(len(f["pages"]) for f in truth["files"])
        self.wall_s += run.wall_s
        self.peak_rss_mb = max(self.peak_rss_mb, run.peak_rss_mb)
        self.pdf_bytes += run.pdf_bytes
        self.pdf_pages += run.pdf_pages
        if run.sidecars:
            self.dossiers.append(dossier_figures(run.sidecars, truth))

    def figures(self, threshold: float) -> dict:
        accept = auto_accept_figures(self.fields, threshold)
        figures = {
            "pages": self.pages,
            "pages_per_minute": round(self.pages / self.wall_s * 60, 1) if self.wall_s else None,
            "wall_s": round(self.wall_s, 1),
            "cer": _rates(self.cer_by_level),
            "wer": _rates(self.wer_by_level),
            "cer_by_kind": _rates(self.cer_by_kind),
            "field_exact_match": _pct(sum(s.correct for s in self.fields) / len(self.fields)
                                      if self.fields else None),
            "cer_by_defect": _rates(self.cer_by_defect),
            "field_exact_match_by_level": _exact_by(self.fields, lambda s: s.level),
            "id_and_dates_clean_mild": _exact_by(
                [s for s in self.fields if s.level in ("clean", "mild") and s.key in ID_AND_DATE_FIELDS],
                lambda s: s.key),
            "field_exact_match_by_field": {k: _pct(v) for k, v in exact_match_by_field(self.fields).items()},
            "fields": len(self.fields),
            "auto_accept_threshold": threshold,
            "auto_accept_rate": _pct(accept["auto_accept_rate"]),
            "auto_accept_precision": _pct(accept["auto_accept_precision"]),
            "auto_accepted_wrong": accept["auto_accepted_wrong"],
            "ece": None if accept["ece"] is None else round(accept["ece"], 4),
            "pdf_bytes_per_page": round(self.pdf_bytes / self.pdf_pages) if self.pdf_pages else None,
            "peak_rss_mb": round(self.peak_rss_mb, 1),
        }
        if self.dossiers:
            figures.update(_merged(self.dossiers))
            figures["rescan_marked_pages"] = len(self.cer_by_rescan["marked"])
            figures["cer_by_rescan_mark"] = _rates(self.cer_by_rescan)
        return figures


def dossier_figures(sidecars: list[dict], truth: dict) -> dict:
    """Split, blank-back, dropped-page and quarter-turn counts of one Intake run (receipts,
    kept in the sidecars for their fields, are not dossier pages here)."""
    produced = {(s["dossier_code"], tuple((p["source"], p["source_page"]) for p in s["pages"]
                                          if p["kind"] != "separator")) for s in sidecars}
    expected = [(d["dossier_code"], tuple(map(tuple, d["pages"]))) for d in truth["dossiers"]]
    dropped = {(d["source"], d["source_page"]) for s in sidecars for d in s["dropped_pages"]}
    pages = {(p["source"], p["source_page"]): p for s in sidecars for p in s["pages"]}
    truth_pages_all = [p for f in truth["files"] for p in f["pages"]]
    blanks = [(p["source"], p["source_page"]) for p in truth_pages_all if p["kind"] == "blank"]
    content = [p for p in truth_pages_all if p["kind"] in SPLIT_KINDS]
    turned = [p for p in content if p["rotation"]]
    return {
        "split": (sum(item in produced for item in expected), len(expected)),
        "blank_backs_dropped": (sum(b in dropped for b in blanks), len(blanks)),
        "content_pages_dropped": (sum((p["source"], p["source_page"]) in dropped
                                      or (p["source"], p["source_page"]) not in pages for p in content), 0),
        "quarter_turns_corrected": (sum(pages.get((p["source"], p["source_page"]), {}).get("rotation")
                                        == (360 - p["rotation"]) % 360 for p in turned), len(turned)),
    }


def _merged(per_corpus: list[dict]) -> dict:
    total = {key: tuple(map(sum, zip(*(figures[key] for figures in per_corpus)))) for key in per_corpus[0]}
    split_right, split_all = total["split"]
    return {
        "split_accuracy": _pct(split_right / split_all if split_all else None),
        "blank_backs_dropped": "{}/{}".format(*total["blank_backs_dropped"]),
        "content_pages_dropped": total["content_pages_dropped"][0],
        "quarter_turns_corrected": "{}/{}".format(*total["quarter_turns_corrected"]),
    }


def _exact_by(scores: list[FieldScore], group) -> dict[str, str]:
    """Exact-match % per group, with the count: ``{"mild": "98.5 (130)"}``."""
    groups: dict[str, list[FieldScore]] = defaultdict(list)
    for score in scores:
        groups[group(score)].append(score)
    return {key: f"{_pct(sum(s.correct for s in items) / len(items))} ({len(items)})"
            for key, items in sorted(groups.items())}


def _rates(errors: dict[str, Errors]) -> dict[str, float | None]:
    return {key: _pct(rate(pairs)) for key, pairs in sorted(errors.items())}


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 2)


def _print_table(figures: dict[str, dict]) -> None:
    names = list(figures)
    keys = list(dict.fromkeys(k for f in figures.values() for k in f))
    print(f"{'':28}" + "".join(f"{n:>30}" for n in names))
    for key in keys:
        cells = [_cell(figures[n].get(key)) for n in names]
        if any(len(c) > 30 for c in cells):  # long dicts: one system per line
            print(key)
            for name, cell in zip(names, cells):
                print(f"  {name:26}{cell}")
            continue
        print(f"{key:28}" + "".join(f"{c:>30}" for c in cells))
    print("(cer/wer/field/auto-accept figures in %; split, blanks and turns: Intake only)")


def _cell(value) -> str:
    if isinstance(value, dict):
        return " ".join(f"{k}:{v}" for k, v in value.items())
    return "n/a" if value is None else str(value)


if __name__ == "__main__":
    main()

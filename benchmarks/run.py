"""Benchmark: Intake against plain tesseract and OCRmyPDF on the same generated pages.

    python -m benchmarks.run [--dossiers 12] [--level mild] [--seed 11] [--no-ocrmypdf]

Prints, per system: pages per minute, CER by degradation level, field exact-match,
dossier-split accuracy (Intake only: the others do not split), PDF bytes per page and
peak RSS. Figures also go to benchmarks/results/<level>-<seed>.json.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import defaultdict
from pathlib import Path

from benchmarks.metrics import char_errors, rate, word_errors
from benchmarks.systems import SystemRun, run_intake, run_ocrmypdf, run_tesseract
from ocr.fields import extract_fields
from ocr.model import OcrResult, Word
from samples.generate import generate_batch

HERE = Path(__file__).resolve().parent
FIELD_KEYS = ("name", "dob", "id_number", "address", "phone", "signed_date")
CONTENT_KINDS = ("form", "text")


def main(argv: list[str] | None = None) -> None:
    args = _parse(argv)
    corpus = HERE / "corpus" / f"{args.level}-{args.dossiers}-{args.seed}"
    truth = _corpus(corpus, args)
    files = [corpus / f["source"] for f in truth["files"]]
    pages = [p for f in truth["files"] for p in f["pages"]]
    print(f"corpus: {len(files)} files, {len(pages)} pages ({corpus})")
    runs = [run_intake(files, corpus.parent / "out-intake", args.workers),
            run_tesseract(files, corpus.parent / "out-tesseract")]
    if not args.no_ocrmypdf:
        runs.append(run_ocrmypdf(files, corpus.parent / "out-ocrmypdf"))
    figures = {run.name: score(run, truth, len(pages)) for run in runs}
    _print_table(figures)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / f"{args.level}-{args.dossiers}-{args.seed}.json").write_text(json.dumps(figures, indent=2))


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=12)
    parser.add_argument("--level", default="mild", choices=["clean", "mild", "hard", "mixed"])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-ocrmypdf", action="store_true")
    return parser.parse_args(argv)


def _corpus(corpus: Path, args: argparse.Namespace) -> dict:
    truth_path = corpus / "truth.json"
    if not truth_path.exists():
        generate_batch(corpus, dossiers=args.dossiers, level=args.level, seed=args.seed)
    return json.loads(truth_path.read_text())


def score(run: SystemRun, truth: dict, n_pages: int) -> dict:
    cer_by_level: dict[str, list] = defaultdict(list)
    wer_by_level: dict[str, list] = defaultdict(list)
    field_hits = field_total = 0
    fields_by_page = _fields_of(run)
    for file in truth["files"]:
        for page in file["pages"]:
            if page["kind"] not in CONTENT_KINDS:
                continue
            key = (page["source"], page["source_page"])
            text = run.page_texts.get(key, "")
            cer_by_level[page["level"]].append(char_errors(text, page["text"]))
            wer_by_level[page["level"]].append(word_errors(text, page["text"]))
            found = fields_by_page(key, text)
            for name in FIELD_KEYS:
                if name in page.get("fields", {}):
                    field_total += 1
                    field_hits += found.get(name) == page["fields"][name]
    figures = {
        "pages_per_minute": round(n_pages / run.wall_s * 60, 1),
        "wall_s": round(run.wall_s, 1),
        "cer": {level: _pct(rate(pairs)) for level, pairs in sorted(cer_by_level.items())},
        "wer": {level: _pct(rate(pairs)) for level, pairs in sorted(wer_by_level.items())},
        "field_exact_match": _pct(field_hits / field_total if field_total else None),
        "pdf_bytes_per_page": round(run.pdf_bytes / run.pdf_pages) if run.pdf_pages else None,
        "peak_rss_mb": round(run.peak_rss_mb, 1),
    }
    if run.sidecars:
        figures.update(_dossier_figures(run.sidecars, truth))
    return figures


def _fields_of(run: SystemRun):
    """Intake's own fields from its sidecars; for the others, the same extractor on their text."""
    if run.sidecars:
        by_page = {(p["source"], p["source_page"]): {k: v["value"] for k, v in p["fields"].items()}
                   for s in run.sidecars for p in s["pages"]}
        return lambda key, text: by_page.get(key, {})
    return lambda key, text: {k: f.value for k, f in extract_fields(ocr_result_from_text(text)).fields.items()}


def ocr_result_from_text(text: str) -> OcrResult:
    """Plain text as an OcrResult: one word per token, no real boxes, full confidence."""
    words = tuple(Word(token, (0, 0, 0, 0), 1.0, (0, 0, line_no))
                  for line_no, line in enumerate(text.splitlines()) for token in line.split())
    return OcrResult(words, text, 1.0 if words else 0.0, 0, 0)


def _dossier_figures(sidecars: list[dict], truth: dict) -> dict:
    produced = {(s["dossier_code"], tuple((p["source"], p["source_page"]) for p in s["pages"]))
                for s in sidecars}
    expected = [(d["dossier_code"], tuple(map(tuple, d["pages"]))) for d in truth["dossiers"]]
    right = sum(item in produced for item in expected)
    dropped = {(d["source"], d["source_page"]) for s in sidecars for d in s["dropped_pages"]}
    pages = {(p["source"], p["source_page"]): p for s in sidecars for p in s["pages"]}
    truth_pages = [p for f in truth["files"] for p in f["pages"]]
    blanks = [(p["source"], p["source_page"]) for p in truth_pages if p["kind"] == "blank"]
    content = [(p["source"], p["source_page"]) for p in truth_pages if p["kind"] in CONTENT_KINDS]
    turned = [p for p in truth_pages if p["kind"] in CONTENT_KINDS and p["rotation"]]
    upright = sum(pages.get((p["source"], p["source_page"]), {}).get("rotation") == (360 - p["rotation"]) % 360
                  for p in turned)
    return {
        "split_accuracy": _pct(right / len(expected) if expected else None),
        "blank_backs_dropped": f"{sum(b in dropped for b in blanks)}/{len(blanks)}",
        "content_pages_dropped": sum(c in dropped or c not in pages for c in content),
        "quarter_turns_corrected": f"{upright}/{len(turned)}",
    }


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 2)


def _print_table(figures: dict[str, dict]) -> None:
    names = list(figures)
    keys = sorted({k for f in figures.values() for k in f}, key=lambda k: list(figures[names[0]]).index(k)
                  if k in figures[names[0]] else 99)
    print(f"{'':28}" + "".join(f"{n:>22}" for n in names))
    for key in keys:
        cells = "".join(f"{_cell(figures[n].get(key)):>22}" for n in names)
        print(f"{key:28}{cells}")
    print("(cer/wer/field figures in %; split, blanks and turns: Intake only)")


def _cell(value) -> str:
    if isinstance(value, dict):
        return " ".join(f"{k}:{v}" for k, v in value.items())
    return "n/a" if value is None else str(value)


if __name__ == "__main__":
    main()

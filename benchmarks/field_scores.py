"""What each system read for the fields the truth holds, page by page.

Intake's fields come from its sidecars (run with ``--keep-separators`` so that receipts'
fields are there too); plain tesseract's and OCRmyPDF's from the same extractor,
:func:`ocr.fields.extract_fields`, run on their page text as if every word were read
with full confidence, then calibrated like Intake's.
"""

from __future__ import annotations

import logging
from typing import Callable, Iterator, Mapping

from benchmarks.metrics import FieldScore
from benchmarks.systems import PageKey, SystemRun
from ocr.fields import extract_fields
from ocr.model import OcrResult, Word

log = logging.getLogger(__name__)

PAPER_KINDS = ("form", "certified_copy", "text", "id_card_copy", "receipt")
"""Kinds of page with text and fields (blank backs have neither)."""

ReadFields = Callable[[PageKey, str], Mapping[str, Mapping]]
"""(page, its text) -> {field key: {"value", "confidence", "raw_confidence"?, "warnings"?}}"""


def truth_pages(truth: dict) -> Iterator[dict]:
    for file in truth["files"]:
        for page in file["pages"]:
            if page["kind"] in PAPER_KINDS:
                yield page


def field_scores(run: SystemRun, truth: dict) -> list[FieldScore]:
    """One score per field of every page's truth (a field the system missed included)."""
    read_fields = fields_reader(run)
    marked = {(p["source"], p["source_page"]) for s in run.sidecars for p in s["pages"] if p.get("rescan_reason")}
    scores = []
    for page in truth_pages(truth):
        key = (page["source"], page["source_page"])
        found = read_fields(key, run.page_texts.get(key, "")) if page.get("fields") else {}
        for name, expected in page.get("fields", {}).items():
            scores.append(score_field(name, expected, found.get(name), page, poor_page=key in marked))
    return scores


def score_field(name: str, expected: str, read: Mapping | None, page: dict, poor_page: bool = False) -> FieldScore:
    if read is None:
        return FieldScore(name, page["kind"], page["level"], expected, None, 0.0, 0.0, poor_page=poor_page)
    confidence = float(read["confidence"])
    raw = read.get("raw_confidence")
    return FieldScore(name, page["kind"], page["level"], expected, read["value"], confidence,
                      confidence if raw is None else float(raw), tuple(read.get("warnings", ())), poor_page)


def fields_reader(run: SystemRun) -> ReadFields:
    """Intake's own fields from its sidecars; for the others, the same extractor on their text."""
    if run.sidecars:
        by_page = {(p["source"], p["source_page"]): p["fields"] for s in run.sidecars for p in s["pages"]}
        return lambda key, text: by_page.get(key, {})
    return lambda key, text: {name: read.as_dict() for name, read in
                              extract_fields(ocr_result_from_text(text)).fields.items()}


def ocr_result_from_text(text: str) -> OcrResult:
    """Plain text as an OcrResult: one word per token, no real boxes, full confidence."""
    words = tuple(Word(token, (0, 0, 0, 0), 1.0, (0, 0, line_no))
                  for line_no, line in enumerate(text.splitlines()) for token in line.split())
    return OcrResult(words, text, 1.0 if words else 0.0, 0, 0)

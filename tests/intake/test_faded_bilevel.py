"""A bilevel scan of faded toner is read again with its strokes thickened, and the surer
read kept; a bilevel page read surely is read once."""

from __future__ import annotations

import os
import random
from dataclasses import replace

import pytest

import intake.faded_bilevel as faded_bilevel
from benchmarks.metrics import char_errors
from intake.pipeline import PipelineOptions, process_page
from samples.degrade import Level, choose_defects, scan_page, to_bilevel
from samples.dossiers import TextPaper, compose_dossier
from samples.offices import UNITS
from samples.papers import render_paper

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

DPI = 200


def text_page_scan(tmp_path, *, faded: bool, name: str):
    """A generated text page through a fax-mode scan at 200 dpi (group 4 TIFF): from
    faded, streaked toner beside a dark scanner-lid band, whose black sets the scanner's
    threshold so low that the faded strokes break (``faded``), or from good toner; with
    the page's printed text."""
    plan = compose_dossier(random.Random(12), UNITS[0], 1)
    paper = next(paper for paper in plan.papers if isinstance(paper, TextPaper))
    printed = render_paper(paper, random.Random(12))
    defects = replace(choose_defects(Level.HARD, random.Random(17)), rotation=0, skew_deg=0.0, bleed=0.0,
                      speckle=0.0, borders=(("left", 60),) if faded else ())
    if not faded:
        defects = replace(defects, fade=1.0, uneven_fade=0.0)
    image = to_bilevel(scan_page(printed.image, defects, dpi=DPI, seed=17))
    path = tmp_path / name
    image.save(path, dpi=(DPI, DPI), compression="group4")
    return path, printed.text


def read_text(path, monkeypatch, *, reread: bool) -> tuple[str, float]:
    if not reread:
        monkeypatch.setattr(faded_bilevel, "FADED_CONFIDENCE", 0.0)
    page = process_page(path, 0, PipelineOptions(workers=1))
    monkeypatch.undo()
    return page.ocr.text, page.ocr.confidence


def test_a_faded_bilevel_page_reads_better_with_its_strokes_thickened(tmp_path, monkeypatch):
    """GIVEN a text page scanned fax-mode from faded, streaked toner beside a lid band (its
    strokes broken: read at 0.76) WHEN it is processed THEN its read is the thickened one: surer, and fewer character
    errors than the plain read of the same page."""
    path, truth = text_page_scan(tmp_path, faded=True, name="faded.tif")
    plain, plain_confidence = read_text(path, monkeypatch, reread=False)
    assert plain_confidence < faded_bilevel.FADED_CONFIDENCE  # the page reads unsure: it is re-read
    text, confidence = read_text(path, monkeypatch, reread=True)
    assert confidence > plain_confidence
    errors, total = char_errors(text, truth)
    plain_errors, _ = char_errors(plain, truth)
    assert errors < plain_errors, (errors, plain_errors, total)


def test_a_bilevel_page_read_surely_is_read_once(tmp_path, monkeypatch):
    """GIVEN the same page scanned fax-mode from good toner WHEN it is processed THEN its
    strokes are not thickened: its read is sure the first time."""
    path, _ = text_page_scan(tmp_path, faded=False, name="dark.tif")
    calls = []
    monkeypatch.setattr(faded_bilevel, "thickened", lambda *args: calls.append(args) or args[0])
    page = process_page(path, 0, PipelineOptions(workers=1))
    assert page.ocr.confidence >= faded_bilevel.FADED_CONFIDENCE
    assert calls == []

"""Bilevel scans of faded toner: strokes thickened for a second read.

A fax-mode (1-bit) scanner thresholds each pixel once. Where the toner was faded, the
threshold keeps only the darkest middle of each stroke: letters come out thin and broken
("thiêu" for "thiếu", marks lost), and no cleanup can bring back the gray the scanner
threw away. Thickening what is left joins the pieces again. On the hard dev seed 95's
faded bilevel pages (text, forms, receipts; 200 and 300 dpi), growing the ink by a 3x3
square at the OCR image's ~300 dpi read them at 9.5% CER against 12.2%, and tesseract's
own confidence rose with it on five of six pages (the sixth, a text page at 3.6%, read
3.7%).

The threshold breaks strokes where the scanner set it by the darkest thing on the glass:
a dark lid band beside the page (or a black photo) sets it far below faded ink. Twelve
generated text pages scanned so (hard level, a lid band) read at 0.20 to 0.90, with 40
to 1,184 character errors; thickened, all twelve at a higher confidence and eleven with
fewer errors (1,184 -> 943, 329 -> 270, 104 -> 56; the twelfth, read at 0.903, 40 -> 48,
is above ``FADED_CONFIDENCE``); a thicker square (5, 7) read worse again on the worst
five. Without the band the same pages read at 0.95 either way.

It is a second read, so only bilevel pages read unsure (``FADED_CONFIDENCE``: whole
strokes read at 0.95) pay for it, and the thickened read is kept only when tesseract is
surer of it and it holds as many letters and nearly as many lines (``KEPT_LINES``): on a
page whose strokes were whole, thickening closes counters and joins letters (the
jTessBoxEditor letter charts, crisp but read unsure, lost three of their 24 lines so),
and the plain read stays.
"""

from __future__ import annotations

import dataclasses
import logging

import cv2
import numpy as np

from intake.model import CleanPage
from ocr.engine import OcrEngine, OcrEngineError
from ocr.model import OcrResult, letters_in

log = logging.getLogger(__name__)

FADED_CONFIDENCE = 0.9  # a bilevel page read below this mean word confidence may be faded
THICKEN_AT_DPI = 300.0  # the 3x3 square's scale: 1 px of ink more on each side at 300 dpi
KEPT_LINES = 0.9
"""The thickened read must keep this share of the plain read's lines: specks the plain
read took for lines of their own go (a faint sample form: 38 -> 36 lines, its letters
read 233 -> 846), lines of print must not (a letter chart: 24 -> 21)."""


def thickened(gray: np.ndarray, dpi: float) -> np.ndarray:
    """``gray`` (dark ink on white) with its ink grown by about a pixel on each side at
    300 dpi (a square of 3 pixels there, more at higher resolutions)."""
    size = max(3, round(3 * dpi / THICKEN_AT_DPI) | 1)
    return cv2.erode(gray, np.ones((size, size), np.uint8))


def reread_thickened(clean: CleanPage, ocr: OcrResult, engine: OcrEngine) -> tuple[CleanPage, OcrResult]:
    """The page and its read with the strokes thickened, where it is a bilevel page read
    unsure and the thickened read is surer; else as they are. A second read that fails
    leaves the first."""
    if not clean.bilevel or not ocr.words or ocr.confidence >= FADED_CONFIDENCE:
        return clean, ocr
    dpi = clean.dpi * clean.ocr_scale
    image = thickened(clean.ocr_image, dpi)
    try:
        read = engine.recognize(image, dpi=round(dpi))
    except OcrEngineError as exc:
        log.warning("reading the faded bilevel page with its strokes thickened failed: %s", exc)
        return clean, ocr
    if (read.confidence <= ocr.confidence or _lines(read) < KEPT_LINES * _lines(ocr)
            or letters_in(read.words) < letters_in(ocr.words)):
        return clean, ocr  # less sure, or surer of less: lines or letters the plain read had are lost
    log.info("faded bilevel page: strokes thickened, read confidence %.3f -> %.3f", ocr.confidence, read.confidence)
    return dataclasses.replace(clean, ocr_image=image), read


def _lines(read: OcrResult) -> int:
    return len({word.line for word in read.words})

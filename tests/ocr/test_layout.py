"""Page segmentation mode per page: psm 4 for one column of text (forms, receipts), psm 3
for pages set in columns; and what psm 4 buys on a receipt's numbered list."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from intake.pipeline import PipelineOptions, process_page
from intake.separate import SeparationOptions
from intake.sources import SourceLimits, load_page
from ocr.engine import TesseractEngine
from ocr.layout import COLUMNS_PSM, SINGLE_COLUMN_PSM, has_column_gutter, page_psm

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "batch"


def gray(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("L"))


def test_a_two_column_page_gets_automatic_layout_and_single_column_pages_do_not(testdata: Path):
    assert page_psm(gray(testdata / "OCRmyPDF/tests/resources/linn.png"), 300) == COLUMNS_PSM
    for name in ("phototest.tif", "eurotext.tif"):
        assert page_psm(gray(testdata / "tesseract-ocr-test/testing" / name), 300) == SINGLE_COLUMN_PSM


def test_forms_with_two_column_headers_and_signature_blocks_are_one_column():
    for name, index in (("scan_001.tif", 0), ("scan_001.tif", 2), ("scan_003.pdf", 1), ("scan_003.pdf", 3)):  # upright ones
        page = load_page(SAMPLES / name, index, SourceLimits())
        image = page.image if page.image.ndim == 2 else np.asarray(Image.fromarray(page.image).convert("L"))
        assert not has_column_gutter(image, 300.0), (name, index)


def test_an_empty_page_has_no_columns():
    assert not has_column_gutter(np.full((3508, 2480), 255, np.uint8), 300)


def test_the_numbers_of_a_receipts_numbered_list_are_read():
    """psm 3 took the list's numbers, one under the other, for a column and dropped them."""
    options = PipelineOptions(engine=TesseractEngine(min_word_confidence=0.4),
                              separation=SeparationOptions(keep_separator_pages=True))
    text = process_page(SAMPLES / "scan_001.tif", 0, options).ocr.text
    numbered = [line.split()[0] for line in text.splitlines() if line[:1].isdigit() and ". " in line[:4]]
    assert numbered[:6] == ["1.", "2.", "3.", "4.", "5.", "6."], text

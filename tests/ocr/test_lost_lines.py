"""Whole lines of print the page read lost, read on their own (:mod:`ocr.lost_lines`)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from intake.pipeline import PipelineOptions, process_page
from ocr.engine import OcrEngineError, TesseractEngine
from ocr.lost_lines import with_lost_lines
from ocr.model import OcrResult

DATA = Path(__file__).parent / "data"
PAGE = DATA / "lost_phone_line.png"
"""A clean certified copy of a request form (mixed dev 94, scan_002 page 5), cleaned and
thresholded: tesseract's layout finds no line where its phone line is printed."""
PHONE_LINE = "Số điện thoại: 0933 586 271"


def _read() -> tuple[np.ndarray, OcrResult]:
    image = cv2.imread(str(PAGE), cv2.IMREAD_GRAYSCALE)
    return image, TesseractEngine().recognize(image, dpi=300)


def test_a_line_the_page_read_lost_is_read_and_put_in_its_place():
    """GIVEN the page whose read lost its phone line WHEN the lost lines are read THEN the
    line stands between the address and the next label, and nothing else is added (the
    certifier's signature and the seal's place stay unread)."""
    image, read = _read()
    assert "thoại" not in read.text  # the loss this is about
    mended = with_lost_lines(image, read, TesseractEngine(), 300)
    lines = mended.text.splitlines()
    at = lines.index(PHONE_LINE)
    assert lines[at - 1].startswith("Địa chỉ: Số 191") and lines[at + 1].startswith("Đề nghị cấp bản sao")
    added = [w for w in mended.words if w not in read.words]
    assert " ".join(w.text for w in added) == PHONE_LINE
    assert all(w.bbox[1] > 1000 and w.bbox[3] < 1200 for w in added)


def test_a_page_read_whole_is_left_as_read():
    image, read = _read()
    whole = with_lost_lines(image, read, TesseractEngine(), 300)
    assert with_lost_lines(image, whole, TesseractEngine(), 300) == whole


def test_a_page_read_unsure_is_not_looked_at():
    """GIVEN the same read, as if the page had been read unsure (a faint page: its unread
    ink is its own poor print) WHEN the lost lines are looked for THEN none is added: lines
    read surely out of it would lift the confidence the rescan mark judges."""
    image, read = _read()
    unsure = dataclasses.replace(read, confidence=0.8)
    assert with_lost_lines(image, unsure, TesseractEngine(), 300) == unsure


def test_a_second_read_that_fails_leaves_the_first():
    class Failing:
        def recognize(self, image, *, dpi):
            raise OcrEngineError("tesseract crashed")

    image, read = _read()
    assert with_lost_lines(image, read, Failing(), 300) == read


def test_the_pipeline_reads_the_phone_the_layout_lost(tmp_path):
    path = tmp_path / "certified copy.png"
    image = cv2.imread(str(PAGE), cv2.IMREAD_GRAYSCALE)
    Image.fromarray(image).save(path, dpi=(300, 300))
    page = process_page(path, 0, PipelineOptions(workers=1))
    assert page.fields["phone"].value == "0933586271"

"""The pipeline's page flow: a hung or crashing OCR engine costs one page's text, never the page."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from intake.model import PageKind
from intake.pipeline import PipelineOptions, process_batch, process_page
from ocr.engine import TesseractEngine


def fake_tesseract(tmp_path: Path, body: str) -> str:
    """A stand-in tesseract executable, only to inject a fault."""
    script = tmp_path / "tesseract"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def phototest(testdata, tmp_path) -> Path:
    path = tmp_path / "phototest.tif"
    shutil.copy(testdata / "tesseract-ocr-test/testing/phototest.tif", path)
    return path


def test_hung_engine_becomes_a_page_error_and_the_page_is_kept(tmp_path, phototest):
    """GIVEN an OCR engine that hangs WHEN a page is processed
    THEN it times out into a clear page error, and the page image is still there."""
    engine = TesseractEngine(tesseract_cmd=fake_tesseract(tmp_path, "sleep 60"), timeout_s=1)
    options = replace(PipelineOptions(workers=1), engine=engine,
                      cleanup=replace(PipelineOptions().cleanup, detect_orientation=False))
    page = process_page(phototest, 0, options)
    assert page.kind is PageKind.CONTENT
    assert page.error_code == "ocr_timeout"
    assert page.image is not None and page.image.data
    assert page.ocr_seconds >= 1  # the time spent waiting counts
    assert page.ocr is None


def test_crashing_engine_on_one_page_does_not_stop_the_batch(tmp_path, phototest):
    engine = TesseractEngine(tesseract_cmd=fake_tesseract(tmp_path, "echo 'Segmentation fault' >&2; exit 139"))
    options = replace(PipelineOptions(workers=1), engine=engine,
                      cleanup=replace(PipelineOptions().cleanup, detect_orientation=False))
    result = process_batch([phototest, phototest], options)
    assert not result.failures
    assert [p.error_code for p in result.pages] == ["ocr_failed", "ocr_failed"]
    assert len(result.dossiers) == 1 and len(result.dossiers[0].pages) == 2


def test_real_engine_reads_the_page_with_boxes_on_the_archive_image(phototest):
    page = process_page(phototest, 0, PipelineOptions(workers=1))
    assert page.kind is PageKind.CONTENT and page.error_code is None
    assert "quick brown dog" in page.ocr.text
    assert page.ocr.width == page.image.width and page.ocr.height == page.image.height
    for word in page.ocr.words:
        left, top, right, bottom = word.bbox
        assert 0 <= left < right <= page.image.width and 0 <= top < bottom <= page.image.height


def test_real_engine_reading_a_page_records_its_ocr_time(phototest):
    page = process_page(phototest, 0, PipelineOptions(workers=1))
    assert page.error_code is None and page.ocr.text
    assert page.ocr_seconds > 0

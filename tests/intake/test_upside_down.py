"""A page orientation detection left upside down is told by its read and turned over
(real tesseract on the bundled sample scan)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from intake.model import PageKind
from intake.pipeline import PipelineOptions, process_page
from ocr.model import OcrResult, Word
from ocr.upside_down import reads_better_turned, reads_poorly, syllable_share

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "batch" / "scan_002.jpg"  # a mild scan of a text page
WITHOUT_OSD = replace(PipelineOptions(workers=1), cleanup=replace(PipelineOptions().cleanup, detect_orientation=False))


def _read(*texts: str, standing: bool = False) -> OcrResult:
    """A read of ``texts``, its word boxes lying across the page (or standing tall)."""
    def box(i: int, text: str) -> tuple[int, int, int, int]:
        long, short = 20 * len(text), 30
        return (0, 40 * i, short, 40 * i + long) if standing else (40 * i, 0, 40 * i + long, short)

    words = tuple(Word(text, box(i, text), 0.9, (1, 1, 1)) for i, text in enumerate(texts))
    return OcrResult(words, " ".join(texts), 0.9, 1000, 1000)


def test_a_read_is_poor_when_few_of_its_words_are_syllables():
    upright = _read(*("Đến nay, tổ dân phố đã hướng dẫn bổ sung tờ khai theo mẫu quy định " * 2).split())
    over = _read(*("(HỌI Ô 01 HỊD FCOC tHỤU G0 PUDHW1 7T ADBu 'BUðH 3 UDỊ TỤC ẤS GUND ĐỊ xX" * 2).split())
    assert syllable_share(upright) > 0.9 and not reads_poorly(upright)
    assert syllable_share(over) < 0.5 and reads_poorly(over)
    assert reads_better_turned(over, upright) and not reads_better_turned(upright, over)
    assert syllable_share(_read("ĐNQH", "2đ")) is None and not reads_poorly(_read("ĐNQH", "2đ"))
    sideways = _read(*("Đến nay, tổ dân phố đã hướng dẫn bổ sung tờ khai theo mẫu quy định " * 2).split(),
                     standing=True)
    assert not reads_better_turned(over, sideways)  # a page on its side, read one way round


@pytest.fixture(scope="module")
def upside_down_scan(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scans") / "over.png"
    Image.open(SAMPLE).rotate(180).save(path)
    return path


def test_a_page_left_upside_down_is_turned_over_with_its_image(upside_down_scan):
    """GIVEN a text page scanned upside down, orientation detection off (as when it
    answers wrong) WHEN the page is processed THEN its read turns it over: the text is
    Vietnamese and the archived page, rotation noted, stands upright with it."""
    page = process_page(upside_down_scan, 0, WITHOUT_OSD)
    assert page.kind is PageKind.CONTENT and page.rotation == 180
    assert syllable_share(page.ocr) > 0.9
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page.ocr.text
    assert page.ocr.width == page.image.width and page.ocr.height == page.image.height


def test_an_upright_page_stays_as_it_is():
    page = process_page(SAMPLE, 0, WITHOUT_OSD)
    assert page.rotation == 0 and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page.ocr.text

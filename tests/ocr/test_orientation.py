"""Quarter-turn detection with tesseract OSD on real rotated pages."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from pdf2image import convert_from_path
from PIL import Image, ImageDraw, ImageFont

import ocr.orientation
from ocr.model import Orientation
from ocr.orientation import OsdAnswer, detect_orientation, parse_osd_answer, recheck_turn

OSD_DPI = 150  # what clean_page hands the detector (see the report's trade-off figures)

PDF_PAGES = [
    # file, 1-based page, clockwise turn that makes it upright (checked by eye)
    ("OCRmyPDF/tests/resources/cardinal.pdf", 1, 0),
    ("OCRmyPDF/tests/resources/cardinal.pdf", 2, 270),
    ("OCRmyPDF/tests/resources/cardinal.pdf", 3, 180),
    ("OCRmyPDF/tests/resources/cardinal.pdf", 4, 90),
    ("paperless-ngx/src/paperless/tests/samples/tesseract/rotated.pdf", 1, 270),
    ("paperless-ngx/src/paperless/tests/samples/tesseract/rotated.pdf", 2, 180),
    ("paperless-ngx/src/paperless/tests/samples/tesseract/rotated.pdf", 3, 90),
    ("paperless-ngx/src/paperless/tests/samples/tesseract/rotated.pdf", 4, 0),
]

IMAGES = [
    # file, its resolution, clockwise turn that makes it upright
    ("tesseract-ocr-test/testing/phototest-rotated-180.png", 200, 180),
    ("tesseract-ocr-test/testing/phototest-rotated-L.png", 200, 90),
    ("tesseract-ocr-test/testing/phototest-rotated-R.png", 200, 270),
    ("tess4j/src/test/resources/test-data/eurotext90.png", 300, 270),
]


def binarised(gray: np.ndarray, dpi: float, target_dpi: float = OSD_DPI) -> np.ndarray:
    if dpi > target_dpi:
        factor = target_dpi / dpi
        gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


@functools.cache  # several tests turn to the same page; none changes the array
def pdf_page(path: Path, page: int) -> np.ndarray:
    rendered = convert_from_path(path, dpi=OSD_DPI, first_page=page, last_page=page, grayscale=True)
    return binarised(np.asarray(rendered[0].convert("L")), OSD_DPI)


@pytest.mark.parametrize(("name", "page", "expected"), PDF_PAGES)
def test_quarter_turn_of_rendered_pdf_pages(testdata: Path, name: str, page: int, expected: int) -> None:
    found = detect_orientation(pdf_page(testdata / name, page))
    assert found.rotate == expected
    assert found.confidence >= ocr.orientation.DEFAULT_MIN_CONFIDENCE


@pytest.mark.parametrize(("name", "dpi", "expected"), IMAGES)
def test_quarter_turn_of_rotated_images(testdata: Path, name: str, dpi: int, expected: int) -> None:
    gray = np.asarray(Image.open(testdata / name).convert("L"))
    assert detect_orientation(binarised(gray, dpi)).rotate == expected


def test_rgb_input_is_accepted(testdata: Path) -> None:
    rgb = np.asarray(Image.open(testdata / IMAGES[0][0]).convert("RGB"))
    assert detect_orientation(rgb).rotate == 180


def test_page_with_too_few_characters_is_left_as_it_is() -> None:
    """GIVEN a page with one short word WHEN OSD runs THEN tesseract gives up: rotate 0, confidence 0."""
    page = Image.new("L", (1200, 1600), 255)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    ImageDraw.Draw(page).text((300, 400), "Hi", font=font, fill=0)
    assert detect_orientation(np.asarray(page)) == Orientation(rotate=0, confidence=0.0)


def test_blank_and_empty_images_never_crash() -> None:
    assert detect_orientation(np.full((800, 600), 255, np.uint8)).rotate == 0
    assert detect_orientation(np.zeros((0, 0), np.uint8)) == Orientation(0, 0.0)


def test_answer_below_min_confidence_is_not_trusted(testdata: Path) -> None:
    name, page, expected = PDF_PAGES[3]
    found = detect_orientation(pdf_page(testdata / name, page), min_confidence=1e6, recheck=False)
    assert found.rotate == 0
    assert found.confidence > 0  # tesseract's real answer was seen, just not trusted


@pytest.fixture(scope="module")
def legible_characters_read() -> dict[tuple[tuple[int, ...], bytes], int | None]:
    """The re-check reader's answers so far, per image (shape and pixels' digest)."""
    return {}


@pytest.fixture
def each_turned_image_read_once(legible_characters_read, monkeypatch: pytest.MonkeyPatch) -> None:
    """The re-check's reader, remembering its answer per image: cardinal.pdf's pages are
    one page at four turns, pixel for pixel, so the three re-checks below read the same four
    images: 4 reads instead of 12. Every answer is still tesseract's own for exactly the
    pixels the re-check turned and handed over."""
    read = ocr.orientation._legible_characters

    def read_once(image: np.ndarray, timeout_s: float) -> int | None:
        key = (image.shape, hashlib.sha256(image.tobytes()).digest())
        if key not in legible_characters_read:
            legible_characters_read[key] = read(image, timeout_s)
        return legible_characters_read[key]

    monkeypatch.setattr(ocr.orientation, "_legible_characters", read_once)


def middle_quarter(page: np.ndarray) -> np.ndarray:
    """The middle of a page, half its height by half its width: some 30 lines of text in
    a quarter of the reading time (whole pages made these re-checks 60 s of the suite).
    Equal margins on opposite sides, so the middle of a page turned is the middle turned."""
    rows, columns = page.shape[0] // 4, page.shape[1] // 4
    return page[rows:page.shape[0] - rows, columns:page.shape[1] - columns]


@pytest.mark.usefixtures("each_turned_image_read_once")
@pytest.mark.parametrize("index", [1, 2, 3])
def test_answer_below_min_confidence_is_rechecked_by_reading(testdata: Path, index: int) -> None:
    """GIVEN (the middle quarter of) a turned page and a confidence OSD cannot reach WHEN
    the page is re-checked THEN reading it at each quarter turn finds the right one
    (``recheck_turn``, which the detector calls; it reads the page at four turns, each
    image once in this module)."""
    name, page, expected = PDF_PAGES[index]
    image = middle_quarter(pdf_page(testdata / name, page))
    assert detect_orientation(image, min_confidence=1e6).rotate == expected


def test_page_that_reads_no_better_any_way_up_is_left_as_it_is() -> None:
    page = Image.new("L", (1200, 1600), 255)
    ImageDraw.Draw(page).rectangle((200, 300, 900, 1000), outline=0, width=8)
    assert recheck_turn(np.asarray(page)) == 0


OSD_OUTPUT = b"""Page number: 0
Orientation in degrees: 180
Rotate: 180
Orientation confidence: 6.97
Script: Bengali
Script confidence: 7.88
"""


def test_osd_output_is_parsed_with_its_script() -> None:
    assert parse_osd_answer(OSD_OUTPUT) == OsdAnswer(rotate=180, confidence=6.97, script="Bengali")
    assert parse_osd_answer(b"Too few characters. Skipping this page") is None
    assert parse_osd_answer(OSD_OUTPUT.replace(b"Rotate: 180", b"Rotate: 45")) is None



def test_timeout_leaves_page_as_it_is(testdata: Path) -> None:
    """GIVEN a time limit tesseract cannot meet WHEN OSD runs THEN the page is left as it is."""
    name, page, _ = PDF_PAGES[1]
    assert detect_orientation(pdf_page(testdata / name, page), timeout_s=0.001) == Orientation(0, 0.0)


def test_missing_engine_leaves_page_as_it_is(testdata: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.orientation, "TESSERACT_COMMAND", "/nonexistent/tesseract")
    name, page, _ = PDF_PAGES[1]
    assert detect_orientation(pdf_page(testdata / name, page)) == Orientation(0, 0.0)

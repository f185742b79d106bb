"""Dark scanner borders are cropped or painted over; the text on the paper is never cut."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from pdf2image import convert_from_path
from PIL import Image

from intake.borders import crop_scanner_borders, has_scanner_border
from intake.deskew import deskew, measure_skew

IMGSRC001 = "unpaper/tests/source_images/imgsrc001.png"
KRAKEN = "kraken/tests/resources/input.jpg"
EUROTEXT_DESKEW = "tess4j/src/test/resources/test-data/eurotext_deskew.png"


def gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image


def edge_strips(image: np.ndarray, share: float = 0.01) -> dict[str, float]:
    """Mean gray level of a strip along each edge, ``share`` of the short side wide."""
    g = gray(image)
    k = max(3, int(share * min(g.shape)))
    return {"top": g[:k].mean(), "bottom": g[-k:].mean(), "left": g[:, :k].mean(), "right": g[:, -k:].mean()}


def paper_level(image: np.ndarray) -> float:
    return float(np.percentile(gray(image), 90))


def text_box(image: np.ndarray, dpi: float) -> tuple[int, int, int]:
    """Width, height and ink pixels of the printed text: letter-sized dark blobs that keep
    5% away from the image edges (stains and border scraps are not letter-shaped there)."""
    g = gray(image)
    ink = (g < 0.5 * paper_level(image)).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    x, y, w, h = (stats[:, i] for i in range(4))
    height, width = g.shape
    letters = (h >= 0.03 * dpi) & (h <= 0.3 * dpi) & (w <= 0.5 * dpi)
    inside = ((x > 0.05 * width) & (x + w < 0.95 * width)
              & (y > 0.05 * height) & (y + h < 0.95 * height))
    chosen = letters & inside
    chosen[0] = False
    ys, xs = np.nonzero(chosen[labels])
    return int(xs.max() - xs.min()), int(ys.max() - ys.min()), len(xs)


def assert_no_dark_band(image: np.ndarray) -> None:
    paper = paper_level(image)
    for edge, level in edge_strips(image).items():
        assert level > 0.75 * paper, f"dark band left at the {edge} edge ({level:.0f} vs paper {paper:.0f})"


def test_black_margin_of_unpaper_sample_is_removed_and_text_kept(testdata: Path) -> None:
    page = np.asarray(Image.open(testdata / IMGSRC001).convert("L"))
    assert edge_strips(page)["left"] < 150  # the black margin is there to begin with
    original = page.copy()
    cleaned = crop_scanner_borders(page, 300, fill=255)
    assert_no_dark_band(cleaned)
    width, height, ink = text_box(page, 300)
    assert text_box(cleaned, 300) == (width, height, ink)  # every text pixel kept, none cut
    assert np.array_equal(page, original)


def test_dark_surroundings_of_a_photographed_page_are_cropped(testdata: Path) -> None:
    """GIVEN kraken's photo of a book page on a dark cloth WHEN cropped THEN no dark edge is left
    and the printed text is all there."""
    photo = np.asarray(Image.open(testdata / KRAKEN).convert("RGB"))
    assert min(edge_strips(photo).values()) < 60
    cleaned = crop_scanner_borders(photo, 300)
    assert_no_dark_band(cleaned)
    width, height, ink = text_box(photo, 300)
    assert text_box(cleaned, 300) == (width, height, ink)


def test_wedges_around_a_deskewed_page_are_cropped_to_the_paper(testdata: Path) -> None:
    """GIVEN eurotext_deskew.png (a page turned 20.8 degrees on black, alpha dropped)
    WHEN deskewed with a dark fill and cropped THEN the paper is left, at eurotext.tif's size."""
    page = np.asarray(Image.open(testdata / EUROTEXT_DESKEW).convert("RGB"))
    assert has_scanner_border(page, 300)
    straight = deskew(page, measure_skew(page, 300), fill=0)
    cleaned = crop_scanner_borders(straight, 300)
    assert_no_dark_band(cleaned)
    original = Image.open(testdata / "tesseract-ocr-test/testing/eurotext.tif")
    assert abs(cleaned.shape[1] - original.width) <= 0.03 * original.width
    assert abs(cleaned.shape[0] - original.height) <= 0.03 * original.height


def test_page_without_border_comes_back_unchanged(testdata: Path) -> None:
    page = np.asarray(convert_from_path(testdata / "OCRmyPDF/tests/resources/skew.pdf", dpi=100,
                                        grayscale=True)[0].convert("L"))
    assert not has_scanner_border(page, 100)
    cleaned = crop_scanner_borders(page, 100)
    assert cleaned is not page
    assert np.array_equal(cleaned, page)

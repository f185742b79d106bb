"""The noise filter's letter-spaced-line rule (``ocr/letter_spacing.py``) on real pages,
and ``drop_noise`` keeping the lines it is told are text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ocr.engine import drop_noise
from ocr.letter_spacing import glyph_columns, is_letter_spaced
from ocr.model import Word

CHARTS = "jTessBoxEditor/samples/vie"


def load_gray(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("L"))


def chart_lines(folder: Path, font: str) -> list[np.ndarray]:
    """Each line of a chart, cut by its ``.box`` glyph boxes (a new line starts where the
    next glyph is left of the last one; box y counts from the bottom)."""
    image = load_gray(folder / f"vie.{font}.exp0.tif")
    height = image.shape[0]
    lines: list[list[tuple[int, int, int, int]]] = []
    for row in (folder / f"vie.{font}.exp0.box").read_text(encoding="utf-8").splitlines():
        left, bottom, right, top = (int(v) for v in row.split(" ")[1:5])
        if not lines or left < lines[-1][-1][0]:
            lines.append([])
        lines[-1].append((left, height - top, right, height - bottom))
    return [image[min(b[1] for b in line):max(b[3] for b in line),
                  min(b[0] for b in line):max(b[2] for b in line)] for line in lines]


def projection_lines(image: np.ndarray) -> list[np.ndarray]:
    """The text lines of a clean page, cut where no row holds ink."""
    rows = (image < 128).any(axis=1)
    runs = glyph_columns(rows[np.newaxis, :])  # runs of inked rows
    return [image[top:bottom] for top, bottom in runs if bottom - top >= 8]


@pytest.mark.parametrize("font", ["arial", "times"])
def test_every_line_of_a_letter_spaced_chart_is_letter_spaced(testdata: Path, font: str):
    lines = chart_lines(testdata / CHARTS, font)
    assert len(lines) >= 25
    assert all(is_letter_spaced(line, dpi=300) for line in lines)


@pytest.mark.parametrize("name, dpi", [("phototest.tif", 200), ("eurotext.tif", 300)])
def test_no_line_of_normal_text_is_letter_spaced(testdata: Path, name: str, dpi: int):
    lines = projection_lines(load_gray(testdata / "tesseract-ocr-test/testing" / name))
    assert len(lines) >= 8
    assert not any(is_letter_spaced(line, dpi=dpi) for line in lines)


def test_specks_in_a_row_are_not_letter_spaced():
    """GIVEN a strip of paper with 40 specks of toner 2-5 px wide at random places
    THEN it is no letter-spaced line (too small, and unevenly set)."""
    rng = np.random.default_rng(5)
    strip = np.full((40, 1200), 255, dtype=np.uint8)
    for x, y, size in zip(rng.integers(0, 1190, 40), rng.integers(5, 30, 40), rng.integers(2, 6, 40)):
        strip[y:y + size, x:x + size] = 30
    assert not is_letter_spaced(strip, dpi=300)


def test_a_letter_spaced_line_closed_up_is_normal_text(testdata: Path):
    """GIVEN a chart line with its gaps cut to 2 px THEN it is no longer letter-spaced."""
    line = chart_lines(testdata / CHARTS, "arial")[5]
    glyphs = glyph_columns(line < 128)
    gap = np.full((line.shape[0], 2), 255, dtype=np.uint8)
    closed = np.hstack([part for left, right in glyphs for part in (line[:, left:right], gap)])
    assert is_letter_spaced(line, dpi=300)
    assert not is_letter_spaced(closed, dpi=300)


def test_lines_known_to_be_text_are_kept_whatever_their_confidence():
    def w(text: str, conf: float, line: tuple[int, int, int]) -> Word:
        return Word(text, (0, 0, 10, 10), conf, line)

    words = [w("Ngày", 0.95, (1, 1, 1)), w("C", 0.2, (1, 1, 2)), w("Ộ", 0.1, (1, 1, 2)),
             w("N", 0.3, (1, 1, 2)), w("G", 0.2, (1, 1, 2)), w("~", 0.1, (1, 1, 2)),
             w("šEUWAISIIEES", 0.1, (1, 1, 3))]
    kept = drop_noise(words, 0.4, is_text=lambda line: line[0].line == (1, 1, 2))
    assert [x.text for x in kept] == ["Ngày", "C", "Ộ", "N", "G"]  # symbol words still go
    assert [x.text for x in drop_noise(words, 0.4)] == ["Ngày"]

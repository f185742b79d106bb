"""Letter-spaced lines: text set with a gap about a letter wide between its letters.

Headings on forms are often set this way ("C Ộ N G  H Ò A"), and so are the jTessBoxEditor
Vietnamese charts. Tesseract reads such lines with low word confidences (one long word,
or one-letter words, none with a syllable's context), so the noise filter, which drops
lines that average below its threshold, took them for marks. A line is recognised as
letter-spaced by its geometry in the OCR image, not by its text: its ink falls into many
glyph columns (runs of columns holding ink) of letter width, separated by clear gaps of
even width. Noise does not look like that: speckle makes thin columns at random gaps, a
signature or a seal's ring a few wide, joined strokes, and normal text letters that
touch or nearly touch (gaps of a few pixels) with wider gaps only between words.

Measured: every line of both charts is found letter-spaced, no line of phototest.tif or
eurotext.tif is (tests/ocr/test_noise.py); with the filter at 0.4 the charts' page CER
goes 68.8% -> 11.6% (Arial) and 84.3% -> 14.6% (Times), the same as with no filter
(``benchmarks/charts.py``). On the generated corpora, the lines it keeps are ID card
zone lines (OCR-B, evenly set) and, on one hard page (200 dpi bilevel, blurred, faded)
whose letters fell apart, 16 lines of real text read badly: that page's errors
1190 -> 927 of 1495 characters; no other page's text changes (mild seed 23, hard seed 5).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.model import BBox

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SpacingRule:
    """What makes a line letter-spaced.

    ``min_glyphs``: glyph columns a line needs (a short line proves nothing).
    ``min_glyph_height_in``: the median glyph column's ink height, at least, in inches
    (0.03 in: 9 px at 300 dpi, smaller than any printed letter; specks are smaller).
    ``min_gap``: the median gap between glyph columns, at least, relative to the median
    glyph column's width. Measured: normal text 0.20-0.33 (phototest.tif, eurotext.tif:
    letters touch or nearly), the charts 0.63-0.90, "C Ộ N G" headings about 1.
    ``even_share``: share of gaps within ``even_range`` times the median gap, at least
    (the rest are word gaps or narrow pairs; the charts 0.86-1.0; random specks about 0.4).
    """

    min_glyphs: int = 6
    min_glyph_height_in: float = 0.03
    min_gap: float = 0.5
    even_share: float = 0.6
    even_range: tuple[float, float] = (0.5, 1.8)


def is_letter_spaced(line: np.ndarray, dpi: float, rule: SpacingRule = SpacingRule()) -> bool:
    """Whether ``line`` (uint8 gray, dark ink on light paper, one text line, ``dpi``) is
    letter-spaced: enough glyph columns, letter-sized, set apart by even, wide gaps."""
    ink = _ink(line)
    glyphs = glyph_columns(ink)
    if len(glyphs) < rule.min_glyphs:
        return False
    widths = np.array([right - left for left, right in glyphs], dtype=float)
    heights = np.array([_ink_height(ink[:, left:right]) for left, right in glyphs], dtype=float)
    gaps = np.array([b[0] - a[1] for a, b in zip(glyphs, glyphs[1:])], dtype=float)
    median_gap = float(np.median(gaps))
    if float(np.median(heights)) < rule.min_glyph_height_in * dpi:
        return False
    if median_gap < rule.min_gap * float(np.median(widths)):
        return False
    low, high = rule.even_range
    even = np.count_nonzero((gaps >= low * median_gap) & (gaps <= high * median_gap))
    return even >= rule.even_share * gaps.size


def glyph_columns(ink: np.ndarray) -> list[tuple[int, int]]:
    """(left, right) of each run of image columns holding ink, right exclusive."""
    columns = np.concatenate(([False], ink.any(axis=0), [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(columns))
    return [(int(left), int(right)) for left, right in zip(edges[::2], edges[1::2])]


def line_image(image: np.ndarray, bbox: BBox, margin: float = 0.0) -> np.ndarray:
    """The part of ``image`` (gray or RGB) under a line's box, with a small margin above and
    below (tone marks stick out of tesseract's boxes) but none at the sides."""
    left, top, right, bottom = bbox
    pad = int(round((bottom - top) * margin))
    crop = image[max(top - pad, 0):bottom + pad, max(left, 0):right]
    return cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY) if crop.ndim == 3 else crop


def _ink_height(ink: np.ndarray) -> int:
    rows = np.flatnonzero(ink.any(axis=1))
    return int(rows[-1] - rows[0] + 1) if rows.size else 0


def _ink(gray: np.ndarray) -> np.ndarray:
    """Ink pixels: darker than Otsu's threshold, when the crop has contrast at all."""
    if gray.size == 0 or int(gray.max()) - int(gray.min()) < 64:
        return np.zeros(gray.shape, dtype=bool)
    threshold, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return gray <= threshold

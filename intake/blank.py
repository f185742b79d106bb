"""Blank backs of duplex scans: no mark a person made or printed, only paper.

The test errs on the side of keeping a page: one page number, one short handwritten
line or one small stamp is content. What does not count:

- a strip ``MARGIN_IN`` wide along every edge (scanner edge lines, shadows, torn edges);
- anything lighter than ``MIN_CONTRAST`` below the paper level after the background is
  flattened (bleed-through of the other side, paper grain, JPEG noise); a page with real
  ink lowers the threshold further through Otsu, never raises it above that bound;
- blobs smaller than ``DUST_IN`` in both directions (dust, noise specks);
- solid round blobs the size of a punch hole;
- thin strokes that run in from the edge strip (a hair or fibre caught on the glass);
  a person's mark does not start at the paper's edge;
- up to ``MAX_LONE_HAIRS`` hairs lying on the glass when nothing else is on the page:
  0.15 to 0.6 inch long, thinner than a pen's line, and simple (a straight line or one gentle arc, its
  ink no longer than its diagonal). Anything else beside them, a longer or a wavy
  stroke (a note in pencil) makes the page content.

The darkest of the three colour channels is used, so a lone red stamp or blue
signature is as dark as black ink.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np

from intake.paper import flatten_background, reduce_to_dpi

log = logging.getLogger(__name__)

BLANK_DPI = 100.0
MARGIN_IN = 0.25
MIN_CONTRAST = 80
"""Gray levels below the flattened paper (255) that a mark must reach; bleed-through stays above."""
DUST_IN = 0.05
"""A mark must be at least this long (inches) in one direction; a 6 pt digit is ~0.06 inch."""
MIN_MARKS = 1
"""Marks needed to call a page content: one is enough, a kept blank is cheap."""
BLANK_INK_RATIO = 0.0005
"""Share of dark pixels above which a page is content even if its marks look like dust."""
PAPER_REACH_IN = 0.4
"""Width of the max filter that finds the paper level: wider than a punch hole."""
_PUNCH_HOLE_IN = (0.18, 0.35)
HAIR_THICKNESS_IN = 0.015
"""Mean stroke thickness below which a mark touching the edge strip is a hair."""
HAIR_LENGTH_IN = (0.15, 0.6)
"""Shortest and longest hair lying inside the page: a shorter fleck cannot be told from a
broken pencil line, a longer thin stroke may be writing; both are kept as content."""
HAIR_SIMPLICITY = 1.5
"""Ink pixels per pixel of diagonal at most this: one arc, not a wavy written stroke."""
MAX_LONE_HAIRS = 2


def is_blank_page(image: np.ndarray, dpi: float, *, min_contrast: int = MIN_CONTRAST,
                  min_marks: int = MIN_MARKS, ink_ratio: float = BLANK_INK_RATIO,
                  margin_in: float = MARGIN_IN) -> bool:
    """Whether a page (gray or RGB) carries no content: see the module notes."""
    small, small_dpi = reduce_to_dpi(image, dpi, BLANK_DPI)
    if small.ndim == 3:
        red, green, blue = cv2.split(small)
        small = cv2.min(cv2.min(red, green), blue)
    inner = _without_margin(small, small_dpi, margin_in)
    if inner.size == 0 or np.percentile(inner, 95) < 128:
        return False  # nothing to judge, or no light paper at all: keep it
    flat = flatten_background(inner, small_dpi, reach_in=PAPER_REACH_IN)
    ink = _ink(flat, min_contrast)
    marks, ink_pixels = _count_marks(ink, small_dpi)
    share = ink_pixels / ink.size
    log.debug("blank test: %d marks, ink share %.5f", marks, share)
    return marks < min_marks and share < ink_ratio


def _without_margin(gray: np.ndarray, dpi: float, margin_in: float) -> np.ndarray:
    """The page without its edge strip; the strip shrinks on small slips (5% of a side at most)."""
    height, width = gray.shape
    margin = int(min(margin_in * dpi, 0.05 * min(height, width)))
    return gray[margin:height - margin, margin:width - margin]


def _ink(flat: np.ndarray, min_contrast: int) -> np.ndarray:
    otsu, _ = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    threshold = min(float(otsu), 255.0 - min_contrast)
    return (flat < threshold).astype(np.uint8)


def _count_marks(ink: np.ndarray, dpi: float) -> tuple[int, int]:
    """Blobs bigger than dust, and ink pixels, leaving out punch holes and hairs."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count < 2:
        return 0, 0
    width = stats[1:, cv2.CC_STAT_WIDTH]
    height = stats[1:, cv2.CC_STAT_HEIGHT]
    area = stats[1:, cv2.CC_STAT_AREA]
    dust = np.maximum(width, height) < DUST_IN * dpi
    low, high = (v * dpi for v in _PUNCH_HOLE_IN)
    punch_hole = ((np.minimum(width, height) >= low) & (np.maximum(width, height) <= high)
                  & (np.abs(width - height) <= 0.25 * np.maximum(width, height))
                  & (area >= 0.6 * width * height))
    left, top = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_TOP]
    rows, cols = ink.shape
    at_edge = (left == 0) | (top == 0) | (left + width >= cols) | (top + height >= rows)
    thin = area / np.maximum(width, height) < HAIR_THICKNESS_IN * dpi
    ignored = punch_hole | (at_edge & thin)
    marks = ~dust & ~ignored
    shortest, longest = (v * dpi for v in HAIR_LENGTH_IN)
    length = np.maximum(width, height)
    lone_hair = (thin & (length >= shortest) & (length <= longest)
                 & (area <= HAIR_SIMPLICITY * np.hypot(width, height)))
    if not np.any(marks & ~lone_hair) and np.count_nonzero(marks) <= MAX_LONE_HAIRS:
        ignored = ignored | lone_hair
        marks = marks & ~lone_hair
    return int(np.count_nonzero(marks)), int(area[~ignored].sum())

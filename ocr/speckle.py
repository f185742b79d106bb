"""Speckle: isolated specks of ink far smaller than anything printed, removed for OCR.

Salt-and-pepper from a dirty sensor or a noisy scan leaves thousands of specks a pixel
or two wide. Tesseract reads the ones near text as periods, commas and tone marks
("PHẬN . MỘT"), and the ones on a dotted writing line break the line's rhythm so
``formlines`` no longer finds it. Like unpaper's noise filter and ScanTailor's
despeckle, the specks are told apart from print by size, here relative to the page's
own stroke width so the rule holds at any resolution and type size: the smallest
printed mark (an i-dot, the dot-below of ạ ị ộ, a period) is about one stroke wide and
tall, so its area is near a stroke-wide square; a speck is a small share of one.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np

log = logging.getLogger(__name__)

MAX_SPECK_STROKE_AREA = 0.4
"""Largest speck, as a share of a stroke-wide square. Measured on generated 200 and 300 dpi
hard scans: nearly all speckle blobs are under 0.4 (a few up to 0.5), the smallest printed
dots and tone marks start at 0.6, even faded. Removing up to 0.6 read the same; up to
0.25 left enough specks to read speckled pages about four times worse."""

PAPER = 255


def remove_speckle(gray: np.ndarray) -> np.ndarray:
    """``gray`` (white paper, dark ink) with ink specks smaller than a printed dot painted paper.

    Ink is what Otsu's threshold calls ink, as tesseract's own binarisation would. A page
    without ink comes back unchanged (as a copy).
    """
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)  # 0/255 pages too
    stroke = stroke_width(ink)
    cleaned = gray.copy()
    if stroke <= 0:
        return cleaned
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    is_speck = stats[:, cv2.CC_STAT_AREA] <= MAX_SPECK_STROKE_AREA * stroke * stroke
    is_speck[0] = False  # the paper
    cleaned[is_speck[labels]] = PAPER
    log.debug("speckle: stroke %.1f px, %d of %d ink blobs removed",
              stroke, int(is_speck.sum()), count - 1)
    return cleaned


def stroke_width(ink: np.ndarray) -> float:
    """Typical stroke width in pixels of the ink mask ``ink`` (uint8, 1 = ink), 0 without ink.

    Twice the median distance to the paper along the strokes' middle lines (the local
    maxima of the distance transform). Letters give far more middle-line pixels than
    specks do, so speckle hardly moves it; if it ever did, the width would come out
    smaller and fewer specks would go, never more marks.
    """
    distance = cv2.distanceTransform(ink, cv2.DIST_L2, 3)
    middle = (distance > 0) & (distance >= cv2.dilate(distance, np.ones((3, 3), np.uint8)))
    values = distance[middle]
    return 2.0 * float(np.median(values)) if values.size else 0.0

"""Skew: measure the angle of the text lines and turn the page straight.

Sign convention: ``skew_deg`` is positive when the page content appears turned
*clockwise* on screen (text lines fall to the right), as in OCRmyPDF's skew.pdf
(+1.9 deg); ``deskew`` turns it back counterclockwise by that much.

The angle comes from projection profiles of the text ink on a ~100 dpi copy: a coarse
search over component centroids (cheap, and tried both along rows and along columns,
so a page lying on its side yields its small residual angle, not 90 degrees), then a
fine search over ink pixels near the coarse angle. Components too large to be
characters (dark scanner borders, photos, vertical rules) and those touching the
image edge are left out, so a dark border does not pull the angle.
"""

from __future__ import annotations

import logging
import math

import cv2
import numpy as np

from intake.paper import PaperColour, reduce_to_dpi

log = logging.getLogger(__name__)

SKEW_DPI = 100.0
"""Resolution the angle is measured at: 0.05 degree steps still move a line end by a pixel."""

_COARSE_STEP_DEG = 0.5
_FINE_HALF_RANGE_DEG = 0.6
_FINE_STEP_DEG = 0.05
_CENTROID_BIN_PX = 2.0
_MAX_CHARACTER_IN = 0.4  # taller or wider (and thick) blobs are not characters
_MIN_COMPONENTS = 8
_MIN_INK_CONTRAST = 60  # gray levels below the paper; noise and paper grain stay above
_MIN_SKEW_TO_ROTATE_DEG = 0.05
USUAL_SKEW_DEG = 10.0
"""Sheets fed by hand or by a feeder lie within this of straight; a larger angle needs ..."""
LARGE_SKEW_EVIDENCE = 1.25
"""... a line profile this many times sharper than the best angle within it."""


def measure_skew(gray: np.ndarray, dpi: float, *, max_skew_deg: float = 25.0) -> float:
    """The text-line angle of ``gray`` in degrees, within ``±max_skew_deg`` of a quarter turn.

    Positive = content turned clockwise. Returns 0.0 for a page with too little text.
    """
    small, small_dpi = reduce_to_dpi(gray, dpi, SKEW_DPI)
    ink, centroids, weights = _character_ink(small, small_dpi)
    if len(centroids) < _MIN_COMPONENTS:
        return 0.0
    coarse, on_side = _coarse_angle(centroids, weights, max_skew_deg)
    ys, xs = np.nonzero(ink)
    points = np.column_stack([xs, ys]).astype(np.float32)
    fine = _fine_angle(points, coarse, on_side)
    return float(max(-max_skew_deg, min(max_skew_deg, fine)))


def deskew(image: np.ndarray, skew_deg: float, *, fill: PaperColour = 255,
           bilevel: bool = False) -> np.ndarray:
    """A new image turned counterclockwise by ``skew_deg``, canvas grown so no corner is cut.

    New canvas areas get ``fill`` (the paper colour). A bilevel (0/255) image stays bilevel.
    """
    if abs(skew_deg) < _MIN_SKEW_TO_ROTATE_DEG:
        return image.copy()
    height, width = image.shape[:2]
    new_width, new_height = rotated_size(width, height, skew_deg)
    channels = 1 if image.ndim == 2 else image.shape[2]
    border = (fill,) * channels if isinstance(fill, int) else tuple(fill)[:channels]
    turned = cv2.warpAffine(image, rotation_matrix(width, height, skew_deg), (new_width, new_height),
                            flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                            borderValue=tuple(float(v) for v in border))
    if bilevel:
        _, turned = cv2.threshold(turned, 127, 255, cv2.THRESH_BINARY)
    return turned


def rotation_matrix(width: int, height: int, skew_deg: float) -> np.ndarray:
    """The affine map ``deskew`` applies to a ``width`` x ``height`` image."""
    new_width, new_height = rotated_size(width, height, skew_deg)
    matrix = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), skew_deg, 1.0)
    matrix[0, 2] += new_width / 2.0 - width / 2.0
    matrix[1, 2] += new_height / 2.0 - height / 2.0
    return matrix


def rotated_size(width: int, height: int, skew_deg: float) -> tuple[int, int]:
    """The canvas ``deskew`` makes: large enough for every corner of the turned image."""
    if abs(skew_deg) < _MIN_SKEW_TO_ROTATE_DEG:
        return width, height
    radians = math.radians(skew_deg)
    cos, sin = abs(math.cos(radians)), abs(math.sin(radians))
    return int(math.ceil(width * cos + height * sin)), int(math.ceil(width * sin + height * cos))


def _character_ink(small: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ink of character-sized components, with their centroids and areas: pixels darker than
    both Otsu's threshold and ``_MIN_INK_CONTRAST`` under the paper; on a faint page, where
    that leaves fewer than ``FAINT_PAGE_MARKS`` (Otsu parts a few specks from faded print),
    the contrast alone."""
    if small.ndim == 3:
        small = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    otsu, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    paper = float(np.percentile(small[::2, ::2], 95))
    found = _marks_below(small, min(otsu, paper - _MIN_INK_CONTRAST), dpi)
    if len(found[1]) < FAINT_PAGE_MARKS and otsu < paper - _MIN_INK_CONTRAST:
        found = _marks_below(small, paper - _MIN_INK_CONTRAST, dpi)
    return found


FAINT_PAGE_MARKS = 50
"""Character-sized marks fewer than this: a faint page (a faded ID card copy whose print is
lighter than Otsu's threshold, 11 specks left to measure: its angle came out 9.8 degrees
off), measured on the contrast alone."""


def _marks_below(small: np.ndarray, level: float, dpi: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ink = (small < level).astype(np.uint8)
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    height, width = ink.shape
    x, y, w, h, area = (stats[:, i] for i in range(5))
    largest = _MAX_CHARACTER_IN * dpi
    too_big = (h > largest) | ((w > largest) & (h > largest / 4))
    at_edge = (x == 0) | (y == 0) | (x + w >= width) | (y + h >= height)
    keep = ~too_big & ~at_edge & (area >= 2)
    keep[0] = False
    ink = keep[labels].astype(np.uint8)
    return ink, centroids[keep], area[keep].astype(np.float64)


def _profile_score(offsets: np.ndarray, weights: np.ndarray | None, bin_px: float) -> float:
    bins = np.floor((offsets - offsets.min()) / bin_px).astype(np.int64)
    histogram = np.bincount(bins, weights=weights)
    return float(np.dot(histogram, histogram))


def _projections(points: np.ndarray, angle_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """Each point's offset across lines running at ``angle_deg`` (rows of an upright page),
    and across lines running at ``angle_deg + 90`` (rows of a page lying on its side)."""
    radians = math.radians(angle_deg)
    cos, sin = math.cos(radians), math.sin(radians)
    xs, ys = points[:, 0], points[:, 1]
    return ys * cos - xs * sin, xs * cos + ys * sin


def _coarse_angle(centroids: np.ndarray, weights: np.ndarray, max_skew_deg: float) -> tuple[float, bool]:
    """Best angle on centroids, and whether the text lines run down the page (on its side).

    An angle beyond ``USUAL_SKEW_DEG`` must beat the best one within it clearly
    (``LARGE_SKEW_EVIDENCE``): on a sparse page (a card copy, specks and show-through
    around it) the centroids of a few hundred marks line up by chance as well at -23 degrees
    as the card's lines do at -3.5 (hard dev seed 57), and the wrong turn left the page
    unreadable."""
    best = (-1.0, 0.0, False)
    usual = (-1.0, 0.0, False)
    steps = int(min(max_skew_deg, 45.0) / _COARSE_STEP_DEG)
    weights = np.sqrt(weights)
    for step in range(-steps, steps + 1):
        angle = step * _COARSE_STEP_DEG
        upright, sideways = _projections(centroids, angle)
        for score, on_side in ((_profile_score(upright, weights, _CENTROID_BIN_PX), False),
                               (_profile_score(sideways, weights, _CENTROID_BIN_PX), True)):
            if score > best[0]:
                best = (score, angle, on_side)
            if abs(angle) <= USUAL_SKEW_DEG and score > usual[0]:
                usual = (score, angle, on_side)
    if abs(best[1]) > USUAL_SKEW_DEG and best[0] < LARGE_SKEW_EVIDENCE * usual[0]:
        log.debug("skew %.1f deg scores only %.2f times %.1f deg: taking the latter", best[1],
                  best[0] / max(usual[0], 1e-9), usual[1])
        best = usual
    return best[1], best[2]


def _fine_angle(points: np.ndarray, coarse: float, on_side: bool) -> float:
    """The sharpest pixel profile near ``coarse``, refined by a parabola through the peak."""
    angles = np.arange(coarse - _FINE_HALF_RANGE_DEG, coarse + _FINE_HALF_RANGE_DEG + 1e-9,
                       _FINE_STEP_DEG)
    scores = np.array([_profile_score(_projections(points, a)[1 if on_side else 0], None, 1.0)
                       for a in angles])
    best = int(np.argmax(scores))
    if 0 < best < len(scores) - 1:
        left, centre, right = scores[best - 1:best + 2]
        bend = left - 2 * centre + right
        if bend < 0:
            return float(angles[best] + _FINE_STEP_DEG * 0.5 * (left - right) / bend)
    return float(angles[best])

"""Colour on the page: whether there is any worth keeping, and red-seal dropout for OCR.

``has_colour`` white-balances a small copy on the paper colour (so tinted or yellowed
paper is neutral), smooths it (so JPEG chroma noise and the red/cyan fringes a scanner
leaves on black strokes cancel out), and asks for a visible amount of clearly coloured
pixels in blobs of a real mark's size: a red seal, a blue signature, a photo.

``drop_red_ink`` is a scanner's "colour dropout" for red: pixels whose red clearly
exceeds green (red, pink, magenta, but not purple or blue ink) fade to white in the
gray image, in proportion to how red they are. Black text under a seal is dark in
every channel, so it keeps its darkness.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np

from intake.deskew import reduce_to_dpi

log = logging.getLogger(__name__)

COLOUR_DPI = 75.0
MIN_CHROMA = 45
"""Chroma (max - min channel, after white balance, 0..255) of a clearly coloured pixel."""
MIN_COLOUR_AREA_SQ_IN = 0.01
"""Total area of coloured blobs that makes a page a colour page (a 0.1 x 0.1 inch mark)."""
_MIN_BLOB_SQ_IN = 0.002

RED_START = 25
"""Red minus green at which a pixel starts fading out; fully gone at ``RED_START + RED_SPAN``."""
RED_SPAN = 35
_PURPLE_MARGIN = 30  # blue may exceed red by this much and the pixel still counts as pink


def has_colour(image: np.ndarray, dpi: float, *, min_chroma: int = MIN_CHROMA,
               min_area_sq_in: float = MIN_COLOUR_AREA_SQ_IN) -> bool:
    """Whether an RGB page carries real colour (seal, coloured ink, photo), not just tint."""
    if image.ndim != 3:
        return False
    small, small_dpi = reduce_to_dpi(image, dpi, COLOUR_DPI)
    chroma = _balanced_chroma(small)
    coloured = (chroma >= min_chroma).astype(np.uint8)
    if not coloured.any():
        return False
    count, _, stats, _ = cv2.connectedComponentsWithStats(coloured, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    blob_min = max(2.0, _MIN_BLOB_SQ_IN * small_dpi * small_dpi)
    total = float(areas[areas >= blob_min].sum()) / (small_dpi * small_dpi)
    log.debug("colour area %.4f sq in (threshold %.4f)", total, min_area_sq_in)
    return total >= min_area_sq_in


def drop_red_ink(image: np.ndarray) -> np.ndarray:
    """A gray copy of an RGB page with red/pink/magenta ink faded to white."""
    if image.ndim != 3:
        return image.copy()
    red, green, blue = cv2.split(image)
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    redness = cv2.subtract(red, green)
    weight = cv2.LUT(redness, _FADE_TABLE)
    not_purple = cv2.compare(cv2.add(red, _PURPLE_MARGIN), blue, cv2.CMP_GE)
    weight = cv2.bitwise_and(weight, not_purple)
    lift = cv2.multiply(cv2.subtract(255, gray), weight, scale=1.0 / 255.0)
    return cv2.add(gray, lift)


def _fade_table() -> np.ndarray:
    levels = np.arange(256, dtype=np.float32)
    return np.clip((levels - RED_START) / RED_SPAN * 255.0, 0, 255).astype(np.uint8)


_FADE_TABLE = _fade_table()


def _balanced_chroma(small: np.ndarray) -> np.ndarray:
    """Per-pixel chroma after dividing each channel by the paper colour and a 3x3 blur."""
    sample = small[::2, ::2].reshape(-1, 3)
    brightness = sample.sum(axis=1)
    paper = sample[brightness >= np.percentile(brightness, 70)].mean(axis=0)
    paper = np.maximum(paper, 32.0)
    balanced = cv2.multiply(small.astype(np.float32), (255.0 / paper).tolist() + [0.0])
    balanced = cv2.blur(np.clip(balanced, 0, 255), (3, 3))
    return balanced.max(axis=2) - balanced.min(axis=2)

"""Colour on the page: whether there is any worth keeping, and red-seal dropout for OCR.

``has_colour`` judges the colour of ink, not of single pixels. On a small copy
white-balanced on the paper colour (so tinted or yellowed paper is neutral), each ink
pixel gets the mean darkness of each channel over the ink in its neighbourhood
(0.05 inch). A black stroke whose channels the scanner misregistered has red and cyan
fringes, but each channel is as dark *in total* around it as the others, so its mean
is neutral; JPEG chroma noise averages out the same way, while averaging only over ink
keeps a thin blue signature fully blue. Enough area of clearly coloured ink (a seal, a
signature, a photo) makes a colour page.

``drop_red_ink`` is a scanner's "colour dropout" for red: pixels whose red clearly
exceeds green once white-balanced on the paper (red, pink, magenta, but not purple or
blue ink) fade to the paper's gray level, in proportion to how red they are. Black
text under a seal is dark in every channel, so it keeps its darkness.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np

from intake.paper import paper_colour, reduce_to_dpi

log = logging.getLogger(__name__)

COLOUR_DPI = 100.0
INK_DARKNESS = 50
"""Darkness (255 - level, after white balance) of a pixel's darkest channel to count as ink."""
NEIGHBOURHOOD_IN = 0.05
"""Gaussian sigma of the neighbourhood whose ink colour a pixel is judged by."""
MIN_CHROMA = 0.3
"""Spread between the neighbourhood's mean channel darkness values, as a share of the
darkest channel's mean (0..1): black ink ~0, blue ballpoint ~0.6, a red seal ~0.8."""
MIN_COLOUR_AREA_SQ_IN = 0.005
"""Total area of coloured ink that makes a page a colour page (a 0.07 x 0.07 inch mark)."""
MIN_SPREAD = 20  # the mean darkness spread must also reach this (0..255)
_MIN_MARK_PX = 3  # smaller coloured specks are noise

RED_START = 25
"""Red minus green at which a pixel starts fading out; fully gone at ``RED_START + RED_SPAN``."""
RED_SPAN = 35
_PURPLE_MARGIN = 30  # blue may exceed red by this much and the pixel still counts as pink


def has_colour(image: np.ndarray, dpi: float, *, min_chroma: float = MIN_CHROMA,
               min_area_sq_in: float = MIN_COLOUR_AREA_SQ_IN) -> bool:
    """Whether an RGB page carries real colour (seal, coloured ink, photo), not just tint."""
    if image.ndim != 3:
        return False
    small, small_dpi = reduce_to_dpi(image, dpi, COLOUR_DPI)
    darkness = _balanced_darkness(small)
    darkest = cv2.max(cv2.max(darkness[0], darkness[1]), darkness[2])
    ink = (darkest >= INK_DARKNESS).astype(np.float32)
    if not ink.any():
        return False
    sigma = NEIGHBOURHOOD_IN * small_dpi
    weight = np.maximum(cv2.GaussianBlur(ink, (0, 0), sigma), 1e-3)
    means = [cv2.GaussianBlur(channel.astype(np.float32) * ink, (0, 0), sigma) / weight
             for channel in darkness]
    top = cv2.max(cv2.max(means[0], means[1]), means[2])
    spread = top - cv2.min(cv2.min(means[0], means[1]), means[2])
    coloured = ((ink > 0) & (spread >= MIN_SPREAD) & (spread >= min_chroma * top)).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(coloured, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    area = float(areas[areas >= _MIN_MARK_PX].sum()) / (small_dpi * small_dpi)
    log.debug("coloured ink: %.4f sq in (threshold %.4f)", area, min_area_sq_in)
    return area >= min_area_sq_in


def drop_red_ink(image: np.ndarray) -> np.ndarray:
    """A gray copy of an RGB page with red/pink/magenta ink faded to the paper's gray.

    Redness is measured after white balance on the paper, so the warm cast of yellowed
    paper or of a photo taken under lamp light does not fade brown or black text.
    """
    if image.ndim != 3:
        return image.copy()
    paper = paper_colour(image)
    red, green, blue = (cv2.multiply(channel, 255.0 / max(level, 32))
                        for channel, level in zip(cv2.split(image), paper))
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    paper_gray = gray_level(paper)
    weight = cv2.LUT(cv2.subtract(red, green), _FADE_TABLE)
    not_purple = cv2.compare(cv2.add(red, _PURPLE_MARGIN), blue, cv2.CMP_GE)
    weight = cv2.bitwise_and(weight, not_purple)
    below_paper = cv2.subtract(np.full_like(gray, paper_gray), gray)
    return cv2.add(gray, cv2.multiply(below_paper, weight, scale=1.0 / 255.0))


def _fade_table() -> np.ndarray:
    levels = np.arange(256, dtype=np.float32)
    return np.clip((levels - RED_START) / RED_SPAN * 255.0, 0, 255).astype(np.uint8)


_FADE_TABLE = _fade_table()


def _balanced_darkness(small: np.ndarray) -> list[np.ndarray]:
    """Per-channel darkness after white balance on the mean of the brightest 30% of pixels."""
    sample = small[::2, ::2].reshape(-1, 3)
    brightness = sample.sum(axis=1, dtype=np.int32)
    return channel_darkness(small, sample[brightness >= np.percentile(brightness, 70)].mean(axis=0))


def channel_darkness(image: np.ndarray, paper) -> list[np.ndarray]:
    """Per-channel darkness (255 - level) of an RGB image after dividing each channel by
    the paper's level in it (``paper``: R, G, B), so that tinted paper is neutral."""
    return [cv2.subtract(255, cv2.multiply(channel, 255.0 / max(float(level), 32.0)))
            for channel, level in zip(cv2.split(image), paper)]


def gray_level(colour) -> int:
    """The gray level (ITU-R 601 luma, as OpenCV's RGB to gray) of an RGB colour."""
    return int(round(0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2]))

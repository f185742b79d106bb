"""The paper under the ink: its colour, its local level, and small working copies of it.

Every cleanup step looks at the page through a reduced copy (``reduce_to_dpi``) and
judges ink against the paper rather than against pure white, because real paper is
tinted, shaded and unevenly lit.
"""

from __future__ import annotations

import cv2
import numpy as np

PaperColour = int | tuple[int, int, int]


def reduce_to_dpi(image: np.ndarray, dpi: float, target_dpi: float) -> tuple[np.ndarray, float]:
    """A copy reduced to about ``target_dpi`` (never enlarged), and its resolution.

    An image already at or below ``target_dpi`` is returned as it is, not copied.
    """
    if dpi <= target_dpi * 1.05:
        return image, dpi
    small = scale_image(image, target_dpi / dpi, cv2.INTER_AREA)
    return small, dpi * small.shape[0] / image.shape[0]


def scale_image(image: np.ndarray, factor: float, interpolation: int) -> np.ndarray:
    """``image`` resized by ``factor``; never smaller than one pixel each way."""
    height, width = image.shape[:2]
    size = (max(1, int(round(width * factor))), max(1, int(round(height * factor))))
    return cv2.resize(image, size, interpolation=interpolation)


def paper_colour(image: np.ndarray) -> PaperColour:
    """The median colour of the brightest 30% of the image: the paper, not the ink."""
    sample = image[::4, ::4]
    gray = cv2.cvtColor(sample, cv2.COLOR_RGB2GRAY) if sample.ndim == 3 else sample
    bright = gray >= np.percentile(gray, 70)
    if sample.ndim == 2:
        return int(np.median(sample[bright]))
    return tuple(int(np.median(sample[..., c][bright])) for c in range(3))  # type: ignore[return-value]


def flatten_background(gray: np.ndarray, dpi: float, *, reach_in: float = 0.12) -> np.ndarray:
    """Gray divided by its local paper level, so paper is near 255 however tinted or shaded.

    The paper level is a max filter ``reach_in`` inches wide (wider than any stroke, so
    it sees past the ink) smoothed, computed on a quarter-size copy to stay cheap.
    """
    height, width = gray.shape
    factor = 4
    small = cv2.resize(gray, (max(1, width // factor), max(1, height // factor)),
                       interpolation=cv2.INTER_AREA)
    reach = max(3, int(round(reach_in * dpi / factor)) | 1)
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, reach)))
    paper = cv2.blur(paper, (reach * 2 + 1, reach * 2 + 1))
    paper = cv2.resize(paper, (width, height), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(paper, 1), scale=255)

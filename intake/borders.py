"""Scanner borders: the dark lid or background around the paper, and the paper's colour.

A scanner border is a dark region (darker than half the paper level) that touches the
image edge along at least half an inch: the black margin of a scanner with a dark lid,
the wedges a skewed sheet leaves, the table under a photographed page. Letters that
touch the edge, printed frames and photos inside the page are not borders (too short a
contact, too thin, or not at the edge). The page is cropped to the bounding box of the
largest border-free region (the paper) and border pixels left inside it are painted in
the paper colour, so nothing inside the paper is ever cut away.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np

from intake.deskew import reduce_to_dpi

log = logging.getLogger(__name__)

BORDER_DPI = 75.0
DARK_FRACTION = 0.5
"""A pixel darker than this fraction of the paper level may belong to a border."""
MIN_EDGE_CONTACT_IN = 0.5

Box = tuple[int, int, int, int]  # left, top, right, bottom (exclusive)


def paper_colour(image: np.ndarray) -> int | tuple[int, int, int]:
    """The median colour of the brightest 30% of the image: the paper, not the ink."""
    sample = image[::4, ::4]
    gray = cv2.cvtColor(sample, cv2.COLOR_RGB2GRAY) if sample.ndim == 3 else sample
    bright = gray >= np.percentile(gray, 70)
    if sample.ndim == 2:
        return int(np.median(sample[bright]))
    return tuple(int(np.median(sample[..., c][bright])) for c in range(3))  # type: ignore[return-value]


def find_scanner_border(gray: np.ndarray, dpi: float) -> np.ndarray:
    """A boolean mask (same size as ``gray``) of the dark scanner border pixels."""
    paper = float(np.percentile(gray[::2, ::2], 95))
    dark = (gray < paper * DARK_FRACTION).astype(np.uint8)
    if not dark.any():
        return np.zeros(gray.shape, bool)
    solid = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    height, width = gray.shape
    min_contact = max(3, int(MIN_EDGE_CONTACT_IN * dpi))
    border_labels = [label for label in range(1, count)
                     if _edge_contact(labels, label, stats[label], width, height) >= min_contact]
    if not border_labels:
        return np.zeros(gray.shape, bool)
    border = np.isin(labels, border_labels).astype(np.uint8)
    grown = cv2.dilate(border, np.ones((5, 5), np.uint8))
    return (grown & dark).astype(bool) | border.astype(bool)


def find_paper_box(border: np.ndarray) -> Box:
    """The bounding box of the largest region free of scanner border."""
    height, width = border.shape
    if not border.any():
        return 0, 0, width, height
    free = cv2.morphologyEx((~border).astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
    if count < 2:
        return 0, 0, width, height
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, w, h = (int(v) for v in stats[largest, :4])
    return x, y, x + w, y + h


def has_scanner_border(image: np.ndarray, dpi: float) -> bool:
    """Whether the image shows a dark scanner border (then deskew should fill dark too)."""
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    small, small_dpi = reduce_to_dpi(gray, dpi, BORDER_DPI)
    return bool(find_scanner_border(small, small_dpi).any())


def crop_scanner_borders(image: np.ndarray, dpi: float, *,
                         fill: int | tuple[int, ...] | None = None) -> np.ndarray:
    """A new image cropped to the paper, with border left inside painted ``fill``.

    ``fill`` defaults to the paper colour. An image without a dark border comes back
    as an unchanged copy.
    """
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    small, small_dpi = reduce_to_dpi(gray, dpi, BORDER_DPI)
    border = find_scanner_border(small, small_dpi)
    if not border.any():
        return image.copy()
    scale_y = image.shape[0] / small.shape[0]
    scale_x = image.shape[1] / small.shape[1]
    left, top, right, bottom = find_paper_box(border)
    full_box = (int(round(left * scale_x)), int(round(top * scale_y)),
                int(round(right * scale_x)), int(round(bottom * scale_y)))
    log.debug("scanner border: %.1f%% of the page, paper box %s",
              100.0 * border.mean(), full_box)
    mask = cv2.dilate(border.astype(np.uint8), np.ones((3, 3), np.uint8))
    mask = cv2.resize(mask, (image.shape[1], image.shape[0]), interpolation=cv2.INTER_NEAREST)
    cropped = image[full_box[1]:full_box[3], full_box[0]:full_box[2]].copy()
    inside = mask[full_box[1]:full_box[3], full_box[0]:full_box[2]].astype(bool)
    cropped[inside] = paper_colour(image) if fill is None else fill
    return cropped


def _edge_contact(labels: np.ndarray, label: int, stat: np.ndarray, width: int, height: int) -> int:
    """How many edge pixels of the image belong to component ``label``."""
    x, y, w, h = (int(v) for v in stat[:4])
    if x > 0 and y > 0 and x + w < width and y + h < height:
        return 0
    edges = (labels[0, :], labels[-1, :], labels[:, 0], labels[:, -1])
    return max(int(np.count_nonzero(edge == label)) for edge in edges)

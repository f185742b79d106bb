"""Scanner borders: the dark lid or background around the paper.

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

from intake.paper import PaperColour, paper_colour, reduce_to_dpi

log = logging.getLogger(__name__)

BORDER_DPI = 75.0
DARK_FRACTION = 0.5
"""A pixel darker than this fraction of the paper level may belong to a border."""
MIN_EDGE_CONTACT_IN = 0.5
EDGE_SLIVER_IN = 0.02

Box = tuple[int, int, int, int]  # left, top, right, bottom (exclusive)


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
    seeds = np.isin(labels, border_labels)
    # Grow back the thin tips (wedge points, band ends) the opening cut off: every dark
    # component that holds part of a border belongs to it.
    _, dark_labels = cv2.connectedComponents(dark, connectivity=8)
    return np.isin(dark_labels, np.unique(dark_labels[seeds]))


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
                         fill: PaperColour | None = None) -> np.ndarray:
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
    fill = paper_colour(image) if fill is None else fill
    cropped[inside] = fill
    _paint_edge_slivers(cropped, dpi, fill)
    return cropped


def _paint_edge_slivers(image: np.ndarray, dpi: float, fill: PaperColour) -> None:
    """Paint dark pixels in a hair-thin strip along the edges (tips of deskew wedges too
    thin to show at ``BORDER_DPI``), in place."""
    strip = max(2, int(round(EDGE_SLIVER_IN * dpi)))
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    threshold = DARK_FRACTION * float(np.percentile(gray[::4, ::4], 95))
    for rows, cols in ((slice(0, strip), slice(None)), (slice(-strip, None), slice(None)),
                       (slice(None), slice(0, strip)), (slice(None), slice(-strip, None))):
        dark = gray[rows, cols] < threshold
        if dark.any():
            image[rows, cols][dark] = fill


def _edge_contact(labels: np.ndarray, label: int, stat: np.ndarray, width: int, height: int) -> int:
    """How many edge pixels of the image belong to component ``label``."""
    x, y, w, h = (int(v) for v in stat[:4])
    if x > 0 and y > 0 and x + w < width and y + h < height:
        return 0
    edges = (labels[0, :], labels[-1, :], labels[:, 0], labels[:, -1])
    return max(int(np.count_nonzero(edge == label)) for edge in edges)

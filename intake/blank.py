"""Blank backs of duplex scans: no mark a person made or printed, only paper.

The test errs on the side of keeping a page: one page number, one short handwritten
line or one small stamp is content. What does not count:

- a strip ``MARGIN_IN`` wide along every edge (scanner edge lines, shadows, torn edges);
- anything lighter than ``MIN_CONTRAST`` below the paper level after the background is
  flattened (bleed-through of the other side, paper grain, JPEG noise); a page with real
  ink lowers the threshold further through Otsu, never raises it above that bound;
- blobs smaller than ``DUST_IN`` in both directions (dust, noise specks), unless a closer
  look (below) traces them into a bigger mark;
- punch holes near an edge: solid discs over a dark lid, rim shadows over a white one
  (``intake.blank_holes``);
- thin strokes that run in from the edge strip (a hair or fibre caught on the glass);
  a person's mark does not start at the paper's edge;
- up to ``MAX_LONE_HAIRS`` hairs lying on the glass when nothing else is on the page.

Marks are found on a ``BLANK_DPI`` copy, where a hair seen as a faint 2 px line breaks into
fragments much like a pencil note does, and a pencil digit may break into specks. So on a
nearly blank page (at most ``MAX_LOOKED_AT`` marks) each group of marks and of specks at
least ``SPECK_IN`` long is looked at again on the page itself by ``intake.blank_marks``:
dust once traced, a hair (one thin stroke of even width on one smooth curve), or content.

The darkest of the three colour channels is used, so a lone red stamp or blue
signature is as dark as black ink. A page of only two levels (bilevel) has its ink at
Otsu's level itself, which counts as ink.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np

from intake.blank_holes import punch_holes
from intake.blank_marks import DUST_IN, MarkKind, darkest_channel, judge_marks
from intake.paper import flatten_background, reduce_to_dpi

log = logging.getLogger(__name__)

BLANK_DPI = 100.0
MARGIN_IN = 0.25
MIN_CONTRAST = 80
"""Gray levels below the flattened paper (255) that a mark must reach; bleed-through stays above."""
SPECK_IN = 0.03
"""Specks at least this long (and shorter than ``DUST_IN``) are looked at closer: pieces of a
pencil digit or hair. Smaller ones are dust."""
GROUP_GAP_IN = 0.15
"""Marks this close are looked at together: a hair or a word broken into pieces."""
MIN_MARKS = 1
"""Marks needed to call a page content: one is enough, a kept blank is cheap."""
BLANK_INK_RATIO = 0.0005
"""Share of dark pixels above which a page is content even if its marks look like dust."""
PAPER_REACH_IN = 0.4
"""Width of the max filter that finds the paper level: wider than a punch hole."""
EDGE_HAIR_THICKNESS_IN = 0.015
"""Mean stroke thickness below which a mark touching the edge strip is a hair."""
MAX_LONE_HAIRS = 2
MAX_LOOKED_AT = 12
"""More marks than this make a page content without a closer look."""


def is_blank_page(image: np.ndarray, dpi: float, *, min_contrast: int = MIN_CONTRAST,
                  min_marks: int = MIN_MARKS, ink_ratio: float = BLANK_INK_RATIO,
                  margin_in: float = MARGIN_IN) -> bool:
    """Whether a page (gray or RGB) carries no content: see the module notes."""
    small, small_dpi = reduce_to_dpi(image, dpi, BLANK_DPI)
    margin = _margin(small.shape[:2], small_dpi, margin_in)
    inner = darkest_channel(_inner(small, margin))
    if inner.size == 0 or np.percentile(inner, 95) < 128:
        return False  # nothing to judge, or no light paper at all: keep it
    flat = flatten_background(inner, small_dpi, reach_in=PAPER_REACH_IN)
    labels, marks, specks, ink_pixels = _find_marks(_ink(flat, min_contrast), small_dpi)
    share = ink_pixels / flat.size
    count = marks.size
    if count <= MAX_LOOKED_AT and share < ink_ratio and (count or specks.size):
        full_margin = int(round(margin * image.shape[0] / small.shape[0]))
        count = _count_content(_inner(image, full_margin), dpi, labels, marks, specks, small_dpi, max(min_marks, 1))
    log.debug("blank test: %d marks, ink share %.5f", count, share)
    return count < min_marks and share < ink_ratio


def _margin(shape: tuple[int, int], dpi: float, margin_in: float) -> int:
    """The edge strip in pixels; it shrinks on small slips (5% of a side at most)."""
    return int(min(margin_in * dpi, 0.05 * min(shape)))


def _inner(image: np.ndarray, margin: int) -> np.ndarray:
    return image[margin:image.shape[0] - margin, margin:image.shape[1] - margin]


def _ink(flat: np.ndarray, min_contrast: int) -> np.ndarray:
    """Pixels at or below Otsu's level, and at least ``min_contrast`` below the paper.

    Otsu's level is the darker class's top value (on a two-valued page, the ink's own
    value), so ink is what lies at or below it, not strictly under it."""
    otsu, _ = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    threshold = min(float(otsu) + 1.0, 255.0 - min_contrast)
    return (flat < threshold).astype(np.uint8)


def _find_marks(ink: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The blobs' labels, which are marks (longer than dust) and which specks (``SPECK_IN``
    to ``DUST_IN``), and the ink area; punch holes and hairs running in from the edge are
    left out of all three."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    width = stats[1:, cv2.CC_STAT_WIDTH]
    height = stats[1:, cv2.CC_STAT_HEIGHT]
    area = stats[1:, cv2.CC_STAT_AREA]
    length = np.maximum(width, height)
    left, top = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_TOP]
    rows, cols = ink.shape
    at_edge = (left == 0) | (top == 0) | (left + width >= cols) | (top + height >= rows)
    thin = area / np.maximum(length, 1) < EDGE_HAIR_THICKNESS_IN * dpi
    kept = ~(punch_holes(labels, stats[1:], dpi) | (at_edge & thin))
    marks = np.flatnonzero(kept & (length >= DUST_IN * dpi)) + 1
    specks = np.flatnonzero(kept & (length < DUST_IN * dpi) & (length >= SPECK_IN * dpi)) + 1
    return labels, marks, specks, int(area[kept].sum())


def _count_content(page: np.ndarray, dpi: float, labels: np.ndarray, marks: np.ndarray,
                   specks: np.ndarray, small_dpi: float, enough: int) -> int:
    """Groups of marks and specks that a closer look finds to be content (hairs too when
    there are more than ``MAX_LONE_HAIRS``), up to ``enough``. Beyond ``MAX_LOOKED_AT``
    groups, only those holding a mark are looked at."""
    seeds = np.isin(labels, np.concatenate([marks, specks])).astype(np.uint8)
    reach = max(1, int(round(GROUP_GAP_IN * small_dpi)))
    near = cv2.dilate(seeds, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (reach, reach)))
    count, groups = cv2.connectedComponents(near, connectivity=8)
    groups = np.where(seeds > 0, groups, 0)
    chosen = range(1, count)
    if count - 1 > MAX_LOOKED_AT:
        chosen = np.unique(groups[np.isin(labels, marks)])
    content = hairs = 0
    judged = np.zeros(labels.shape, bool)
    for group in chosen:
        seeds_here = groups == group
        if judged[seeds_here].all():
            continue  # a piece of a mark already traced
        judgement = judge_marks(page, dpi, seeds_here)
        judged |= judgement.traced
        content += judgement.kind is MarkKind.CONTENT
        hairs += judgement.kind is MarkKind.HAIR
        if content + (hairs if hairs > MAX_LONE_HAIRS else 0) >= enough:
            break
    return content + (hairs if hairs > MAX_LONE_HAIRS else 0)

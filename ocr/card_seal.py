"""The issuing office's round seal on an ID card's back, told apart from the print it
touches.

The seal is pressed over the director's signature and overlaps the director's name
under it and the English title above it. On a gray copy the seal's ring, the signature
and the letters the ring touches are one connected dark blob, taller than any letter,
so the art filter (:func:`ocr.id_card_faces.erase_art`) erased them together: the
director's family name went with the ring ("Trần Minh Việt" read "Minh Việt").

A seal is round whatever is drawn over it: its ring is found as a circle (Hough
transform on the blob's edges, checked by how much of the circle is dark), everything
within it is art, and what the blob leaves outside it is judged again piece by piece,
as any other ink: letter-sized pieces are print.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.units import MM_PER_INCH

SEAL_RADIUS_MM = (5.0, 14.0)  # card seals are 10-28 mm across (the CCCD's ~14 mm)
SEARCH_DPI = 75.0  # circles are looked for at this resolution: a ring is still 2-3 px wide
MIN_RING_SHARE = 0.6  # of the circle's points on dark pixels: a ring, not a curve of strokes
RING_PEAK = 0.8  # of the best circle's dark share: another ring round the same centre
OUTER_REACH = 1.6  # a seal's outer ring is looked for up to this many times the found circle's radius
INSIDE = 0.6  # a seal's inner ring lies at ~0.7 of its radius; within 0.6 only its star and
MAX_INSIDE_SHARE = 0.3  # a signature's strokes: a filled emblem or a fingerprint is darker
RING_MARGIN_MM = 0.2  # beyond the ring's outer edge: its blur
PIECE_MM = (0.6, 2.5)  # a restored piece's height: a small letter's x-height to a capital
# with its marks (a signature's thin stroke or a rule is lower, its loops taller)
MAX_PIECE_ASPECT = 12.0  # a word of touching letters at most; a longer piece is a stroke
MIN_PIECE_FILL = 0.25  # of its box: print is solid, a signature's curve is not


@dataclass(frozen=True, slots=True)
class Seal:
    """A found seal: centre and outer radius in the face image's pixels."""

    center: tuple[float, float]
    radius: float


def find_seal(blob: np.ndarray, dpi: float) -> Seal | None:
    """The round seal within one art blob's mask (uint8, nonzero = the blob's ink, in a
    crop of the face), or ``None`` when the blob holds no ring."""
    step = max(1.0, dpi / SEARCH_DPI)
    size = (max(1, round(blob.shape[1] / step)), max(1, round(blob.shape[0] / step)))
    small = cv2.resize((blob > 0).astype(np.uint8) * 255, size, interpolation=cv2.INTER_AREA)
    low, high = (round(mm / MM_PER_INCH * dpi / step) for mm in SEAL_RADIUS_MM)
    if min(small.shape) < 2 * low:
        return None
    smooth = cv2.GaussianBlur(small, (0, 0), 1.0)
    circles = cv2.HoughCircles(smooth, cv2.HOUGH_GRADIENT, dp=1, minDist=low, param1=100, param2=12,
                               minRadius=low, maxRadius=high)
    if circles is None:
        return None
    dark = small >= 128
    found = [(share, x, y, r) for x, y, r in circles[0][:10]
             if (share := _ring_share(dark, (x, y), np.arange(max(1.0, r - 2), r + 2.5, 0.5))) >= MIN_RING_SHARE]
    if not found:
        return None
    _, x, y, r = max(found, key=lambda circle: circle[3])  # a seal's outer ring is its widest circle
    seal = _refined(blob > 0, (x * step, y * step), r * step, step)
    return seal if _inside_share(blob > 0, seal) <= MAX_INSIDE_SHARE else None


def _inside_share(dark: np.ndarray, seal: Seal) -> float:
    """The dark share of the disc well inside the ring (``INSIDE`` of its radius)."""
    disc = np.zeros(dark.shape, np.uint8)
    cv2.circle(disc, tuple(round(v) for v in seal.center), round(INSIDE * seal.radius), 1, thickness=-1)
    inside = disc > 0
    return float(dark[inside].mean()) if inside.any() else 1.0


def _ring_share(dark: np.ndarray, center: tuple[float, float], radii: np.ndarray) -> float:
    """The largest share of dark pixels on circles round ``center`` of the given radii."""
    return float(_shares(dark, center, radii).max())


def _shares(dark: np.ndarray, center: tuple[float, float], radii: np.ndarray) -> np.ndarray:
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    height, width = dark.shape
    xs = np.clip(np.round(center[0] + radii[:, None] * np.cos(angles)).astype(int), 0, width - 1)
    ys = np.clip(np.round(center[1] + radii[:, None] * np.sin(angles)).astype(int), 0, height - 1)
    return dark[ys, xs].mean(axis=1)


def _refined(dark: np.ndarray, center: tuple[float, float], radius: float, step: float) -> Seal:
    """The circle found at the search's resolution, put on the ring at full resolution:
    the centre within a search pixel that puts the most of a circle on ink, then the
    outermost ring round it (Hough may have found the inner one) and that ring's outer
    edge (the widest circle still half as dark as the ring's centre line)."""
    offsets = np.linspace(-step, step, 7)
    radii = np.arange(max(1.0, radius - 2 * step), radius * OUTER_REACH + 1)
    best = (-1.0, center, radii)
    for dx in offsets:
        for dy in offsets:
            shares = _shares(dark, (center[0] + dx, center[1] + dy), radii)
            if shares.max() > best[0]:
                best = (float(shares.max()), (center[0] + dx, center[1] + dy), shares)
    top, middle, shares = best
    ring = np.flatnonzero(shares >= RING_PEAK * top).max()
    edge = ring
    while edge + 1 < len(radii) and shares[edge + 1] >= shares[ring] / 2:
        edge += 1
    return Seal((float(middle[0]), float(middle[1])), float(radii[edge]))


def seal_disc(seal: Seal, dpi: float, offset: tuple[int, int] = (0, 0)) -> tuple[tuple[int, int], int]:
    """The disc a seal covers, its ring's blur included: centre (moved by ``offset``) and
    radius in whole pixels, as OpenCV draws circles. All ink within it is the seal's, or
    print under the seal's own print that no reader can part from it."""
    center = (round(seal.center[0]) + offset[0], round(seal.center[1]) + offset[1])
    return center, round(seal.radius + RING_MARGIN_MM / MM_PER_INCH * dpi)


def print_outside_seal(blob: np.ndarray, seal: Seal, dpi: float) -> np.ndarray:
    """Of a blob's mask, the pieces outside the seal's ring that are print: letter-sized
    and solid, not a signature's strokes (a mask of the same shape; empty when nothing is)."""
    outside = blob.copy()
    center, radius = seal_disc(seal, dpi)
    cv2.circle(outside, center, radius, 0, thickness=-1)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(outside, connectivity=8)
    least, tallest = (mm / MM_PER_INCH * dpi for mm in PIECE_MM)
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    fill = stats[:, cv2.CC_STAT_AREA] / np.maximum(heights * widths, 1)
    keep = ((heights >= least) & (heights <= tallest) & (widths <= MAX_PIECE_ASPECT * heights)
            & (fill >= MIN_PIECE_FILL))
    keep[0] = False
    return keep[labels].astype(np.uint8)

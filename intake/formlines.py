"""Form lines: table rules, underscores and dotted writing lines, removed for OCR.

Rules are long straight runs of ink: a morphological opening with a line-shaped kernel
(0.4 inch at the page's resolution, longer than any letter stroke) finds them.

Dotted writing lines ("Họ và tên: ..........") are harder: each dot is the size of the
dot-below tone mark (ạ, ị, ộ), so size alone cannot tell them apart. What tells them
apart is rhythm: dots of a writing line sit on one baseline at a near-constant pitch,
in runs of many. Small blobs are grouped into rows by their centre height; inside a
row, a run of at least ``MIN_DOTS_IN_RUN`` blobs whose spacing stays within 30% of the
run's pitch is a writing line. Where a typed value hides some dots, the run goes on
across gaps that are a whole number of pitches, from the line's first pair of dots on:
a lone blob on the grid before that is the label's punctuation and stays. Tone marks keep their place: in running
text their spacing follows the letters, which is never that regular for that long.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np

log = logging.getLogger(__name__)

INK_LEVEL = 160
"""Gray level below which a pixel of a normalised (white-paper) image is ink."""
RULE_LENGTH_IN = 0.4
MAX_DOT_IN = 0.045
"""Largest dot (or underscore height) of a writing line; 13 pt periods are ~0.025 inch."""
MAX_DASH_IN = 0.12
MAX_PITCH_IN = 0.16
MIN_DOTS_IN_RUN = 7
MIN_DOTS_IN_SHORT_RUN = 4
"""A shorter run counts too, on a row that has a writing line of the same pitch."""
PITCH_TOLERANCE = 0.3
MAX_BRIDGED_PITCHES = 150
GRID_TOLERANCE = 0.2


@dataclass(frozen=True, slots=True)
class _Blob:
    label: int
    x: float  # centre
    y: float
    width: int
    height: int


def remove_form_lines(gray: np.ndarray, dpi: float) -> np.ndarray:
    """A copy of a normalised gray page with table rules and writing lines painted white."""
    ink = (gray < INK_LEVEL).astype(np.uint8)
    rules = find_rules(ink, dpi)
    dots = find_writing_line_dots(ink, dpi)
    erase = cv2.bitwise_or(rules, dots)
    cleaned = gray.copy()
    cleaned[erase.astype(bool)] = 255
    return cleaned


def find_rules(ink: np.ndarray, dpi: float) -> np.ndarray:
    """A 0/1 mask of horizontal and vertical rules (grown by a pixel to take their edges)."""
    length = max(15, int(round(RULE_LENGTH_IN * dpi)))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    rules = cv2.bitwise_or(horizontal, vertical)
    if not rules.any():
        return rules
    return cv2.dilate(rules, np.ones((3, 3), np.uint8))


def find_writing_line_dots(ink: np.ndarray, dpi: float) -> np.ndarray:
    """A 0/1 mask of the blobs that form dotted or dashed writing lines."""
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    blobs = _small_blobs(stats, centroids, dpi)
    members: list[int] = []
    for row in _rows(blobs):
        members.extend(_regular_runs(row, dpi))
    members = _without_colons(members, blobs)
    mask = np.zeros(ink.shape, np.uint8)
    if not members:
        return mask
    chosen = np.zeros(count, bool)
    chosen[members] = True
    mask[chosen[labels]] = 1
    log.debug("writing lines: %d dots removed", len(members))
    return cv2.dilate(mask, np.ones((3, 3), np.uint8))


def _small_blobs(stats: np.ndarray, centroids: np.ndarray, dpi: float) -> list[_Blob]:
    largest_dot = MAX_DOT_IN * dpi
    longest_dash = MAX_DASH_IN * dpi
    width, height = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    small = (height <= largest_dot) & (width <= longest_dash) & (width * 3 >= height)
    small[0] = False
    return [_Blob(int(i), float(centroids[i, 0]), float(centroids[i, 1]), int(width[i]), int(height[i]))
            for i in np.flatnonzero(small)]


def _without_colons(members: list[int], blobs: list[_Blob]) -> list[int]:
    """Drop the lower dot of a colon or semicolon: a dot with another dot right above it."""
    if not members:
        return members
    by_label = {b.label: b for b in blobs}
    order = sorted(blobs, key=lambda b: b.x)
    xs = np.array([b.x for b in order])
    ys = np.array([b.y for b in order])
    kept = []
    for label in members:
        dot = by_label[label]
        lo, hi = np.searchsorted(xs, [dot.x - dot.width, dot.x + dot.width], side="left")
        near = ys[lo:hi]
        if not np.any((near < dot.y - dot.height) & (near >= dot.y - 3.5 * dot.height)):
            kept.append(label)
    return kept


def _rows(blobs: list[_Blob]) -> list[list[_Blob]]:
    """Blobs grouped by centre height, each row sorted left to right."""
    rows: list[list[_Blob]] = []
    centre = 0.0
    for blob in sorted(blobs, key=lambda b: b.y):
        if rows and abs(blob.y - centre) <= max(2.0, 0.4 * blob.height):
            rows[-1].append(blob)
            centre += (blob.y - centre) / min(len(rows[-1]), 8)
        else:
            rows.append([blob])
            centre = blob.y
    return [sorted(row, key=lambda b: b.x) for row in rows if len(row) >= MIN_DOTS_IN_RUN]


def _regular_runs(row: list[_Blob], dpi: float) -> list[int]:
    """Labels of the blobs on the pitch grid of a row's regular runs."""
    found: set[int] = set()
    cores = _core_runs(row, MAX_PITCH_IN * dpi, MIN_DOTS_IN_RUN)
    for core in cores:
        found.update(_on_grid(row, core))
    if cores:  # a short leader typed after a value ("07.10.2004.....") has its own phase
        pitch = float(np.median([(c[-1].x - c[0].x) / (len(c) - 1) for c in cores]))
        for short in _core_runs(row, MAX_PITCH_IN * dpi, MIN_DOTS_IN_SHORT_RUN):
            short_pitch = (short[-1].x - short[0].x) / (len(short) - 1)
            if abs(short_pitch / pitch - 1.0) <= PITCH_TOLERANCE:
                found.update(b.label for b in short)
    return sorted(found)


def _core_runs(row: list[_Blob], max_pitch: float, min_dots: int) -> list[list[_Blob]]:
    """Runs of at least ``min_dots`` blobs, each one pitch after the last."""
    runs: list[list[_Blob]] = []
    run = [row[0]]
    for previous, blob in zip(row, row[1:]):
        gap = blob.x - previous.x
        pitch = (run[-1].x - run[0].x) / (len(run) - 1) if len(run) > 1 else gap
        regular = (1.2 * max(previous.width, blob.width) <= gap <= max_pitch
                   and abs(gap / pitch - 1.0) <= PITCH_TOLERANCE)
        if regular:
            run.append(blob)
            continue
        if len(run) >= min_dots:
            runs.append(run)
        run = [blob]
    if len(run) >= min_dots:
        runs.append(run)
    return runs


def _on_grid(row: list[_Blob], core: list[_Blob]) -> list[int]:
    """Labels of the row's dot-sized blobs that sit on the core run's pitch grid.

    This takes the dots a typed value leaves visible between its letters and the short
    runs before and after it, while blobs off the rhythm (letters' marks) stay. The
    writing line starts at its first two dots one pitch apart: a lone blob on the grid
    left of that is the printed label's punctuation ("1.", "Họ và tên.", "07.10.2004")
    and stays.
    """
    pitch = (core[-1].x - core[0].x) / (len(core) - 1)
    width = float(np.median([b.width for b in core]))
    height = float(np.median([b.height for b in core]))
    first, last = -MAX_BRIDGED_PITCHES, len(core) - 1 + MAX_BRIDGED_PITCHES
    steps_of: dict[int, int] = {}
    for blob in row:
        steps = (blob.x - core[0].x) / pitch
        nearest = round(steps)
        if (first <= nearest <= last and abs(steps - nearest) <= GRID_TOLERANCE
                and blob.width <= 1.6 * width + 1 and blob.height <= 1.6 * height + 1
                and blob.width >= 0.4 * width and blob.height >= 0.4 * height):
            steps_of[blob.label] = nearest
    taken = set(steps_of.values())
    line_start = min((step for step in taken if step + 1 in taken), default=None)
    if line_start is None:  # no two neighbours of dot size: a run of specks, not a writing line
        return []
    return [label for label, step in steps_of.items() if step >= line_start]

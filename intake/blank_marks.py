"""A closer look at the few marks of a nearly blank page: dust, a hair on the glass, or content?

``intake.blank`` finds marks on a 100 dpi copy. There a hair that the scanner saw as a faint
2 px line breaks into fragments, and so does a pencil note; a pencil digit may break into
specks as small as dust. Each group of marks is therefore looked at again on the page
itself, at ``STROKE_DPI``:

``trace_marks``    follows each mark at half its own peak darkness (so a faint pencil line
                   and a dark hair are traced alike) and joins pieces lying within
                   ``JOIN_GAP_IN``; the window widens while the trace runs off it;
``measure_stroke`` lays the traced ink along its main axis and reads it column by column:
                   length of its centre line, width, columns crossed more than once, ink
                   lying off the centre line, how much and how sharply the centre line
                   turns, the widest gap;
``judge_marks``    dust is smaller than ``DUST_IN`` each way once traced; a hair or fibre is
                   ONE thin stroke of even width on one smooth curve (an arc, an S), no
                   second stroke beside it, no corner, no wave after wave. Writing, even one
                   word or digit in faint pencil, has corners, loops or several strokes, or
                   is shorter than a hair. A hair running into the edge strip may be longer.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

from intake.paper import flatten_background, reduce_to_dpi

log = logging.getLogger(__name__)

STROKE_DPI = 200.0
"""Resolution marks are measured at: a hair is 1-2 px wide here, not a fraction of one."""
DUST_IN = 0.05
"""A mark must be at least this long (inches) in one direction; a 6 pt digit is ~0.06 inch."""
TRACE_FLOOR = 40
"""Darkness (gray levels below the paper) a traced pixel needs, however faint its mark."""
JOIN_GAP_IN = 0.06
"""Traced pieces this close are one mark (pencil grain, a hair broken by JPEG)."""
NEAR_IN, FAR_IN = 0.3, 1.5
"""The window around a group of marks: first near, then as far as the longest hair, then
the whole page (a crease or a hair running in from the edge)."""
STEP_IN = 0.04
"""Length of the chords whose turns are summed along the centre line."""
HAIR_LENGTH_IN = (0.15, 1.5)
"""Centre-line length of a hair or fibre: a shorter fleck cannot be told from one stroke of
a letter, a longer line may be drawn; both stay content."""
HAIR_WIDTH_IN = 0.016
"""Median stroke width (ink per column over its peak) above which a stroke is a pen's."""
HAIR_MAX_CROSSED = 0.1
"""Share of columns crossed more than once: a loop, a second stroke, a letter."""
HAIR_MAX_STRAY = 0.1
"""Share of the ink lying off the centre line (beyond twice the width): a crossing stroke, a
blob, a second mark."""
HAIR_MAX_GAP_IN = 0.15
"""Widest gap along a hair: JPEG and thresholding break a faint hair, not this far."""
HAIR_MAX_TURNING_DEG = 200.0
"""Total turning of the centre line: one gentle arc or S, not a wave or a word."""
HAIR_SHARPEST_TURN_DEG = 45.0
"""Largest turn between two chords: a corner (a tick, a letter) is sharper than any hair."""


class MarkKind(StrEnum):
    DUST = "dust"
    HAIR = "hair"
    EDGE_HAIR = "edge hair"
    CONTENT = "content"


@dataclass(frozen=True, slots=True)
class Stroke:
    """The shape of one traced mark, in inches and degrees."""

    length_in: float
    width_in: float
    crossed: float
    stray: float
    turning_deg: float
    sharpest_turn_deg: float
    widest_gap_in: float


@dataclass(frozen=True, slots=True)
class Judgement:
    """What a group of marks is, and where its traced ink lies on the seeds' copy of the
    page (other marks there are pieces of the same thing)."""

    kind: MarkKind
    traced: np.ndarray


@dataclass(frozen=True, slots=True)
class _Window:
    """Where the traced marks lie: darkness, their ink, resolution, and which sides of the
    window are the page's own (inner) edges."""

    darkness: np.ndarray
    ink: np.ndarray
    dpi: float
    page_sides: tuple[bool, bool, bool, bool]  # top, bottom, left, right
    seed_box: tuple[int, int, int, int]  # top, left, height, width on the seeds' copy


def darkest_channel(image: np.ndarray) -> np.ndarray:
    """Gray as is; of a colour image the darkest channel, so red or blue ink is as dark as black."""
    if image.ndim == 2:
        return image
    red, green, blue = cv2.split(image)
    return cv2.min(cv2.min(red, green), blue)


def judge_marks(page: np.ndarray, dpi: float, seeds: np.ndarray) -> Judgement:
    """What one group of marks is. ``page`` is the inner page (gray or RGB) at ``dpi``;
    ``seeds`` marks the group on a smaller copy of it (its marks found by ``intake.blank``)."""
    for reach_in in (NEAR_IN, FAR_IN, math.inf):
        window = _trace_window(page, dpi, seeds, reach_in)
        if not _runs_off(window):
            break
    traced = _traced_on_seeds(window, seeds.shape)
    ys, xs = np.nonzero(window.ink)
    if xs.size == 0 or max(np.ptp(xs), np.ptp(ys)) + 1 < DUST_IN * window.dpi:
        return Judgement(MarkKind.DUST, traced)
    stroke = measure_stroke(window.darkness, window.ink, window.dpi)
    at_edge = _touches(window.ink, window.page_sides)
    log.debug("marks traced as %s%s", stroke, " at the edge" if at_edge else "")
    if stroke is None or not looks_like_hair(stroke, at_edge=at_edge):
        return Judgement(MarkKind.CONTENT, traced)
    return Judgement(MarkKind.EDGE_HAIR if at_edge else MarkKind.HAIR, traced)


def trace_marks(gray: np.ndarray, dpi: float, seeds: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """The marks ``seeds`` (a mask of ``gray``'s shape) lie on, at ``STROKE_DPI`` or less:
    their darkness below the flattened paper, their ink mask, and the resolution of both.

    Ink is traced down to half the peak darkness of the faintest seed, so a faint pencil
    line beside a dark speck is traced whole."""
    small, small_dpi = reduce_to_dpi(gray, dpi, STROKE_DPI)
    seeds = cv2.resize(seeds.astype(np.uint8), small.shape[::-1], interpolation=cv2.INTER_NEAREST)
    flat = flatten_background(small, small_dpi, reach_in=0.12)
    darkness = cv2.blur(255.0 - flat.astype(np.float32), (3, 3))
    count, seed_labels = cv2.connectedComponents(seeds, connectivity=8)
    peaks = [float(np.percentile(darkness[seed_labels == seed], 95)) for seed in range(1, count)]
    threshold = max(min(peaks, default=0.0) / 2.0, TRACE_FLOOR)
    count, labels = cv2.connectedComponents((darkness >= threshold).astype(np.uint8), connectivity=8)
    traced = _pieces_touching(labels, seeds > 0)
    reach = max(1, int(round(JOIN_GAP_IN * small_dpi)))
    near = cv2.dilate(traced.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (reach, reach)))
    return darkness, _pieces_touching(labels, near > 0), small_dpi


def measure_stroke(darkness: np.ndarray, ink: np.ndarray, dpi: float) -> Stroke | None:
    """The shape of the ink, read along its main axis; None when there is too little."""
    ys, xs = np.nonzero(ink)
    if xs.size < 3:
        return None
    top, left = ys.min(), xs.min()
    box = (slice(top, ys.max() + 1), slice(left, xs.max() + 1))
    upright = _lay_along_axis(np.where(ink[box], darkness[box], 0.0).astype(np.float32), xs - left, ys - top)
    columns = _read_columns(upright)
    if columns is None:
        return None
    inked, centres, widths, crossed = columns
    line_x = np.arange(inked[0], inked[-1] + 1, dtype=np.float32)
    line_y = _smooth(np.interp(line_x, inked, centres), max(1, int(round(0.02 * dpi))))
    slope = np.gradient(line_y)
    width = float(np.median(widths * np.cos(np.arctan(slope[(inked - inked[0]).astype(int)]))))
    turns = _turns(line_x, line_y, max(2, int(round(STEP_IN * dpi))))
    return Stroke(length_in=float(np.hypot(1.0, slope).sum()) / dpi,
                  width_in=width / dpi,
                  crossed=crossed,
                  stray=_stray(upright[:, int(inked[0]):int(inked[-1]) + 1], line_y, slope, width),
                  turning_deg=float(np.abs(turns).sum()),
                  sharpest_turn_deg=float(np.abs(turns).max(initial=0.0)),
                  widest_gap_in=float((np.diff(inked) - 1).max(initial=0)) / dpi)


def looks_like_hair(stroke: Stroke, *, at_edge: bool = False) -> bool:
    """One thin, even, smooth stroke of a hair's length: see the module notes."""
    shortest, longest = HAIR_LENGTH_IN
    return (shortest <= stroke.length_in and (at_edge or stroke.length_in <= longest)
            and stroke.width_in <= HAIR_WIDTH_IN
            and stroke.crossed <= HAIR_MAX_CROSSED
            and stroke.stray <= HAIR_MAX_STRAY
            and stroke.turning_deg <= HAIR_MAX_TURNING_DEG
            and stroke.sharpest_turn_deg <= HAIR_SHARPEST_TURN_DEG
            and stroke.widest_gap_in <= HAIR_MAX_GAP_IN)


def _trace_window(page: np.ndarray, dpi: float, seeds: np.ndarray, reach_in: float) -> _Window:
    """The marks traced in a window reaching ``reach_in`` beyond the seeds' box."""
    scale = page.shape[0] / seeds.shape[0]
    ys, xs = np.nonzero(seeds)
    reach = min(reach_in * dpi, max(page.shape))
    top, bottom = max(0, int(ys.min() * scale - reach)), min(page.shape[0], int((ys.max() + 1) * scale + reach))
    left, right = max(0, int(xs.min() * scale - reach)), min(page.shape[1], int((xs.max() + 1) * scale + reach))
    crop = darkest_channel(page[top:bottom, left:right])
    seed_top, seed_left = int(top / scale), int(left / scale)
    seed_crop = seeds[seed_top:seed_top + max(1, round(crop.shape[0] / scale)),
                      seed_left:seed_left + max(1, round(crop.shape[1] / scale))]
    seed_box = (seed_top, seed_left, *seed_crop.shape)
    seed_crop = cv2.resize(seed_crop.astype(np.uint8), crop.shape[::-1], interpolation=cv2.INTER_NEAREST)
    darkness, ink, traced_dpi = trace_marks(crop, dpi, seed_crop > 0)
    sides = (top == 0, bottom == page.shape[0], left == 0, right == page.shape[1])
    return _Window(darkness, ink, traced_dpi, sides, seed_box)


def _traced_on_seeds(window: _Window, shape: tuple[int, int]) -> np.ndarray:
    """The window's traced ink, grown by the join gap, on the seeds' copy of the page."""
    top, left, height, width = window.seed_box
    reach = max(1, int(round(JOIN_GAP_IN * window.dpi)))
    grown = cv2.dilate(window.ink.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (reach, reach)))
    traced = np.zeros(shape, bool)
    traced[top:top + height, left:left + width] = cv2.resize(grown, (width, height), interpolation=cv2.INTER_AREA) > 0
    return traced


def _runs_off(window: _Window) -> bool:
    """Whether the traced ink reaches a side of the window that is not the page's edge."""
    off_page = tuple(not side for side in window.page_sides)
    return _touches(window.ink, off_page)


def _touches(ink: np.ndarray, sides: tuple[bool, bool, bool, bool]) -> bool:
    top, bottom, left, right = sides
    return bool((top and ink[0].any()) or (bottom and ink[-1].any())
                or (left and ink[:, 0].any()) or (right and ink[:, -1].any()))


def _pieces_touching(labels: np.ndarray, where: np.ndarray) -> np.ndarray:
    """The labelled pieces (label 0 is paper) that have a pixel in ``where``."""
    chosen = np.zeros(int(labels.max()) + 1, bool)
    chosen[labels[where]] = True
    chosen[0] = False
    return chosen[labels]


def _lay_along_axis(weights: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """``weights`` turned so the ink's main axis (darkness-weighted) runs left to right,
    cut to the turned ink's box."""
    w = weights[ys, xs].astype(np.float64)
    cx, cy = np.average(xs, weights=w), np.average(ys, weights=w)
    values, vectors = np.linalg.eigh(np.cov(np.vstack([xs - cx, ys - cy]), aweights=w))
    cos, sin = vectors[:, int(np.argmax(values))]
    along, across = (xs - cx) * cos + (ys - cy) * sin, (ys - cy) * cos - (xs - cx) * sin
    size = (int(np.ptp(along)) + 4, int(np.ptp(across)) + 4)
    matrix = cv2.getRotationMatrix2D((cx, cy), math.degrees(math.atan2(sin, cos)), 1.0)
    matrix[:, 2] += (2 - along.min() - cx, 2 - across.min() - cy)
    return cv2.warpAffine(weights, matrix, size, flags=cv2.INTER_LINEAR)


def _read_columns(upright: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float] | None:
    """Per inked column: the centre row of its heaviest run (darkness-weighted) and that run's
    width (ink over its peak); and the share of columns crossed by more than one run (runs
    split by a gap of two rows or more)."""
    peak = float(upright.max())
    ink = upright >= peak * 0.25
    inked = np.flatnonzero(ink.any(axis=0))
    if peak <= 0 or inked.size < 2:
        return None
    weights = np.where(ink, upright, 0.0)[:, inked].astype(np.float64)
    closed = cv2.morphologyEx(ink[:, inked].astype(np.uint8), cv2.MORPH_CLOSE, np.ones((2, 1), np.uint8))
    starts = (np.diff(closed, axis=0, prepend=0) == 1).sum(axis=0)
    rows = np.arange(weights.shape[0], dtype=np.float64)[:, None]
    total = weights.sum(axis=0)
    centres = (weights * rows).sum(axis=0) / total
    widths = total / weights.max(axis=0)
    for index in np.flatnonzero(starts > 1):
        runs = np.split(np.flatnonzero(weights[:, index] > 0),
                        np.flatnonzero(np.diff(np.flatnonzero(weights[:, index] > 0)) > 2) + 1)
        run = max(runs, key=lambda r: float(weights[r, index].sum()))
        centres[index] = float(np.average(run, weights=weights[run, index]))
        widths[index] = float(weights[run, index].sum() / weights[run, index].max())
    return (inked.astype(np.float32), centres.astype(np.float32), widths.astype(np.float32),
            float(np.count_nonzero(starts > 1)) / inked.size)


def _stray(upright: np.ndarray, line_y: np.ndarray, slope: np.ndarray, width: float) -> float:
    """Share of the ink (darkness-weighted) farther from the centre line than twice the
    stroke's width, measured across the slope."""
    reach = (2.0 * width + 1.0) * np.hypot(1.0, slope)
    rows = np.arange(upright.shape[0], dtype=np.float32)[:, None]
    off = np.abs(rows - line_y[None, :]) > reach[None, :]
    total = float(upright.sum())
    return float(upright[off].sum()) / total if total > 0 else 0.0


def _smooth(values: np.ndarray, half: int) -> np.ndarray:
    padded = np.pad(values.astype(np.float32), half, mode="edge")
    return np.convolve(padded, np.ones(2 * half + 1, np.float32) / (2 * half + 1), mode="valid")


def _turns(line_x: np.ndarray, line_y: np.ndarray, step: int) -> np.ndarray:
    """Turn (degrees) between successive chords ``step`` columns long along the centre line."""
    index = np.arange(0, line_x.size, step)
    if index[-1] != line_x.size - 1:
        index = np.append(index, line_x.size - 1)
    angles = np.degrees(np.arctan2(np.diff(line_y[index]), np.diff(line_x[index])))
    return np.diff(angles)

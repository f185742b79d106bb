"""Punch holes on a scanned page: not content, whatever the scanner behind them shows.

Filing holes (ISO 838: 6 mm across, centres 12 mm from the edge) sit near an edge. Over a
dark lid a hole is a solid dark disc; over a white lid or an ADF's white roller it is a ring
or a crescent of shadow along part of its rim, and holes come two or more along one edge.
``punch_holes`` takes the blobs found on a page's inner part (its edge strip cut off) and
tells which of them are such holes.
"""

from __future__ import annotations

import numpy as np

HOLE_SIZE_IN = (0.18, 0.35)
"""Width of a punch hole's blob: 5 to 9 mm."""
HOLE_RADIUS_IN = (0.08, 0.18)
"""Radius of the circle a hole's rim shadow lies on."""
HOLE_REACH_IN = 0.85
"""A hole's centre lies at most this far inside the inner part's edge (about 1.1 inch from the
paper's edge, where the edge strip is a quarter inch)."""
RIM_SPREAD_IN = 0.015
"""How far a rim shadow's pixels may stray from their circle (RMS)."""
RIM_MIN_ARC_DEG = 90.0
"""A rim shadow covers at least this much of its circle: a quarter, not a nearly straight arc."""
PAIR_SPACING_IN, PAIR_DEPTH_IN = 2.0, 0.2
"""Rim shadows count only in pairs along one edge, at least this far apart (filing holes are
80 mm or 4.25 inch apart) and this close in depth: a lone ring-shaped letter is content."""


def punch_holes(labels: np.ndarray, stats: np.ndarray, dpi: float) -> np.ndarray:
    """For each blob (``stats`` rows of ``cv2.connectedComponentsWithStats`` without the
    background), whether it is a punch hole near an edge: solid disc or rim shadow."""
    left, top, width, height, area = (stats[:, i] for i in range(5))
    low, high = (v * dpi for v in HOLE_SIZE_IN)
    longest = np.maximum(width, height)
    rows, cols = labels.shape
    reach = HOLE_REACH_IN * dpi
    centre_x, centre_y = left + width / 2, top + height / 2
    near_edge = ((np.minimum(centre_x, cols - centre_x) <= reach)
                 | (np.minimum(centre_y, rows - centre_y) <= reach))
    solid = ((np.minimum(width, height) >= low) & (longest <= high)
             & (np.abs(width - height) <= 0.25 * longest) & (area >= 0.6 * width * height))
    holes = near_edge & solid
    rims = []
    for index in np.flatnonzero(near_edge & ~solid & (longest >= low / 2) & (longest <= high)):
        x, y, w, h = left[index], top[index], width[index], height[index]
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == index + 1)
        centre = _rim_centre(xs.astype(np.float64), ys.astype(np.float64), dpi)
        if centre is not None:
            rims.append((index, _edge_place(centre[0] + x, centre[1] + y, rows, cols)))
    for index, place in rims:
        holes[index] = any(_a_pair(place, other, dpi) for other_index, other in rims if other_index != index)
    return holes


def _edge_place(x: float, y: float, rows: int, cols: int) -> tuple[int, float, float]:
    """Nearest edge (0 top, 1 bottom, 2 left, 3 right), depth from it, and place along it."""
    depths = (y, rows - y, x, cols - x)
    edge = int(np.argmin(depths))
    return edge, depths[edge], (x if edge < 2 else y)


def _a_pair(place: tuple[int, float, float], other: tuple[int, float, float], dpi: float) -> bool:
    """Two holes of one punching: same edge, same depth, a filing distance apart."""
    return (place[0] == other[0] and abs(place[1] - other[1]) <= PAIR_DEPTH_IN * dpi
            and abs(place[2] - other[2]) >= PAIR_SPACING_IN * dpi)


def _rim_centre(xs: np.ndarray, ys: np.ndarray, dpi: float) -> tuple[float, float] | None:
    """The centre of the hole-sized circle the pixels lie on along enough of it, if any
    (least-squares circle fit)."""
    if xs.size < 5:
        return None
    design = np.column_stack([xs, ys, np.ones_like(xs)])
    (a, b, c), *_ = np.linalg.lstsq(design, xs ** 2 + ys ** 2, rcond=None)
    cx, cy = a / 2, b / 2
    radius = float(np.sqrt(max(c + cx * cx + cy * cy, 0.0)))
    shortest, longest = (v * dpi for v in HOLE_RADIUS_IN)
    if not shortest <= radius <= longest:
        return None
    spread = float(np.sqrt(np.mean((np.hypot(xs - cx, ys - cy) - radius) ** 2)))
    angles = np.sort(np.degrees(np.arctan2(ys - cy, xs - cx)))
    widest_gap = float(np.max(np.diff(np.append(angles, angles[0] + 360.0))))
    if spread > RIM_SPREAD_IN * dpi or 360.0 - widest_gap < RIM_MIN_ARC_DEG:
        return None
    return float(cx), float(cy)

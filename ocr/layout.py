"""Which tesseract page segmentation mode a page wants: single column or columns.

Measured (docs/accuracy.md): on one-stop papers (forms, receipts, certified copies) psm 4
("a single column of text of variable sizes") reads better than psm 3 (automatic
layout): psm 3 takes a numbered list's numbers ("2.", "3.", ...), standing one under the
other, for a column of their own and drops them, and splits a form's rows into blocks.
Mild corpus, seed 23: forms 1.23% -> 0.45% CER, receipts 2.08% -> 1.55%. But psm 4 reads
a page of two text columns across both (linn.png: ~1% -> ~37%). So a page gets psm 3
when it has a real column gutter: a vertical band of paper, wide enough, standing empty
for a long run of the page's text while ink runs on both sides of it. A form's two-column
header and signature block are short; their gutters do not count.
"""

from __future__ import annotations

import cv2
import numpy as np

SINGLE_COLUMN_PSM = 4
COLUMNS_PSM = 3
WORK_DPI = 100.0
MIN_GUTTER_IN = 0.1
"""A gutter is at least this wide (gaps between words are narrower, and do not line up for long)."""
MIN_RUN_IN = 2.5
MIN_RUN_SHARE = 0.25
"""...and stands empty for this long (inches, and share of the text's height) at once."""
MIN_SIDE_INK = 0.3
"""Along that run, at least this share of rows has ink on each side (else it is a margin)."""
SIDE_REACH_IN = 1.0  # how far either side of the gutter ink is looked for


def page_psm(gray: np.ndarray, dpi: float) -> int:
    """``COLUMNS_PSM`` for a page set in columns, ``SINGLE_COLUMN_PSM`` otherwise."""
    return COLUMNS_PSM if has_column_gutter(gray, dpi) else SINGLE_COLUMN_PSM


def has_column_gutter(gray: np.ndarray, dpi: float) -> bool:
    """Whether ``gray`` (white paper, dark ink) has a vertical gutter between columns of text."""
    if gray.ndim == 3:
        gray = cv2.cvtColor(gray, cv2.COLOR_RGB2GRAY)
    scale = min(1.0, WORK_DPI / dpi)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    work_dpi = dpi * scale
    ink = small < 160
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return False
    body = ink[rows[0]:rows[-1] + 1]
    height, width = body.shape
    gutter = max(1, int(round(MIN_GUTTER_IN * work_dpi)))
    reach = max(1, int(round(SIDE_REACH_IN * work_dpi)))
    min_run = max(MIN_RUN_IN * work_dpi, MIN_RUN_SHARE * height)
    # empty[y, x]: the band of ``gutter`` columns starting at x has no ink on row y
    counts = np.cumsum(np.pad(body, ((0, 0), (1, 0))).astype(np.int32), axis=1)
    band = counts[:, gutter:] - counts[:, :-gutter]
    empty = band == 0
    left_ink = _ink_within(counts, reach, gutter, side="left")
    right_ink = _ink_within(counts, reach, gutter, side="right")
    between = empty & left_ink & right_ink
    for x in range(int(width * 0.2), int(width * 0.8) - gutter):
        run = _longest_run(empty[:, x])
        if run.stop - run.start >= min_run and between[run, x].mean() >= MIN_SIDE_INK:
            return True
    return False


def _ink_within(counts: np.ndarray, reach: int, gutter: int, *, side: str) -> np.ndarray:
    """Per (row, band start x): ink within ``reach`` columns left (or right) of the band."""
    width = counts.shape[1] - 1
    starts = np.arange(width - gutter + 1)
    if side == "left":
        lo, hi = np.clip(starts - reach, 0, width), starts
    else:
        lo, hi = np.clip(starts + gutter, 0, width), np.clip(starts + gutter + reach, 0, width)
    return (counts[:, hi] - counts[:, lo]) > 0


def _longest_run(column: np.ndarray) -> slice:
    """The rows of the longest run of True in ``column`` (an empty slice when none)."""
    best, best_end, run = 0, 0, 0
    for y, value in enumerate(column):
        run = run + 1 if value else 0
        if run > best:
            best, best_end = run, y + 1
    return slice(best_end - best, best_end)

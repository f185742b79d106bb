"""The resolution of a scanned page: the file's word when plausible, else an estimate.

The rule (``page_dpi``):

1. A declared resolution is trusted when both axes lie in [50, 2400] dpi, neither is
   more than 3 times the other, and the page it implies is no longer than an A0 sheet
   (1189 mm; a phone photo that says 72 dpi would otherwise be a poster).
2. Otherwise the resolution is estimated from the pixel size: every standard paper
   size (A3, A4, A5, B5, Letter, Legal, portrait or landscape) at every standard scan
   resolution (150, 200, 240, 300, 400, 600 dpi) is tried, and the best fit wins when
   both sides are within 6 % of it (scanners crop or pad a little).
   Some fits are ambiguous (A3 at 150 dpi is A5 at 300 dpi; A4 at 200 dpi is nearly B5
   at 240 dpi): among fits within 1 % of the best, the more common paper wins (A4, A5,
   A3, Letter, Legal, B5), then the resolution nearest 300 dpi.
3. When nothing fits, the page is taken to be 300 dpi.

Estimated resolutions are always square and flagged ``dpi_estimated``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ocr.units import MM_PER_INCH

log = logging.getLogger(__name__)

MIN_PLAUSIBLE_DPI = 50.0
MAX_PLAUSIBLE_DPI = 2400.0
MAX_AXIS_RATIO = 3.0
MAX_PAGE_MM = 1189.0  # the long side of A0
FALLBACK_DPI = 300.0
SIZE_TOLERANCE = 0.06
AMBIGUITY = 0.01

# In order of preference where sizes are ambiguous: A4 is the administrative standard.
PAPER_SIZES_MM: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "A3": (297.0, 420.0),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
    "B5": (176.0, 250.0),
}
_PAPER_RANK = {paper: rank for rank, paper in enumerate(PAPER_SIZES_MM)}
STANDARD_DPIS: tuple[int, ...] = (150, 200, 240, 300, 400, 600)


@dataclass(frozen=True, slots=True)
class PaperMatch:
    paper: str
    dpi: float
    error: float  # the worse side's relative size difference


def page_dpi(declared: tuple[float, float] | None, width: int, height: int) -> tuple[tuple[float, float], bool]:
    """The page's (x, y) dpi and whether it was estimated; see the module's rule."""
    if declared is not None and is_plausible_dpi(declared, width, height):
        return (float(declared[0]), float(declared[1])), False
    match = match_paper(width, height)
    dpi = match.dpi if match else FALLBACK_DPI
    log.info(
        "resolution %s of a %dx%d page is missing or implausible; using %g dpi (%s)",
        declared, width, height, dpi, f"fits {match.paper}" if match else "no paper size fits",
    )
    return (dpi, dpi), True


def is_plausible_dpi(dpi: tuple[float, float], width: int, height: int) -> bool:
    """Whether a declared resolution can be believed for a page of this pixel size."""
    x, y = float(dpi[0]), float(dpi[1])
    if not (MIN_PLAUSIBLE_DPI <= x <= MAX_PLAUSIBLE_DPI and MIN_PLAUSIBLE_DPI <= y <= MAX_PLAUSIBLE_DPI):
        return False
    if max(x, y) > MAX_AXIS_RATIO * min(x, y):
        return False
    longest_mm = max(width / x, height / y) * MM_PER_INCH
    return longest_mm <= MAX_PAGE_MM


def match_paper(width: int, height: int, tolerance: float = SIZE_TOLERANCE) -> PaperMatch | None:
    """The standard paper size and scan resolution whose pixel size fits, if one does."""
    fits = [
        PaperMatch(paper, float(dpi), error)
        for paper, (short_mm, long_mm) in PAPER_SIZES_MM.items()
        for paper_w, paper_h in ((short_mm, long_mm), (long_mm, short_mm))
        for dpi in STANDARD_DPIS
        if (error := _size_error(width, height, paper_w, paper_h, dpi)) <= tolerance
    ]
    if not fits:
        return None
    best_error = min(fit.error for fit in fits)
    close = [fit for fit in fits if fit.error <= best_error + AMBIGUITY]
    return min(close, key=lambda fit: (_PAPER_RANK[fit.paper], abs(fit.dpi - FALLBACK_DPI), fit.error))


def _size_error(width: int, height: int, paper_w_mm: float, paper_h_mm: float, dpi: int) -> float:
    expected_w = paper_w_mm / MM_PER_INCH * dpi
    expected_h = paper_h_mm / MM_PER_INCH * dpi
    return max(abs(width / expected_w - 1), abs(height / expected_h - 1))

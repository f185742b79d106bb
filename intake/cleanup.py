"""Page cleanup: from a scanned page to an upright, straight archive image and an OCR image.

``clean_page`` only puts the steps in order; each step is a free function in a module
named after what it deals with, takes arrays and returns new ones:

    has_colour (colour.py)            is there colour worth keeping? else work in gray
    measure_skew, deskew (deskew.py)  straighten, filling with paper (or border) colour
    crop_scanner_borders (borders.py) crop the dark scanner lid, paint what is left
    is_blank_page (blank.py)          a blank back? then no orientation or OCR is needed
    build_ocr_image (here)            red dropout, pen signatures dropped (signatures.py),
                                      flat white paper, form lines removed
                                      (formlines.py), scaled to ``ocr_dpi``
    page_turn (here)                  quarter turn: a decoded QR code's own orientation
                                      when the page has one (QR codes are printed upright),
                                      else the orientation detector (tesseract OSD on a
                                      150 dpi binarised copy of the OCR image); both images turn
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from intake import blank as blank_rules
from intake import colour as colour_rules
from intake.blank import is_blank_page
from intake.borders import BORDER_DPI, crop_scanner_borders, has_scanner_border
from intake.colour import drop_red_ink, has_colour
from intake.deskew import deskew, measure_skew
from intake.formlines import remove_form_lines
from intake.errors import PageProcessingError
from intake.model import Barcode, CleanPage, SourcePage
from intake.paper import PaperColour, flatten_background, paper_colour, reduce_to_dpi, scale_image
from intake.signatures import drop_signatures
from ocr.speckle import remove_speckle
from ocr.model import Orientation

log = logging.getLogger(__name__)


class OrientationDetector(Protocol):
    """``ocr.orientation.detect_orientation``: ``recheck=False`` asks for OSD's own answer
    only (no slower second opinion), when the page's turn is already known."""

    def __call__(self, image: np.ndarray, *, recheck: bool = True) -> Orientation: ...


QR_FORMATS = frozenset({"QRCode", "MicroQRCode"})
"""Symbols whose orientation tells which way up the page is (1-D bars read either way
round and are printed along margins)."""

QR_MAX_TILT_DEG = 30.0
"""A QR code this far or farther from a quarter turn gives no hint (a crooked sticker)."""

FALLBACK_DPI = 300.0
"""Used when a page claims an impossible resolution (missing or below 50 dpi)."""


@dataclass(frozen=True, slots=True)
class CleanupOptions:
    """What cleanup does to each page. Defaults were tuned on the shared test files.

    ``ocr_dpi``: resolution of the OCR image (pages under 270 dpi are enlarged to it,
    pages of 400 dpi and more reduced, those between kept). ``max_skew_deg``: largest
    skew searched for, either side of each quarter turn. ``orientation_dpi``: resolution
    of the binarised copy given to the orientation detector (150: every test page right
    at confidence >= 7; 100 dpi got 4 of 12 wrong). ``blank_*``: see intake/blank.py
    (contrast a mark needs below the paper, marks that make content, ink share that
    makes content). ``colour_*``: see intake/colour.py (share of uneven channel
    darkness that is colour, area of coloured ink that makes a colour page).
    """

    ocr_dpi: int = 300
    max_skew_deg: float = 25.0
    detect_orientation: bool = True
    remove_form_lines: bool = True
    drop_red: bool = True
    drop_signatures: bool = True
    crop_borders: bool = True
    orientation_dpi: float = 150.0
    blank_min_contrast: int = blank_rules.MIN_CONTRAST
    blank_min_marks: int = blank_rules.MIN_MARKS
    blank_ink_ratio: float = blank_rules.BLANK_INK_RATIO
    colour_min_chroma: float = colour_rules.MIN_CHROMA
    colour_min_area_sq_in: float = colour_rules.MIN_COLOUR_AREA_SQ_IN
    turn_by_qr_codes: bool = True


def clean_page(page: SourcePage, options: CleanupOptions = CleanupOptions(),
               orientation_detector: OrientationDetector | None = None,
               barcodes: Sequence[Barcode] = ()) -> CleanPage:
    """An upright, deskewed, border-cropped archive image of ``page`` and its OCR image.

    ``barcodes`` are the codes read on ``page.image``: a decoded QR code decides the turn.
    """
    watch = _Stopwatch()
    _check_image(page)
    image, dpi = square_pixels(page.image, page.dpi)
    coloured = image.ndim == 3 and has_colour(image, dpi, min_chroma=options.colour_min_chroma,
                                              min_area_sq_in=options.colour_min_area_sq_in)
    if image.ndim == 3 and not coloured:
        image = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    paper = _paper(image, page.bilevel)
    watch.lap("colour")
    skew = measure_skew(_gray(image), dpi, max_skew_deg=options.max_skew_deg)
    watch.lap("measure_skew")
    bordered = options.crop_borders and has_scanner_border(image, dpi)
    fill = _deskew_fill(image, dpi, skew, paper, bordered)
    image = deskew(image, skew, fill=fill, bilevel=page.bilevel)
    watch.lap("deskew")
    if bordered:
        image = crop_scanner_borders(image, dpi, fill=paper)
    watch.lap("borders")
    blank = is_blank_page(image, dpi, min_contrast=options.blank_min_contrast,
                          min_marks=options.blank_min_marks, ink_ratio=options.blank_ink_ratio)
    watch.lap("blank")
    ocr_image = build_ocr_image(image, dpi, options, bilevel=page.bilevel)
    watch.lap("ocr_image")
    rotation = 0
    if options.detect_orientation and not blank:
        qr_turn = turn_from_qr_codes(barcodes) if options.turn_by_qr_codes else None
        ocr_dpi = dpi * ocr_image.shape[0] / image.shape[0]
        rotation = page_turn(orientation_copy(ocr_image, ocr_dpi, options.orientation_dpi),
                             qr_turn, orientation_detector)
        if rotation:  # form lines are found along rows: build the OCR image upright again
            image = turn_quarter(image, rotation)
            ocr_image = build_ocr_image(image, dpi, options, bilevel=page.bilevel)
    watch.lap("orientation")
    watch.report(page)
    return CleanPage(source=page.source, source_page=page.source_page, archive=image,
                     ocr_image=ocr_image, dpi=dpi, ocr_scale=ocr_image.shape[0] / image.shape[0],
                     rotation=rotation, skew_deg=skew, has_colour=coloured, bilevel=page.bilevel,
                     blank=blank)


def turn_from_qr_codes(barcodes: Sequence[Barcode]) -> int | None:
    """The clockwise quarter turn that stands the page's QR codes upright; None without a
    QR code, when one is tilted far from any quarter turn, or when they disagree."""
    turns = set()
    for barcode in barcodes:
        if barcode.format not in QR_FORMATS:
            continue
        quarter = round(barcode.orientation / 90) * 90
        if abs(barcode.orientation - quarter) >= QR_MAX_TILT_DEG:
            return None
        turns.add((360 - quarter) % 360)
    if len(turns) > 1:
        log.info("QR codes on the page disagree on which way is up (%s); not used", sorted(turns))
        return None
    return turns.pop() if turns else None


def page_turn(orientation_image: np.ndarray, qr_turn: int | None,
              detector: OrientationDetector | None) -> int:
    """The page's clockwise quarter turn: the QR code's when there is one (OSD, asked for
    its own answer only, is logged when it confidently disagrees), else the detector's."""
    if qr_turn is None:
        return detector(orientation_image).rotate if detector else 0
    if detector:
        osd = detector(orientation_image, recheck=False)
        if osd.confidence > 0 and osd.rotate != qr_turn:
            log.info("the QR code says turn %d, OSD %d (confidence %.2f; 0 when not sure): "
                     "following the QR code", qr_turn, osd.rotate, osd.confidence)
    return qr_turn


def build_ocr_image(image: np.ndarray, dpi: float, options: CleanupOptions = CleanupOptions(), *,
                    bilevel: bool = False) -> np.ndarray:
    """A gray image for tesseract: red ink and pen signatures dropped, paper white, speckle
    (speckle.py) and form lines gone, ~``ocr_dpi``.

    Pages at 400 dpi and more are reduced first (cheaper), pages under ~270 dpi are
    enlarged last with cubic interpolation; those in between keep their size.
    """
    gray = drop_red_ink(image) if image.ndim == 3 and options.drop_red else _gray(image)
    if image.ndim == 3 and options.drop_signatures:
        gray = drop_signatures(gray, image, dpi)
    factor = options.ocr_dpi / dpi
    work_dpi = dpi
    if dpi >= options.ocr_dpi * 4 / 3:
        gray = scale_image(gray, factor, cv2.INTER_AREA)
        work_dpi = dpi * gray.shape[0] / image.shape[0]
    if not bilevel:
        gray = normalise_contrast(gray, work_dpi)
    gray = remove_speckle(gray)  # before form lines: specks break a dotted line's rhythm
    if options.remove_form_lines:
        gray = remove_form_lines(gray, work_dpi)
    if dpi < options.ocr_dpi * 0.9:
        gray = scale_image(gray, factor, cv2.INTER_CUBIC)
    return gray


def normalise_contrast(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Paper flattened to white, and the ink stretched to black where there is ink."""
    flat = flatten_background(gray, dpi)
    sample = flat[::3, ::3]
    white = float(np.median(sample))
    black = float(np.percentile(sample, 1))
    if black > white - 60:
        black = 0.0
    levels = np.arange(256, dtype=np.float32)
    table = np.clip((levels - black) * 255.0 / max(white - black, 1.0), 0, 255).astype(np.uint8)
    return cv2.LUT(flat, table)


def orientation_copy(image: np.ndarray, dpi: float, target_dpi: float = 150.0) -> np.ndarray:
    """A binarised copy at about ``target_dpi`` for orientation detection."""
    small, _ = reduce_to_dpi(_gray(image), dpi, target_dpi)
    _, binary = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def turn_quarter(image: np.ndarray, rotation: int) -> np.ndarray:
    """``image`` turned clockwise by ``rotation`` degrees (0/90/180/270), as a new array."""
    turns = (rotation // 90) % 4
    return np.ascontiguousarray(np.rot90(image, k=-turns)) if turns else image.copy()


def square_pixels(image: np.ndarray, dpi: tuple[float, float]) -> tuple[np.ndarray, float]:
    """The image resampled so both axes share one resolution, and that resolution.

    Fax-style pages (200 x 100 dpi) would otherwise look squashed to every later step.
    The coarser axis is enlarged up to twice; beyond that the finer axis is reduced.
    """
    x_dpi, y_dpi = (float(v) if v and v >= 50 else FALLBACK_DPI for v in dpi)
    if abs(x_dpi - y_dpi) <= 0.01 * max(x_dpi, y_dpi):
        return image, x_dpi
    fine, coarse = max(x_dpi, y_dpi), min(x_dpi, y_dpi)
    target = fine if fine <= 2 * coarse else coarse
    height, width = image.shape[:2]
    size = (max(1, int(round(width * target / x_dpi))), max(1, int(round(height * target / y_dpi))))
    return cv2.resize(image, size, interpolation=cv2.INTER_CUBIC), target


def _check_image(page: SourcePage) -> None:
    image = page.image
    shape_ok = image.ndim == 2 or (image.ndim == 3 and image.shape[2] == 3)
    if image.dtype != np.uint8 or not shape_ok or image.size == 0:
        raise PageProcessingError(
            f"cleanup needs a uint8 gray or RGB image, got {image.dtype} {image.shape}",
            source=page.source, page=page.source_page)


def _gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image


def _deskew_fill(image: np.ndarray, dpi: float, skew: float, paper: PaperColour,
                 bordered: bool) -> PaperColour:
    """Black where the scan has a dark border and the new corners are wide enough to be
    found as border (so the crop takes them off), else the paper colour."""
    if not bordered:
        return paper
    wedge_px = max(image.shape[:2]) * abs(math.sin(math.radians(skew))) * BORDER_DPI / dpi
    return 0 if wedge_px >= 2 else paper


def _paper(image: np.ndarray, bilevel: bool) -> PaperColour:
    return 255 if bilevel else paper_colour(image)


class _Stopwatch:
    """Milliseconds per cleanup step, logged at debug level."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.laps[step] = (now - self._last) * 1000.0
        self._last = now

    def report(self, page: SourcePage) -> None:
        if log.isEnabledFor(logging.DEBUG):
            steps = ", ".join(f"{step} {ms:.0f}" for step, ms in self.laps.items())
            log.debug("cleanup of %s page %d (ms): %s", page.source, page.source_page, steps)

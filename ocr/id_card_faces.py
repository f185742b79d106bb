"""Finding a photocopied ID card's faces on the sheet and preparing them for OCR: each cut
out, turned straight and enlarged, its background divided out and its art erased.

A copy holds the card's faces at 1:1 (85.6 x 54 mm): gray rectangles on the paper. They
are found as regions darker than the paper that can hold most of a card (an opening with
a card-sized rectangle drops bleed-through, specks and text lines), and, where a copier
left the card as white as the paper (a bilevel copy), as a closed outline of card size.
The card's security print, photo, QR code and fingerprints would come out of tesseract
as garbage: the background is divided out (a closing wider than a stroke estimates it),
and dark blobs taller than any printed letter are erased.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.card_seal import find_seal, print_outside_seal, seal_disc
from ocr.model import BBox
from ocr.speckle import remove_speckle
from ocr.units import MM_PER_INCH

log = logging.getLogger(__name__)

CARD_MM = (85.6, 53.98)  # ISO/IEC 7810 ID-1
FIND_STEP = 8  # the sheet is searched at 1/8 of its resolution (~37 dpi at 300)
MIN_DARKER = 8.0  # gray levels under the paper that count as card
PAPER_BINS = 5  # gray levels the paper's histogram peak is summed over
OUTLINE_STEP = 2  # outlines are looked for at half the sheet's resolution
OUTLINE_BLOCK_MM = 4.0  # the neighbourhood an outline's pixel is darker than
OUTLINE_CONTRAST = 12  # gray levels under its neighbourhood that count as outline
OUTLINE_GAPS_MM = (0.8, 1.6, 2.4)
"""Breaks in an outline this long are bridged: first the short ones, then longer ones
(faded toner breaks a white card's edge every few millimetres, or leaves one side of it:
the print bridged to the rest then closes it). A longer bridge adds only faces whose
centre no face found before holds, and their outline must fit the card closely (a wider
bridge also joins print to it)."""
OUTLINE_FILL = 0.85  # a closed outline encloses this share of its turned rectangle
OPEN_OUTLINE_FIT = (0.95, 1.06)  # an outline left open (faded toner broke it) must fit the card this closely
HOLD_SHARE = 0.6  # a face region must hold a rectangle this share of the card's sides
SIZE_TOLERANCE = (0.8, 1.2)  # found size against the card's, per side
STROKE_MM = 1.2  # a closing this wide removes every stroke from the background estimate
BACKGROUND_STEP = 4  # the background is estimated at a quarter of the face's resolution
MAX_LETTER_MM = 5.0  # taller dark blobs are art (photo, QR, fingerprints, seal, chip)
MAX_BLOB_MM = 40.0  # wider ones too (a frame, a stripe)
TILT_RANGE_DEG = 12.0  # a face can be this far off level: found at the sheet's coarse step, on a sheet turned wrong
TILT_STEPS_DEG = (0.5, 0.25, 0.05)  # searched coarse, then finer round the best angle so far
TILT_REDUCE = 4  # the print's tilt is measured at a quarter of the face's resolution ...
TILT_BLOCK, TILT_CONTRAST = 25, 10  # ... on pixels this much darker than their 25-pixel square
MIN_TILT_DEG = 0.3  # smaller tilts are left (a line of print drifts a few pixels at most)


@dataclass(frozen=True, slots=True)
class CardFace:
    """One face on the sheet: a turned rectangle in page pixels (angle in degrees, as
    OpenCV's ``minAreaRect`` gives it, long side first)."""

    center: tuple[float, float]
    size: tuple[float, float]
    angle: float

    @property
    def bbox(self) -> BBox:
        corners = cv2.boxPoints((self.center, self.size, self.angle))
        left, top = np.floor(corners.min(axis=0)).astype(int)
        right, bottom = np.ceil(corners.max(axis=0)).astype(int)
        return int(left), int(top), int(right), int(bottom)


def card_pixels(dpi: float) -> tuple[float, float]:
    return CARD_MM[0] / MM_PER_INCH * dpi, CARD_MM[1] / MM_PER_INCH * dpi


def to_gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def find_card_faces(gray: np.ndarray, dpi: float) -> tuple[CardFace, ...]:
    """The card faces on a sheet, top to bottom (none when no card-sized region is): gray
    regions darker than the paper, and faces a closed outline draws (a bilevel copy
    leaves the card as white as the paper, with its edge)."""
    faces = list(_gray_faces(gray, dpi))
    faces += [face for face in _outlined_faces(gray, dpi) if not _held(face.center, faces)]
    return tuple(sorted(faces, key=lambda face: face.center[1]))


def _gray_faces(gray: np.ndarray, dpi: float) -> list[CardFace]:
    height, width = gray.shape[:2]
    small = cv2.resize(gray, (max(1, width // FIND_STEP), max(1, height // FIND_STEP)),
                       interpolation=cv2.INTER_AREA)
    small = cv2.medianBlur(small, 5)
    paper = _paper_level(small)
    darker = cv2.morphologyEx((small < paper - MIN_DARKER).astype(np.uint8), cv2.MORPH_CLOSE,
                              np.ones((3, 3), np.uint8))
    card_w, card_h = (side / FIND_STEP for side in card_pixels(dpi))
    holder = cv2.getStructuringElement(cv2.MORPH_RECT, (max(1, round(HOLD_SHARE * card_w)),
                                                        max(1, round(HOLD_SHARE * card_h))))
    regions = cv2.morphologyEx(darker, cv2.MORPH_OPEN, holder)
    contours, _ = cv2.findContours(regions, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return [face for contour in contours
            if (face := _face_of(contour, regions.shape, darker, (card_w, card_h))) is not None]


def _paper_level(small: np.ndarray) -> float:
    """The paper's gray: the commonest level (a sheet scanned turned has white corners,
    a lid left open black ones; the paper still covers most of the image)."""
    counts = np.bincount(small.ravel(), minlength=256).astype(np.float64)
    return float(np.argmax(np.convolve(counts, np.ones(PAPER_BINS), mode="same")))


def _outlined_faces(gray: np.ndarray, dpi: float) -> list[CardFace]:
    """Faces whose edge shows as an outline of card size, at their own angle: closed, or
    left open (faded toner broke it) where it fits the card closely; bridged over short
    breaks, then over longer ones, which add only faces not found over shorter ones (see
    ``OUTLINE_GAPS_MM``)."""
    height, width = gray.shape[:2]
    small = cv2.resize(gray, (max(1, width // OUTLINE_STEP), max(1, height // OUTLINE_STEP)),
                       interpolation=cv2.INTER_AREA)
    small_dpi = dpi / OUTLINE_STEP
    block = max(3, round(OUTLINE_BLOCK_MM / MM_PER_INCH * small_dpi) | 1)
    edges = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block,
                                  OUTLINE_CONTRAST)
    card = card_pixels(small_dpi)
    faces: list[CardFace] = []
    for attempt, gap_mm in enumerate(OUTLINE_GAPS_MM):
        bridge = max(3, round(gap_mm / MM_PER_INCH * small_dpi) | 1)
        bridged = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, np.ones((bridge, bridge), np.uint8))
        contours, _ = cv2.findContours(bridged, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
            if w < h:
                w, h, angle = h, w, angle + 90
            if not _fits(w, h, card, SIZE_TOLERANCE):
                continue
            closed = attempt == 0 and cv2.contourArea(contour) >= OUTLINE_FILL * w * h
            if not closed and not _fits(w, h, card, OPEN_OUTLINE_FIT):
                continue  # open and not quite the card's size: a bracket of text or art, not a card's edge
            center = ((cx + 0.5) * OUTLINE_STEP, (cy + 0.5) * OUTLINE_STEP)
            if _held(center, faces):
                continue  # found already, over shorter breaks
            faces.append(CardFace(center, (w * OUTLINE_STEP, h * OUTLINE_STEP), (angle + 90) % 180 - 90))
    return faces


def _held(point: tuple[float, float], faces: list[CardFace]) -> bool:
    """Whether one of ``faces`` (its upright box) holds ``point``: a face found twice."""
    x, y = point
    return any(left <= x < right and top <= y < bottom for left, top, right, bottom in (f.bbox for f in faces))


def _fits(width: float, height: float, card: tuple[float, float], tolerance: tuple[float, float]) -> bool:
    low, high = tolerance
    return low * card[0] <= width <= high * card[0] and low * card[1] <= height <= high * card[1]


def _face_of(contour: np.ndarray, shape: tuple[int, ...], darker: np.ndarray,
             card: tuple[float, float]) -> CardFace | None:
    """The turned rectangle of one region: fitted to the darker pixels it holds (its
    opening lost the tilt), kept when its sides are a card's."""
    region = np.zeros(shape[:2], np.uint8)
    cv2.drawContours(region, [contour], -1, 1, thickness=-1)
    inside = darker & cv2.dilate(region, np.ones((3, 3), np.uint8))
    outlines, _ = cv2.findContours(inside, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    (cx, cy), (w, h), angle = cv2.minAreaRect(max(outlines, key=cv2.contourArea))
    if w < h:
        w, h, angle = h, w, angle + 90
    angle = (angle + 90) % 180 - 90
    if not _fits(w, h, card, SIZE_TOLERANCE):
        return None
    step = FIND_STEP
    return CardFace(((cx + 0.5) * step, (cy + 0.5) * step), (w * step, h * step), angle)


def straighten_face(gray: np.ndarray, face: CardFace, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """The face cut out, turned straight and enlarged ``scale`` times; with the affine
    matrix that took page pixels to it."""
    width, height = (round(side * scale) for side in face.size)
    matrix = cv2.getRotationMatrix2D(face.center, face.angle, scale)
    matrix[0, 2] += width / 2 - face.center[0]
    matrix[1, 2] += height / 2 - face.center[1]
    image = cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_CUBIC,
                           borderMode=cv2.BORDER_REPLICATE)
    return image, matrix


def level_face(gray: np.ndarray, face: CardFace, scale: float) -> tuple[CardFace, np.ndarray, np.ndarray]:
    """:func:`straighten_face`, with the face's angle set by its lines of print: the sheet
    is searched at 1/8 of its resolution, where a card's edge cannot tell 1.5 degrees from
    level, and a face that far off makes tesseract read two lines of print as one."""
    image, matrix = straighten_face(gray, face, scale)
    tilt = print_tilt(image)
    if abs(tilt) < MIN_TILT_DEG:
        return face, image, matrix
    face = CardFace(face.center, face.size, face.angle + tilt)
    return face, *straighten_face(gray, face, scale)


def print_tilt(image: np.ndarray) -> float:
    """How far (degrees, counterclockwise as OpenCV turns) ``image`` must be turned for
    its print (pixels darker than their neighbourhood) to lie in the sharpest rows: the
    projection profile's sum of squares, searched within ``TILT_RANGE_DEG``."""
    height, width = image.shape[:2]
    small = cv2.resize(image, (max(1, width // TILT_REDUCE), max(1, height // TILT_REDUCE)),
                       interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                TILT_BLOCK, TILT_CONTRAST)
    ys, xs = np.nonzero(ink)
    if len(ys) == 0:
        return 0.0
    best, half_range = 0.0, TILT_RANGE_DEG
    for step in TILT_STEPS_DEG:
        angles = np.arange(best - half_range, best + half_range + step / 2, step)
        best = float(max(angles, key=lambda angle: _row_sharpness(xs, ys, angle)))
        half_range = step
    return best


def _row_sharpness(xs: np.ndarray, ys: np.ndarray, angle: float) -> float:
    radians = np.radians(angle)
    rows = ys * np.cos(radians) - xs * np.sin(radians)
    counts = np.bincount((rows - rows.min()).astype(np.int64)).astype(np.float64)
    return float((counts ** 2).sum())


def flatten_face(face: np.ndarray, dpi: float) -> tuple[np.ndarray, tuple[BBox, ...]]:
    """Print on white: the background (a closing wider than any stroke) divided out, the
    contrast stretched from ink to paper, the guilloche's specks left by that removed
    (:mod:`ocr.speckle`), and the art's big dark blobs erased; with the
    blobs' boxes (photo, QR code, fingerprints, seal), which lay out the face."""
    pixels = face.astype(np.float32)
    height, width = face.shape[:2]
    coarse = cv2.resize(face, (max(1, width // BACKGROUND_STEP), max(1, height // BACKGROUND_STEP)),
                        interpolation=cv2.INTER_AREA)  # the background is smooth: found 1/16 the cost
    stroke = max(3, round(STROKE_MM / MM_PER_INCH * dpi / BACKGROUND_STEP) | 1)
    background = cv2.morphologyEx(coarse, cv2.MORPH_CLOSE,
                                  cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (stroke, stroke)))
    background = cv2.GaussianBlur(background.astype(np.float32), (0, 0), stroke / 3)
    background = cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR)
    ratio = pixels / np.maximum(background, 1.0)
    ink = float(np.percentile(ratio, 1))
    paper = float(np.percentile(ratio, 60))
    low, high = ink + 0.15 * (paper - ink), paper - 0.12 * (paper - ink)
    flat = (np.clip((ratio - low) / max(high - low, 1e-3), 0, 1) * 255).astype(np.uint8)
    return erase_art(remove_speckle(flat), dpi)


def erase_art(flat: np.ndarray, dpi: float) -> tuple[np.ndarray, tuple[BBox, ...]]:
    """``flat`` with connected dark blobs taller or wider than print erased to white, and
    the blobs' boxes."""
    _, dark = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    tall = MAX_LETTER_MM / MM_PER_INCH * dpi
    wide = MAX_BLOB_MM / MM_PER_INCH * dpi
    art = np.zeros(count, bool)
    art[1:] = (stats[1:, cv2.CC_STAT_HEIGHT] > tall) | (stats[1:, cv2.CC_STAT_WIDTH] > wide)
    if not art.any():
        return flat, ()
    erased = art[labels].astype(np.uint8)
    boxes = []
    for label in np.flatnonzero(art):
        x, y, w, h = (int(v) for v in stats[label, :4])
        blob = (labels[y:y + h, x:x + w] == label).astype(np.uint8)
        seal = find_seal(blob, dpi)
        if seal is not None:  # the seal's disc is art; the print its ring touched is print again
            kept = print_outside_seal(blob, seal, dpi)
            erased[y:y + h, x:x + w][kept > 0] = 0
            cv2.circle(erased, *seal_disc(seal, dpi, (x, y)), 1, thickness=-1)
            left, top, w, h = cv2.boundingRect(blob & (kept == 0).astype(np.uint8))
            x, y = x + left, y + top
        boxes.append((x, y, x + w, y + h))
    out = flat.copy()
    out[cv2.dilate(erased, np.ones((3, 3), np.uint8)) > 0] = 255
    return out, tuple(boxes)

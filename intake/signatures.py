"""Pen signatures out of the OCR image: a "dropout" for coloured scribbles.

Signatures on Vietnamese papers are in blue or violet ballpoint, large loops over and
beside the typed name under them. Tesseract reads them as garbage ("N7 xo M g") and,
worse, joins them to the typed heading on the same row, which breaks the reading order
of signature blocks. The archived page keeps them; only the OCR copy loses them.

What is dropped: coloured ink (after white balance on the paper, as in
``intake.colour``) that forms, once nearby strokes are joined, a mark at least
``MIN_HEIGHT_IN`` tall that covers little of its box (strokes, not a photo or a filled
block). Handwritten words in the same pen are smaller, and stay. Red and pink are not
looked at here: the red dropout already fades seals. Black text under a signature is
dark in every channel, so it is not coloured and keeps its darkness.
"""

from __future__ import annotations

import cv2
import numpy as np

from intake.colour import INK_DARKNESS, MIN_CHROMA, MIN_SPREAD, channel_darkness, gray_level
from intake.paper import paper_colour

MIN_HEIGHT_IN = 0.35
"""A coloured mark this tall is a signature, not a handwritten word (~0.15-0.25 inch)."""
MAX_FILL = 0.2
"""A signature's strokes cover at most this share of its box; a photo covers most of it."""
MIN_STROKE_IN = 0.8
MAX_STROKE_HEIGHT_IN = 0.12
"""A pen stroke at least ``MIN_STROKE_IN`` long and at most this tall is a signature's
underline (handwritten words are taller for their length)."""
MAX_UNDERLINE_SLOPE = 0.35
MAX_STROKE_INK_IN = 0.03
"""...or slanted (up to ~20 degrees) with no more ink across its length than one pen line
(a handwritten word has several strokes above each point)."""
JOIN_IN = 0.04
"""Strokes closer than this belong to one mark (a pen lifted for a moment)."""
WORK_DPI = 100.0
FAINT_DARKNESS, FAINT_CHROMA, FAINT_SPREAD = 20, 0.15, 10
"""A stroke's faint pixels (its edges, a JPEG scan's washed-out stretches): still ink and
still tinted, at about half the clear thresholds; taken only where they join clear ones."""
FAINT_REACH_IN = 0.03  # how far from a clear pixel a faint one may lie, along faint ones


def drop_signatures(gray: np.ndarray, image: np.ndarray, dpi: float) -> np.ndarray:
    """``gray`` (the OCR copy of RGB ``image``, same size) with signature strokes faded
    to the paper's gray. Returns ``gray`` itself when there is nothing to drop.

    Marks are found on a ``WORK_DPI`` copy; only inside their boxes is the full page
    looked at again, pixel by pixel."""
    if image.ndim != 3 or gray.shape[:2] != image.shape[:2]:
        return gray
    scale = min(1.0, WORK_DPI / dpi)
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    paper = paper_colour(small)
    # loops on the clear ink (the size limits were set on it: faint edges would make a
    # handwritten word tall enough), underlines on the faint ink too (a thin stroke
    # breaks into short dashes at this scale without it)
    clear = coloured_ink(small, paper)
    boxes = signature_boxes(clear, dpi * scale) + signature_boxes(
        pen_strokes(small, paper, dpi * scale, clear=clear).astype(np.uint8) * 255, dpi * scale, loops=False)
    if not boxes:
        return gray
    paper_gray = gray_level(paper)
    out = gray.copy()
    height, width = gray.shape[:2]
    for x, y, w, h in boxes:
        x0, y0 = max(0, int(x / scale) - 2), max(0, int(y / scale) - 2)
        x1, y1 = min(width, int((x + w) / scale) + 2), min(height, int((y + h) / scale) + 2)
        out[y0:y1, x0:x1][pen_strokes(image[y0:y1, x0:x1], paper, dpi)] = paper_gray
    return out


def pen_strokes(image: np.ndarray, paper, dpi: float, *, clear: np.ndarray | None = None) -> np.ndarray:
    """Boolean mask of a signature's strokes in RGB ``image`` (a signature's box): the
    clearly coloured pixels, and the faintly coloured ones reached from them along faint
    ones within ``FAINT_REACH_IN``.

    A stroke's edges and thin stretches are lighter and, in a JPEG scan, lose much of
    their colour to chroma subsampling; the clear pixels alone leave a dashed gray ghost
    of the signature that tesseract reads as "2N", "F xu. a". A faint pixel counts only
    near a clear one (hysteresis, as an edge detector's, with a short reach): black text
    under the signature is colourless, and the reach keeps a misregistered scanner's
    colour fringes along a typed line from carrying the fade down the line. ``clear``:
    :func:`coloured_ink` of ``image``, when the caller has it already."""
    clear = coloured_ink(image, paper) if clear is None else clear
    allowed = cv2.bitwise_or(clear, coloured_ink(image, paper, darkness=FAINT_DARKNESS, chroma=FAINT_CHROMA,
                                                 spread=FAINT_SPREAD))
    pen = clear
    step = np.ones((3, 3), np.uint8)
    for _ in range(max(1, int(round(FAINT_REACH_IN * dpi)))):
        grown = cv2.bitwise_and(cv2.dilate(pen, step), allowed)
        if np.array_equal(grown, pen):
            break
        pen = grown
    return pen > 0


def coloured_ink(image: np.ndarray, paper, *, darkness: int = INK_DARKNESS, chroma: float = MIN_CHROMA,
                 spread: int = MIN_SPREAD) -> np.ndarray:
    """uint8 mask (255) of pixels of coloured, not red, ink in an RGB image whose paper is
    ``paper`` (RGB levels): clearly coloured ones unless the thresholds say otherwise."""
    red, green, blue = channel_darkness(image, paper)  # a blue pen: dark in red and green, light in blue
    top = cv2.max(cv2.max(red, green), blue)
    spread_of = cv2.subtract(top, cv2.min(cv2.min(red, green), blue))
    ink = cv2.compare(top, darkness, cv2.CMP_GE)
    tinted = cv2.compare(spread_of.astype(np.float32), top.astype(np.float32) * chroma, cv2.CMP_GE)
    wide = cv2.compare(spread_of, spread, cv2.CMP_GE)
    reddish = cv2.compare(red, blue, cv2.CMP_LT)  # red/pink/magenta: lighter in red than in blue
    mask = cv2.bitwise_and(cv2.bitwise_and(ink, tinted), wide)
    return cv2.bitwise_and(mask, cv2.bitwise_not(reddish))


def signature_boxes(coloured: np.ndarray, dpi: float, *, loops: bool = True) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, width, height) of the coloured marks shaped like signatures: tall
    loops that cover little of their box (unless not ``loops``), or the long thin stroke a
    pen draws under them."""
    reach = max(1, int(round(JOIN_IN * dpi)))
    joined = cv2.dilate(coloured, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    ink_per_label = np.bincount(labels[coloured > 0].ravel(), minlength=count)
    boxes = []
    for label in range(1, count):
        x, y, width, height, _ = (int(v) for v in stats[label])
        loop = loops and height >= MIN_HEIGHT_IN * dpi and ink_per_label[label] <= MAX_FILL * width * height
        underline = width >= MIN_STROKE_IN * dpi and (
            height <= MAX_STROKE_HEIGHT_IN * dpi + 2 * reach
            or (height <= MAX_UNDERLINE_SLOPE * width
                and ink_per_label[label] <= MAX_STROKE_INK_IN * dpi * width))
        if loop or underline:
            boxes.append((x, y, width, height))
    return boxes

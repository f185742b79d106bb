"""The labels under the fingerprints on an ID card's back, read line by line.

Under each of the back's two fingerprint boxes the card prints two small lines, "Ngón
trỏ trái" / "Left index finger" (the right one: "phải" / "Right"), the English one in
italics. Read with the rest of the face (psm 4), between the fingerprints' ridges and the
chip, they are what tesseract reads worst on a mild copy: on the mild dev seeds' card
pages (43, 48) a third of the character errors lay in these two rows ("Lec£ xx®ex
frxyex", or the rows lost). Each line is read on its own instead: its band found by the
ink in the rows under the box, the guilloche's specks taken out, a margin of paper put
round it, as one line (psm 7); the English line with the English model, which reads
these italics far better than the Vietnamese one ("Left index finger" against "teft
rưdex fnger"). The fixed print they should say is restored afterwards with the rest of
the card's (:mod:`ocr.card_print`).
"""

from __future__ import annotations

import dataclasses
import logging
from itertools import combinations

import cv2
import numpy as np

from ocr.engine import TesseractEngine
from ocr.model import BBox, Word, centre_within, enclosing_box, shared_height, shared_width
from ocr.units import MM_PER_INCH

log = logging.getLogger(__name__)

LABEL_BLOCK = 850  # the labels' lines, within a face's blocks
PRINT_HEIGHT = (0.3, 0.6)  # a fingerprint box's height, in face heights
PRINT_ASPECT = (0.5, 1.0)  # its width over its height
PRINT_TOP = 0.2  # it starts in the top fifth of the face ...
LEVEL_SLACK = 0.05  # ... and the two lie level, within this share of the face's height
BELOW_MM = 4.5  # the labels' two lines lie within this much under the box
SIDE_MM = 1.0  # and may stick out of it sideways this much
INK_SHARE = 0.01  # a row with more of its width dark than this holds print
MIN_BAND_MM = 0.6  # a band of such rows this high is a line of print, not a speck
BAND_PAD_MM = 0.4  # paper kept above and below a line's band (its marks)
MARGIN_MM = 0.6  # white round the line's crop: tesseract drops a line cut at its edges
SPECK_MM = 0.2  # dark bits no wider and no taller than this are the guilloche's specks
LANGUAGES = (None, "eng")  # the first line in the face's languages, the second in English


def fingerprint_boxes(art: tuple[BBox, ...], width: int, height: int) -> tuple[BBox, BBox] | None:
    """The back's two fingerprint boxes, left then right: art in the face's right half near
    its top, about as tall as half the face, narrower than tall, lying level (ridges read
    as art of their own within a box's frame left out); ``None`` unless exactly two are
    found. Where faded toner broke a print into pieces (its frame and ridges apart: hard
    copies), the pieces that lie over each other across are taken as one."""
    return _two_boxes(art, width, height) or _two_boxes(_joined_pieces(art, width, height), width, height)


def _joined_pieces(art: tuple[BBox, ...], width: int, height: int) -> tuple[BBox, ...]:
    """The art in the face's right half and upper part, no wider than a print, with the
    pieces whose boxes overlap joined (repeatedly) into one box no wider than a print."""
    widest = PRINT_WIDTH * width
    pieces = [box for box in art if (box[0] + box[2]) / 2 > width / 2 and box[1] < PIECE_TOP * height
              and SLIVER * height < box[2] - box[0] <= widest]
    joined = True
    while joined:
        joined = False
        for a, b in combinations(pieces, 2):
            both = enclosing_box((a, b))
            if shared_width(a, b) > 0 and shared_height(a, b) > 0 and both[2] - both[0] <= widest:
                pieces = [box for box in pieces if box not in (a, b)] + [both]
                joined = True
                break
    return tuple(pieces)


PIECE_TOP = 0.5  # a print's pieces start in the face's upper half
PRINT_WIDTH = 0.25  # a print is no wider than this share of the face's width (the card's: a fifth)
SLIVER = 0.02  # art narrower than this share of the face's height is its edge, not a print


def _two_boxes(art: tuple[BBox, ...], width: int, height: int) -> tuple[BBox, BBox] | None:
    boxes = sorted(box for box in art
                   if (box[0] + box[2]) / 2 > width / 2 and box[1] < PRINT_TOP * height
                   and PRINT_HEIGHT[0] * height <= box[3] - box[1] <= PRINT_HEIGHT[1] * height
                   and PRINT_ASPECT[0] <= (box[2] - box[0]) / (box[3] - box[1]) <= PRINT_ASPECT[1])
    boxes = [box for box in boxes if not any(other != box and _inside(box, other) for other in boxes)]  # ridges in a frame
    if len(boxes) != 2 or abs(boxes[0][3] - boxes[1][3]) > LEVEL_SLACK * height or boxes[0][2] > boxes[1][0]:
        return None
    return boxes[0], boxes[1]


def _inside(box: BBox, other: BBox) -> bool:
    return other[0] <= box[0] and other[1] <= box[1] and box[2] <= other[2] and box[3] <= other[3]


def read_fingerprint_labels(flat: np.ndarray, art: tuple[BBox, ...], words: tuple[Word, ...],
                            engine: TesseractEngine, dpi: float) -> tuple[Word, ...]:
    """``words`` (a face's, in ``flat``'s pixels) with the lines under the fingerprints read
    again on their own, in their place; as read when the face has no two fingerprint
    boxes. Each box's label stands alone: one whose two lines are not found or read
    (blurred into one, faded) leaves what the face read there, and the other's read is
    still taken (hard dev 93: "Ngôn trỏ bà" was lost with its neighbour)."""
    height, width = flat.shape[:2]
    boxes = fingerprint_boxes(art, width, height)
    if boxes is None:
        return words
    rows: list[list[Word]] = [[], []]
    covered = []
    for box in boxes:
        read = _read_labels(flat, box, engine, dpi)
        if read is None:
            continue
        region, lines = read
        covered.append(region)
        for row, line in zip(rows, lines):
            row.extend(line)
    if not covered:
        return words
    kept = tuple(word for word in words if not any(centre_within(word.bbox, region) for region in covered))
    log.debug("fingerprint labels read again: %s", " / ".join(" ".join(w.text for w in row) for row in rows))
    return kept + tuple(rows[0]) + tuple(rows[1])


def _read_labels(flat: np.ndarray, box: BBox, engine: TesseractEngine,
                 dpi: float) -> tuple[BBox, list[list[Word]]] | None:
    """The region the two lines under ``box`` fill and each line's words (face pixels,
    lines ``(LABEL_BLOCK, 0, 0)`` and ``(LABEL_BLOCK, 0, 1)``); ``None`` when there are not two
    lines or one reads as nothing."""
    height, width = flat.shape[:2]
    mm = dpi / MM_PER_INCH
    left, right = max(0, box[0] - round(SIDE_MM * mm)), min(width, box[2] + round(SIDE_MM * mm))
    top, bottom = box[3] + 1, min(height, box[3] + round(BELOW_MM * mm))
    if bottom - top < 2 * MIN_BAND_MM * mm:
        return None
    region = _without_specks(flat[top:bottom, left:right], round(SPECK_MM * mm))
    bands = _bands(region, round(MIN_BAND_MM * mm))
    if len(bands) < 2:
        return None
    pad, margin = round(BAND_PAD_MM * mm), round(MARGIN_MM * mm)
    lines = []
    for number, ((start, end), language) in enumerate(zip(bands, LANGUAGES)):
        upper, lower = max(0, start - pad), min(region.shape[0], end + pad)
        crop = cv2.copyMakeBorder(np.ascontiguousarray(region[upper:lower]), margin, margin, margin, margin,
                                  cv2.BORDER_CONSTANT, value=255)
        line_engine = dataclasses.replace(engine, psm=7, languages=language or engine.languages,
                                          correct_syllables=engine.correct_syllables and language is None)
        shift = (left - margin, top + upper - margin)
        line = [Word(w.text, (w.bbox[0] + shift[0], w.bbox[1] + shift[1], w.bbox[2] + shift[0], w.bbox[3] + shift[1]),
                     w.confidence, (LABEL_BLOCK, 0, number))
                for w in line_engine.recognize(crop, dpi=round(dpi)).words if any(ch.isalnum() for ch in w.text)]
        if not line:
            return None
        lines.append(line)
    last = bands[1][1]
    return (left, top, right, top + min(region.shape[0], last + pad)), lines


def _without_specks(gray: np.ndarray, size: int) -> np.ndarray:
    """``gray`` with dark bits no wider and no taller than ``size`` pixels made white."""
    _, dark = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    specks = (stats[:, cv2.CC_STAT_WIDTH] <= size) & (stats[:, cv2.CC_STAT_HEIGHT] <= size)
    specks[0] = False
    clean = gray.copy()
    clean[specks[labels]] = 255
    return clean


def _bands(gray: np.ndarray, least: int) -> list[tuple[int, int]]:
    """The runs of rows holding print (top, bottom), at least ``least`` rows high."""
    inked = (gray < 128).sum(axis=1) > max(2, INK_SHARE * gray.shape[1])
    bands, start = [], None
    for row, on in enumerate([*inked, False]):
        if on and start is None:
            start = row
        elif not on and start is not None:
            if row - start >= least:
                bands.append((start, row))
            start = None
    return bands


"""Reading a photocopied ID card's faces: find them on the sheet, flatten their background,
enlarge their small text and OCR each face on its own; the back's machine-readable zone
once more with the zone's alphabet only.

A copy holds the card's faces at 1:1 (85.6 x 54 mm): gray rectangles on white paper.
They are found as regions darker than the paper that can hold most of a card (an
opening with a card-sized rectangle drops bleed-through, specks and text lines), then
each is turned straight. The card's security print, photo, QR code and fingerprints
would come out of tesseract as garbage: the background is divided out (a closing wider
than a stroke estimates it), and dark blobs taller than any printed letter are erased.
Words come back in the page image's pixels, so the page's text layer and field boxes
stay right.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.engine import TesseractEngine, mean_confidence
from ocr.model import BBox, OcrResult, Word
from ocr.mrz import WHITELIST, CardMrz, find_zone, parse_td1
from ocr.reading_order import reading_order_text

log = logging.getLogger(__name__)

CARD_MM = (85.6, 53.98)  # ISO/IEC 7810 ID-1
MM_PER_INCH = 25.4
FIND_STEP = 8  # the sheet is searched at 1/8 of its resolution (~37 dpi at 300)
PAPER_PERCENTILE = 75  # cards cover well under a quarter of the sheet
MIN_DARKER = 8.0  # gray levels under the paper that count as card
HOLD_SHARE = 0.6  # a face region must hold a rectangle this share of the card's sides
SIZE_TOLERANCE = (0.8, 1.2)  # found size against the card's, per side
TEXT_SCALE = 2.5  # measured: labels' x-height ~11 px at 300 dpi -> ~28 px for tesseract
FACE_PSM = 4  # measured on generated copies: 4 beats 6 (art lines) and 11 (order)
STROKE_MM = 1.2  # a closing this wide removes every stroke from the background estimate
MAX_LETTER_MM = 5.0  # taller dark blobs are art (photo, QR, fingerprints, seal, chip)
MAX_BLOB_MM = 40.0  # wider ones too (a frame, a stripe)
MIN_LINE_CONFIDENCE = 0.45  # face lines below it are art read as text
FACE_BLOCK = 1000  # face n's words are in blocks n*1000+: apart from the page's own
ZONE_SHARE = 0.4  # the zone's three lines fill the lowest fifth of the back; some slack
ZONE_LANGUAGE = "eng"
ZONE_BLOCK = 900  # the zone's lines, within a face's blocks


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


@dataclass(frozen=True, slots=True)
class CardRead:
    """What the faces say: their words in page pixels, and the zone if one was read."""

    faces: tuple[CardFace, ...]
    words: tuple[Word, ...]
    zone: CardMrz | None


def card_pixels(dpi: float) -> tuple[float, float]:
    return CARD_MM[0] / MM_PER_INCH * dpi, CARD_MM[1] / MM_PER_INCH * dpi


def to_gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def find_card_faces(gray: np.ndarray, dpi: float) -> tuple[CardFace, ...]:
    """The card faces on a sheet, top to bottom (none when no card-sized gray region is)."""
    height, width = gray.shape[:2]
    small = cv2.resize(gray, (max(1, width // FIND_STEP), max(1, height // FIND_STEP)),
                       interpolation=cv2.INTER_AREA)
    small = cv2.medianBlur(small, 5)
    paper = float(np.percentile(small, PAPER_PERCENTILE))
    darker = cv2.morphologyEx((small < paper - MIN_DARKER).astype(np.uint8), cv2.MORPH_CLOSE,
                              np.ones((3, 3), np.uint8))
    card_w, card_h = (side / FIND_STEP for side in card_pixels(dpi))
    holder = cv2.getStructuringElement(cv2.MORPH_RECT, (max(1, round(HOLD_SHARE * card_w)),
                                                        max(1, round(HOLD_SHARE * card_h))))
    regions = cv2.morphologyEx(darker, cv2.MORPH_OPEN, holder)
    contours, _ = cv2.findContours(regions, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    faces = [face for contour in contours
             if (face := _face_of(contour, regions.shape, darker, (card_w, card_h))) is not None]
    return tuple(sorted(faces, key=lambda face: face.center[1]))


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
    low, high = SIZE_TOLERANCE
    if not (low * card[0] <= w <= high * card[0] and low * card[1] <= h <= high * card[1]):
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


def flatten_face(face: np.ndarray, dpi: float) -> np.ndarray:
    """Print on white: the background (a closing wider than any stroke) divided out, the
    contrast stretched from ink to paper, and the art's big dark blobs erased."""
    pixels = face.astype(np.float32)
    stroke = max(3, round(STROKE_MM / MM_PER_INCH * dpi) | 1)
    background = cv2.morphologyEx(pixels, cv2.MORPH_CLOSE,
                                  cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (stroke, stroke)))
    background = cv2.GaussianBlur(background, (0, 0), stroke / 3)
    ratio = pixels / np.maximum(background, 1.0)
    ink = float(np.percentile(ratio, 1))
    paper = float(np.percentile(ratio, 60))
    low, high = ink + 0.15 * (paper - ink), paper - 0.12 * (paper - ink)
    flat = (np.clip((ratio - low) / max(high - low, 1e-3), 0, 1) * 255).astype(np.uint8)
    return erase_art(flat, dpi)


def erase_art(flat: np.ndarray, dpi: float) -> np.ndarray:
    """``flat`` with connected dark blobs taller or wider than print erased to white."""
    _, dark = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    tall = MAX_LETTER_MM / MM_PER_INCH * dpi
    wide = MAX_BLOB_MM / MM_PER_INCH * dpi
    art = np.zeros(count, bool)
    art[1:] = (stats[1:, cv2.CC_STAT_HEIGHT] > tall) | (stats[1:, cv2.CC_STAT_WIDTH] > wide)
    if not art.any():
        return flat
    out = flat.copy()
    out[cv2.dilate(art[labels].astype(np.uint8), np.ones((3, 3), np.uint8)) > 0] = 255
    return out


def read_card(page: np.ndarray, dpi: float, engine: TesseractEngine) -> CardRead | None:
    """The card faces' words (page pixels) and zone; ``None`` when no face is found."""
    gray = to_gray(page)
    faces = find_card_faces(gray, dpi)
    if not faces:
        return None
    scale = TEXT_SCALE * 300.0 / dpi
    face_engine = dataclasses.replace(engine, psm=FACE_PSM)
    words: list[Word] = []
    zone = None
    for number, face in enumerate(faces, start=1):
        image, matrix = straighten_face(gray, face, scale)
        flat = flatten_face(image, dpi * scale)
        read = face_engine.recognize(flat, dpi=round(dpi * scale))
        face_words = drop_art_lines(read.words)
        if zone is None:
            zone, zone_words = read_zone(flat, dpi * scale, engine)
            if zone_words:
                zone_top = min(w.bbox[1] for w in zone_words)
                face_words = [w for w in face_words if (w.bbox[1] + w.bbox[3]) / 2 < zone_top] + zone_words
        back = cv2.invertAffineTransform(matrix)
        words += [_on_page(word, back, number) for word in face_words]
    log.debug("ID card: %d faces, %d words, zone %s", len(faces), len(words), zone is not None)
    return CardRead(faces, tuple(words), zone)


def drop_art_lines(words: tuple[Word, ...]) -> list[Word]:
    """Words without what tesseract made of art: lines of low confidence or few letters
    (a lone date, which tesseract scores low on a line of its own, stays), and bits of
    art at either end of a line of print (no letter, or a doubtful scrap of three)."""
    kept: list[Word] = []
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    for line in lines.values():
        while line and _is_scrap(line[0]):
            line = line[1:]
        while line and _is_scrap(line[-1]):
            line = line[:-1]
        if not line:
            continue
        letters = sum(ch.isalnum() or ch == "<" for w in line for ch in w.text)
        printed = any(_LONE_VALUE.fullmatch(w.text) for w in line)
        if not printed and (mean_confidence(line) < MIN_LINE_CONFIDENCE
                            or letters * 2 < sum(len(w.text) for w in line)):
            continue
        kept += line
    return kept


_LONE_VALUE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{9,12}")


def _is_scrap(word: Word) -> bool:
    alnum = sum(ch.isalnum() for ch in word.text)
    return alnum == 0 or (word.confidence < 0.5 and alnum <= 3) or (
        word.confidence < 0.7 and alnum == 1 and not word.text.isdigit())


def read_zone(flat: np.ndarray, dpi: float, engine: TesseractEngine) -> tuple[CardMrz | None, list[Word]]:
    """The machine-readable zone in the lower part of a straightened face, read with the
    zone's alphabet only and parsed with its check digits; with the zone lines' words
    (in the face image's pixels). ``(None, [])`` when the face holds no zone."""
    top = round(flat.shape[0] * (1 - ZONE_SHARE))
    zone_engine = dataclasses.replace(engine, languages=ZONE_LANGUAGE, psm=6, correct_syllables=False,
                                      min_word_confidence=0.0,
                                      extra_config=f"-c tessedit_char_whitelist={WHITELIST}")
    read = zone_engine.recognize(np.ascontiguousarray(flat[top:]), dpi=round(dpi))
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in read.words:
        lines.setdefault(word.line, []).append(word)
    ordered = list(lines.values())
    zone = find_zone(" ".join(w.text for w in line) for line in ordered)
    if zone is None:
        return None, []
    zone_words = [Word(w.text, (w.bbox[0], w.bbox[1] + top, w.bbox[2], w.bbox[3] + top), w.confidence,
                       (ZONE_BLOCK, 1, index))
                  for index, line in enumerate(ordered) if _is_zone_line(" ".join(w.text for w in line))
                  for w in line]
    return parse_td1(zone), zone_words


def _on_page(word: Word, back: np.ndarray, face_number: int) -> Word:
    left, top, right, bottom = word.bbox
    corners = np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float64)
    mapped = corners @ back[:, :2].T + back[:, 2]
    x0, y0 = np.floor(mapped.min(axis=0)).astype(int)
    x1, y1 = np.ceil(mapped.max(axis=0)).astype(int)
    block, paragraph, line = word.line
    return Word(word.text, (int(x0), int(y0), int(x1), int(y1)), word.confidence,
                (face_number * FACE_BLOCK + block, paragraph, line))


def with_card_words(page: OcrResult, card: CardRead) -> OcrResult:
    """The page's result with the faces' words in place of what the page OCR read on
    them; lines in the order they stand on the sheet (faces as whole blocks)."""
    boxes = [face.bbox for face in card.faces]

    def on_a_face(word: Word) -> bool:
        x, y = (word.bbox[0] + word.bbox[2]) / 2, (word.bbox[1] + word.bbox[3]) / 2
        return any(l <= x < r and t <= y < b for l, t, r, b in boxes)

    units: list[tuple[float, list[Word]]] = []
    for word in page.words:
        if on_a_face(word):
            continue
        if units and units[-1][1][-1].line == word.line and units[-1][0] >= 0:
            units[-1][1].append(word)
        else:
            units.append((word.bbox[1], [word]))
    for number, face in enumerate(card.faces, start=1):
        face_words = [w for w in card.words if w.line[0] // FACE_BLOCK == number]
        if face_words:
            units.append((face.bbox[1], face_words))
    units.sort(key=lambda unit: unit[0])
    words = tuple(word for _, unit in units for word in unit)
    if not words:
        return OcrResult.empty(page.width, page.height)
    return OcrResult(words, reading_order_text(words), mean_confidence(list(words)), page.width, page.height)


def _is_zone_line(text: str) -> bool:
    compact = text.replace(" ", "")
    return len(compact) >= 20 and (compact.count("<") >= 2 or "VNM" in compact[:8])

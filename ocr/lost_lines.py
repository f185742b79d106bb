"""Whole lines of print the page read lost, read again on their own.

Tesseract's layout analysis now and then finds no line where a whole one is printed: on a
clean scan of a generated request form (mixed dev seed 94, a certified copy, 300 dpi) the
line "Số điện thoại: 0933 586 271" between the address and the next label was in no
block, at any page segmentation mode (3, 4, 6, 11), while the line cut out alone reads
at once. The phone was lost with it. What a page read lost so is found the way a reader
would: print where nothing was read.

The page's ink (Otsu) under no read word is gathered into letter-sized blobs and the
blobs into strips; a strip counts as a lost line only where it is as long as a line of
print (``MIN_LINE_HEIGHTS`` line heights, ``MIN_BLOBS`` letters) and no read word stands
level with it (a line read in part is the correction's business, not this). The strips
are read in one run, stacked on white (single lines each), and a strip's read is kept
only where tesseract is sure of it and it reads as Vietnamese print: most words valid
syllables or numbers (a signature, a seal's ring, a photo's edge read as letters are
neither). Kept lines go into the page's words before the first line below them. Only
pages read surely are looked at (``SURE_PAGE``): a page read unsure is the rescan mark's.
"""

from __future__ import annotations

import dataclasses
import logging

import cv2
import numpy as np

from ocr.engine import OcrEngine, OcrEngineError, TesseractEngine, build_result, mean_confidence
from ocr.missed_print import letter_runs
from ocr.model import BBox, OcrResult, Word
from ocr.syllables import is_syllable

log = logging.getLogger(__name__)

FIND_STEP = 2  # strips are looked for at half the OCR image's resolution (~150 dpi)
LETTER_LOW, LETTER_HIGH = 0.3, 1.4  # a letter blob's height, in the page's word heights
MAX_BLOB_WIDTH = 2.5  # word heights: wider ink is a rule, a frame or a stroke of a signature
LETTER_GAP = 1.0  # word heights between two blobs of one strip
MIN_LINE_HEIGHTS = 6.0  # a lost line is at least this long ("Mẫu CT01" is 5)
MIN_BLOBS = 8
STRIP_PAD = 0.3  # word heights of paper round a strip
WORD_PAD = 0.15  # word heights round a read word whose ink counts as read
STRIP_PSM = 6  # the stacked strips: one block of lines
MIN_CONFIDENCE = 0.8  # a strip read less surely is not print
MIN_PRINT_SHARE = 0.7  # of its words, valid syllables or numbers
LOST_LINE = 900  # the kept lines' numbers start here, within the block of the line below them
SURE_PAGE = 0.85
"""A page read less surely is not looked at: its unread ink is its own poor print, not a
line the layout lost, and lines read surely out of it would lift the page's confidence,
which the rescan mark judges, over a page too faint to keep (a form whose toner broke
into dots, read at 0.698, rose to 0.709 and lost its mark)."""


def with_lost_lines(image: np.ndarray, ocr: OcrResult, engine: OcrEngine, dpi: float) -> OcrResult:
    """``ocr`` (read on ``image``, gray, its pixels) with the whole lines of print it lost
    read again and put in their place; as it is where none was lost, where the page was
    read unsure (``SURE_PAGE``), or where the read fails."""
    height = _word_height(ocr.words)
    if height is None or image.ndim != 2 or ocr.confidence < SURE_PAGE:
        return ocr
    strips = _lost_strips(image, ocr.words, height)
    if not strips:
        return ocr
    try:
        found = _stacked_read(image, strips, round(height), engine, dpi)
    except OcrEngineError as exc:
        log.warning("reading the lines the page read lost failed: %s", exc)
        return ocr
    kept = [line for line in found if _reads_as_print(line)]
    if not kept:
        return ocr
    log.info("%d line(s) the page read lost read on their own", len(kept))
    return build_result(_inserted(list(ocr.words), kept), ocr.width, ocr.height)


def _word_height(words: tuple[Word, ...]) -> float | None:
    """The median height of the words of three letters or more (a line of print's)."""
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words if sum(ch.isalpha() for ch in w.text) >= 3)
    return float(heights[len(heights) // 2]) if len(heights) >= 5 else None


def _lost_strips(image: np.ndarray, words: tuple[Word, ...], height: float) -> list[BBox]:
    """Boxes of line-long strips of letter-sized ink that no read word covers or stands
    level with (looked for at ``FIND_STEP`` of the page's resolution, boxed in its own)."""
    small = cv2.resize(image, (max(1, image.shape[1] // FIND_STEP), max(1, image.shape[0] // FIND_STEP)),
                       interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    pad = max(1, round(WORD_PAD * height))
    for word in words:
        left, top, right, lower = word.bbox
        ink[max(0, top - pad) // FIND_STEP:(lower + pad) // FIND_STEP + 1,
            max(0, left - pad) // FIND_STEP:(right + pad) // FIND_STEP + 1] = 0
    height /= FIND_STEP
    runs = letter_runs(ink, height, (LETTER_LOW, LETTER_HIGH, MAX_BLOB_WIDTH), LETTER_GAP, 0.0)
    if runs is None:
        return []
    labels, blobs, joined_stats = runs
    pieces = []
    for x, y, w, h, _area in joined_stats:
        if h > 2 * LETTER_HIGH * height:
            continue
        inner = labels[y:y + h, x:x + w][blobs[y:y + h, x:x + w] > 0]
        pieces.append(((int(x) * FIND_STEP, int(y) * FIND_STEP, int(x + w) * FIND_STEP, int(y + h) * FIND_STEP),
                       len(np.unique(inner))))
    height *= FIND_STEP
    middles = [(w.bbox[1] + w.bbox[3]) / 2 for w in words]
    page_height, page_width = image.shape[:2]
    strip_pad = round(STRIP_PAD * height)
    strips = []
    for box, letters_count in _level_joined(pieces):
        left, top, right, lower = box
        if (right - left < MIN_LINE_HEIGHTS * height or letters_count < MIN_BLOBS
                or any(top <= middle < lower for middle in middles)):
            continue
        strips.append((max(0, left - strip_pad), max(0, top - strip_pad),
                       min(page_width, right + strip_pad), min(page_height, lower + strip_pad)))
    return sorted(strips, key=lambda box: (box[1], box[0]))


def _level_joined(pieces: list[tuple[BBox, int]]) -> list[tuple[BBox, int]]:
    """Pieces of ink level with each other (sharing half the lower one's height: a label
    and its value, a gap apart) joined into one line, with their letters counted."""
    lines: list[tuple[BBox, int]] = []
    for box, letters_count in sorted(pieces, key=lambda piece: piece[0][0]):
        for index, (line, count) in enumerate(lines):
            shared = min(line[3], box[3]) - max(line[1], box[1])
            if shared >= 0.5 * min(line[3] - line[1], box[3] - box[1]):
                lines[index] = ((min(line[0], box[0]), min(line[1], box[1]), max(line[2], box[2]),
                                 max(line[3], box[3])), count + letters_count)
                break
        else:
            lines.append((box, letters_count))
    return lines


def _stacked_read(image: np.ndarray, strips: list[BBox], gap: int, engine: OcrEngine,
                  dpi: float) -> list[list[Word]]:
    """Each strip's words (page pixels), from one read of the strips stacked on white."""
    canvas = np.full((sum(b[3] - b[1] for b in strips) + gap * (len(strips) + 1),
                      max(b[2] - b[0] for b in strips) + 2 * gap), 255, np.uint8)
    places = []
    y = gap
    for left, top, right, lower in strips:
        canvas[y:y + lower - top, gap:gap + right - left] = image[top:lower, left:right]
        places.append(y)
        y += lower - top + gap
    read_engine = dataclasses.replace(engine, psm=STRIP_PSM) if isinstance(engine, TesseractEngine) else engine
    found: list[list[Word]] = [[] for _ in strips]
    for word in read_engine.recognize(canvas, dpi=round(dpi)).words:
        middle = (word.bbox[1] + word.bbox[3]) / 2
        index = next((i for i, (at, box) in enumerate(zip(places, strips)) if at <= middle < at + box[3] - box[1]),
                     None)
        if index is None:
            continue
        dx, dy = strips[index][0] - gap, strips[index][1] - places[index]
        box = (word.bbox[0] + dx, word.bbox[1] + dy, word.bbox[2] + dx, word.bbox[3] + dy)
        found[index].append(Word(word.text, box, word.confidence, word.line))
    return found


def _reads_as_print(line: list[Word]) -> bool:
    """A strip read surely, most of its words Vietnamese syllables or numbers."""
    if not line or mean_confidence(line) < MIN_CONFIDENCE:
        return False
    cores = [w.text.strip(".,;:()!?\"'-–") for w in line]
    cores = [core for core in cores if core]
    printed = sum(is_syllable(core) or any(ch.isdigit() for ch in core) for core in cores)
    return bool(cores) and printed >= MIN_PRINT_SHARE * len(cores)


def _inserted(words: list[Word], lines: list[list[Word]]) -> list[Word]:
    """``words`` with each of ``lines`` put before the first read line whose middle is below
    the line's, in that line's block and paragraph (after the last, at the end)."""
    for number, line in enumerate(sorted(lines, key=lambda ws: min(w.bbox[1] for w in ws))):
        middle = (min(w.bbox[1] for w in line) + max(w.bbox[3] for w in line)) / 2
        at = next((i for i, w in enumerate(words)
                   if (i == 0 or words[i - 1].line != w.line) and _line_middle(words, i) > middle), len(words))
        key = words[at].line if at < len(words) else words[-1].line
        new_key = (key[0], key[1], LOST_LINE + number)
        ordered = sorted(line, key=lambda w: w.bbox[0])
        words[at:at] = [dataclasses.replace(w, line=new_key) for w in ordered]
    return words


def _line_middle(words: list[Word], start: int) -> float:
    """The middle height of the line that starts at ``words[start]``."""
    key = words[start].line
    end = start
    while end < len(words) and words[end].line == key:
        end += 1
    return (min(w.bbox[1] for w in words[start:end]) + max(w.bbox[3] for w in words[start:end])) / 2

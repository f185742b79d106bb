"""Print a face's read missed, read again on its own.

Read as a whole with one page segmentation, a card face loses small lines that stand
apart from the rest: the labels under the fingerprint boxes, the signer's name beside the
seal, the card number beside the photo's top. Tesseract's layout analysis took them for
pictures, or for part of the art beside them, and never recognised them; what it made of
some of them is a scrap of low confidence.

So the ink of a flattened face (art already erased, see :mod:`ocr.id_card_faces`) that no
surely-read word covers is gathered into letter-sized blobs, the blobs into line strips,
and the strips read again, stacked one under another on a single white image (one
tesseract run for the whole face). The strips' words replace what the face read within
them, when they read better.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.engine import TesseractEngine, mean_confidence
from ocr.model import BBox, Word, letters_in, shared_height, shared_width
from ocr.syllables import base_letters, is_syllable

SURE_CONFIDENCE = 0.6  # a word read this surely covers its ink: not read again
LETTER_LOW, LETTER_HIGH = 0.25, 1.5  # a letter blob's height, in the face's line heights
MAX_BLOB_WIDTH = 3.0  # line heights: wider ink is a rule or a streak, not a letter
LETTER_GAP = 0.8  # line heights between two blobs of one strip
MIN_STRIP_WIDTH = 1.5  # line heights: narrower strips are a letter or two of dust
MIN_STRIP_BLOBS = 3
STRIP_PAD = 0.3  # line heights of paper round a strip
STRIP_PSM = 6  # the stacked strips: one block of lines
LATIN_LANGUAGE = "eng"  # strips of Latin print read again with it
MIN_WORD_CONFIDENCE = 0.5  # where nothing was read, a strip's word below it is art or dust, ...
SHORT_WORD_CONFIDENCE = 0.7  # ... and a word of one or two letters below this
REREAD_MARGIN = 0.3  # a strip's read must be this much surer than the face's words it replaces
MIN_NEW_LETTERS = 3  # fewer letters where nothing was read: a speck or art's edge read as a letter
MISSED_BLOCK = 700  # the strips' lines, within a face's blocks
LINE_REACH = 2.0  # line heights: a strip this near a line's word, level with it, continues that line


@dataclass(frozen=True, slots=True)
class _Strip:
    box: BBox  # in the face's pixels, padded
    row: int  # strips level with each other share a row


def read_missed_print(flat: np.ndarray, words: tuple[Word, ...], engine: TesseractEngine, dpi: float,
                      bottom: int | None = None) -> tuple[Word, ...]:
    """``words`` with the face's unread print read again: within each strip of ink no sure
    word covers, the strip's words replace the face's when they are more sure. ``bottom``:
    the face's rows from here down are not looked at (the zone, read on its own)."""
    height = _line_height(words)
    if height is None:
        return words
    strips = _strips(flat, words, height, bottom)
    if not strips:
        return words
    read = _read_strips(flat, words, strips, height, engine, dpi)
    kept = list(words)
    for strip, found in zip(strips, read):
        inside = [w for w in kept if w.confidence < SURE_CONFIDENCE and _within(w.bbox, strip.box)]
        if not inside:  # ink nothing was read on: only what reads as print, a word at least
            found = [w for w in found if _reads_as_print(w)]
            found = found if letters_in(found) >= MIN_NEW_LETTERS else []
        if not found or (inside and (mean_confidence(found) - mean_confidence(inside) < REREAD_MARGIN
                                     or any(_sticks_out(w.bbox, strip.box) for w in inside)
                                     or _other_marks_only(found, inside))):
            continue  # no surer; cut short by a sure word beside it; or other marks only
        kept = [w for w in kept if w not in inside and not _read_over(w, found)]
        line = _line_beside(strip.box, kept, height)
        kept += [dataclasses.replace(w, line=line) for w in found] if line else found
    return tuple(_lines_left_to_right(kept))


def _line_beside(box: BBox, words: list[Word], height: float) -> tuple[int, int, int] | None:
    """The line of ``words`` a strip continues: the nearest word level with it, no more
    than ``LINE_REACH`` line heights away, of a line whose print lies level with it (the
    middle of its words' middles within the strip: a blotch boxed over two rows is no
    sign of its line); ``None`` when the strip stands alone."""
    def gap(word: Word) -> float:
        return max(box[0] - word.bbox[2], word.bbox[0] - box[2], 0)

    middles: dict[tuple[int, int, int], list[float]] = {}
    for word in words:
        middles.setdefault(word.line, []).append((word.bbox[1] + word.bbox[3]) / 2)

    def on_row(line: tuple[int, int, int]) -> bool:
        ordered = sorted(middles[line])
        return box[1] <= ordered[len(ordered) // 2] <= box[3]

    level = [word for word in words if _overlap(word.bbox, box) >= 0.5 and gap(word) <= LINE_REACH * height
             and on_row(word.line)]
    return min(level, key=gap).line if level else None


def _read_over(word: Word, found: list[Word]) -> bool:
    """Whether a doubtful word of the face's read lies over print a strip read far more
    surely: its box (tesseract gives a misread word a box running over its neighbours,
    so its middle may lie outside the strip) holds most of such a word's width."""
    return word.confidence < SURE_CONFIDENCE and any(
        found_word.confidence - word.confidence >= REREAD_MARGIN and _overlap(word.bbox, found_word.bbox) >= 0.5
        and shared_width(word.bbox, found_word.bbox) >= 0.6 * (found_word.bbox[2] - found_word.bbox[0])
        for found_word in found)


def _reads_as_print(word: Word) -> bool:
    return word.confidence >= SHORT_WORD_CONFIDENCE or (
        word.confidence >= MIN_WORD_CONFIDENCE and letters_in([word]) >= 3)


def _other_marks_only(found: list[Word], inside: list[Word]) -> bool:
    """Whether a strip's read gives the face's syllables other marks only ("NGUYỄN" read
    "NGUYÊN:"): no better evidence than the face's read, which had the whole line (a
    family name's mending)."""
    return (all(is_syllable(w.text.strip(_PUNCTUATION)) for w in inside)
            and _base_letters(found) == _base_letters(inside))


_PUNCTUATION = ",.:;!?'\"()-/"


def _base_letters(words: list[Word]) -> str:
    return base_letters("".join(w.text for w in words))


def _line_height(words: tuple[Word, ...]) -> float | None:
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words
                     if w.confidence >= SURE_CONFIDENCE and sum(ch.isalpha() for ch in w.text) >= 3)
    return float(heights[len(heights) // 2]) if len(heights) >= 3 else None


def _strips(flat: np.ndarray, words: tuple[Word, ...], height: float, bottom: int | None) -> list[_Strip]:
    """Line strips of letter-sized ink no sure word covers."""
    _, ink = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    pad = max(1, round(0.1 * height))
    for word in words:
        if word.confidence >= SURE_CONFIDENCE:
            left, top, right, lower = word.bbox
            ink[max(0, top - pad):lower + pad, max(0, left - pad):right + pad] = 0
    if bottom is not None:
        ink[max(0, bottom):] = 0
    runs = letter_runs(ink, height, (LETTER_LOW, LETTER_HIGH, MAX_BLOB_WIDTH), LETTER_GAP, 0.2)
    if runs is None:
        return []
    labels, blobs, joined_stats = runs
    boxes = []
    pad = round(STRIP_PAD * height)
    face_height, face_width = flat.shape[:2]
    for x, y, w, h, _area in joined_stats:
        if w < MIN_STRIP_WIDTH * height or h > 2 * LETTER_HIGH * height:
            continue
        inner = labels[y:y + h, x:x + w][blobs[y:y + h, x:x + w] > 0]
        if len(np.unique(inner)) < MIN_STRIP_BLOBS:
            continue
        boxes.append((max(0, int(x) - pad), max(0, int(y) - pad),
                      min(face_width, int(x + w) + pad), min(face_height, int(y + h) + pad)))
    return _in_rows(sorted(boxes, key=lambda box: (box[1], box[0])))


def letter_runs(ink: np.ndarray, height: float, letter: tuple[float, float, float], gap: float,
                gap_height: float) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Ink (white on black, uint8) gathered into runs of letters: blobs whose height lies
    between ``letter``'s first two shares of ``height`` and whose width is under its third,
    joined where ``gap`` heights apart (and ``gap_height`` heights apart in rows). The
    blobs' labels, the letter blobs (1 where one is), and each run's stats (x, y, width,
    height, area); ``None`` where no blob is a letter's size."""
    low, high, widest = letter
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    tall, wide = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    letters = np.zeros(count, bool)
    letters[1:] = (tall >= low * height) & (tall <= high * height) & (wide <= widest * height)
    if not letters.any():
        return None
    blobs = letters[labels].astype(np.uint8)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(gap * height)),
                                                        max(1, round(gap_height * height))))
    found, _, joined_stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(blobs, kernel), connectivity=8)
    return labels, blobs, joined_stats[1:found]


def _in_rows(boxes: list[BBox]) -> list[_Strip]:
    strips: list[_Strip] = []
    for box in boxes:
        level = next((s.row for s in strips if _overlap(s.box, box) >= 0.5), None)
        strips.append(_Strip(box, level if level is not None else len({s.row for s in strips})))
    return strips


def _overlap(a: BBox, b: BBox) -> float:
    """How much of the shorter box's height the two boxes share."""
    return shared_height(a, b) / max(1, min(a[3] - a[1], b[3] - b[1]))


def _read_strips(flat: np.ndarray, words: tuple[Word, ...], strips: list[_Strip], height: float,
                 engine: TesseractEngine, dpi: float) -> list[list[Word]]:
    """Each strip's words (face pixels), from one read of the strips stacked on white with
    the sure words' ink left out of them. Strips read doubtfully, most of their words no
    Vietnamese syllable, may be Latin print (the card's English labels, italic under the
    fingerprints): they are read once more with English, and that read is kept where it
    is surer. The Vietnamese read keeps even the words under the engine's noise floor: a
    blurred English line reads as noise in Vietnamese, and dropped whole it was never
    read in English."""
    clean = flat.copy()
    for word in words:
        if word.confidence >= SURE_CONFIDENCE:
            left, top, right, lower = word.bbox
            clean[top:lower, left:right] = 255
    gap = round(height)
    found = _stacked_read(clean, strips, gap, dataclasses.replace(engine, psm=STRIP_PSM, min_word_confidence=0.0), dpi)
    latin = [index for index, read in enumerate(found) if read and _doubtful_latin(read)]
    if latin:
        english = dataclasses.replace(engine, psm=STRIP_PSM, languages=LATIN_LANGUAGE, correct_syllables=False)
        for index, read in zip(latin, _stacked_read(clean, [strips[i] for i in latin], gap, english, dpi)):
            if read and mean_confidence(read) > mean_confidence(found[index]):
                found[index] = read
    return found


def _doubtful_latin(words: list[Word]) -> bool:
    """Whether a strip's read is doubtful and looks like Latin print: most of its words no
    Vietnamese syllable ("Left kxdex Írger")."""
    foreign = sum(not is_syllable(w.text.strip(_PUNCTUATION)) for w in words)
    return 2 * foreign > len(words) and min(w.confidence for w in words) < SHORT_WORD_CONFIDENCE


def _stacked_read(clean: np.ndarray, strips: list[_Strip], gap: int, engine: TesseractEngine,
                  dpi: float) -> list[list[Word]]:
    canvas_height = sum(s.box[3] - s.box[1] for s in strips) + gap * (len(strips) + 1)
    canvas_width = max(s.box[2] - s.box[0] for s in strips) + 2 * gap
    canvas = np.full((canvas_height, canvas_width), 255, np.uint8)
    places = []  # each strip's top on the canvas
    y = gap
    for strip in strips:
        left, top, right, lower = strip.box
        canvas[y:y + lower - top, gap:gap + right - left] = clean[top:lower, left:right]
        places.append(y)
        y += lower - top + gap
    found: list[list[Word]] = [[] for _ in strips]
    for word in engine.recognize(canvas, dpi=round(dpi)).words:
        middle = (word.bbox[1] + word.bbox[3]) / 2
        index = next((i for i, (at, strip) in enumerate(zip(places, strips))
                      if at <= middle < at + strip.box[3] - strip.box[1]), None)
        if index is None or not any(ch.isalnum() for ch in word.text):
            continue
        dx, dy = strips[index].box[0] - gap, strips[index].box[1] - places[index]
        box = (word.bbox[0] + dx, word.bbox[1] + dy, word.bbox[2] + dx, word.bbox[3] + dy)
        found[index].append(Word(word.text, box, word.confidence, (MISSED_BLOCK, 1, strips[index].row)))
    return found


def _sticks_out(box: BBox, strip: BBox) -> bool:
    return box[0] < strip[0] or box[2] > strip[2]


def _within(box: BBox, strip: BBox) -> bool:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return strip[0] <= x < strip[2] and strip[1] <= y < strip[3]


def _lines_left_to_right(words: list[Word]) -> list[Word]:
    """Words line by line, in the order lines first appear; within a line left to right."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    return [word for line in lines.values() for word in sorted(line, key=lambda w: w.bbox[0])]

"""The 2021 chip card's fixed print put back where a face's read lost it.

:mod:`ocr.card_print` spells as printed what reads close to the card's print. On hard
copies whole lines of that print read as nothing like it, or as nothing at all: on the
hard dev seed 95's ten card copies, the issuing office's English lines and the
fingerprints' labels were lost on most backs and the heading's English lines on half the
fronts, some 1,000 of the copies' 4,000 character errors. Capture products fill a known
template's fixed print from the template once they know the document. Here a face is
known as the 2021 chip card's (Circular 06/2021/TT-BCA) only when the page's zone parsed
(a chip card: the 2016 card has no zone) and the face's own read restored print that
only the 2021 card holds (``ONLY_2021``: not the state's heading, which the 2024 card
prints too). On such a face:

- between two restored lines of one of the card's runs of print (the heading, the
  issuing office: :data:`ocr.card_print.PRINT_SEQUENCES`), the run's lines missing there
  are put back over what was read between them (print read far off, art's scraps), as
  long as no value stands there (a digit, a line of syllables: a name);
- after the run's last restored line, its lines still missing are put back over the
  lines that follow where they read partly as that print (``TRAIL_SHARE``), else before
  the first line that does not;
- under the back's two fingerprint boxes, the labels' two rows.

Print put back where nothing was read is boxed at the run's line pitch; it gets the
face's mean word confidence, so that the page's read confidence (what the rescan mark
judges) stays the read's own.
"""

from __future__ import annotations

from itertools import count, groupby
from typing import Iterator

from rapidfuzz.distance import LCSseq

from ocr.card_print import (CARD_PRINT, IDENTITY_CARD_PRINT, PRINT_SEQUENCES, is_identity_card_face,
                            printed_words)
from ocr.engine import mean_confidence
from ocr.fingerprint_labels import BELOW_MM, SIDE_MM, fingerprint_boxes
from ocr.id_card_faces import CARD_MM
from ocr.model import BBox, Word, centre_within, enclosing_box
from ocr.syllables import base_letters, is_syllable

TEMPLATE_BLOCK = 950  # lines put back, within a face's blocks
ONLY_2021 = tuple(text for text in CARD_PRINT if text not in IDENTITY_CARD_PRINT and len(text) >= 8)
"""Print of the 2021 card that the 2024 card does not hold: one of these read on a face
(after :mod:`ocr.card_print`) tells the 2021 card."""
TRAIL_SHARE = 0.5
"""A line after a run's last restored line is the run's next print when this share of its
letters (marks aside) are that print's, in order."""
MIN_TRAIL_LETTERS = 4
MIN_VALUE_DIGITS = 2
FINGERPRINT_ROWS = (("Ngón trỏ trái", "Ngón trỏ phải"), ("Left index finger", "Right index finger"))
"""The labels under the left and the right fingerprint box, row by row."""
LINE_PITCH = 1.4  # line heights from one line of a run to the next, where only one line shows
ROW_GAP_MM = 0.3  # paper between a fingerprint box and its labels' first row


def completed_card_print(words: list[Word], art: tuple[BBox, ...], size: tuple[int, int], *,
                         chip: bool) -> list[Word]:
    """A face's words (in reading order, each line's together, after
    :func:`ocr.card_print.restore_card_print`) with the 2021 card's print its read lost
    put back; as they are unless ``chip`` (the page's zone parsed) and the face reads as
    the 2021 card's. ``art``: the face's art boxes; ``size``: its width and height."""
    if not chip or not words or is_identity_card_face(words):
        return words
    lines = [list(line) for _, line in groupby(words, key=lambda w: w.line)]
    if not any(text.startswith(ONLY_2021) for text in map(_text, lines)):
        return words
    confidence = mean_confidence(words)
    added = count()
    for run in PRINT_SEQUENCES:
        lines = _run_completed(lines, run, confidence, added)
    lines = _with_fingerprint_labels(lines, art, size, confidence, added)
    return [word for line in lines for word in line]


def _run_completed(lines: list[list[Word]], run: tuple[str, ...], confidence: float,
                   added: Iterator[int]) -> list[list[Word]]:
    texts = [_text(line) for line in lines]
    anchors: list[tuple[int, int]] = []  # (line, place in the run), both rising
    for at, text in enumerate(texts):
        if text in run and (not anchors or run.index(text) > anchors[-1][1]):
            anchors.append((at, run.index(text)))
    if not any(run[place] in ONLY_2021 for _, place in anchors):
        return lines
    present = set(texts)
    out = list(lines)
    last_at, last_place = anchors[-1]
    trail = [text for text in run[last_place + 1:] if text not in present]
    out[last_at + 1:] = _trail_put_back(lines[last_at], lines[last_at + 1:], trail, _pitch(lines, anchors),
                                        confidence, added)
    for (above, first), (below, second) in reversed(list(zip(anchors, anchors[1:]))):
        missing = [text for text in run[first + 1:second] if text not in present]
        between = lines[above + 1:below]
        if not missing or any(_holds_value(line) or _text(line) in CARD_PRINT for line in between):
            continue
        out[above + 1:below] = _between_put_back(lines[above], lines[below], between, missing, confidence, added)
    return out


def _between_put_back(above: list[Word], below: list[Word], between: list[list[Word]], missing: list[str],
                      confidence: float, added: Iterator[int]) -> list[list[Word]]:
    """``missing`` print in the lines ``between`` (each read line one print, where they are
    as many) or in the room between ``above`` and ``below``."""
    if len(between) == len(missing):
        return [printed_words(text, _box(line), min(w.confidence for w in line), line[0].line)
                for line, text in zip(between, missing)]
    start, end = _box(above)[3], _box(below)[1]
    step = max(1, end - start) / len(missing)
    return [_put(text, _beside(above, below, text, start + round(step * k), start + round(step * (k + 1))),
                 confidence, added)
            for k, text in enumerate(missing)]


def _trail_put_back(last: list[Word], after: list[list[Word]], trail: list[str], pitch: float,
                    confidence: float, added: Iterator[int]) -> list[list[Word]]:
    """The lines ``after`` a run's last restored line ``last``, with the run's ``trail``
    put back over those that read partly as it, or before the first that does not."""
    out, rest, previous = [], list(after), last
    for text in trail:
        if rest and _text(rest[0]) not in CARD_PRINT and not _holds_value(rest[0]) and _reads_partly(rest[0], text):
            line = rest.pop(0)
            out.append(printed_words(text, _box(line), min(w.confidence for w in line), line[0].line))
        else:
            top, bottom = _box(previous)[1] + round(pitch), _box(previous)[3] + round(pitch)
            out.append(_put(text, _beside(previous, previous, text, top, bottom), confidence, added))
        previous = out[-1]
    return out + rest


def _with_fingerprint_labels(lines: list[list[Word]], art: tuple[BBox, ...], size: tuple[int, int],
                             confidence: float, added: Iterator[int]) -> list[list[Word]]:
    """``lines`` with the labels under the back's two fingerprint boxes as printed: the
    lines read in their place give way to the two rows."""
    boxes = fingerprint_boxes(art, *size)
    if boxes is None:
        return lines
    texts = [_text(line) for line in lines]
    rows = [" ".join(row) for row in FINGERPRINT_ROWS]
    if all(row in texts for row in rows) or all(label in texts for row in FINGERPRINT_ROWS for label in row):
        return lines
    mm = size[0] / CARD_MM[0]
    left, right = boxes[0][0] - round(SIDE_MM * mm), boxes[1][2] + round(SIDE_MM * mm)
    top = max(box[3] for box in boxes)
    region = (left, top, right, top + round(BELOW_MM * mm))
    inside = [at for at, line in enumerate(lines) if centre_within(_box(line), region)]
    at = inside[0] if inside else len(lines)
    kept = [line for index, line in enumerate(lines) if index not in inside]
    height = (BELOW_MM - ROW_GAP_MM) * mm / 2
    put: list[list[Word]] = []
    for number, row in enumerate(FINGERPRINT_ROWS):
        row_top = top + round(ROW_GAP_MM * mm + number * height)
        line_key = (TEMPLATE_BLOCK, 0, next(added))
        put.append([word for box, label in zip(boxes, row)
                    for word in printed_words(label, (box[0], row_top, box[2], row_top + round(height)), confidence,
                                              line_key)])
    at -= sum(index < at for index in inside)
    return kept[:at] + put + kept[at:]


def _put(text: str, box: BBox, confidence: float, added: Iterator[int]) -> list[Word]:
    return printed_words(text, box, confidence, (TEMPLATE_BLOCK, 0, next(added)))


def _beside(upper: list[Word], lower: list[Word], text: str, top: int, bottom: int) -> BBox:
    """A box for ``text`` from ``top`` to ``bottom``, centred under the line ``upper`` and
    over ``lower``, as wide as its letters at ``upper``'s letter pitch (at most as wide as
    the wider of the two)."""
    first, second = _box(upper), _box(lower)
    centre = (first[0] + first[2] + second[0] + second[2]) / 4
    pitch = (first[2] - first[0]) / max(1, len(_text(upper)))
    width = min(max(first[2] - first[0], second[2] - second[0]), len(text) * pitch)
    return round(centre - width / 2), top, round(centre + width / 2), max(bottom, top + 1)


def _pitch(lines: list[list[Word]], anchors: list[tuple[int, int]]) -> float:
    """The run's line pitch: between its two last restored lines, per place in the run;
    where one alone was restored, ``LINE_PITCH`` times its height."""
    last_at, last_place = anchors[-1]
    height = _box(lines[last_at])[3] - _box(lines[last_at])[1]
    if len(anchors) < 2:
        return LINE_PITCH * height
    first_at, first_place = anchors[-2]
    pitch = (_box(lines[last_at])[1] - _box(lines[first_at])[1]) / max(1, last_place - first_place)
    return pitch if pitch > 0 else LINE_PITCH * height


def _reads_partly(line: list[Word], text: str) -> bool:
    read = base_letters(_text(line))
    return len(read) >= MIN_TRAIL_LETTERS and LCSseq.similarity(read, base_letters(text)) >= TRAIL_SHARE * len(read)


def _holds_value(line: list[Word]) -> bool:
    """Digits (a lone one is a speck read as one), the zone's filler, or words that are all syllables (a name, a place): a value, not print."""
    text = _text(line)
    if sum(ch.isdigit() for ch in text) >= MIN_VALUE_DIGITS or "<<" in text:
        return True
    words = [word.text.strip(".,;:·'`()[]/-\"") for word in line]
    words = [word for word in words if any(ch.isalpha() for ch in word)]
    return bool(words) and all(is_syllable(word) for word in words)


def _text(line: list[Word]) -> str:
    return " ".join(word.text for word in line)


def _box(line: list[Word]) -> BBox:
    return enclosing_box(word.bbox for word in line)

"""Reading order on an ID card face: sections, columns, and the photo's column.

A card face is laid out in boxes, not in running text. On the back, the issuing text,
seal and signer's name stand beside the fingerprint boxes; on the front, the expiry date
stands under the photo, beside the column of fields. Read with one page segmentation,
tesseract lists lines from top to bottom, so the signer's name came after the
fingerprint labels and the expiry date after the address.

The face's lines are ordered by cutting them in two, again and again (an XY cut), at
the widest band of paper that no line or art crosses: across, between sections, or down,
between two columns of print standing side by side. A band down the face must be
``COLUMN_GAP / ROW_GAP`` times as wide as one across to count as much (the words of a
line stand further apart than lines do). A part with no band wide enough is read from
top to bottom.

The photo, dithered on a copy, is rarely one piece of art, so nothing parts the expiry
date under it from the fields beside it: lines that start well left of the margin most
lines start at (the fields') and end before it, below the first two lines on that
margin, are the photo's column and are read before the fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from ocr.model import BBox, Word, enclosing_box

ROW_GAP = 0.75
"""Line heights of paper across the face that part two sections."""
COLUMN_GAP = 2.0
"""Line heights of paper down the face that part two columns."""
FRAME_SHARE = 0.7
"""Art this share of the print's width or height is a frame, not a box of the layout."""
MARGIN_SLACK = 0.25
"""Line heights two lines' left edges may differ by and start at one margin (the face is
straightened; centred header lines differ by more)."""
PHOTO_COLUMN = 2.0
"""Line heights left of the fields' margin that a line of the photo's column starts."""
FIELDS_REACH = 0.5
"""Line heights above the first field on the margin that the fields may start (a field
whose label was misread off the margin, level with it). Field pitches, as before, reached
the card's title when the number's large print set the first two fields far apart."""


@dataclass(frozen=True, slots=True)
class _Line:
    words: tuple[Word, ...]
    box: BBox


def face_reading_order(words: list[Word], art: tuple[BBox, ...] = ()) -> list[Word]:
    """``words`` (one face's, each line's words together) with their lines in reading
    order; the words of a line keep their order. ``art``: the face's art boxes in the
    words' pixels."""
    lines = [_Line(line_words, enclosing_box(w.bbox for w in line_words))
             for line_words in (tuple(group) for _, group in groupby(words, key=lambda w: w.line))]
    if len(lines) < 2:
        return list(words)
    heights = sorted(line.box[3] - line.box[1] for line in lines)
    height = heights[len(heights) // 2]
    ordered = _ordered(lines + _art_lines(lines, art), height)
    ordered = _under_the_photo_first([line for line in ordered if line.words], height)
    return [word for line in ordered for word in line.words]


def _art_lines(lines: list[_Line], art: tuple[BBox, ...]) -> list[_Line]:
    """The art as lines without words: it takes room that no band of paper crosses (the
    fingerprint boxes part the back's columns, not its rows). Art spanning most of the
    print (a frame) is left out: it would part nothing."""
    return [_Line((), box) for box in boxes_of_art(art, enclosing_box(line.box for line in lines))]


def boxes_of_art(art: tuple[BBox, ...], print_box: BBox) -> list[BBox]:
    """The art boxes that are boxes of the layout (photo, QR code, seal, fingerprints), not
    a frame around most of the print (``print_box``)."""
    left, top, right, bottom = print_box
    return [box for box in art
            if box[2] - box[0] < FRAME_SHARE * (right - left) and box[3] - box[1] < FRAME_SHARE * (bottom - top)]


def _ordered(lines: list[_Line], height: int) -> list[_Line]:
    rows = _split(lines, axis=1)
    columns = _split(lines, axis=0)
    row_score = rows[0] / (ROW_GAP * height)
    column_score = columns[0] / (COLUMN_GAP * height) if _side_by_side(columns[1], height) else 0.0
    if max(row_score, column_score) < 1:
        return sorted(lines, key=lambda line: (line.box[1] + line.box[3]) / 2)
    parts = rows[1] if row_score >= column_score else columns[1]
    return [line for part in parts for line in _ordered(part, height)]


def _split(lines: list[_Line], axis: int) -> tuple[float, list[list[_Line]]]:
    """The widest empty band along ``axis`` (1: a band across the face, 0: down it) and
    the lines on either side of it, in order along the axis; ``(0, [lines])`` when
    there is none."""
    start, end = axis, axis + 2
    by_start = sorted(lines, key=lambda line: line.box[start])
    widest, cut = 0.0, 0
    reach = by_start[0].box[end]
    for index, line in enumerate(by_start[1:], start=1):
        if line.box[start] - reach > widest:
            widest, cut = line.box[start] - reach, index
        reach = max(reach, line.box[end])
    if not cut:
        return 0.0, [lines]
    return widest, [by_start[:cut], by_start[cut:]]


def _side_by_side(parts: list[list[_Line]], height: int) -> bool:
    """Whether two parts share a line height of the face's height: columns, not a
    scrap of print off to one side below or above the rest."""
    if len(parts) != 2:
        return False
    (top_a, bottom_a), (top_b, bottom_b) = (
        (min(line.box[1] for line in part), max(line.box[3] for line in part)) for part in parts)
    return min(bottom_a, bottom_b) - max(top_a, top_b) >= height


def _under_the_photo_first(lines: list[_Line], height: int) -> list[_Line]:
    """``lines`` with the photo's column (lines that start well left of the fields' margin
    and end before it, below the first two fields on it) moved to just before the
    fields: before the first line whose middle is less than half a line height above them
    (a field whose label was misread off the margin, "tông : S TRÒ: 0481…", is one). The
    card number and labels just above the first two are fields, their start read or not."""
    margin = _margin(lines, height)
    on_margin = [abs(line.box[0] - margin) <= MARGIN_SLACK * height for line in lines]
    first = next((index for index in range(len(lines) - 1) if on_margin[index] and on_margin[index + 1]), None)
    if first is None:
        return lines
    while first and _opens_fields(" ".join(w.text for w in lines[first - 1].words)):
        first -= 1  # the card number or a label whose start was lost: off the margin
    top = lines[first].box[1]
    column = [line for line in lines
              if line.box[0] < margin - PHOTO_COLUMN * height and line.box[2] <= margin and line.box[1] > top]
    if not column:
        return lines
    rest = [line for line in lines if line not in column]
    at = next(index for index, line in enumerate(rest)
              if (line.box[1] + line.box[3]) / 2 > top - FIELDS_REACH * height)
    return rest[:at] + column + rest[at:]


def _opens_fields(text: str) -> bool:
    """Whether a line just above the first two fields on the margin is a field too: the
    card number (its small label unread, in large print) or a label whose value is on
    the next line ("và tên / Full name:", its first word lost; "Ệ ; Họ và tên / Full
    name", led by the photo's scraps): bilingual, or ending in a colon."""
    return bool(_CARD_NUMBER.search(text)) or text.rstrip().endswith(":") or " / " in text


_CARD_NUMBER = re.compile(r"(?<!\d)\d{12}(?!\d)")
"""The personal ID number the front's first field holds."""


def _margin(lines: list[_Line], height: int) -> int:
    """The left edge most lines start at: the fields' margin."""
    lefts = [line.box[0] for line in lines]
    return max(lefts, key=lambda left: (sum(abs(other - left) <= MARGIN_SLACK * height for other in lefts), -left))

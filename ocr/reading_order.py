"""Page text in reading order, where two columns stand side by side.

Tesseract often reads a form's two-column blocks — the header ("UBND …" beside
"CỘNG HÒA XÃ HỘI …") and the signature block ("CHỨNG THỰC BẢN SAO" beside
"NGƯỜI YÊU CẦU") — as single lines running across both columns, so their text comes out
interleaved. Here each line is cut where a gap between two words is much wider than the
line is tall; a run of consecutive lines whose pieces all keep to one side of a common
gap, starting with at least ``MIN_SPLIT_LINES`` lines in a row cut there, is a pair of
columns and is read left column first, then right, each from top to bottom (tesseract
may list a column's lines out of order when they do not line up with the other
column's). Everything else keeps tesseract's
order: two fields on one row ("Ngày sinh: … Giới tính: …") a few lines apart are not
columns. A piece of a line with no letter or digit, set apart from its text by such a
gap, is what a signature or a seal left ("` „`"): it is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from ocr.model import Word

COLUMN_GAP = 1.8
"""A gap wider than this many line heights separates columns, not words. Measured on two
dev corpora (forms, receipts, certified copies, text pages): 2.5 left a receipt's header
columns, 1.9 line heights apart, read across (CER 1.11% -> 0.72% and 1.44% -> 1.33%)."""
MIN_SPLIT_LINES = 2
"""Lines in a row, cut at the same gap, that a run of two columns starts with."""


@dataclass(frozen=True, slots=True)
class _Piece:
    words: tuple[Word, ...]

    @property
    def left(self) -> int:
        return self.words[0].bbox[0]

    @property
    def right(self) -> int:
        return self.words[-1].bbox[2]

    @property
    def top(self) -> int:
        return min(w.bbox[1] for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True, slots=True)
class _Line:
    key: tuple[int, int, int]
    pieces: tuple[_Piece, ...]


def reading_order_text(words: list[Word] | tuple[Word, ...]) -> str:
    """Words joined by spaces within a line, lines by newlines, paragraphs by a blank
    line; side-by-side columns read one after the other."""
    lines = [_Line(key, _cut(tuple(group))) for key, group in groupby(words, key=lambda w: w.line)]
    out: list[str] = []
    previous_key: tuple[int, int, int] | None = None
    index = 0
    while index < len(lines):
        run = _column_run(lines, index)
        texts = _in_columns(lines[index:index + run]) if run else [_joined(lines[index])]
        first_key = lines[index].key
        if previous_key is not None:
            out.append("\n" if first_key[:2] == previous_key[:2] else "\n\n")
        out.append("\n".join(texts))
        previous_key = lines[index + max(run, 1) - 1].key
        index += max(run, 1)
    return "".join(out)


def _cut(words: tuple[Word, ...]) -> tuple[_Piece, ...]:
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words)
    gap_limit = COLUMN_GAP * heights[len(heights) // 2]
    pieces, start = [], 0
    for i in range(1, len(words)):
        if words[i].bbox[0] - words[i - 1].bbox[2] > gap_limit:
            pieces.append(_Piece(words[start:i]))
            start = i
    pieces.append(_Piece(words[start:]))
    text = [piece for piece in pieces if any(ch.isalnum() for ch in piece.text)]
    return tuple(text) if text else tuple(pieces)


def _joined(line: _Line) -> str:
    return " ".join(piece.text for piece in line.pieces)


def _column_run(lines: list[_Line], start: int) -> int:
    """How many lines from ``start`` form two columns (0 when they do not)."""
    first = lines[start]
    if len(first.pieces) != 2:
        return 0
    gap = (first.pieces[0].right, first.pieces[1].left)
    end = start + 1
    while end < len(lines):
        narrowed = _fits(lines[end], gap)
        if narrowed is None or (end - start < MIN_SPLIT_LINES and len(lines[end].pieces) != 2):
            break
        gap = narrowed
        end += 1
    return end - start if end - start >= MIN_SPLIT_LINES else 0


def _fits(line: _Line, gap: tuple[int, int]) -> tuple[int, int] | None:
    """The gap narrowed to this line, or None when the line crosses it."""
    low, high = gap
    if len(line.pieces) == 2:
        left, right = line.pieces
        low, high = max(low, left.right), min(high, right.left)
        return (low, high) if low < high else None
    if len(line.pieces) == 1:
        piece = line.pieces[0]
        return gap if piece.right <= high or piece.left >= low else None
    return None


def _in_columns(lines: list[_Line]) -> list[str]:
    gap: tuple[int, int] | None = None
    for line in lines:  # the gap common to every line cut in two (the run's lines all fit it)
        if len(line.pieces) == 2:
            low, high = line.pieces[0].right, line.pieces[1].left
            gap = (low, high) if gap is None else (max(gap[0], low), min(gap[1], high))
    gap_middle = (gap[0] + gap[1]) / 2
    left, right = [], []
    for line in lines:  # by the piece's middle: a left heading may reach into the gap
        for piece in line.pieces:
            (left if (piece.left + piece.right) / 2 <= gap_middle else right).append(piece)
    return [piece.text for side in (left, right) for piece in sorted(side, key=lambda piece: piece.top)]

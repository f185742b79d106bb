"""Typing on an A4 sheet at 300 dpi, top to bottom, remembering every line printed.

A ``Sheet`` is the typewriter of the generator: it draws lines, centred blocks, dotted
writing lines with a value typed on them, wrapped paragraphs and ruled tables, and keeps
the printed text in reading order (the ground truth of the page). Dots and rules are
drawn but never recorded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

DPI = 300
PAGE_SIZE = (2480, 3508)  # A4 at 300 dpi

FONT_DIRS = {
    "serif": "/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf",
    "sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans{}.ttf",
    "card": "/usr/share/fonts/truetype/liberation2/LiberationSans-{}.ttf",  # identity cards' small sans
    "mono": "/usr/share/fonts/truetype/dejavu/DejaVuSansMono{}.ttf",  # machine-readable zones
}
FONT_STYLES = {
    "serif": {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bolditalic": "BoldItalic"},
    "sans": {"regular": "", "bold": "-Bold", "italic": "-Oblique", "bolditalic": "-BoldOblique"},
    "card": {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bolditalic": "BoldItalic"},
    "mono": {"regular": "", "bold": "-Bold", "italic": "-Oblique", "bolditalic": "-BoldOblique"},
}


def points_to_px(points: float) -> int:
    return round(points * DPI / 72)


@lru_cache(maxsize=64)
def load_font(family: str, style: str, size_px: int) -> ImageFont.FreeTypeFont:
    path = FONT_DIRS[family].format(FONT_STYLES[family][style])
    return ImageFont.truetype(path, size_px, layout_engine=ImageFont.Layout.BASIC)


@dataclass(frozen=True, slots=True)
class Margins:
    left: int = 354  # 3 cm, the binding side of Vietnamese administrative papers
    right: int = 236  # 2 cm
    top: int = 236
    bottom: int = 236


@dataclass(frozen=True, slots=True)
class Typeface:
    family: str = "serif"
    size_pt: float = 13.0
    line_spacing: float = 1.5


class SheetFullError(Exception):
    """The content ran past the bottom margin: a layout bug in a paper template."""


class Sheet:
    """An upright A4 page being typed on; ``lines`` is what it printed, in reading order."""

    def __init__(self, *, colour: bool, typeface: Typeface = Typeface(), margins: Margins = Margins()):
        self.colour = colour
        self.image = Image.new("RGB" if colour else "L", PAGE_SIZE, (255, 255, 255) if colour else 255)
        self.draw = ImageDraw.Draw(self.image)
        self.typeface = typeface
        self.margins = margins
        self.left = margins.left
        self.right = PAGE_SIZE[0] - margins.right
        self.bottom = PAGE_SIZE[1] - margins.bottom
        self.y = margins.top  # top of the next line
        self.lines: list[str] = []

    @property
    def ink(self) -> int | tuple[int, int, int]:
        return (18, 18, 22) if self.colour else 0

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def font(self, style: str = "regular", size_pt: float | None = None) -> ImageFont.FreeTypeFont:
        size = points_to_px(size_pt or self.typeface.size_pt)
        return load_font(self.typeface.family, style, size)

    def line_height(self, size_pt: float | None = None) -> int:
        return round(points_to_px(size_pt or self.typeface.size_pt) * self.typeface.line_spacing)

    def record(self, text: str) -> None:
        text = " ".join(text.split())
        if text:
            self.lines.append(text)

    def skip(self, px: int) -> None:
        self.y += px

    def ensure_room(self, px: int) -> None:
        if self.y + px > self.bottom:
            raise SheetFullError(f"no room for {px} px at y={self.y}")

    def baseline(self, size_pt: float | None = None) -> int:
        return self.y + round(points_to_px(size_pt or self.typeface.size_pt) * 0.95)

    def put(self, text: str, x: float, baseline: float, font: ImageFont.FreeTypeFont, anchor: str = "ls") -> float:
        """Draw ``text`` without recording it; return its width."""
        self.draw.text((x, baseline), text, font=font, fill=self.ink, anchor=anchor)
        return font.getlength(text)

    def write(
        self, text: str, *, style: str = "regular", size_pt: float | None = None, align: str = "left",
        center_x: float | None = None, indent: int = 0, underline: float = 0.0,
    ) -> None:
        """Type one line and move down. ``underline`` is the share of the text width ruled under it."""
        self.ensure_room(self.line_height(size_pt))
        font = self.font(style, size_pt)
        base = self.baseline(size_pt)
        if align == "center":
            x, anchor = (center_x if center_x is not None else (self.left + self.right) / 2), "ms"
        elif align == "right":
            x, anchor = self.right, "rs"
        else:
            x, anchor = self.left + indent, "ls"
        width = font.getlength(text)
        mid = {"ms": x, "rs": x - width / 2, "ls": x + width / 2}[anchor]
        if mid - width / 2 < self.left - 2 or mid + width / 2 > self.right + 2:
            raise SheetFullError(f"line wider than the page: {text!r}")
        self.put(text, x, base, font, anchor)
        if underline:
            half = width * underline / 2
            self.draw.line((mid - half, base + 14, mid + half, base + 14), fill=self.ink, width=3)
        self.record(text)
        self.y += self.line_height(size_pt)

    def write_block(self, lines: list[tuple[str, str, float, float]], center_x: float, max_width: float | None = None) -> int:
        """Type a centred block of ``(text, style, size_pt, underline)`` lines from the current
        top, wrapping lines wider than ``max_width``; record them, and return the block's
        bottom without moving the cursor."""
        top = self.y
        for text, style, size_pt, underline in lines:
            pieces = self.wrap(text, self.font(style, size_pt), max_width) if max_width else [text]
            for index, piece in enumerate(pieces):
                last = index == len(pieces) - 1
                self.write(piece, style=style, size_pt=size_pt, align="center", center_x=center_x,
                           underline=underline if last else 0.0)
        bottom, self.y = self.y, top
        return bottom

    def wrap(self, text: str, font: ImageFont.FreeTypeFont, width: float, first_width: float | None = None) -> list[str]:
        lines: list[str] = []
        current = ""
        for word in text.split():
            limit = first_width if (first_width is not None and not lines) else width
            candidate = f"{current} {word}".strip()
            if current and font.getlength(candidate) > limit:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
        return lines

    def paragraph(self, text: str, *, indent: int = 118, style: str = "regular") -> None:
        font = self.font(style)
        width = self.right - self.left
        for index, line in enumerate(self.wrap(text, font, width, first_width=width - indent)):
            self.write(line, style=style, indent=indent if index == 0 else 0)

    def dotted_line(self, x0: float, x1: float, baseline: float, style: str, font: ImageFont.FreeTypeFont) -> None:
        """A writing line of dots from ``x0`` to ``x1``: typed '.' characters or small drawn dots."""
        if x1 - x0 < 20:
            return
        if style == "chars":
            dot = font.getlength(".")
            count = int((x1 - x0) // dot)
            self.put("." * count, x0, baseline, font)
            return
        radius = max(2, round(font.size * 0.045))
        spacing = round(font.size * 0.26)
        for x in range(round(x0) + radius, round(x1) - radius, spacing):
            self.draw.ellipse((x - radius, baseline - 2 * radius, x + radius, baseline), fill=self.ink)

    def field(self, label: str, value: str, *, dots: str, value_style: str = "regular") -> None:
        """``label: value`` on a dotted writing line filled to the right margin; a value too long
        for the line goes on to further dotted lines. Records the label and value only."""
        label_font = self.font("regular")
        value_font = self.font(value_style)
        label_text = f"{label}:"
        label_width = label_font.getlength(label_text + " ")
        pieces = self.wrap(value, value_font, self.right - self.left - 30, first_width=self.right - self.left - label_width - 30) if value else [""]
        for index, piece in enumerate(pieces):
            self.ensure_room(self.line_height())
            base = self.baseline()
            x = self.left
            if index == 0:
                x += self.put(label_text, x, base, label_font) + label_font.getlength(" ")
            value_x = x + (12 if dots == "drawn" else 0)
            lift = 10 if dots == "drawn" else 0
            value_end = value_x + (self.put(piece, value_x, base - lift, value_font) if piece else 0)
            if dots == "drawn":
                self.dotted_line(x, self.right, base + 4, dots, label_font)
            else:
                self.dotted_line(value_end + (6 if piece else 0), self.right, base, dots, label_font)
            self.record(f"{label_text} {piece}" if index == 0 else piece)
            self.y += self.line_height()

    def fields_in_row(self, pairs: list[tuple[str, str]], *, dots: str) -> None:
        """Several short ``label: value`` pairs sharing one dotted line (``Giới tính: Nữ  Dân tộc: Kinh``)."""
        self.ensure_room(self.line_height())
        font = self.font("regular")
        base = self.baseline()
        share = (self.right - self.left) / len(pairs)
        for index, (label, value) in enumerate(pairs):
            x0 = self.left + index * share
            x = x0 + self.put(f"{label}: ", x0, base, font)
            value_end = x + self.put(value, x + (12 if dots == "drawn" else 0), base - (10 if dots == "drawn" else 0), font)
            start = x if dots == "drawn" else value_end + 6
            self.dotted_line(start, x0 + share - 24, base + (4 if dots == "drawn" else 0), dots, font)
        self.record(" ".join(f"{label}: {value}" for label, value in pairs))
        self.y += self.line_height()

    def table(self, headers: list[str], widths: list[float], rows: list[list[str]], *, size_pt: float = 11.5) -> None:
        """A ruled table; each row is recorded as its cells joined by spaces."""
        font = self.font("regular", size_pt)
        bold = self.font("bold", size_pt)
        row_height = round(points_to_px(size_pt) * 1.7)
        self.ensure_room(row_height * (len(rows) + 1) + 10)
        total = self.right - self.left
        xs = [self.left]
        for share in widths:
            xs.append(xs[-1] + share * total)
        top = self.y
        for row_index, row in enumerate([headers, *rows]):
            base = top + row_index * row_height + round(row_height * 0.68)
            for col, cell in enumerate(row):
                self.put(cell, (xs[col] + xs[col + 1]) / 2, base, bold if row_index == 0 else font, "ms")
            self.record(" ".join(row))
        bottom = top + row_height * (len(rows) + 1)
        for row_index in range(len(rows) + 2):
            y = top + row_index * row_height
            self.draw.line((xs[0], y, xs[-1], y), fill=self.ink, width=3)
        for x in xs:
            self.draw.line((x, top, x, bottom), fill=self.ink, width=3)
        self.y = bottom + 20


def choose_typeface(rng: random.Random, *, sans_rate: float = 0.0) -> Typeface:
    if rng.random() < sans_rate:
        return Typeface("sans", rng.choice((11.5, 12.0)), 1.5)
    return Typeface("serif", rng.choice((13.0, 13.0, 13.5, 14.0)), rng.choice((1.5, 1.6, 1.7)))

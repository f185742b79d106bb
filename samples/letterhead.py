"""The parts every Vietnamese administrative paper shares: the national motto header, the
issuing unit's header, the signing line and the signature block."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from samples.marks import draw_signature
from samples.sheet import Sheet

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUBTITLE = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """Where a signature block's scribble went, for a seal to be pressed over it."""

    scribble: tuple[int, int, int, int]
    bottom: int


def format_signing_date(place: str, day: date, *, padded: bool = True) -> str:
    """``Thái Nguyên, ngày 05 tháng 02 năm 2024`` (padding optional, as on real papers)."""
    if padded:
        return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    return f"{place}, ngày {day.day} tháng {day.month} năm {day.year}"


def format_numeric_date(day: date, separator: str = "/") -> str:
    return f"{day.day:02d}{separator}{day.month:02d}{separator}{day.year}"


def write_motto(sheet: Sheet, *, center_x: float | None = None, size_pt: float = 13.0) -> int:
    """The two motto lines, centred; returns the block's bottom, cursor unmoved."""
    center = center_x if center_x is not None else (sheet.left + sheet.right) / 2
    return sheet.write_block(
        [(MOTTO, "bold", size_pt, 0.0), (MOTTO_SUBTITLE, "bold", size_pt + 0.5, 1.0)], center
    )


def write_unit_and_motto(sheet: Sheet, parent: str, unit_name: str) -> None:
    """Unit on the left, motto on the right, side by side: recorded left block first."""
    motto_width = sheet.font("bold", 12.5).getlength(MOTTO)
    left_width = sheet.right - sheet.left - motto_width - 60
    left_bottom = sheet.write_block(
        [(parent, "regular", 12.5, 0.0), (unit_name, "bold", 12.0, 0.35)], sheet.left + left_width / 2, left_width
    )
    right_bottom = write_motto(sheet, center_x=sheet.right - motto_width / 2, size_pt=12.5)
    sheet.y = max(left_bottom, right_bottom)


def write_signature_block(
    sheet: Sheet, rng: random.Random, *, center_x: float, role: str, name: str,
    signing_line: str | None = None, note: str = "(Ký, ghi rõ họ tên)", size_pt: float | None = None,
) -> SignatureBlock:
    """Date line, role, note, a scribble and the typed name, centred on ``center_x``.
    Records its lines; leaves the cursor where it began."""
    top = sheet.y
    if signing_line:
        font = sheet.font("italic")
        half = font.getlength(signing_line) / 2
        center = min(center_x, sheet.right - half)
        sheet.write(signing_line, style="italic", align="center", center_x=center)
    size_pt = size_pt or sheet.typeface.size_pt
    sheet.write(role, style="bold", align="center", center_x=center_x, size_pt=size_pt)
    sheet.write(note, style="italic", align="center", center_x=center_x, size_pt=size_pt - 1)
    scribble_top = sheet.y
    sheet.ensure_room(230 + sheet.line_height())
    scribble = (round(center_x - 210), scribble_top + 20, round(center_x + 210), scribble_top + 200)
    draw_signature(sheet.image, scribble, rng)
    sheet.y = scribble_top + 230
    sheet.write(name, style="bold", align="center", center_x=center_x, size_pt=size_pt)
    bottom, sheet.y = sheet.y, top
    return SignatureBlock(scribble, bottom)

"""Dotted writing lines, underscores and table rules go; tone marks and values stay."""

from __future__ import annotations

import os
import re

import numpy as np
import pytesseract
from PIL import Image, ImageDraw, ImageFont

from intake.formlines import INK_LEVEL, find_rules, remove_form_lines

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

DPI = 300
SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
TONE_MARKS = "Hạnh phúc, độc lập, tự do, hợp đồng, mạnh, cụ thể"


def font(points: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(SERIF, int(round(points * DPI / 72)))


def form_page() -> tuple[np.ndarray, tuple[int, int]]:
    """An official-form fragment: typed values sitting on dotted writing lines, a line of
    plain text full of dot-below tone marks, and an underscore line. Returns the page and
    the rows (top, bottom) of the tone-mark line."""
    page = Image.new("L", (int(6.5 * DPI), int(2.2 * DPI)), 255)
    draw = ImageDraw.Draw(page)
    f = font(13)
    left = int(0.3 * DPI)

    def field(y: int, label: str, value: str, dots: int, lead: int) -> None:
        draw.text((left, y), label + "." * dots, font=f, fill=0, anchor="ls")
        draw.text((left + draw.textlength(label + "." * lead, font=f), y), value, font=f, fill=0, anchor="ls")

    field(int(0.5 * DPI), "Họ và tên: ", "Nguyễn Thị Hạnh", 95, 6)
    tone_y = int(1.0 * DPI)
    draw.text((left, tone_y), TONE_MARKS, font=f, fill=0, anchor="ls")
    field(int(1.5 * DPI), "Nơi cư trú: ", "Phường Hoàng Văn Thụ, tỉnh Thái Nguyên", 90, 4)
    draw.text((left, int(1.95 * DPI)), "Số điện thoại: " + "_" * 40, font=f, fill=0, anchor="ls")
    return np.asarray(page), (tone_y - int(0.2 * DPI), tone_y + int(0.1 * DPI))


def read(image: np.ndarray) -> list[str]:
    text = pytesseract.image_to_string(image, lang="vie", config="--psm 6")
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_dotted_writing_lines_go_and_the_typed_values_read() -> None:
    page, _ = form_page()
    assert any(re.search(r"\.{4,}", line) for line in read(page))  # plain tesseract reads the dots
    lines = read(remove_form_lines(page, DPI))
    assert lines[0] == "Họ và tên: Nguyễn Thị Hạnh"
    assert any("Phường Hoàng Văn Thụ, tỉnh Thái" in line for line in lines)
    assert not any(re.search(r"\.{2,}|…|_{2,}", line) for line in lines)
    assert lines[-1] == "Số điện thoại:"


def test_dot_below_tone_marks_are_kept() -> None:
    """GIVEN a line whose dot-below marks are exactly the size of writing-line dots
    WHEN form lines are removed THEN not one pixel of that line changes, and it reads."""
    page, (top, bottom) = form_page()
    cleaned = remove_form_lines(page, DPI)
    assert np.array_equal(cleaned[top:bottom], page[top:bottom])
    assert TONE_MARKS in read(cleaned[top:bottom])


def test_table_rules_go_and_cell_text_stays() -> None:
    page = Image.new("L", (int(5 * DPI), int(1.6 * DPI)), 255)
    draw = ImageDraw.Draw(page)
    columns = [int(0.2 * DPI), int(1.4 * DPI), int(3.3 * DPI), int(4.8 * DPI)]
    rows = [int(0.2 * DPI), int(0.7 * DPI), int(1.2 * DPI)]
    for x in columns:
        draw.line([(x, rows[0]), (x, rows[-1])], fill=0, width=4)
    for y in rows:
        draw.line([(columns[0], y), (columns[-1], y)], fill=0, width=4)
    cells = [["STT", "Tên giấy tờ", "Số bản"], ["1", "Tờ khai đăng ký", "02"]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            draw.text((columns[c] + 30, rows[r] + int(0.33 * DPI)), text, font=font(14), fill=0, anchor="ls")
    image = np.asarray(page)
    cleaned = remove_form_lines(image, DPI)
    assert not find_rules((cleaned < INK_LEVEL).astype(np.uint8), DPI).any()
    words = " ".join(read(cleaned))
    for text in ("STT", "Tên giấy tờ", "Số bản", "Tờ khai đăng ký", "02"):
        assert text in words
    assert "|" not in words


def test_page_without_form_lines_is_unchanged_and_input_is_not_touched() -> None:
    page, (top, bottom) = form_page()
    plain = page[top:bottom].copy()
    assert np.array_equal(remove_form_lines(plain, DPI), plain)
    original = page.copy()
    remove_form_lines(page, DPI)
    assert np.array_equal(page, original)


def test_label_punctuation_on_a_dotted_row_stays_and_a_short_leader_goes() -> None:
    """GIVEN official-form rows whose printed labels carry periods and commas on the same
    baseline as the writing line, and a value followed by a short leader of its own phase
    WHEN form lines are removed THEN every label period and comma is still there, the
    dots (long line and short leader) are gone."""
    page = Image.new("L", (int(6.5 * DPI), int(1.3 * DPI)), 255)
    draw = ImageDraw.Draw(page)
    f = font(13)
    left = int(0.3 * DPI)
    first = "1. Họ, chữ đệm và tên: LÊ VĂN AN"
    draw.text((left, int(0.5 * DPI)), first + "." * 60, font=f, fill=0, anchor="ls")
    second = "2. Ngày, tháng, năm sinh: 07.10.2004"
    draw.text((left, int(1.0 * DPI)), second + "....." + " 3. Giới tính: Nam" + "." * 40,
              font=f, fill=0, anchor="ls")
    lines = read(remove_form_lines(np.asarray(page), DPI))
    assert lines[0] == first
    assert lines[1] == second + " 3. Giới tính: Nam"


def test_a_run_without_two_neighbouring_dots_of_dot_size_erases_nothing() -> None:
    """A regular run of specks alternating big and small (seen on a hard generated scan:
    speckle and blur) has no two neighbours of the run's dot size: it is no writing line.
    It once failed the page (ValueError from min() of nothing)."""
    from intake.formlines import _Blob, _on_grid

    core = [_Blob(label, 100.0 + 30 * label, 50.0, size, size) for label, size in enumerate((10, 2, 10, 2, 10))]
    assert _on_grid(core, core) == []

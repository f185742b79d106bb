"""Blank backs of duplex scans are found; any page with a real mark on it is kept."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from pdf2image import convert_from_path
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from intake.blank import is_blank_page

DPI = 200
A4 = (8.27, 11.69)
SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
LINES = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
         "TỜ KHAI ĐĂNG KÝ KHAI SINH", "Kính gửi: Ủy ban nhân dân phường Hoàng Văn Thụ",
         "Họ, chữ đệm, tên người yêu cầu: Nguyễn Thị Hạnh", "Ngày 05 tháng 02 năm 2024"]


def font(points: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(SERIF, int(round(points * DPI / 72)))


def jpeg(image: Image.Image, quality: int = 60) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def printed_side() -> Image.Image:
    page = Image.new("L", (int(A4[0] * DPI), int(A4[1] * DPI)), 255)
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(LINES * 4):
        draw.text((int(1.0 * DPI), int((1.0 + 0.35 * i) * DPI)), line, font=font(12), fill=0)
    return page


def blank_back(seed: int, *, bleed: float = 0.15, punch_holes: bool = False, edge_line: bool = False,
               paper: tuple[int, int, int] = (236, 233, 224)) -> Image.Image:
    """The back of a printed sheet: tinted paper, sensor noise, dust, the other side's text
    showing through mirrored and faint, maybe punch holes (dark lid) and a scanner edge line,
    saved as JPEG q60."""
    rng = np.random.default_rng(seed)
    other = np.asarray(printed_side().transpose(Image.Transpose.FLIP_LEFT_RIGHT)
                       .filter(ImageFilter.GaussianBlur(1.5)), np.float32) / 255.0
    height, width = other.shape
    page = np.empty((height, width, 3), np.float32)
    page[:] = paper
    page *= (1.0 - bleed * (1.0 - other))[..., None]
    page += rng.normal(0, 5, (height, width, 1))
    for _ in range(40):  # dust specks up to ~0.01 inch
        x, y, r = rng.integers(0, width), rng.integers(0, height), rng.integers(0, 2)
        page[max(0, y - r):y + r + 1, max(0, x - r):x + r + 1] = rng.integers(30, 120)
    image = Image.fromarray(page.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    if punch_holes:
        radius, cx = int(0.12 * DPI), int(0.47 * DPI)
        for cy in (height // 2 - int(1.6 * DPI), height // 2 + int(1.6 * DPI)):
            draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(25, 25, 25))
    if edge_line:
        draw.line([(0, int(0.05 * DPI)), (width, int(0.05 * DPI))], fill=(150, 150, 150), width=2)
    return jpeg(image)


@pytest.mark.parametrize("kind", [
    dict(seed=0),
    dict(seed=1, punch_holes=True),
    dict(seed=2, edge_line=True),
    dict(seed=3, punch_holes=True, edge_line=True, paper=(246, 246, 246), bleed=0.25),
])
def test_blank_backs_are_blank(kind: dict) -> None:
    assert is_blank_page(np.asarray(blank_back(**kind)), DPI)


def draw_one_line(draw: ImageDraw.ImageDraw, size: tuple[int, int]) -> None:
    draw.text((int(1.0 * DPI), int(3.0 * DPI)), "Đã nhận đủ hồ sơ.", font=font(11), fill=(20, 20, 20))


def draw_page_number(draw: ImageDraw.ImageDraw, size: tuple[int, int]) -> None:
    draw.text((size[0] // 2, size[1] - int(0.6 * DPI)), "2", font=font(10), fill=(20, 20, 20))


def draw_small_red_stamp(draw: ImageDraw.ImageDraw, size: tuple[int, int]) -> None:
    cx, cy, r = size[0] // 2, size[1] // 2, int(0.3 * DPI)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(210, 40, 50), width=4)
    draw.regular_polygon((cx, cy, r // 3), 5, fill=(210, 40, 50))


def scribble(draw: ImageDraw.ImageDraw, colour: tuple[int, int, int], width: int) -> None:
    xs = np.arange(0, 1.5 * DPI, 2)
    ys = 5 * DPI + 12 * np.sin(xs / 10) + 6 * np.sin(xs / 4.6)
    draw.line(list(zip(2 * DPI + xs, ys)), fill=colour, width=width)


@pytest.mark.parametrize("mark", [
    draw_one_line,
    draw_page_number,
    draw_small_red_stamp,
    lambda draw, size: scribble(draw, (40, 60, 160), 3),  # a short line in blue ballpoint
    lambda draw, size: scribble(draw, (140, 140, 140), 2),  # a light pencil note
], ids=["one line", "page number", "small red stamp", "handwritten line", "pencil note"])
def test_back_with_one_small_mark_is_content(mark) -> None:
    """GIVEN a blank back (bleed-through, dust, noise) with one small real mark WHEN tested
    THEN it is content: a dropped page is worse than a kept blank."""
    page = blank_back(seed=5)
    mark(ImageDraw.Draw(page), page.size)
    assert not is_blank_page(np.asarray(jpeg(page)), DPI)


def test_empty_pdf_page_is_blank(testdata: Path) -> None:
    for dpi in (100, 300):
        page = convert_from_path(testdata / "OCRmyPDF/tests/resources/blank.pdf", dpi=dpi)[0]
        assert is_blank_page(np.asarray(page.convert("RGB")), dpi)


@pytest.mark.parametrize("name", [
    "OCRmyPDF/tests/resources/cardinal.pdf",
    "OCRmyPDF/tests/resources/skew.pdf",
    "OCRmyPDF/tests/resources/rotated_skew.pdf",
    "OCRmyPDF/tests/resources/3small.pdf",  # includes a 2 x 0.25 inch slip with one line
    "paperless-ngx/src/paperless/tests/samples/tesseract/rotated.pdf",
])
def test_real_pdf_pages_are_content(testdata: Path, name: str) -> None:
    for page in convert_from_path(testdata / name, dpi=100, grayscale=True):
        assert not is_blank_page(np.asarray(page.convert("L")), 100)


@pytest.mark.parametrize(("name", "dpi"), [
    ("tesseract-ocr-test/testing/phototest-rotated-180.png", 200),
    ("tesseract-ocr-test/testing/viet.tif", 300),
    ("tess4j/src/test/resources/test-data/eurotext90.png", 300),
    ("tess4j/src/test/resources/test-data/eurotext_deskew.png", 300),
    ("unpaper/tests/source_images/imgsrc001.png", 300),
    ("kraken/tests/resources/input.jpg", 300),
])
def test_real_image_pages_are_content(testdata: Path, name: str, dpi: int) -> None:
    assert not is_blank_page(np.asarray(Image.open(testdata / name).convert("RGB")), dpi)


@pytest.mark.parametrize("hairs", [1, 2])
def test_a_back_with_a_hair_on_the_glass_is_blank(hairs) -> None:
    """GIVEN a blank back with one or two hairs lying inside the page (dark, thin, a
    gentle arc about 0.4 inch long) WHEN tested THEN it is blank."""
    page = blank_back(seed=7)
    draw = ImageDraw.Draw(page)
    for number in range(hairs):
        x0, y0 = int((2.5 + 2 * number) * DPI), int((4 + 3 * number) * DPI)
        draw.arc((x0, y0, x0 + int(0.5 * DPI), y0 + int(0.3 * DPI)), 200, 330, fill=(30, 30, 30), width=2)
    assert is_blank_page(np.asarray(jpeg(page)), DPI)


def test_a_hair_beside_a_real_mark_leaves_the_page_content() -> None:
    page = blank_back(seed=7)
    draw = ImageDraw.Draw(page)
    draw.arc((int(2.5 * DPI), int(4 * DPI), int(3 * DPI), int(4.3 * DPI)), 200, 330, fill=(30, 30, 30), width=2)
    draw_page_number(draw, page.size)
    assert not is_blank_page(np.asarray(jpeg(page)), DPI)

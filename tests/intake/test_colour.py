"""Colour worth keeping (seals, signatures, photos) versus tint and noise; red-seal dropout."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pytesseract
from PIL import Image, ImageChops, ImageDraw, ImageFont

from intake.colour import drop_red_ink, has_colour

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

DPI = 300
SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
SANS = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"
SEAL_RED = (205, 35, 45)
LINES = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
         "Chứng thực bản sao đúng với bản chính", "Số chứng thực 1234 quyển số 05",
         "Ngày 05 tháng 02 năm 2024", "Người thực hiện chứng thực ký tên"]


def text_page(paper=(255, 255, 255), ink=(0, 0, 0), size=(6.0, 4.0)) -> Image.Image:
    page = Image.new("RGB", (int(size[0] * DPI), int(size[1] * DPI)), paper)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(SERIF, int(14 * DPI / 72))
    for i, line in enumerate(LINES):
        draw.text((int(0.4 * DPI), int((0.6 + 0.5 * i) * DPI)), line, font=font, fill=ink, anchor="ls")
    return page


def seal_layer(size: tuple[int, int], centre=(int(3.2 * DPI), int(2.4 * DPI)),
               radius=int(0.75 * DPI)) -> Image.Image:
    """A round red seal on white: two rings, a star and a name, as on a certified copy."""
    layer = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(layer)
    cx, cy = centre
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=SEAL_RED,
                 width=int(0.03 * DPI))
    inner = int(radius * 0.72)
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), outline=SEAL_RED, width=int(0.015 * DPI))
    draw.regular_polygon((cx, cy, int(radius * 0.3)), 5, fill=SEAL_RED)
    font = ImageFont.truetype(SANS, int(9 * DPI / 72))
    draw.text((cx, cy - int(radius * 0.5)), "UBND XÃ", font=font, fill=SEAL_RED, anchor="mm")
    return layer


def jpeg(image: Image.Image, quality: int) -> np.ndarray:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))


def sealed_page() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A certified copy: seal ink printed over black text (multiplied, as ink is), JPEG q75,
    with the text layer and the seal layer kept for checking."""
    text = text_page()
    seal = seal_layer(text.size)
    return jpeg(ImageChops.multiply(text, seal), 75), np.asarray(text.convert("L")), np.asarray(seal)


def test_tinted_gray_page_with_jpeg_noise_has_no_colour() -> None:
    page = jpeg(text_page(paper=(246, 238, 212), ink=(40, 38, 35)), 60)
    assert not has_colour(page, DPI)


def test_scanner_colour_fringes_are_not_colour() -> None:
    """GIVEN black text whose red and blue channels are misregistered by a pixel each way
    (red/cyan fringes on every stroke) WHEN judged THEN no colour."""
    page = np.asarray(text_page()).copy()
    page[:, 1:, 0] = page[:, :-1, 0]
    page[:, :-1, 2] = page[:, 1:, 2]
    assert not has_colour(jpeg(Image.fromarray(page), 60), DPI)


def test_red_seal_is_colour() -> None:
    page, _, _ = sealed_page()
    assert has_colour(page, DPI)


def test_thin_blue_signature_is_colour() -> None:
    page = text_page()
    xs = np.arange(0, 1.2 * DPI, 3)
    ys = 3.5 * DPI + 0.07 * DPI * np.sin(xs / 25) + 0.03 * DPI * np.sin(xs / 7)
    ImageDraw.Draw(page).line(list(zip(3.5 * DPI + xs, ys)), fill=(30, 50, 170), width=3)
    assert has_colour(jpeg(page, 75), DPI)


def test_real_colour_map_is_colour_and_its_gray_copy_is_not(testdata: Path) -> None:
    resources = testdata / "OCRmyPDF/tests/resources"
    assert has_colour(np.asarray(Image.open(resources / "baiona.png").convert("RGB")), 100)
    assert not has_colour(np.asarray(Image.open(resources / "baiona_gray.png").convert("RGB")), 100)


def test_red_dropout_removes_the_seal_and_keeps_the_text_under_it() -> None:
    page, text, seal = sealed_page()
    dropped = drop_red_ink(page)
    seal_ink = seal[..., 1] < 128
    text_ink = text < 100
    assert dropped.ndim == 2
    seal_only = dropped[seal_ink & ~text_ink]
    assert np.mean(seal_only > 200) > 0.98  # the seal's strokes are paper now
    assert np.median(dropped[seal_ink & text_ink]) < 100  # black text under the seal stays black
    words = pytesseract.image_to_string(dropped, lang="vie")
    assert "Ngày 05 tháng 02 năm 2024" in words
    assert "quyển số 05" in words


def test_red_dropout_leaves_blue_ink_and_input_alone() -> None:
    page = np.full((60, 60, 3), 255, np.uint8)
    page[10:20, 10:50] = (30, 50, 170)  # blue ballpoint
    page[30:40, 10:50] = (120, 60, 160)  # purple ink
    original = page.copy()
    dropped = drop_red_ink(page)
    assert dropped[15, 30] < 90 and dropped[35, 30] < 110
    assert np.array_equal(page, original)

"""Pen signatures leave the OCR image; typed text, handwriting-sized blue words and
black text under a signature stay."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from intake.cleanup import CleanupOptions, build_ocr_image
from intake.signatures import drop_signatures
from ocr.engine import TesseractEngine

DPI = 300
SERIF_BOLD = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"
SANS = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"
PEN_BLUE = (30, 50, 150)
VIOLET = (95, 45, 140)


def signature_block(pen=PEN_BLUE, width: int = 5, dpi: int = DPI) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """A signature block: a heading, a looping pen signature and the typed name under it,
    with a pen word of handwriting size to the right. Returns the page and the scribble's box."""
    page = Image.new("RGB", (int(6 * dpi), int(3 * dpi)), (250, 249, 246))
    draw = ImageDraw.Draw(page)
    bold = ImageFont.truetype(SERIF_BOLD, int(13 * dpi / 72))
    draw.text((int(0.5 * dpi), int(0.5 * dpi)), "NGƯỜI THỰC HIỆN CHỨNG THỰC", font=bold, fill=(20, 20, 20))
    box = (int(0.9 * dpi), int(0.75 * dpi), int(2.6 * dpi), int(1.6 * dpi))
    x0, y0, x1, y1 = box
    loop = [(x0 + (x1 - x0) * t, y0 + (y1 - y0) * (0.5 + 0.45 * np.sin(t * 19))) for t in np.linspace(0, 1, 60)]
    draw.line(loop, fill=pen, width=width, joint="curve")
    draw.line([(x0, y1 - dpi // 15), (x1, y1 - dpi // 5)], fill=pen, width=width - 1)
    draw.text((int(0.8 * dpi), int(1.45 * dpi)), "TRẦN HỒNG THẢO", font=bold, fill=(20, 20, 20))
    hand = ImageFont.truetype(SANS, int(12 * dpi / 72))
    draw.text((int(3.8 * dpi), int(1.9 * dpi)), "Đồng ý", font=hand, fill=pen)
    return page, box


def test_a_pen_signature_is_faded_to_paper_and_the_typed_name_under_it_stays():
    page, (x0, y0, x1, y1) = signature_block()
    image = np.asarray(page)
    gray = np.asarray(page.convert("L"))
    dropped = drop_signatures(gray, image, DPI)
    scribble = dropped[y0:int(1.42 * DPI), x0:x1]  # above the typed name
    assert (gray[y0:int(1.42 * DPI), x0:x1] < 128).sum() > 1000
    assert (scribble < 200).sum() == 0
    black = (image.max(axis=2) < 60) & (np.ptp(image, axis=2) < 25)  # typed heading and name, not blended with the pen
    assert black.sum() > 5000 and np.array_equal(dropped[black], gray[black])
    word = (slice(int(1.9 * DPI), int(2.2 * DPI)), slice(int(3.8 * DPI), int(4.8 * DPI)))
    assert np.array_equal(dropped[word], gray[word])  # a handwriting-sized pen word stays


def test_a_thin_navy_signature_in_a_jpeg_scan_leaves_no_gray_ghost():
    """Optics and JPEG's chroma subsampling wash a thin blue stroke's edges and stretches of
    it to near gray: those went on as a dashed ghost tesseract read as "2N", "F xu. a"
    (certified copies of mild dev seed 54). The black name under it stays."""
    page, (x0, y0, x1, y1) = signature_block(width=2, dpi=200)
    scan = io.BytesIO()
    page.filter(ImageFilter.GaussianBlur(0.8)).save(scan, "JPEG", quality=70)  # 4:2:0 chroma, as scanners write
    image = np.asarray(Image.open(scan).convert("RGB"))
    gray = np.asarray(Image.fromarray(image).convert("L"))
    dropped = drop_signatures(gray, image, 200)
    above_name = (slice(y0, int(1.42 * 200)), slice(x0, x1))
    inked = (gray[above_name] < 160).sum()
    assert inked > 500
    assert (dropped[above_name] < 160).sum() <= 0.02 * inked  # a few pixels where it crosses the name
    name = (slice(int(1.47 * 200), int(1.62 * 200)), slice(int(0.8 * 200), int(2.6 * 200)))
    assert (dropped[name] < 100).sum() >= 0.9 * (gray[name] < 100).sum() > 500


def test_violet_ink_counts_as_pen_and_a_page_without_colour_is_returned_as_is():
    page, (x0, y0, x1, y1) = signature_block(VIOLET)
    dropped = drop_signatures(np.asarray(page.convert("L")), np.asarray(page), DPI)
    assert (dropped[y0:int(1.42 * DPI), x0:x1] < 200).sum() == 0
    gray = np.asarray(page.convert("L"))
    assert drop_signatures(gray, np.dstack([gray] * 3), DPI) is gray


def test_a_photo_sized_coloured_block_is_no_signature():
    page = Image.new("RGB", (int(4 * DPI), int(3 * DPI)), "white")
    ImageDraw.Draw(page).rectangle((300, 300, 700, 800), fill=PEN_BLUE)
    gray = np.asarray(page.convert("L"))
    assert np.array_equal(drop_signatures(gray, np.asarray(page), DPI), gray)


def test_tesseract_reads_the_signature_block_without_garbage_once_the_signature_is_dropped():
    page, _ = signature_block()
    image = np.asarray(page)
    engine = TesseractEngine(min_word_confidence=0.4)
    kept = engine.recognize(build_ocr_image(image, DPI, CleanupOptions(drop_signatures=False)), dpi=DPI).text
    dropped = engine.recognize(build_ocr_image(image, DPI), dpi=DPI).text
    lines = [line for line in dropped.splitlines() if line.strip()]
    assert lines[:2] == ["NGƯỜI THỰC HIỆN CHỨNG THỰC", "TRẦN HỒNG THẢO"], dropped
    assert kept != dropped


def test_a_slanted_pen_underline_on_its_own_is_dropped_and_a_line_of_pen_words_stays():
    """A signature's underline can lie apart from its loops, drawn at a slant (mild dev
    seed 54: it rose 0.25 inch over 1.3 inch and stayed, read as "—"). A handwritten line
    as wide has several strokes above each point, and stays."""
    page = Image.new("RGB", (int(6 * DPI), int(3 * DPI)), (250, 249, 246))
    draw = ImageDraw.Draw(page)
    draw.line([(int(0.5 * DPI), int(1.2 * DPI)), (int(1.8 * DPI), int(0.95 * DPI))], fill=PEN_BLUE, width=4)
    hand = ImageFont.truetype(SANS, int(12 * DPI / 72))
    draw.text((int(3.0 * DPI), int(1.9 * DPI)), "Đồng ý nhận bản sao", font=hand, fill=PEN_BLUE)
    image = np.asarray(page)
    gray = np.asarray(page.convert("L"))
    dropped = drop_signatures(gray, image, DPI)
    underline = (slice(int(0.9 * DPI), int(1.25 * DPI)), slice(int(0.5 * DPI), int(1.8 * DPI)))
    assert (gray[underline] < 200).sum() > 1000 and (dropped[underline] < 200).sum() == 0
    words = (slice(int(1.85 * DPI), int(2.3 * DPI)), slice(int(3.0 * DPI), int(6 * DPI)))
    assert (gray[words] < 200).sum() > 1000 and np.array_equal(dropped[words], gray[words])


def test_a_tilted_handwritten_line_in_blue_stays():
    """GIVEN a handwritten-size line in blue pen (14 pt), tilted 3 degrees, as a citizen
    fills a form WHEN signatures are dropped THEN it stays: its faint edges make it no
    taller a loop (they are taken for underlines only)."""
    page = Image.new("RGB", (int(6 * DPI), int(3 * DPI)), (250, 249, 246))
    line = Image.new("L", (int(3.5 * DPI), int(0.5 * DPI)), 0)
    ImageDraw.Draw(line).text((10, 10), "Tổ 5, phường Tân Thịnh", font=ImageFont.truetype(SANS, int(14 * DPI / 72)),
                              fill=255)
    line = line.rotate(3, expand=True, resample=Image.Resampling.BICUBIC)
    page.paste(Image.new("RGB", line.size, PEN_BLUE), (int(1 * DPI), int(1 * DPI)), line)
    image = np.asarray(page)
    gray = np.asarray(page.convert("L"))
    assert (gray < 200).sum() > 3000
    assert np.array_equal(drop_signatures(gray, image, DPI), gray)

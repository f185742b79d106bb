"""Pen signatures leave the OCR image; typed text, handwriting-sized blue words and
black text under a signature stay."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from intake.cleanup import CleanupOptions, build_ocr_image
from intake.signatures import drop_signatures
from ocr.engine import TesseractEngine

DPI = 300
SERIF_BOLD = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"
SANS = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"
PEN_BLUE = (30, 50, 150)
VIOLET = (95, 45, 140)


def signature_block(pen=PEN_BLUE) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """A signature block: a heading, a looping pen signature and the typed name under it,
    with a pen word of handwriting size to the right. Returns the page and the scribble's box."""
    page = Image.new("RGB", (int(6 * DPI), int(3 * DPI)), (250, 249, 246))
    draw = ImageDraw.Draw(page)
    bold = ImageFont.truetype(SERIF_BOLD, int(13 * DPI / 72))
    draw.text((int(0.5 * DPI), int(0.5 * DPI)), "NGƯỜI THỰC HIỆN CHỨNG THỰC", font=bold, fill=(20, 20, 20))
    box = (int(0.9 * DPI), int(0.75 * DPI), int(2.6 * DPI), int(1.6 * DPI))
    x0, y0, x1, y1 = box
    loop = [(x0 + (x1 - x0) * t, y0 + (y1 - y0) * (0.5 + 0.45 * np.sin(t * 19))) for t in np.linspace(0, 1, 60)]
    draw.line(loop, fill=pen, width=5, joint="curve")
    draw.line([(x0, y1 - 20), (x1, y1 - 60)], fill=pen, width=4)
    draw.text((int(0.8 * DPI), int(1.45 * DPI)), "TRẦN HỒNG THẢO", font=bold, fill=(20, 20, 20))
    hand = ImageFont.truetype(SANS, int(12 * DPI / 72))
    draw.text((int(3.8 * DPI), int(1.9 * DPI)), "Đồng ý", font=hand, fill=pen)
    return page, box


def test_a_pen_signature_is_faded_to_paper_and_the_typed_name_under_it_stays():
    page, (x0, y0, x1, y1) = signature_block()
    image = np.asarray(page)
    gray = np.asarray(page.convert("L"))
    dropped = drop_signatures(gray, image, DPI)
    scribble = dropped[y0:int(1.42 * DPI), x0:x1]  # above the typed name
    assert (gray[y0:int(1.42 * DPI), x0:x1] < 128).sum() > 1000
    assert (scribble < 200).sum() == 0
    black = image.max(axis=2) < 60  # the typed heading and name, some of it under the scribble
    assert black.sum() > 5000 and np.array_equal(dropped[black], gray[black])
    word = (slice(int(1.9 * DPI), int(2.2 * DPI)), slice(int(3.8 * DPI), int(4.8 * DPI)))
    assert np.array_equal(dropped[word], gray[word])  # a handwriting-sized pen word stays


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

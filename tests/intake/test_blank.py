"""Blank backs of duplex scans are found; any page with a real mark on it is kept."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
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
    ("kraken/tests/resources/bw.png", 72),  # bilevel: ink and paper are the only two levels
    ("img2pdf/src/tests/input/mono.png", 72),  # a 0.7 x 1.6 inch slip with one word
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


# --- Marks as a scanner sees them: drawn finely, then reduced, so thin lines come out faint
# and soft, and JPEG and thresholding break them up.

FINE = 4
ITALIC = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf"


def seen_by_scanner(page: Image.Image, draw, shade: int, grain_seed: int | None = None) -> Image.Image:
    """``page`` with ink of gray ``shade`` laid where ``draw`` draws on a canvas FINE times
    finer (in page pixels times FINE). With ``grain_seed`` the ink is graphite: grainy where
    the paper's tooth catches it, lighter or darker with the hand's pressure."""
    fine = Image.new("L", (page.width * FINE, page.height * FINE), 0)
    draw(ImageDraw.Draw(fine))
    alpha = np.asarray(fine.resize(page.size, Image.Resampling.BOX), np.float32) / 255.0
    if grain_seed is not None:
        rng = np.random.default_rng(grain_seed)
        tooth = cv2.GaussianBlur(rng.uniform(0.2, 1.0, alpha.shape).astype(np.float32), (0, 0), 0.7)
        pressure = cv2.resize(rng.uniform(0.6, 1.0, (alpha.shape[0] // 40 + 1, alpha.shape[1] // 40 + 1))
                              .astype(np.float32), page.size, interpolation=cv2.INTER_CUBIC)
        alpha = np.clip(alpha * tooth * pressure * 1.3, 0, 1)
    pixels = np.asarray(page, np.float32) * (1 - alpha[..., None] * (1 - shade / 255.0))
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8))


def generator_hair(page: Image.Image, x: int, y: int, shade: int = 90) -> Image.Image:
    """A hair as samples/degrade.py draws one on a 300 dpi page: a 2 px line through 30
    points 6 px apart along most of a sine period, here seen at 200 dpi."""
    px = DPI / 300 * FINE
    points = [((x + i * 6 * DPI / 300) * FINE, (y + 18 * DPI / 300 * np.sin(i / 5)) * FINE) for i in range(30)]
    return seen_by_scanner(page, lambda draw: draw.line(points, fill=255, width=round(2 * px), joint="curve"), shade)


def thin_curve(page: Image.Image, x: int, y: int, length_in: float, bend_in: float, *, waves: float = 1.0,
               angle: float = 0.0, shade: int = 60, width_in: float = 0.004) -> Image.Image:
    """A fine dark fibre or hair: ``length_in`` long, bowing ``bend_in`` over ``waves`` half waves."""
    t = np.linspace(0, 1, 80)
    u, v = t * length_in * DPI, bend_in * DPI * np.sin(waves * np.pi * t)
    points = list(zip((x + u * np.cos(angle) - v * np.sin(angle)) * FINE,
                      (y + u * np.sin(angle) + v * np.cos(angle)) * FINE))
    return seen_by_scanner(page, lambda draw: draw.line(points, fill=255, width=max(1, round(width_in * DPI * FINE)),
                                                       joint="curve"), shade)


def pencil_words(page: Image.Image, words: str, points: float, shade: int, seed: int) -> Image.Image:
    """A note in pencil in the middle of the page, in an italic hand."""
    lettering = ImageFont.truetype(ITALIC, round(points * DPI / 72 * FINE))
    return seen_by_scanner(page, lambda draw: draw.text((3 * DPI * FINE, 4.5 * DPI * FINE), words, font=lettering,
                                                        fill=255), shade, grain_seed=seed)


def pencil_strokes(page: Image.Image, strokes: list[list[tuple[float, float]]], shade: int, seed: int) -> Image.Image:
    """Pencil strokes through points given in inches, 0.3 mm wide."""
    width = round(0.012 * DPI * FINE)

    def draw(canvas: ImageDraw.ImageDraw) -> None:
        for stroke in strokes:
            canvas.line([(x * DPI * FINE, y * DPI * FINE) for x, y in stroke], fill=255, width=width, joint="curve")
    return seen_by_scanner(page, draw, shade, grain_seed=seed)


@pytest.mark.parametrize("hair", [
    pytest.param(lambda page: generator_hair(page, 700, 900, shade=70), id="generator hair, dark"),
    pytest.param(lambda page: generator_hair(page, 400, 1600, shade=100), id="generator hair, fainter"),
    pytest.param(lambda page: generator_hair(generator_hair(page, 400, 700, 80), 900, 1600, 100),
                 id="two generator hairs"),
    pytest.param(lambda page: thin_curve(page, 500, 900, 1.2, 0.15, angle=0.4), id="long gentle hair"),
    pytest.param(lambda page: thin_curve(page, 400, 1200, 1.4, 0.12, waves=2, angle=-0.3, shade=50), id="long S hair"),
    pytest.param(lambda page: thin_curve(page, 700, 700, 0.35, 0.04, angle=2.0), id="short fibre"),
])
def test_a_back_with_a_broken_hair_is_blank(hair) -> None:
    """GIVEN a blank back with hairs a scanner saw as faint lines 1-2 px wide, which JPEG and
    the 100 dpi threshold break into fragments 0.1 inch apart WHEN tested THEN it is blank."""
    assert is_blank_page(np.asarray(jpeg(hair(blank_back(seed=3)), quality=75)), DPI)


def test_three_hairs_make_a_page_content() -> None:
    page = generator_hair(generator_hair(generator_hair(blank_back(seed=4), 400, 700, 80), 900, 1600, 100), 600, 1900)
    assert not is_blank_page(np.asarray(jpeg(page, quality=75)), DPI)


@pytest.mark.parametrize("note", [
    pytest.param(lambda page: pencil_words(page, "đã nhận", 16, 140, seed=0), id="word"),
    pytest.param(lambda page: pencil_words(page, "bản sao", 12, 135, seed=4), id="small word"),
    pytest.param(lambda page: pencil_words(page, "7", 14, 110, seed=1), id="digit"),
    pytest.param(lambda page: pencil_strokes(page, [[(3.0, 4.5), (3.15, 4.7), (3.45, 4.25)]], 140, seed=1), id="tick"),
    pytest.param(lambda page: pencil_strokes(page, [[(3.0, 4.5), (4.0, 4.5)], [(3.85, 4.4), (4.0, 4.5), (3.85, 4.6)]],
                                             120, seed=6), id="arrow"),
    pytest.param(lambda page: pencil_strokes(page, [[(3.0, 4.5), (3.3, 4.8)], [(3.3, 4.5), (3.0, 4.8)]], 120, seed=7),
                 id="cross"),
    pytest.param(lambda page: pencil_strokes(generator_hair(page, 700, 900), [[(5.0, 2.0), (5.15, 2.2), (5.45, 1.75)]],
                                             130, seed=2), id="tick beside a hair"),
])
def test_a_faint_pencil_note_in_fragments_is_content(note) -> None:
    """GIVEN a blank back with a short pencil note: grainy graphite that the 100 dpi threshold
    breaks into fragments and specks, much like a hair WHEN tested THEN it is content."""
    assert not is_blank_page(np.asarray(jpeg(note(blank_back(seed=16)), quality=75)), DPI)


def test_a_crease_across_the_page_is_blank() -> None:
    """GIVEN a blank back folded once: a faint line across the whole page that the threshold
    breaks up, most pieces well away from the edge strip WHEN tested THEN it is blank."""
    page = blank_back(seed=13)
    crease = seen_by_scanner(page, lambda draw: draw.line(
        [(0, page.height * FINE // 2), (page.width * FINE, page.height * FINE // 2 + 8 * FINE)],
        fill=255, width=round(0.01 * DPI * FINE)), 150)
    assert is_blank_page(np.asarray(jpeg(crease, quality=75)), DPI)


def punch_hole_rims(page: Image.Image, x_in: float = 0.47) -> Image.Image:
    """Two filing holes 80 mm apart over a white lid: a crescent of shadow along each rim."""
    radius, cx = 0.12 * DPI * FINE, x_in * DPI * FINE

    def draw(canvas: ImageDraw.ImageDraw) -> None:
        for cy in (page.height * FINE / 2 - 1.575 * DPI * FINE, page.height * FINE / 2 + 1.575 * DPI * FINE):
            canvas.arc((cx - radius, cy - radius, cx + radius, cy + radius), 100, 260, fill=255,
                       width=round(0.015 * DPI * FINE))
    return seen_by_scanner(page, draw, 110)


def test_punch_holes_over_a_white_lid_are_blank() -> None:
    assert is_blank_page(np.asarray(jpeg(punch_hole_rims(blank_back(seed=11)), quality=75)), DPI)


def test_a_lone_ring_shaped_letter_near_the_edge_is_content() -> None:
    """GIVEN a blank back with one letter "O" where a punch hole could be WHEN tested THEN it
    is content: punch holes come in pairs along an edge."""
    page = blank_back(seed=23)
    ImageDraw.Draw(page).text((int(0.35 * DPI), page.height // 2), "O", font=font(22), fill=(20, 20, 20))
    assert not is_blank_page(np.asarray(jpeg(page)), DPI)

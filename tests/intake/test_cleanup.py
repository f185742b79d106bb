"""clean_page end to end on real scans: upright, straight, cropped, and readable."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import numpy as np
import pytest
import pytesseract
from pdf2image import convert_from_path
from PIL import Image, ImageChops, ImageDraw, ImageFont

from intake.cleanup import CleanupOptions, clean_page
from intake.deskew import measure_skew
from intake.errors import PageProcessingError
from intake.model import CleanPage, SourcePage
from ocr.orientation import detect_orientation

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

RESOURCES = "OCRmyPDF/tests/resources"
ROTATED = "paperless-ngx/src/paperless/tests/samples/tesseract/rotated.pdf"
ROTATED_TEXT = [  # MANIFEST.md, from paperless-ngx test_tesseract_parser.py
    "This is the text that appears on the first page. It’s a lot of text.",
    "Even if the pages are rotated, OCRmyPDF still gets the job done.",
    "This is a really weird file with lots of nonsense text.",
    "If you read this, it’s your own fault. Also check your screen orientation.",
]
SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).replace("’", "'")
    return re.findall(r"[\w$%@.,'!(){}\[\]<>#&/-]+", text)


def assert_reads(image: np.ndarray, expected: str, *, lang: str = "eng", top: float = 0.35) -> None:
    """Tesseract finds ``expected`` (its words in order, 90% of them) in the top of ``image``."""
    region = image[: max(1, int(image.shape[0] * top))]
    found = words(pytesseract.image_to_string(region, lang=lang, config="--psm 6"))
    wanted = words(expected)
    hits = sum(1 for word in wanted if word in found)
    assert hits >= 0.9 * len(wanted), f"read {' '.join(found)!r}, wanted {expected!r}"


def pdf_page(testdata: Path, name: str, page: int, dpi: int = 150) -> SourcePage:
    image = convert_from_path(testdata / name, dpi=dpi, first_page=page, last_page=page,
                              grayscale=True)[0]
    return SourcePage(name, page, np.asarray(image.convert("L")), (dpi, dpi))


def image_page(testdata: Path, name: str, dpi: float, *, mode: str = "L",
               bilevel: bool = False) -> SourcePage:
    return SourcePage(name, 1, np.asarray(Image.open(testdata / name).convert(mode)), (dpi, dpi),
                      bilevel=bilevel)


def ground_truth(testdata: Path, name: str) -> str:
    return (testdata / name).read_text(encoding="utf-8").splitlines()[0]


def upright(page: SourcePage) -> CleanPage:
    return clean_page(page, CleanupOptions(), detect_orientation)


@pytest.mark.parametrize(("page", "rotation"), [(2, 270), (3, 180), (4, 90)])
def test_turned_pdf_pages_come_out_upright_and_read(testdata: Path, page: int, rotation: int) -> None:
    clean = upright(pdf_page(testdata, f"{RESOURCES}/cardinal.pdf", page))
    assert clean.rotation == rotation
    assert clean.archive.shape[0] > clean.archive.shape[1]  # portrait again
    assert_reads(clean.ocr_image, ground_truth(testdata, f"{RESOURCES}/linn.txt"), top=0.1)


@pytest.mark.parametrize(("page", "rotation"), [(1, 270), (2, 180), (3, 90), (4, 0)])
def test_paperless_rotated_pages_come_out_upright_and_read(testdata: Path, page: int, rotation: int) -> None:
    clean = upright(pdf_page(testdata, ROTATED, page, dpi=100))
    assert clean.rotation == rotation
    assert clean.ocr_scale == pytest.approx(3.0, abs=0.01)
    assert_reads(clean.ocr_image, ROTATED_TEXT[page - 1], top=0.15)


TESTING = "tesseract-ocr-test/testing"


@pytest.mark.parametrize(("name", "dpi", "rotation", "truth"), [
    (f"{TESTING}/phototest-rotated-180.png", 200, 180, f"{TESTING}/phototest.txt"),
    (f"{TESTING}/phototest-rotated-L.png", 200, 90, f"{TESTING}/phototest.txt"),
    (f"{TESTING}/phototest-rotated-R.png", 200, 270, f"{TESTING}/phototest.txt"),
    ("tess4j/src/test/resources/test-data/eurotext90.png", 300, 270, f"{TESTING}/eurotext.txt"),
])
def test_turned_images_come_out_upright_and_read(testdata: Path, name: str, dpi: int, rotation: int,
                                                 truth: str) -> None:
    clean = upright(image_page(testdata, name, dpi))
    assert clean.rotation == rotation
    assert_reads(clean.ocr_image, ground_truth(testdata, truth))


@pytest.mark.parametrize(("name", "dpi", "mode", "bilevel", "skew", "truth"), [
    (f"{RESOURCES}/skew.pdf", 150, "L", False, 1.9, "The LinnSequencer"),
    (f"{RESOURCES}/rotated_skew.pdf", 150, "L", False, -2.8, "The LinnSequencer"),
    ("tess4j/src/test/resources/test-data/eurotext_deskew.png", 300, "RGB", False, 20.8,
     "The (quick) [brown] {fox} jumps!"),
    ("unpaper/tests/source_images/imgsrc001.png", 300, "L", True, -4.0, "Some text here. Some text here."),
])
def test_skewed_pages_come_out_straight_without_borders_and_read(
        testdata: Path, name: str, dpi: int, mode: str, bilevel: bool, skew: float, truth: str) -> None:
    """GIVEN skewed scans, two with black borders or wedges WHEN cleaned THEN no skew is left,
    no dark band is left along the OCR image's edges, and the first line reads."""
    page = (pdf_page(testdata, name, 1, dpi) if name.endswith(".pdf")
            else image_page(testdata, name, dpi, mode=mode, bilevel=bilevel))
    clean = clean_page(page, CleanupOptions())
    assert clean.skew_deg == pytest.approx(skew, abs=0.3)
    assert abs(measure_skew(clean.archive, dpi)) < 0.5
    assert abs(measure_skew(clean.ocr_image, dpi * clean.ocr_scale)) < 0.5
    assert_no_dark_edges(clean.ocr_image)
    assert_reads(clean.ocr_image, truth, top=0.25)


def assert_no_dark_edges(ocr_image: np.ndarray) -> None:
    k = max(3, int(0.01 * min(ocr_image.shape)))
    for edge, strip in {"top": ocr_image[:k], "bottom": ocr_image[-k:],
                        "left": ocr_image[:, :k], "right": ocr_image[:, -k:]}.items():
        assert strip.mean() > 200, f"dark band at the {edge} edge of the OCR image"


def test_photographed_page_loses_its_dark_surroundings_and_reads(testdata: Path) -> None:
    clean = clean_page(image_page(testdata, "kraken/tests/resources/input.jpg", 300, mode="RGB"))
    assert_no_dark_edges(clean.ocr_image)
    height = clean.ocr_image.shape[0]
    assert_reads(clean.ocr_image[int(0.08 * height):],
                 "cerveau. Tous ces fails paroissent si quelque chose peut leur servir")


def sealed_certificate(dpi: int = 300) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Black text with a red round seal printed over the last lines; the text and seal layers."""
    size = (int(6 * dpi), int(4 * dpi))
    text = Image.new("RGB", size, (250, 248, 244))
    draw = ImageDraw.Draw(text)
    font = ImageFont.truetype(SERIF, int(14 * dpi / 72))
    for i, line in enumerate(["Chứng thực bản sao đúng với bản chính", "Số chứng thực 1234 quyển số 05",
                              "Ngày 05 tháng 02 năm 2024", "Người thực hiện chứng thực"]):
        draw.text((int(0.4 * dpi), int((0.6 + 0.5 * i) * dpi)), line, font=font, fill=(10, 10, 10),
                  anchor="ls")
    seal = Image.new("RGB", size, "white")
    cx, cy, r = int(3.0 * dpi), int(1.9 * dpi), int(0.7 * dpi)
    ImageDraw.Draw(seal).ellipse((cx - r, cy - r, cx + r, cy + r), outline=(205, 35, 45),
                                 width=int(0.03 * dpi))
    ImageDraw.Draw(seal).regular_polygon((cx, cy, r // 3), 5, fill=(205, 35, 45))
    return np.asarray(ImageChops.multiply(text, seal)), np.asarray(text), np.asarray(seal)


def test_seal_is_kept_in_the_archive_and_dropped_for_ocr() -> None:
    image, text, seal = sealed_certificate()
    clean = clean_page(SourcePage("certificate.png", 1, image, (300, 300)), CleanupOptions())
    assert clean.has_colour and clean.archive.ndim == 3
    red = clean.archive[..., 0].astype(int) - clean.archive[..., 1].astype(int) > 100
    seal_ink = seal[..., 1] < 128
    assert np.count_nonzero(red) > 0.8 * np.count_nonzero(seal_ink)  # still red in the archive
    assert clean.ocr_image.ndim == 2
    only_seal = seal_ink & (text.min(axis=2) > 200)  # seal strokes not over text
    assert np.mean(clean.ocr_image[only_seal] > 200) > 0.98
    assert_reads(clean.ocr_image, "Số chứng thực 1234 quyển số 05 Ngày 05 tháng 02 năm 2024",
                 lang="vie", top=1.0)


def test_gray_page_on_tinted_paper_is_archived_gray(testdata: Path) -> None:
    page = image_page(testdata, "tess4j/src/test/resources/test-data/eurotext90.png", 300, mode="RGB")
    tinted = (page.image.astype(np.float32) * np.array([0.97, 0.94, 0.83])).astype(np.uint8)
    clean = clean_page(SourcePage("tinted.png", 1, tinted, (300, 300)), CleanupOptions())
    assert not clean.has_colour
    assert clean.archive.ndim == 2


@pytest.mark.parametrize(("dpi", "scale"), [(200, 1.5), (300, 1.0), (400, 0.75)])
def test_ocr_image_is_about_300_dpi(testdata: Path, dpi: int, scale: float) -> None:
    clean = clean_page(pdf_page(testdata, f"{RESOURCES}/skew.pdf", 1, dpi), CleanupOptions())
    assert clean.dpi == dpi
    assert clean.ocr_scale == pytest.approx(scale, abs=0.01)
    assert clean.ocr_image.shape[0] == pytest.approx(clean.archive.shape[0] * scale, abs=1)


def test_blank_back_is_flagged_and_not_sent_to_orientation(testdata: Path) -> None:
    def must_not_run(image: np.ndarray):
        raise AssertionError("orientation detection ran on a blank page")

    clean = clean_page(pdf_page(testdata, f"{RESOURCES}/blank.pdf", 1), CleanupOptions(), must_not_run)
    assert clean.blank and clean.rotation == 0


def test_bilevel_scan_stays_bilevel_and_input_is_not_changed(testdata: Path) -> None:
    page = image_page(testdata, "unpaper/tests/source_images/imgsrc001.png", 300, bilevel=True)
    original = page.image.copy()
    clean = clean_page(page, CleanupOptions())
    assert clean.bilevel and not clean.has_colour
    assert set(np.unique(clean.archive)) <= {0, 255}
    assert np.array_equal(page.image, original)


def test_switched_off_steps_are_skipped(testdata: Path) -> None:
    page = pdf_page(testdata, f"{RESOURCES}/cardinal.pdf", 2, dpi=100)
    options = CleanupOptions(detect_orientation=False, ocr_dpi=100)
    clean = clean_page(page, options, detect_orientation)
    assert clean.rotation == 0
    assert clean.archive.shape == page.image.shape
    assert clean.ocr_scale == 1.0


def test_fax_resolution_page_gets_square_pixels_and_reads(testdata: Path) -> None:
    """GIVEN phototest.tif stored at 200 x 100 dpi (every other row) WHEN cleaned
    THEN the archive is back to its 200 dpi shape and the text reads."""
    full = np.asarray(Image.open(testdata / "tesseract-ocr-test/testing/phototest.tif").convert("L"))
    clean = clean_page(SourcePage("fax.tif", 1, full[::2].copy(), (200, 100)), CleanupOptions())
    assert clean.dpi == 200
    assert abs(clean.archive.shape[0] - full.shape[0]) <= 2 and clean.archive.shape[1] == full.shape[1]
    assert_reads(clean.ocr_image, ground_truth(testdata, "tesseract-ocr-test/testing/phototest.txt"))


def test_unusable_image_is_a_page_processing_error() -> None:
    page = SourcePage("odd.tif", 3, np.zeros((10, 10), np.uint16), (300, 300))
    with pytest.raises(PageProcessingError) as failure:
        clean_page(page)
    assert failure.value.code == "page_failed" and failure.value.page == 3


def test_a_quarter_turned_form_loses_its_dotted_lines_too():
    """GIVEN an A4 form at 200 dpi with dotted writing lines, fed into the scanner turned
    a quarter turn WHEN it is cleaned THEN it comes out upright and its OCR image has no
    dotted line left: form lines are looked for along rows of the upright page."""
    dpi = 200
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(SERIF, 36)
    draw.text((150, 200), "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", font=font, fill=0)
    for number, (label, value) in enumerate([("Họ và tên", "LÊ VĂN AN"), ("Ngày sinh", "03/12/2002"),
                                             ("Địa chỉ", "Số 18, đường Chu Văn An"),
                                             ("Số điện thoại", "0347601601")] * 3):
        y = 400 + number * 90
        draw.text((150, y), f"{label}: {value} " + "." * 70, font=font, fill=0, anchor="ls")
    for line in range(6):
        draw.text((150, 1600 + line * 60), "Tôi cam đoan những nội dung khai trên đây là đúng sự thật.",
                  font=font, fill=0, anchor="ls")
    turned = np.asarray(page.rotate(90, expand=True))
    source = SourcePage("turned.png", 1, turned, (dpi, dpi))

    clean = clean_page(source, CleanupOptions(), detect_orientation)

    assert clean.rotation == 90  # PIL turned it a quarter turn anticlockwise
    text = pytesseract.image_to_string(clean.ocr_image, lang="vie", config="--psm 6")
    assert "LÊ VĂN AN" in text and "0347601601" in text
    assert not re.search(r"\.{3,}|…", text), text

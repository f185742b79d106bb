"""Loading scanner files into pages: real third-party samples, and files made from them."""

from __future__ import annotations

import random
import shutil
import struct
import tracemalloc
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pytest
from PIL import Image

from intake.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedPdfError,
    FileTooLargeError,
    FormatMismatchError,
    LimitExceededError,
    NoPagesError,
    TooManyPagesError,
    TooManyPixelsError,
    TruncatedFileError,
    UnsupportedFormatError,
)
from intake.resolution import PAPER_SIZES_MM, STANDARD_DPIS
from intake.sources import SourceLimits, count_pages, iter_pages, load_page, sniff_format

RESOURCES = "OCRmyPDF/tests/resources"
IMG2PDF = "img2pdf/src/tests/input"
BARCODES = "paperless-ngx/src/documents/tests/samples/barcodes"
TESSERACT = "paperless-ngx/src/paperless/tests/samples/tesseract"
TESTING = "tesseract-ocr-test/testing"


def copy_as(source: Path, folder: Path, name: str) -> Path:
    target = folder / name
    shutil.copyfile(source, target)
    return target


def write_bytes(folder: Path, name: str, data: bytes) -> Path:
    target = folder / name
    target.write_bytes(data)
    return target


def garbage(size: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


def mean_difference(first: np.ndarray, second: np.ndarray) -> float:
    return float(np.abs(first.astype(np.int16) - second.astype(np.int16)).mean())


def assert_input_error(error: pytest.ExceptionInfo, cls: type, code: str, source: str) -> None:
    assert type(error.value) is cls
    assert error.value.code == code
    assert error.value.source == source


# --- what the file is -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        (f"{RESOURCES}/baiona.png", "png"),
        (f"{RESOURCES}/baiona_cmyk.jpg", "jpeg"),
        (f"{BARCODES}/patch-code-t-middle.tiff", "tiff"),
        (f"{RESOURCES}/jbig2.pdf", "pdf"),
        ("zxing-cpp/test/samples/qrcode-2/qr-inv-1.webp", "webp"),
    ],
)
def test_sniff_format_names_the_supported_format(testdata: Path, sample: str, expected: str):
    assert sniff_format(testdata / sample) == expected


@pytest.mark.parametrize("name", ["scan", "scan.dat", "SCAN.PDF", "scan.pdf.part"])
def test_valid_content_is_accepted_whatever_the_name(testdata: Path, tmp_path: Path, name: str):
    path = copy_as(testdata / RESOURCES / "kcs.pdf", tmp_path, name)
    assert sniff_format(path) == "pdf"
    assert count_pages(path) == 1


def test_empty_file_is_refused(tmp_path: Path):
    path = write_bytes(tmp_path, "scan.pdf", b"")
    with pytest.raises(EmptyFileError) as error:
        count_pages(path)
    assert_input_error(error, EmptyFileError, "empty_file", "scan.pdf")


@pytest.mark.parametrize(
    ("name", "sample"),
    [
        ("report.pdf", f"{RESOURCES}/baiona_cmyk.jpg"),  # a JPEG named .pdf
        ("photo.jpg", f"{RESOURCES}/ccitt.pdf"),
        ("notes.pdf", None),  # plain text named .pdf
        ("scan.tif", None),
        ("scan.png", f"{IMG2PDF}/animation.gif"),
    ],
)
def test_extension_naming_another_format_is_a_mismatch(testdata: Path, tmp_path: Path, name, sample):
    if sample is None:
        path = write_bytes(tmp_path, name, "Biên bản họp, không phải bản quét\n".encode())
    else:
        path = copy_as(testdata / sample, tmp_path, name)
    with pytest.raises(FormatMismatchError) as error:
        load_page(path, 0)
    assert_input_error(error, FormatMismatchError, "format_mismatch", name)


def word_document(folder: Path) -> Path:
    path = folder / "to khai.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


@pytest.mark.parametrize("kind", ["docx", "text", "gif", "jbig2"])
def test_content_that_is_no_scan_format_is_unsupported(testdata: Path, tmp_path: Path, kind: str):
    """GIVEN a Word file, a text file without extension, an animated GIF and a bare JBIG2 stream."""
    path = {
        "docx": lambda: word_document(tmp_path),
        "text": lambda: write_bytes(tmp_path, "README", b"just some notes\n"),
        "gif": lambda: testdata / IMG2PDF / "animation.gif",
        "jbig2": lambda: testdata / IMG2PDF / "mono.jb2",
    }[kind]()
    with pytest.raises(UnsupportedFormatError) as error:
        count_pages(path)
    assert_input_error(error, UnsupportedFormatError, "unsupported_format", path.name)


def test_file_over_the_byte_limit_is_refused_before_reading(testdata: Path):
    path = testdata / RESOURCES / "ccitt.pdf"
    with pytest.raises(FileTooLargeError) as error:
        sniff_format(path, SourceLimits(max_bytes=path.stat().st_size - 1))
    assert_input_error(error, FileTooLargeError, "file_too_large", "ccitt.pdf")
    assert sniff_format(path, SourceLimits(max_bytes=path.stat().st_size)) == "pdf"


# --- PDF ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["jbig2.pdf", "ccitt.pdf"])
def test_one_bit_pdf_scans_come_out_as_bilevel_gray_at_their_resolution(testdata: Path, name: str):
    page = load_page(testdata / RESOURCES / name, 0)
    assert (page.source, page.source_page) == (name, 1)
    assert page.image.shape == (3300, 2550) and page.image.dtype == np.uint8
    assert page.dpi == (300.0, 300.0) and not page.dpi_estimated
    assert page.bilevel and set(np.unique(page.image)) == {0, 255}
    assert 0.01 < (page.image == 0).mean() < 0.3  # text, not a blank or black render


def test_pdf_page_renders_at_its_image_resolution_clamped_to_the_limit(testdata: Path):
    """GIVEN a 4000x2864 gray image shown at 2400 dpi: rendered at max_render_dpi."""
    path = testdata / RESOURCES / "2400dpi.pdf"
    page = load_page(path, 0)
    assert page.dpi == (600.0, 600.0) and page.image.shape == (716, 1000) and not page.bilevel
    lower = load_page(path, 0, SourceLimits(max_render_dpi=300))
    assert lower.dpi == (300.0, 300.0) and lower.image.shape == (358, 500)


def test_anisotropic_pdf_page_comes_out_with_square_pixels(testdata: Path):
    """GIVEN aspect.pdf: a 1000x400 image of a circle shown at 200x100 dpi.
    THEN the page renders at 200 dpi both ways and the circle is round."""
    page = load_page(testdata / RESOURCES / "aspect.pdf", 0)
    assert page.dpi == (200.0, 200.0) and page.image.shape == (800, 1000, 3)
    red, green, blue = (page.image[..., channel].astype(int) for channel in range(3))
    rows, columns = np.nonzero((blue - green > 80) & (red - green > 40))  # the purple disc
    height, width = np.ptp(rows) + 1, np.ptp(columns) + 1
    assert height > 300 and abs(width / height - 1) < 0.02


def test_small_pdf_pages_each_get_their_own_resolution_and_colour(testdata: Path):
    """GIVEN 3small.pdf: gray 8-bit at 230 and 200 dpi, then 1-bit indexed black/white at 1440 dpi."""
    pages = list(iter_pages(testdata / RESOURCES / "3small.pdf"))
    assert [page.source_page for page in pages] == [1, 2, 3]
    assert [round(page.dpi[0]) for page in pages] == [230, 200, 600]
    assert [page.image.ndim for page in pages] == [2, 2, 2]
    assert [page.bilevel for page in pages] == [False, False, True]
    assert pages[1].image.shape == (50, 400)


def test_rotated_page_and_placement_keep_the_scan_resolution(testdata: Path):
    """GIVEN rotated_skew.pdf: a landscape MediaBox with /Rotate 90 (so shown portrait) and a
    2550x3300 image drawn turned a quarter and skewed by its matrix."""
    page = load_page(testdata / RESOURCES / "rotated_skew.pdf", 0)
    assert page.dpi[0] == pytest.approx(300, abs=0.5)
    assert abs(page.image.shape[0] - 3300) <= 2 and abs(page.image.shape[1] - 2550) <= 2
    assert page.bilevel


def test_oversized_pdf_page_fails_alone(testdata: Path):
    """GIVEN multipage.pdf, whose second page is a 9000x9000 image, and a 50 Mpixel limit.
    THEN that page raises TooManyPixelsError naming its size; the others load."""
    path = testdata / RESOURCES / "multipage.pdf"
    limits = SourceLimits(max_pixels_per_page=50_000_000)
    assert count_pages(path, limits) == 6
    with pytest.raises(TooManyPixelsError) as error:
        load_page(path, 1, limits)
    assert error.value.code == "too_many_pixels" and error.value.page == 2
    assert "9000 x 9000" in error.value.message and "50,000,000" in error.value.message
    pages = {index: load_page(path, index, limits) for index in (0, 2, 3, 4, 5)}
    assert pages[0].image.ndim == 3 and pages[0].dpi == (150.0, 150.0)  # ICC RGB JPEG
    assert pages[4].image.shape == (792, 612) and not pages[4].bilevel  # 8-bit gray at 72 dpi
    assert [page.source_page for page in pages.values()] == [1, 3, 4, 5, 6]


def test_page_without_images_renders_at_300_dpi(testdata: Path):
    page = load_page(testdata / RESOURCES / "blank.pdf", 0)
    assert page.dpi == (300.0, 300.0) and page.image.shape[:2] == (3300, 2550)
    assert page.image.min() == 255


def test_pdf_page_that_renders_too_long_is_stopped(testdata: Path, tmp_path: Path, monkeypatch):
    """GIVEN a renderer that hangs (fault injection: a stand-in for pdftoppm that sleeps).
    THEN the page fails with a limit error instead of blocking the worker."""
    hanging = tmp_path / "pdftoppm"
    hanging.write_text("#!/bin/sh\nexec sleep 60\n")
    hanging.chmod(0o755)
    monkeypatch.setattr("intake.pdf_render.PDFTOPPM", str(hanging))
    with pytest.raises(LimitExceededError) as error:
        load_page(testdata / RESOURCES / "kcs.pdf", 0, SourceLimits(render_timeout_s=0.5))
    assert_input_error(error, LimitExceededError, "limit_exceeded", "kcs.pdf")
    assert error.value.page == 1


@pytest.mark.parametrize("user_password", ["mo-ho-so", ""], ids=["user-password", "owner-only"])
def test_encrypted_pdf_is_refused(testdata: Path, tmp_path: Path, user_password: str):
    path = tmp_path / "encrypted.pdf"
    with pikepdf.open(testdata / RESOURCES / "ccitt.pdf") as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="can-bo", user=user_password))
    for call in (lambda: count_pages(path), lambda: load_page(path, 0), lambda: next(iter_pages(path))):
        with pytest.raises(EncryptedPdfError) as error:
            call()
        assert_input_error(error, EncryptedPdfError, "encrypted_pdf", "encrypted.pdf")
        assert error.value.message.startswith("PDF is encrypted; ")


@pytest.mark.parametrize("name", ["multipage.pdf", "ccitt.pdf"])
def test_pdf_cut_in_half_is_truncated(testdata: Path, tmp_path: Path, name: str):
    """GIVEN half of a real PDF (pikepdf can even 'repair' half of ccitt.pdf into one page)."""
    data = (testdata / RESOURCES / name).read_bytes()
    path = write_bytes(tmp_path, name, data[: len(data) // 2])
    for call in (lambda: count_pages(path), lambda: load_page(path, 0)):
        with pytest.raises(TruncatedFileError) as error:
            call()
        assert_input_error(error, TruncatedFileError, "truncated_file", name)


@pytest.mark.parametrize("ending", [b"", b"\n%%EOF\n"], ids=["no-end-marker", "end-marker"])
def test_garbage_after_a_pdf_header_is_corrupt(tmp_path: Path, ending: bytes):
    path = write_bytes(tmp_path, "scan.pdf", b"%PDF-1.4\n" + garbage(20_000) + ending)
    with pytest.raises(CorruptFileError) as error:
        count_pages(path)
    assert_input_error(error, CorruptFileError, "corrupt_file", "scan.pdf")


def test_pdf_that_only_pikepdf_can_repair_still_loads(testdata: Path, tmp_path: Path):
    """GIVEN ccitt.pdf without its cross-reference table and trailer: poppler gives up,
    pikepdf rebuilds it. THEN the page loads from the repaired copy."""
    data = (testdata / RESOURCES / "ccitt.pdf").read_bytes()
    path = write_bytes(tmp_path, "damaged.pdf", data[: data.rfind(b"\nxref") + 1] + b"%%EOF\n")
    page = load_page(path, 0)
    original = load_page(testdata / RESOURCES / "ccitt.pdf", 0)
    assert np.array_equal(page.image, original.image)


def test_pdf_without_pages_is_refused(tmp_path: Path):
    path = tmp_path / "empty.pdf"
    pikepdf.new().save(path)
    with pytest.raises(NoPagesError) as error:
        count_pages(path)
    assert_input_error(error, NoPagesError, "no_pages", "empty.pdf")


@pytest.mark.parametrize(
    ("sample", "pages"), [(f"{RESOURCES}/multipage.pdf", 6), (f"{BARCODES}/patch-code-t-middle.tiff", 3)]
)
def test_file_with_more_pages_than_allowed_is_refused(testdata: Path, sample: str, pages: int):
    path = testdata / sample
    assert count_pages(path, SourceLimits(max_pages=pages)) == pages
    for call in (count_pages, lambda p, limits: load_page(p, 0, limits), iter_pages):
        with pytest.raises(TooManyPagesError) as error:
            call(path, SourceLimits(max_pages=pages - 1))
        assert_input_error(error, TooManyPagesError, "too_many_pages", path.name)


# --- raster images ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["baiona.png", "baiona_alpha.png", "baiona_cmyk.jpg", "baiona_colormapped.png"])
def test_colour_models_come_out_as_the_same_rgb_page(testdata: Path, name: str):
    """GIVEN the same photo as RGB, RGBA, Adobe CMYK JPEG and palette PNG."""
    reference = load_page(testdata / RESOURCES / "baiona.png", 0).image
    page = load_page(testdata / RESOURCES / name, 0)
    assert page.image.shape == (682, 640, 3) and page.image.dtype == np.uint8
    assert mean_difference(page.image, reference) < 3  # an un-inverted CMYK would be ~200 off


def test_gray_png_stays_two_dimensional(testdata: Path):
    page = load_page(testdata / RESOURCES / "baiona_gray.png", 0)
    reference = cv2.cvtColor(load_page(testdata / RESOURCES / "baiona.png", 0).image, cv2.COLOR_RGB2GRAY)
    assert page.image.shape == (682, 640) and not page.bilevel
    assert mean_difference(page.image, reference) < 3


@pytest.mark.parametrize(("cmyk", "rgb"), [("CMYK.jpg", "normal.jpg"), ("CMYK.tif", "normal.png")])
def test_cmyk_files_match_their_rgb_twins(testdata: Path, cmyk: str, rgb: str):
    page = load_page(testdata / IMG2PDF / cmyk, 0)
    assert page.image.shape == (48, 115, 3)
    assert mean_difference(page.image, load_page(testdata / IMG2PDF / rgb, 0).image) < 5


@pytest.mark.parametrize(
    ("sample", "dpi"),
    [(f"{IMG2PDF}/mono.png", 72.009), (f"{IMG2PDF}/mono.tif", 72.0), (f"{TESTING}/phototest.tif", 200.0),
     (f"{TESTING}/eurotext.tif", 300.0), (f"{RESOURCES}/linn.png", 300.0)],
)
def test_bilevel_images_are_0_255_gray_with_their_dpi(testdata: Path, sample: str, dpi: float):
    page = load_page(testdata / sample, 0)
    assert page.bilevel and page.image.ndim == 2 and set(np.unique(page.image)) == {0, 255}
    assert page.dpi == pytest.approx((dpi, dpi))


def test_multi_page_tiff_yields_every_frame_with_its_own_size(testdata: Path):
    pages = list(iter_pages(testdata / BARCODES / "patch-code-t-middle.tiff"))
    assert [page.source_page for page in pages] == [1, 2, 3]
    assert [page.image.shape for page in pages] == [(3300, 2550, 3), (3508, 2481, 3), (3300, 2550, 3)]
    assert all(page.dpi == (300.0, 300.0) and not page.dpi_estimated for page in pages)


def test_gray_alpha_tiff_is_composited_on_white(testdata: Path):
    """GIVEN the same three pages as gray+alpha, almost all of each page transparent."""
    rgb = load_page(testdata / BARCODES / "patch-code-t-middle.tiff", 1).image
    page = load_page(testdata / BARCODES / "patch-code-t-middle-alpha.tiff", 1)
    assert page.image.ndim == 2 and page.image.mean() > 200  # transparent is white, not black
    assert mean_difference(page.image, cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)) < 3


@pytest.mark.parametrize("compression", ["group4", "tiff_lzw", "packbits", "tiff_adobe_deflate"])
def test_tiff_compressions_decode_to_the_same_page(testdata: Path, tmp_path: Path, compression: str):
    original = load_page(testdata / TESTING / "phototest.tif", 0)
    with Image.open(testdata / TESTING / "phototest.tif") as image:
        image.save(tmp_path / "scan.tif", compression=compression, dpi=(200, 200))
    page = load_page(tmp_path / "scan.tif", 0)
    assert np.array_equal(page.image, original.image) and page.bilevel


def test_jpeg_compressed_tiff_frames_load(testdata: Path, tmp_path: Path):
    reference = load_page(testdata / RESOURCES / "baiona.png", 0).image
    frames = [Image.fromarray(reference), Image.fromarray(np.ascontiguousarray(reference[::-1]))]
    frames[0].save(tmp_path / "scan.tif", save_all=True, append_images=frames[1:], compression="jpeg", dpi=(300, 300))
    pages = list(iter_pages(tmp_path / "scan.tif"))
    assert len(pages) == 2 and pages[1].dpi == (300.0, 300.0)
    assert mean_difference(pages[1].image, reference[::-1]) < 4


def test_webp_loads_as_rgb(testdata: Path):
    page = load_page(testdata / "zxing-cpp/test/samples/qrcode-2/qr-inv-1.webp", 0)
    assert page.image.shape == (403, 419, 3) and page.dpi_estimated


def test_jpeg_exif_orientation_is_applied(testdata: Path, tmp_path: Path):
    """GIVEN a phone-style JPEG stored sideways with EXIF orientation 6 (turn clockwise to view)."""
    upright = load_page(testdata / RESOURCES / "baiona.png", 0).image
    stored = Image.fromarray(np.ascontiguousarray(np.rot90(upright, k=1)))  # turned counter-clockwise
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(tmp_path / "phone.jpg", exif=exif, dpi=(300, 300), quality=95)
    page = load_page(tmp_path / "phone.jpg", 0)
    assert page.image.shape == upright.shape
    assert mean_difference(page.image, upright) < 4


def test_sixteen_bit_png_becomes_eight_bit(testdata: Path, tmp_path: Path):
    gray = load_page(testdata / RESOURCES / "baiona_gray.png", 0).image
    Image.fromarray(gray.astype(np.uint16) * 257).save(tmp_path / "deep.png", dpi=(300, 300))
    page = load_page(tmp_path / "deep.png", 0)
    assert page.image.dtype == np.uint8 and np.array_equal(page.image, gray)


def test_fax_resolution_tiff_gets_square_pixels(testdata: Path, tmp_path: Path):
    """GIVEN phototest.tif stored as a 200x100 dpi fax (every other row)."""
    with Image.open(testdata / TESTING / "phototest.tif") as image:
        image.resize((640, 240), Image.Resampling.NEAREST).save(tmp_path / "fax.tif", dpi=(200, 100))
    page = load_page(tmp_path / "fax.tif", 0)
    assert page.image.shape == (480, 640) and page.dpi == (200.0, 200.0)
    assert page.bilevel and set(np.unique(page.image)) == {0, 255}


def paper_pixels(paper: str, dpi: int, landscape: bool = False) -> tuple[int, int]:
    short_mm, long_mm = PAPER_SIZES_MM[paper]
    width, height = (long_mm, short_mm) if landscape else (short_mm, long_mm)
    return round(width / 25.4 * dpi), round(height / 25.4 * dpi)


@pytest.mark.parametrize(
    ("paper", "dpi", "landscape", "declared"),
    [("A4", 300, False, (10, 10)), ("A5", 200, True, (5000, 5000)), ("A4", 200, False, (300, 50)),
     ("Letter", 240, False, None), ("Legal", 300, True, (72, 72))],
)
def test_implausible_or_missing_dpi_is_estimated_from_paper_size(tmp_path: Path, paper, dpi, landscape, declared):
    """GIVEN a white page of a standard paper size with an absurd, lopsided, oversized or no dpi."""
    assert dpi in STANDARD_DPIS
    width, height = paper_pixels(paper, dpi, landscape)
    width = round(width * 0.97)  # scanners crop a little
    extra = {"dpi": declared} if declared else {}
    Image.new("L", (width, height), 255).save(tmp_path / "page.png", **extra)
    page = load_page(tmp_path / "page.png", 0)
    assert page.dpi == (dpi, dpi) and page.dpi_estimated


@pytest.mark.parametrize(
    ("sample", "dpi"), [(f"{TESSERACT}/multi-page-images.tiff", 300), (f"{RESOURCES}/baiona.png", 300)]
)
def test_real_images_without_dpi_are_estimated(testdata: Path, sample: str, dpi: int):
    """GIVEN a 2476x3204 Letter-ish scan with no dpi, and a photo that fits no paper size."""
    page = load_page(testdata / sample, 0)
    assert page.dpi == (dpi, dpi) and page.dpi_estimated


@pytest.mark.parametrize(
    ("sample", "name"),
    [(f"{RESOURCES}/baiona.png", "scan.png"), (f"{RESOURCES}/baiona_cmyk.jpg", "scan.jpg"),
     (f"{BARCODES}/patch-code-t-middle.tiff", "scan.tif"), (f"{TESTING}/eurotext.tif", "scan.tif")],
)
@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_image_cut_short_is_truncated(testdata: Path, tmp_path: Path, sample: str, name: str):
    data = (testdata / sample).read_bytes()
    path = write_bytes(tmp_path, name, data[: len(data) // 2])
    with pytest.raises(TruncatedFileError) as error:
        list(iter_pages(path))
    assert_input_error(error, TruncatedFileError, "truncated_file", name)


@pytest.mark.parametrize(
    ("magic", "name"),
    [
        (b"\x89PNG\r\n\x1a\n", "scan.png"),
        (b"\xff\xd8\xff\xe0", "scan.jpg"),
        (b"II*\x00", "scan.tif"),
        (b"MM\x00*", "scan.tiff"),
    ],
)
def test_garbage_after_an_image_signature_is_corrupt(tmp_path: Path, magic: bytes, name: str):
    path = write_bytes(tmp_path, name, magic + garbage(20_000))
    with pytest.raises(CorruptFileError) as error:
        load_page(path, 0)
    assert_input_error(error, CorruptFileError, "corrupt_file", name)


def png_declaring(width: int, height: int) -> bytes:
    """A valid 1x1 gray PNG whose IHDR is patched to declare width x height (CRC fixed)."""
    pixel = zlib.compress(b"\x00\x00")
    header = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)

    def chunk(body: bytes) -> bytes:
        return struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))

    return b"\x89PNG\r\n\x1a\n" + chunk(header) + chunk(b"IDAT" + pixel) + chunk(b"IEND")


def test_decompression_bomb_is_refused_from_its_header(tmp_path: Path):
    """GIVEN a 70-byte PNG declaring 40000x40000 pixels (1.6 G): refused, not decoded."""
    path = write_bytes(tmp_path, "bomb.png", png_declaring(40_000, 40_000))
    assert path.stat().st_size < 100
    with pytest.raises(TooManyPixelsError) as error:
        load_page(path, 0)
    assert error.value.code == "too_many_pixels" and error.value.source == "bomb.png"
    assert "40000 x 40000" in error.value.message and "150,000,000" in error.value.message


def test_pixel_limit_applies_to_each_tiff_frame(tmp_path: Path):
    """GIVEN a TIFF of a small page then a large, highly compressible one, and a 1 Mpixel limit."""
    frames = [Image.new("L", (800, 1000), 255), Image.new("L", (2000, 2000), 255)]
    frames[0].save(
        tmp_path / "pages.tif", save_all=True, append_images=frames[1:], compression="tiff_lzw", dpi=(300, 300)
    )
    limits = SourceLimits(max_pixels_per_page=1_000_000)
    assert load_page(tmp_path / "pages.tif", 0, limits).image.shape == (1000, 800)
    with pytest.raises(TooManyPixelsError) as error:
        load_page(tmp_path / "pages.tif", 1, limits)
    assert error.value.page == 2 and "2000 x 2000" in error.value.message


VIETNAMESE = "hồ sơ khai sinh Nguyễn Văn Ấn"


def long_name(words: str, suffix: str, max_bytes: int = 255) -> str:
    """As long a name as the file system takes (255 bytes in UTF-8)."""
    name = words * 20
    while len((name + suffix).encode()) > max_bytes:
        name = name[:-1]
    return name + suffix


@pytest.mark.parametrize(
    "name",
    [
        "scan 01 (bản sao).pdf",
        unicodedata.normalize("NFC", VIETNAMESE) + ".pdf",
        unicodedata.normalize("NFD", VIETNAMESE) + ".pdf",
        "-f 1 -l 2.pdf",
        long_name("Giấy tiếp nhận hồ sơ ", ".pdf"),
        unicodedata.normalize("NFD", VIETNAMESE) + ".tif",
    ],
    ids=["spaces", "nfc", "nfd", "leading-dash", "long", "nfd-tiff"],
)
def test_odd_file_names_load(testdata: Path, tmp_path: Path, name: str):
    sample = testdata / (f"{RESOURCES}/kcs.pdf" if name.endswith(".pdf") else f"{TESTING}/viet.tif")
    path = copy_as(sample, tmp_path, name)
    page = load_page(path, 0)
    assert page.source == name and page.image.size > 0 and page.bilevel


def test_iter_pages_holds_one_page_at_a_time(testdata: Path):
    """GIVEN three 25 MB RGB pages. WHEN each page is dropped before the next is asked for,
    THEN numpy never holds more than about one page."""
    path = testdata / BARCODES / "patch-code-t-middle.tiff"
    pages: Iterator = iter_pages(path)
    page_bytes = 3300 * 2550 * 3
    tracemalloc.start()
    try:
        numbers = []
        for page in pages:
            numbers.append(page.source_page)
            del page
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert numbers == [1, 2, 3]
    assert peak < 1.5 * page_bytes

"""Cover sheets and separator sheets: reading their codes and splitting a batch into dossiers.

Barcode cases use paperless-ngx's real sample scans (expected pages from testdata/MANIFEST.md,
0-based); receipt cover sheets are drawn here with segno on an A4 page of Vietnamese text.
"""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import pytesseract
import pytest
import segno
from pdf2image import convert_from_path
from PIL import Image, ImageDraw, ImageFont, ImageSequence

from intake.model import Barcode, PageKind, ProcessedPage, Separator, SeparatorKind
from intake.separate import (
    SeparationOptions,
    classify_separator,
    find_receipt_in_text,
    read_barcodes,
    split_into_dossiers,
)

BARCODES = Path("paperless-ngx/src/documents/tests/samples/barcodes")
PAPERLESS_DPI = 300  # paperless-ngx's CONSUMER_BARCODE_DPI default
DOSSIER_CODE = "000.00.19.H55-240419-0001"
CHIP_ID_QR = ("019190001234|123456789|NGUYỄN VĂN AN|15031990|Nam|"
              "Xóm 1, xã Quang Sơn, tỉnh Thái Nguyên|01022021")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
DEFAULT = SeparationOptions()
CUSTOM = SeparationOptions(separator_values=("CUSTOM BARCODE",))
ADAR = SeparationOptions(separator_values=("ADAR-NEXTDOC",))


@lru_cache(maxsize=None)
def scan_pages(path: Path, dpi: int = PAPERLESS_DPI) -> tuple[np.ndarray, ...]:
    """Every page of a PDF (rasterised like paperless does) or multi-page TIFF, as RGB."""
    if path.suffix == ".pdf":
        return tuple(np.asarray(page.convert("RGB")) for page in convert_from_path(path, dpi=dpi))
    with Image.open(path) as tiff:
        return tuple(np.asarray(frame.convert("RGB")) for frame in ImageSequence.Iterator(tiff))


def separator_indexes(path: Path, options: SeparationOptions) -> set[int]:
    found = set()
    for index, image in enumerate(scan_pages(path)):
        separator = classify_separator(read_barcodes(image), options)
        if separator is not None:
            assert separator.kind is SeparatorKind.PATCH_T and separator.dossier_code is None
            found.add(index)
    return found


def a4_page(dpi: int, qr_value: str | None, qr_cm: float, *, title: bool = True,
            code_line: str | None = f"Mã hồ sơ: {DOSSIER_CODE}") -> tuple[Image.Image, tuple]:
    """A white A4 page with a receipt's text, and a QR of ``qr_cm`` at the top right.

    Returns the page (gray) and the QR's box (left, top, right, bottom) in its pixels.
    """
    mm = dpi / 25.4
    page = Image.new("L", (round(210 * mm), round(297 * mm)), 255)
    draw = ImageDraw.Draw(page)
    body, heading = ImageFont.truetype(FONT, round(12 / 72 * dpi)), ImageFont.truetype(BOLD, round(13 / 72 * dpi))
    lines = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", heading), ("Độc lập - Tự do - Hạnh phúc", body)]
    if title:
        lines.append(("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", heading))
    if code_line:
        lines.append((code_line, body))
    lines += [("Họ và tên người nộp: NGUYỄN VĂN AN", body),
              ("Địa chỉ: xã Quang Sơn, tỉnh Thái Nguyên", body),
              ("Nội dung yêu cầu giải quyết: Đăng ký khai sinh", body),
              ("Ngày hẹn trả kết quả: 20/04/2024", body)] * 3
    y = round(20 * mm)
    for text, font in lines:
        draw.text((round(20 * mm), y), text, font=font, fill=0)
        y += round(9 * mm)
    box = ()
    if qr_value:
        side = round(qr_cm * 10 * mm)
        buffer = io.BytesIO()
        segno.make(qr_value, encoding="utf-8", micro=False).save(buffer, kind="png", scale=4, border=0)
        symbol = Image.open(buffer).convert("L").resize((side, side), Image.NEAREST)
        left, top = page.width - round(20 * mm) - side, round(15 * mm)
        page.paste(symbol, (left, top))
        box = (left, top, left + side, top + side)
    return page, box


def jpeg(page: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def assert_box_near(found: tuple[int, int, int, int], expected: tuple, tolerance: float) -> None:
    assert all(abs(a - b) <= tolerance for a, b in zip(found, expected)), (found, expected)


# --- read_barcodes + classify_separator on paperless-ngx's samples -----------------------

@pytest.mark.parametrize(("name", "options", "expected"), [
    ("patch-code-t.pdf", DEFAULT, {0}),
    ("patch-code-t-middle.pdf", DEFAULT, {1}),
    ("patch-code-t-middle.tiff", DEFAULT, {1}),
    ("patch-code-t-middle-alpha.tiff", DEFAULT, {1}),
    ("patch-code-t-middle-reverse.pdf", DEFAULT, {1}),
    ("patch-code-t-middle-distorted.pdf", DEFAULT, {1}),
    ("patch-code-t-middle-fuzzy.pdf", DEFAULT, {1}),
    ("barcode-fax-image.pdf", DEFAULT, {1}),
    ("patch-code-t-middle-unreadable.pdf", DEFAULT, set()),
    ("../simple.pdf", DEFAULT, set()),
    ("several-patcht-codes.pdf", DEFAULT, {2, 5}),
    ("patch-code-t-double.pdf", DEFAULT, {1, 2}),
    ("patch-code-t-qr.pdf", DEFAULT, {0}),
    ("many-qr-codes.pdf", ADAR, {1}),
    ("many-qr-codes.pdf", DEFAULT, set()),
    ("barcode-39-custom.pdf", CUSTOM, {0}),
    ("barcode-qr-custom.pdf", CUSTOM, {0}),
    ("barcode-128-custom.pdf", CUSTOM, {0}),
    ("barcode-39-custom.pdf", DEFAULT, set()),
    ("barcode-qr-custom.pdf", DEFAULT, set()),
    ("barcode-128-custom.pdf", DEFAULT, set()),
])
def test_separator_pages_match_paperless(testdata, name, options, expected):
    assert separator_indexes(testdata / BARCODES / name, options) == expected


@pytest.mark.parametrize(("name", "value"), [
    ("barcode-39-asn-123.pdf", "ASN00123"),
    ("barcode-qr-asn-000123-upscale-dpi.pdf", "ASN 000123"),  # small, printed and rescanned QR
    ("barcode-39-asn-invalid.pdf", "ASNXYZXYZ"),
    ("barcode-128-asn-too-large.pdf", "ASN4294967296"),
])
def test_asn_barcodes_are_read_but_do_not_separate(testdata, name, value):
    (image,) = scan_pages(testdata / BARCODES / name)
    barcodes = read_barcodes(image)
    assert [b.text for b in barcodes] == [value]
    assert classify_separator(barcodes, DEFAULT) is None


def test_same_code_found_many_times_on_a_page_is_reported_once(testdata):
    """GIVEN the separator page of many-qr-codes.pdf (several QR and Code 128 symbols, one value)."""
    barcodes = read_barcodes(scan_pages(testdata / BARCODES / "many-qr-codes.pdf")[1])
    assert {b.text for b in barcodes} == {"ADAR-NEXTDOC"}
    assert len({(b.text, b.format) for b in barcodes}) == len(barcodes)
    assert {"QRCode", "Code128"} <= {b.format for b in barcodes}


def test_second_pass_finds_a_barcode_the_full_page_pass_misses(testdata):
    """GIVEN barcode-39-custom.pdf rasterised at 200 dpi, where its narrow Code 39 bars alias
    (a plain full-page zxing pass found nothing there when this was written)
    WHEN its barcodes are read
    THEN the code is found, in the same place as at 300 dpi (scaled)."""
    path = testdata / BARCODES / "barcode-39-custom.pdf"
    (low,) = read_barcodes(scan_pages(path, dpi=200)[0])
    (high,) = read_barcodes(scan_pages(path, dpi=300)[0])
    assert low.text == high.text == "CUSTOM BARCODE"
    assert_box_near(low.bbox, tuple(v * 200 / 300 for v in high.bbox), tolerance=12)


# --- receipt cover sheets -----------------------------------------------------------------

def test_receipt_qr_of_3_cm_at_300_dpi_names_the_dossier():
    page, box = a4_page(300, DOSSIER_CODE, qr_cm=3)
    barcodes = read_barcodes(np.asarray(page))
    separator = classify_separator(barcodes, DEFAULT)
    assert separator == Separator(SeparatorKind.DOSSIER_RECEIPT, DOSSIER_CODE, barcodes[0])
    assert barcodes[0].format == "QRCode"
    assert_box_near(barcodes[0].bbox, box, tolerance=4)


def test_small_receipt_qr_at_200_dpi_in_jpeg_names_the_dossier():
    page, box = a4_page(200, DOSSIER_CODE, qr_cm=1.5)
    rgb = cv2.cvtColor(np.asarray(jpeg(page, quality=50)), cv2.COLOR_GRAY2RGB)
    separator = classify_separator(read_barcodes(rgb), DEFAULT)
    assert separator.kind is SeparatorKind.DOSSIER_RECEIPT
    assert separator.dossier_code == DOSSIER_CODE
    assert_box_near(separator.barcode.bbox, box, tolerance=4)


def test_blurred_tiny_receipt_qr_is_found_by_the_second_pass():
    """GIVEN a 0.8 cm receipt QR at 150 dpi, blurred like a printed-and-rescanned copy and JPEG'd
    (too small for a full-page pass when this was written)
    THEN its code is read and its box is reported in the page's own pixels."""
    page, box = a4_page(150, DOSSIER_CODE, qr_cm=0.8)
    blurred = Image.fromarray(cv2.GaussianBlur(np.asarray(page), (0, 0), 0.8))
    (barcode,) = read_barcodes(np.asarray(jpeg(blurred, quality=40)))
    assert barcode.text == DOSSIER_CODE
    assert_box_near(barcode.bbox, box, tolerance=4)


def test_chip_id_card_qr_is_read_but_is_no_separator():
    page, _ = a4_page(300, CHIP_ID_QR, qr_cm=2.5, title=False, code_line=None)
    barcodes = read_barcodes(np.asarray(page))
    assert [b.text for b in barcodes] == [CHIP_ID_QR]
    assert classify_separator(barcodes, DEFAULT) is None


def test_page_without_codes_has_no_barcodes():
    page, _ = a4_page(300, None, 0)
    assert read_barcodes(np.asarray(page)) == ()


@pytest.mark.parametrize("others", [
    ("PATCHT",), (CHIP_ID_QR,), ("ASN00123", "PATCHT"),
])
def test_dossier_code_wins_over_other_codes_on_the_page(others):
    barcodes = [Barcode(text, "QRCode", (0, 0, 10, 10)) for text in others]
    barcodes.insert(len(barcodes) // 2, Barcode(f" {DOSSIER_CODE}\n", "QRCode", (50, 0, 60, 10)))
    separator = classify_separator(barcodes, DEFAULT)
    assert (separator.kind, separator.dossier_code) == (SeparatorKind.DOSSIER_RECEIPT, DOSSIER_CODE)


@pytest.mark.parametrize("value", [
    "ASN00123", CHIP_ID_QR, "000.00.19.H55-241319-0001",  # month 13; below: a 9-digit sequence
    f"{DOSSIER_CODE}00000", f"Ma ho so {DOSSIER_CODE}", "patcht", "PATCH T",
])
def test_values_that_are_no_separator(value):
    assert classify_separator([Barcode(value, "QRCode", (0, 0, 1, 1))], DEFAULT) is None


@pytest.mark.parametrize("code", ["38.98.H29-240101-00012345", "H15.50.05.13-231231-1234", "H55-240229-0001"])
def test_unit_code_forms_of_the_domain_are_dossier_codes(code):
    separator = classify_separator([Barcode(code, "Code128", (0, 0, 1, 1))], DEFAULT)
    assert separator.dossier_code == code


# --- receipt found in the OCR text when its QR does not decode -----------------------------

RECEIPT_TEXT = """UBND XÃ QUANG SƠN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
Mã hồ sơ: {code}
Bộ phận tiếp nhận và trả kết quả xã Quang Sơn tiếp nhận hồ sơ của: NGUYỄN VĂN AN"""


@pytest.mark.slow
def test_receipt_is_found_in_tesseract_text_of_a_receipt_without_qr():
    """GIVEN a receipt page with no QR, read by real tesseract (vie)
    THEN the text alone names the dossier."""
    page, _ = a4_page(300, None, 0)
    text = pytesseract.image_to_string(page, lang="vie", config="--psm 4")
    separator = find_receipt_in_text(text, DEFAULT)
    assert separator.kind is SeparatorKind.DOSSIER_RECEIPT
    assert separator.dossier_code == DOSSIER_CODE
    assert separator.barcode.format == "text"


@pytest.mark.parametrize(("text", "code"), [
    (RECEIPT_TEXT.format(code=DOSSIER_CODE), DOSSIER_CODE),
    (unicodedata.normalize("NFD", RECEIPT_TEXT.format(code=DOSSIER_CODE)), DOSSIER_CODE),
    (RECEIPT_TEXT.format(code="000.00.19.H55 - 240419 -0001"), DOSSIER_CODE),
    (RECEIPT_TEXT.format(code="000 . 00.19 .H55-24O419-OOO1"), DOSSIER_CODE),
    (RECEIPT_TEXT.format(code="38.98.H29-240101-00012345, ngày 01/01/2024"), "38.98.H29-240101-00012345"),
    ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả\nMã hồ sơ:000.00.19.H55-240419-0001", DOSSIER_CODE),
    ("GIÁY TIÉP NHẬN HÒ SƠ VÀ HẸN TRẢ KÉT QUẢ\nMã hồ so : 000.00.19.H55-240419-0001", DOSSIER_CODE),
    ("| GIAY TIEP NHAN H0 SO VA HEN TRA KET QUA\nMa ho so. 000.00.19.H55-240419-0001", DOSSIER_CODE),
])
def test_receipt_text_names_the_dossier(text, code):
    separator = find_receipt_in_text(text, DEFAULT)
    assert separator.kind is SeparatorKind.DOSSIER_RECEIPT
    assert separator.dossier_code == code
    assert separator.barcode.text == code and separator.barcode.format == "text"


@pytest.mark.parametrize("text", [
    "",
    # a form that mentions the dossier code, but is no receipt
    f"TỜ KHAI ĐĂNG KÝ KHAI SINH\nMã hồ sơ: {DOSSIER_CODE}\nHọ và tên: NGUYỄN VĂN AN",
    # the title, but no code after the label
    "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ\nMã hồ sơ: ..........\nNgày 19/04/2024",
    # the title and a code, but not as the dossier code
    f"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ\nSố biên nhận: {DOSSIER_CODE}",
    # the title quoted inside a sentence of another paper
    f"Căn cứ Giấy tiếp nhận hồ sơ và hẹn trả kết quả, Mã hồ sơ: {DOSSIER_CODE};",
    # an invalid date inside the code
    RECEIPT_TEXT.format(code="000.00.19.H55-240432-0001"),
])
def test_text_that_is_no_receipt(text):
    assert find_receipt_in_text(text, DEFAULT) is None


# --- split_into_dossiers ---------------------------------------------------------------------

def page(number: int, kind: PageKind = PageKind.CONTENT, code: str | None = None,
         patch: bool = False) -> ProcessedPage:
    separator = None
    if patch:
        separator = Separator(SeparatorKind.PATCH_T, None, Barcode("PATCHT", "Code39", (0, 0, 1, 1)))
    elif code:
        separator = Separator(SeparatorKind.DOSSIER_RECEIPT, code, Barcode(code, "QRCode", (0, 0, 1, 1)))
    return ProcessedPage("scan.pdf", number, kind, separator=separator)


def receipt(number: int, code: str) -> ProcessedPage:
    return page(number, PageKind.SEPARATOR, code=code)


def numbers(pages) -> list[int]:
    return [p.source_page for p in pages]


CODE_B = "000.00.19.H55-240419-0002"


def test_receipts_start_dossiers_and_earlier_pages_are_unassigned():
    batch = [page(1), page(2), receipt(3, DOSSIER_CODE), page(4), page(5), receipt(6, CODE_B), page(7)]
    dossiers = split_into_dossiers(batch, DEFAULT)
    assert [d.dossier_code for d in dossiers] == [None, DOSSIER_CODE, CODE_B]
    assert [numbers(d.pages) for d in dossiers] == [[1, 2], [4, 5], [7]]
    assert [numbers(d.separator_pages) for d in dossiers] == [[], [3], [6]]


def test_no_unassigned_dossier_when_the_batch_starts_with_a_receipt():
    dossiers = split_into_dossiers([receipt(1, DOSSIER_CODE), page(2)], DEFAULT)
    assert [(d.dossier_code, numbers(d.pages)) for d in dossiers] == [(DOSSIER_CODE, [2])]


def test_batch_without_separators_is_one_unassigned_dossier_and_empty_batch_none():
    (dossier,) = split_into_dossiers([page(1), page(2)], DEFAULT)
    assert dossier.dossier_code is None and numbers(dossier.pages) == [1, 2]
    assert split_into_dossiers([], DEFAULT) == []


@pytest.mark.parametrize(("keep", "pages", "dropped"), [(False, [2, 4], [3]), (True, [2, 3, 4], [])])
def test_blank_backs_are_dropped_or_kept(keep, pages, dropped):
    batch = [receipt(1, DOSSIER_CODE), page(2), page(3, PageKind.BLANK), page(4)]
    (dossier,) = split_into_dossiers(batch, SeparationOptions(keep_blank_pages=keep))
    assert (numbers(dossier.pages), numbers(dossier.dropped_pages)) == (pages, dropped)


@pytest.mark.parametrize(("keep", "pages"), [(False, [2]), (True, [1, 2])])
def test_separator_pages_are_kept_in_the_dossier_only_on_request(keep, pages):
    batch = [receipt(1, DOSSIER_CODE), page(2)]
    (dossier,) = split_into_dossiers(batch, SeparationOptions(keep_separator_pages=keep))
    assert numbers(dossier.pages) == pages and numbers(dossier.separator_pages) == [1]


def test_failed_pages_are_dropped_and_pages_with_ocr_errors_are_kept():
    failed = page(2, PageKind.FAILED)
    unread = ProcessedPage("scan.pdf", 3, PageKind.CONTENT, error_code="ocr_timeout", error="timed out")
    (dossier,) = split_into_dossiers([receipt(1, DOSSIER_CODE), failed, unread],
                                     SeparationOptions(keep_blank_pages=True))
    assert dossier.pages == (unread,) and dossier.dropped_pages == (failed,)


def test_receipt_without_pages_is_still_a_dossier():
    dossiers = split_into_dossiers([receipt(1, DOSSIER_CODE), receipt(2, CODE_B), page(3)], DEFAULT)
    assert [(d.dossier_code, numbers(d.pages)) for d in dossiers] == [(DOSSIER_CODE, []), (CODE_B, [3])]


def test_patch_t_sheets_start_dossiers_without_code():
    batch = [page(1), page(2, PageKind.SEPARATOR, patch=True), page(3), receipt(4, DOSSIER_CODE),
             page(5), page(6, PageKind.SEPARATOR, patch=True), page(7)]
    dossiers = split_into_dossiers(batch, DEFAULT)
    assert [(d.dossier_code, numbers(d.pages)) for d in dossiers] == [
        (None, [1]), (None, [3]), (DOSSIER_CODE, [5]), (None, [7])]


def test_receipt_scanned_again_continues_its_dossier():
    """GIVEN a duplex receipt (front, back with the same code) and, later, a receipt scanned twice
    THEN each code yields one dossier holding its pages in scan order."""
    batch = [receipt(1, DOSSIER_CODE), receipt(2, DOSSIER_CODE), page(3), receipt(4, CODE_B), page(5),
             receipt(6, DOSSIER_CODE), page(7)]
    dossiers = split_into_dossiers(batch, DEFAULT)
    assert [(d.dossier_code, numbers(d.pages), numbers(d.separator_pages)) for d in dossiers] == [
        (DOSSIER_CODE, [3, 7], [1, 2, 6]), (CODE_B, [5], [4])]


def test_patch_code_t_double_splits_into_two_documents(testdata):
    """GIVEN paperless-ngx's patch-code-t-double.pdf: a page, two PATCHT sheets, a page
    WHEN its pages are read and split
    THEN two documents come out, like paperless-ngx: the adjacent sheets open one dossier."""
    path = testdata / BARCODES / "patch-code-t-double.pdf"
    batch = []
    for number, image in enumerate(scan_pages(path), start=1):
        separator = classify_separator(read_barcodes(image), DEFAULT)
        kind = PageKind.SEPARATOR if separator else PageKind.CONTENT
        batch.append(ProcessedPage(path.name, number, kind, separator=separator))
    dossiers = split_into_dossiers(batch, DEFAULT)
    assert [(numbers(d.pages), numbers(d.separator_pages)) for d in dossiers] == [([1], []), ([4], [2, 3])]


@pytest.mark.parametrize("keep_blank", [False, True])
@pytest.mark.parametrize(("first", "second"), [
    (page(1, PageKind.SEPARATOR, patch=True), receipt(2, DOSSIER_CODE)),
    (receipt(1, DOSSIER_CODE), page(2, PageKind.SEPARATOR, patch=True)),
])
def test_receipt_and_patch_t_sheet_together_open_one_dossier_named_by_the_receipt(first, second, keep_blank):
    """GIVEN a receipt and a PATCHT sheet with only a blank back between them."""
    batch = [page(0), first, page(3, PageKind.BLANK), second, page(4)]
    dossiers = split_into_dossiers(batch, SeparationOptions(keep_blank_pages=keep_blank))
    blank_kept, blank_dropped = ([3], []) if keep_blank else ([], [3])
    assert [(d.dossier_code, numbers(d.pages), numbers(d.separator_pages), numbers(d.dropped_pages))
            for d in dossiers] == [(None, [0], [], []), (DOSSIER_CODE, blank_kept + [4], [1, 2], blank_dropped)]

"""ID card photocopies: the chip card's QR text, the card's bilingual labels read by real
tesseract from a rendered copy, and the QR's exact values checked against the OCR."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import segno
from PIL import Image, ImageDraw, ImageFont

from intake.cleanup import CleanupOptions, clean_page
from intake.model import PageKind, SourcePage
from intake.pipeline import PipelineOptions, process_page
from intake.separate import SeparationOptions, classify_separator, find_receipt_in_text, read_barcodes
from ocr.engine import TesseractEngine
from ocr.fields import extract_fields
from ocr.id_card import (FACE_BLOCK, ChipCard, card_for_page, chip_cards, holds_card_faces, looks_like_id_card,
                         parse_chip_qr)
from ocr.model import Field, OcrResult, Word
from ocr.validate import FieldWarning

FONTS = "/usr/share/fonts/truetype/dejavu/"
CARD = (1011, 638)  # 85.6 x 54 mm at 300 dpi
A4 = (2480, 3508)
ADDRESS = "Tổ 5, phường Tân Thịnh, thành phố Thái Nguyên, tỉnh Thái Nguyên"
QR_TEXT = f"019190001234|090123456|Nguyễn Thị Hoà|15031990|Nữ|{ADDRESS}|10082021"
PRINTED = {"id_number": "019190001234", "name": "NGUYỄN THỊ HOÀ", "dob": "1990-03-15", "sex": "Nữ",
           "place_of_origin": "Phúc Xuân, Thái Nguyên", "address": ADDRESS, "issue_date": "2021-08-10"}


# --- the QR code's text --------------------------------------------------------------------

def test_chip_qr_gives_the_cards_values():
    card = parse_chip_qr(QR_TEXT + "\n")
    assert card == ChipCard("019190001234", "090123456", "Nguyễn Thị Hoà", "1990-03-15", "Nữ",
                            ADDRESS, "2021-08-10")
    assert card.field_values()["name"] == "NGUYỄN THỊ HOÀ"  # as the card prints it


def test_chip_qr_with_trailing_parts_of_old_numbers_gives_the_cards_values():
    """The 2024 identity card's QR also carries a cancelled ID number, where there is one,
    after the seven parts public code reads: empty parts or numbers of an ID's length
    after them are no reason to drop the card."""
    assert parse_chip_qr(QR_TEXT) is not None
    for tail in ("|", "|019190009999", "||"):
        assert parse_chip_qr(QR_TEXT + tail) == parse_chip_qr(QR_TEXT)


def test_chip_qr_without_an_old_number_and_in_decomposed_unicode():
    card = parse_chip_qr("001099012345||Nguye\u0302\u0303n Va\u0306n A|01011999|Nam|Hà Nội|15042021")
    assert card is not None and card.old_id_number is None and card.full_name == "Nguyễn Văn A"


@pytest.mark.parametrize("text", [
    "019190001234|090123456|Nguyễn Thị Hoà|15031990|Nữ|Hà Nội",  # 6 parts
    QR_TEXT + "|extra",  # 8 parts, the eighth no number
    QR_TEXT + "|01919000123",  # 8 parts, the eighth no ID number (11 digits)
    QR_TEXT.replace("019190001234", "01919000123"),  # 11-digit ID
    QR_TEXT.replace("019190001234", "O19190001234"),  # a letter in the ID
    QR_TEXT.replace("090123456", "09012345"),  # 8-digit old number
    QR_TEXT.replace("15031990", "31021990"),  # no 31 February
    QR_TEXT.replace("10082021", "10081980"),  # issued before birth
    QR_TEXT.replace("|Nữ|", "|Female|"),
    QR_TEXT.replace(ADDRESS, " "),
    QR_TEXT.replace("Nguyễn Thị Hoà", "Nguyễn 2 Hoà"),
    "000.00.19.H55-240419-0001", "PATCHT", "",
])
def test_malformed_chip_qr_is_refused(text):
    assert parse_chip_qr(text) is None


def test_several_cards_on_a_page_are_told_apart_by_what_the_ocr_read():
    other = QR_TEXT.replace("019190001234", "019085012345").replace("Nguyễn Thị Hoà", "Lê Văn Tám")
    cards = chip_cards([QR_TEXT, other, QR_TEXT, "PATCHT"])
    assert len(cards) == 2
    read = {"id_number": Field("019085012345", 0.9, None)}
    assert card_for_page(cards, read).full_name == "Lê Văn Tám"
    assert card_for_page(cards, {"name": Field("NGUYỄN THỊ HOÀ", 0.9, None)}).id_number == "019190001234"
    assert card_for_page(cards, {}) is None


def test_card_pages_are_told_by_their_english_label_halves():
    assert looks_like_id_card("Họ và tên / Full narne:\nNGUYỄN AN\nNgày sinh / Date of birlh: 01/02/1990")
    assert not looks_like_id_card("Họ và tên: NGUYỄN AN\nNgày sinh: 01/02/1990\nNơi cư trú: Hà Nội")
    assert not looks_like_id_card("Full name only once")


def test_a_poor_copy_is_told_by_its_title_and_zone():
    page = "CĂN CƯỚC CÔNG DÂN\nHọ vá lên / Fu# nạrne\nTDVNM1973898539019197389853<<1"
    assert looks_like_id_card(page)
    assert not looks_like_id_card("Số căn cước công dân: 001090012345\nNơi cư trú: Hà Nội")


def test_one_marker_is_enough_to_look_for_card_faces():
    """A faded copy turned on the glass: the page read kept the title and little else."""
    page = "Đọc lập - Tự do - Hạnh phúc\n“CĂN cước CÔNG.DẦN -\nphường Yết Kiều, quận Hà Đóng"
    assert not looks_like_id_card(page)
    assert looks_like_id_card(page, min_markers=1)
    assert not looks_like_id_card("Họ và tên: NGUYỄN AN\nNơi cư trú: Hà Nội", min_markers=1)


def test_words_read_on_a_card_face_mark_the_page_as_a_card():
    page_word = Word("Kính", (10, 10, 60, 30), 0.9, (1, 1, 1))
    face_word = Word("Nam", (10, 50, 60, 70), 0.9, (FACE_BLOCK + 2, 1, 1))
    assert not holds_card_faces(OcrResult((page_word,), "Kính", 0.9, 100, 100))
    assert holds_card_faces(OcrResult((page_word, face_word), "Kính\nNam", 0.9, 100, 100))


# --- a rendered photocopy: small sans text on a gray, noisy card ------------------------------

def card_face(seed: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    rng = np.random.default_rng(seed)
    gray = np.full((CARD[1], CARD[0]), 200, np.float32) + rng.normal(0, 6, (CARD[1], CARD[0]))
    face = Image.fromarray(gray.clip(0, 255).astype(np.uint8), "L")
    draw = ImageDraw.Draw(face)
    draw.rectangle((0, 0, CARD[0] - 1, CARD[1] - 1), outline=120, width=3)
    return face, draw


def font(name: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONTS + name, px)


def card_front(qr_text: str | None) -> Image.Image:
    face, draw = card_face(1)
    for text, y, size in (("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 40, 24), ("Độc lập - Tự do - Hạnh phúc", 72, 22),
                          ("CĂN CƯỚC CÔNG DÂN", 150, 40), ("Citizen Identity Card", 190, 22)):
        draw.text((480, y), text, font=font("DejaVuSans-Bold.ttf", size), fill=20, anchor="ms")
    if qr_text:
        modules = np.array(segno.make_qr(qr_text, error="m").matrix, dtype=bool)
        qr = Image.fromarray(np.where(modules, 0, 255).astype(np.uint8), "L").resize((200, 200), Image.NEAREST)
        face.paste(qr, (CARD[0] - 230, 20))
    label, value = font("DejaVuSans.ttf", 20), font("DejaVuSans-Bold.ttf", 26)
    rows = [
        [("Số / No.:", label), ("019190001234", font("DejaVuSans-Bold.ttf", 30))],
        [("Họ và tên / Full name:", label)], [("NGUYỄN THỊ HOÀ", value)],
        [("Ngày sinh / Date of birth:", label), ("15/03/1990", value)],
        [("Giới tính / Sex:", label), ("Nữ", value), ("   Quốc tịch / Nationality:", label), ("Việt Nam", value)],
        [("Quê quán / Place of origin:", label)], [("Phúc Xuân, Thái Nguyên", value)],
        [("Nơi thường trú / Place of residence:", label), ("Tổ 5, phường", value)],
        [("Tân Thịnh, thành phố Thái Nguyên,", value)], [("tỉnh Thái Nguyên", value)],
    ]
    for y, row in zip((240, 285, 320, 365, 405, 445, 478, 520, 555, 590), rows):
        x = 290
        for text, face_font in row:
            draw.text((x, y), text, font=face_font, fill=15)
            x += draw.textlength(text + " ", font=face_font)
    return face


def card_back() -> Image.Image:
    face, draw = card_face(2)
    label = font("DejaVuSans.ttf", 20)
    draw.text((30, 60), "Đặc điểm nhân dạng / Personal identification:", font=label, fill=15)
    draw.text((30, 95), "Nốt ruồi cách 2 cm trên sau mép phải", font=font("DejaVuSans.ttf", 22), fill=15)
    draw.text((30, 140), "Ngày, tháng, năm / Date, month, year: 10/08/2021", font=label, fill=15)
    draw.text((250, 200), "CỤC TRƯỞNG CỤC CẢNH SÁT", font=font("DejaVuSans-Bold.ttf", 20), fill=15, anchor="ms")
    return face


def card_copy(qr_text: str | None = QR_TEXT) -> np.ndarray:
    """Front above back at 1:1 on a white A4 sheet at 300 dpi."""
    sheet = Image.new("L", A4, 255)
    sheet.paste(card_front(qr_text), (734, 400))
    sheet.paste(card_back(), (734, 1300))
    return np.asarray(sheet)


@pytest.fixture(scope="module")
def card_read() -> tuple[OcrResult, tuple[str, ...]]:
    """The copy cleaned as the pipeline cleans a page (the gray card normalised) and read once
    by real tesseract; with the texts of the codes zxing decodes on it."""
    image = card_copy()
    clean = clean_page(SourcePage("card.png", 1, image, (300.0, 300.0)),
                       replace(CleanupOptions(), detect_orientation=False), None)
    ocr = TesseractEngine().recognize(clean.ocr_image, dpi=300).scaled(1 / clean.ocr_scale)
    return ocr, tuple(barcode.text for barcode in read_barcodes(image))


def test_photocopied_chip_qr_decodes_and_is_no_separator(card_read):
    ocr, codes = card_read
    assert codes == (QR_TEXT,)
    barcodes = read_barcodes(card_copy())
    assert classify_separator(barcodes, SeparationOptions()) is None
    assert find_receipt_in_text(ocr.text, SeparationOptions()) is None


def test_card_fields_are_read_from_the_bilingual_labels(card_read):
    ocr, _ = card_read
    page = extract_fields(ocr)
    assert page.document_type is not None and page.document_type.value == "id_card_copy"
    assert {key: f.value for key, f in page.fields.items()} == PRINTED
    assert all(0 < f.raw_confidence < 0.99 and not f.warnings for f in page.fields.values())


def test_qr_that_agrees_with_the_ocr_raises_confidence(card_read):
    ocr, codes = card_read
    alone, confirmed = extract_fields(ocr).fields, extract_fields(ocr, qr_texts=codes).fields
    assert {key: f.value for key, f in confirmed.items()} == PRINTED
    for key in ("id_number", "name", "dob", "sex", "address", "issue_date"):
        assert confirmed[key].raw_confidence >= 0.99 > alone[key].raw_confidence, key
        assert confirmed[key].bbox == alone[key].bbox and not confirmed[key].warnings
    assert extract_fields(ocr, qr_texts=codes).document_type.raw_confidence == 1.0


def test_qr_that_disagrees_wins_with_a_warning(card_read):
    """GIVEN the QR of a card whose birth date and residence differ from what the copy
    prints WHEN the page is read THEN the QR's exact values are kept, marked and doubted."""
    ocr, _ = card_read
    other = QR_TEXT.replace("15031990", "16031990").replace("Tổ 5,", "Tổ 6,")
    fields = extract_fields(ocr, qr_texts=[other]).fields
    for key, exact in (("dob", "1990-03-16"), ("address", ADDRESS.replace("Tổ 5", "Tổ 6"))):
        assert fields[key].value == exact
        assert FieldWarning.ID_CARD_QR_MISMATCH in fields[key].warnings
        assert fields[key].raw_confidence <= 0.5
    assert fields["name"].raw_confidence >= 0.99 and not fields["name"].warnings


def test_qr_alone_gives_the_fields_the_ocr_missed():
    page = extract_fields(OcrResult.empty(2480, 3508), qr_texts=[QR_TEXT])
    assert page.document_type.value == "id_card_copy"
    assert {key: f.value for key, f in page.fields.items()} == {
        key: value for key, value in PRINTED.items() if key != "place_of_origin"}
    assert all(f.bbox is None for f in page.fields.values())


def test_pipeline_hands_the_pages_codes_to_the_extractor(tmp_path: Path):
    """GIVEN a scanned card copy whose QR decodes WHEN the pipeline processes the page
    THEN it is a content page (never a separator) with the QR-confirmed card values."""
    path = tmp_path / "card.png"
    Image.fromarray(card_copy()).save(path, dpi=(300, 300))
    options = replace(PipelineOptions(workers=1),
                      cleanup=replace(PipelineOptions().cleanup, detect_orientation=False))
    page = process_page(path, 0, options)
    assert page.kind is PageKind.CONTENT and page.separator is None
    assert page.document_type.value == "id_card_copy"
    assert page.fields["id_number"].value == "019190001234"
    assert page.fields["id_number"].raw_confidence >= 0.99
    left, top, right, bottom = page.fields["id_number"].bbox  # archive-image pixels: on the card
    assert 734 <= left < right <= 734 + CARD[0] and 400 <= top < bottom <= 400 + CARD[1]


def test_the_zones_name_line_alone_is_a_marker():
    """GIVEN a hard card copy's page read that kept little but the zone's name line, with
    a speck in its filler and no "VNM" (hard dev seed 57) WHEN it is checked for card
    markers THEN that line is one: the card faces are looked for. Angle brackets in
    ordinary text are not."""
    page = "'esđence, SỐ 149, ngô 53, đường Lý Thường\nĐặc đếm nhàn dụng\nLY<<XUAN<L0N6<<<<<<<<£<<<<<<<< ,"
    assert looks_like_id_card(page, min_markers=1)
    assert not looks_like_id_card("Ghi chú: <<xem mặt sau>>, name", min_markers=1)

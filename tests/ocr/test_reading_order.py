"""Two columns side by side are read one after the other; everything else keeps its order."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr.engine import TesseractEngine
from ocr.model import Word
from ocr.reading_order import reading_order_text

SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"


def word(text: str, left: int, right: int, top: int, line: tuple[int, int, int]) -> Word:
    return Word(text, (left, top, right, top + 40), 0.9, line)


def test_a_signature_block_read_across_is_put_back_into_its_columns():
    words = [word("CHỨNG", 100, 250, 1000, (5, 1, 1)), word("THỰC", 260, 380, 1000, (5, 1, 1)),
             word("Thanh", 1400, 1550, 1000, (5, 1, 1)), word("Hóa", 1560, 1650, 1000, (5, 1, 1)),
             word("ĐÚNG", 100, 250, 1060, (5, 1, 2)), word("NGƯỜI", 1450, 1600, 1060, (5, 1, 2)),
             word("(Ký)", 1500, 1600, 1120, (5, 1, 3)),
             word("Quyển", 100, 250, 1180, (5, 1, 4)),
             word("Tôi", 100, 180, 1300, (6, 1, 1)), word("cam", 190, 280, 1300, (6, 1, 1)),
             word("đoan", 290, 400, 1300, (6, 1, 1)), word("rộng", 410, 2000, 1300, (6, 1, 1)),
             word("hết", 100, 2000, 1360, (6, 1, 2))]
    assert reading_order_text(words) == (
        "CHỨNG THỰC\nĐÚNG\nQuyển\nThanh Hóa\nNGƯỜI\n(Ký)\n\nTôi cam đoan rộng\nhết")


def test_a_left_column_line_wider_than_the_first_stays_in_the_left_column():
    """A receipt header: the office's second line reaches past the middle of the gap the
    first line leaves (measured on a generated receipt: it was read into the right column)."""
    words = [word("UBND", 466, 611, 580, (8, 1, 1)), word("QUẬN", 629, 777, 580, (8, 1, 1)),
             word("ĐÔNG", 800, 1031, 580, (8, 1, 1)),
             word("CỘNG", 1183, 1336, 580, (8, 1, 1)), word("NAM", 1350, 2266, 580, (8, 1, 1)),
             word("BỘ", 390, 459, 652, (8, 1, 2)), word("TRẢ", 475, 1109, 652, (8, 1, 2)),
             word("Độc", 1393, 1480, 662, (8, 1, 2)), word("phúc", 1490, 2055, 662, (8, 1, 2)),
             word("KẾT", 635, 740, 718, (8, 1, 3)), word("QUẢ", 750, 864, 718, (8, 1, 3))]
    assert reading_order_text(words) == "UBND QUẬN ĐÔNG\nBỘ TRẢ\nKẾT QUẢ\nCỘNG NAM\nĐộc phúc"


def test_a_left_heading_reaching_into_the_gap_stays_in_the_left_column():
    """A certified copy's "NGƯỜI THỰC HIỆN CHỨNG THỰC", bold and centred in the left
    column, reaches past the middle of the gap the lines above leave (measured on a
    generated copy, tesseract coordinates: it was read after the right column)."""
    words = [word("CHỨNG", 537, 800, 2172, (6, 1, 1)), word("SAO", 810, 1120, 2172, (6, 1, 1)),
             word("Thái", 1290, 1880, 2172, (6, 1, 1)), word("2024", 1900, 2050, 2172, (6, 1, 1)),
             word("ĐÚNG", 551, 880, 2252, (6, 1, 2)), word("CHÍNH", 900, 1100, 2252, (6, 1, 2)),
             word("NGƯỜI", 1480, 1640, 2252, (6, 1, 2)), word("CẦU", 1660, 1880, 2252, (6, 1, 2)),
             word("Quyển", 546, 700, 2420, (7, 1, 1)),
             word("NGƯỜI", 409, 600, 2492, (7, 1, 2)), word("THỰC", 620, 800, 2492, (7, 1, 2)),
             word("CHỨNG", 820, 1000, 2492, (7, 1, 2)), word("THỰC", 1020, 1245, 2492, (7, 1, 2)),
             word("HUỲNH", 541, 740, 2876, (10, 1, 2))]
    assert reading_order_text(words) == (
        "CHỨNG SAO\nĐÚNG CHÍNH\nQuyển\nNGƯỜI THỰC CHỨNG THỰC\nHUỲNH\nThái 2024\nNGƯỜI CẦU")


def test_one_line_with_a_wide_gap_is_not_a_pair_of_columns():
    words = [word("Điện", 100, 200, 500, (1, 1, 1)), word("thoại:", 210, 330, 500, (1, 1, 1)),
             word("Email:", 1200, 1350, 500, (1, 1, 1)),
             word("Chí", 100, 180, 560, (1, 1, 2)), word("Minh", 190, 300, 560, (1, 1, 2))]
    assert reading_order_text(words) == "Điện thoại: Email:\nChí Minh"


def test_real_two_column_signature_block_reads_column_by_column():
    """GIVEN a form's signature block printed in two columns WHEN tesseract reads it
    THEN the page text has the left column's lines before the right column's."""
    page = Image.new("L", (2480, 900), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(SERIF, 54)
    left = ["CHỨNG THỰC BẢN SAO", "ĐÚNG VỚI BẢN CHÍNH", "Số chứng thực: 105"]
    right = ["Thái Nguyên, ngày 22 tháng 08 năm 2023", "NGƯỜI YÊU CẦU", "(Ký, ghi rõ họ tên)"]
    for row, (a, b) in enumerate(zip(left, right)):
        draw.text((200, 150 + row * 90), a, font=font, fill=0)
        draw.text((1250, 150 + row * 90), b, font=font, fill=0)
    text = TesseractEngine().recognize(np.asarray(page), dpi=300).text
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines == left + right, text


def test_two_fields_on_rows_a_few_lines_apart_keep_their_rows():
    """GIVEN "Ngày sinh … Giới tính" on one row and "Điện thoại … Email" three rows down,
    with ordinary lines between THEN the rows keep their order: they are not columns."""
    words = [word("Ngày", 100, 200, 500, (1, 1, 1)), word("1952", 210, 330, 500, (1, 1, 1)),
             word("Giới", 1200, 1300, 500, (1, 1, 1)), word("Nam", 1310, 1400, 500, (1, 1, 1)),
             word("Số", 100, 160, 560, (1, 1, 2)), word("0920", 170, 400, 560, (1, 1, 2)),
             word("Điện", 100, 200, 620, (1, 1, 3)), word("0392", 210, 330, 620, (1, 1, 3)),
             word("Email:", 1200, 1350, 620, (1, 1, 3))]
    assert reading_order_text(words) == "Ngày 1952 Giới Nam\nSố 0920\nĐiện 0392 Email:"


def test_marks_a_signature_left_beside_a_column_are_left_out_and_the_columns_hold():
    """A certified copy's signature block (measured on a generated copy, tesseract's
    lines): the certifier's signature left "` „`" in the left column, level with the
    applicant's name on the right; the certifier's name under it must stay in the left
    column, and the marks are no text."""
    words = [word("NGƯỜI", 400, 600, 2400, (7, 1, 1)), word("THỰC", 620, 800, 2400, (7, 1, 1)),
             word("Bắc", 1300, 1400, 2400, (7, 1, 1)), word("Ninh", 1410, 1550, 2400, (7, 1, 1)),
             word("Ngày", 500, 640, 2470, (7, 1, 2)), word("03/06/2023", 650, 900, 2470, (7, 1, 2)),
             word("NGƯỜI", 1350, 1550, 2470, (7, 1, 2)), word("YÊU", 1570, 1700, 2470, (7, 1, 2)),
             word("`", 520, 540, 2640, (8, 1, 1)), word("„`", 580, 620, 2640, (8, 1, 1)),
             word("NGUYỄN", 1300, 1500, 2640, (8, 1, 1)), word("DŨNG", 1520, 1700, 2640, (8, 1, 1)),
             word("PHẠM", 560, 700, 2840, (9, 1, 1)), word("ĐỨC", 720, 840, 2840, (9, 1, 1))]
    assert reading_order_text(words) == (
        "NGƯỜI THỰC\nNgày 03/06/2023\nPHẠM ĐỨC\nBắc Ninh\nNGƯỜI YÊU\nNGUYỄN DŨNG")

"""Reading order on an ID card face: the photo's column before the fields, the issuing
text and signer's name before the fingerprint labels. Boxes are those tesseract gave on
generated copies (face pixels, rounded); the last test reads a real generated copy."""

from __future__ import annotations

import pytest

from ocr.card_layout import face_reading_order
from ocr.model import Word


def line(number: int, text: str, left: int, top: int, right: int, height: int = 60) -> list[Word]:
    """One line's words, spread evenly over ``left``..``right``."""
    words = text.split()
    step = (right - left) / len(words)
    return [Word(word, (round(left + i * step), top, round(left + (i + 1) * step - 10), top + height), 0.9,
                 (1, 1, number)) for i, word in enumerate(words)]


def texts(words: list[Word]) -> list[str]:
    lines: list[list[str]] = []
    for index, word in enumerate(words):
        if index and word.line == words[index - 1].line:
            lines[-1].append(word.text)
        else:
            lines.append([word.text])
    return [" ".join(line) for line in lines]


FRONT = [  # tesseract's order: the expiry (under the photo) last
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 580, 30, 1830),
    ("Độc lập - Tự do - Hạnh phúc", 792, 110, 1620),
    ("CĂN CƯỚC CÔNG DÂN", 556, 190, 1490),
    ("Citizen Identity Card", 917, 270, 1490),
    ("Số / No.: 040161877318", 734, 390, 1450),
    ("Họ và tên / Full name:", 735, 470, 1220),
    ("NGUYỄN HỒNG HOA", 734, 540, 1570),
    ("Ngày sinh / Date of birth: 17/09/1961", 733, 620, 1570),
    ("Nơi thường trú / Place of residence: Số 183, đường Bến Oánh", 734, 700, 2390),
    ("Kinh Bắc, thành phố Bắc Ninh", 734, 770, 1810),
    ("Có giá trị đến:", 87, 800, 344),
    ("Date of expiry:", 86, 860, 342),
    ("Không thời hạn", 75, 920, 454),
]


def test_the_expiry_under_the_photo_is_read_before_the_fields_beside_it():
    words = [w for n, (text, left, top, right) in enumerate(FRONT) for w in line(n, text, left, top, right)]
    assert texts(face_reading_order(words)) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "CĂN CƯỚC CÔNG DÂN",
        "Citizen Identity Card", "Có giá trị đến:", "Date of expiry:", "Không thời hạn",
        "Số / No.: 040161877318", "Họ và tên / Full name:", "NGUYỄN HỒNG HOA",
        "Ngày sinh / Date of birth: 17/09/1961", "Nơi thường trú / Place of residence: Số 183, đường Bến Oánh",
        "Kinh Bắc, thành phố Bắc Ninh"]


def test_the_title_close_above_a_tall_card_number_stays_above_the_expiry():
    """GIVEN the card's title just above the card number, whose large print makes its
    line tall and sets the name's label far below it (boxes from a generated mild copy,
    where the title's middle lay within 3/4 of that wide pitch of the number and the
    photo's column was read before the title) THEN the photo's column comes between the
    title and the number."""
    rows = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 540, 57, 1792, 100),
            ("Độc lập - Tự do - Hạnh phúc", 755, 138, 1585, 90),
            ("SOCIALIST REPUBLIC OF VIET NAM", 760, 222, 1582, 60),
            ("Independence - Freedom - Happiness", 766, 279, 1583, 70),
            ("CĂN CƯỚC CÔNG DÂN", 828, 344, 1820, 126),
            ("Citizen Identity Card", 891, 486, 1468, 63),
            ("Số / No.: 038078983565", 715, 590, 1433, 120),
            ("Họ và tên / Full name:", 717, 742, 1203, 95),
            ("HỒ HỮU CƯỜNG", 721, 811, 1343, 91),
            ("Ngày sinh / Date of birth: 18/08/1978", 723, 865, 1560, 137),
            ("Quê quán / Place of origin:", 727, 1079, 1316, 62),
            ("Có giá trị đến:", 91, 1389, 350, 48),
            ("Date of expiry:", 94, 1455, 347, 36),
            ("18/08/2038", 95, 1515, 344, 60)]
    words = [w for n, (text, left, top, right, height) in enumerate(rows) for w in line(n, text, left, top, right, height)]
    order = texts(face_reading_order(words))
    assert order[5:10] == ["Citizen Identity Card", "Có giá trị đến:", "Date of expiry:", "18/08/2038",
                           "Số / No.: 038078983565"]


def test_the_card_number_without_its_label_is_still_the_first_field():
    """GIVEN the card number read without its small label ("Số / No.:"), so its line starts
    right of the fields' margin, in its large print a good way above the name's label
    THEN it is still the first field: the photo's column comes before it."""
    front = [row if not row[0].startswith("Số") else ("040161877318", 1010, 360, 1450) for row in FRONT]
    words = [w for n, (text, left, top, right) in enumerate(front) for w in line(n, text, left, top, right)]
    order = texts(face_reading_order(words))
    assert order[4:9] == ["Có giá trị đến:", "Date of expiry:", "Không thời hạn", "040161877318",
                          "Họ và tên / Full name:"]
    lost = {"Họ và tên / Full name:": ("và tên / Full name:", 820, 470, 1220)}  # its first word lost too
    words = [w for n, (text, left, top, right) in enumerate(lost.get(row[0], row) for row in front)
             for w in line(n, text, left, top + (40 if text.startswith("và") else 0), right)]
    order = texts(face_reading_order(words))
    assert order[4:9] == ["Có giá trị đến:", "Date of expiry:", "Không thời hạn", "040161877318", "và tên / Full name:"]
    scraps = {"Họ và tên / Full name:": ("Ệ ; Họ và tên / Full name", 200, 470, 1220)}  # photo scraps, colon lost
    words = [w for n, (text, left, top, right) in enumerate(scraps.get(row[0], row) for row in FRONT)
             for w in line(n, text, left, top + (40 if text.startswith("Ệ") else 0), right)]
    order = texts(face_reading_order(words))
    assert order[4:9] == ["Có giá trị đến:", "Date of expiry:", "Không thời hạn", "Số / No.: 040161877318",
                          "Ệ ; Họ và tên / Full name"]


def test_a_field_line_led_by_photo_scraps_stays_among_the_fields():
    """Scraps tesseract made of the photo start a field line far left: the line still
    reaches past the margin, so it is no line of the photo's column."""
    front = list(FRONT)
    front[5] = ("Ệ P Họ và tên / Full name:", 120, 470, 1220)
    words = [w for n, (text, left, top, right) in enumerate(front) for w in line(n, text, left, top, right)]
    order = texts(face_reading_order(words))
    assert order.index("Ệ P Họ và tên / Full name:") == order.index("NGUYỄN HỒNG HOA") - 1
    assert order.index("Ệ P Họ và tên / Full name:") > order.index("Không thời hạn")


BACK = [  # tesseract's order: the signer's name (under the seal) after the fingerprint labels
    ("Đặc điểm nhân dạng / Personal identification:", 86, 80, 1060),
    ("Sẹo chấm C:1cm trên sau đuôi lông mày phải", 89, 160, 1100),
    ("Ngày, tháng, năm / Date, month, year: 19/07/2021", 93, 250, 1160),
    ("CỤC TRƯỞNG CỤC CẢNH SÁT", 363, 360, 1080),
    ("QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", 213, 420, 1250),
    ("FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER", 198, 540, 1230),
    ("Ngón trỏ trái Ngón trỏ phải", 1590, 760, 2360),
    ("Left index finger Right index finger", 1580, 822, 2370),
    ("Hoàng Văn Nam", 626, 920, 950),
]
FINGERPRINTS = ((1468, 70, 1936, 730), (1993, 63, 2461, 720))
SEAL = (325, 509, 1069, 900)


def test_the_signers_name_under_the_seal_is_read_before_the_fingerprint_labels():
    words = [w for n, (text, left, top, right) in enumerate(BACK) for w in line(n, text, left, top, right)]
    order = texts(face_reading_order(words, FINGERPRINTS + (SEAL,)))
    assert order == [text for text, *_ in BACK[:6]] + ["Hoàng Văn Nam"] + [text for text, *_ in BACK[6:8]]


def test_without_the_art_the_rows_keep_their_order():
    """Without the fingerprint boxes nothing parts the columns (the name is lower than
    the labels): the lines are read from top to bottom, as tesseract gave them."""
    words = [w for n, (text, left, top, right) in enumerate(BACK) for w in line(n, text, left, top, right)]
    assert texts(face_reading_order(words)) == [text for text, *_ in BACK]


@pytest.mark.parametrize("art", [(), ((0, 0, 2540, 1600),)])
def test_a_frame_round_the_face_parts_nothing(art):
    words = [w for n, (text, left, top, right) in enumerate(FRONT) for w in line(n, text, left, top, right)]
    assert texts(face_reading_order(words, art)) == texts(face_reading_order(words))

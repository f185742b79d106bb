"""The identity card issued since 1 July 2024 (thẻ căn cước, Circular 16/2024/TT-BCA):
its labels differ from the 2021 citizen card's ("Số định danh cá nhân", "Họ, chữ đệm và
tên khai sinh", "Nơi cư trú", "Nơi đăng ký khai sinh" for "Quê quán", and on the back
"Ngày, tháng, năm cấp" and "Ngày, tháng, năm hết hạn" on lines of their own)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from intake.pipeline import PipelineOptions, process_page
from ocr.card_print import restore_card_print
from ocr.fields import extract_fields
from ocr.id_card import looks_like_id_card
from ocr.model import Word
from samples.degrade import Level
from samples.id_card import mrz_check_digit
from tests.ocr.test_id_card_fields import page

TODAY = dt.date(2026, 11, 1)


def zone(number: str, born: str, sex: str, expiry: str, name: str) -> tuple[str, str, str]:
    """A TD1 zone with right check digits (ICAO 9303), as the card prints it."""
    short = number[-9:]
    first = f"IDVNM{short}{mrz_check_digit(short)}{number}<<{mrz_check_digit(number)}"
    second = f"{born}{mrz_check_digit(born)}{sex}{expiry}{mrz_check_digit(expiry)}VNM".ljust(29, "<")
    second += mrz_check_digit(first[5:] + second[:7] + second[8:15] + second[18:29])
    return first.ljust(30, "<"), second, name.ljust(30, "<")


FRONT = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
         "SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness",
         "CĂN CƯỚC", "IDENTITY CARD",
         "Số định danh cá nhân / Personal identification number:", "019090004521",
         "Họ, chữ đệm và tên khai sinh / Full name:", "ĐÀO THỊ THU HƯƠNG",
         "Ngày, tháng, năm sinh / Date of birth: 07/03/1990",
         "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam")
BACK = ("Nơi cư trú / Place of residence:", "Số 14, ngõ 8, đường Quang Trung, phường Quang Trung,",
        "thành phố Thái Nguyên, tỉnh Thái Nguyên",
        "Nơi đăng ký khai sinh / Place of birth:", "xã Phúc Xuân, thành phố Thái Nguyên, tỉnh Thái Nguyên",
        "Ngày, tháng, năm cấp / Date of issue: 12/09/2024",
        "Ngày, tháng, năm hết hạn / Date of expiry: 07/03/2030",
        "BỘ CÔNG AN", "MINISTRY OF PUBLIC SECURITY",
        *zone("019090004521", "900307", "F", "300307", "DAO<<THI<THU<HUONG"))


def test_every_field_of_the_2024_card_is_read_by_its_own_label():
    """GIVEN the text of a 2024 identity card's two faces WHEN its fields are read THEN
    each field comes from its own label, none inferred from where it stands: the place
    where the birth was registered is ``birth_place`` (no place of origin is printed),
    the issue and expiry dates are the back's two dated lines, not each other's."""
    assert looks_like_id_card("\n".join(FRONT + BACK))
    found = extract_fields(page(*FRONT, *BACK), today=TODAY)
    fields = found.fields
    assert found.document_type.value == "id_card_copy"
    assert fields["id_number"].value == "019090004521"
    assert fields["name"].value == "ĐÀO THỊ THU HƯƠNG"
    assert fields["dob"].value == "1990-03-07"
    assert fields["sex"].value == "Nữ"
    assert fields["address"].value == ("Số 14, ngõ 8, đường Quang Trung, phường Quang Trung, "
                                       "thành phố Thái Nguyên, tỉnh Thái Nguyên")
    assert fields["birth_place"].value == "xã Phúc Xuân, thành phố Thái Nguyên, tỉnh Thái Nguyên"
    assert "place_of_origin" not in fields
    assert fields["issue_date"].value == "2024-09-12"
    assert fields["expiry_date"].value == "2030-03-07"
    assert not any("label_inferred" in read.warnings for read in fields.values())


def test_a_2024_card_without_expiry():
    """GIVEN a card for someone over 60, its expiry line printed "Không thời hạn" WHEN
    read THEN the expiry is that, and the issue date stays the issue line's."""
    back = tuple(line.replace("07/03/2030", "Không thời hạn") for line in BACK[:7])
    fields = extract_fields(page(*FRONT, *back), today=TODAY).fields
    assert fields["expiry_date"].value == "Không thời hạn"
    assert fields["issue_date"].value == "2024-09-12"


def test_the_2024_cards_labels_read_with_ocr_noise():
    """GIVEN a copy's read whose labels lost marks and letters ("Ngày, thang, nam het han
    / Date of expry", "Nơi đăng ky khai sinh / Piace of birth") WHEN read THEN each
    still anchors its own field."""
    read = page("CĂN CƯỚC", "IDENTITY CARD", "Số định danh cá nhân / Personal identification number: 019090004521",
                "Nơi đăng ky khai sinh / Piace of birth:", "xã Phúc Xuân, thành phố Thái Nguyên, tỉnh Thái Nguyên",
                "Ngay, thang, năm cấp / Date of issua: 12/09/2024",
                "Ngày, thang, nam het han / Date of expry: 07/03/2030")
    fields = extract_fields(read, today=TODAY).fields
    assert fields["birth_place"].value == "xã Phúc Xuân, thành phố Thái Nguyên, tỉnh Thái Nguyên"
    assert fields["issue_date"].value == "2024-09-12"
    assert fields["expiry_date"].value == "2030-03-07"


def test_the_2024_cards_print_is_restored_not_taken_for_the_2021_cards():
    """GIVEN a 2024 card's labels read with a few letters wrong WHEN the card's print is
    restored THEN they take the 2024 card's spelling (the 2021 card's "Họ và tên / Full
    name:" and "Ngày, tháng, năm / Date, month, year:" are not forced onto them)."""
    lines = ("Họ, chữ đệm và tên khai sinh / Full nane:", "Ngày, tháng, năm hết hạn / Date of exjiry:",
             "Nơi đăng ký khai sinh / Place of birtn:", "BỘ CÔNG AN")
    words = [Word(text, (60 * column, 40 * row, 60 * column + 50, 40 * row + 30), 0.9, (1000, 1, row))
             for row, line in enumerate(lines) for column, text in enumerate(line.split())]
    restored = restore_card_print(words)
    text = [" ".join(w.text for w in restored if w.line[2] == row) for row in range(len(lines))]
    assert text == ["Họ, chữ đệm và tên khai sinh / Full name:", "Ngày, tháng, năm hết hạn / Date of expiry:",
                    "Nơi đăng ký khai sinh / Place of birth:", "BỘ CÔNG AN"]


@pytest.mark.parametrize("level", [Level.CLEAN, Level.MILD])
def test_a_2024_card_copy_is_read_whole_through_the_pipeline(scan_card_copy, tmp_path, level):
    """GIVEN a clean or mild scan of a generated copy of a 2024 identity card (its QR code
    on the back) WHEN the pipeline reads the page THEN every field the card prints comes
    out as printed, the place as ``birth_place``, and the text holds the card's own print."""
    image, truth = scan_card_copy(11, level, 300, issued=dt.date(2025, 2, 14))
    assert "birth_place" in truth and "place_of_origin" not in truth
    path = tmp_path / "card.png"
    image.save(path, dpi=(300, 300))
    page = process_page(path, 0, PipelineOptions(workers=1))
    assert page.document_type.value == "id_card_copy"
    for key, value in truth.items():
        assert key in page.fields and page.fields[key].value == value, (key, page.fields.get(key))
    for print_line in ("Nơi đăng ký khai sinh / Place of birth:", "Ngày, tháng, năm hết hạn / Date of expiry:"):
        assert print_line in page.ocr.text


def test_a_birth_place_whose_label_was_garbled_is_the_place_line_above_the_issue_date():
    """GIVEN a hard copy's back (generated 2024 card, hard level) whose birth place label
    read "Nơn kỷ ý of" and whose place lost its marks WHEN read THEN the birth place is
    the line above the issue date's, mended to the register's chain, and warned
    ``label_inferred``; the residence's second line is never taken for it."""
    back = ("NƠI Cự", "Số 174, đường Tố Hữu, phường An Hoà, thành phố Cần Thơ", "Nơn kỷ ý of",
            "phường Trường Thí, thảnh phổ Vỉnh, tịnh Nghê Án",
            "Ngày, tháng, năm cấp / Date of issue: 23/10/2025",
            "Ngày, tháng, năm hết hạn / Date of expiry: Không thời hạn")
    read = page("CĂN CƯỚC", "IDENTITY CARD", *back)
    garbled_row = 5  # read doubtfully, as tesseract read it
    read = replace(read, words=tuple(replace(w, confidence=0.55) if w.line[2] == garbled_row else w
                                     for w in read.words))
    fields = extract_fields(read, today=TODAY).fields
    assert fields["birth_place"].value == "phường Trường Thi, thành phố Vinh, tỉnh Nghệ An"
    assert "label_inferred" in fields["birth_place"].warnings
    wrapped = ("Nơi cư trú / Place of residence: Số 174, đường Tố Hữu,", "phường An Hoà, thành phố Cần Thơ",
               "Ngày, tháng, năm cấp / Date of issue: 23/10/2025")
    assert "birth_place" not in extract_fields(page("CĂN CƯỚC", "IDENTITY CARD", *wrapped), today=TODAY).fields


def test_a_garbled_birth_label_read_as_the_2021_issue_label_gives_way_to_the_issue_label():
    """GIVEN a hard 2024 front whose birth label read "Ngáy, háng nÂm senh /Oate co! bơm"
    (it anchors the bare "Ngày, tháng, năm" the 2021 card's issue date follows) and the
    back's issue line read whole WHEN read THEN the issue date is the back's."""
    read = page("CĂN CƯỚC", "IDENTITY CARD", "Ngáy, háng nÂm senh /Oate co! bơm 23/11/1958",
                "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam",
                "Ngày, tháng, năm cấp / Date of issue: 23/10/2025")
    assert extract_fields(read, today=TODAY).fields["issue_date"].value == "2025-10-23"


def test_a_2024_cards_name_that_reads_close_to_its_print_stays_the_name():
    """GIVEN a 2024 front whose holder is "HỒ CÔNG AN" (a letter from "BỘ CÔNG AN") WHEN
    its print is restored THEN the name stays as read; the Ministry's line read a letter
    off is restored."""
    lines = ("Họ, chữ đệm và tên khai sinh / Full name:", "HỒ CÔNG AN", "MINISTRY OF PUBLIC SECURlTY")
    words = [Word(text, (60 * column, 40 * row, 60 * column + 50, 40 * row + 30), 0.9, (1000, 1, row))
             for row, line in enumerate(lines) for column, text in enumerate(line.split())]
    text = [" ".join(w.text for w in restore_card_print(words) if w.line[2] == row) for row in range(3)]
    assert text == ["Họ, chữ đệm và tên khai sinh / Full name:", "HỒ CÔNG AN", "MINISTRY OF PUBLIC SECURITY"]


def test_a_2021_face_is_restored_by_its_own_rules_whatever_its_values():
    """GIVEN a 2021 front whose holder is "CHU ĐỀ MINH" (two of the 2024 card's label words)
    and whose title's English line read "ldentity Card" WHEN restored THEN the face is the
    2021 card's: the English line is "Citizen Identity Card"."""
    from ocr.card_print import is_identity_card_face
    lines = ("CĂN CƯỚC CÔNG DÂN", "ldentity Card", "Họ và tên / Full name:", "CHU ĐỀ MINH")
    words = [Word(text, (60 * column, 40 * row, 60 * column + 50, 40 * row + 30), 0.9, (1000, 1, row))
             for row, line in enumerate(lines) for column, text in enumerate(line.split())]
    assert not is_identity_card_face(words)
    text = [" ".join(w.text for w in restore_card_print(words) if w.line[2] == row) for row in range(4)]
    assert text[1] == "Citizen Identity Card" and text[3] == "CHU ĐỀ MINH"


def test_a_bilingual_form_is_no_card():
    """A form that labels its birth date and place in both languages is no ID card copy."""
    form = "TỜ KHAI\nNgày sinh / Date of birth: 01/02/1990\nNơi sinh / Place of birth: Hà Nội\nDate of issue"
    assert not looks_like_id_card(form)


def test_a_birth_place_is_found_above_the_issue_line_when_the_expiry_line_reads_as_one():
    """GIVEN a hard 2024 back whose expiry label read "Ngày tháng nÃn hết hạct / Dao of
    exguey" (it anchors the bare issue label too) and whose birth place label was lost
    WHEN read THEN the birth place is the line above the real issue line."""
    back = ("Nơi cư trú / Place of residence: Số 156, đường Phan Đình Phùng, phường Tân An, thành phố",
            "Cần Thơ", "phường 12, quận 3L thành phố HỖ Chí Mưn?h",
            "Ngày, tháng, năm cấp / Date of issue: 10/11/2024",
            "Ngày tháng nÃn hết hạct / Dao of exguey 09/10/2027")
    fields = extract_fields(page("CĂN CƯỚC", "IDENTITY CARD", *back), today=TODAY).fields
    assert fields["birth_place"].value.startswith("phường 12, quận 3")
    assert "label_inferred" in fields["birth_place"].warnings
    assert fields["issue_date"].value == "2024-11-10"


def test_a_cards_wrapped_value_goes_on_past_a_unit_word_cut_at_the_line_end():
    """GIVEN 2021 card values wrapped after a bare unit word ("..., huyện" / "Chương Mỹ, ...":
    "Chương" is a letter from "phường"; "..., thị" / "xã Sơn Tây, ...") WHEN read THEN
    the value goes on across the line: no second place starts there."""
    for first, second, whole in (
            ("Nơi thường trú / Place of residence: Thôn 5, xã Đông Sơn, huyện", "Chương Mỹ, thành phố Hà Nội",
             "Thôn 5, xã Đông Sơn, huyện Chương Mỹ, thành phố Hà Nội"),
            ("Nơi thường trú / Place of residence: Tổ 3, phường Trung Sơn Trầm, thị", "xã Sơn Tây, thành phố Hà Nội",
             "Tổ 3, phường Trung Sơn Trầm, thị xã Sơn Tây, thành phố Hà Nội")):
        fields = extract_fields(page("CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card", first, second), today=TODAY).fields
        assert fields["address"].value == whole


def test_a_name_in_capitals_above_a_garbled_birth_label_is_no_birth_place():
    """GIVEN a 2024 front whose name label and birth label were garbled (the birth label
    reads as the bare issue label), the holder "KHƯƠNG THỊ THU HƯƠNG" above it, and a back
    whose birth place label was lost WHEN read THEN the name is not taken for a birth place."""
    read = page("CĂN CƯỚC", "IDENTITY CARD", "Họ cbữ đệm vá tên kbai siuh / Fu!l nane", "KHƯƠNG THỊ THU HƯƠNG",
                "Ngáy, háng nÂm senh /Oate co! bơm 23/11/1958",
                "Nơi cư trú / Place of residence: Số 3, phố Huế, phường Hàng Bài, thành phố Hà Nội",
                "Cộng hòa Pháp", "Ngày, tháng, năm cấp / Date of issue: 23/10/2025")
    assert "birth_place" not in extract_fields(read, today=TODAY).fields

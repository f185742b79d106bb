"""The 2021 chip card's fixed print put back where a hard copy's read lost it, only on a
face known as that card's; values and other cards left as read."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ocr.card_print import restore_card_print
from ocr.card_template import TEMPLATE_BLOCK, _ends_in_date, completed_card_print, zones_chip_card
from ocr.id_card import ChipCard
from ocr.model import Word
from ocr.mrz import CardMrz, MrzValue

SIZE = (2520, 1620)  # a back face's flat image at 200 dpi, as the card read makes it
PRINTS = ((1469, 91, 1934, 746), (1994, 90, 2459, 745))  # its fingerprint boxes (hard copy)


def face(*texts: str, tops: tuple[int, ...] = (), lefts: tuple[int, ...] = ()) -> list[Word]:
    """A face's words, a line per text, 100 px apart (or at ``tops``), from x = 100 (or
    ``lefts``), 40 px tall."""
    words = []
    for number, text in enumerate(texts, start=1):
        top = tops[number - 1] if tops else 100 * number
        left = lefts[number - 1] if lefts else 100
        words += [Word(word, (left + 120 * i, top, left + 100 + 120 * i, top + 40), 0.6, (1, 1, number))
                  for i, word in enumerate(text.split())]
    return words


def face_lines(words: list[Word]) -> list[str]:
    return [" ".join(w.text for w in words if w.line == key) for key in dict.fromkeys(w.line for w in words)]


ZONE = CardMrz(("IDVNM1661839086019166183908<<8", "6610285F2610287VNM<<<<<<<<<<<9",
                 "NGUYEN<<THI<THANH<HOA<<<<<<<<<"), MrzValue("019166183908", True), None, None, "Nữ",
               "NGUYEN THI THANH HOA", True)
"""A chip card's zone as parsed (hard dev 95, scan_003 page 5)."""


def completed(words: list[Word], *, zone: CardMrz | None = ZONE, art: tuple = (),
              chip: ChipCard | None = None, holds_zone: bool = False) -> list[Word]:
    """As the card read does it: the print restored, then completed (the model judged on
    the words as read)."""
    return completed_card_print(restore_card_print(words), words, art, SIZE, zone, chip, holds_zone)


OFFICE = ["CỤC TRƯỞNG CỤC CẢNH SÁT", "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
          "DIRECTOR GENERAL OF THE POLICE DEPARTMENT", "FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER"]


def test_the_office_lines_a_chip_cards_back_lost_are_put_back_before_the_signer():
    """GIVEN a hard copy's back as read (hard dev 95): the office's first line read, its
    second far off (a 0 for an R), its English lines lost, then the signer's name and the
    zone WHEN the print is completed on a chip card's face THEN the second line is the
    print, the English ones stand between it and the signer, boxed below it at its pitch
    with the face's mean confidence, and the name and the zone stay as read (the mark's
    line gets its label above it)."""
    read = face("Seo chắm C sâu", "CỤC TRƯỞNG CỤC CẢNH SÁT", "QUÁN LÝ HÁJ@M VỆ T0 ÁT TỰ XÃ HỘI", "Lao bạn",
                "IDVNM1661839086019166183908<<8")
    words = completed(read)
    assert face_lines(words) == ["Đặc điểm nhân dạng / Personal identification:", "Seo chắm C sâu", *OFFICE,
                                 "Lao bạn", "IDVNM1661839086019166183908<<8"]
    english = {word for line in OFFICE[2:] for word in line.split()}
    put = [w for w in words if w.line[0] == TEMPLATE_BLOCK and w.text in english]
    assert {w.text for w in put} == english
    assert all(w.confidence == pytest.approx(0.6) for w in put)
    assert min(w.bbox[1] for w in put) > 300 and max(w.bbox[3] for w in put) < 500  # under the line at 300


def test_a_chip_cards_heading_gets_its_english_lines_and_the_title_its_second_line():
    """GIVEN a hard copy's front (hard dev 95): the heading's Vietnamese lines and the title
    read, a speck read between them ("1 F Fy"), "Citizen Identity Card" lost before the
    number's line WHEN completed THEN the English heading stands where the speck was and
    the title's second line before the number, which stays as read."""
    read = face("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "1 F Fy", "CĂN CƯỚC CÔNG DÂN",
                "Số / No.: 034196572144")
    assert face_lines(completed(read)) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "SOCIALIST REPUBLIC OF VIET NAM",
        "Independence - Freedom - Happiness", "CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card",
        "Số / No.: 034196572144"]


def test_print_is_put_back_only_on_a_chip_card_of_2021_known_by_its_own_read():
    """GIVEN faces whose card is not known as the 2021 chip card's: no zone parsed on the
    page (the 2016 card has none); only the state's heading read (the 2024 card prints it
    too); a 2024 card's face (its own labels read) WHEN completed THEN each stays as read."""
    office = face("CỤC TRƯỞNG CỤC CẢNH SÁT", "Lao bạn")
    assert face_lines(completed(office, zone=None)) == ["CỤC TRƯỞNG CỤC CẢNH SÁT", "Lao bạn"]
    heading = face("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số định danh")
    assert face_lines(completed(heading)) == face_lines(heading)
    identity = face("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "CĂN CƯỚC CÔNG DÂN",
                    "Nơi đăng ký khai sinh / Place of birth:")
    assert "SOCIALIST REPUBLIC OF VIET NAM" not in face_lines(completed(identity))


def test_a_value_between_restored_print_keeps_the_run_from_being_put_back_over_it():
    """GIVEN a name read between the heading's lines (the reading order is not the card's
    there) WHEN completed THEN nothing is put back over it or beside it."""
    read = face("Độc lập - Tự do - Hạnh phúc", "NGUYỄN VĂN AN", "CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card")
    assert face_lines(completed(read)) == face_lines(read)


def test_the_fingerprints_labels_are_put_back_under_the_two_boxes():
    """GIVEN a chip card's back as a hard copy read it (hard dev 95, seed 6 of the tests'
    copies): the office read, the labels' English row far off ("et exten tage Fiaght wudna
    eager") under the fingerprint boxes, the zone after WHEN completed THEN the two rows
    are the labels as printed, each under its box, where the read row stood; the rest
    stays."""
    read = face(*OFFICE, "Long", "Ngón trỏ trái Ngón trỏ phải", "et exten tage Fiaght wudna eager",
                "IDVNM0933349007036093334900<<2", tops=(900, 960, 1020, 1080, 1140, 760, 810, 1300),
                lefts=(100, 100, 100, 100, 100, 1500, 1500, 100))
    words = completed(read, art=PRINTS)
    assert face_lines(words) == [*OFFICE, "Long", "Ngón trỏ trái Ngón trỏ phải", "Left index finger Right index finger",
                                 "IDVNM0933349007036093334900<<2"]
    left = [w for w in words if w.text == "Left"][0]
    right = [w for w in words if w.text == "Right"][0]
    assert PRINTS[0][0] <= left.bbox[0] < PRINTS[0][2] and PRINTS[1][0] <= right.bbox[0] < PRINTS[1][2]
    assert left.bbox[1] > PRINTS[0][3]
    # without the boxes, above the office's first line: not where the labels are known to stand
    assert face_lines(completed(read)) == face_lines(restore_card_print(read))


def test_without_the_fingerprint_boxes_the_lines_right_below_the_office_are_the_labels():
    """GIVEN a chip card's back whose fingerprint boxes were not found (faded toner joined
    one to the face's edge: the tests' hard copy, seed 16), its labels read as "Ngôn tô
    ma" right of the face's middle below the office's first line, the signer's name left
    WHEN completed THEN the labels' two rows take that line's place, split over its box;
    the name stays. A back with no office line read keeps what it read."""
    read = face(*OFFICE, "Văn Tuần", "Ngôn tô ma", tops=(700, 760, 820, 880, 960, 1000),
                lefts=(100, 100, 100, 100, 300, 1500))
    words = completed(read)
    assert face_lines(words) == [*OFFICE, "Văn Tuần", "Ngón trỏ trái Ngón trỏ phải",
                                 "Left index finger Right index finger"]
    assert all(w.bbox[0] >= 1500 for w in words if w.line[0] == TEMPLATE_BLOCK)
    lost = face("Đặc điểm nhân dạng / Personal identification:", "Văn Tuần", "Ngôn tô ma", lefts=(100, 300, 1500))
    assert face_lines(completed(lost))[1:] == ["Văn Tuần", "Ngôn tô ma"]


def test_the_fronts_labels_are_known_by_the_values_they_stand_by():
    """GIVEN a hard copy's front as read (hard dev 95): the name's label garbled above the
    name the zone spells, the birth date's label garbled before the date, the sex line
    read as "wwe Sea NO", the place of origin's label lost above the place; the expiry's
    labels read as one scrap above its date between the title and the number WHEN
    completed THEN each label is as printed, the sex line with the zone's sex, and every
    value (the name, the dates, the number, the place) stays as read."""
    read = face("CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card", "Cô gá", "10/2226", "Số / No.: 019166183908",
                "+0 va itn name", "NGUYỄN THỊ THANH HOÀ", "May ý: / Oac# cứ ban 28/10/1966", "wwe Sea NO",
                "xã Kim Lan, huyện Gia Lâm, thành phố Hà Nội")
    assert face_lines(completed(read)) == [
        "CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card", "Có giá trị đến:", "Date of expiry:", "10/2226",
        "Số / No.: 019166183908", "Họ và tên / Full name:", "NGUYỄN THỊ THANH HOÀ",
        "Ngày sinh / Date of birth: 28/10/1966", "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam",
        "Quê quán / Place of origin:", "xã Kim Lan, huyện Gia Lâm, thành phố Hà Nội"]


def test_a_name_the_zone_spells_short_is_known_by_the_birth_date_under_it():
    """GIVEN a front whose name reads far from the zone's ("LƯƠNG YMU YÊN" against
    LLUONG<<THU<YEN) and whose zone gave no sex: the name's label lost after the number
    WHEN completed THEN the label is put between the number and the name, the birth
    date's label is restored, and the sex line stays as read (no sex to print)."""
    zone = CardMrz(ZONE.lines, None, None, None, None, "LLUONG THU YEN", True)
    read = face("CĂN CƯỚC CÔNG DÂN", "s4:me 834191B07174", "LƯƠNG YMU YÊN", "Ngày danh / Dươn of tạ h 30/12/3091",
                "Quếc Việt Nam")
    assert face_lines(completed(read, zone=zone)) == [
        "CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card", "s4:me 834191B07174", "Họ và tên / Full name:", "LƯƠNG YMU YÊN",
        "Ngày sinh / Date of birth: 30/12/3091", "Quếc Việt Nam"]


def test_the_backs_labels_stand_above_the_mark_and_before_the_issue_date():
    """GIVEN a hard copy's back (hard dev 95): the identification's label lost above the
    mark's line, the issue date's label garbled before the date above the office WHEN
    completed THEN both labels are as printed and the mark and the date stay as read."""
    read = face("Seo chắm C:2cm dưới sau cánh mũi phải", "Moắy f#iáng nêm Da¿e zxyn?: 14/02/2022", *OFFICE[:2],
                "Kim Hoà")
    assert face_lines(completed(read)) == [
        "Đặc điểm nhân dạng / Personal identification:", "Sẹo chấm C:2cm dưới sau cánh mũi phải",
        "Ngày, tháng, năm / Date, month, year: 14/02/2022", *OFFICE, "Kim Hoà"]


MAI_ZONE = CardMrz(("IDVNM1863745868042186374586<<2", "8604127F2604125VNM<<<<<<<<<<<2",
                     "PHAM<<HONG<MAI<<<<<<<<<<<<<<<<"), MrzValue("042186374586", True),
                   MrzValue("1986-04-12", True), MrzValue("2026-04-12", True), "Nữ", "PHAM HONG MAI", True)
"""The zone of a hard copy whose front lost its photo column and sex line and whose back
lost its issue line (hard dev 96, scan_008 page 1)."""
MAI_QR = ("042186374586||Phạm Hồng Mai|12041986|Nữ|Số 142, đường Quang Trung, xã La Bằng, huyện Đại Từ, "
          "tỉnh Thái Nguyên|07102021")
MAI_FRONT = ("CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card", "Số / No.: 042186374586", "Họ và tên", "PHẠM HỒNG MAI",
             "Ngày sinh / Date of birth: 12/04/1986", "Quế quản / Pixcg of",
             "tần Hưng Sơn, huyện Đai Từ. tổn Thậiu Nguyện")


def test_a_front_that_lost_its_photo_column_and_sex_line_gets_them_from_the_zone():
    """GIVEN a hard copy's front as read (hard dev 96): nothing read between the title and
    the number (the photo column's labels and expiry date lost), the name's label read
    short ("Họ và tên"), the sex line lost between the birth date's line and the place's
    garbled label WHEN completed with the zone (its expiry date confirmed by its check
    digit; the number's sex digit agrees with its sex) THEN the photo column stands there
    with the zone's expiry date, the name's label is whole, and the sex line stands
    between the birth date and the place's label; the values read stay as read."""
    assert face_lines(completed(face(*MAI_FRONT), zone=MAI_ZONE)) == [
        "CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card", "Có giá trị đến:", "Date of expiry:", "12/04/2026",
        "Số / No.: 042186374586", "Họ và tên / Full name:", "PHẠM HỒNG MAI", "Ngày sinh / Date of birth: 12/04/1986",
        "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam", "Quế quản / Pixcg of",
        "tần Hưng Sơn, huyện Đai Từ. tổn Thậiu Nguyện"]


def test_no_photo_column_or_sex_line_is_put_back_that_the_zone_does_not_vouch_for():
    """GIVEN the same front WHEN the zone's expiry date failed its check digit, or the zone
    is another person's (two cards on one sheet), or the zone's sex is not the number's
    (no check digit covers it) and no QR gives it THEN nothing is put back there."""
    unchecked = replace(MAI_ZONE, expiry_date=MrzValue("2026-04-12", False), sex="Nam")
    other = replace(MAI_ZONE, name="TRAN VAN BINH")
    for zone in (unchecked, other):
        lines = face_lines(completed(face(*MAI_FRONT), zone=zone))
        assert lines[:3] == list(MAI_FRONT[:3])  # nothing between the title and the number
        assert not any(line.startswith("Giới tính") for line in lines)


def test_a_front_read_far_off_is_known_by_a_bare_number_and_a_birth_date_read_long():
    """GIVEN a hard copy's front (hard dev 96, scan_011 page 6): the number read without its
    label, the name's label read as its first two words, the birth date read with a digit
    too many ("177/03/1972") after a garbled label, the sex line garbled WHEN completed
    THEN the number, name and birth date get their labels and the sex line is printed
    with the zone's sex (its number's sex digit agrees); the values stay as read."""
    zone = CardMrz(("IDVNM0724040005034072404000<<8", "7203176M3203178VNM<<<<<<<<<<<4",
                    "VU<<VAN<DUC<<<<<<<<<<<<<<<<<<<"), MrzValue("034072404000", True),
                   MrzValue("1972-03-17", True), MrzValue("2032-03-17", True), "Nam", "VU VAN DUC", True)
    read = face("Citizen Identity Card", "Có giá trị đến:", "Date of expiry:", "17/03/2032", "034072404000",
                "Họ và", "VŨ VĂN ĐỨC", "Moy Dete of 177/03/1972", "tirầi. / Sex Nưn Quốc th ( taezva#y V$ệt Nayn",
                "XÃÁKzm Lan huyện Gia Lâm, thành pố Hà NỘI")
    assert face_lines(completed(read, zone=zone))[4:] == [
        "Số / No.: 034072404000", "Họ và tên / Full name:", "VŨ VĂN ĐỨC", "Ngày sinh / Date of birth: 177/03/1972",
        "Giới tính / Sex: Nam Quốc tịch / Nationality: Việt Nam", "XÃÁKzm Lan huyện Gia Lâm, thành pố Hà NỘI"]


def test_an_expiry_date_lost_under_its_read_labels_is_the_zones():
    """GIVEN a mild copy's front (mixed dev 95) whose photo column read its two labels and
    nothing of the date under them WHEN completed THEN the zone's confirmed expiry date
    stands under the labels."""
    read = face("Citizen Identity Card", "Có giá trị đến:", "Date of expiry:", "Số / No.: 042186374586",
                "Họ và tên / Full name:", "PHẠM HỒNG MAI", "Ngày sinh / Date of birth: 12/04/1986")
    assert face_lines(completed(read, zone=MAI_ZONE))[:5] == [
        "Citizen Identity Card", "Có giá trị đến:", "Date of expiry:", "12/04/2026", "Số / No.: 042186374586"]


def test_the_qr_gives_the_sex_line_and_the_backs_lost_issue_line():
    """GIVEN the front whose zone's sex cannot be trusted (it disagrees with the number's
    sex digit) and the back whose issue line was lost between the mark and the office,
    with the card's QR decoded (its number the zone's) WHEN completed THEN the sex line
    carries the QR's sex and the issue line the QR's issue date; a QR of another card
    gives nothing."""
    zone = replace(MAI_ZONE, sex="Nam")
    chip = zones_chip_card((MAI_QR,), zone)
    assert chip is not None and zones_chip_card((MAI_QR.replace("042186374586", "042186374587"),), zone) is None
    lines = face_lines(completed(face(*MAI_FRONT), zone=zone, chip=chip))
    assert lines[lines.index("Ngày sinh / Date of birth: 12/04/1986") + 1] == (
        "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam")
    back = ("Dậc điểm thủy dạng ( Derxoas xev/t AĐẲ@AV", "NÓI đuôi C1cm tiên trước đu: mắc trái", *OFFICE[:2])
    assert face_lines(completed(face(*back), zone=zone, chip=chip, holds_zone=True)) == [
        *back[:2], "Ngày, tháng, năm / Date, month, year: 07/10/2021", *OFFICE]
    issue = "Ngày, tháng, năm / Date, month, year: 07/10/2021"
    assert issue not in face_lines(completed(face(*back), zone=zone, holds_zone=True))  # no QR
    assert issue not in face_lines(completed(face(*back), zone=zone, chip=chip))  # a back the zone was not read on


def test_what_was_read_out_of_its_place_is_not_put_back_twice():
    """GIVEN faces whose lost-looking lines were read elsewhere on them (the sex line after
    the place, the number's label on a line of its own, the expiry column under the
    number, the issue line above a seal's scrap) WHEN completed THEN none is put back a
    second time."""
    zone = replace(MAI_ZONE, sex="Nam")
    chip = zones_chip_card((MAI_QR,), zone)
    sex = "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam"
    front = face("Citizen Identity Card", "Có giá trị đến:", "Date of expiry:", "12/04/2026", "Số / No.:",
                 "042186374586", "Họ và tên / Full name:", "PHẠM HỒNG MAI", "Ngày sinh / Date of birth: 12/04/1986",
                 "Quê quán / Place of origin:", "thị trấn Hùng Sơn, huyện Đại Từ, tỉnh Thái Nguyên", sex)
    lines = face_lines(completed(front, zone=zone, chip=chip))
    assert lines.count(sex) == 1 and lines.count("Số / No.:") == 1 and "Số / No.: 042186374586" not in lines
    moved = face("Citizen Identity Card", "Số / No.: 042186374586", "Có giá trị đến:", "Date of expiry:",
                 "12/04/2026", "Họ và tên / Full name:", "PHẠM HỒNG MAI")
    assert face_lines(completed(moved, zone=MAI_ZONE)).count("12/04/2026") == 1
    issue = "Ngày, tháng, năm / Date, month, year: 07/10/2021"
    back = face("Nốt ruồi C:1cm trên trước đuôi mắt trái", issue, "CÔNG AN", *OFFICE[:2])
    assert face_lines(completed(back, zone=zone, chip=chip, holds_zone=True)).count(issue) == 1
    misread = face("Nốt ruồi C:1cm trên trước đuôi mắt trái", "Ngày, tháng, năm / Date, month, year: 07/1O/2O2l",
                   *OFFICE[:2])  # read right above the office, its date a little off: the QR's date
    assert issue in face_lines(completed(misread, zone=zone, chip=chip, holds_zone=True))


def test_the_2024_cards_labels_and_closing_print_by_where_they_stand():
    """GIVEN a 2024 identity card's faces as a hard copy read them (hard dev 95): on the
    front, the heading's English lines lost, the number's and the name's labels garbled
    and the birth date's too; on the back, the residence's and the place of birth's labels
    garbled above their places, the issue and expiry labels garbled before their dates,
    the ministry's name read short and its English line lost WHEN completed THEN every
    label and line of print is the 2024 card's, and the values stay as read."""
    zone = CardMrz(ZONE.lines, None, None, None, "Nam", "DANG MINH VIET", True)
    front = face("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "GSS “ei", "CĂN CƯỚC",
                 "IDENTITY CARD", "chanh cá Personal", "092097542230", "HỌ chứ đệm và t7! khá &áeìh ( Ê vÊ rwe/rser",
                 "ĐẶNG MINH VIỆT", "ví Ngày tháng nắm sa:h Ì Oate ơf bước 10/03/1997")
    assert face_lines(completed(front, zone=zone)) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "SOCIALIST REPUBLIC OF VIET NAM",
        "Independence - Freedom - Happiness", "CĂN CƯỚC", "IDENTITY CARD",
        "Số định danh cá nhân / Personal identification number:", "092097542230",
        "Họ, chữ đệm và tên khai sinh / Full name:", "ĐẶNG MINH VIỆT",
        "Ngày, tháng, năm sinh / Date of birth: 10/03/1997"]
    back = face("cự tù", "Số 83, ngõ 118, đường Lương Ngọc Quyến, phường Tân An,", "quận Ninh Kiều, thành phố Cần Thơ",
                "Mơ% đằng ky khai tên / Puace. of", "phường Tân An, quận Ninh Kiều, thành phố Cần Thơ",
                "Mgay. tàng nm cấp 4 Dase c “se 12/08/2024", "Na ày. táng, nâm hết hàn Da» c esyy, 18/03/2037",
                "BỘ CÔNG", "IDVNM0975422306092097542230<<5")
    assert face_lines(completed(back, zone=zone)) == [
        "Nơi cư trú / Place of residence:", "Số 83, ngõ 118, đường Lương Ngọc Quyến, phường Tân An,",
        "quận Ninh Kiều, thành phố Cần Thơ", "Nơi đăng ký khai sinh / Place of birth:",
        "phường Tân An, quận Ninh Kiều, thành phố Cần Thơ", "Ngày, tháng, năm cấp / Date of issue: 12/08/2024",
        "Ngày, tháng, năm hết hạn / Date of expiry: 18/03/2037", "BỘ CÔNG AN", "MINISTRY OF PUBLIC SECURITY",
        "IDVNM0975422306092097542230<<5"]


def test_values_where_print_was_lost_are_never_written_over():
    """GIVEN faces whose print was lost beside values that could pass for it (a review's
    cases): a place of origin where the sex line was lost; a place of origin over the
    residence with both labels lost; the 2024 card's title over its number; a signer's
    name a letter off under the office WHEN completed THEN each value stays as read."""
    origin = face("NGUYỄN THỊ THANH HOÀ", "Ngày sinh / Date of birth: 28/10/1966", "Quốc Oai, Hà Nội",
                  "xã Kim Lan, huyện Gia Lâm, thành phố Hà Nội")
    assert face_lines(completed(origin))[2] == "Quốc Oai, Hà Nội"
    places = face("NGUYỄN THỊ THANH HOÀ", "Ngày sinh / Date of birth: 28/10/1966",
                  "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam", "Kim Lan, Gia Lâm, Hà Nội", "Số 5, phố Huế")
    assert face_lines(completed(places))[3:] == ["Kim Lan, Gia Lâm, Hà Nội", "Số 5, phố Huế"]
    zone = CardMrz(ZONE.lines, None, None, None, "Nam", "DANG MINH VIET", True)
    title = face("CĂN CƯỚC", "IDENTITY CARD", "092097542230", "HỌ chứ đệm và t7! khá", "ĐẶNG MINH VIỆT")
    assert face_lines(completed(title, zone=zone))[:3] == ["CĂN CƯỚC", "IDENTITY CARD", "092097542230"]
    signer = face(*OFFICE[:2], "Hoàng Văn Trọnq")
    assert face_lines(completed(signer))[-1] == "Hoàng Văn Trọnq"


def test_the_zones_sex_is_printed_only_for_the_zones_holder_and_a_sex_read_no_other():
    """GIVEN a front whose name is not the zone's (a sheet with two persons' cards), and one
    whose sex line reads the other sex WHEN completed THEN neither sex line is written."""
    other = face("TRẦN VĂN BÌNH", "Ngày sinh / Date of birth: 01/02/1990", "wwe Sea", "xã Kim Lan, huyện Gia Lâm")
    assert face_lines(completed(other))[2] == "wwe Sea"
    read_sex = face("NGUYỄN THỊ THANH HOÀ", "Ngày sinh / Date of birth: 28/10/1966", "Gx tnh Nam Qk Việt Nam",
                    "xã Kim Lan, huyện Gia Lâm")
    assert face_lines(completed(read_sex))[2] == "Gx tnh Nam Qk Việt Nam"


def test_a_2024_back_keeps_its_lines_after_the_zone_in_their_order():
    """GIVEN a 2024 back whose zone's filler was read as a line of its own before a scrap
    WHEN completed THEN every line stands once, in its order, after the closing print."""
    zone = CardMrz(ZONE.lines, None, None, None, None, "DANG MINH VIET", True)
    back = face("Ngày, tháng, năm cấp / Date of issue: 12/08/2024",
                "Ngày, tháng, năm hết hạn / Date of expiry: 18/03/2037", "<<<<<<", "Nguyễn Văn A")
    assert face_lines(completed(back, zone=zone)) == [
        "Ngày, tháng, năm cấp / Date of issue: 12/08/2024", "Ngày, tháng, năm hết hạn / Date of expiry: 18/03/2037",
        "BỘ CÔNG AN", "MINISTRY OF PUBLIC SECURITY", "<<<<<<", "Nguyễn Văn A"]


def test_the_2024_card_is_told_on_the_read_and_the_2021_card_on_its_restored_print():
    """GIVEN a 2024 front read "CĂN CUỚC" / "IDENTITY CARD" (which the 2021 card's restoring
    spells "Citizen Identity Card") WHEN its model is judged THEN it is the 2024 card's, or
    none where the restored print says 2021 too; a 2021 front read "CAN CƯƠC CONG DAN" /
    "Citizen ldentity Card" is the 2021 card's; the 2016 card's office line, or the state's
    heading alone, tells no model."""
    from ocr.card_template import CARD_2021, CARD_2024, card_model

    def model(*texts: str):
        read = face(*texts)
        restored = restore_card_print(read)
        return card_model([[w for w in restored if w.line == key] for key in dict.fromkeys(w.line for w in restored)],
                          read)

    assert model("CĂN CUỚC", "IDENTITY CARD") in (CARD_2024, None)
    assert model("CĂN CƯỚC", "IDENTITY CARD", "Số định danh cá nhân / Personal identification number:") is CARD_2024
    assert model("CAN CƯƠC CONG DAN", "Citizen ldentity Card") is CARD_2021
    assert model("CỤC TRƯỞNG CỤC CẢNH SÁT ĐKQL CƯ TRÚ VÀ DLQG VỀ DÂN CƯ") is None
    assert model("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "NGUYỄN VĂN AN") is None


@pytest.mark.parametrize(("last", "dated"), [
    ("12/04/1986", True), ("177/03/1972", True), ("12.04.19861", True),
    ("0912345678.", False), ("0421863745-", False), ("123456789,", False), ("034072404000", False),
])
def test_a_date_read_long_is_a_date_and_a_run_of_digits_is_not(last, dated):
    """A birth date read a digit long still ends its line; a number (a phone, the card's)
    with a speck read after it does not."""
    assert _ends_in_date([Word(last, (100, 100, 400, 140), 0.9, (1, 1, 1))]) is dated

"""The card's fixed print restored where OCR garbled it; values left as read."""

from __future__ import annotations

from ocr.card_print import restore_card_print
from ocr.model import Word


def line(text: str, number: int = 1, top: int = 100) -> list[Word]:
    return [Word(word, (100 + 120 * i, top, 200 + 120 * i, top + 40), 0.8, (1, 1, number))
            for i, word in enumerate(text.split())]


def texts(words: list[Word]) -> str:
    return " ".join(word.text for word in words)


def test_garbled_labels_and_title_take_the_printed_spelling():
    assert texts(restore_card_print(line("Ngày sinh / Date of bith: 05/06/1998"))) == (
        "Ngày sinh / Date of birth: 05/06/1998")
    assert texts(restore_card_print(line("CAN CƯƠC CONG DAN"))) == "CĂN CƯỚC CÔNG DÂN"
    assert texts(restore_card_print(line("CAN CƯƠC CONGDAN"))) == "CĂN CƯỚC CÔNG DÂN"  # marks and a space lost
    assert texts(restore_card_print(line("DIRECTOR GEN RAL OF THE POLICE DEPARTMENT"))) == (
        "DIRECTOR GENERAL OF THE POLICE DEPARTMENT")


def test_two_labels_on_one_line_and_scraps_before_them():
    read = line("bà + Giới tính / Sex: Nữ Quốc tích / Nationalty: Việt Nam")
    assert texts(restore_card_print(read)) == "bà + Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam"


def test_the_fingerprint_labels_are_restored_further_off():
    """The italic English labels under the fingerprints, as mild copies read them (5
    edits in 17 letters); other print keeps the closer bound."""
    assert texts(restore_card_print(line("Left mdex írsger Right index finger"))) == (
        "Left index finger Right index finger")
    assert texts(restore_card_print(line("Le# ndex ñnger"))) == "Left index finger"
    assert texts(restore_card_print(line("Dte of bith ex"))) == "Dte of bith ex"


def test_the_expiry_labels_read_short_are_completed():
    """The labels under the photo, on lines of their own, as copies read them: the
    italic label's last word lost, the first label's middle lost; a value stays."""
    read = line("Có trị đến:", 1) + line("Date of", 2, top=160) + line("16/11/2031", 3, top=220)
    assert [texts([w for w in restore_card_print(read) if w.line[2] == n]) for n in (1, 2, 3)] == [
        "Có giá trị đến:", "Date of expiry:", "16/11/2031"]
    assert texts(restore_card_print(line("Date"))) == "Date"  # too little of it read
    assert texts(restore_card_print(line("Không thời hạn"))) == "Không thời hạn"


def test_values_stay_as_read():
    for value in ("NGUYÊN HỒNG HÀ", "phường Nghĩa Đô, quận Cầu Giấy, thành phố Hà Nội", "Sẹo chấm C:3cm trên đầu",
                  "Việt Nam", "Số 170 phố Quang Trung"):
        assert texts(restore_card_print(line(value))) == value


def test_a_run_split_otherwise_shares_its_box_and_lines_stay_apart():
    read = line("Citizen IdentityCard", 1) + line("Ngón trò trái", 2, top=300)
    restored = restore_card_print(read)
    assert texts(restored) == "Citizen Identity Card Ngón trỏ trái"
    first_line = [w for w in restored if w.line == (1, 1, 1)]
    assert len(first_line) == 3
    assert first_line[0].bbox[0] == 100 and first_line[-1].bbox[2] == 320  # the read run's box
    assert all(a.bbox[2] <= b.bbox[0] for a, b in zip(first_line, first_line[1:]))


def placed(*runs: tuple[str, int]) -> list[Word]:
    """Words of one line: each run's words from its left edge, 22 px per letter."""
    words = []
    for text, left in runs:
        for word in text.split():
            words.append(Word(word, (left, 100, left + 22 * len(word), 140), 0.8, (1, 1, 1)))
            left += 22 * (len(word) + 1)
    return words


def test_print_hidden_in_the_middle_by_the_seal_is_restored_where_its_room_is_left():
    """GIVEN the back's issuing office read as "FOR ADMIN  AGEMENT OF SOCIAL ORDER": the
    seal's ring, erased as art, took the letters it touches, and left their room empty
    THEN the line is the print; the same words without the room for the hidden letters,
    on a line with a value (a date), are left as read: only a line that is nothing but
    most of a print's letters is that print without room left for the rest."""
    hidden = placed(("FOR ADMIN", 100), ("_„", 420), ("AGEMENT OF SOCIAL ORDER", 100 + 22 * 23))
    assert texts(restore_card_print(hidden)) == "FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER"
    assert texts(restore_card_print(placed(("FOR ADMIN AGEMENT OF SOCIAL ORDER 12/05/2021", 100)))) == (
        "FOR ADMIN AGEMENT OF SOCIAL ORDER 12/05/2021")
    short = placed(("Ngày, tháng", 100), ("year:", 600))  # too little of the print was read
    assert texts(restore_card_print(short)) == "Ngày, tháng year:"


def test_a_hidden_middle_beside_dust_and_a_word_boxed_over_its_neighbours():
    """As two mild copies read it (boxes from tesseract): a dash of the seal's edge
    before "ADMIM", and "NAGEMENT" boxed over "OF SOCIAL" (which widened the letters'
    pitch past the room left)."""
    def words(*spec: tuple[str, int, int]) -> list[Word]:
        return [Word(text, (left, 100, right, 140), 0.9, (1, 1, 7)) for text, left, right in spec]

    dusty = words(("FOR", 198, 273), ("-ADMIM", 273, 406), ("NAGEMENT", 671, 883), ("OF", 893, 945),
                  ("SOCIAL", 958, 1092), ("ORDER", 1105, 1238))
    wide = words(("FOR", 204, 282), ("ADM®", 294, 422), ("NAGEMENT", 678, 1095), ("OF", 901, 947),
                 ("SOCIAL", 970, 1095), ("ORDER", 1111, 1247))
    for read in (dusty, wide):
        assert texts(restore_card_print(read)) == "FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER"


def test_the_card_numbers_label_is_restored_before_the_number_only():
    """GIVEN the card number after a garbled label (its colon run into the number), and
    lines a 12-digit number ends whose words are no such label WHEN the print is restored
    THEN the label is printed, the number's digits stay as read, the others are left."""
    for read in ("số/No. 022058111751", "sø/ xo. 001059034203", "Số No :048052997321", "no: 048181681260",
                 "„ng, số! no: 079052025032"):
        restored = texts(restore_card_print(line(read)))
        assert restored == "Số / No.: " + read[-12:], read
    for read in ("Sinh 030393010631", "Nam 030393010631", "số 0303930106", "Số 190 phố Trần Phú"):
        assert texts(restore_card_print(line(read))) == read


def test_scraps_beside_print_on_a_line_of_its_own_go():
    """GIVEN the motto, the title or the office read with a scrap of the art beside it
    (the emblem, the QR code, the seal; mild dev cards) WHEN the print is restored THEN
    the scraps go; a longer word stays, and so do scraps beside a label (a value may
    follow a label on its line)."""
    assert texts(restore_card_print(line("VÀ Độc lập - Tự do - Hạnh phúc"))) == "Độc lập - Tự do - Hạnh phúc"
    assert texts(restore_card_print(line("CĂN CƯỚC CÔNG DÂN one"))) == "CĂN CƯỚC CÔNG DÂN"
    assert texts(restore_card_print(line("TT. Độc lập - Tự do - Hạnh phúc"))) == "Độc lập - Tự do - Hạnh phúc"
    assert texts(restore_card_print(line("QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI ˆ"))) == (
        "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI")
    assert texts(restore_card_print(line("Citizen Identity Card Nguyễn"))) == "Citizen Identity Card Nguyễn"
    assert texts(restore_card_print(line("bà Ngày sinh / Date of birth:"))) == "bà Ngày sinh / Date of birth:"


def test_the_kind_of_mark_starting_the_identification_line_is_spelt_as_the_card_spells_it():
    """GIVEN the back's identification line read with its first words a mark or a letter
    off ("Seo chấm", "Nốt tười", "NỐt ruôi": mild dev cards) THEN they are spelt as the
    card spells them; the rest of the line, and lines not followed by a mark's size,
    stay as read."""
    assert texts(restore_card_print(line("Seo chấm C:1cm trên sau đuôi lông mày phải"))) == (
        "Sẹo chấm C:1cm trên sau đuôi lông mày phải")
    assert texts(restore_card_print(line("Nốt tười C:1cm trên trước đuôi mắt trái"))) == (
        "Nốt ruồi C:1cm trên trước đuôi mắt trái")
    assert texts(restore_card_print(line("NỐt ruôi C2cm dưới trước dái tai phải"))) == (
        "Nốt ruồi C2cm dưới trước dái tai phải")
    assert texts(restore_card_print(line("Seo dài 2cm trên trán"))) == "Seo dài 2cm trên trán"
    assert texts(restore_card_print(line("Nốt mới C:1cm"))) == "Nốt mới C:1cm"


def face(*texts_: str) -> list[Word]:
    return [word for number, text in enumerate(texts_, start=1) for word in line(text, number, 100 * number)]


def face_lines(words: list[Word]) -> list[str]:
    return [texts([w for w in words if w.line == key]) for key in dict.fromkeys(w.line for w in words)]


def test_a_line_that_reads_as_most_of_a_line_of_print_is_that_print():
    """GIVEN lines as hard copies read them: most of a label or line of print that stands
    alone on the card, the rest lost or garbled WHEN the print is restored THEN each is
    that print; one fingerprint label read alone stays one label; values (a name, a
    place, a line with a date) stay as read."""
    for read, printed in (("Oặc đếm nhân dạng ( Persooal ier%c", "Đặc điểm nhân dạng / Personal identification:"),
                          ("FOf VAGEMENT OF SOCIAL ORDER", "FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER"),
                          ("‘Quad quan Place of", "Quê quán / Place of origin:"),
                          ("trỏ tà No: trỏ ph", "Ngón trỏ trái Ngón trỏ phải"),
                          ("Ngon tro tai", "Ngón trỏ trái"),
                          ("Feeedom Happness", "Independence - Freedom - Happiness")):
        assert texts(restore_card_print(line(read))) == printed, read
    for value in ("NGUYỄN THỊ HỒNG CHI", "phường Quang Trung, thành phố Thái Nguyên", "Quốc Oai 12/05/2021",
                  "xã Quảng Lợi, huyện Quảng Điền",
                  # names and places whose letters lie in a print's, in order (found by review)
                  "NGÔ TRỌNG TRÍ", "TRẦN CÔNG AN", "CAO GIA TRÍ", "BẠCH ANH PHÚC", "CHU TRỌNG ANH",
                  "Xã Hạnh Phúc", "Xã Thanh Phú",
                  # a label with its value on its line
                  "Quê quán / Place of origin: Hà Nội", "Quê quán: Long An"):
        assert texts(restore_card_print(line(value))) == value, value
    assert texts(restore_card_print(line("Quê quán / Place of origin Hà Nội"))) == (
        "Quê quán / Place of origin: Hà Nội")  # its colon lost: the label restored, the value kept


def test_print_beside_restored_print_is_restored_from_what_is_left_of_it():
    """GIVEN a hard copy's back as read: the issuing office's Vietnamese lines read well,
    its English lines in pieces (the seal's ring and faded toner took the rest), then the
    signer's name WHEN the card's print is restored THEN the English lines are the print
    that stands under the Vietnamese ones, and the name stays as read."""
    read = face("CỤC TRƯỞNG CỤC CẢNH SÁT", "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
                "OF THE POUCE DEPARTMENT", "NAGEL MENT OF ORDER", "Trần Minh Tâm")
    assert face_lines(restore_card_print(read)) == [
        "CỤC TRƯỞNG CỤC CẢNH SÁT", "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
        "DIRECTOR GENERAL OF THE POLICE DEPARTMENT", "FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER",
        "Trần Minh Tâm"]


def test_a_line_is_restored_as_print_beside_print_only_when_it_reads_as_that_print():
    """GIVEN the heading with its English motto lost, the title next; the issuing office's
    English lines lost, the signer's name next; and the heading's motto in pieces
    with no restored print beside it WHEN the print is restored THEN the title, the name
    and the pieces stay as read: only print beside its neighbour on the card is restored."""
    heading = face("SOCIALIST REPUBLIC OF VIET NAM", "Citizen ldenty Card")
    assert face_lines(restore_card_print(heading)) == ["SOCIALIST REPUBLIC OF VIET NAM", "Citizen Identity Card"]
    for signer in ("Nguyễn Minh Tâm", "Trần Tiến Toàn"):  # the second's letters lie in the next print's
        office = face("QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", "DIRECTOR GENERAL OF THE POLICE DEPARTMENT", signer)
        assert face_lines(restore_card_print(office))[-1] == signer
    alone = face("Ngày sinh / Date of birth: 05/06/1998", "Freedom Haopeess")
    assert face_lines(restore_card_print(alone))[-1] == "Freedom Haopeess"


def test_a_value_read_as_one_word_with_its_label_stays():
    """GIVEN "Sex:.Nữ" read as one word (a mild copy; the label's words count the same
    as the print's) WHEN the print is restored THEN the label is spelt as printed and the
    sex stays, a word of its own after it."""
    restored = restore_card_print(line("Giới tính / Sex:.Nữ - -. Quốc tịch/ Nationality: Việt Nam"))
    assert texts(restored).startswith("Giới tính / Sex: Nữ ")
    label, value = restored[3], restored[4]
    assert label.bbox[2] <= value.bbox[0] and value.bbox[2] == 200 + 120 * 3  # the read word's box, shared out


def test_a_garbled_label_before_a_date_is_the_dated_label_it_reads_most_like():
    """GIVEN hard copies' lines that end in a date after a label read far off ("Ngày szửy/
    Doze of bet.", "Ngày, tháng cám / Qat¿e mod: year") WHEN the print is restored THEN the
    label is the card's dated label it shares most letters with, in order, and the date
    stays as read (so the field reader finds it); a place before a date, or a label read
    too little, stays as read."""
    for read, printed in (
            ("Ngày szửy/ Doze of bet. 19/07/2000", "Ngày sinh / Date of birth: 19/07/2000"),
            ("Ngày, tháng cám / Qat¿e mod: year 09/01/2025", "Ngày, tháng, năm / Date, month, year: 09/01/2025"),
            ("Ngay sinh Date 0f b1rth 05/06/1998", "Ngày sinh / Date of birth: 05/06/1998")):
        assert texts(restore_card_print(line(read))) == printed, read
    for value in ("Quốc Oai 12/05/2021", "of 16/13/1988", "Hà Nội, ngày 12/05/2021", "Sinh 12/05/2021",
                  "Date of expiry: 27/06/2029"):
        assert texts(restore_card_print(line(value))) == value, value


def test_a_garbled_label_before_an_address_is_the_label_and_the_address_stays():
    """GIVEN hard copies' residence lines: the label read far off, the address's first words
    read fairly WHEN the print is restored THEN the label is printed and the address, from
    its first own word ("Số", "Tổ"), stays as read; address lines that go on from the line
    above stay whole."""
    label = "Nơi thường trú / Place of residence:"
    for read, value in (
            ("thường trú ý Phece 0Ÿ cosxieree. Số 59 phố Lương Ngọc Quyến,", "Số 59 phố Lương Ngọc Quyến,"),
            ("NCthường túi Phace of rexeence. SỐ 145, ngô 53, đường Lý Thường", "SỐ 145, ngô 53, đường Lý Thường"),
            ("thường tô / P!§Qce dý cenoive TỔ 12. xố Đa TỐn, huyện Gia Lân,", "TỔ 12. xố Đa TỐn, huyện Gia Lân,")):
        assert texts(restore_card_print(line(read))) == f"{label} {value}", read
    for value in ("Số 145, ngõ 53, đường Lý Thường Kiệt, phường Quang Trung",
                  "Lương Ngọc Quyến, phường Kinh Bắc, thành phố Bắc Ninh",
                  "Kiệt, phường Quang Trung, thành phố Thái Nguyên, tỉnh Thái Nguyên",
                  "Trưng, phường Điện Biên, tỉnh Thanh Hóa", "Nguyễn Thị Minh Khai, phường Bến Thành",
                  "Phan Đình Phùng, phường Quán Thánh, quận Ba Đình"):
        assert texts(restore_card_print(line(value))) == value, value


def test_an_address_and_a_label_read_right_stay_as_read():
    """Found by running register places and generated cards' lines through the rule: a
    street or hamlet's name before a ward ("Hội Thương, phường Pleiku") shares letters with
    the residence label, in order, and the label read right must keep the address's
    first words."""
    for value in ("Hội Thương, phường Pleiku, tỉnh Gia Lai", "Miền Đồi, phường Lạc Sơn, tỉnh Hoà Bình",
                  "Nhơn Ái, phường Phong Điền, tỉnh Cần Thơ",
                  "Nơi thường trú / Place of residence: Số 133, đường Lương Ngọc Quyến,",
                  "Nơi thường trú / Place of residence: Xóm Đồng Tâm, xã Phúc Xuân,",
                  "HO<<CONG<AN<<<<<<<<<<<<<<<<<<<",  # a zone's name line, not the card's title
                  # labels read to their end, the value's first words no address word (found by review)
                  "Nơi thường trú / Place of residence: 59 Nguyễn Trãi, Phường Bến Thành, Quận 1",
                  "Nơi thường trú / Place of residence: 123/4 Trần Hưng Đạo",
                  "Nơi thường trú / Place of residence: Khối 7 Thị trấn Tây Sơn",
                  "Quê quán / Place of origin: Quảng Phú, Thanh Hóa",
                  "Nơi thường trú: 59 Lê Duẩn, Thành Công, Ba Đình, Hà Nội"):
        assert texts(restore_card_print(line(value))) == value, value
    assert texts(restore_card_print(line("Nơi thường trú / Place of residence Khối 7 Thị trấn Tây Sơn"))) == (
        "Nơi thường trú / Place of residence: Khối 7 Thị trấn Tây Sơn")  # only the colon put back


def test_the_sex_and_nationality_labels_read_far_off_around_their_values():
    """GIVEN the front's line "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam" with a
    label garbled WHEN the print is restored THEN the label between the sex and "Việt Nam"
    is the nationality's, the one before the sex the sex's; values stay as read."""
    for read, printed in (
            ("Giới tính / Sex: Nữ Quốc th ( Nax?xrsa4ey Việt Nam",
             "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam"),
            ("Giới tinh Sec: Nam Quốc tịch / Nationality: Việt Nam",
             "Giới tính / Sex: Nam Quốc tịch / Nationality: Việt Nam")):
        assert texts(restore_card_print(line(read))) == printed, read
    for value in ("Nơi sinh: Nam Định, Việt Nam", "NGUYỄN VĂN NAM Việt Nam"):
        assert texts(restore_card_print(line(value))) == value, value


def test_a_label_read_far_off_above_its_value_is_that_label():
    """GIVEN hard copies' label lines read far off, each above the value its label
    announces (the holder's name in capitals, a place, the identification mark) WHEN the
    print is restored THEN the line is that label and the value below stays as read; the
    same line above no such value stays as read."""
    for read, value, printed in (
            ("Họ và tên / EuẾ ngứ ne", "NGUYỄN KIM THẢO", "Họ và tên / Full name:"),
            ("L4) và tên ƒ P4 name", "NGUYỄN THANH HƯƠNG", "Họ và tên / Full name:"),
            ("Quê quán / Phace cÝ œiọn", "phường Hưng Dũng, thành phố Vinh, tỉnh Nghệ An", "Quê quán / Place of origin:"),
            ("Oặc dểm nhãn dạng ( Pexs0nal klerstfi wxc", "Nốt ruồi C:1cm trên trước đuôi mắt trái",
             "Đặc điểm nhân dạng / Personal identification:")):
        assert face_lines(restore_card_print(face(read, value))) == [printed, value], read
        assert face_lines(restore_card_print(face(read, "Left index finger"))) == [read, "Left index finger"], read

    # a label line holding its value's first words keeps them (only a lost colon is put back)
    for read, below, printed in (
            ("Quê quán / Place of origin: xã Bát Tràng,", "huyện Gia Lâm", "Quê quán / Place of origin: xã Bát Tràng,"),
            ("Quê quán / Place of origin Hà Nội", "phường Hưng Dũng", "Quê quán / Place of origin: Hà Nội"),
            ("Quê quán / Phace cÝ œiọn xã Bát Tràng,", "huyện Gia Lâm", "Quê quán / Place of origin: xã Bát Tràng,")):
        assert face_lines(restore_card_print(face(read, below))) == [printed, below], read

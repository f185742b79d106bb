"""Checks across a dossier's pages: one person reads the same on the receipt, the forms and
the ID card copy, or the officer is told which pages disagree."""

from __future__ import annotations

import pytest

from intake.model import Barcode, Dossier, PageKind, ProcessedPage, Separator, SeparatorKind
from intake.separate import SeparationOptions, cross_checked, split_into_dossiers
from ocr.cross_check import agreed_spellings, cross_check_dossier, with_cross_checks
from ocr.model import Field
from ocr.validate import FieldWarning

CODE = "000.00.19.H55-240419-0001"


def page(confidence: float = 0.9, **values: str) -> dict[str, Field]:
    return {key: Field(value, confidence, (0, 0, 10, 10)) for key, value in values.items()}


def receipt(name: str, **values: str) -> dict[str, Field]:
    return page(dossier_code=CODE, name=name, **values)


def test_agreeing_dossier_has_no_warnings():
    pages = [receipt("LÊ THỊ MAI ANH", address="Xóm Mới, xã Phúc Xuân"),
             page(name="LÊ THỊ MAI ANH", dob="2004-08-21", id_number="019304004567",
                  address="Xóm Mới, xã Phúc Xuân"),
             page(name="Lê Thị Mai Anh", dob="2004-08-21", id_number="019304004567"),
             page(name="PHẠM VĂN BÌNH", dob="1985-11-07")]  # another person: not compared
    assert cross_check_dossier(pages) == []


def test_form_spelling_the_applicant_otherwise_is_marked():
    """GIVEN a receipt and two forms, one of which lost a tone mark of the name
    THEN only that form is marked: another form agrees with the receipt."""
    pages = [receipt("PHẠM KIM HOA"), page(name="PHAM KIM HOA"), page(name="PHẠM KIM HOA")]
    assert cross_check_dossier(pages) == [(1, "name", FieldWarning.APPLICANT_MISMATCH)]


def test_receipt_no_form_agrees_with_is_marked_with_the_forms():
    pages = [receipt("NGUYÊN THANH BÌNH"), page(name="NGUYỄN THANH BÌNH"), page(name="NGUYỄN THANH BÌNH")]
    assert cross_check_dossier(pages) == [(0, "name", "applicant_mismatch"), (1, "name", "applicant_mismatch"),
                                          (2, "name", "applicant_mismatch")]


def test_applicant_named_on_no_page_is_marked_on_the_receipt():
    pages = [receipt("LÊ VĂN TÁM"), page(name="TRẦN THỊ HẠNH"), page(phone="0912345678")]
    assert cross_check_dossier(pages) == [(0, "name", "applicant_mismatch")]
    assert cross_check_dossier([receipt("LÊ VĂN TÁM"), page(phone="0912345678")]) == []


def test_value_confirmed_by_the_id_card_qr_is_taken_as_right():
    """GIVEN an ID card page whose values its QR confirmed (confidence 0.995), a receipt that
    misread the name and a form that misread the address THEN the receipt and the form are
    marked, the card never."""
    card = page(0.995, name="NGUYỄN VĂN AN", address="Thôn Trung, huyện Đại Từ", dob="1961-01-08")
    pages = [receipt("NGUYÊN VĂN AN"), page(name="NGUYỄN VĂN AN", address="Thôn Trung, huyện Đai Từ"), card]
    assert cross_check_dossier(pages) == [(0, "name", "applicant_mismatch"),
                                          (1, "address", "dossier_address_mismatch")]


def test_one_persons_id_number_and_birth_date_must_agree():
    pages = [page(name="LÊ VĂN TÁM", id_number="019190001234", dob="1990-03-15"),
             page(name="Lê Văn Tám", id_number="019190001284", dob="1990-03-15"),
             page(name="LÊ VĂN TÁM", dob="1990-08-15")]
    assert cross_check_dossier(pages) == [
        (0, "id_number", "dossier_id_number_mismatch"), (1, "id_number", "dossier_id_number_mismatch"),
        (0, "dob", "dossier_dob_mismatch"), (1, "dob", "dossier_dob_mismatch"), (2, "dob", "dossier_dob_mismatch")]


def test_different_addresses_of_one_person_are_no_disagreement():
    pages = [page(name="LÊ VĂN TÁM", address="Tổ 5, phường Tân Thịnh"),
             page(name="LÊ VĂN TÁM", address="Số 12, đường Lương Ngọc Quyến")]
    assert cross_check_dossier(pages) == []


def test_name_spelt_two_ways_without_a_receipt_marks_both():
    pages = [page(name="ĐẶNG THỊ HƯƠNG"), page(name="ĐẶNG THỊ HUONG")]
    assert cross_check_dossier(pages) == [(0, "name", "dossier_name_mismatch"), (1, "name", "dossier_name_mismatch")]


def test_warnings_lower_confidence_once():
    pages = [page(name="A B"), page(name="A B")]
    checked = with_cross_checks(pages, [(1, "name", "x"), (1, "name", "x"), (0, "dob", "y")])
    assert checked[0] == pages[0]
    assert checked[1]["name"].warnings == ("x",) and checked[1]["name"].confidence == pytest.approx(0.45)


def processed(number: int, fields: dict[str, Field], *, separator: Separator | None = None) -> ProcessedPage:
    kind = PageKind.SEPARATOR if separator else PageKind.CONTENT
    return ProcessedPage("scan.pdf", number, kind, fields=fields, separator=separator)


def test_dossiers_are_checked_where_they_are_formed_and_take_the_receipts_procedure_code():
    """GIVEN a batch opened by a receipt that was read (not kept as a page) WHEN it is split
    into dossiers THEN the form's misread name is marked and the dossier gets the
    receipt's procedure code."""
    separator = Separator(SeparatorKind.DOSSIER_RECEIPT, CODE, Barcode(CODE, "QRCode", (0, 0, 1, 1)))
    cover = processed(1, receipt("PHẠM KIM HOA", procedure_code="1.001193"), separator=separator)
    form, other = processed(2, page(name="PHAM KIM HOA")), processed(3, page(name="PHẠM KIM HOA"))
    (checked,) = split_into_dossiers([cover, form, other], SeparationOptions())
    assert checked.procedure_code == "1.001193"
    respelt = checked.pages[0].fields["name"]
    assert (respelt.value, respelt.raw, respelt.warnings) == ("PHẠM KIM HOA", "PHAM KIM HOA", ("spelling_from_dossier",))
    assert checked.pages[1] is other and checked.separator_pages == (cover,)
    kept = cross_checked(Dossier(CODE, (cover, form), (cover,), procedure_code="2.000635"))
    assert kept.procedure_code == "2.000635"  # given by the caller: kept
    assert kept.pages[0] is kept.separator_pages[0]


def test_a_spelling_the_qr_confirmed_is_taken_in_each_pages_case():
    """GIVEN a card whose QR confirmed "Nguyễn Văn An" and its address, a receipt that lost
    a mark of the name and a form that lost one of the address WHEN the dossier's
    spellings are agreed THEN the receipt and the form take the card's, each in its own case."""
    card = page(0.995, name="Nguyễn Văn An", address="Thôn Trung, huyện Đại Từ")
    pages = [receipt("NGUYÊN VĂN AN"), page(name="NGUYỄN VĂN AN", address="Thôn Trung, huyện Đai Từ"), card]
    assert agreed_spellings(pages) == [(0, "name", "NGUYỄN VĂN AN"), (1, "address", "Thôn Trung, huyện Đại Từ")]


def test_the_spelling_most_pages_hold_is_taken_and_still_shown_to_an_officer():
    """GIVEN a receipt and a form spelling the applicant one way and another form losing a
    mark WHEN the fields are checked THEN that form takes the others' spelling, keeps what
    it read as raw, and is marked, at half its confidence."""
    pages = [receipt("PHAN THỊ HẠNH"), page(name="PHAN THỊ HANH"), page(name="PHAN THỊ HẠNH")]
    spellings = agreed_spellings(pages)
    assert spellings == [(1, "name", "PHAN THỊ HẠNH")]
    checked = with_cross_checks(pages, cross_check_dossier(pages), spellings)
    name = checked[1]["name"]
    assert (name.value, name.raw, name.warnings) == ("PHAN THỊ HẠNH", "PHAN THỊ HANH", ("spelling_from_dossier",))
    assert name.confidence == pytest.approx(0.45)


def test_no_spelling_is_agreed_without_a_majority_or_the_qr():
    """GIVEN one page against one, different addresses, or ID numbers that differ THEN no
    page is respelt: the disagreement stays the officer's."""
    assert agreed_spellings([page(name="ĐẶNG THỊ HƯƠNG"), page(name="ĐẶNG THỊ HUONG")]) == []
    assert agreed_spellings([page(name="LÊ VĂN TÁM", address="Tổ 5, phường Tân Thịnh"),
                             page(name="LÊ VĂN TÁM", address="Số 12, đường Lương Ngọc Quyến"),
                             page(name="LÊ VĂN TÁM", address="Số 12, đường Lương Ngọc Quyến")]) == []
    card = page(0.995, name="LÊ VĂN TÁM", id_number="019190001234")
    assert agreed_spellings([card, page(name="LÊ VĂN TÁM", id_number="019190001284"),
                             page(name="LÊ VĂN TÁM", id_number="019190001284")]) == []


def test_a_birth_date_one_digit_off_the_cards_takes_the_cards_and_stays_doubted():
    """GIVEN a form whose birth date is one digit off the one the ID card's QR confirms
    (mild dev seed 49: "1985-05-06" for 1989-05-06; its ID number's year digits say 89)
    WHEN the dossier is checked THEN the form takes the card's date, keeps what it read as
    raw, and is marked, at half its confidence; another date altogether, or one only a
    second form agrees with, stays as read and is left to the officer."""
    card = page(0.995, name="Đỗ Minh Khôi", dob="1989-05-06", id_number="001089004567")
    form = page(0.6, name="ĐỖ MINH KHÔI", dob="1985-05-06", id_number="001089004567")
    spellings = agreed_spellings([card, form])
    assert spellings == [(1, "dob", "1989-05-06")]
    dob = with_cross_checks([card, form], cross_check_dossier([card, form]), spellings)[1]["dob"]
    assert (dob.value, dob.raw, dob.warnings) == ("1989-05-06", "1985-05-06", ("digit_from_card",))
    assert dob.confidence == pytest.approx(0.3)
    other_date = page(0.6, name="ĐỖ MINH KHÔI", dob="1989-06-15")
    assert agreed_spellings([card, other_date]) == []
    assert agreed_spellings([page(name="ĐỖ MINH KHÔI", dob="1989-05-06"),
                             page(name="ĐỖ MINH KHÔI", dob="1985-05-06")]) == []  # no QR: the officer's


def test_an_id_number_with_a_digit_misread_takes_the_cards_where_the_birth_date_is_theirs():
    """GIVEN a clean form whose ID number reads "040504273535" where the card's QR says
    040304273535 (clean dev seed 51: the sex-and-century digit 3 read 5), the form's own
    birth date 2004 agreeing with the QR's number WHEN the dossier is checked THEN the form
    takes the card's number, marked and at half its confidence. A digit off in the serial
    part is taken where the page's birth date is the card's (mild dev seed 56: a certified
    copy's "008090516819" for 008090316819); one whose page has no birth date or another,
    or a birth digit the page's date does not take the QR's side on, stays the officer's."""
    card = page(0.995, name="Hồ Thị Lan", dob="2004-03-12", id_number="040304273535")
    form = page(0.6, name="HỒ THỊ LAN", dob="2004-03-12", id_number="040504273535")
    spellings = agreed_spellings([card, form])
    assert spellings == [(1, "id_number", "040304273535")]
    number = with_cross_checks([card, form], cross_check_dossier([card, form]), spellings)[1]["id_number"]
    assert (number.value, number.raw, number.warnings) == ("040304273535", "040504273535", ("digit_from_card",))
    serial = page(0.6, name="HỒ THỊ LAN", dob="2004-03-12", id_number="040304273585")
    assert agreed_spellings([card, serial]) == [(1, "id_number", "040304273535")]
    assert agreed_spellings([card, page(0.6, name="HỒ THỊ LAN", id_number="040304273585")]) == []
    assert agreed_spellings([card, page(0.6, name="HỒ THỊ LAN", dob="2004-08-30", id_number="040304273585")]) == []
    sure_of_its_own = page(0.995, name="HỒ THỊ LAN", dob="1975-06-01", id_number="040304273585")
    assert agreed_spellings([card, sure_of_its_own]) == []  # its own sure date is no card's
    assert agreed_spellings([card, page(0.6, name="HỒ THỊ LAN", dob="2004-03-12", id_number="041304273535")]) == [
        (1, "id_number", "040304273535")]  # the province's digits: the same
    no_say = page(0.6, name="HỒ THỊ LAN", dob="2006-03-12", id_number="040504273535")
    assert [key for _, key, _ in agreed_spellings([card, no_say])] == ["dob"]  # its date, a digit off, is mended
    both = page(0.6, name="HỒ THỊ LAN", dob="2004-03-13", id_number="060304273535")  # dev 87: both a digit off
    assert sorted(agreed_spellings([card, both])) == [(1, "dob", "2004-03-12"), (1, "id_number", "040304273535")]


def test_an_ocr_value_calibrated_to_the_qrs_confidence_is_not_taken_for_the_qrs():
    """GIVEN a receipt and a form spelling the applicant "LÊ XUÂN MẠNH" and a certified copy
    read "LÊ XUÂN MANH" whose calibrated confidence is 0.99 (raw 0.92: the OCR's, no QR;
    mild dev seed 52) WHEN the spellings are agreed THEN the two pages' spelling wins and
    the copy takes it; before, the copy counted as the QR's and respelt the others."""
    copy = {"name": Field("LÊ XUÂN MANH", 0.99, (0, 0, 10, 10), raw_confidence=0.921)}
    pages = [receipt("LÊ XUÂN MẠNH"), page(0.49, name="LÊ XUÂN MẠNH"), copy]
    assert agreed_spellings(pages) == [(2, "name", "LÊ XUÂN MẠNH")]
    qr = {"name": Field("LÊ XUÂN MANH", 0.995, (0, 0, 10, 10), raw_confidence=0.995)}
    assert agreed_spellings([receipt("LÊ XUÂN MẠNH"), page(name="LÊ XUÂN MẠNH"), qr]) == [
        (0, "name", "LÊ XUÂN MANH"), (1, "name", "LÊ XUÂN MANH")]


def test_a_birth_date_its_own_id_number_disowns_takes_the_other_pages():
    """GIVEN two forms of one person, no card: one reads the birth date "1983-08-30" while
    its own ID number's birth digits say 1989, the other reads 1989-08-30 (mixed dev seed
    53) WHEN the dossier is checked THEN the first takes 1989-08-30; without a number of
    its own, or with one that says neither date, nothing is taken."""
    misread = page(0.6, name="TRẦN VĂN HÙNG", dob="1983-08-30", id_number="022089360460")
    other = page(0.6, name="Trần Văn Hùng", dob="1989-08-30", id_number="022089360460")
    assert agreed_spellings([misread, other]) == [(0, "dob", "1989-08-30")]
    dob = with_cross_checks([misread, other], [], agreed_spellings([misread, other]))[0]["dob"]
    assert (dob.value, dob.warnings) == ("1989-08-30", ("digit_from_dossier",))  # no card's: another page's
    silent = page(0.6, name="TRẦN VĂN HÙNG", dob="1983-08-30")
    assert agreed_spellings([silent, other]) == []
    neither = page(0.6, name="TRẦN VĂN HÙNG", dob="1983-08-30", id_number="022075360460")
    assert agreed_spellings([neither, other]) == []


def test_two_sure_values_that_differ_give_no_spelling():
    """GIVEN two pages whose values both count as the QR's (raw 0.99 or more) and differ
    THEN neither is taken: which one is right is the officer's."""
    one = page(0.995, name="NGUYỄN VĂN AN", dob="1990-01-02")
    two = page(0.995, name="NGUYỄN VĂN ÂN", dob="1990-01-03")
    third = page(0.6, name="NGUYEN VĂN AN", dob="1990-01-08")
    assert agreed_spellings([one, two, third]) == []


def test_one_page_against_a_surer_receipt_takes_the_receipts_spelling():
    """GIVEN a receipt reading the applicant's address "... Lý Thường Kiệt ..." at 0.98 and
    a certified copy reading "Kiêt" at 0.72 (mild dev seed 56), no QR and no third page
    WHEN the spellings are agreed THEN the copy takes the receipt's; a receipt read no
    surer than the page, or with a warning of its own, decides nothing."""
    address = "Số 198, đường Lý Thường Kiệt, xã Tân Cương"
    copy = page(0.72, name="ĐỖ CÔNG TRUNG", address=address.replace("Kiệt", "Kiêt"))
    sure = {**page(0.98, name="ĐỖ CÔNG TRUNG", address=address), "dossier_code": Field(CODE, 0.98, None)}
    assert agreed_spellings([sure, copy]) == [(1, "address", address)]
    settled = with_cross_checks([sure, copy], cross_check_dossier([sure, copy]), agreed_spellings([sure, copy]))
    assert settled[0]["address"].warnings == () and settled[0]["address"].confidence == 0.98  # the receipt's stands
    assert settled[1]["address"].warnings == ("spelling_from_dossier",)
    unsure = {**page(0.78, name="ĐỖ CÔNG TRUNG", address=address), "dossier_code": Field(CODE, 0.98, None)}
    assert agreed_spellings([unsure, copy]) == []
    warned = {**sure, "address": Field(address, 0.98, None, warnings=("address_mended",))}
    assert agreed_spellings([warned, copy]) == []


def test_a_phone_one_digit_off_the_one_most_pages_hold_takes_it():
    """GIVEN one applicant's receipt and two forms reading the phone 0814284570 and a third
    form reading "0814284520" at 0.995 (mild dev seed 58; no QR carries a phone, so no
    read counts as one) WHEN the dossier is checked THEN that form takes the others'
    number, marked digit_from_dossier at half its confidence; one page against one, or a
    number two digits off (another phone), stays as read."""
    misread = {"name": Field("LÊ THANH PHƯƠNG", 0.9, None),
               "phone": Field("0814284520", 0.995, (0, 0, 10, 10), raw_confidence=0.995)}  # sure as a QR's
    pages = [receipt("LÊ THANH PHƯƠNG", phone="0814284570"), page(name="LÊ THANH PHƯƠNG", phone="0814284570"),
             misread, page(name="LÊ THANH PHƯƠNG", phone="0814284570")]
    spellings = agreed_spellings(pages)
    assert spellings == [(2, "phone", "0814284570")]
    phone = with_cross_checks(pages, cross_check_dossier(pages), spellings)[2]["phone"]
    assert (phone.value, phone.raw, phone.warnings) == ("0814284570", "0814284520", ("digit_from_dossier",))
    assert phone.confidence == pytest.approx(0.4975)
    assert agreed_spellings(pages[:1] + pages[2:3]) == []
    sure_receipt = [{**receipt("LÊ THANH PHƯƠNG"), "phone": Field("0814284570", 0.995, None, raw_confidence=0.995)},
                    pages[1], pages[2]]
    phone = with_cross_checks(sure_receipt, [], agreed_spellings(sure_receipt))[2]["phone"]
    assert phone.warnings == ("digit_from_dossier",)  # no QR carries a phone, however sure a read
    assert agreed_spellings(pages[:2] + [page(name="LÊ THANH PHƯƠNG", phone="0814289520")]) == []


def test_signing_date_after_the_receipt_one_digit_off_takes_the_date_it_can_be():
    """GIVEN a form whose signing date's year was read a digit off, 2033 for 2023 (mild dev
    60: flagged as in the future), in a dossier received on 2023-01-15 WHEN cross-checked
    THEN the form, signed before it was handed in, takes the one date a digit away that
    is on or before the receipt's and within a year of it; it keeps the read in ``raw`` and
    is marked for the officer (its warnings as read kept: the extractor's calibration saw
    them)."""
    form = page(0.9, name="LÊ VĂN TÁM", signed_date="2033-01-12")
    form["signed_date"] = Field("2033-01-12", 0.45, (0, 0, 10, 10), "ngày 12 tháng 01 năm 2033",
                                (FieldWarning.DATE_IN_FUTURE,))
    pages = [receipt("LÊ VĂN TÁM", received_date="2023-01-15"), form]
    assert agreed_spellings(pages) == [(1, "signed_date", "2023-01-12")]
    checked = with_cross_checks(pages, cross_check_dossier(pages), agreed_spellings(pages))
    signed = checked[1]["signed_date"]
    assert (signed.value, signed.raw, signed.warnings) == ("2023-01-12", "ngày 12 tháng 01 năm 2033",
                                                           ("date_in_future", "digit_from_receipt"))
    assert signed.confidence == pytest.approx(0.225)


def test_signing_date_after_the_receipt_with_several_dates_a_digit_away_is_marked():
    """GIVEN a signing date read five days after the receipt's date (its day's last digit
    misread: the 5th, 15th and 20th are all a digit away and before it) THEN no date is
    taken, and the officer is told the paper reads as signed after it was received; nor
    is one taken for a paper that reads as signed months after (a supplement: the same day
    a year earlier is a digit away, but no misread makes that); a date on the receipt's
    day or before is no disagreement."""
    pages = [receipt("LÊ VĂN TÁM", received_date="2024-03-20"), page(name="LÊ VĂN TÁM", signed_date="2024-03-25"),
             page(name="LÊ VĂN TÁM", signed_date="2024-03-20"), page(name="LÊ VĂN TÁM", signed_date="2024-03-14")]
    assert agreed_spellings(pages) == []
    assert cross_check_dossier(pages) == [(1, "signed_date", "signed_after_receipt")]
    later = [receipt("LÊ VĂN TÁM", received_date="2023-01-15"), page(name="LÊ VĂN TÁM", signed_date="2023-06-30")]
    assert agreed_spellings(later) == []
    assert cross_check_dossier(later) == [(1, "signed_date", "signed_after_receipt")]
    month = [receipt("LÊ VĂN TÁM", received_date="2023-01-15"), page(name="LÊ VĂN TÁM", signed_date="2023-06-12")]
    assert agreed_spellings(month) == [(1, "signed_date", "2023-01-12")]  # a month's digit misread


def test_a_signing_date_read_as_no_date_takes_the_one_a_digit_away_another_paper_was_signed_on():
    """GIVEN a clean form whose signing date was read "ngày 31 tháng 11 năm 2025" (a 2
    read as 3: no such day, so no value; dev 85) and another form of the dossier signed
    on 2025-11-21 WHEN the spellings are agreed THEN the form takes 2025-11-21, marked as
    taken from the dossier and still doubted; with no other paper a digit away, or two,
    nothing is taken."""
    def impossible() -> dict[str, Field]:
        form = page(0.9, name="LÊ VĂN TÁM")
        form["signed_date"] = Field("", 0.0, (0, 0, 10, 10), "Hà Nội, ngày 31 tháng 11 năm 2025",
                                    (FieldWarning.IMPOSSIBLE_DATE,))
        return form

    pages = [page(name="LÊ VĂN TÁM", signed_date="2025-11-21"), impossible()]
    assert agreed_spellings(pages) == [(1, "signed_date", "2025-11-21")]
    signed = with_cross_checks(pages, cross_check_dossier(pages), agreed_spellings(pages))[1]["signed_date"]
    assert (signed.value, signed.raw, signed.warnings) == (
        "2025-11-21", "Hà Nội, ngày 31 tháng 11 năm 2025", ("impossible_date", "digit_from_dossier"))
    assert agreed_spellings([page(name="LÊ VĂN TÁM", signed_date="2025-10-15"), impossible()]) == []
    both = [page(signed_date="2025-11-21"), page(signed_date="2025-11-30"), impossible()]
    assert agreed_spellings(both) == []


def test_a_birth_date_read_as_no_date_takes_the_one_the_card_confirms_a_digit_away():
    """GIVEN a hard form whose birth date was read "01.06.1053" (a 9 read as 0: no such
    year, so no value; dev 92) and the ID card of the same person whose QR confirms
    1953-06-01 WHEN the spellings are agreed THEN the form takes 1953-06-01 from the card,
    still doubted; with a date two digits away, no QR, or another person's card, nothing
    is taken."""
    def impossible(raw: str = "01.06.1053", name: str = "NGUYỄN VĂN AN") -> dict[str, Field]:
        form = page(0.9, name=name)
        form["dob"] = Field("", 0.0, (0, 0, 10, 10), raw, (FieldWarning.IMPOSSIBLE_DATE,))
        return form

    card = page(0.995, name="Nguyễn Văn An", dob="1953-06-01", id_number="001053137444")
    pages = [card, impossible()]
    assert agreed_spellings(pages) == [(1, "dob", "1953-06-01")]
    dob = with_cross_checks(pages, cross_check_dossier(pages), agreed_spellings(pages))[1]["dob"]
    assert (dob.value, dob.raw, dob.warnings) == ("1953-06-01", "01.06.1053", ("impossible_date", "digit_from_card"))
    assert dob.confidence < 0.5
    assert agreed_spellings([page(0.995, name="Nguyễn Văn An", dob="1953-06-30"), impossible("31061953")]) == [
        (1, "dob", "1953-06-30")]  # a date its reader found unspaced (review)
    assert agreed_spellings([card, impossible("01.08.1055")]) == []
    assert agreed_spellings([page(0.6, name="Nguyễn Văn An", dob="1953-06-01"), impossible()]) == []
    assert agreed_spellings([card, impossible(name="TRẦN THỊ BÌNH")]) == []


def test_signing_dates_are_not_judged_without_a_sure_received_date():
    """A receipt's received date with a warning of its own (or none) settles nothing."""
    doubtful = receipt("LÊ VĂN TÁM")
    doubtful["received_date"] = Field("2023-01-15", 0.4, None, "", (FieldWarning.RECEIVED_DATE_CODE_MISMATCH,))
    for pages in ([doubtful, page(name="LÊ VĂN TÁM", signed_date="2033-01-12")],
                  [page(name="LÊ VĂN TÁM", signed_date="2033-01-12")]):
        assert agreed_spellings(pages) == []
        assert cross_check_dossier(pages) == []


def test_a_family_name_no_list_holds_takes_the_receipts_when_the_given_names_agree():
    """GIVEN a faded form naming "ĐỨNG MINH NAM" (marked ``name_family_unknown``: no family
    name the lists hold; hard dev 57) and the receipt naming "ĐINH MINH NAM" unwarned
    WHEN the spellings are agreed THEN the form takes the receipt's name, still doubted,
    and the receipt is no longer marked as naming someone no page names. A known family
    name ("ĐOÀN"), given names that differ, or a family name further off stays as read."""
    receipt_page = receipt("ĐINH MINH NAM")
    form = {"name": Field("ĐỨNG MINH NAM", 0.6, (0, 0, 10, 10), warnings=("name_family_unknown",))}
    pages = [receipt_page, form]
    assert agreed_spellings(pages) == [(1, "name", "ĐINH MINH NAM")]
    settled = with_cross_checks(pages, cross_check_dossier(pages), agreed_spellings(pages))
    assert settled[1]["name"].value == "ĐINH MINH NAM"
    assert settled[1]["name"].warnings == ("name_family_unknown", "spelling_from_dossier")
    assert settled[0]["name"].warnings == ()
    for other in ("ĐOÀN MINH NAM", "ĐỨNG MINH NHÂM", "ĐẶNG MINH NAM"):
        warned = ("name_family_unknown",) if other.startswith("ĐỨNG") else ()
        assert agreed_spellings([receipt_page, {"name": Field(other, 0.6, None, warnings=warned)}]) == []
    far = {"name": Field("QUYỀN MINH NAM", 0.6, None, warnings=("name_family_unknown",))}
    assert agreed_spellings([receipt_page, far]) == []


def test_a_family_name_is_not_taken_from_another_person_of_the_dossier():
    """GIVEN a page naming "LỲ VĂN NAM" (warned) with a birth date and ID number of its own,
    beside the receipt's "LÊ VĂN NAM" born otherwise WHEN agreed THEN it keeps its name:
    another person. A short family name ("LỲ") a letter or two from another short one is
    no misread of it; nor is a rarer family name a misread's mend."""
    receipt_page = receipt("LÊ VĂN NAM", dob="1960-01-02", id_number="001060001234")
    other = {"name": Field("LỲ VĂN NAM", 0.6, None, warnings=("name_family_unknown",)),
             "dob": Field("1990-05-06", 0.9, None), "id_number": Field("001090004321", 0.9, None)}
    assert agreed_spellings([receipt_page, other]) == []
    short = {"name": Field("LỲ VĂN NAM", 0.6, None, warnings=("name_family_unknown",))}
    assert agreed_spellings([receipt_page, short]) == []  # "ly" is two letters from "le": too near to tell
    rare = receipt("KSOR VĂN NAM")  # a Central Highlands family name, not a common one
    assert agreed_spellings([rare, {"name": Field("KSAR VĂN NAM", 0.6, None, warnings=("name_family_unknown",))}]) == []

"""Filled-in citizen forms: the motto, a bold title, "Kính gửi", labelled dotted writing lines
with the typed values on them, the signing line and signature; certified copies carry a
certification block with a red seal over its signature or, pressed higher, over body text."""

from __future__ import annotations

import random
from datetime import date, timedelta

from samples.citizens import Citizen, Sex, format_phone, make_citizen, make_name
from samples.dossiers import FormPaper, Paper, PaperKind
from samples.letterhead import (
    format_numeric_date, format_signing_date, write_motto, write_signature_block,
)
from samples.marks import stamp_seal
from samples.offices import BIRTH, COPY, MARITAL, RESIDENCE
from samples.sheet import Sheet, SheetFullError, Typeface, choose_typeface

FORM_NUMBERS = {BIRTH: "Mẫu TK-KS", RESIDENCE: "Mẫu CT01", COPY: "Mẫu BS-01", MARITAL: "Mẫu TK-XNHN"}
DECLARATION = (
    "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm "
    "trước pháp luật về cam đoan của mình."
)
BIRTH_PLACES = ("Trạm y tế xã", "Bệnh viện Đa khoa tỉnh", "Bệnh viện Sản Nhi", "Trung tâm Y tế huyện")
COPY_PAPERS = ("Giấy khai sinh", "Trích lục kết hôn", "Giấy chứng nhận kết hôn", "Trích lục khai tử")
SEAL_OVER_TEXT_RATE = 0.4  # certified copies whose seal was pressed over body text
COPY_PURPOSES = ("Bổ sung hồ sơ nhập học", "Làm thủ tục hành chính", "Bổ sung hồ sơ xin việc", "Lưu giữ cá nhân")


def applicant_fields(applicant: Citizen, signed: date) -> dict[str, str]:
    return {
        "name": applicant.name,
        "dob": applicant.dob.isoformat(),
        "id_number": applicant.id_number,
        "address": applicant.address,
        "phone": applicant.phone,
        "signed_date": signed.isoformat(),
    }


def write_birth_body(sheet: Sheet, paper: FormPaper, rng: random.Random, dots: str, values: dict[str, str]) -> None:
    person = paper.applicant
    sheet.field("Họ, chữ đệm, tên người yêu cầu", person.name, dots=dots, value_style="bold")
    sheet.field("Ngày, tháng, năm sinh", values["dob"], dots=dots)
    sheet.field("Số định danh cá nhân", person.id_number, dots=dots)
    sheet.field("Nơi cư trú", person.address, dots=dots)
    sheet.field("Số điện thoại", values["phone"], dots=dots)
    sheet.field("Quan hệ với người được khai sinh", "Cha" if person.sex is Sex.MALE else "Mẹ", dots=dots)
    sheet.paragraph("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:", indent=0, style="bold")
    child_sex = rng.choice((Sex.MALE, Sex.FEMALE))
    child = make_name(rng, child_sex)
    if person.sex is Sex.MALE:
        child = " ".join([person.name.split()[0], *child.split()[1:]])
    sheet.field("Họ, chữ đệm, tên người được khai sinh", child, dots=dots, value_style="bold")
    sheet.fields_in_row([("Giới tính", child_sex.value), ("Dân tộc", person.ethnicity), ("Quốc tịch", "Việt Nam")], dots=dots)
    sheet.field("Sinh ngày", format_numeric_date(paper.signed - timedelta(days=rng.randint(3, 50))), dots=dots)
    sheet.field("Nơi sinh", f"{rng.choice(BIRTH_PLACES)} {paper.unit.place}", dots=dots)


def write_residence_body(sheet: Sheet, paper: FormPaper, rng: random.Random, dots: str, values: dict[str, str]) -> None:
    person = paper.applicant
    sheet.field("1. Họ, chữ đệm và tên", person.name, dots=dots, value_style="bold")
    sheet.fields_in_row([("2. Ngày, tháng, năm sinh", values["dob"]), ("3. Giới tính", person.sex.value)], dots=dots)
    sheet.field("4. Số định danh cá nhân", person.id_number, dots=dots)
    sheet.fields_in_row([("5. Số điện thoại", values["phone"]), ("6. Email", "")], dots=dots)
    sheet.field("7. Nơi thường trú", person.address, dots=dots)
    head = make_citizen(rng)
    sheet.field("8. Họ, chữ đệm và tên chủ hộ", head.name, dots=dots)
    sheet.field("9. Mối quan hệ với chủ hộ", rng.choice(("Vợ", "Chồng", "Con", "Cháu", "Anh", "Chị")), dots=dots)
    sheet.field("10. Nội dung đề nghị", rng.choice(("Đăng ký thường trú", "Xóa đăng ký thường trú", "Điều chỉnh thông tin")), dots=dots)
    sheet.write("11. Những thành viên trong hộ gia đình cùng thay đổi:")
    rows = []
    for number in range(1, rng.randint(2, 3) + 1):
        member = make_citizen(rng, first_year=1960, last_year=2020)
        rows.append([str(number), member.name, format_numeric_date(member.dob), member.sex.value,
                     member.id_number, rng.choice(("Vợ", "Con", "Cháu", "Bố", "Mẹ"))])
    sheet.table(["TT", "Họ, chữ đệm và tên", "Ngày sinh", "Giới tính", "Số định danh", "Quan hệ"],
                [0.06, 0.33, 0.16, 0.12, 0.21, 0.12], rows)


def write_copy_body(sheet: Sheet, paper: FormPaper, rng: random.Random, dots: str, values: dict[str, str]) -> None:
    person = paper.applicant
    sheet.field("Họ và tên người yêu cầu", person.name, dots=dots, value_style="bold")
    sheet.field("Ngày, tháng, năm sinh", values["dob"], dots=dots)
    sheet.field("Số định danh cá nhân", person.id_number, dots=dots)
    sheet.field("Địa chỉ", person.address, dots=dots)
    sheet.field("Số điện thoại", values["phone"], dots=dots)
    sheet.field("Đề nghị cấp bản sao", rng.choice(COPY_PAPERS), dots=dots)
    sheet.field("Số lượng bản sao", f"{rng.randint(1, 5):02d} bản", dots=dots)
    sheet.field("Mục đích sử dụng", rng.choice(COPY_PURPOSES), dots=dots)


def write_marital_body(sheet: Sheet, paper: FormPaper, rng: random.Random, dots: str, values: dict[str, str]) -> None:
    person = paper.applicant
    sheet.field("Họ, chữ đệm, tên người yêu cầu", person.name, dots=dots, value_style="bold")
    sheet.field("Nơi cư trú", person.address, dots=dots)
    sheet.field("Số định danh cá nhân", person.id_number, dots=dots)
    sheet.paragraph("Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:", indent=0, style="bold")
    sheet.field("Ngày, tháng, năm sinh", values["dob"], dots=dots)
    sheet.fields_in_row([("Giới tính", person.sex.value), ("Dân tộc", person.ethnicity), ("Quốc tịch", "Việt Nam")], dots=dots)
    sheet.field("Tình trạng hôn nhân", rng.choice(("Chưa đăng ký kết hôn với ai", "Đã ly hôn")), dots=dots)
    sheet.field("Mục đích sử dụng", rng.choice(("Để đăng ký kết hôn", "Để bổ sung hồ sơ")), dots=dots)
    sheet.field("Số điện thoại", values["phone"], dots=dots)


FORM_BODIES = {
    BIRTH: write_birth_body,
    RESIDENCE: write_residence_body,
    COPY: write_copy_body,
    MARITAL: write_marital_body,
}


def write_certification(sheet: Sheet, certified: date, rng: random.Random, center_x: float) -> tuple[int, int, int, int]:
    """The certifier's block on a certified copy; returns its scribble box."""
    top = sheet.y
    for text, style in (("CHỨNG THỰC BẢN SAO", "bold"), ("ĐÚNG VỚI BẢN CHÍNH", "bold"),
                        (f"Số chứng thực: {rng.randint(10, 999)}", "regular"),
                        (f"Quyển số: 01/{certified.year}-SCT/BS", "regular")):
        sheet.write(text, style=style, align="center", center_x=center_x, size_pt=12)
    block = write_signature_block(
        sheet, rng, center_x=center_x, role="NGƯỜI THỰC HIỆN CHỨNG THỰC", name=make_citizen(rng).name,
        note=f"Ngày {certified.day:02d}/{certified.month:02d}/{certified.year}", size_pt=12,
    )
    sheet.y = top
    return block.scribble


def seal_center(rng: random.Random, scribble: tuple[int, int, int, int], body: tuple[int, int],
                over_text: bool) -> tuple[int, int]:
    """Over the certifier's signature, a third of the seal on it; or, pressed higher, over the
    lines of the body above the certification (the declaration and the last fields)."""
    if not over_text:
        return scribble[0] + 40, (scribble[1] + scribble[3]) // 2 + rng.randint(-30, 30)
    body_top, body_bottom = body
    return scribble[0] + rng.randint(-40, 160), rng.randint(max(body_top + 150, body_bottom - 420), body_bottom + 40)


def write_form(sheet: Sheet, paper: FormPaper, rng: random.Random, values: dict[str, str]) -> bool:
    """Type the form; return whether its seal (a certified copy's) lies over body text."""
    dots = rng.choice(("chars", "drawn"))
    if rng.random() < 0.6:
        sheet.write(FORM_NUMBERS[paper.title], style="italic", align="right", size_pt=11)
    sheet.y = write_motto(sheet)
    sheet.skip(50)
    sheet.write(paper.title, style="bold", align="center", size_pt=sheet.typeface.size_pt + 1.5)
    sheet.skip(20)
    addressee = paper.unit.police if paper.title == RESIDENCE else paper.unit.addressee
    sheet.write(f"Kính gửi: {addressee}", align="center")
    sheet.skip(20)
    body_top = sheet.y
    FORM_BODIES[paper.title](sheet, paper, rng, dots, values)
    sheet.paragraph(DECLARATION, indent=118)
    body_bottom = sheet.y
    sheet.skip(30)
    width = sheet.right - sheet.left
    over_text = False
    if paper.certified:  # certifier's block on the left, recorded before the applicant's
        certified = paper.signed + timedelta(days=rng.randint(0, 3))
        scribble = write_certification(sheet, certified, rng, sheet.left + width * 0.25)
        over_text = rng.random() < SEAL_OVER_TEXT_RATE
        center = seal_center(rng, scribble, (body_top, body_bottom), over_text)
        stamp_seal(sheet.image, center, rng.randint(420, 480), paper.unit.addressee.upper(), rng)
    signing_line = format_signing_date(paper.unit.place, paper.signed, padded=rng.random() < 0.7)
    block = write_signature_block(
        sheet, rng, center_x=sheet.left + width * 0.74, role="NGƯỜI YÊU CẦU",
        name=paper.applicant.name, signing_line=signing_line,
    )
    sheet.y = block.bottom
    return over_text


def render_form(paper: FormPaper, rng: random.Random) -> Paper:
    """Render a filled form; a form too long for the page is set again in a smaller face."""
    separator = rng.choice(("/", "/", "/", "-", "."))
    phone_style = rng.choice(("plain", "spaced", "dotted"))
    values = {"dob": format_numeric_date(paper.applicant.dob, separator),
              "phone": format_phone(paper.applicant.phone, phone_style)}
    typefaces = [choose_typeface(rng), Typeface("serif", 12.0, 1.35), Typeface("serif", 11.5, 1.25)]
    state = rng.getstate()
    for typeface in typefaces:
        rng.setstate(state)
        sheet = Sheet(colour=paper.certified, typeface=typeface)
        try:
            seal_over_text = write_form(sheet, paper, rng, values)
        except SheetFullError:
            continue
        return Paper(PaperKind.CERTIFIED_COPY if paper.certified else PaperKind.FORM, sheet.image, sheet.text,
                     paper.title, applicant_fields(paper.applicant, paper.signed), has_seal=paper.certified,
                     defects=("seal_over_text",) if seal_over_text else ())
    raise SheetFullError(f"{paper.title} does not fit on one page")

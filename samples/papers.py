"""Rendering the papers of a dossier: the receipt cover sheet, text pages and blank backs
(filled forms are in ``samples.forms``, identity card copies in ``samples.id_card_copy``).
Each returns a ``Paper``: the upright 300 dpi image and the ground truth of what is printed
on it."""

from __future__ import annotations

import random

from PIL import Image

from samples.citizens import Sex, format_phone
from samples.dossiers import ContentPaper, FormPaper, IdCardCopy, Paper, PaperKind, Receipt, TextPaper
from samples.forms import render_form
from samples.id_card_copy import render_id_card_copy
from samples.letterhead import (
    format_numeric_date, format_signing_date, write_motto, write_signature_block, write_unit_and_motto,
)
from samples.marks import draw_qr
from samples.prose import compose_body
from samples.sheet import PAGE_SIZE, Sheet, SheetFullError, Typeface, choose_typeface

RECEIPT_TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"


def receipt_fields(receipt: Receipt) -> dict[str, str]:
    return {
        "name": receipt.applicant.name,
        "address": receipt.applicant.address,
        "phone": receipt.applicant.phone,
        "procedure_code": receipt.procedure.code,
        "received_date": receipt.received.isoformat(),
        "appointment_date": receipt.appointment.isoformat(),
    }


def write_receipt_terms(sheet: Sheet, receipt: Receipt, rng: random.Random) -> None:
    person = receipt.applicant
    title = "Ông" if person.sex is Sex.MALE else "Bà"
    hour, minute = receipt.received_at
    lines = [
        f"Tiếp nhận hồ sơ của: {title} {person.name}",
        f"Địa chỉ: {person.address}",
        f"Số điện thoại: {format_phone(person.phone, rng.choice(('plain', 'spaced', 'dotted')))}",
        f"Nội dung yêu cầu giải quyết: {receipt.procedure.name}",
        f"Mã TTHC: {receipt.procedure.code}",
        "1. Thành phần hồ sơ nộp gồm:",
    ]
    for line in lines:
        sheet.paragraph(line, indent=0)
    for paper in receipt.papers:
        sheet.write(f"- {paper}", indent=60)
    for line in (
        "2. Số lượng hồ sơ: 01 bộ.",
        f"3. Thời gian giải quyết hồ sơ theo quy định là: {receipt.procedure.working_days:02d} ngày làm việc.",
        f"4. Thời gian nhận hồ sơ: {hour:02d} giờ {minute:02d} phút, ngày {format_numeric_date(receipt.received)}.",
        f"5. Thời gian trả kết quả giải quyết hồ sơ: ngày {format_numeric_date(receipt.appointment)}.",
        "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa.",
        f"Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: {receipt.register_number}.",
    ):
        sheet.paragraph(line, indent=0)


def render_receipt(receipt: Receipt, rng: random.Random) -> Paper:
    """The intake receipt: QR of the dossier code top right, unit and motto, the code in
    text, procedure, applicant, dates, and both signatures."""
    sheet = Sheet(colour=False, typeface=Typeface("serif", rng.choice((12.5, 13.0)), 1.4))
    qr_size = rng.randint(300, 410)  # 2.5-3.5 cm at 300 dpi
    draw_qr(sheet.image, receipt.dossier_code, right=sheet.right, top=sheet.margins.top - 60, size_px=qr_size)
    sheet.y = sheet.margins.top - 60 + qr_size
    write_unit_and_motto(sheet, receipt.unit.parent, receipt.unit.name)
    sheet.skip(60)
    sheet.write(RECEIPT_TITLE, style="bold", align="center", size_pt=14.5)
    sheet.write(f"Mã hồ sơ: {receipt.dossier_code}", style="bold", align="center")
    sheet.write("(Liên: Giao người nộp hồ sơ)", style="italic", align="center", size_pt=12)
    sheet.skip(30)
    write_receipt_terms(sheet, receipt, rng)
    sheet.skip(30)
    width = sheet.right - sheet.left
    note = "(Ký và ghi rõ họ tên)"
    left = write_signature_block(sheet, rng, center_x=sheet.left + width * 0.22, role="NGƯỜI NỘP HỒ SƠ",
                                 name=receipt.applicant.name, note=note)
    right = write_signature_block(sheet, rng, center_x=sheet.left + width * 0.75, role="NGƯỜI TIẾP NHẬN HỒ SƠ",
                                  name=receipt.officer, note=note)
    sheet.y = max(left.bottom, right.bottom)
    return Paper(PaperKind.RECEIPT, sheet.image, sheet.text, RECEIPT_TITLE, receipt_fields(receipt),
                 qr_code=receipt.dossier_code)


def write_text_page(sheet: Sheet, paper: TextPaper, body: list[str], rng: random.Random) -> None:
    sheet.y = write_motto(sheet)
    sheet.skip(60)
    sheet.write(paper.kind.title, style="bold", align="center", size_pt=sheet.typeface.size_pt + 1.5)
    sheet.write(f"({paper.kind.subject})", style="italic", align="center")
    sheet.skip(20)
    sheet.write(f"Kính gửi: {paper.unit.addressee}", align="center")
    sheet.skip(30)
    for paragraph in body:
        sheet.paragraph(paragraph)
    sheet.skip(30)
    width = sheet.right - sheet.left
    signing_line = format_signing_date(paper.unit.place, paper.signed, padded=rng.random() < 0.7)
    block = write_signature_block(sheet, rng, center_x=sheet.left + width * 0.74, role=paper.kind.signer_role,
                                  name=paper.signer.name, signing_line=signing_line)
    sheet.y = block.bottom


def render_text_page(paper: TextPaper, rng: random.Random) -> Paper:
    """A title and paragraphs of administrative prose, signed; some in DejaVu Sans. When
    the prose runs past the page, a paragraph before the closing one is left out."""
    typeface = choose_typeface(rng, sans_rate=0.35)
    body = compose_body(rng, paper.paragraphs)
    state = rng.getstate()
    while True:
        rng.setstate(state)
        sheet = Sheet(colour=False, typeface=typeface)
        try:
            write_text_page(sheet, paper, body, rng)
            break
        except SheetFullError:
            if len(body) == 1:
                raise
            del body[-2]
    return Paper(PaperKind.TEXT, sheet.image, sheet.text, paper.kind.title,
                 {"signed_date": paper.signed.isoformat()})


def render_blank() -> Paper:
    """The back of a one-sided paper: nothing printed (the scan adds tone, noise, bleed)."""
    return Paper(PaperKind.BLANK, Image.new("L", PAGE_SIZE, 255), "", None, {})


def render_paper(content: Receipt | ContentPaper | None, rng: random.Random) -> Paper:
    if content is None:
        return render_blank()
    if isinstance(content, Receipt):
        return render_receipt(content, rng)
    if isinstance(content, FormPaper):
        return render_form(content, rng)
    if isinstance(content, IdCardCopy):
        return render_id_card_copy(content, rng)
    return render_text_page(content, rng)

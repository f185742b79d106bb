"""One-stop-shop offices, the procedures they receive and the dossier codes they print.

Units are data (a code, the names printed in a header, the place named on the signing
line), never hard-coded levels: some are provincial centres, some old district offices,
some communes of the two-level government. Codes follow the forms listed in DOMAIN.md.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Unit:
    code: str  # the unit part of the dossier code
    parent: str  # first header line, capitals
    name: str  # second header line, capitals
    addressee: str  # "Kính gửi: ..." on forms addressed to this unit
    police: str  # the police office of the same area (residence forms go there)
    place: str  # the place on the signing line: "<place>, ngày ... tháng ... năm ..."


@dataclass(frozen=True, slots=True)
class Procedure:
    code: str  # mã TTHC
    name: str  # as printed on the receipt
    form_title: str  # the form the citizen fills for it
    working_days: int


UNITS = (
    Unit("000.00.19.H55", "UBND TỈNH THÁI NGUYÊN", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
         "Ủy ban nhân dân tỉnh Thái Nguyên", "Công an tỉnh Thái Nguyên", "Thái Nguyên"),
    Unit("000.21.30.H55", "UBND THÀNH PHỐ THÁI NGUYÊN", "BỘ PHẬN MỘT CỬA",
         "Ủy ban nhân dân xã Tân Cương", "Công an xã Tân Cương", "Tân Cương"),
    Unit("38.98.H29", "UBND QUẬN HÀ ĐÔNG", "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
         "Ủy ban nhân dân phường Văn Quán", "Công an phường Văn Quán", "Hà Nội"),
    Unit("H15.50.05.13", "UBND TỈNH BẮC NINH", "BỘ PHẬN MỘT CỬA PHƯỜNG KINH BẮC",
         "Ủy ban nhân dân phường Kinh Bắc", "Công an phường Kinh Bắc", "Bắc Ninh"),
    Unit("H56.27", "UBND TỈNH THANH HÓA", "BỘ PHẬN MỘT CỬA PHƯỜNG HẠC THÀNH",
         "Ủy ban nhân dân phường Hạc Thành", "Công an phường Hạc Thành", "Thanh Hóa"),
    Unit("512.05.H40", "UBND THÀNH PHỐ VINH", "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
         "Ủy ban nhân dân phường Hưng Dũng", "Công an phường Hưng Dũng", "Nghệ An"),
)

BIRTH = "TỜ KHAI ĐĂNG KÝ KHAI SINH"
RESIDENCE = "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"
COPY = "ĐƠN ĐỀ NGHỊ CẤP BẢN SAO GIẤY TỜ"
MARITAL = "TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN"

PROCEDURES = (
    Procedure("1.001193", "Thủ tục đăng ký khai sinh", BIRTH, 1),
    Procedure("1.004194", "Thủ tục đăng ký thường trú", RESIDENCE, 7),
    Procedure("2.001159", "Thủ tục xóa đăng ký thường trú", RESIDENCE, 5),
    Procedure("2.000635", "Thủ tục cấp bản sao trích lục hộ tịch", COPY, 1),
    Procedure("1.014466.H12", "Thủ tục cấp bản sao giấy tờ từ sổ gốc", COPY, 2),
    Procedure("1.004873", "Thủ tục cấp giấy xác nhận tình trạng hôn nhân", MARITAL, 3),
)


def make_dossier_code(unit: Unit, received: date, sequence: int, digits: int = 4) -> str:
    """``<unit code>-<YYMMDD>-<sequence>``, e.g. ``000.00.19.H55-240419-0001``."""
    return f"{unit.code}-{received:%y%m%d}-{sequence:0{digits}d}"


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (Saturdays and Sundays skipped)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def make_receipt_date(rng: random.Random, first: date = date(2023, 1, 3), last: date = date(2025, 12, 30)) -> date:
    """A working day between ``first`` and ``last``."""
    while True:
        day = first + timedelta(days=rng.randrange((last - first).days + 1))
        if day.weekday() < 5:
            return day


def choose_unit(rng: random.Random) -> Unit:
    return rng.choice(UNITS)


def choose_procedure(rng: random.Random) -> Procedure:
    return rng.choice(PROCEDURES)

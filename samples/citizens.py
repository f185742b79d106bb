"""Made-up citizens: Vietnamese names, dates of birth, personal ID numbers, addresses, phones.

Every value follows the formats in DOMAIN.md: the 12-digit số định danh cá nhân is
``PPP G YY NNNNNN`` and agrees with the date of birth and sex, mobiles match the
carriers' prefixes, addresses mix the old three-level and the new two-level units.
All strings are NFC; names are in capitals, as forms print them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Sex(StrEnum):
    MALE = "Nam"
    FEMALE = "Nữ"


@dataclass(frozen=True, slots=True)
class Citizen:
    name: str  # capitals, NFC
    sex: Sex
    dob: date
    id_number: str  # 12 digits
    ethnicity: str
    address: str
    phone: str  # digits only


FAMILY_NAMES = (
    ("NGUYỄN", 30), ("TRẦN", 11), ("LÊ", 9), ("PHẠM", 7), ("HOÀNG", 5), ("HUỲNH", 4),
    ("PHAN", 4), ("VŨ", 4), ("ĐẶNG", 2), ("BÙI", 2), ("ĐỖ", 2), ("HỒ", 2), ("NGÔ", 2),
    ("DƯƠNG", 1), ("LÝ", 1), ("ĐINH", 1), ("TRỊNH", 1), ("LƯƠNG", 1),
)
MIDDLE_NAMES = {
    Sex.MALE: ("VĂN", "VĂN", "HỮU", "ĐỨC", "MINH", "THANH", "QUANG", "CÔNG", "XUÂN", "NGỌC"),
    Sex.FEMALE: ("THỊ", "THỊ", "THỊ", "NGỌC", "THANH", "MINH", "THU", "HỒNG", "KIM", "PHƯƠNG"),
}
PLAIN_MIDDLE = {Sex.MALE: "VĂN", Sex.FEMALE: "THỊ"}
GIVEN_NAMES = {
    Sex.MALE: (
        "AN", "BÌNH", "CƯỜNG", "DŨNG", "ĐỨC", "HẢI", "HIẾU", "HOÀNG", "HÙNG", "KHOA", "KHÁNH",
        "LONG", "MẠNH", "NAM", "PHONG", "QUÂN", "SƠN", "THẮNG", "TRUNG", "TUẤN", "VIỆT", "VINH",
    ),
    Sex.FEMALE: (
        "ANH", "CHI", "DUNG", "GIANG", "HÀ", "HẠNH", "HOA", "HOÀ", "HƯƠNG", "HUYỀN", "LAN",
        "LIÊN", "LINH", "MAI", "NGA", "NHUNG", "PHƯƠNG", "THẢO", "THUỶ", "TRANG", "VY", "YẾN",
    ),
}
ETHNICITIES = (("Kinh", 20), ("Tày", 2), ("Nùng", 1), ("Thái", 1), ("Mường", 1), ("Dao", 1))

# Birth-registration province codes (PPP) and names, a subset of the 001-096 list.
BIRTH_PROVINCES = (
    ("001", "Hà Nội"), ("004", "Cao Bằng"), ("008", "Tuyên Quang"), ("019", "Thái Nguyên"),
    ("020", "Lạng Sơn"), ("022", "Quảng Ninh"), ("024", "Bắc Giang"), ("025", "Phú Thọ"),
    ("027", "Bắc Ninh"), ("031", "Hải Phòng"), ("034", "Thái Bình"), ("036", "Nam Định"),
    ("038", "Thanh Hóa"), ("040", "Nghệ An"), ("042", "Hà Tĩnh"), ("046", "Thừa Thiên Huế"),
    ("048", "Đà Nẵng"), ("052", "Bình Định"), ("066", "Đắk Lắk"), ("079", "Hồ Chí Minh"),
    ("092", "Cần Thơ"), ("096", "Cà Mau"),
)

MOBILE_PREFIXES = (
    "032", "033", "034", "035", "036", "037", "038", "039", "056", "058", "070", "076",
    "077", "078", "079", "081", "082", "083", "084", "085", "086", "088", "089", "090",
    "091", "093", "094", "096", "097", "098",
)

# (province, old district-level unit, communes) for three-level and two-level addresses.
GAZETTEER = (
    ("tỉnh Thái Nguyên", "thành phố Thái Nguyên",
     ("phường Phan Đình Phùng", "phường Hoàng Văn Thụ", "phường Quang Trung", "xã Tân Cương",
      "xã Phúc Xuân", "phường Gia Sàng")),
    ("tỉnh Thái Nguyên", "huyện Đại Từ", ("thị trấn Hùng Sơn", "xã Phú Xuyên", "xã La Bằng")),
    ("thành phố Hà Nội", "quận Hà Đông", ("phường Văn Quán", "phường Mộ Lao", "phường Yết Kiêu")),
    ("thành phố Hà Nội", "quận Cầu Giấy", ("phường Dịch Vọng", "phường Nghĩa Đô", "phường Yên Hoà")),
    ("thành phố Hà Nội", "huyện Gia Lâm", ("xã Bát Tràng", "xã Kim Lan", "xã Đa Tốn")),
    ("tỉnh Bắc Ninh", "thành phố Bắc Ninh", ("phường Võ Cường", "phường Kinh Bắc", "phường Đại Phúc")),
    ("tỉnh Thanh Hóa", "thành phố Thanh Hóa", ("phường Điện Biên", "phường Đông Thọ", "phường Ba Đình")),
    ("tỉnh Nghệ An", "thành phố Vinh", ("phường Hưng Dũng", "phường Bến Thuỷ", "phường Trường Thi")),
    ("thành phố Đà Nẵng", "quận Hải Châu", ("phường Thạch Thang", "phường Hải Châu", "phường Bình Hiên")),
    ("thành phố Hồ Chí Minh", "quận 3", ("phường Võ Thị Sáu", "phường 9", "phường 12")),
    ("thành phố Cần Thơ", "quận Ninh Kiều", ("phường An Hoà", "phường Tân An", "phường Xuân Khánh")),
)
STREETS = (
    "Lê Lợi", "Trần Phú", "Hoàng Văn Thụ", "Quang Trung", "Nguyễn Trãi", "Lương Ngọc Quyến",
    "Phan Đình Phùng", "Bến Oánh", "Lý Thường Kiệt", "Hai Bà Trưng", "Nguyễn Du", "Tố Hữu",
    "Bắc Sơn", "Minh Cầu", "Đội Cấn", "Chu Văn An",
)
HAMLETS = (
    "Xóm Đồng Tâm", "Xóm Nam Thái", "Thôn Đông", "Thôn Hạ", "Thôn Trung", "Xóm Soi", "Tổ dân phố số 5",
    "Tổ 12", "Thôn Đồng Giàng", "Xóm Gò Móc", "Khu phố 3",
)


def make_name(rng: random.Random, sex: Sex) -> str:
    family = rng.choices([n for n, _ in FAMILY_NAMES], weights=[w for _, w in FAMILY_NAMES])[0]
    middles = [rng.choice(MIDDLE_NAMES[sex])]
    if rng.random() < 0.2:  # NGUYỄN THỊ THANH HƯƠNG
        middles = [PLAIN_MIDDLE[sex], rng.choice([m for m in MIDDLE_NAMES[sex] if m != PLAIN_MIDDLE[sex]])]
    return " ".join([family, *middles, rng.choice(GIVEN_NAMES[sex])])


def make_dob(rng: random.Random, first_year: int = 1950, last_year: int = 2006) -> date:
    start = date(first_year, 1, 1)
    span = (date(last_year, 12, 31) - start).days
    return start + timedelta(days=rng.randrange(span + 1))


def id_sex_century_digit(sex: Sex, year: int) -> int:
    """The G digit: 0/1 for men/women born in the 1900s, 2/3 in the 2000s, and so on."""
    century_index = (year - 1900) // 100
    return 2 * century_index + (1 if sex is Sex.FEMALE else 0)


def make_id_number(rng: random.Random, sex: Sex, dob: date, province_code: str | None = None) -> str:
    province_code = province_code or rng.choice(BIRTH_PROVINCES)[0]
    serial = rng.randrange(1_000_000)
    return f"{province_code}{id_sex_century_digit(sex, dob.year)}{dob.year % 100:02d}{serial:06d}"


def make_phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10_000_000):07d}"


def format_phone(phone: str, style: str) -> str:
    """Print a 10-digit mobile plainly, with spaces (0912 345 678) or with dots."""
    if style == "plain":
        return phone
    sep = " " if style == "spaced" else "."
    return sep.join((phone[:4], phone[4:7], phone[7:]))


def make_address(rng: random.Random) -> str:
    province, district, communes = rng.choice(GAZETTEER)
    commune = rng.choice(communes)
    if commune.startswith("phường") or rng.random() < 0.3:
        street = rng.choice(STREETS)
        first = f"Số {rng.randint(1, 250)}"
        if rng.random() < 0.3:
            first += f", ngõ {rng.randint(2, 120)}"
        place = f"{first}, đường {street}" if rng.random() < 0.7 else f"{first} phố {street}"
    else:
        place = rng.choice(HAMLETS)
    if rng.random() < 0.5:  # old three-level address, still on most paper
        return f"{place}, {commune}, {district}, {province}"
    return f"{place}, {commune}, {province}"


def make_citizen(rng: random.Random, *, first_year: int = 1950, last_year: int = 2006) -> Citizen:
    sex = rng.choice((Sex.MALE, Sex.FEMALE))
    dob = make_dob(rng, first_year, last_year)
    ethnicity = rng.choices([e for e, _ in ETHNICITIES], weights=[w for _, w in ETHNICITIES])[0]
    return Citizen(
        name=make_name(rng, sex),
        sex=sex,
        dob=dob,
        id_number=make_id_number(rng, sex, dob),
        ethnicity=ethnicity,
        address=make_address(rng),
        phone=make_phone(rng),
    )

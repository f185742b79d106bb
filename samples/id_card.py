"""The chip-based citizen identity card (căn cước công dân gắn chip), and from 1 July 2024
the identity card (thẻ căn cước) that replaces it: what is printed on them, what their QR
code carries and their machine-readable zone.

Values are the holder's (``samples.citizens``); the card adds its issue and expiry dates,
the old 9-digit CMND number some holders had, the place of origin, identifying marks and
the issuing director's name (made up). The QR code carries, as public code reads it,
``ID number|old CMND number|full name|DDMMYYYY birth|sex|residence|DDMMYYYY issue``.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from samples.citizens import GAZETTEER, Citizen, Sex, make_name

CARD_TITLE = "CĂN CƯỚC CÔNG DÂN"
NO_EXPIRY = "Không thời hạn"
CHIP_CARDS_SINCE = date(2021, 1, 15)
IDENTITY_CARDS_SINCE = date(2024, 7, 1)  # the Law on Identification: "căn cước" cards replace the citizen's
IDENTITY_CARD_TITLE = "CĂN CƯỚC"
RENEWAL_AGES = (25, 40, 60)  # a card is valid until the holder's next one of these birthdays
MARKS = (
    "Nốt ruồi C:1cm trên trước đuôi mắt trái", "Nốt ruồi C:1,5cm dưới sau mép phải",
    "Sẹo chấm C:2cm dưới sau cánh mũi phải", "Sẹo chấm C:3cm trên đầu lông mày trái",
    "Nốt ruồi C:2cm dưới trước dái tai phải", "Sẹo chấm C:1cm trên sau đuôi lông mày phải",
)


@dataclass(frozen=True, slots=True)
class IdCard:
    holder: Citizen
    old_id_number: str  # the 9-digit CMND it replaced, "" when the holder had none
    origin: str  # quê quán
    issued: date
    expiry: date | None  # None: valid without limit
    marks: str  # đặc điểm nhân dạng
    director: str  # who signed the back, as printed (title case)

    @property
    def identity_card(self) -> bool:
        """Whether it is the 2024 identity card (thẻ căn cước), issued from 1 July 2024 on:
        its back prints ``origin`` as where the birth was registered, and no marks."""
        return self.issued >= IDENTITY_CARDS_SINCE


def birthday_at(dob: date, age: int) -> date:
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:  # born on 29 February
        return date(dob.year + age, 2, 28)


def card_expiry(dob: date, issued: date) -> date | None:
    """Valid until the 25th, 40th or 60th birthday; a card issued within two years before
    one of them runs to the next; issued from 58 on, it never expires."""
    for age in RENEWAL_AGES:
        if issued < birthday_at(dob, age) - timedelta(days=730):
            return birthday_at(dob, age)
    return None


def title_case(name: str) -> str:
    return " ".join(word.capitalize() for word in name.split())


def make_origin(rng: random.Random) -> str:
    province, district, communes = rng.choice(GAZETTEER)
    return f"{rng.choice(communes)}, {district}, {province}"


def issue_id_card(rng: random.Random, holder: Citizen, *, before: date) -> IdCard:
    """The holder's chip card, issued between 2021 (or their 14th birthday) and ``before``,
    and still valid then (an expired card would have been renewed)."""
    first = max(CHIP_CARDS_SINCE, birthday_at(holder.dob, 14))
    issued = before - timedelta(days=1)  # a fresh card, when every draw has expired
    for _ in range(20):
        drawn = first + timedelta(days=rng.randrange(max(1, (before - first).days)))
        expiry = card_expiry(holder.dob, drawn)
        if expiry is None or expiry > before:
            issued = drawn
            break
    old_id = f"{rng.randrange(10**9):09d}" if holder.dob.year < 2000 and rng.random() < 0.6 else ""
    return IdCard(
        holder=holder,
        old_id_number=old_id,
        origin=make_origin(rng),
        issued=issued,
        expiry=card_expiry(holder.dob, issued),
        marks=rng.choice(MARKS),
        director=title_case(make_name(rng, rng.choice((Sex.MALE, Sex.FEMALE)))),
    )


def printed_date(day: date | None) -> str:
    return NO_EXPIRY if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def qr_payload(card: IdCard) -> str:
    """What the card's QR code carries (name in title case, dates DDMMYYYY)."""
    holder = card.holder
    return "|".join((
        holder.id_number, card.old_id_number, title_case(holder.name), f"{holder.dob:%d%m%Y}",
        holder.sex.value, holder.address, f"{card.issued:%d%m%Y}",
    ))


def card_title(card: IdCard) -> str:
    return IDENTITY_CARD_TITLE if card.identity_card else CARD_TITLE


def card_fields(card: IdCard) -> dict[str, str]:
    """The fields the card prints; the 2024 card's place is where the birth was registered."""
    holder = card.holder
    return {
        "name": holder.name,
        "dob": holder.dob.isoformat(),
        "sex": holder.sex.value,
        "id_number": holder.id_number,
        "address": holder.address,
        "birth_place" if card.identity_card else "place_of_origin": card.origin,
        "expiry_date": NO_EXPIRY if card.expiry is None else card.expiry.isoformat(),
        "issue_date": card.issued.isoformat(),
    }


# --- the machine-readable zone (ICAO 9303 TD1: three lines of 30) ------------------------------

MRZ_WIDTH = 30


def mrz_check_digit(field: str) -> str:
    weights = (7, 3, 1)
    total = 0
    for index, char in enumerate(field):
        value = int(char) if char.isdigit() else (ord(char) - 55 if char.isalpha() else 0)
        total += value * weights[index % 3]
    return str(total % 10)


def mrz_name(name: str) -> str:
    """``NGUYỄN THỊ HÀ`` -> ``NGUYEN<<THI<HA``: no tone marks or diacritics, Đ as D."""
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(char for char in plain if not unicodedata.combining(char)).upper()
    family, *given = plain.split()
    return f"{family}<<{'<'.join(given)}"


def mrz_lines(card: IdCard) -> tuple[str, str, str]:
    holder = card.holder
    number = holder.id_number[-9:]
    first = f"IDVNM{number}{mrz_check_digit(number)}{holder.id_number}<<{mrz_check_digit(holder.id_number)}"
    born = f"{holder.dob:%y%m%d}"
    expiry = f"{card.expiry:%y%m%d}" if card.expiry is not None else "<<<<<<"
    sex = "M" if holder.sex is Sex.MALE else "F"
    second = f"{born}{mrz_check_digit(born)}{sex}{expiry}{mrz_check_digit(expiry)}VNM"
    second = second.ljust(MRZ_WIDTH - 1, "<")
    second += mrz_check_digit(first[5:] + second[:7] + second[8:15] + second[18:29])
    return first.ljust(MRZ_WIDTH, "<")[:MRZ_WIDTH], second, mrz_name(holder.name).ljust(MRZ_WIDTH, "<")[:MRZ_WIDTH]

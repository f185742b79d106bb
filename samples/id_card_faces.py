"""The two faces of a chip-based identity card, laid out at 1:1 (85.6 x 53.98 mm at 300 dpi).

A ``CardFace`` keeps what a photocopier treats differently apart: ``art`` (the colour
security print, emblem, photo, fingerprints, chip, seal), and ``ink`` (the darkness of the
black text, the red title and the QR code), plus the printed lines in reading order.
Front: emblem, bilingual motto, title, QR code top right, photo with the expiry under it
on the left, the holder's fields on the right. Back: identifying marks, issue date,
the director's block with seal and signature, two fingerprints, the chip and the
three-line machine-readable zone.
"""

from __future__ import annotations

import random

import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFont

from samples.card_art import draw_chip, draw_emblem, draw_fingerprint, draw_photo, security_background
from samples.citizens import Sex
from samples.id_card import CARD_TITLE, IdCard, mrz_lines, printed_date, qr_payload
from samples.letterhead import MOTTO, MOTTO_SUBTITLE
from samples.marks import SEAL_RED, draw_signature, seal_mask
from samples.sheet import DPI, load_font

CARD_MM = (85.6, 53.98)
CARD_SIZE = tuple(round(mm / 25.4 * DPI) for mm in CARD_MM)  # (1011, 638)
BLACK = 255  # darkness of the black print in the ink layer
RED_IN_GRAY = 165  # darkness a black-and-white copier gives the red title
FIELDS_X = 292  # left edge of the holder's fields on the front
RIGHT_EDGE = CARD_SIZE[0] - 28
MRZ_PITCH = 30  # px per machine-readable character


class CardFace:
    """One face being printed: colour art, an ink-darkness layer and the lines in reading order."""

    def __init__(self, art: Image.Image):
        self.art = art
        self.ink = Image.new("L", CARD_SIZE, 0)
        self.draw = ImageDraw.Draw(self.ink)
        self.lines: list[str] = []

    @staticmethod
    def font(size_px: int, style: str = "regular", family: str = "card") -> ImageFont.FreeTypeFont:
        return load_font(family, style, size_px)

    def line(self, parts: list[tuple[str, str, int]], x: float, baseline: float, *, anchor: str = "ls",
             darkness: int = BLACK, family: str = "card", record: bool = True) -> float:
        """Print ``(text, style, size_px)`` parts one after another on a line and record it;
        return where it ends. ``anchor`` "ms" centres the whole line on ``x``."""
        fonts = [self.font(size, style, family) for _, style, size in parts]
        space = fonts[0].getlength(" ")
        widths = [font.getlength(text) for (text, _, _), font in zip(parts, fonts)]
        total = sum(widths) + space * (len(parts) - 1)
        cursor = x - total / 2 if anchor == "ms" else x
        for (text, _, _), font, width in zip(parts, fonts, widths):
            self.draw.text((cursor, baseline), text, font=font, fill=darkness, anchor="ls")
            cursor += width + space
        if record:
            self.lines.append(" ".join(text for text, _, _ in parts))
        return cursor - space

    def wrap(self, text: str, style: str, size_px: int, first_width: float, width: float) -> list[str]:
        font = self.font(size_px, style)
        lines, current = [], ""
        for word in text.split():
            limit = first_width if not lines else width
            candidate = f"{current} {word}".strip()
            if current and font.getlength(candidate) > limit:
                lines.append(current)
                current = word
            else:
                current = candidate
        return [*lines, current] if current else lines

    def qr(self, text: str, *, right: int, top: int, size_px: int) -> None:
        """The QR code of ``text``, ``size_px`` square (modules only), printed in black."""
        modules = np.array(segno.make_qr(text, error="m", boost_error=False).matrix, dtype=bool)
        big = np.kron(modules, np.ones((8, 8), dtype=bool)).astype(np.uint8) * BLACK
        symbol = Image.fromarray(big, "L").resize((size_px, size_px), Image.Resampling.BOX)
        quiet = round(size_px / modules.shape[0] * 2)
        ImageDraw.Draw(self.art).rectangle((right - size_px - quiet, top - quiet, right + quiet, top + size_px + quiet),
                                           fill=(246, 246, 244))
        self.ink.paste(symbol, (right - size_px, top))


def write_front_fields(face: CardFace, card: IdCard, size: int) -> bool:
    """The holder's fields right of the photo at label size ``size``; False if they ran off the card."""
    holder = card.holder
    value = size + 2
    step = round(size * 1.55)
    width = RIGHT_EDGE - FIELDS_X
    y = 278
    face.line([("Số / No.:", "regular", size), (holder.id_number, "bold", size + 10)], FIELDS_X, y)
    y += step + 6
    face.line([("Họ và tên / Full name:", "regular", size)], FIELDS_X, y)
    y += step + 4
    face.line([(holder.name, "bold", size + 8)], FIELDS_X, y)
    y += step + 4
    face.line([("Ngày sinh / Date of birth:", "regular", size), (printed_date(holder.dob), "regular", value)],
              FIELDS_X, y)
    y += step
    end = face.line([("Giới tính / Sex:", "regular", size), (holder.sex.value, "regular", value)], FIELDS_X, y,
                    record=False)
    face.line([("Quốc tịch / Nationality:", "regular", size), ("Việt Nam", "regular", value)],
              max(end + 40, FIELDS_X + 250), y, record=False)
    face.lines.append(f"Giới tính / Sex: {holder.sex.value} Quốc tịch / Nationality: Việt Nam")
    y += step
    face.line([("Quê quán / Place of origin:", "regular", size)], FIELDS_X, y)
    for piece in face.wrap(card.origin, "regular", value, width, width):
        y += step
        face.line([(piece, "regular", value)], FIELDS_X, y)
    y += step
    label = "Nơi thường trú / Place of residence:"
    label_width = face.font(size).getlength(label + " ")
    pieces = face.wrap(holder.address, "regular", value, width - label_width, width)
    face.line([(label, "regular", size), (pieces[0], "regular", value)], FIELDS_X, y)
    for piece in pieces[1:]:
        y += step
        face.line([(piece, "regular", value)], FIELDS_X, y)
    return y <= CARD_SIZE[1] - 18


def write_heading(face: CardFace, center: float, title: str, english_title: str) -> None:
    """The front's heading, centred on ``center``: the state's name and motto in both
    languages, the card's title in red and its English title."""
    for text, style, px, y in ((MOTTO, "bold", 25, 52), (MOTTO_SUBTITLE, "bold", 25, 82),
                               ("SOCIALIST REPUBLIC OF VIET NAM", "regular", 19, 108),
                               ("Independence - Freedom - Happiness", "regular", 19, 132)):
        face.line([(text, style, px)], center, y, anchor="ms")
    face.line([(title, "bold", 44)], center, 184, anchor="ms", darkness=RED_IN_GRAY)
    face.line([(english_title, "bold", 24)], center, 216, anchor="ms")


def render_front(card: IdCard, rng: random.Random) -> CardFace:
    """The front: header, title, QR code, photo and the holder's fields. The label size
    shrinks until a long address fits."""
    for size in (20, 19, 18, 17, 16):
        face = CardFace(security_background(CARD_SIZE, random.Random(rng.random()), (232, 226, 228)))
        draw_emblem(face.art, (96, 100), 70)
        write_heading(face, (170 + RIGHT_EDGE - 190) / 2, CARD_TITLE, "Citizen Identity Card")
        face.qr(qr_payload(card), right=RIGHT_EDGE, top=30, size_px=round(rng.uniform(14.0, 16.0) / 25.4 * DPI))
        draw_photo(face.art, (34, 244, 254, 520), rng, long_hair=card.holder.sex is Sex.FEMALE)
        face.line([("Có giá trị đến:", "regular", 17)], 34, 558)
        face.line([("Date of expiry:", "italic", 16)], 34, 582)
        face.line([(printed_date(card.expiry), "bold", 20)], 34, 610)
        if write_front_fields(face, card, size):
            return face
    raise ValueError(f"the address does not fit on the card: {card.holder.address!r}")


def press_card_seal(face: CardFace, center: tuple[int, int], diameter: int, rng: random.Random) -> None:
    """The issuing police department's small red seal, pressed over the director's signature."""
    mask = np.asarray(seal_mask(diameter, "BỘ CÔNG AN * CỤC CẢNH SÁT QLHC VỀ TTXH", rng), dtype=np.float32) / 255
    alpha = (mask * rng.uniform(0.75, 0.95))[..., None]
    size = mask.shape[0]
    x0, y0 = center[0] - size // 2, center[1] - size // 2
    region = np.asarray(face.art.crop((x0, y0, x0 + size, y0 + size)), dtype=np.float32)
    stamped = region * (1 - alpha + alpha * np.array(SEAL_RED, np.float32) / 255)
    face.art.paste(Image.fromarray(stamped.clip(0, 255).astype(np.uint8), "RGB"), (x0, y0))


def write_director_block(face: CardFace, card: IdCard, rng: random.Random) -> None:
    center = 285
    for text, style, px, y in (("CỤC TRƯỞNG CỤC CẢNH SÁT", "bold", 19, 168),
                               ("QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", "bold", 19, 192),
                               ("DIRECTOR GENERAL OF THE POLICE DEPARTMENT", "regular", 15, 214),
                               ("FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER", "regular", 15, 234)):
        face.line([(text, style, px)], center, y, anchor="ms")
    scribble = Image.new("L", (260, 110), 0)
    draw_signature(scribble, (10, 5, 250, 105), rng)  # drawn in gray 45 on black: flip to darkness
    signature = Image.fromarray(np.where(np.asarray(scribble) > 0, 225, 0).astype(np.uint8), "L")
    face.ink.paste(signature, (center - 110, 250), signature)
    press_card_seal(face, (center - 70, 300), 170, rng)
    face.line([(card.director, "bold", 22)], center, 392, anchor="ms")


def render_back(card: IdCard, rng: random.Random) -> CardFace:
    """The back: marks and issue date, the director's block, fingerprints, chip, MRZ."""
    face = CardFace(security_background(CARD_SIZE, random.Random(rng.random()), (226, 230, 234)))
    face.line([("Đặc điểm nhân dạng / Personal identification:", "regular", 19)], 32, 58)
    face.line([(card.marks, "regular", 20)], 32, 88)
    face.line([("Ngày, tháng, năm / Date, month, year:", "regular", 19), (printed_date(card.issued), "bold", 20)],
              32, 128)
    write_director_block(face, card, rng)
    for box, caption, english in (((590, 34, 772, 292), "Ngón trỏ trái", "Left index finger"),
                                  ((800, 34, 982, 292), "Ngón trỏ phải", "Right index finger")):
        draw_fingerprint(face.art, (box[0] + 12, box[1] + 12, box[2] - 12, box[3] - 12), rng)
        face.draw.rectangle(box, outline=170, width=2)
        face.draw.text(((box[0] + box[2]) / 2, 318), caption, font=face.font(17), fill=BLACK, anchor="ms")
        face.draw.text(((box[0] + box[2]) / 2, 340), english, font=face.font(15, "italic"), fill=BLACK, anchor="ms")
    face.lines += ["Ngón trỏ trái Ngón trỏ phải", "Left index finger Right index finger"]
    draw_chip(face.art, (640, 362, 790, 462))
    write_mrz(face, mrz_lines(card))
    return face


def write_mrz(face: CardFace, lines: tuple[str, str, str]) -> None:
    """The three MRZ lines at the ICAO pitch, ten characters to the inch (30 px), 2.5 mm tall."""
    font = face.font(40, family="mono")
    left = (CARD_SIZE[0] - MRZ_PITCH * 30) / 2
    for row, text in enumerate(lines):
        for column, char in enumerate(text):
            face.draw.text((left + column * MRZ_PITCH + MRZ_PITCH / 2, 526 + row * 46), char, font=font,
                           fill=BLACK, anchor="ms")
        face.lines.append(text)

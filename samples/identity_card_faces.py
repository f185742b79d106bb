"""The two faces of the identity card issued since 1 July 2024 (thẻ căn cước, Circular
16/2024/TT-BCA), laid out like the 2021 card's (:mod:`samples.id_card_faces`) but with its
own print.

Front: emblem, the chip's symbol, bilingual motto, the title "CĂN CƯỚC" / "IDENTITY
CARD", the photo on the left and the holder's number, name, birth date, sex and
nationality on the right, each label in both languages. Back: the place of residence, the
place where the birth was registered, the issue and expiry dates on lines of their own,
the QR code at the top right, the chip, the Ministry's block with its seal and signature,
and the three-line machine-readable zone. No identifying marks and no fingerprints.
"""

from __future__ import annotations

import random

import numpy as np
from PIL import Image

from samples.card_art import draw_chip, draw_emblem, draw_photo, security_background
from samples.citizens import Sex
from samples.id_card import IDENTITY_CARD_TITLE, IdCard, mrz_lines, printed_date, qr_payload
from samples.id_card_faces import (CARD_SIZE, FIELDS_X, RIGHT_EDGE, CardFace, press_card_seal, write_heading,
                                   write_mrz)
from samples.marks import draw_signature

BACK_TEXT_RIGHT = 600  # the back's text column ends left of the chip, the QR code and the Ministry's block
QR_MM = 18.0  # the Circular's QR code: 18 x 18 mm


def render_identity_front(card: IdCard, rng: random.Random) -> CardFace:
    """The front: header, title, photo and the holder's fields (no QR code: it is on the back)."""
    face = CardFace(security_background(CARD_SIZE, random.Random(rng.random()), (226, 232, 226)))
    draw_emblem(face.art, (96, 100), 70)
    draw_chip(face.art, (RIGHT_EDGE - 130, 60, RIGHT_EDGE - 20, 140))  # the chip's symbol
    write_heading(face, (170 + RIGHT_EDGE - 150) / 2, IDENTITY_CARD_TITLE, "IDENTITY CARD")
    draw_photo(face.art, (34, 244, 254, 520), rng, long_hair=card.holder.sex is Sex.FEMALE)
    holder, size = card.holder, 19
    step = round(size * 1.55)
    y = 268
    face.line([("Số định danh cá nhân / Personal identification number:", "regular", size)], FIELDS_X, y)
    y += step + 8
    face.line([(holder.id_number, "bold", size + 10)], FIELDS_X, y)
    y += step + 4
    face.line([("Họ, chữ đệm và tên khai sinh / Full name:", "regular", size)], FIELDS_X, y)
    y += step + 6
    face.line([(holder.name, "bold", size + 8)], FIELDS_X, y)
    y += step + 4
    face.line([("Ngày, tháng, năm sinh / Date of birth:", "regular", size),
               (printed_date(holder.dob), "regular", size + 2)], FIELDS_X, y)
    y += step
    end = face.line([("Giới tính / Sex:", "regular", size), (holder.sex.value, "regular", size + 2)], FIELDS_X, y,
                    record=False)
    face.line([("Quốc tịch / Nationality:", "regular", size), ("Việt Nam", "regular", size + 2)],
              max(end + 40, FIELDS_X + 250), y, record=False)
    face.lines.append(f"Giới tính / Sex: {holder.sex.value} Quốc tịch / Nationality: Việt Nam")
    return face


def render_identity_back(card: IdCard, rng: random.Random) -> CardFace:
    """The back: residence, birth registration, issue and expiry, QR code, chip, the
    Ministry's block and the zone. The text shrinks until a long address fits above the
    dates."""
    for size in (19, 18, 17, 16):
        face = CardFace(security_background(CARD_SIZE, random.Random(rng.random()), (230, 228, 236)))
        if _write_back_fields(face, card, size):
            break
    else:
        raise ValueError(f"the address does not fit on the card: {card.holder.address!r}")
    face.qr(qr_payload(card), right=RIGHT_EDGE, top=30, size_px=round(QR_MM / 25.4 * 300))
    draw_chip(face.art, (640, 60, 750, 140))
    _write_ministry_block(face, rng)
    write_mrz(face, mrz_lines(card))
    return face


def _write_back_fields(face: CardFace, card: IdCard, size: int) -> bool:
    """The back's labelled lines in its left column; False when they reach the zone."""
    value, step, left = size + 1, round(size * 1.5), 32
    width = BACK_TEXT_RIGHT - left
    y = 58
    for label, text in (("Nơi cư trú / Place of residence:", card.holder.address),
                        ("Nơi đăng ký khai sinh / Place of birth:", card.origin)):
        face.line([(label, "regular", size)], left, y)
        for piece in face.wrap(text, "regular", value, width, width):
            y += step
            face.line([(piece, "regular", value)], left, y)
        y += step + 4
    for label, day in (("Ngày, tháng, năm cấp / Date of issue:", card.issued),
                       ("Ngày, tháng, năm hết hạn / Date of expiry:", card.expiry)):
        face.line([(label, "regular", size), (printed_date(day), "bold", value)], left, y)
        y += step
    return y <= 500


def _write_ministry_block(face: CardFace, rng: random.Random) -> None:
    """"BỘ CÔNG AN" / "MINISTRY OF PUBLIC SECURITY", the signature and the red seal over it."""
    center = 800
    face.line([("BỘ CÔNG AN", "bold", 19)], center, 276, anchor="ms")
    face.line([("MINISTRY OF PUBLIC SECURITY", "regular", 14)], center, 298, anchor="ms")
    scribble = Image.new("L", (200, 90), 0)
    draw_signature(scribble, (8, 5, 192, 85), rng)  # drawn in gray 45 on black: flip to darkness
    signature = Image.fromarray(np.where(np.asarray(scribble) > 0, 225, 0).astype(np.uint8), "L")
    face.ink.paste(signature, (center - 100, 315), signature)
    press_card_seal(face, (center - 50, 360), 140, rng)

"""The photocopy of a citizen's identity card (the 2021 model or the 2024 one, by its issue
date) that nearly every dossier holds: the front and
the back copied at 1:1 on one A4 sheet, one above the other, each lying a little askew as
it was put on the glass; a certified copy adds the certifier's block and red seal under them."""

from __future__ import annotations

import random

from samples.dossiers import IdCardCopy, Paper, PaperKind
from samples.forms import write_certification
from samples.id_card import card_fields, card_title, qr_payload
from samples.id_card_faces import CARD_SIZE, render_back, render_front
from samples.identity_card_faces import render_identity_back, render_identity_front
from samples.marks import stamp_seal
from samples.photocopy import add_copier_marks, photocopy_face, place_copy
from samples.sheet import PAGE_SIZE, Sheet, Typeface


def render_id_card_copy(paper: IdCardCopy, rng: random.Random) -> Paper:
    """Copy both faces onto a sheet; the truth is the front's lines, then the back's, then
    the certification's. Pages with a certification are RGB (the seal), others gray."""
    sheet = Sheet(colour=paper.certified, typeface=Typeface("serif", 12.0, 1.4))
    center_x = PAGE_SIZE[0] // 2 + rng.randint(-160, 160)
    y = rng.randint(240, 520)
    front, back = ((render_identity_front, render_identity_back) if paper.card.identity_card
                   else (render_front, render_back))
    for face in (front(paper.card, rng), back(paper.card, rng)):
        copy, mask = photocopy_face(face, rng)
        place_copy(sheet.image, copy, mask, (center_x + rng.randint(-40, 40), y + CARD_SIZE[1] // 2),
                   rng.uniform(-1.5, 1.5))
        for line in face.lines:
            sheet.record(line)
        y += CARD_SIZE[1] + rng.randint(110, 300)
    add_copier_marks(sheet.image, rng)
    if paper.certified:
        sheet.y = y + 40
        width = sheet.right - sheet.left
        block_x = sheet.left + width * rng.choice((0.3, 0.5, 0.7))
        scribble = write_certification(sheet, paper.certified_on, rng, block_x)
        seal = (scribble[0] + 40, (scribble[1] + scribble[3]) // 2 + rng.randint(-30, 30))
        stamp_seal(sheet.image, seal, rng.randint(420, 480), paper.unit.addressee.upper(), rng)
    return Paper(PaperKind.ID_CARD_COPY, sheet.image, sheet.text, card_title(paper.card), card_fields(paper.card),
                 has_seal=paper.certified, qr_code=qr_payload(paper.card))

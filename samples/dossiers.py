"""What a dossier handed in at the counter consists of: a receipt and the citizen's papers.

These are the contents of papers, decided before anything is drawn; ``samples.papers``
and ``samples.forms`` render them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from PIL import Image

from samples.citizens import Citizen, make_citizen
from samples.id_card import IdCard, card_title, issue_id_card
from samples.offices import (
    BIRTH, COPY, MARITAL, RESIDENCE, Procedure, Unit, add_working_days, choose_procedure,
    make_dossier_code, make_receipt_date,
)
from samples.prose import TextPaperKind, capitalise_first, choose_text_paper_kind

FORM_TITLES = (BIRTH, RESIDENCE, COPY, MARITAL)


class PaperKind(StrEnum):
    RECEIPT = "receipt"
    FORM = "form"
    CERTIFIED_COPY = "certified_copy"  # a form copied and certified: red seal
    ID_CARD_COPY = "id_card_copy"  # front and back of the citizen identity card, photocopied
    TEXT = "text"
    BLANK = "blank"


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper as printed, upright at 300 dpi, with what is printed on it."""

    kind: PaperKind
    image: Image.Image  # L, or RGB where the paper carries colour (a seal)
    text: str  # the printed lines in reading order, dots and rules left out
    document_type: str | None
    fields: dict[str, str]  # values normalised: ISO dates, phone digits
    has_seal: bool = False
    qr_code: str | None = None  # the value of a QR code printed on the paper
    defects: tuple[str, ...] = ()  # what the paper itself makes hard to read ("seal_over_text")


@dataclass(frozen=True, slots=True)
class FormPaper:
    title: str
    unit: Unit
    applicant: Citizen
    signed: date
    certified: bool  # a certified copy: red seal over the signature


@dataclass(frozen=True, slots=True)
class TextPaper:
    kind: TextPaperKind
    unit: Unit
    signer: Citizen
    signed: date
    paragraphs: int


@dataclass(frozen=True, slots=True)
class IdCardCopy:
    card: IdCard
    unit: Unit
    certified: bool  # a certified copy: certification block and red seal under the cards
    certified_on: date


@dataclass(frozen=True, slots=True)
class Receipt:
    dossier_code: str
    unit: Unit
    procedure: Procedure
    applicant: Citizen
    officer: str
    received: date
    received_at: tuple[int, int]  # hour, minute
    appointment: date
    register_number: int
    papers: tuple[str, ...]  # "Thành phần hồ sơ" as listed on the receipt


ContentPaper = FormPaper | TextPaper | IdCardCopy
ID_CARD_RATE = 0.8  # share of dossiers holding a copy of the applicant's identity card


@dataclass(frozen=True, slots=True)
class DossierPlan:
    receipt: Receipt
    papers: tuple[ContentPaper, ...]

    @property
    def dossier_code(self) -> str:
        return self.receipt.dossier_code


def describe_paper(paper: ContentPaper) -> str:
    """The line a receipt lists for a paper: ``Tờ khai đăng ký khai sinh (bản chính)``."""
    if isinstance(paper, FormPaper):
        copy = "bản sao chứng thực" if paper.certified else "bản chính"
        return f"{capitalise_first(paper.title.lower())} ({copy})"
    if isinstance(paper, IdCardCopy):
        return f"{capitalise_first(card_title(paper.card).lower())} ({'bản sao chứng thực' if paper.certified else 'bản sao'})"
    return f"{capitalise_first(paper.kind.title.lower())} (bản chính)"


def compose_papers(
    rng: random.Random, unit: Unit, procedure: Procedure, applicant: Citizen, received: date,
    *, count: int, seal_rate: float,
) -> tuple[ContentPaper, ...]:
    """``count`` papers, the procedure's own form first, signed a few days before ``received``."""
    papers: list[ContentPaper] = []
    for index in range(count):
        signed = received - timedelta(days=rng.randint(0, 6))
        if index == 0 or rng.random() < 0.55:
            title = procedure.form_title if index == 0 else rng.choice(FORM_TITLES)
            papers.append(FormPaper(title, unit, applicant, signed, rng.random() < seal_rate))
        else:
            papers.append(TextPaper(choose_text_paper_kind(rng), unit, applicant, signed, rng.randint(3, 5)))
    return tuple(papers)


def compose_dossier(
    rng: random.Random, unit: Unit, sequence: int, *, pages: tuple[int, int] = (1, 5), seal_rate: float = 0.2,
) -> DossierPlan:
    procedure = choose_procedure(rng)
    applicant = make_citizen(rng)
    received = make_receipt_date(rng)
    code = make_dossier_code(unit, received, sequence, digits=rng.choice((4, 4, 5, 6)))
    papers = compose_papers(
        rng, unit, procedure, applicant, received, count=rng.randint(*pages), seal_rate=seal_rate
    )
    if rng.random() < ID_CARD_RATE:  # right after the receipt, or after the procedure's form
        copied = received - timedelta(days=rng.randint(0, 20))
        card = IdCardCopy(issue_id_card(rng, applicant, before=copied), unit, rng.random() < 0.3, copied)
        position = rng.randint(0, 1)
        papers = (*papers[:position], card, *papers[position:])
    receipt = Receipt(
        dossier_code=code,
        unit=unit,
        procedure=procedure,
        applicant=applicant,
        officer=make_citizen(rng).name,
        received=received,
        received_at=(rng.choice((7, 8, 9, 10, 13, 14, 15, 16)), rng.randrange(0, 60)),
        appointment=add_working_days(received, procedure.working_days),
        register_number=rng.randint(1, 900),
        papers=tuple(describe_paper(p) for p in papers),
    )
    return DossierPlan(receipt, papers)


def compose_loose_papers(rng: random.Random, unit: Unit, count: int) -> tuple[ContentPaper, ...]:
    """Papers scanned before any receipt: they form the unassigned dossier."""
    applicant = make_citizen(rng)
    signed = make_receipt_date(rng)
    kinds = (choose_procedure(rng) for _ in range(count))
    return tuple(
        FormPaper(procedure.form_title, unit, applicant, signed, False)
        if rng.random() < 0.6
        else TextPaper(choose_text_paper_kind(rng), unit, applicant, signed, rng.randint(3, 5))
        for procedure in kinds
    )

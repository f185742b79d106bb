"""Shared fixtures of the OCR tests: ID card copies made by the samples generator."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from typing import Callable

import pytest
from PIL import Image

from samples.citizens import make_citizen
from samples.degrade import Level, choose_defects, scan_page
from samples.dossiers import IdCardCopy
from samples.id_card import card_expiry, issue_id_card
from samples.id_card_copy import render_id_card_copy
from samples.offices import choose_unit

CardCopyScan = Callable[..., tuple[Image.Image, dict]]


@pytest.fixture(scope="session")
def scan_card_copy() -> CardCopyScan:
    """Makes a scan (upright, not skewed) of a generated ID card copy: ``scan(seed,
    level=Level.MILD, dpi=300, issued=None)`` -> (the scanned page, the card's printed
    values). ``issued``: the card's issue date instead of the drawn one (from 1 July 2024
    on, the card is the 2024 identity card)."""
    def scan(seed: int, level: Level = Level.MILD, dpi: int = 300,
             issued: date | None = None) -> tuple[Image.Image, dict]:
        rng = random.Random(seed)
        holder = make_citizen(rng)
        card = issue_id_card(rng, holder, before=date(2025, 6, 1))
        if issued is not None:
            card = replace(card, issued=issued, expiry=card_expiry(holder.dob, issued))
        paper = render_id_card_copy(IdCardCopy(card, choose_unit(rng), False, date(2025, 6, 1)), rng)
        defects = replace(choose_defects(level, rng), rotation=0, skew_deg=0.0)
        return scan_page(paper.image, defects, dpi=dpi, seed=seed), paper.fields
    return scan

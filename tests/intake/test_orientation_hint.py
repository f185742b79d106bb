"""Which way up a page goes when it carries a QR code, and photocopied ID cards (whose grain
and MRZ fool tesseract's OSD) with and without a readable QR code."""

from __future__ import annotations

import io
import logging
import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import segno
from PIL import Image, ImageDraw, ImageFont

from intake.cleanup import CleanupOptions, clean_page, turn_from_qr_codes
from intake.model import Barcode, SourcePage
from intake.pipeline import PipelineOptions, process_page
from intake.separate import read_barcodes
from ocr.orientation import detect_orientation
from samples.citizens import make_citizen
from samples.degrade import PageDefects, scan_page
from samples.dossiers import IdCardCopy
from samples.id_card import issue_id_card
from samples.id_card_copy import render_id_card_copy
from samples.offices import UNITS

SCAN_DPI = 200
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def qr(orientation: int, text: str = "QRCode") -> Barcode:
    return Barcode("019190001234|090123456|Nguyễn Thị Hoà", text, (0, 0, 10, 10), orientation)


@pytest.mark.parametrize(("orientation", "turn"), [(0, 0), (3, 0), (-4, 0), (90, 270), (87, 270),
                                                   (180, 180), (-179, 180), (-90, 90), (-93, 90)])
def test_a_qr_code_turned_near_a_quarter_turn_gives_the_turn_back(orientation: int, turn: int) -> None:
    assert turn_from_qr_codes([qr(orientation)]) == turn


@pytest.mark.parametrize("barcodes", [
    [],
    [qr(90, "Code128")],  # 1-D bars are printed along margins and read either way round
    [qr(45)],  # too crooked to tell
    [qr(0), qr(180)],  # codes that disagree
])
def test_no_hint_without_one_clear_qr_code(barcodes: list[Barcode]) -> None:
    assert turn_from_qr_codes(barcodes) is None


def test_codes_that_agree_give_their_turn() -> None:
    assert turn_from_qr_codes([qr(88), qr(90, "Code39"), qr(92)]) == 270


# --- photocopied ID cards ------------------------------------------------------------------

@pytest.fixture(scope="module")
def card_copy() -> Image.Image:
    """An uncertified copy of a chip ID card's two faces on an A4 sheet, as the samples
    generator draws it (300 dpi, gray, grain, the front's QR code, the back's MRZ)."""
    rng = random.Random(7)
    holder = make_citizen(rng)
    card = issue_id_card(rng, holder, before=date(2024, 5, 2))
    paper = render_id_card_copy(IdCardCopy(card, UNITS[0], False, date(2024, 5, 2)), rng)
    return paper.image


def scanned(paper: Image.Image, rotation: int, *, hide_qr: bool = False) -> SourcePage:
    """``paper`` scanned at 200 dpi with a little noise and blur, fed ``rotation`` degrees
    clockwise; with ``hide_qr`` its QR code is painted over with the paper's gray first."""
    if hide_qr:
        pixels = np.array(paper)
        (code,) = read_barcodes(pixels)
        left, top, right, bottom = code.bbox
        pixels[top - 10:bottom + 10, left - 10:right + 10] = np.median(pixels)
        paper = Image.fromarray(pixels)
    defects = PageDefects(rotation=rotation, tone=244.0, noise=1.5, blur=0.4)
    image = np.asarray(scan_page(paper, defects, dpi=SCAN_DPI, seed=rotation + 1))
    return SourcePage("card.png", 1, image, (SCAN_DPI, SCAN_DPI))


@pytest.mark.parametrize("fed", [0, 90, 180, 270])
def test_id_card_copy_is_stood_upright_by_its_qr_code(card_copy: Image.Image, fed: int) -> None:
    """GIVEN a card copy fed at a quarter turn WHEN it is cleaned with its barcodes THEN it
    turns back by exactly that much (an upright copy stays as it is)."""
    page = scanned(card_copy, fed)
    barcodes = read_barcodes(page.image)
    assert [b.format for b in barcodes] == ["QRCode"]
    clean = clean_page(page, CleanupOptions(), detect_orientation, barcodes)
    assert clean.rotation == (360 - fed) % 360
    (upright_code,) = read_barcodes(clean.archive)
    assert abs(upright_code.orientation) <= 5


@pytest.mark.parametrize("fed", [0, 180])
def test_id_card_copy_without_a_readable_qr_code_is_not_turned_wrong(card_copy: Image.Image, fed: int) -> None:
    """GIVEN a card copy whose QR code cannot be read (OSD sees its grain as another script
    and, alone, turns it upside down) WHEN it is cleaned THEN reading decides: turned right."""
    page = scanned(card_copy, fed, hide_qr=True)
    assert read_barcodes(page.image) == ()
    assert detect_orientation(page.image[::2, ::2], recheck=False).rotate == 0  # OSD alone is not trusted
    clean = clean_page(page, CleanupOptions(), detect_orientation)
    assert clean.rotation == (360 - fed) % 360


def test_pipeline_hands_the_pages_codes_to_cleanup(card_copy: Image.Image, tmp_path: Path) -> None:
    path = tmp_path / "card.png"
    Image.fromarray(scanned(card_copy, 90).image).save(path, dpi=(SCAN_DPI, SCAN_DPI))
    page = process_page(path, 0, PipelineOptions(workers=1))
    assert page.rotation == 270
    (code,) = read_barcodes(np.asarray(card_copy))
    assert page.fields["id_number"].value == code.text.split("|")[0]  # read on the upright page
    assert not page.fields["id_number"].warnings


def test_the_qr_code_wins_over_a_sure_osd_and_the_disagreement_is_logged(
        caplog: pytest.LogCaptureFixture) -> None:
    """GIVEN an upright page of text with a QR code stuck on it sideways WHEN it is cleaned
    THEN the page follows the QR code, and the log says OSD thought otherwise."""
    page = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 30)
    for row in range(30):
        draw.text((150, 500 + row * 50), "Kính gửi Ủy ban nhân dân phường, tôi xin trình bày.", font=font, fill=0)
    png = io.BytesIO()
    segno.make("https://dichvucong.gov.vn/p/123456", error="m").save(png, kind="png", scale=6, border=4)
    page.paste(Image.open(png).convert("L").rotate(90, expand=True), (1200, 120))
    image = np.asarray(page)
    barcodes = read_barcodes(image)
    assert turn_from_qr_codes(barcodes) == 90
    caplog.set_level(logging.INFO, logger="intake.cleanup")
    clean = clean_page(SourcePage("page.png", 1, image, (200.0, 200.0)), CleanupOptions(),
                       detect_orientation, barcodes)
    assert clean.rotation == 90
    assert "following the QR code" in caplog.text


def test_qr_codes_can_be_left_out_of_the_decision(card_copy: Image.Image) -> None:
    page = scanned(card_copy, 90)
    options = replace(CleanupOptions(), turn_by_qr_codes=False, detect_orientation=True)
    clean = clean_page(page, options, None, read_barcodes(page.image))
    assert clean.rotation == 0  # no detector and the QR code not asked: left as fed

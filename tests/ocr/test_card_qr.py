"""The chip card's QR code read on a straightened card face (:mod:`ocr.card_qr`)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import zxingcpp

from ocr.card_qr import _sharpened, read_face_qr
from ocr.id_card import chip_cards

DATA = Path(__file__).parent / "data"


def _decoded(image: np.ndarray) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode) if r.text]


def test_a_qr_code_blurred_past_sharpening_decodes_thresholded_against_its_neighbourhood():
    """GIVEN the QR corner of a hard copy's front (hard dev seed 95, scan_002 page 2: 200 dpi,
    blurred, faded; straightened and kept at 450 dpi) that neither the face as it is nor
    sharpened decodes WHEN its QR is read THEN the locally thresholded face gives the card's
    exact values."""
    corner = cv2.imread(str(DATA / "blurred_card_qr.png"), cv2.IMREAD_GRAYSCALE)
    assert _decoded(corner) == [] and _decoded(_sharpened(corner, 450)) == []
    cards = chip_cards(read_face_qr(corner, 450))
    assert len(cards) == 1
    assert (cards[0].id_number, cards[0].full_name, cards[0].birth_date) == ("004094595601", "Vũ Văn Quang Hiếu",
                                                                          "1994-04-26")


def test_a_face_without_a_code_gives_none():
    paper = np.full((600, 900), 235, np.uint8)
    cv2.putText(paper, "Ho va ten", (50, 300), cv2.FONT_HERSHEY_SIMPLEX, 2, 30, 3)
    assert read_face_qr(paper, 450) == ()

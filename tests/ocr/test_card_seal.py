"""The card seal's ring told apart from the print it touches, at the card read's scale
(750 dpi: a card at 300 dpi enlarged 2.5 times), with the samples generator's own seal,
signature, emblem and fingerprint drawings."""

from __future__ import annotations

import random

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr.card_seal import find_seal
from ocr.id_card_faces import erase_art
from samples.card_art import draw_emblem, draw_fingerprint
from samples.marks import draw_signature, seal_mask

DPI = 750.0
SCALE = 2.5  # the block is drawn as the generator draws a card (300 dpi) and enlarged
BOLD = "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"
SEAL_CENTER, SEAL_DIAMETER = (215, 300), 170  # the generator's, at 300 dpi
NAME_AT = (285, 392)  # the director's name (baseline centre): its capitals' tops under the ring


def _director_block(rng: random.Random) -> tuple[np.ndarray, np.ndarray]:
    """A back face's director block as the generator lays it out: signature, seal
    pressed over it, the name under it touching the ring; enlarged to the card read's
    scale, with the name's own ink as a mask."""
    face = Image.new("L", (600, 440), 255)
    draw_signature(face, (175, 255, 425, 355), rng)
    mask = seal_mask(SEAL_DIAMETER, "BỘ CÔNG AN * CỤC CẢNH SÁT QLHC VỀ TTXH", rng)
    corner = (SEAL_CENTER[0] - mask.width // 2, SEAL_CENTER[1] - mask.height // 2)
    face.paste(Image.new("L", mask.size, 90), corner, mask)
    name = Image.new("L", face.size, 0)
    ImageDraw.Draw(name).text(NAME_AT, "Trần Minh Việt", font=ImageFont.truetype(BOLD, 22), fill=255, anchor="ms")
    face.paste(Image.new("L", face.size, 0), (0, 0), name)
    size = (round(face.width * SCALE), round(face.height * SCALE))
    return (np.asarray(face.resize(size, Image.Resampling.BICUBIC)),
            np.asarray(name.resize(size, Image.Resampling.BICUBIC)) > 128)


def _touched_print(face: np.ndarray, name: np.ndarray) -> np.ndarray:
    """The name's ink that is one blob with the seal (what touches the ring), outside the
    ring."""
    _, dark = cv2.threshold(face, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    seal_blob = labels == 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    ys, xs = np.mgrid[:face.shape[0], :face.shape[1]]
    outside = np.hypot(xs - SCALE * SEAL_CENTER[0], ys - SCALE * SEAL_CENTER[1]) > SCALE * SEAL_DIAMETER / 2 + 20
    return name & seal_blob & outside


def test_the_print_a_seals_ring_touches_is_kept_and_the_ring_and_signature_erased():
    """GIVEN a seal pressed over a signature, its ring touching the name under it (one
    dark blob) WHEN the face's art is erased THEN the ring and the signature go, and the
    name's letters the ring touched stay print, outside the ring."""
    face, name = _director_block(random.Random(3))
    touched = _touched_print(face, name)
    assert touched.sum() > 200  # the block is as meant: the ring touches a letter
    out, boxes = erase_art(face, DPI)
    assert (out[touched] < 128).mean() > 0.9
    near_name = cv2.dilate(name.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
    assert (out[~near_name & (face < 128)] < 128).mean() < 0.03  # seal and signature erased
    center = [SCALE * v for v in SEAL_CENTER]
    assert any(box[0] <= center[0] <= box[2] and box[1] <= center[1] <= box[3] for box in boxes)


def test_without_the_ring_found_the_touched_letters_went_with_the_art(monkeypatch):
    """GIVEN the same block WHEN its blob is judged whole (no seal found) THEN the letters
    the ring touched went with it: what finding the ring gives back."""
    face, name = _director_block(random.Random(3))
    monkeypatch.setattr("ocr.id_card_faces.find_seal", lambda blob, dpi: None)
    out, _ = erase_art(face, DPI)
    assert (out[_touched_print(face, name)] < 128).mean() < 0.1


def _blob(image: np.ndarray) -> np.ndarray:
    """The largest dark blob of a gray image, cropped to its box."""
    _, dark = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    label = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, w, h = stats[label, :4]
    return (labels[y:y + h, x:x + w] == label).astype(np.uint8)


def test_the_seal_is_found_where_it_was_pressed():
    face, _ = _director_block(random.Random(5))
    blob = _blob(face)
    seal = find_seal(blob, DPI)
    assert seal is not None
    _, dark = cv2.threshold(face, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    left, top = stats[1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA])), :2]
    assert abs(seal.center[0] + left - SCALE * SEAL_CENTER[0]) < 12
    assert abs(seal.center[1] + top - SCALE * SEAL_CENTER[1]) < 12
    assert abs(seal.radius - SCALE * SEAL_DIAMETER / 2) < 20


def test_a_filled_emblem_and_a_fingerprint_are_no_seals():
    """GIVEN the front's round emblem and a fingerprint's round ridges WHEN a seal is
    looked for in them THEN none is found: what touches them stays art."""
    emblem = Image.new("RGB", (700, 700), "white")
    draw_emblem(emblem, (350, 350), 300)
    print_ = Image.new("RGB", (700, 800), "white")
    draw_fingerprint(print_, (60, 60, 640, 740), random.Random(2))
    for art in (emblem, print_):
        assert find_seal(_blob(np.asarray(art.convert("L"))), DPI) is None

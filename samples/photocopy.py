"""A black-and-white office copier, as it copies an identity card at 1:1.

The copier darkens and screens the card's colour print into a grid of toner dots (the
pale security background turns into a gray, grainy field, the photo into a dark dotted
patch), keeps text solid but lets its toner spread a little, draws the card's edge and the
shadow its thickness casts, and sprinkles stray toner. ``add_copier_marks`` gives the whole
copied sheet its stray toner and, now and then, the streak of a scratched drum.
"""

from __future__ import annotations

import random

import cv2
import numpy as np
from PIL import Image, ImageDraw

from samples.id_card_faces import CardFace

CORNER_RADIUS = 38  # 3.18 mm, the ISO card corner, at 300 dpi
EDGE_ROOM = 14  # pixels round the card for its edge and shadow


def screen_thresholds(shape: tuple[int, int], period: float, angle_deg: float) -> np.ndarray:
    """A clustered-dot halftone screen: per pixel, the tone (0..1) below which it takes toner."""
    height, width = shape
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = np.radians(angle_deg)
    u = xs * np.cos(angle) + ys * np.sin(angle)
    v = -xs * np.sin(angle) + ys * np.cos(angle)
    return 0.5 + 0.25 * (np.cos(2 * np.pi * u / period) + np.cos(2 * np.pi * v / period))


def screen_art(face: CardFace, rng: random.Random) -> np.ndarray:
    """The colour art as the copier prints it: darker mid-tones, a dot screen, spread toner."""
    tone = np.asarray(face.art.convert("L"), dtype=np.float32) / 255
    tone = np.clip(tone / rng.uniform(0.95, 1.0), 0, 1) ** rng.uniform(1.6, 2.2)
    screen = screen_thresholds(tone.shape, rng.uniform(2.8, 3.4), rng.choice((45.0, 15.0, 75.0)))
    toner = rng.uniform(30, 60)
    dots = np.where(tone < screen, toner, 255.0).astype(np.float32)
    return cv2.GaussianBlur(dots, (0, 0), rng.uniform(0.7, 1.0))


def photocopy_face(face: CardFace, rng: random.Random) -> tuple[Image.Image, Image.Image]:
    """The copied face (gray, with ``EDGE_ROOM`` round it) and the mask of what the copy
    covers: the card with its rounded corners, its edge and its shadow."""
    noise_rng = np.random.default_rng(rng.getrandbits(32))
    ink = np.asarray(face.ink, dtype=np.float32) / 255
    ink = np.clip(cv2.GaussianBlur(ink, (0, 0), 0.6) * 1.25, 0, 1)
    gray = screen_art(face, rng) * (1 - ink * rng.uniform(0.86, 0.95))
    gray += noise_rng.normal(0, rng.uniform(4, 8), gray.shape).astype(np.float32)
    height, width = gray.shape
    specks = noise_rng.random(gray.shape) < rng.uniform(0.0005, 0.002)
    gray[specks] = rng.uniform(40, 110)
    canvas = np.full((height + 2 * EDGE_ROOM, width + 2 * EDGE_ROOM), 255.0, dtype=np.float32)
    canvas[EDGE_ROOM:EDGE_ROOM + height, EDGE_ROOM:EDGE_ROOM + width] = gray
    copy = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8), "L")
    card_box = (EDGE_ROOM, EDGE_ROOM, EDGE_ROOM + width - 1, EDGE_ROOM + height - 1)
    shadow = (rng.choice((-1, 1)) * rng.randint(2, 6), rng.choice((-1, 1)) * rng.randint(2, 6))
    shadow_layer = Image.new("L", copy.size, 0)
    ImageDraw.Draw(shadow_layer).rounded_rectangle(
        tuple(c + shadow[i % 2] for i, c in enumerate(card_box)), radius=CORNER_RADIUS, fill=255)
    shadow_layer = Image.fromarray(cv2.GaussianBlur(np.asarray(shadow_layer), (0, 0), 2.0))
    copy.paste(rng.randint(120, 170), mask=shadow_layer)
    card_mask = Image.new("L", copy.size, 0)
    ImageDraw.Draw(card_mask).rounded_rectangle(card_box, radius=CORNER_RADIUS, fill=255)
    canvas_image = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8), "L")
    copy.paste(canvas_image, mask=card_mask)
    ImageDraw.Draw(copy).rounded_rectangle(card_box, radius=CORNER_RADIUS, outline=rng.randint(70, 130),
                                           width=rng.choice((2, 3)))
    mask = Image.fromarray(np.maximum(np.asarray(card_mask), np.asarray(shadow_layer)))
    return copy, mask


def place_copy(page: Image.Image, copy: Image.Image, mask: Image.Image, center: tuple[int, int], angle: float) -> None:
    """Lay a copied face on the page, turned ``angle`` degrees as the card lay on the glass."""
    turned = copy.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    turned_mask = mask.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=0)
    if page.mode == "RGB":
        turned = turned.convert("RGB")
    page.paste(turned, (center[0] - turned.width // 2, center[1] - turned.height // 2), turned_mask)


def add_copier_marks(page: Image.Image, rng: random.Random) -> None:
    """Stray toner over the whole copy and, on some copies, a faint drum streak down the page."""
    draw = ImageDraw.Draw(page)
    shade = (lambda value: (value,) * 3) if page.mode == "RGB" else (lambda value: value)
    for _ in range(rng.randint(40, 220)):
        x, y = rng.randrange(page.width), rng.randrange(page.height)
        radius = rng.choice((1, 1, 1, 2, 2, 3))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=shade(rng.randint(60, 170)))
    if rng.random() < 0.2:
        x = rng.randrange(200, page.width - 200)
        draw.line((x, 0, x + rng.randint(-6, 6), page.height), fill=shade(rng.randint(210, 235)),
                  width=rng.randint(2, 4))

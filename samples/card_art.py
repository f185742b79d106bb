"""The printed art of an identity card, drawn from simple shapes (nothing copied): the
security background with its guilloche lines and rosette, a national-emblem placeholder,
the holder's photo as a face-like silhouette, fingerprints and the chip's contact pad."""

from __future__ import annotations

import math
import random

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from samples.marks import star_points

EMBLEM_RED = (204, 36, 40)
EMBLEM_GOLD = (232, 190, 60)


def security_background(size: tuple[int, int], rng: random.Random, tint: tuple[int, int, int]) -> Image.Image:
    """A pale card face: a soft diagonal gradient, waves of fine guilloche lines and a rosette
    of concentric rings in the middle, as security printing has."""
    width, height = size
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    ramp = (xs / width * 0.6 + ys / height * 0.4)[..., None]
    base = np.array(tint, np.float32) * (1 - 0.05 * ramp) + 10 * ramp
    image = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    line = tuple(max(0, c - 32) for c in tint)
    for family in range(2):
        wavelength = rng.uniform(140, 220)
        amplitude = rng.uniform(14, 26)
        phase_step = rng.uniform(0.18, 0.3)
        for index in range(0, height + 60, 9):
            phase = index * phase_step + family * 1.3
            points = [(x, index + amplitude * math.sin(2 * math.pi * x / wavelength + phase))
                      for x in range(0, width + 8, 8)]
            draw.line(points, fill=line, width=1)
    cx, cy = width * rng.uniform(0.45, 0.6), height * rng.uniform(0.45, 0.6)
    ring = tuple(max(0, c - 24) for c in tint)
    for radius in range(20, int(height * 0.42), 11):
        wobble = 3 * math.sin(radius / 9)
        draw.ellipse((cx - radius - wobble, cy - radius, cx + radius + wobble, cy + radius), outline=ring, width=2)
    draw.polygon(star_points(cx, cy, height * 0.08, 0.0), outline=ring)
    return image


def draw_emblem(image: Image.Image, center: tuple[float, float], radius: float) -> None:
    """A round emblem placeholder: a red disc with a gold star, a gold ring of grain-like
    leaves round it and a cog along its bottom."""
    draw = ImageDraw.Draw(image)
    cx, cy = center
    for k in range(26):  # leaves round the disc, leaving the bottom to the cog
        angle = math.radians(-120 + k * 240 / 25)
        lx, ly = cx + radius * 0.9 * math.sin(angle), cy - radius * 0.9 * math.cos(angle)
        leaf = radius * 0.13
        draw.ellipse((lx - leaf, ly - leaf * 0.6, lx + leaf, ly + leaf * 0.6), fill=EMBLEM_GOLD, outline=(150, 110, 20))
    draw.ellipse((cx - radius * 0.72, cy - radius * 0.72, cx + radius * 0.72, cy + radius * 0.72),
                 fill=EMBLEM_RED, outline=EMBLEM_GOLD, width=max(2, round(radius * 0.05)))
    draw.polygon(star_points(cx, cy - radius * 0.08, radius * 0.42, 0.0), fill=EMBLEM_GOLD)
    cog_y = cy + radius * 0.78
    draw.ellipse((cx - radius * 0.3, cog_y - radius * 0.2, cx + radius * 0.3, cog_y + radius * 0.2),
                 fill=EMBLEM_GOLD, outline=(150, 110, 20), width=2)
    for k in range(8):
        angle = math.radians(k * 45)
        tx, ty = cx + radius * 0.3 * math.cos(angle), cog_y + radius * 0.2 * math.sin(angle)
        draw.rectangle((tx - 3, ty - 3, tx + 3, ty + 3), fill=(150, 110, 20))
    draw.rectangle((cx - radius * 0.55, cy + radius * 0.55, cx + radius * 0.55, cy + radius * 0.66), fill=EMBLEM_RED)


def draw_photo(image: Image.Image, box: tuple[int, int, int, int], rng: random.Random, *, long_hair: bool) -> None:
    """The holder's photo: a pale blue studio background, shoulders in a dark jacket over a
    white collar, a neck, ears, a face lit from one side and dark hair, softened like a print."""
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    photo = Image.new("RGB", (width, height), (196, 214, 236))
    draw = ImageDraw.Draw(photo)
    face_w, face_h = width * rng.uniform(0.46, 0.52), height * rng.uniform(0.44, 0.5)
    cx, top = width / 2 + rng.uniform(-6, 6), height * rng.uniform(0.08, 0.12)
    shoulders = top + face_h * rng.uniform(1.1, 1.18)
    hair = (36, 32, 30)
    if long_hair:  # falls behind the neck to the shoulders
        draw.rounded_rectangle((cx - face_w * 0.62, top + face_h * 0.2, cx + face_w * 0.62, shoulders + face_h * 0.2),
                               radius=round(face_w * 0.3), fill=hair)
    draw.ellipse((cx - width * 0.58, shoulders, cx + width * 0.58, shoulders + height * 0.7), fill=(58, 60, 70))
    collar = [(cx - face_w * 0.3, shoulders + 4), (cx + face_w * 0.3, shoulders + 4), (cx, shoulders + height * 0.16)]
    draw.polygon(collar, fill=(236, 236, 236))
    draw.rectangle((cx - face_w * 0.26, top + face_h * 0.8, cx + face_w * 0.26, shoulders + 6), fill=(146, 124, 108))
    for side in (-1, 1):
        ear_x = cx + side * face_w * 0.49
        draw.ellipse((ear_x - face_w * 0.08, top + face_h * 0.42, ear_x + face_w * 0.08, top + face_h * 0.66),
                     fill=(164, 138, 120))
    draw.ellipse((cx - face_w * 0.55, top - face_h * 0.06, cx + face_w * 0.55, top + face_h * 0.62), fill=hair)
    draw.ellipse((cx - face_w / 2, top + face_h * 0.16, cx + face_w / 2, top + face_h), fill=(180, 154, 134))
    draw.chord((cx - face_w * 0.5, top + face_h * 0.1, cx + face_w * 0.5, top + face_h * 0.5), 180, 360, fill=hair)
    for side in (-1, 1):
        eye_x, eye_y = cx + side * face_w * 0.2, top + face_h * 0.55
        draw.line((eye_x - 11, eye_y - 10, eye_x + 11, eye_y - 11), fill=(70, 56, 50), width=3)  # brow
        draw.ellipse((eye_x - 7, eye_y - 3, eye_x + 7, eye_y + 4), fill=(54, 44, 40))
    draw.line((cx, top + face_h * 0.6, cx - 4, top + face_h * 0.74), fill=(150, 122, 104), width=3)
    mouth_y = top + face_h * 0.85
    draw.line((cx - face_w * 0.13, mouth_y, cx + face_w * 0.13, mouth_y), fill=(124, 84, 78), width=3)
    pixels = np.asarray(photo, dtype=np.float32)
    light = np.linspace(1.06, 0.86, width, dtype=np.float32)[None, :, None]  # lit from the left
    photo = Image.fromarray(np.clip(pixels * light, 0, 255).astype(np.uint8), "RGB")
    image.paste(photo.filter(ImageFilter.GaussianBlur(1.8)), (x0, y0))


def draw_fingerprint(image: Image.Image, box: tuple[int, int, int, int], rng: random.Random) -> None:
    """A fingerprint blob: curved ridges in an oval, darker towards the middle, fading out."""
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    cx, cy = width / 2 + rng.uniform(-8, 8), height * rng.uniform(0.42, 0.55)
    dx, dy = (xs - cx) / (width * 0.42), (ys - cy) / (height * 0.47)
    distance = np.sqrt(dx * dx + dy * dy)
    bend = 0.18 * np.sin(3 * np.arctan2(dy, dx) + rng.uniform(0, 6.28))
    ridges = 0.5 + 0.5 * np.sin((distance + bend * distance) * rng.uniform(55, 70))
    fade = np.clip(1.3 - distance, 0, 1) ** 0.7
    darkness = ridges * fade * rng.uniform(0.55, 0.8)
    region = np.asarray(image.crop(box), dtype=np.float32)
    inked = region * (1 - darkness[..., None] * np.array([0.85, 0.85, 0.8], np.float32))
    image.paste(Image.fromarray(cv2.GaussianBlur(inked, (0, 0), 0.8).astype(np.uint8), "RGB"), (x0, y0))


def draw_chip(image: Image.Image, box: tuple[int, int, int, int]) -> None:
    """The chip's gold contact pad with its six contacts."""
    x0, y0, x1, y1 = box
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(box, radius=(x1 - x0) // 7, fill=(214, 178, 92), outline=(140, 110, 50), width=3)
    mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
    for y in ((y0 + mid_y) / 2, mid_y, (mid_y + y1) / 2):
        draw.line((x0, y, x1, y), fill=(140, 110, 50), width=2)
    draw.line((mid_x, y0 + (y1 - y0) * 0.2, mid_x, y1 - (y1 - y0) * 0.2), fill=(140, 110, 50), width=2)
    draw.rounded_rectangle((mid_x - (x1 - x0) * 0.16, y0 + (y1 - y0) * 0.3, mid_x + (x1 - x0) * 0.16,
                            y1 - (y1 - y0) * 0.3), radius=6, outline=(140, 110, 50), width=2)

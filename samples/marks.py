"""Marks that are not typed text: the dossier QR code, signature scribbles, red round seals."""

from __future__ import annotations

import math
import random

import numpy as np
import segno
from PIL import Image, ImageChops, ImageDraw

from samples.sheet import load_font

SEAL_RED = (196, 32, 44)
PEN_BLUE = (28, 46, 138)


def qr_modules(text: str) -> np.ndarray:
    """The QR symbol of exactly ``text`` as a bool array (True = dark), quiet zone included."""
    matrix = np.array(segno.make_qr(text, error="m", boost_error=False).matrix, dtype=bool)
    return np.pad(matrix, 4, constant_values=False)


def draw_qr(image: Image.Image, text: str, *, right: int, top: int, size_px: int) -> int:
    """Paste the QR code of ``text`` with its top-right corner at (right, top), at most
    ``size_px`` wide including the quiet zone; return its width."""
    modules = qr_modules(text)
    module_px = max(1, size_px // modules.shape[0])
    pixels = np.kron(~modules, np.ones((module_px, module_px), dtype=bool)).astype(np.uint8) * 255
    symbol = Image.fromarray(pixels, "L")
    if image.mode == "RGB":
        symbol = symbol.convert("RGB")
    image.paste(symbol, (right - symbol.width, top))
    return symbol.width


def catmull_rom(points: list[tuple[float, float]], samples: int = 14) -> list[tuple[float, float]]:
    path = []
    padded = [points[0], *points, points[-1]]
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = (np.array(p) for p in padded[i - 1:i + 3])
        for t in np.linspace(0, 1, samples, endpoint=False):
            t2, t3 = t * t, t * t * t
            point = 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t3)
            path.append((float(point[0]), float(point[1])))
    path.append(points[-1])
    return path


def draw_signature(image: Image.Image, box: tuple[int, int, int, int], rng: random.Random) -> None:
    """A handwritten-looking scribble inside ``box``: a looping stroke and a swoosh under it."""
    x0, y0, x1, y1 = box
    ink = PEN_BLUE if image.mode == "RGB" else 45
    width = rng.randint(4, 6)
    draw = ImageDraw.Draw(image)
    count = rng.randint(7, 11)
    xs = sorted(rng.uniform(x0, x1 - (x1 - x0) * 0.2) for _ in range(count))
    points = [(x, rng.uniform(y0, y1 - (y1 - y0) * 0.3)) for x in xs]
    for index in range(1, len(points) - 1, 3):  # a loop back now and then, as a pen does
        x, y = points[index]
        points[index] = (x - rng.uniform(20, 60), y + rng.uniform(-30, 30))
    draw.line(catmull_rom(points), fill=ink, width=width, joint="curve")
    swoosh_y = y1 - (y1 - y0) * rng.uniform(0.1, 0.25)
    swoosh = [(x0 + (x1 - x0) * 0.15, swoosh_y + 12), ((x0 + x1) / 2, swoosh_y - 10), (x1, swoosh_y - rng.uniform(10, 40))]
    draw.line(catmull_rom(swoosh), fill=ink, width=width - 1, joint="curve")


def star_points(cx: float, cy: float, radius: float, turn: float) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.4
        angle = turn + k * math.pi / 5
        points.append((cx + r * math.sin(angle), cy - r * math.cos(angle)))
    return points


def seal_mask(diameter: int, ring_text: str, rng: random.Random) -> Image.Image:
    """The seal's ink as an L mask: a double ring, the unit's name running clockwise round
    300 degrees of it from the bottom left, a small star closing the ring, a star in the middle."""
    size = diameter + 8
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    c, r = size / 2, diameter / 2
    draw.ellipse((c - r, c - r, c + r, c + r), outline=255, width=max(8, diameter // 50))
    inner = r * 0.7
    draw.ellipse((c - inner, c - inner, c + inner, c + inner), outline=255, width=4)
    text_radius = (r + inner) / 2 - 2
    font = load_font("sans", "bold", round((r - inner) * 0.5))
    widths = [font.getlength(char) for char in ring_text]
    arc = math.radians(300) * text_radius
    spacing = max(0.0, (arc - sum(widths)) / max(1, len(ring_text) - 1))
    turn = math.radians(rng.uniform(-20, 20))
    angle = math.radians(210) + turn
    glyph_box = font.size * 2
    for char, width in zip(ring_text, widths):
        half = (width / 2) / text_radius
        angle += half
        if char != " ":
            glyph = Image.new("L", (glyph_box, glyph_box), 0)
            ImageDraw.Draw(glyph).text((glyph_box / 2, glyph_box / 2), char, font=font, fill=255, anchor="mm")
            glyph = glyph.rotate(-math.degrees(angle), resample=Image.Resampling.BILINEAR)
            x = round(c + text_radius * math.sin(angle) - glyph_box / 2)
            y = round(c - text_radius * math.cos(angle) - glyph_box / 2)
            region = mask.crop((x, y, x + glyph_box, y + glyph_box))
            mask.paste(ImageChops.lighter(region, glyph), (x, y))
        angle += half + spacing / text_radius
    bottom = math.pi + turn
    small_star = star_points(c + text_radius * math.sin(bottom), c - text_radius * math.cos(bottom), font.size * 0.45, bottom)
    draw.polygon(small_star, fill=255)
    draw.polygon(star_points(c, c, r * 0.3, turn), fill=255)
    return mask


def stamp_seal(image: Image.Image, center: tuple[int, int], diameter: int, ring_text: str, rng: random.Random) -> None:
    """Press a red round seal on an RGB page: ink multiplies the paper, so text shows through,
    and the pressure is uneven."""
    mask = np.asarray(seal_mask(diameter, ring_text, rng), dtype=np.float32) / 255
    noise_rng = np.random.default_rng(rng.getrandbits(32))
    pressure = noise_rng.uniform(0.6, 1.15, size=(8, 8)).astype(np.float32)
    pressure = np.asarray(Image.fromarray(pressure).resize(mask.shape[::-1], Image.Resampling.BICUBIC))
    alpha = np.clip(mask * pressure * rng.uniform(0.85, 1.0), 0, 1)[..., None]
    size = mask.shape[0]
    x0, y0 = center[0] - size // 2, center[1] - size // 2
    page = np.asarray(image.crop((x0, y0, x0 + size, y0 + size)), dtype=np.float32)
    tint = np.array(SEAL_RED, dtype=np.float32) / 255
    stamped = page * (1 - alpha + alpha * tint)
    image.paste(Image.fromarray(stamped.clip(0, 255).astype(np.uint8), "RGB"), (x0, y0))

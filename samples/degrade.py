"""What a desk scanner does to a paper: tone, faded toner, bleed-through, dust, skew, blur,
resolution, lid borders, sensor noise, speckle, a wrong-way feed, and fax-mode thresholding.

``choose_defects`` draws a page's defects for a degradation level, ``defect_names`` names
them for the ground truth; ``scan_page`` applies them to an upright 300 dpi render. Skew
is counter-clockwise degrees (PIL's ``rotate`` sense); ``rotation`` is the clockwise
quarter turn the page image ends up with.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np
from PIL import Image

from samples.sheet import DPI


class Level(StrEnum):
    CLEAN = "clean"
    MILD = "mild"
    HARD = "hard"


@dataclass(frozen=True, slots=True)
class LevelSpec:
    """The ranges a level draws page defects from."""

    max_skew: float
    turn_rate: float  # share of pages fed the wrong way round
    tone: tuple[int, int]  # paper brightness range
    fade: tuple[float, float]  # ink darkness kept on ordinary pages, 1 = full black
    fade_rate: float  # share of content pages printed with faded toner
    faded: tuple[float, float]  # ink darkness kept on faded pages
    uneven: tuple[float, float]  # how much lighter a faded page's streaks and patches get
    blur: tuple[float, float]  # gaussian sigma, px at 300 dpi
    noise: tuple[float, float]  # gaussian sigma, gray levels
    speckle_rate: float  # share of pages with salt-and-pepper
    bleed_rate: float  # share of content pages with show-through from the other side
    bleed: tuple[float, float]  # darkness of show-through
    border_rate: float  # share of pages with a dark scanner-lid band


LEVELS = {
    Level.CLEAN: LevelSpec(0.0, 0.0, (255, 255), (1.0, 1.0), 0.0, (1.0, 1.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0),
                           0.0, 0.0, (0.0, 0.0), 0.0),
    Level.MILD: LevelSpec(3.0, 0.12, (236, 250), (0.88, 1.0), 0.12, (0.72, 0.85), (0.08, 0.16), (0.0, 0.6),
                          (0.8, 2.0), 0.0, 0.12, (0.02, 0.045), 0.25),
    Level.HARD: LevelSpec(8.0, 0.15, (215, 240), (0.5, 0.75), 1.0, (0.5, 0.75), (0.1, 0.25), (0.9, 1.6),
                          (5.0, 9.0), 0.5, 0.5, (0.06, 0.14), 0.35),
}


@dataclass(frozen=True, slots=True)
class PageDefects:
    rotation: int = 0  # clockwise quarter turn in the file: 0/90/180/270
    skew_deg: float = 0.0  # counter-clockwise
    tone: float = 255.0
    warm: bool = False  # a yellowish tint on colour pages
    fade: float = 1.0
    uneven_fade: float = 0.0  # faded toner: light streaks along the feed and lighter patches, 0..1
    blur: float = 0.0
    noise: float = 0.0
    speckle: float = 0.0  # share of pixels flipped to black or white
    bleed: float = 0.0  # darkness of show-through, 0..1
    borders: tuple[tuple[str, int], ...] = ()  # (edge, width px at 300 dpi)
    specks: int = 0  # dust specks


def choose_rotation(rng: random.Random, turn_rate: float) -> int:
    if rng.random() >= turn_rate:
        return 0
    return rng.choice((90, 180, 180, 270))


def choose_borders(rng: random.Random, rate: float) -> tuple[tuple[str, int], ...]:
    if rng.random() >= rate:
        return ()
    edges = rng.sample(("top", "bottom", "left", "right"), rng.choice((1, 1, 2)))
    return tuple((edge, rng.randint(20, 80)) for edge in edges)


def choose_defects(level: Level, rng: random.Random, *, blank: bool = False) -> PageDefects:
    """Defects for one page. A blank back always gets paper tone and dust, even at the clean
    level, and some sensor noise above it: a scanned back, not an empty image."""
    spec = LEVELS[level]
    skew = (round(rng.uniform(-spec.max_skew, spec.max_skew) * rng.choice((0.3, 1.0)), 2) or 0.0) if spec.max_skew else 0.0
    noise = rng.uniform(*spec.noise)
    faded = not blank and rng.random() < spec.fade_rate
    return PageDefects(
        rotation=choose_rotation(rng, spec.turn_rate),
        skew_deg=skew,
        tone=float(rng.randint(*spec.tone)) if not blank else float(rng.randint(min(spec.tone[0], 244), 252)),
        warm=rng.random() < 0.5,
        fade=rng.uniform(*(spec.faded if faded else spec.fade)),
        uneven_fade=rng.uniform(*spec.uneven) if faded else 0.0,
        blur=rng.uniform(*spec.blur),
        noise=max(noise, 1.2) if (blank and level is not Level.CLEAN) else noise,
        speckle=rng.uniform(0.0005, 0.002) if rng.random() < spec.speckle_rate else 0.0,
        bleed=rng.uniform(*spec.bleed) if (not blank and rng.random() < spec.bleed_rate) else 0.0,
        borders=choose_borders(rng, spec.border_rate),
        specks=rng.randint(2, 12) if (blank or level is not Level.CLEAN) else 0,
    )


def defect_names(defects: PageDefects) -> list[str]:
    """What the scan did to a page, in words a report can group by."""
    flags = (
        ("turned", defects.rotation != 0), ("skew", defects.skew_deg != 0), ("faded_toner", defects.uneven_fade > 0),
        ("bleed_through", defects.bleed > 0), ("blur", defects.blur >= 0.5), ("noise", defects.noise >= 3.0),
        ("speckle", defects.speckle > 0), ("lid_border", bool(defects.borders)), ("dust", defects.specks > 0),
    )
    return [name for name, applied in flags if applied]


def back_of(front: PageDefects, level: Level, rng: random.Random) -> PageDefects:
    """A duplex back: the same sheet, so the same feed, seen from the other side (the quarter
    turn and the skew mirror), with its own tone, noise and dust."""
    own = choose_defects(level, rng, blank=True)
    return PageDefects(
        rotation=(360 - front.rotation) % 360, skew_deg=-front.skew_deg or 0.0, tone=own.tone, warm=own.warm,
        fade=1.0, blur=front.blur, noise=own.noise, speckle=front.speckle,
        bleed=rng.uniform(0.04, 0.09) if rng.random() < 0.6 else 0.0, borders=own.borders, specks=own.specks,
    )


def toner_map(shape: tuple[int, int], uneven: float, noise_rng: np.random.Generator) -> np.ndarray:
    """Share of the ink a worn toner cartridge still lays down, per pixel: light streaks
    along the feed (the drum's worn bands) and broad lighter patches, at most ``uneven`` lighter."""
    height, width = shape
    streaks = noise_rng.random(48).astype(np.float32) ** 3  # mostly dark, a few light bands
    streaks = cv2.resize(streaks[None, :], (width, 1), interpolation=cv2.INTER_CUBIC)
    patches = noise_rng.random((6, 4)).astype(np.float32)
    patches = cv2.resize(patches, (width, height), interpolation=cv2.INTER_CUBIC)
    lighter = np.clip(0.55 * streaks + 0.45 * patches, 0.0, 1.0)
    return 1.0 - uneven * lighter


def show_through(source: Image.Image, strength: float) -> np.ndarray:
    """Darkness (0..255 float) of ``source`` seen through the paper: mirrored, soft, faint."""
    gray = np.asarray(source.convert("L"), dtype=np.float32)
    small = cv2.resize(255 - gray, (gray.shape[1] // 4, gray.shape[0] // 4), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small[:, ::-1], (0, 0), 2.0)
    return cv2.resize(small, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR) * strength


def ghost_text(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Word-shaped dark bars in lines: stands in for the print on a sheet's other side."""
    width, height = size
    canvas = np.full((height // 4, width // 4), 255, dtype=np.uint8)
    y = rng.randint(60, 90)
    while y < canvas.shape[0] - 60:
        x = rng.randint(85, 110)
        end = rng.randint(canvas.shape[1] - 140, canvas.shape[1] - 60)
        while x < end:
            word = rng.randint(12, 60)
            cv2.rectangle(canvas, (x, y), (min(x + word, end), y + 7), 0, -1)
            x += word + rng.randint(6, 10)
        y += rng.randint(20, 26)
    return Image.fromarray(cv2.resize(canvas, size, interpolation=cv2.INTER_NEAREST))


def add_specks(pixels: np.ndarray, count: int, rng: random.Random) -> None:
    height, width = pixels.shape[:2]
    for _ in range(count):
        center = (rng.randrange(width), rng.randrange(height))
        radius = rng.choice((1, 2, 2, 3, 4))
        shade = rng.randint(30, 120)
        cv2.circle(pixels, center, radius, (shade,) * 3 if pixels.ndim == 3 else shade, -1)
    if count and rng.random() < 0.3:  # a hair
        x, y = rng.randrange(width), rng.randrange(height)
        points = np.array([(x + i * 6, y + int(18 * np.sin(i / 5))) for i in range(30)], dtype=np.int32)
        cv2.polylines(pixels, [points], False, (90,) * 3 if pixels.ndim == 3 else 90, 2)


def add_borders(pixels: np.ndarray, borders: tuple[tuple[str, int], ...], scale: float, rng: random.Random) -> None:
    """Dark scanner-lid bands with a soft inner edge."""
    height, width = pixels.shape[:2]
    for edge, size_300 in borders:
        size = max(4, round(size_300 * scale))
        ramp = np.linspace(rng.uniform(15, 45), 150, 6, dtype=np.float32)
        band = np.concatenate([np.full(size - len(ramp), ramp[0], np.float32), ramp]) if size > len(ramp) else ramp[:size]
        if edge in ("top", "bottom"):
            band = band if edge == "top" else band[::-1]
            region = pixels[:size] if edge == "top" else pixels[height - size:]
            shape = (size, 1, 1) if pixels.ndim == 3 else (size, 1)
        else:
            band = band if edge == "left" else band[::-1]
            region = pixels[:, :size] if edge == "left" else pixels[:, width - size:]
            shape = (1, size, 1) if pixels.ndim == 3 else (1, size)
        np.minimum(region, band.reshape(shape), out=region)


def paper_tone(defects: PageDefects, channels: int) -> np.ndarray:
    if channels == 1:
        return np.float32(defects.tone)
    tint = (1.0, 0.985, 0.95) if defects.warm else (1.0, 1.0, 1.0)
    return np.array([defects.tone * t for t in tint], dtype=np.float32)


def scan_page(
    paper: Image.Image, defects: PageDefects, *, dpi: int, seed: int, bleed_source: Image.Image | None = None,
) -> Image.Image:
    """Scan an upright 300 dpi render: returns the page image as the scanner saves it
    (before file encoding), at ``dpi``, turned by ``defects.rotation``."""
    rng = random.Random(seed)
    noise_rng = np.random.default_rng(seed)
    pixels = np.asarray(paper, dtype=np.float32)
    channels = 3 if pixels.ndim == 3 else 1
    darkness = (255.0 - pixels) * defects.fade
    if defects.uneven_fade:
        toner = toner_map(pixels.shape[:2], defects.uneven_fade, noise_rng)
        darkness *= toner[..., None] if channels == 3 else toner
    if defects.bleed:
        ghost = show_through(bleed_source if bleed_source is not None else ghost_text(paper.size, rng), defects.bleed)
        darkness += ghost[..., None] if channels == 3 else ghost
    pixels = paper_tone(defects, channels) * (1.0 - np.clip(darkness, 0, 255) / 255.0)
    add_specks(pixels, defects.specks, rng)
    height, width = pixels.shape[:2]
    if defects.skew_deg:
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), defects.skew_deg, 1.0)
        lid = float(rng.randint(235, 255))
        pixels = cv2.warpAffine(pixels, matrix, (width, height), flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_CONSTANT, borderValue=(lid, lid, lid))
    if defects.blur:
        pixels = cv2.GaussianBlur(pixels, (0, 0), defects.blur)
    scale = dpi / DPI
    if dpi != DPI:
        pixels = cv2.resize(pixels, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    add_borders(pixels, defects.borders, scale, rng)
    if defects.noise:
        pixels += noise_rng.standard_normal(pixels.shape, dtype=np.float32) * defects.noise
    if defects.speckle:
        spots = noise_rng.random(pixels.shape[:2], dtype=np.float32)
        pixels[spots < defects.speckle / 2] = 0
        pixels[spots > 1 - defects.speckle / 2] = 255
    out = np.clip(pixels + 0.5, 0, 255).astype(np.uint8)
    if defects.rotation:
        out = np.ascontiguousarray(np.rot90(out, k=-defects.rotation // 90))
    return Image.fromarray(out, "RGB" if channels == 3 else "L")


def to_bilevel(page: Image.Image) -> Image.Image:
    """Fax-mode thresholding to a 1-bit image: halfway between paper and ink, but never so
    close to the paper that a blank back's noise turns black."""
    gray = np.asarray(page.convert("L"))
    sample = gray[::4, ::4]
    paper, ink = np.percentile(sample, 90), np.percentile(sample, 0.5)
    threshold = min((paper + ink) / 2, paper - 45)
    return Image.fromarray(gray > threshold).convert("1", dither=Image.Dither.NONE)

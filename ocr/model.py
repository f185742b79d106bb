"""Values the OCR layer produces. ``ocr/`` knows nothing of the store, web or folders."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

BBox = tuple[int, int, int, int]
"""A box in image pixels: (left, top, right, bottom), right/bottom exclusive."""


def enclosing_box(boxes: Iterable[BBox]) -> BBox:
    """The smallest box holding every one of ``boxes`` (at least one)."""
    lefts, tops, rights, bottoms = zip(*boxes)
    return min(lefts), min(tops), max(rights), max(bottoms)


def shared_width(a: BBox, b: BBox) -> int:
    """How far two boxes share their left-to-right span (negative: the gap between them)."""
    return min(a[2], b[2]) - max(a[0], b[0])


def shared_height(a: BBox, b: BBox) -> int:
    """How far two boxes share their top-to-bottom span (negative: the gap between them)."""
    return min(a[3], b[3]) - max(a[1], b[1])


def centre_within(box: BBox, area: BBox) -> bool:
    """Whether the centre of ``box`` lies in ``area`` (right and bottom exclusive)."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return area[0] <= x < area[2] and area[1] <= y < area[3]


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # NFC
    bbox: BBox
    confidence: float  # 0..1
    line: tuple[int, int, int]  # (block, paragraph, line) in reading order


def letters_in(words: Iterable[Word]) -> int:
    """How many letters and digits ``words`` hold."""
    return sum(ch.isalnum() for word in words for ch in word.text)


@dataclass(frozen=True, slots=True)
class OcrResult:
    """Words of one page in reading order, and the page text built from them."""

    words: tuple[Word, ...]
    text: str
    confidence: float  # mean word confidence, 0..1; 0 for an empty page
    width: int
    height: int

    @classmethod
    def empty(cls, width: int, height: int) -> "OcrResult":
        return cls(words=(), text="", confidence=0.0, width=width, height=height)

    def scaled(self, factor: float) -> "OcrResult":
        """The same result with every box multiplied by ``factor`` (OCR image -> archive image)."""
        def scale(box: BBox) -> BBox:
            return tuple(int(round(v * factor)) for v in box)  # type: ignore[return-value]

        words = tuple(Word(w.text, scale(w.bbox), w.confidence, w.line) for w in self.words)
        return OcrResult(words, self.text, self.confidence,
                         int(round(self.width * factor)), int(round(self.height * factor)))


@dataclass(frozen=True, slots=True)
class Orientation:
    """How far the page must be turned clockwise to stand upright."""

    rotate: int  # 0, 90, 180, 270
    confidence: float  # tesseract's orientation confidence (not 0..1)


@dataclass(frozen=True, slots=True)
class Field:
    value: str
    confidence: float  # 0..1
    bbox: BBox | None
    raw: str = ""  # the text as read, before normalisation
    warnings: tuple[str, ...] = field(default=())
    raw_confidence: float | None = None  # before calibration (ocr.calibration); None: not calibrated

    @property
    def uncalibrated_confidence(self) -> float:
        """The confidence before calibration: ``raw_confidence``, or ``confidence`` for a
        field never calibrated."""
        return self.confidence if self.raw_confidence is None else self.raw_confidence

    def as_dict(self) -> dict:
        out: dict = {"value": self.value, "confidence": round(self.confidence, 3),
                     "bbox": list(self.bbox) if self.bbox else None}
        if self.warnings:
            out["warnings"] = list(self.warnings)
        if self.raw_confidence is not None:
            out["raw_confidence"] = round(self.raw_confidence, 3)
        return out

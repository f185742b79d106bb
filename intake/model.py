"""Values that flow through the scan pipeline, from a loaded page to a dossier."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from ocr.model import Field, OcrResult


@dataclass(frozen=True, slots=True)
class SourcePage:
    """One page as loaded from a scanner file, before any cleanup.

    ``image`` is uint8, either 2-D gray (bilevel pages are 0/255 gray) or 3-D RGB.
    """

    source: str  # the file's name as given
    source_page: int  # 1-based within the file
    image: np.ndarray
    dpi: tuple[float, float]
    dpi_estimated: bool = False
    bilevel: bool = False


@dataclass(frozen=True, slots=True)
class CleanPage:
    """A page after cleanup: an archive image (colour kept) and an OCR image.

    Both show the same upright, deskewed, cropped page; the OCR image is ``ocr_scale``
    times the archive image's size.
    """

    source: str
    source_page: int
    archive: np.ndarray  # RGB where the page has colour, else gray
    ocr_image: np.ndarray  # gray, normalised, forms lines and red seals removed
    dpi: float  # of the archive image
    ocr_scale: float
    rotation: int  # clockwise quarter turn applied: 0/90/180/270
    skew_deg: float  # the skew that was corrected, degrees
    has_colour: bool
    bilevel: bool
    blank: bool


@dataclass(frozen=True, slots=True)
class Barcode:
    text: str
    format: str
    bbox: tuple[int, int, int, int]
    orientation: int = 0  # degrees the symbol is turned clockwise on the page (zxing: -180..180)


class SeparatorKind(StrEnum):
    DOSSIER_RECEIPT = "dossier_receipt"  # a receipt cover sheet naming a dossier code
    PATCH_T = "patch_t"  # a paperless-style PATCHT sheet: new dossier, no code


@dataclass(frozen=True, slots=True)
class Separator:
    kind: SeparatorKind
    dossier_code: str | None
    barcode: Barcode


class PageKind(StrEnum):
    CONTENT = "content"
    BLANK = "blank"
    SEPARATOR = "separator"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class PageImage:
    """An archive image already encoded for the PDF (JPEG, or CCITT G4 in TIFF)."""

    data: bytes
    encoding: str  # "jpeg" or "ccitt"
    width: int
    height: int
    dpi: float


@dataclass(frozen=True, slots=True)
class ProcessedPage:
    """Everything the pipeline learned about one source page."""

    source: str
    source_page: int
    kind: PageKind
    image: PageImage | None = None
    rotation: int = 0
    skew_deg: float = 0.0
    ocr: OcrResult | None = None  # boxes in archive-image pixels
    document_type: Field | None = None
    fields: dict[str, Field] = field(default_factory=dict)
    separator: Separator | None = None
    error_code: str | None = None
    error: str | None = None
    ocr_seconds: float | None = None  # wall time of the OCR engine on this page


@dataclass(frozen=True, slots=True)
class Dossier:
    """Pages that belong together: after one receipt cover sheet, or unassigned."""

    dossier_code: str | None
    pages: tuple[ProcessedPage, ...]
    separator_pages: tuple[ProcessedPage, ...] = ()
    dropped_pages: tuple[ProcessedPage, ...] = ()
    procedure_code: str | None = None

"""Separating a scanner batch into dossiers by their cover sheets.

A dossier starts with its receipt cover sheet ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
whose QR code or barcode carries the dossier code (mã hồ sơ); the code is also printed as
text, which is the fallback when the symbol does not decode. paperless-ngx-style PATCHT
sheets start a dossier without a code.

Reading a page's codes runs on every page, so it is one full-page zxing pass restricted to
the symbologies offices print; only when that finds nothing, a second pass reads dense,
code-like regions enlarged (small or printed-and-rescanned QR codes, narrow 1-D bars).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Sequence

import cv2
import numpy as np
import zxingcpp

from intake.model import Barcode, Dossier, PageKind, ProcessedPage, Separator, SeparatorKind
from ocr.cross_check import agreed_spellings, cross_check_dossier, with_cross_checks

log = logging.getLogger(__name__)

DOSSIER_CODE_PATTERN = (
    r"(?:(?:\d{2,3}\.){1,3}[A-Z]\d{2}|[A-Z]\d{2}(?:\.\d{2,3}){0,3})"
    r"-\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-\d{4,8}"
)
"""DOMAIN.md's dossier code; matched against a whole barcode value (after strip)."""

BARCODE_FORMATS = ("QRCode", "MicroQRCode", "Code128", "Code39", "Code93")
"""zxing-cpp format names read by default: what receipts and separator sheets carry.
DataMatrix and PDF417 can be added; each costs about as much as all of these together."""

TEXT_FORMAT = "text"  # Barcode.format of a dossier code read from the page's OCR text


@dataclass(frozen=True, slots=True)
class SeparationOptions:
    """How cover sheets are recognised and what is kept of them.

    ``dossier_code_pattern`` must match a whole barcode value (after strip); in page text it
    is looked for right after the "Mã hồ sơ" label.
    """

    dossier_code_pattern: str = DOSSIER_CODE_PATTERN
    separator_values: tuple[str, ...] = ("PATCHT",)  # exact barcode values: new dossier, no code
    keep_separator_pages: bool = False
    keep_blank_pages: bool = False
    read_receipts: bool = True  # OCR receipt cover sheets for their fields (applicant, mã TTHC)


# --- reading barcodes ----------------------------------------------------------------------

_DARK_LEVEL = 160  # gray level below which a pixel counts as ink when looking for code regions
_REGION_DENSITY = 70  # of 255: share of ink in a working-image pixel for it to count as dense
_REGION_MIN_MM = 6.0  # smallest side of a code region, assuming an A4-wide page
_REGION_MIN_FILL = 0.7  # small codes merge into solid blobs; words stay ragged (about 0.4-0.6)
_MAX_REGIONS = 8
_MAX_REGION_PIXELS = 1_500_000  # larger regions hold codes big enough for the first pass
_REGION_SCALE = 2.0


def read_barcodes(image: np.ndarray, formats: Sequence[str] = BARCODE_FORMATS) -> tuple[Barcode, ...]:
    """Every QR code or barcode on a page, once per (value, format), boxes in its pixels.

    ``image`` is uint8 gray or RGB. ``formats`` are zxing-cpp format names.
    """
    gray = _gray(image)
    if gray.size == 0:
        return ()
    wanted = [_zxing_format(name) for name in formats]
    found = _decode(gray, wanted)
    if not found:
        found = _decode_code_regions(gray, wanted)
        if found:
            log.debug("second pass found %d barcode(s)", len(found))
    return _unique(found)


def _gray(image: np.ndarray) -> np.ndarray:
    if image.dtype != np.uint8:
        raise ValueError(f"expected a uint8 image, got {image.dtype}")
    if image.ndim == 2:
        return np.ascontiguousarray(image)
    if image.ndim == 3 and image.shape[2] == 3:
        return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_RGBA2GRAY)
    raise ValueError(f"expected a gray or RGB image, got shape {image.shape}")


def _zxing_format(name: str) -> zxingcpp.BarcodeFormat:
    try:
        return getattr(zxingcpp.BarcodeFormat, name)
    except AttributeError:
        raise ValueError(f"unknown barcode format {name!r}") from None


def _decode(gray: np.ndarray, formats: list, origin: tuple[int, int] = (0, 0),
            scale: float = 1.0, page_size: tuple[int, int] | None = None) -> list[Barcode]:
    """zxing on ``gray``, a crop of the page taken at ``origin`` and enlarged ``scale`` times."""
    page_size = page_size or gray.shape
    results = zxingcpp.read_barcodes(gray, formats=formats, try_downscale=scale == 1.0)
    return [Barcode(text=unicodedata.normalize("NFC", result.text), format=result.format.name,
                    bbox=_page_box(result.position, origin, scale, page_size),
                    orientation=int(result.orientation))
            for result in results]


def _page_box(position, origin: tuple[int, int], scale: float,
              page_size: tuple[int, int]) -> tuple[int, int, int, int]:
    """zxing's corner points as (left, top, right, bottom) in page pixels, right/bottom exclusive."""
    corners = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    xs, ys = [p.x for p in corners], [p.y for p in corners]
    height, width = page_size
    left = origin[0] + math.floor(min(xs) / scale)
    top = origin[1] + math.floor(min(ys) / scale)
    right = origin[0] + math.ceil((max(xs) + 1) / scale)
    bottom = origin[1] + math.ceil((max(ys) + 1) / scale)
    return (int(max(0, left)), int(max(0, top)), int(min(width, right)), int(min(height, bottom)))


def _decode_code_regions(gray: np.ndarray, formats: list) -> list[Barcode]:
    """Second pass: each dense, code-like region enlarged, until one yields a code."""
    height, width = gray.shape
    for left, top, right, bottom in _code_regions(gray):
        margin = max(right - left, bottom - top) // 4 + 8
        x0, y0 = int(max(0, left - margin)), int(max(0, top - margin))
        crop = gray[y0:min(height, bottom + margin), x0:min(width, right + margin)]
        if crop.size > _MAX_REGION_PIXELS:
            continue
        enlarged = cv2.resize(crop, None, fx=_REGION_SCALE, fy=_REGION_SCALE,
                              interpolation=cv2.INTER_CUBIC)
        found = _decode(enlarged, formats, (x0, y0), _REGION_SCALE, (height, width))
        if found:
            return found
    return []


def _code_regions(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes of ink blobs that are solid and large enough to be a QR code or barcode.

    Ink is averaged down to about 70 dpi (for an A4 page), where a small code's modules merge
    into one solid blob while words stay ragged; the largest blobs come first.
    """
    height, width = gray.shape
    step = max(1, round(min(height, width) / 600))
    _, ink = cv2.threshold(gray, _DARK_LEVEL - 1, 255, cv2.THRESH_BINARY_INV)
    small = cv2.resize(ink, (max(1, width // step), max(1, height // step)), interpolation=cv2.INTER_AREA)
    dense = cv2.morphologyEx((small > _REGION_DENSITY).astype(np.uint8), cv2.MORPH_CLOSE,
                             np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(dense, connectivity=8)
    min_side = min(small.shape) * _REGION_MIN_MM / 210
    regions = []
    for x, y, w, h, area in stats[1:count]:
        if w >= min_side and h >= min_side and area >= _REGION_MIN_FILL * w * h:
            regions.append((int(area), (int(x) * step, int(y) * step, int(x + w) * step, int(y + h) * step)))
    regions.sort(key=lambda region: region[0], reverse=True)
    return [box for _, box in regions[:_MAX_REGIONS]]


def _unique(barcodes: list[Barcode]) -> tuple[Barcode, ...]:
    seen: dict[tuple[str, str], Barcode] = {}
    for barcode in barcodes:
        seen.setdefault((barcode.text, barcode.format), barcode)
    return tuple(seen.values())


# --- which codes are separators --------------------------------------------------------------

def classify_separator(barcodes: Sequence[Barcode], options: SeparationOptions) -> Separator | None:
    """A receipt's dossier code (which wins over anything else on the page), a PATCHT-like
    separator value, or None: other codes (ID card QR, ASN labels) do not separate."""
    code_pattern = re.compile(options.dossier_code_pattern)
    patch = None
    for barcode in barcodes:
        value = barcode.text.strip()
        if code_pattern.fullmatch(value):
            return Separator(SeparatorKind.DOSSIER_RECEIPT, value, barcode)
        if patch is None and value in options.separator_values:
            patch = Separator(SeparatorKind.PATCH_T, None, barcode)
    return patch


# --- a receipt found in the page's text -----------------------------------------------------

_TITLE = "giaytiepnhanhoso"  # "GIẤY TIẾP NHẬN HỒ SƠ", folded, without spaces
_TITLE_MAX_EDITS = 2  # misread, lost or extra letters forgiven in the title
_TITLE_MAX_OFFSET = 1  # letters of OCR debris skipped before the title (edits may absorb 2 more)
_LEADING_NON_LETTERS = re.compile(r"^[\W\d_]+")
_LABEL = re.compile(r"\bma[ \t]*ho[ \t]*so\b")  # "Mã hồ sơ", folded
_LABEL_TAIL = " \t:.;,"
_NOISY_SEPARATORS = re.compile(r"[ \t]*([.\-\u2010-\u2015])[ \t]*")


def find_receipt_in_text(text: str, options: SeparationOptions) -> Separator | None:
    """The receipt cover sheet recognised from its OCR text, when its QR did not decode.

    The page must carry the receipt's title at the start of a line (case, accents and a
    couple of misread letters forgiven) and "Mã hồ sơ" followed by a dossier code (spaces
    around '.' or '-' and O for 0 forgiven). A code mentioned elsewhere does not count.
    """
    text = unicodedata.normalize("NFC", text)
    folded = "".join(_fold_char(char) for char in text)  # same length: indexes carry over
    if not _has_title_line(folded):
        return None
    code = _code_after_label(text, folded, options.dossier_code_pattern)
    if code is None:
        return None
    log.debug("receipt for %s recognised from text", code)
    return Separator(SeparatorKind.DOSSIER_RECEIPT, code, Barcode(code, TEXT_FORMAT, (0, 0, 0, 0)))


def _fold_char(char: str) -> str:
    """One character without tone marks or case ("Ấ" -> "a", "Đ" -> "d"), always one long."""
    base = unicodedata.normalize("NFD", char)[0]
    if base in "đĐ":
        return "d"
    lower = base.lower()
    return lower if len(lower) == 1 else base


def _has_title_line(folded: str) -> bool:
    for line in folded.splitlines():
        letters = _LEADING_NON_LETTERS.sub("", "".join(line.split()))
        for offset in range(min(len(letters), _TITLE_MAX_OFFSET) + 1):
            start = letters[offset:offset + len(_TITLE) + _TITLE_MAX_EDITS]
            if _prefix_distance(_TITLE, start) <= _TITLE_MAX_EDITS:
                return True
    return False


def _prefix_distance(wanted: str, text: str) -> int:
    """Fewest edits turning some prefix of ``text`` into ``wanted`` (Levenshtein)."""
    previous = list(range(len(text) + 1))
    for row, char in enumerate(wanted, start=1):
        current = [row]
        for column, other in enumerate(text, start=1):
            current.append(min(previous[column] + 1, current[column - 1] + 1,
                               previous[column - 1] + (char != other)))
        previous = current
    return min(previous)


def _code_after_label(text: str, folded: str, pattern: str) -> str | None:
    code_pattern = re.compile(rf"(?:{pattern})(?!\w)")
    for label in _LABEL.finditer(folded):
        lines = text[label.end():].split("\n", 2)
        value = lines[0].lstrip(_LABEL_TAIL)
        if not value.strip() and len(lines) > 1:  # label and value in two table cells
            value = lines[1].lstrip(_LABEL_TAIL)
        value = _NOISY_SEPARATORS.sub(_tight_separator, value)
        for candidate in (value, _digits_for_letter_o(value)):
            found = code_pattern.match(candidate)
            if found:
                return found.group(0)
    return None


def _tight_separator(match: re.Match) -> str:
    """'.' or a dash of any kind, without the spaces OCR put around it."""
    return "." if match.group(1) == "." else "-"


def _digits_for_letter_o(value: str) -> str:
    """The value's first token with O read for 0 in its numeric parts ("24O419" -> "240419")."""
    token = next(iter(value.split()), "")
    return "".join(_zero_for_letter_o(part) for part in re.split(r"([.\-])", token))


def _zero_for_letter_o(part: str) -> str:
    zeroed = part.replace("O", "0").replace("o", "0")
    return zeroed if zeroed.isdigit() else part


# --- splitting the batch ---------------------------------------------------------------------

@dataclass(slots=True)
class _DossierDraft:
    """A dossier while the batch is being walked; frozen into a Dossier at the end."""

    dossier_code: str | None
    opened_by: SeparatorKind | None  # None: the pages before the first separator sheet
    pages: list[ProcessedPage] = field(default_factory=list)
    separator_pages: list[ProcessedPage] = field(default_factory=list)
    dropped_pages: list[ProcessedPage] = field(default_factory=list)

    def has_content(self) -> bool:
        return any(page.kind is PageKind.CONTENT for page in self.pages)

    def freeze(self) -> Dossier:
        return Dossier(self.dossier_code, tuple(self.pages), tuple(self.separator_pages),
                       tuple(self.dropped_pages))


def split_into_dossiers(pages: Sequence[ProcessedPage], options: SeparationOptions) -> list[Dossier]:
    """Pages in scan order grouped into dossiers, each opened by a separator sheet.

    Pages before the first separator form an unassigned dossier (code None). Blank pages
    are dropped unless kept; failed pages are always dropped; content pages stay, OCR errors
    and all. A dossier without content pages is still returned. Sheets that follow each
    other form one dossier: a receipt's code seen again (its duplex back, a rescan, even
    later in the batch) continues that code's dossier, and a separator sheet with nothing
    but blank pages since the previous one joins it (a PATCHT sheet next to a receipt
    adds nothing; a receipt after a PATCHT sheet names its dossier). Each dossier's fields
    are then checked across its pages (:func:`cross_checked`).
    """
    drafts: list[_DossierDraft] = []
    by_code: dict[str, _DossierDraft] = {}
    current: _DossierDraft | None = None
    for page in pages:
        if page.kind is PageKind.SEPARATOR:
            current = _dossier_for_separator(page, current, drafts, by_code)
            current.separator_pages.append(page)
            if options.keep_separator_pages:
                current.pages.append(page)
            continue
        if current is None:
            current = _DossierDraft(None, None)
            drafts.append(current)
        if page.kind is PageKind.FAILED or (page.kind is PageKind.BLANK and not options.keep_blank_pages):
            current.dropped_pages.append(page)
        else:
            current.pages.append(page)
    return [cross_checked(draft.freeze()) for draft in drafts]


def _dossier_for_separator(page: ProcessedPage, current: _DossierDraft | None,
                           drafts: list[_DossierDraft], by_code: dict[str, _DossierDraft]) -> _DossierDraft:
    if page.separator is None:
        raise ValueError(f"{page.source} page {page.source_page}: separator page without a separator")
    code = page.separator.dossier_code
    if code is not None and code in by_code:
        log.info("receipt %s seen again at %s page %d: same dossier", code, page.source, page.source_page)
        return by_code[code]
    adjacent = current is not None and current.opened_by is not None and not current.has_content()
    if adjacent and (code is None or current.dossier_code is None):
        if code is not None:
            current.dossier_code = code
            by_code[code] = current
        return current
    draft = _DossierDraft(code, page.separator.kind)
    drafts.append(draft)
    if code is not None:
        by_code[code] = draft
    return draft


def cross_checked(dossier: Dossier) -> Dossier:
    """The dossier with cross-page warnings on its fields (receipt applicant against the
    forms, one person's ID number and birth date), and the receipt's procedure code."""
    pages = list({id(page): page for page in dossier.separator_pages + dossier.pages}.values())
    fields = [page.fields for page in pages]
    checked_fields = with_cross_checks(fields, cross_check_dossier(fields), agreed_spellings(fields))
    checked = {id(page): dataclasses.replace(page, fields=fields) if fields != page.fields else page
               for page, fields in zip(pages, checked_fields)}
    procedure = dossier.procedure_code or next(
        (p.fields["procedure_code"].value for p in dossier.separator_pages
         if p.fields.get("procedure_code") and p.fields["procedure_code"].value), None)
    return dataclasses.replace(dossier, pages=tuple(checked[id(p)] for p in dossier.pages),
                               separator_pages=tuple(checked[id(p)] for p in dossier.separator_pages),
                               procedure_code=procedure)
